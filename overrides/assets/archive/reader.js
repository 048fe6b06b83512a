/* What a reading page needs of Material's JavaScript, without its 35 kB bundle
 * (overrides/base.html does not load it): the light/dark palette toggle.
 *
 * Everything else a reader uses works without script: the navigation drawer and
 * the language list are CSS (a checkbox, :focus-within), search has its own file
 * (search.js). The choice is stored the way Material stores it (__md_set
 * "__palette", under the site's scope), so Material's inline palette script in
 * the header applies a stored choice before the first paint of the next page.
 * Without a stored choice the reader's system preference decides
 * (prefers-color-scheme), as Material does.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-md-component=palette]");
  if (!form) return;
  var inputs = [].slice.call(form.querySelectorAll("input.md-option"));
  if (!inputs.length) return;

  function stored() {
    try {
      return window.__md_get ? window.__md_get("__palette") : null;
    } catch (error) {
      return null;  // storage refused (privacy settings): no stored choice
    }
  }

  function initial() {
    var saved = stored();
    if (saved && inputs[saved.index]) return inputs[saved.index];
    for (var i = 0; i < inputs.length; i++) {
      var media = inputs[i].getAttribute("data-md-color-media");
      if (media && window.matchMedia && matchMedia(media).matches) return inputs[i];
    }
    return inputs[0];
  }

  function apply(input) {
    input.checked = true;
    // The new colours at once: Material's colour transitions would show every
    // element fading (and be measured mid-fade) after a switch.
    var root = document.documentElement;
    root.classList.add("archive-palette-switch");
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { root.classList.remove("archive-palette-switch"); });
    });
    // One toggle shows: the label after the checked option (it switches to the next).
    inputs.forEach(function (option) {
      var label = option.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = !option.checked;
    });
    ["scheme", "primary", "accent"].forEach(function (key) {
      var value = input.getAttribute("data-md-color-" + key);
      if (value) document.body.setAttribute("data-md-color-" + key, value);
    });
  }

  function save(input) {
    if (!window.__md_set) return;
    window.__md_set("__palette", {
      index: inputs.indexOf(input),
      color: {
        media: input.getAttribute("data-md-color-media"),
        scheme: input.getAttribute("data-md-color-scheme"),
        primary: input.getAttribute("data-md-color-primary"),
        accent: input.getAttribute("data-md-color-accent"),
      },
    });
  }

  // Material's template hides the toggles until a script can make them work.
  // The scheme is stored on the first visit too, as Material does: the next pages
  // then paint in it from the start (the header's inline palette script).
  var first = initial();
  apply(first);
  if (!stored()) save(first);
  form.setAttribute("data-ready", "");  // archive.css: the toggle's place was kept until now
  form.addEventListener("change", function (event) {
    if (inputs.indexOf(event.target) < 0) return;
    apply(event.target);
    save(event.target);
  });
  // A toggle, not a list of choices: Enter and Space switch to the next scheme
  // (arrow keys, a radio group's own keys, still work).
  form.addEventListener("keydown", function (event) {
    var index = inputs.indexOf(event.target);
    if (index < 0 || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    var next = inputs[(index + 1) % inputs.length];
    apply(next);
    save(next);
    next.focus();
  });
})();
