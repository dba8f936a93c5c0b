"""The offline reference library: articles as Markdown with a YAML header, validated like routines.

File format (assets/reference/<id>.md)::

    ---
    id: night-cramps                  # the file name without .md; a-z, 0-9 and -
    title: Night-time leg cramps
    section: Understanding cramps     # one of SECTIONS
    order: 20                         # position within the section (optional)
    summary: One sentence.
    keywords: [nocturnal, night]      # optional, helps search
    related_routines: [first_aid_calf]
    related_articles: [red-flags]
    sources: ["NHS: Leg cramps (nhs.uk/conditions/leg-cramps)"]
    ---
    Markdown body. Links: [text](article:red-flags), [Start this now](routine:first_aid_calf),
    [text](https://...) (never fetched; opened in the browser only when the user asks).

Every problem is reported as file:line: field: message. A file whose header or body is unusable is
skipped; an article with a dangling link or related id still loads (the link shows as plain text).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cramp_coach import i18n, resources
from cramp_coach.content import markdown
from cramp_coach.content.yamlfile import LDict, LList, _Loader
from cramp_coach.core.models import Problem
from cramp_coach.core.search import Document, SearchIndex
from cramp_coach.i18n import _

SECTIONS = ("Understanding cramps", "First aid", "Prevention", "Food and medicines", "Special groups", "Safety", "About")


def section_names() -> dict[str, str]:
    """Each section's name in the interface language (the page shows `_(article.section)`; this marks them for the catalogue)."""
    return {
        "Understanding cramps": _("Understanding cramps"),
        "First aid": _("First aid"),
        "Prevention": _("Prevention"),
        "Food and medicines": _("Food and medicines"),
        "Special groups": _("Special groups"),
        "Safety": _("Safety"),
        "About": _("About"),
    }


RED_FLAGS = "red-flags"
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ROUTINE_ID = re.compile(r"^[a-z0-9_]+$")
_FIELDS = {"id", "title", "section", "order", "summary", "keywords", "related_routines", "related_articles", "sources"}
_REQUIRED = ("id", "title", "section", "summary", "sources")
_EXTERNAL = ("https://", "http://", "mailto:")


@dataclass(frozen=True)
class Link:
    kind: str  # "article", "routine" or "external"
    target: str
    line: int


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    section: str
    summary: str
    body: str  # Markdown
    sources: tuple[str, ...]
    order: int = 1000
    keywords: tuple[str, ...] = ()
    related_routines: tuple[str, ...] = ()
    related_articles: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    source: str = ""  # shown file name

    def document(self) -> Document:
        """The article as the search index sees it."""
        return Document(
            self.id, self.title, markdown.plain_text(self.body), self.summary, self.keywords, tuple(markdown.headings(self.body))
        )


def reference_dir() -> Path:
    return resources.assets_dir() / "reference"


