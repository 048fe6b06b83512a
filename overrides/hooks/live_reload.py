"""`mkdocs serve`'s live reload under the site's Content-Security-Policy.

MkDocs puts its reload script inline into every page it serves, with the
build's epoch in it. The site's policy (statements_archive.site.csp) allows no
inline script it has not hashed, so the browser refused it: a page open in
`mkdocs serve` never reloaded after an edit. The server now inserts a
`<script src>` of the site's own origin instead, which the policy allows, and
answers that script's path itself. Pages as built are unchanged: this is only
what the preview server sends, as MkDocs' own script was.
"""
from __future__ import annotations

import types

from mkdocs import livereload

PATH = "/.archive-livereload.js"  # outside any mount path: MkDocs' own /livereload/ is at the root too

# MkDocs' script (mkdocs.livereload), reading its epoch and request id from its tag.
SCRIPT = b"""(function () {
  "use strict";
  var tag = document.currentScript;
  var epoch = Number(tag.dataset.epoch), requestId = tag.dataset.request;
  var request, timeout;
  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) location.reload();
      else timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + epoch + "/" + requestId);
    request.send();
  }
  function stop() {
    if (request) request.abort();
    if (timeout) clearTimeout(timeout);
    request = timeout = undefined;
  }
  window.addEventListener("load", function () { if (document.visibilityState === "visible") poll(); });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
"""


def on_serve(server, config, builder):
    server._inject_js_into_html = types.MethodType(_inject, server)
    served = server.get_app()

    def application(environ, start_response):
        if environ.get("PATH_INFO") == PATH:
            start_response("200 OK", [("Content-Type", "text/javascript; charset=utf-8"),
                                      ("Content-Length", str(len(SCRIPT))), ("Cache-Control", "no-store")])
            return [SCRIPT]
        return served(environ, start_response)

    server.set_app(application)
    return server


def _inject(server, content: bytes, epoch: int) -> bytes:
    """The page with the reload script's tag before </body>, where MkDocs puts its inline script."""
    try:
        body_end = content.rindex(b"</body>")
    except ValueError:
        body_end = len(content)
    tag = b'<script src="%b" data-epoch="%d" data-request="%d"></script>' % (
        PATH.encode(), epoch, livereload._timestamp())
    return content[:body_end] + tag + content[body_end:]
