/* The search interface, on Pagefind's own API (pagefind.js), loaded by search.js
 * when the reader opens search.
 *
 * Why not Pagefind's UI: it is 30 kB compressed, most of it its translations
 * and framework, and it loads five results' fragments (the text of five
 * statements) before the reader sees the first. Here a result's fragment is
 * loaded only once the result scrolls into view, the filters only once the
 * reader opens one, and every string comes from the site's own catalogs.
 *
 * Everything shown comes from contributed text (titles, topics, names), so it
 * is put in the page as text, never as markup; the excerpt's <mark>s are
 * rebuilt as elements (see excerpt()).
 */

var PAGE_SIZE = 10;  // results listed at a time; their fragments load when seen
var DEBOUNCE_MS = 300;  // as Pagefind's UI: no search for every key typed
var FILTERS = ["topic", "year", "author"];

function element(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Pagefind's excerpt is the page's text with "<" and ">" escaped and the matched
// words in <mark>: split it into text and marks, so no other markup can pass.
function excerpt(html) {
  var out = element("p", "archive-search__excerpt");
  var parts = String(html || "").split(/(<mark>|<\/mark>)/);
  var marked = false;
  parts.forEach(function (part) {
    if (part === "<mark>") { marked = true; return; }
    if (part === "</mark>") { marked = false; return; }
    if (!part) return;
    var text = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    out.appendChild(marked ? element("mark", null, text) : document.createTextNode(text));
  });
  return out;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (whole, key) {
    return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
  });
}

