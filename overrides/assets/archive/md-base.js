/* Material's inline base script (partials/javascripts/base.html), from a file so
 * the Content-Security-Policy needs no hash for it. The scope is the site root:
 * two levels up from this file (assets/archive/), which is what Material's
 * base_url resolves to, unless extra.scope is set (data-scope). */
(function (script) {
  var scope = script.getAttribute("data-scope");
  window.__md_scope = scope ? new URL(scope, location) : new URL("../../", script.src);
  window.__md_hash = function (e) {
    return [].slice.call(e).reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0);
  };
  window.__md_get = function (e, _, t) {
    _ = _ || localStorage; t = t || window.__md_scope;
    return JSON.parse(_.getItem(t.pathname + "." + e));
  };
  window.__md_set = function (e, _, t, a) {
    t = t || localStorage; a = a || window.__md_scope;
    try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (err) {}
  };
})(document.currentScript);
