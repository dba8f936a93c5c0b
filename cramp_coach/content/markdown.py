"""A small, careful Markdown -> HTML converter for the reference articles (pure Python, no Qt).

The subset: ## headings, paragraphs, - and 1. lists (nested by indentation), pipe tables with
alignment, > call-out blocks, --- rules, **bold**, *italic*, `code` and [links](target).
All text is HTML-escaped; words listed in `highlight` are wrapped in a marker span (never inside
tags or addresses). The HTML is written for Qt's rich-text engine (QTextBrowser), which supports
a CSS subset: styles are kept simple and colours come from the caller's Theme (palette colours).
"""

from __future__ import annotations

import builtins
import html
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from cramp_coach.core.search import highlight_spans

LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_INLINE = re.compile(
    r"\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)\)"
    r"|\*\*(?P<b1>.+?)\*\*|__(?P<b2>.+?)__"
    r"|(?<!\w)\*(?P<i1>[^\s*](?:.*?[^\s*])?)\*(?!\w)|(?<!\w)_(?P<i2>[^\s_](?:.*?[^\s_])?)_(?![\w])"
    r"|`(?P<code>[^`]+)`"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Theme:
    """Colours (CSS names or #rrggbb) and the size of 1 em in pixels; defaults suit a light palette."""

    text: str = "#1d1d1f"
    muted: str = "#5f6368"
    link: str = "#0b57d0"
    mark_bg: str = "#fde68a"
    mark_fg: str = "#1d1d1f"
    rule: str = "#c8c8cc"
    head_bg: str = "#eef0f3"
    callout_bg: str = "#f3f4f6"
    em: float = 16.0


# An href -> (html href or "" for plain text, label prefix, text shown after the label)
LinkResolver = Callable[[str], tuple[str, str, str]]


def _plain_link(href: str) -> tuple[str, str, str]:
    return href, "", ""


class Renderer:
    def __init__(self, theme: Theme = Theme(), highlight: Collection[str] = (), resolve: LinkResolver = _plain_link) -> None:
        self.t = theme
        self.terms = set(highlight)
        self.resolve = resolve
        self.marks = 0  # markers written; the first is also an anchor named "match"

    # --- inline --------------------------------------------------------------
    def text(self, s: str) -> str:
        out, pos = [], 0
        for a, b in highlight_spans(s, self.terms):
            out.append(html.escape(s[pos:a], quote=False))
            anchor = '<a name="match"></a>' if self.marks == 0 else ""
            self.marks += 1
            out.append(
                f'{anchor}<span style="background-color:{self.t.mark_bg}; color:{self.t.mark_fg};">{html.escape(s[a:b], quote=False)}</span>'
            )
            pos = b
        out.append(html.escape(s[pos:], quote=False))
        return "".join(out)

    def inline(self, s: str) -> str:
        out, pos = [], 0
        for m in _INLINE.finditer(s):
            out.append(self.text(s[pos : m.start()]))
            pos = m.end()
            g = m.groupdict()
            if g["href"] is not None:
                href, prefix, after = self.resolve(g["href"])
                label = self.inline(g["label"])
                if href:
                    out.append(f'<a href="{html.escape(href)}">{prefix}{label}</a>')
                else:
                    out.append(label)
                if after:
                    out.append(f' <span style="color:{self.t.muted};">({html.escape(after, quote=False)})</span>')
            elif g["b1"] is not None or g["b2"] is not None:
                out.append(f"<b>{self.inline(g['b1'] or g['b2'])}</b>")
            elif g["i1"] is not None or g["i2"] is not None:
                out.append(f"<i>{self.inline(g['i1'] or g['i2'])}</i>")
            else:
                out.append(f"<code>{html.escape(g['code'], quote=False)}</code>")
        out.append(self.text(s[pos:]))
        return "".join(out)

    # --- blocks --------------------------------------------------------------
    def blocks(self, source: str) -> str:
        lines = source.replace("\r\n", "\n").replace("\t", "    ").split("\n")
        out: list[str] = []
        para: list[str] = []
        i = 0

        def flush() -> None:
            if para:
                out.append(self.paragraph(" ".join(x.strip() for x in para)))
                para.clear()

        while i < len(lines):
            line = lines[i]
            if not line.strip():
                flush()
                i += 1
            elif h := _HEADING.match(line):
                flush()
                level = max(2, len(h.group(1)))  # the article title is the only h1
                out.append(f"<h{level}>{self.inline(h.group(2))}</h{level}>")
                i += 1
            elif _RULE.match(line) and not para:
                out.append(f'<hr style="color:{self.t.rule};" />')
                i += 1
            elif line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
                flush()
                i = self.table(lines, i, out)
            elif line.lstrip().startswith(">"):
                flush()
                quoted = []
                while i < len(lines) and lines[i].lstrip().startswith(">"):
                    quoted.append(lines[i].lstrip()[1:].removeprefix(" "))
                    i += 1
                out.append(self.callout("\n".join(quoted)))
            elif _ITEM.match(line) and (not para or not line[:1].isspace()):
                flush()
                i = self.list(lines, i, out)
            else:
                para.append(line)
                i += 1
        flush()
        return "\n".join(out)

    def paragraph(self, s: str) -> str:
        return f"<p>{self.inline(s)}</p>"

    def callout(self, source: str) -> str:
        inner = self.blocks(source)
        pad = round(self.t.em * 0.6)
        return (
            f'<table width="100%" cellspacing="0" cellpadding="{pad}" style="margin-top:{pad}px; margin-bottom:{pad}px;'
            f' background-color:{self.t.callout_bg}; border-left: 4px solid {self.t.link};"><tr><td>{inner}</td></tr></table>'
        )

    def list(self, lines: list[str], i: int, out: list[str]) -> int:
        """Items at one indentation (deeper ones nest); returns the first line after the list."""
        first = _ITEM.match(lines[i])
        assert first is not None
        indent = len(first.group(1))
        ordered = first.group(2)[0].isdigit()
        tag = "ol" if ordered else "ul"
        items: list[str] = []
        while i < len(lines):
            m = _ITEM.match(lines[i])
            if m and len(m.group(1)) >= indent:
                text = [m.group(3)]
                nested: list[str] = []
                i += 1
                while i < len(lines) and lines[i].strip():
                    sub = _ITEM.match(lines[i])
                    if sub and len(sub.group(1)) > indent:
                        i = self.list(lines, i, nested)  # a deeper list belongs to this item
                    elif sub or lines[i].lstrip().startswith(("|", ">", "#")):
                        break
                    else:
                        text.append(lines[i].strip())  # a continuation line
                        i += 1
                items.append(f"<li>{self.inline(' '.join(text))}{''.join(nested)}</li>")
            elif (
                not lines[i].strip()
                and i + 1 < len(lines)
                and (n := _ITEM.match(lines[i + 1]))
                and len(n.group(1)) == indent
                and n.group(2)[0].isdigit() == ordered
            ):
                i += 1  # a blank line between items keeps the list going
            else:
                break
        out.append(f"<{tag}>{''.join(items)}</{tag}>")
        return i

    def table(self, lines: builtins.list[str], i: int, out: builtins.list[str]) -> int:  # `list` is a method here
        def cells(line: str) -> list[str]:
            s = line.strip()
            s = s[1:] if s.startswith("|") else s
            s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
            return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]

        head = cells(lines[i])
        aligns = []
        for spec in cells(lines[i + 1]):
            left, right = spec.startswith(":"), spec.endswith(":")
            aligns.append("center" if left and right else "right" if right else "left")
        i += 2
        rows = []
        while i < len(lines) and lines[i].lstrip().startswith("|"):
            rows.append(cells(lines[i]))
            i += 1
        pad = round(self.t.em * 0.4)
        border = f"border: 1px solid {self.t.rule};"

        def row(cs: list[str], th: bool) -> str:
            cs = (cs + [""] * len(head))[: len(head)]
            tag = "th" if th else "td"
            bg = f" background-color:{self.t.head_bg};" if th else ""
            return (
                "<tr>"
                + "".join(
                    f'<{tag} align="{aligns[k] if k < len(aligns) else "left"}" style="{border}{bg}">{self.inline(c)}</{tag}>'
                    for k, c in enumerate(cs)
                )
                + "</tr>"
            )

        body = "".join(row(r, False) for r in rows)
        out.append(
            f'<table cellspacing="0" cellpadding="{pad}" style="border-collapse: collapse; {border} margin-top:{pad}px;'
            f' margin-bottom:{pad * 2}px;"><thead>{row(head, True)}</thead>{body}</table>'
        )
        return i


