"""Contributed data files are text: no markup, the same placeholders as the source.

Pull requests come from strangers, and interface catalogs, topic labels,
front-matter and the site configuration all end up in pages. They are
escaped wherever they go (statements_archive.translation.escaping, the
templates' ``| e``) and the output gate checks every page; this check names
the file and line, so the contributor can fix it before the build fails.

- ``translations/<lang>/LC_MESSAGES/messages.po``: a ``msgstr`` must not carry
  markup (a tag, comment or entity) that its ``msgid`` does not, and must use
  exactly the ``msgid``'s placeholders (``%(name)s``, ``%s``, ``{name}``): a
  missing or extra one either leaks a value or breaks the page. A stray ``%``
  breaks the template's formatting. Babel's own catalog checks run too.
- ``translations/*.yml`` (topics, types, authors): labels and names carry no markup.
- statement front-matter: every text field (title, summary, date note,
  corrections, source fields, translators, ...) carries no markup, and URL
  fields no ``javascript:``/``data:`` address.
- ``mkdocs.yml``: no value carries markup (site_name, site_description,
  copyright, extra, ...); URL values have no dangerous scheme.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from statements_archive.checks.report import Problem
from statements_archive.checks.safety import DANGEROUS_SCHEMES, hidden_dangerous_scheme, url_scheme

# What an HTML tokenizer reads as markup: a tag (also end tags, comments,
# <!doctype>, <?...>) or a character reference.
# (A '<' before a space or a digit is text to a browser: "a < b", "<3" stay allowed.)
MARKUP = re.compile(r"<(?:[A-Za-z!?]|/[A-Za-z])[^<>\s]*|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
NAMED = re.compile(r"%\((\w+)\)[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{(\w*)(?:![rsa])?(?::[^{}]*)?\}")
_PERCENT_OK = re.compile(r"%%|" + NAMED.pattern + "|" + POSITIONAL.pattern)
URL_KEYS = re.compile(r"(?:^|[._])(?:url|uri|href|homepage|link|favicon|logo|archive_url)$", re.IGNORECASE)


def markup(text: str) -> list[str]:
    """The markup tokens in ``text`` (normalised: '<a', '</a', '&amp;')."""
    return [re.sub(r"\s+", "", m.group(0)).lower() for m in MARKUP.finditer(text)]


def _placeholders(text: str) -> tuple[Counter, int, Counter]:
    return Counter(NAMED.findall(text)), len(POSITIONAL.findall(text)), Counter(BRACES.findall(text))


def _stray_percent(text: str) -> bool:
    return "%" in _PERCENT_OK.sub("", text)


def _short(text: str, limit: int = 60) -> str:
    text = repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --- .po catalogs -----------------------------------------------------------------

def _msgstr_lines(lines: list[str], msgid_line: int) -> list[int]:
    """File lines of the msgstr (or msgstr[n]) entries of the message whose msgid is at ``msgid_line``."""
    found = []
    for number in range(max(msgid_line - 1, 0), len(lines)):
        text = lines[number].lstrip()
        if text.startswith("msgstr"):
            found.append(number + 1)
        elif found and not text.startswith('"'):
            break
    return found


def compare(msgid: str, msgstr: str, plural_ids: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with ``msgstr`` as a translation of ``msgid`` (and its plural form)."""
    if not msgstr:
        return []
    wrong = []
    sources = (msgid, *plural_ids)
    allowed = Counter()
    for source in sources:
        allowed |= Counter(markup(source))
    extra = Counter(markup(msgstr)) - allowed
    if extra:
        wrong.append(f"carries markup its msgid does not ({', '.join(sorted(extra))}); a translation is plain "
                     "text: the page shows it as written, never as HTML")
    named, positional, braces = _placeholders(msgstr)
    want = [_placeholders(source) for source in sources]
    want_named = set().union(*(set(w[0]) for w in want))
    want_braces = set().union(*(set(w[2]) for w in want))
    if set(named) - want_named:
        wrong.append(f"uses placeholder(s) {', '.join(f'%({n})s' for n in sorted(set(named) - want_named))} "
                     f"that the msgid does not have")
    if not plural_ids and want_named - set(named):
        wrong.append(f"leaves out placeholder(s) {', '.join(f'%({n})s' for n in sorted(want_named - set(named)))}; "
                     "keep every placeholder of the msgid")
    if positional != want[0][1] and not (plural_ids and positional <= max(w[1] for w in want)):
        wrong.append(f"has {positional} positional placeholder(s) (%s, %d) where the msgid has {want[0][1]}")
    if set(braces) != want_braces and not (plural_ids and set(braces) <= want_braces):
        wrong.append(f"uses the placeholders {{{', '.join(sorted(braces))}}} where the msgid has "
                     f"{{{', '.join(sorted(want_braces))}}}")
    if _stray_percent(msgstr) and not any(_stray_percent(source) for source in sources):
        wrong.append("has a '%' that is not a placeholder; write '%%' for a literal percent sign")
    return wrong