class _Reader:
    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def bad(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown, line, field, message))

    def header(self, text: str) -> tuple[Any, str, int]:
        """(header mapping or None, body, line number of the body's first line)."""
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.bad(1, "header", "the file must start with a line '---', then the YAML header, then '---'")
            return None, "", 1
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
        if end is None:
            self.bad(1, "header", "no closing '---' line after the header")
            return None, "", 1
        loader = _Loader("\n" * 1 + "\n".join(lines[1:end]))  # keep line numbers as in the file
        loader.duplicates = []
        try:
            data = loader.get_single_data()
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            what = getattr(e, "problem", None) or str(e).splitlines()[0]
            self.bad(mark.line + 1 if mark is not None else 1, "header", f"not valid YAML: {what}")
            return None, "", 1
        finally:
            loader.dispose()
        for key, line in loader.duplicates:
            self.bad(line, key, "given twice")
        if not isinstance(data, LDict):
            self.bad(1, "header", "must be a mapping of fields (title: ..., section: ...)")
            return None, "", 1
        return data, "\n".join(lines[end + 1 :]), end + 2

    def text(self, d: LDict, key: str) -> str:
        v = d.get(key)
        if v is None:
            if key in _REQUIRED:
                self.bad(d.line, key, "missing")
            return ""
        if not isinstance(v, str) or not v.strip():
            self.bad(d.line_of(key), key, "must be non-empty text")
            return ""
        return v.strip()

    def strings(self, d: LDict, key: str, pattern: re.Pattern[str] | None = None) -> tuple[tuple[str, int], ...]:
        v = d.get(key)
        if v is None:
            if key in _REQUIRED:
                self.bad(d.line, key, "missing")
            return ()
        if not isinstance(v, LList):
            self.bad(d.line_of(key), key, "must be a list, e.g. [a, b]")
            return ()
        out = []
        for n, item in enumerate(v):
            line = v.line_of(n)
            if not isinstance(item, str) or not item.strip():
                self.bad(line, f"{key}[{n}]", f"must be non-empty text, not {item!r}")
            elif pattern is not None and not pattern.match(item.strip()):
                self.bad(line, f"{key}[{n}]", f"{item!r} is not a valid id")
            else:
                out.append((item.strip(), line))
        return tuple(out)


def parse_article(path: Path, shown: str | None = None) -> tuple[Article | None, list[Problem], dict[str, list[tuple[str, int, str]]]]:
    """One file -> (article or None, problems, references to check: kind -> [(id, line, field)])."""
    shown = shown or resources.shown(path)
    r = _Reader(shown)
    refs: dict[str, list[tuple[str, int, str]]] = {"article": [], "routine": []}
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as e:
        r.bad(1, "file", f"cannot be read ({e.__class__.__name__}: {e})")
        return None, r.problems, refs
    d, body, body_line = r.header(text)
    if d is None:
        return None, r.problems, refs
    for key in d:
        if key not in _FIELDS:
            r.bad(d.line_of(str(key)), str(key), f"unknown field (allowed: {', '.join(sorted(_FIELDS))})")
    fatal = len(r.problems)
    art_id = r.text(d, "id")
    if art_id and art_id != path.stem:
        r.bad(d.line_of("id"), "id", f"{art_id!r} must be the file name without .md ({path.stem!r})")
    elif art_id and not _ID.match(art_id):
        r.bad(d.line_of("id"), "id", f"{art_id!r} must use only a-z, 0-9 and single hyphens")
    title, summary = r.text(d, "title"), r.text(d, "summary")
    section = r.text(d, "section")
    if section and section not in SECTIONS:
        r.bad(d.line_of("section"), "section", f"{section!r} is not one of: {', '.join(SECTIONS)}")
    order = d.get("order", 1000)
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 100000:
        r.bad(d.line_of("order"), "order", f"must be a whole number from 0 to 100000, not {order!r}")
        order = 1000
    if not body.strip():
        r.bad(body_line, "body", "is empty: write the article below the header")
    fatal = len(r.problems) > fatal
    keywords = r.strings(d, "keywords")
    sources = r.strings(d, "sources")
    if "sources" in d and isinstance(d["sources"], LList) and not d["sources"]:
        r.bad(d.line_of("sources"), "sources", "must name at least one source")
    routines = r.strings(d, "related_routines", _ROUTINE_ID)
    articles = r.strings(d, "related_articles", _ID)
    refs["routine"] += [(rid, line, "related_routines") for rid, line in routines]
    refs["article"] += [(aid, line, "related_articles") for aid, line in articles]
    links = []
    for n, line in enumerate(body.split("\n")):
        for m in markdown.LINK.finditer(line):
            target, at = m.group(2), body_line + n
            kind, _sep, rest = target.partition(":")
            if kind in ("article", "routine") and rest:
                ok = (_ID if kind == "article" else _ROUTINE_ID).match(rest)
                if not ok:
                    r.bad(at, "body", f"link {target!r}: {rest!r} is not a valid {kind} id")
                    continue
                refs[kind].append((rest, at, "body"))
                links.append(Link(kind, rest, at))
            elif target.startswith(_EXTERNAL):
                links.append(Link("external", target, at))
            else:
                r.bad(at, "body", f"link {target!r}: use article:ID, routine:ID or an https:// address")
    if fatal or not (art_id and title and section and summary and sources):
        return None, r.problems, refs
    article = Article(
        id=art_id,
        title=title,
        section=section,
        summary=summary,
        body=body.strip("\n"),
        sources=tuple(s for s, _line in sources),
        order=order,
        keywords=tuple(k for k, _line in keywords),
        related_routines=tuple(x for x, _line in routines),
        related_articles=tuple(x for x, _line in articles),
        links=tuple(links),
        source=shown,
    )
    return article, r.problems, refs


