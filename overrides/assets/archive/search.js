/* Header search with Pagefind's default UI.
 *
 * Pagefind loads the index of the page's language (from <html lang>), so a
 * reader on a French page gets French results only. Nothing is fetched until
 * the reader opens search: readers who never search download only this file.
 * Keyboard: "/", "s" or "f" opens search (as in Material), Escape closes it.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-archive-search]");
  if (!root) return;
  if (typeof HTMLDialogElement !== "function") {
    root.hidden = true;  // a browser without <dialog>: no search rather than a dead button
    return;
  }

  var dialog = root.querySelector("dialog");
  var mount = root.querySelector("[data-archive-search-ui]");
  var data = root.dataset;  // bundle path and interface strings, from the template
  // The template gives a page-relative path; resolving it here keeps the site
  // working on any host and under a sub-path (https://host/archive/...).
  var bundle = new URL(data.bundle, document.baseURI);
  var siteRoot = new URL("../", bundle);
  var loading = null;

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(script);
    });
  }

  function loadStyle(url) {
    return new Promise(function (resolve, reject) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      link.onload = resolve;
      link.onerror = function () { reject(new Error("could not load " + url)); };
      // Before our stylesheet, so the theme's overrides win at equal specificity.
      var ours = document.querySelector("link[data-archive-search-css]");
      if (ours) ours.parentNode.insertBefore(link, ours);
      else document.head.appendChild(link);
    });
  }

  // Pagefind shows filter keys ("topic", "year") as names: show them in the
  // page's language instead. Text nodes are edited in place so Pagefind's
  // own rendering keeps working.
  function relabel() {
    // Pagefind names its field with a title only: a label proper, for screen readers.
    var input = mount.querySelector(".pagefind-ui__search-input");
    if (input && !input.hasAttribute("aria-label")) {
      input.setAttribute("aria-label", input.getAttribute("title") || input.getAttribute("placeholder") || "");
    }
    var names = mount.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label");
    for (var i = 0; i < names.length; i++) {
      for (var node = names[i].firstChild; node; node = node.nextSibling) {
        if (node.nodeType !== Node.TEXT_NODE) continue;
        var key = node.data.trim().toLowerCase();
        var label = { topic: data.labelTopic, year: data.labelYear, author: data.labelAuthor }[key];
        if (label && node.data !== label) node.data = label;
      }
    }
  }

  // Results show the statement's date under a translated label.
  function processResult(result) {
    var date = result.meta && result.meta.date;
    if (date) {
      delete result.meta.date;
      result.meta[data.labelDate] = date;
    }
    return result;
  }

  // Pagefind's UI fetches an index chunk for every prefix while the reader
  // types ("g", "ga", "gaz"...), up to three chunks (~30 kB each) for one word
  // that the search itself, run once the reader pauses, does not need. The UI
  // imports `${bundlePath}pagefind.js`: give it Pagefind's module without that
  // preload: assets/archive/pagefind-lazy/pagefind.js (a file, not a blob:
  // URL, so the Content-Security-Policy needs no blob: for scripts).
  // Falls back to Pagefind's own path where a browser cannot import it.
  function withoutPreload() {
    var path = new URL("assets/archive/pagefind-lazy/", siteRoot).href;
    return import(path + "pagefind.js").then(
      function () { return path; },
      function () { return bundle.href; });
  }

  function start() {
    if (loading) return loading;
    loading = Promise.all([
      withoutPreload(),
      loadStyle(new URL("pagefind-ui.css", bundle).href),
      loadScript(new URL("pagefind-ui.js", bundle).href),
    ]).then(function (loaded) {
      mount.textContent = "";
      new window.PagefindUI({
        element: mount,
        bundlePath: loaded[0],
        basePath: bundle.href,
        baseUrl: siteRoot.pathname,
        showImages: false,
        showSubResults: false,
        autofocus: true,
        // Search in the page: the worker would be one more script (12 kB
        // compressed) for an index this size, which searches in milliseconds.
        noWorker: true,
        processResult: processResult,
      });
      relabel();
      new MutationObserver(relabel).observe(mount, { childList: true, subtree: true });
    }).catch(function (error) {
      loading = null;
      var status = mount.querySelector(".archive-search__status");
      if (status) status.textContent = data.labelError;
      console.error("search:", error);
    });
    return loading;
  }

  function focusInput() {
    var input = mount.querySelector(".pagefind-ui__search-input");
    if (input && dialog.open) {
      input.focus();
      input.select();
    }
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    start().then(focusInput);
  }

  // The reader is typing somewhere: a key is text, not a shortcut.
  function typing(element) {
    if (!element) return false;
    if (element.tagName === "INPUT") {
      return !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/.test(element.type);
    }
    return element.isContentEditable || /^(TEXTAREA|SELECT)$/.test(element.tagName);
  }

  root.querySelector(".archive-search__open").addEventListener("click", open);
  root.setAttribute("data-ready", "");  // search.css shows the button from now on
  root.querySelector(".archive-search__close").addEventListener("click", function () { dialog.close(); });
  // A click on the backdrop (the dialog itself, outside its frame) closes it.
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", function (event) {
    if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["/", "s", "f"].indexOf(event.key) < 0 || typing(document.activeElement)) return;
    event.preventDefault();
    open();
  });
})();