def check_po(path: Path, shown: str) -> list[Problem]:
    """Every translated string of a catalog, against its msgid."""
    try:
        raw = path.read_bytes()
        lines = raw.decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(shown, 0, "catalog", f"cannot read the catalog as UTF-8: {exc}")]
    try:
        import io
        catalog = read_po(io.BytesIO(raw), locale=path.parent.parent.name)
    except Exception as exc:  # Babel raises several kinds on a malformed file
        return [Problem(shown, getattr(exc, "lineno", 0) or 0, "catalog", f"cannot parse the catalog: {exc}")]
    problems = []
    reported = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        where = _msgstr_lines(lines, message.lineno or 0)
        for n, string in enumerate(strings):
            for what in compare(ids[0], string or "", tuple(ids[1:])):
                line = where[n] if n < len(where) else (message.lineno or 0)
                problems.append(Problem(shown, line, "msgstr", f"{_short(ids[0])!r}: {what}"))
                reported.add(message.lineno)
    for message, errors in catalog.check():  # Babel's own checks, for what the above does not cover
        if message.lineno in reported:
            continue
        line = (_msgstr_lines(lines, message.lineno or 0) or [message.lineno or 0])[0]
        for error in errors:
            problems.append(Problem(shown, line, "msgstr", f"{_short(str(message.id))!r}: {error}"))
    return problems


def po_files(root: Path, languages: list[str]) -> list[Path]:
    return [root / "translations" / lang / "LC_MESSAGES" / "messages.po" for lang in languages
            if (root / "translations" / lang / "LC_MESSAGES" / "messages.po").is_file()]


# --- YAML data files --------------------------------------------------------------

def _scalars(node, key: str = ""):
    """(dotted key, value, line) of every scalar value in a composed YAML node."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            name = f"{key}.{k.value}" if key else str(k.value)
            yield from _scalars(v, name)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, f"{key}.{i}" if key else str(i))
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        yield key, node.value, node.start_mark.line + 1


def text_problems(shown: str, key: str, value: str, line: int, what: str = "text") -> list[Problem]:
    """One contributed text value: markup, or a dangerous URL in a URL field."""
    problems = []
    found = markup(value)
    if found:
        problems.append(Problem(shown, line, key, f"{what} carries markup ({', '.join(sorted(set(found)))}): "
                                                  f"{_short(value)}; write plain text, it is shown as written"))
    if URL_KEYS.search(key):
        scheme = url_scheme(value)
        scheme = scheme if scheme in DANGEROUS_SCHEMES else hidden_dangerous_scheme(value)
        if scheme:
            problems.append(Problem(shown, line, key, f"a {scheme}: address ({_short(value)}); "
                                                      "use an https:// address or a relative path"))
    return problems


def check_yaml(path: Path, shown: str, what: str = "a value", skip=()) -> list[Problem]:
    """Every scalar of a YAML file (mkdocs.yml, topics.yml) as plain text."""
    try:
        node = yaml.compose(path.read_text("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # unreadable or invalid YAML is reported by the file's own loader
    problems = []
    for key, value, line in _scalars(node):
        if not any(key == s or key.startswith(s + ".") for s in skip):
            problems.extend(text_problems(shown, key, value, line, what))
    return problems


def check_front_matter(doc) -> list[Problem]:
    """The text fields of a statement's front-matter (a frontmatter.Document)."""
    problems = []

    def walk(value, key):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{key}.{i}" if key else str(i))
        elif isinstance(value, str):
            problems.extend(text_problems(doc.path, key, value, doc.line_of(key), "front-matter text"))
    walk(doc.meta, "")
    return problems


def check_project(root: Path, languages: list[str]) -> list[Problem]:
    """Catalogs, topic labels and mkdocs.yml of the project at ``root``."""
    problems = []
    for po in po_files(root, languages):
        problems.extend(check_po(po, po.relative_to(root).as_posix()))
    # topics.yml, types.yml, authors.yml and whatever data file comes next: labels and names are text.
    for data in sorted((root / "translations").glob("*.y*ml")):
        problems.extend(check_yaml(data, data.relative_to(root).as_posix(), "label"))
    config = root / "mkdocs.yml"
    if config.is_file():
        problems.extend(check_yaml(config, "mkdocs.yml", "configuration value"))
    return sorted(set(problems))
