/* Paragraph permalinks across languages.
   Every block of a statement is #p-N in every language version. When the address
   points into block N (its ¶ link, a heading, a citation), the links to the other
   language versions and the "cite this paragraph" line follow it. Without this
   script the links still lead to the right page, only without the paragraph. */
(function () {
  "use strict";

  function blockOf(hash) {
    if (!hash || hash.length < 2) return null;
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { return null; }
    var target = document.getElementById(id);
    var block = target && target.closest("[data-block]");
    return block ? block.getAttribute("data-block") : null;
  }

  // Links to this statement in another language: the switcher, the
  // "available in" list, the notice's link to the original, side by side.
  function languageLinks() {
    return document.querySelectorAll(
      "a.md-select__link[hreflang]:not(.archive-missing), .statement-languages a[hreflang], " +
      ".archive-notice a[hreflang], a[data-archive-keep-paragraph]");
  }

  function update() {
    var n = blockOf(location.hash);
    languageLinks().forEach(function (link) {
      var base = link.href.split("#")[0];
      link.href = n ? base + "#p-" + n : base;
    });
    var cite = document.querySelector("[data-archive-cite-paragraph]");
    if (cite) {
      var url = cite.querySelector("a");
      var number = cite.querySelector("[data-archive-paragraph-number]");
      if (n && url && number) {
        url.href = url.textContent = location.href.split("#")[0] + "#p-" + n;
        number.textContent = n;
        cite.hidden = false;
      } else {
        cite.hidden = true;
      }
    }
  }

  window.addEventListener("hashchange", update);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
