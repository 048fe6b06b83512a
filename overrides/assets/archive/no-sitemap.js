/* Material fetches sitemap.xml next to every <link rel="alternate"> (our hreflang
   and feed links) to remap language links. Our switcher already links the exact
   pages, and those requests would reach the canonical host from any mirror, a
   request per language on every page view. Refuse them before they leave.
   (A file, not an inline script: the Content-Security-Policy allows no inline code.) */
(function () {
  var open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url) {
    if (/\/sitemap\.xml$/.test(new URL(url, location.href).pathname)) {
      throw new Error("sitemap requests are disabled on this site");
    }
    return open.apply(this, arguments);
  };
})();
