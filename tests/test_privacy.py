"""No third-party requests: a static check of the built site, and its negative cases."""
from __future__ import annotations

from conftest import REPO, run, write

from statements_archive.checks import privacy


def test_built_site_requests_nothing_from_other_hosts(built_site):
    result = run(["archive", "check", "privacy", "--site", str(built_site)], REPO, check=False)
    assert result.returncode == 0, result.stdout


def test_remote_resources_are_reported(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "\n".join([
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="alternate" hreflang="fr" href="https://archive.example.org/fr/">',
        '<script src="//cdn.example.com/x.js"></script>',
        '<img srcset="/local.png 1x, https://tracker.example.net/p.gif 2x">',
        '<a href="https://www.thelancet.com/">a source link is fine</a>',
    ]))
    write(site / "a.css", "@font-face { src: url('https://fonts.gstatic.com/x.woff2') }\n.ok { background: url(img.png) }")
    write(site / "b.js", "fetch('https://analytics.example.org/hit')")
    found = {(p.path, p.line) for p in privacy.check_site(site, "https://archive.example.org/")}
    assert found == {("index.html", 1), ("index.html", 3), ("index.html", 4), ("a.css", 1), ("b.js", 1)}