export function start(mount, pagefind, labels) {
  var lang = document.documentElement.lang || undefined;
  var number = new Intl.NumberFormat(lang);
  var selected = {};  // filter name -> values checked
  var filtersLoaded = null;
  var searchId = 0;
  var timer = null;
  var shown = [];  // results of the last search, listed PAGE_SIZE at a time
  var listed = 0;

  var form = element("form", "archive-search__form");
  form.setAttribute("role", "search");
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var label = element("label", "archive-search__label", labels.input);
  label.htmlFor = "archive-search-input";
  var input = element("input", "archive-search__input");
  input.id = "archive-search-input";
  input.type = "text";
  input.placeholder = labels.placeholder;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("autocapitalize", "none");
  input.setAttribute("enterkeyhint", "search");
  var clear = element("button", "archive-search__clear", labels.clear);
  clear.type = "button";
  clear.hidden = true;
  form.append(label, input, clear);

  var filters = element("div", "archive-search__filters");
  var status = element("p", "archive-search__status");
  status.setAttribute("role", "status");
  var results = element("ol", "archive-search__results");
  var more = element("button", "archive-search__more", labels.more);
  more.type = "button";
  more.hidden = true;
  mount.replaceChildren(form, filters, status, results, more);

  // Filter groups are listed at once (their names are known), their values
  // fetched when the reader first opens one: most searches use none.
  FILTERS.forEach(function (name) {
    var group = element("details", "archive-search__filter");
    group.dataset.filter = name;
    var summary = element("summary", "archive-search__filter-name", labels[name]);
    var values = element("fieldset", "archive-search__filter-values");
    values.appendChild(element("legend", "archive-search__filter-legend", labels[name]));
    group.append(summary, values);
    group.addEventListener("toggle", function () {
      if (group.open) loadFilters();
    });
    filters.appendChild(group);
  });

  function loadFilters() {
    if (!filtersLoaded) {
      filtersLoaded = pagefind.filters().then(function (all) {
        showFilters(all, all);
        if (input.value.trim()) search();  // counts for the search on screen
      });
    }
    return filtersLoaded;
  }

  // `counts`: each value's results for the search on screen; `all`: every value.
  function showFilters(counts, all) {
    filters.querySelectorAll(".archive-search__filter").forEach(function (group) {
      var name = group.dataset.filter;
      var values = group.querySelector("fieldset");
      var known = (all && all[name]) || {};
      var counted = (counts && counts[name]) || {};
      Object.keys(known).forEach(function (value) {
        var box = values.querySelector('input[data-value="' + CSS.escape(value) + '"]');
        if (!box) {
          var row = element("label", "archive-search__filter-value");
          box = element("input", "archive-search__filter-checkbox");
          box.type = "checkbox";
          box.name = name;
          box.value = value;
          box.dataset.value = value;
          box.addEventListener("change", function () {
            var list = selected[name] || [];
            selected[name] = this.checked ? list.concat([value]) : list.filter(function (v) { return v !== value; });
            search();
          });
          row.append(box, element("span", "archive-search__filter-label", value), element("span", "archive-search__filter-count"));
          values.appendChild(row);
        }
        var count = Object.prototype.hasOwnProperty.call(counted, value) ? counted[value] : known[value];
        box.parentNode.querySelector(".archive-search__filter-count").textContent = "(" + number.format(count) + ")";
      });
    });
  }

  function chosen() {
    var out = {};
    Object.keys(selected).forEach(function (name) {
      if (selected[name].length) out[name] = { any: selected[name] };
    });
    return out;
  }

  function search() {
    var id = ++searchId;
    var term = input.value.trim();
    var filtered = Object.keys(chosen()).length > 0;
    clear.hidden = !input.value;
    if (!term && !filtered) {
      show(id, term, null);
      return Promise.resolve();
    }
    status.textContent = labels.loading;
    // A null term with filters lists every statement that has them.
    return pagefind.search(term || null, { filters: chosen() }).then(function (found) {
      show(id, term, found);
    }, function (error) {
      if (id === searchId) status.textContent = labels.error;
      console.error("search:", error);
    });
  }

  function show(id, term, found) {
    if (id !== searchId) return;  // a later search is on its way
    results.replaceChildren();
    shown = found ? found.results : [];
    listed = 0;
    if (!found) status.textContent = "";
    else if (!shown.length) status.textContent = fill(labels.none, { term: term });
    else status.textContent = fill(labels.results, { count: number.format(shown.length) });
    if (found && filtersLoaded) showFilters(found.filters, found.totalFilters);
    listMore();
  }

  // Placeholders first; a result's fragment (its statement's text, ~12 kB) is
  // fetched once its placeholder is in view in the dialog. The first is fetched
  // alone: once shown, its height is every placeholder's, so that the next ones
  // fetched are those a reader sees, on any screen, not those that short
  // placeholders let into view.
  var dialog = mount.closest("dialog");
  var measured = false;
  var seen = new IntersectionObserver(loadVisible, { root: dialog });

  function inView(item) {
    var box = item.getBoundingClientRect(), view = dialog.getBoundingClientRect();
    return box.bottom > view.top && box.top < view.bottom;
  }

  function loadVisible() {
    var waiting = Array.prototype.filter.call(results.querySelectorAll(".archive-search__result[aria-busy]"),
      function (item) { return !item.loading && inView(item); });
    if (!measured && waiting.length) waiting = waiting.slice(0, 1);
    waiting.forEach(function (item) {
      seen.unobserve(item);
      item.loading = render(item).then(function () {
        if (measured) return;
        measured = true;
        results.style.setProperty("--archive-search-result-height", item.offsetHeight + "px");
        loadVisible();
      });
    });
  }

  function listMore() {
    shown.slice(listed, listed + PAGE_SIZE).forEach(function (result) {
      var item = element("li", "archive-search__result");
      item.setAttribute("aria-busy", "true");
      item.appendChild(element("span", "archive-search__placeholder-line"));
      item.result = result;
      results.appendChild(item);
      seen.observe(item);
    });
    listed = Math.min(shown.length, listed + PAGE_SIZE);
    more.hidden = listed >= shown.length;
  }

  function render(item) {
    return item.result.data().then(function (data) {
      var meta = data.meta || {};
      var title = element("p", "archive-search__result-title");
      var link = element("a", "archive-search__result-link", meta.title || data.url);
      link.href = data.url;
      title.appendChild(link);
      var parts = [title];
      // The date as the statement page words it ("on or after…" when only a bound is known).
      if (meta.date) parts.push(element("p", "archive-search__result-date", meta.date));
      parts.push(excerpt(data.excerpt));
      item.replaceChildren.apply(item, parts);
    }, function (error) {
      item.replaceChildren(element("p", "archive-search__excerpt", labels.error));
      console.error("search:", error);
    }).then(function () {
      item.removeAttribute("aria-busy");  // shown, or its error: no longer waiting either way
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    clear.hidden = !input.value;
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  clear.addEventListener("click", function () {
    input.value = "";
    search();
    input.focus();
  });
  more.addEventListener("click", function () {
    var next = results.children.length;
    listMore();
    // Keyboard readers continue at the first new result.
    var first = results.children[next];
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus();
    }
  });
  return input;
}
