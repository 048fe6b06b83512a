/* Header search: a dialog with the archive's search interface (search-ui.js)
 * on Pagefind's API.
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

  var labels = {
    input: data.labelInput, placeholder: data.labelSearch, clear: data.labelClear, more: data.labelMore,
    results: data.labelResults, none: data.labelNone, loading: data.labelLoading, error: data.labelError,
    topic: data.labelTopic, year: data.labelYear, author: data.labelAuthor,
  };

  // Pagefind's API, then the interface (search-ui.js), both only once search is opened.
  function start() {
    if (loading) return loading;
    loading = Promise.all([
      import(new URL("pagefind.js", bundle).href),
      import(new URL("assets/archive/search-ui.js", siteRoot).href),
    ]).then(function (loaded) {
      var pagefind = loaded[0];
      return pagefind.options({
        basePath: bundle.href,
        baseUrl: siteRoot.pathname,
        // Search in the page: the worker would be one more script (12 kB
        // compressed) for an index this size, which searches in milliseconds.
        noWorker: true,
      }).then(function () {
        loaded[1].start(mount, pagefind, labels);
      });
    }).catch(function (error) {
      loading = null;
      var status = mount.querySelector(".archive-search__status");
      if (status) status.textContent = data.labelError;
      console.error("search:", error);
    });
    return loading;
  }

  function focusInput() {
    var input = mount.querySelector(".archive-search__input");
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