def _resolve(
    shown: str, refs: dict[str, list[tuple[str, int, str]]], article_ids: Collection[str], routine_ids: Collection[str] | None
) -> list[Problem]:
    out = []
    for aid, line, field in refs["article"]:
        if aid not in article_ids:
            out.append(Problem(shown, line, field, f"there is no article {aid!r}"))
    if routine_ids is not None:
        for rid, line, field in refs["routine"]:
            if rid not in routine_ids:
                out.append(Problem(shown, line, field, f"there is no routine {rid!r}"))
    return out


def _parse_all(files: Iterable[Path]) -> list[tuple[Path, Article | None, list[Problem], dict[str, list[tuple[str, int, str]]]]]:
    return [(p, *parse_article(p)) for p in files]


def _load_folder(
    folder: Path, routine_ids: Collection[str] | None, known: Collection[str] = ()
) -> tuple[dict[str, Article], list[Problem]]:
    if not folder.is_dir():
        return {}, [Problem(resources.shown(folder), 1, "folder", "the reference library folder does not exist")]
    parsed = _parse_all(sorted(folder.glob("*.md")))
    articles = {a.id: a for _p, a, _pr, _r in parsed if a is not None}
    targets = set(articles) | set(known)
    problems: list[Problem] = []
    for _p, a, found, refs in parsed:
        problems += found
        if a is not None:
            problems += _resolve(a.source, refs, targets, routine_ids)
    return articles, problems


def translations() -> list[str]:
    """Languages with translated articles (folders assets/reference/<lang>/)."""
    base = reference_dir()
    return sorted(d.name for d in base.iterdir() if d.is_dir() and len(d.name) == 2) if base.is_dir() else []


def load_articles(
    dir: Path | None = None, routine_ids: Collection[str] | None = None, language: str | None = None
) -> tuple[dict[str, Article], list[Problem]]:
    """Every article under `dir` (default: the shipped ones), by id, plus every problem found.

    `routine_ids`: the routines that exist (None: routine links are not checked).
    With the shipped library, articles come in the interface language (`language`, default the one
    installed) where translated, in English otherwise.
    """
    if dir is not None:
        return _load_folder(dir, routine_ids)
    articles, problems = _load_folder(reference_dir(), routine_ids)
    lang = i18n.language if language is None else language
    if lang != "en" and (reference_dir() / lang).is_dir():
        translated, more = _load_folder(reference_dir() / lang, routine_ids, articles)
        articles.update(translated)
        problems += more
    return articles, problems


def check_all(routine_ids: Collection[str] | None) -> list[Problem]:
    """Problems in the shipped articles and in every translation of them (for --check)."""
    english, problems = _load_folder(reference_dir(), routine_ids)
    for lang in translations():
        translated, more = _load_folder(reference_dir() / lang, routine_ids, english)
        problems += more
        problems += [
            Problem(resources.shown(reference_dir() / lang), 1, "translation", f"{article_id}.md has no translation")
            for article_id in sorted(set(english) - set(translated))
        ]
    return problems