def stylesheet(t: Theme) -> str:
    em = t.em
    return (
        f"body {{ color:{t.text}; }} "
        f"p {{ margin-top:0px; margin-bottom:{round(em * 0.75)}px; line-height:135%; }} "
        f"li {{ margin-bottom:{round(em * 0.3)}px; line-height:130%; }} "
        f"ul, ol {{ margin-top:0px; margin-bottom:{round(em * 0.75)}px; }} "
        f"h1 {{ font-size:{round(em * 1.75)}px; font-weight:600; margin-top:0px; margin-bottom:{round(em * 0.3)}px; }} "
        f"h2 {{ font-size:{round(em * 1.3)}px; font-weight:600; margin-top:{round(em * 1.2)}px; margin-bottom:{round(em * 0.45)}px; }} "
        f"h3 {{ font-size:{round(em * 1.1)}px; font-weight:600; margin-top:{round(em)}px; margin-bottom:{round(em * 0.35)}px; }} "
        f"h4, h5, h6 {{ font-size:{round(em)}px; font-weight:600; margin-top:{round(em * 0.8)}px; margin-bottom:{round(em * 0.3)}px; }} "
        f"a {{ color:{t.link}; }} "
        f"th {{ font-weight:600; }} "
        f".muted {{ color:{t.muted}; }} "
    )


def to_html(source: str, theme: Theme = Theme(), highlight: Collection[str] = (), resolve: LinkResolver = _plain_link) -> str:
    """Markdown -> an HTML fragment (no <html> wrapper)."""
    return Renderer(theme, highlight, resolve).blocks(source)


def plain_text(source: str) -> str:
    """The readable words of the Markdown (for search and snippets): markup, addresses and pipes removed."""
    out = []
    for line in source.replace("\r\n", "\n").split("\n"):
        s = line.strip()
        if _TABLE_SEP.match(s) or _RULE.match(s):
            continue
        s = _HEADING.sub(r"\2", s)
        s = re.sub(r"^(>\s*)+", "", s)
        s = re.sub(r"^([-*+]|\d{1,3}[.)])\s+", "", s)
        s = LINK.sub(r"\1", s)
        s = re.sub(r"\*\*|__|`|(?<!\w)[*_]|[*_](?!\w)", "", s)
        s = " ".join(c.strip() for c in s.strip("|").split("|")) if s.startswith("|") or line.lstrip().startswith("|") else s
        out.append(s)
    return "\n".join(re.sub(r"\n{3,}", "\n\n", "\n".join(out)).split("\n"))


def headings(source: str) -> list[str]:
    return [h.group(2) for line in source.split("\n") if (h := _HEADING.match(line))]
