"""Keep translation catalogues complete: `python -m cramp_coach.i18n_extract [--check] [LANG ...]`.

Collects every user-visible string: `_("...")` and `ngettext("...", "...", n)` calls in the
code, and the translated fields of every shipped routine and exercise (exercises/*.yaml).
Writes cramp_coach/locale/<lang>.po, keeping existing translations and adding new strings
with an empty translation; with --check, only reports what is missing (exit 1).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import yaml

from cramp_coach import i18n, resources

PACKAGE = Path(__file__).resolve().parent
PLURAL_FORMS = {"ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}


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
            elif node.func.id == "ngettext" and len(args) >= 2 and all(isinstance(a, ast.Constant) for a in args[:2]):
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


def _quote(s: str) -> str:
    body = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def write_po(lang: str, strings: dict) -> list:
    path = i18n.catalogue_file(lang)
    old = i18n.parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}
    out = [
        'msgid ""',
        'msgstr ""',
        _quote(f"Language: {lang}\n"),
        _quote("Content-Type: text/plain; charset=UTF-8\n"),
        _quote(f"Plural-Forms: {PLURAL_FORMS.get(lang, 'nplurals=2; plural=(n != 1);')}\n"),
        "",
    ]
    missing = []
    for key, where in strings.items():
        out.append(f"#: {where}")
        value = old.get(key)
        if isinstance(key, tuple):
            forms = value if isinstance(value, list) else []
            n = 3 if lang == "ru" else 2
            out += [f"msgid {_quote(key[0])}", f"msgid_plural {_quote(key[1])}"]
            out += [f"msgstr[{i}] {_quote(forms[i] if i < len(forms) else '')}" for i in range(n)]
            if not forms:
                missing.append(key)
        else:
            out += [f"msgid {_quote(key)}", f"msgstr {_quote(value if isinstance(value, str) else '')}"]
            if not value:
                missing.append(key)
        out.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")
    return missing


def missing_translations(lang: str) -> list:
    path = i18n.catalogue_file(lang)
    have = i18n.parse_po(path.read_text(encoding="utf-8")) if path.exists() else {}
    return [k for k in all_strings() if not have.get(k)]


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