def check_articles(paths: Iterable[Path], routine_ids: Collection[str] | None) -> list[Problem]:
    """Problems in the named files; shipped articles and those beside the named files count as link targets."""
    paths = [Path(p) for p in paths]
    shipped, _problems = load_articles(routine_ids=None) if reference_dir().is_dir() else ({}, [])
    parsed = _parse_all(paths)
    siblings = {q.stem for p in paths if p.parent.is_dir() for q in p.parent.glob("*.md")}  # the folder being edited
    ids = set(shipped) | siblings | {a.id for _p, a, _pr, _r in parsed if a is not None}
    problems: list[Problem] = []
    for p, a, found, refs in parsed:
        problems += found
        problems += _resolve(a.source if a else resources.shown(p), refs, ids, routine_ids)
    return problems


def ordered(articles: dict[str, Article]) -> list[Article]:
    """Articles in reading order: by section, then order, then title."""
    rank = {s: n for n, s in enumerate(SECTIONS)}
    return sorted(articles.values(), key=lambda a: (rank.get(a.section, len(rank)), a.order, a.title.lower()))


def build_index(articles: dict[str, Article]) -> SearchIndex:
    return SearchIndex(a.document() for a in ordered(articles))


# --- rendering ---------------------------------------------------------------
def render_html(
    article: Article,
    *,
    titles: dict[str, str] | None = None,
    routines: dict[str, str] | None = None,
    highlight: Collection[str] = (),
    theme: markdown.Theme | None = None,
) -> str:
    """The article as an HTML page for the reading pane.

    titles: article id -> title, routines: routine id -> title (links to missing ones become plain text).
    """
    theme = theme or markdown.Theme()
    titles = titles if titles is not None else {}
    routines = routines if routines is not None else {}

    def resolve(href: str) -> tuple[str, str, str]:
        kind, _sep, rest = href.partition(":")
        if kind == "article":
            return (href if rest in titles else "", "", "")
        if kind == "routine":
            return (href if rest in routines else "", "▶ ", "")
        if href.startswith(_EXTERNAL):
            return href, "", href.split(":", 1)[1].lstrip("/")
        return "", "", ""

    r = markdown.Renderer(theme, highlight, resolve)
    parts = [f"<h1>{r.text(article.title)}</h1>", f'<p class="muted"><i>{r.text(article.summary)}</i></p>', r.blocks(article.body)]
    routine_links = [
        f'<li><a href="routine:{rid}">▶ {r.text(routines[rid])}</a></li>' for rid in article.related_routines if rid in routines
    ]
    if routine_links:
        parts.append(f"<h3>{r.text(_('Routines for this'))}</h3><ul>{''.join(routine_links)}</ul>")
    related = [f'<li><a href="article:{aid}">{r.text(titles[aid])}</a></li>' for aid in article.related_articles if aid in titles]
    if related:
        parts.append(f"<h3>{r.text(_('Related topics'))}</h3><ul>{''.join(related)}</ul>")
    sources = "".join(f'<li><span class="muted">{r.inline(s)}</span></li>' for s in article.sources)
    parts.append(f"<h3>{r.text(_('Sources'))}</h3><ol>{sources}</ol>")
    return f"<html><head><style>{markdown.stylesheet(theme)}</style></head><body>{''.join(parts)}</body></html>"


# --- terminal ----------------------------------------------------------------
def search_cli(query: str, dir: Path | None = None, limit: int = 10) -> str:
    """`cramp-coach --search QUERY`: matching titles, each with a snippet, best first."""
    articles, problems = load_articles(dir)
    if not articles:
        lines = [_("The reference library is empty or missing.")]
        lines += [str(p) for p in problems[:3]]
        return "\n".join(lines)
    hits = build_index(articles).search(query)
    if not hits:
        return _('No article matches "{query}". Try fewer or shorter words.').format(query=query.strip())
    out = []
    for h in hits[:limit]:
        out.append(f"{h.title}  [{h.id}]")
        out.append(f"    {h.snippet}")
    if len(hits) > limit:
        out.append(_("… and {n} more").format(n=len(hits) - limit))
    return "\n".join(out)
