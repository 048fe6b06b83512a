"""Saved web pages: footnotes as CMSs write them become the archive's footnotes."""
from __future__ import annotations

from conftest import build, copy_project, run, write
from selectolax.lexbor import LexborHTMLParser

PAGE = """<html lang="en"><body><nav>Menu</nav><article><h1>On the siege</h1>
<p>The siege began in October<sup><a href="#fn1" id="ref1">1</a></sup> and goes on<a href="#note-2">[2]</a>.</p>
<p>See <a href="#sec">the next section</a>.</p>
<h2 id="sec">Demands</h2><p>End it.</p>
<hr><h2>Notes</h2>
<ol class="footnotes"><li id="fn1">Reported by the UN. <a href="#ref1">↩</a></li>
<li><a id="note-2"></a>According to <em>witnesses</em>.</li></ol></article></body></html>
"""


def test_linked_notes_become_footnotes(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    run(["archive", "import", str(write(tmp_path / "siege.html", PAGE)), "--date", "2024-10-28", "--topics", "gaza"],
        project)
    text = (project / "docs/en/statements/on-the-siege.md").read_text("utf-8")
    assert text.endswith("---\n\nThe siege began in October[^1] and goes on[^2].\n\nSee the next section.\n\n"
                         "## Demands\n\nEnd it.\n\n[^1]: Reported by the UN.\n\n[^2]: According to *witnesses*.\n"), text
    build(project, tmp_path / "site")
    tree = LexborHTMLParser((tmp_path / "site/statements/on-the-siege/index.html").read_text("utf-8"))
    notes = [" ".join(li.text().replace("↩", "").split()) for li in tree.css(".footnote li")]
    assert notes == ["Reported by the UN.", "According to witnesses."]
