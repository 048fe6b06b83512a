"""The output gate and the Content-Security-Policy in every build (statements_archive.checks.output_gate).

Each written page is parsed once and checked against the policy; a build with
a problem fails after the language is written, listing every problem. The
contributed data files (catalogs, labels, mkdocs.yml) are checked when the
configuration loads (statements_archive.checks.catalogs), so a bad catalog
string fails the build with its file and line before anything renders.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from statements_archive.build import phases
from statements_archive.checks import catalogs, output_gate, privacy, report
from statements_archive.site import csp

_state: dict = {"problems": [], "data_key": None, "assets_checked": False}


def _fingerprint(root: Path) -> tuple:
    files = [root / "mkdocs.yml", *sorted((root / "translations").rglob("*.po")),
             *sorted((root / "translations").glob("*.y*ml"))]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


@event_priority(90)  # before the archive hook loads the content: bad data stops the build first
def on_config(config):
    root = Path(config.config_file_path).parent
    key = _fingerprint(root)
    if _state["data_key"] != key:
        languages = [lang.locale for lang in config.plugins["i18n"].config.languages]
        found = report.errors(catalogs.check_project(root, languages))
        if found:
            raise PluginError("contributed data files carry markup or wrong placeholders:\n"
                              + report.format_problems(found))
        _state["data_key"] = key
    _state["policy"] = output_gate.Policy.for_site(config.site_url or "")
    return config


def on_env(env, config, files):
    env.globals["archive_csp"] = csp.meta_policy()
    return env


def _check(output: str, dest: str, source, report_now: bool = True) -> bool:
    """Check one written page; True when it passed. The build fails at its end with
    what was found; a preview's problems are left to the whole build that follows it."""
    with phases.current.timing("gate"):
        found = output_gate.check_page(output, dest, _state["policy"], source)
    if report_now:
        _state["problems"].extend(found)
    return not found


def _source(page, config) -> tuple[str, str] | None:
    """The page's Markdown file (shown path, text), so problems point at its lines."""
    path = page.file.abs_src_path
    if not path:
        return None  # a generated page
    try:
        return f"{Path(config.docs_dir).name}/{page.file.src_uri}", Path(path).read_text("utf-8", errors="replace")
    except OSError:
        return None


@event_priority(-1000)  # last: the page as it is written
def on_post_page(output, page, config):
    # A page the page cache reused is the output this gate passed, under the same policy and code:
    # the cache stores only passed pages (overrides/hooks/page_cache.py), keyed by every input.
    if getattr(page, "_archive_page", [""])[0] == "hit":
        return output
    page._archive_gate_passed = _check(output, page.file.dest_uri, lambda: _source(page, config),
                                       report_now=not getattr(page, "_archive_preview", False))
    return output


@event_priority(100)  # before the archive hook writes other languages' 404 pages itself
def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):
        lang = config.plugins["i18n"].current_language
        _check(output, template_name if lang == config.plugins["i18n"].default_language else f"{lang}/{template_name}",
               None)
    return output


@event_priority(90)  # before mkdocs-static-i18n (-100) builds the next language
def on_post_build(config):
    if not _state["assets_checked"]:  # stylesheets and scripts: the same files in every language
        site = Path(config.site_dir)
        host = output_gate.Policy.for_site(config.site_url or "").site_host
        _state["problems"].extend(p for path in sorted(site.rglob("*")) if path.suffix in (".css", ".js")
                                  for p in privacy.check_file(path, path.relative_to(site).as_posix(), host))
        _state["assets_checked"] = True
    found, _state["problems"] = _state["problems"], []
    if found:
        raise PluginError("the built pages break the site's security policy (statements_archive.checks."
                          "output_gate):\n" + report.format_problems(found))


def on_build_error(error):
    _state["problems"] = []
