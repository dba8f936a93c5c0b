"""Search a small library as the user types: tokenizer, an index built once, typo-tolerant ranking.

Pure Python (never imports Qt). Each query word is matched against the index vocabulary by, in order
of preference: the same word, the same stem ("pregnant" ~ "pregnancy"), a prefix (the word being
typed), a bounded Damerau-Levenshtein distance ("hamstrig" ~ "hamstring", "magnesum" ~ "magnesium"),
or, for the word being typed, a prefix with one typo ("magnesu"). Candidates for the distance checks
come from a bigram index, so a keystroke costs well under a millisecond on a library of articles.

Every (non-stop) query word must match for a document to be listed. Documents whose title matches
more query words come first; then the score (title > keywords > summary > headings > body).
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOPWORDS = frozenset(
    "a an and are as at be but by can do does for from has have how i if in into is it its me my no not of on or so that the "
    "this to was what when where which who why will with you your".split()
)
# field weights: title hits dominate, body hits count least
WEIGHTS = {"title": 10.0, "keywords": 6.0, "summary": 4.0, "headings": 3.0, "body": 1.0}
EXACT, STEM, PREFIX, TYPO, TYPO_PREFIX = 1.0, 0.9, 0.8, 0.7, 0.55
_SUFFIXES = (
    "ancies", "encies", "ations", "ation", "ances", "ences", "ancy", "ency", "ance", "ence", "ings", "ness",
    "ing", "ies", "ied", "ers", "ant", "ent", "er", "ed", "es", "ly", "al", "s", "y",
)  # fmt: skip
_CACHE_SIZE = 1024


def fold(text: str) -> str:
    """The form words are compared in (lower case; keeps length for the languages we ship)."""
    return text.lower().replace("ё", "е")


def tokenize(text: str) -> list[str]:
    """Words of `text`, folded: letters and digits, inner apostrophes kept ("don't")."""
    return [m.group().replace("’", "'") for m in WORD.finditer(fold(text))]


def stem(word: str) -> str:
    """A light suffix stripper: cramps/cramping/cramped -> cramp, pregnant/pregnancy -> pregn."""
    if len(word) <= 4:
        return word
    for suf in _SUFFIXES:
        if not word.endswith(suf):
            continue
        base = word[: -len(suf)]
        if suf == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
            continue  # muscles -> muscle (by "s"), stretches -> stretch
        if len(base) < (3 if suf == "s" else 4):
            continue
        if len(base) >= 5 and base[-1] == base[-2] and base[-1] not in "aeiouls":
            base = base[:-1]  # swimming -> swimm -> swim
        return base
    return word


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between a and b, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if a == b:
        return 0
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        ca = a[i - 1]
        best = cur[0]
        for j in range(1, len(b) + 1):
            cb = b[j - 1]
            cost = 0 if ca == cb else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= limit else limit + 1


def max_typos(word: str) -> int:
    n = len(word)
    return 0 if n < 4 else 1 if n < 8 else 2


def _bigrams(word: str) -> list[str]:
    w = "^" + word
    return [w[i : i + 2] for i in range(len(w) - 1)]


@dataclass(frozen=True)
class Document:
    """What is searched: one article as plain text."""

    id: str
    title: str
    body: str
    summary: str = ""
    keywords: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    score: float
    title_hit: bool  # the title matches at least one query word
    snippet: str  # a short extract of the body around the first match (or the summary)
    terms: tuple[str, ...]  # folded words of this document that matched, for highlighting


@dataclass
class _Doc:
    doc: Document
    first: dict[str, int]  # folded body word -> offset of its first occurrence in body


class SearchIndex:
    """Built once from the documents; `search()` is then cheap enough to run on every keystroke."""

    def __init__(self, docs: Iterable[Document]) -> None:
        self.docs: list[_Doc] = []
        # word -> {doc index: (best field weight, body count)}
        self.postings: dict[str, dict[int, tuple[float, int]]] = {}
        for n, d in enumerate(docs):
            fields = {
                "title": d.title,
                "keywords": " ".join(d.keywords),
                "summary": d.summary,
                "headings": " ".join(d.headings),
            }
            for name, text in fields.items():
                for w in tokenize(text):
                    self._add(w, n, WEIGHTS[name], 0)
            first: dict[str, int] = {}
            for m in WORD.finditer(fold(d.body)):
                w = m.group().replace("’", "'")
                first.setdefault(w, m.start())
                self._add(w, n, WEIGHTS["body"], 1)
            self.docs.append(_Doc(d, first))
        self.vocab = sorted(self.postings)
        self.by_stem: dict[str, list[str]] = {}
        self.grams: dict[str, list[str]] = {}
        for w in self.vocab:
            self.by_stem.setdefault(stem(w), []).append(w)
            for g in set(_bigrams(w)):
                self.grams.setdefault(g, []).append(w)
        self._cache: dict[tuple[str, bool], dict[str, float]] = {}

    def _add(self, word: str, n: int, weight: float, count: int) -> None:
        docs = self.postings.setdefault(word, {})
        w, c = docs.get(n, (0.0, 0))
        docs[n] = (max(w, weight), c + count)

    # --- matching one query word ---------------------------------------------
    def expand(self, q: str, last: bool = False) -> dict[str, float]:
        """Vocabulary words that `q` (folded) may stand for, each with a match quality in (0, 1]."""
        key = (q, last)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        out: dict[str, float] = {}

        def put(w: str, quality: float) -> None:
            if quality > out.get(w, 0.0):
                out[w] = quality

        if q in self.postings:
            put(q, EXACT)
        for w in self.by_stem.get(stem(q), ()):
            put(w, STEM)
        if last or len(q) >= 3:
            for w in self._prefixed(q):
                put(w, PREFIX)
        k = 0 if out else max_typos(q)  # a word the library knows is taken as meant
        if k:
            grams = _bigrams(q)
            counts: Counter[str] = Counter()
            for g in grams:
                counts.update(self.grams.get(g, ()))
            need = max(1, len(grams) - 3 * k)
            for w, c in counts.items():
                if c < need or w in out and out[w] >= TYPO:
                    continue
                d = damerau_levenshtein(q, w, k)
                if d <= k:
                    put(w, TYPO - 0.1 * (d - 1))
                elif last and len(q) >= 5 and len(w) > len(q):
                    if min(damerau_levenshtein(q, w[: len(q) + e], 1) for e in (-1, 0, 1)) <= 1:
                        put(w, TYPO_PREFIX)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = out
        return out

    def _prefixed(self, q: str) -> list[str]:
        i = bisect.bisect_left(self.vocab, q)
        found = []
        while i < len(self.vocab) and self.vocab[i].startswith(q):
            found.append(self.vocab[i])
            i += 1
        return found

    # --- the query -----------------------------------------------------------
    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        words = tokenize(query)
        if not words:
            return []
        typing = not query[-1:].isspace()  # the last word may be unfinished
        content = [w for w in words if w not in STOPWORDS]
        if content and content[-1] != words[-1]:
            typing = False
        words = content or words
        per_doc: dict[int, list[float]] = {}
        title_words: Counter[int] = Counter()
        matched: dict[int, set[str]] = {}
        for i, q in enumerate(words):
            variants = self.expand(q, last=typing and i == len(words) - 1)
            best: dict[int, tuple[float, bool]] = {}
            for w, quality in variants.items():
                for n, (weight, count) in self.postings[w].items():
                    s = weight * quality + (0.5 * math.log1p(count) * quality if count else 0.0)
                    if n not in best or s > best[n][0]:
                        best[n] = (s, weight >= WEIGHTS["title"])
                    matched.setdefault(n, set()).add(w)
            for n, (s, in_title) in best.items():
                per_doc.setdefault(n, []).append(s)
                if in_title:
                    title_words[n] += 1
        ranked = sorted(
            (n for n, scores in per_doc.items() if len(scores) == len(words)),  # every query word must match
            key=lambda n: (-title_words[n], -sum(per_doc[n]), self.docs[n].doc.title),
        )
        hits = []
        for n in ranked[:limit] if limit else ranked:
            d = self.docs[n]
            terms = tuple(sorted(matched[n]))
            hits.append(Hit(d.doc.id, d.doc.title, round(sum(per_doc[n]), 3), title_words[n] > 0, self._snippet(d, terms), terms))
        return hits

    @staticmethod
    def _snippet(d: _Doc, terms: tuple[str, ...], width: int = 150) -> str:
        """The line (paragraph, list item) holding the first match, cut to about `width` characters."""
        positions = [d.first[t] for t in terms if t in d.first]
        body = d.doc.body
        if not positions:
            return d.doc.summary or " ".join(body[:width].split())
        at = min(positions)
        lo = body.rfind("\n", 0, at) + 1
        hi = body.find("\n", at)
        hi = len(body) if hi < 0 else hi
        line = body[lo:hi]
        if len(line) < width // 2:  # a heading or short item: add what follows
            rest = " ".join(body[hi:].split())
            line = line.rstrip(".:") + (" — " + rest if rest else "")
            hi = len(body)
        at -= lo
        if len(line) <= width:
            return " ".join(line.split())
        start = max(0, min(at - width // 3, len(line) - width))
        if start:
            space = line.rfind(" ", 0, start + 1)
            start = space + 1 if space >= 0 and at - space < width // 2 else start
        end = min(len(line), start + width)
        if end < len(line):
            space = line.rfind(" ", start, end)
            end = space if space > at else end
        text = " ".join(line[start:end].split())
        return ("…" if start else "") + text + ("…" if end < len(line) else "")


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every whole word in `text` whose folded form is one of `terms`."""
    wanted = set(terms)
    if not wanted:
        return []
    return [m.span() for m in WORD.finditer(text) if fold(m.group()).replace("’", "'") in wanted]
