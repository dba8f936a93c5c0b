"""Keep translation catalogues complete: `python -m cramp_coach.i18n_extract [--check] [LANG ...]`.

Collects every user-visible string: `_("...")` and `ngettext("...", "...", n)` calls in the
code, and the translated fields of every shipped routine and exercise (exercises/*.yaml).
Both are walked here: Babel's Python extractor misses `_()` calls inside f-strings on
Python 3.11 (five of them in the code today), and it has no YAML extractor.
Writes cramp_coach/locale/<lang>.po through Babel's catalogue (kept in the order strings are
found, one line per string, no wrapping), keeping existing translations and adding new
strings with an empty translation; with --check, only reports what is missing (exit 1).
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from babel.messages.pofile import write_po as write_po_file

from cramp_coach import i18n, resources

PACKAGE = Path(__file__).resolve().parent


def code_strings() -> dict[str | tuple[str, str], str]:
    """msgid (or (singular, plural)) -> first place it is used."""
    found: dict = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = node.args
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if node.func.id == "_" and len(args) == 1 and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                found.setdefault(args[0].value, where)
            elif node.func.id == "ngettext" and len(args) >= 2 and isinstance(args[0], ast.Constant) and isinstance(args[1], ast.Constant):
                found.setdefault((args[0].value, args[1].value), where)
    return found


def _walk_content(node: object, where: str, found: dict) -> None:
    from cramp_coach.content.routines import TRANSLATED_FIELDS

    if isinstance(node, dict):
        for key, value in node.items():
            if key in TRANSLATED_FIELDS and isinstance(value, str) and value.strip():
                found.setdefault(value.strip(), where)
            elif key == "cautions" and isinstance(value, list):
                for c in value:
                    if isinstance(c, str) and c.strip():
                        found.setdefault(c.strip(), where)
            else:
                _walk_content(value, where, found)
    elif isinstance(node, list):
        for item in node:
            _walk_content(item, where, found)


def content_strings() -> dict[str, str]:
    found: dict = {}
    base = resources.exercises_dir()
    for path in sorted(base.rglob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        _walk_content(data, f"exercises/{path.relative_to(base)}", found)
    return found


def all_strings() -> dict:
    found = code_strings()
    for k, v in content_strings().items():
        found.setdefault(k, v)
    return found


def read_catalogue(lang: str) -> Catalog:
    path = i18n.catalogue_file(lang)
    if not path.exists():
        return Catalog(locale=lang)
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(forms) and all(forms)


def write_po(lang: str, strings: dict) -> list:
    """Rewrite the catalogue for `lang` with exactly `strings`, keeping known translations; returns those missing."""
    template = Catalog(locale=lang)
    for key, where in strings.items():
        path, _sep, line = where.rpartition(":")
        template.add(key, locations=[(path, int(line)) if line.isdigit() else (where, 0)])  # routine texts: file only
    catalog = read_catalogue(lang)  # its Plural-Forms header is kept; a new catalogue gets Babel's rule for the language
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    path = i18n.catalogue_file(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po_file(out, catalog, width=0, ignore_obsolete=True)
    path.write_bytes(out.getvalue().lstrip(b"\n"))  # Babel starts with an empty header comment
    return [key for key in strings if not _translated(catalog.get(key))]


def missing_translations(lang: str) -> list:
    catalog = read_catalogue(lang)
    return [k for k in all_strings() if not _translated(catalog.get(k))]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    langs = [a for a in argv if not a.startswith("-")] or [lang for lang in i18n.LANGUAGES if lang != "en"]
    code = 0
    for lang in langs:
        missing = missing_translations(lang) if check else write_po(lang, all_strings())
        print(f"{lang}: {len(missing)} strings without a translation", file=sys.stderr)
        code |= bool(missing and check)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
