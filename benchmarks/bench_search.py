"""Per-keystroke search time over the whole shipped reference library.

Types several queries letter by letter (with typos, as people do) and times SearchIndex.search()
for every prefix, on a fresh index each time (so the per-word cache only helps within one query,
as in the app). Baseline, measured in the same run: a plain case-insensitive substring scan of
every article's plain text for the same prefixes (no typo tolerance, no ranking). Also reports
the one-off index build. Target: median and max per keystroke < 5 ms.

Then (skip with --no-page) the whole Reference page in Qt's offscreen platform: the time from
setting the search text to the result list rebuilt (the reading pane follows after a pause, so its
render is timed separately as "preview").
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cramp_coach.content.reference import build_index, load_articles  # noqa: E402

QUERIES = ["night cramps", "swim", "pregnant", "magnesum", "hamstrig stretch", "when to see a doctor", "quinine", "calf cramp at nigth"]
TARGET_MS = 5.0
ROUNDS = 5


def main() -> int:
    articles, problems = load_articles()
    if not articles:
        print("no articles shipped (assets/reference is empty)")
        return 1
    docs = [a.document() for a in articles.values()]
    texts = [(d.id, (d.title + "\n" + d.summary + "\n" + d.body).lower()) for d in docs]
    words = sum(len(t.split()) for _i, t in texts)
    t0 = time.perf_counter()
    build_index(articles)
    build_ms = (time.perf_counter() - t0) * 1000

    search_ms: list[float] = []
    scan_ms: list[float] = []
    for _round in range(ROUNDS):
        for q in QUERIES:
            index = build_index(articles)  # fresh: no cached words from an earlier query
            for n in range(1, len(q) + 1):
                prefix = q[:n]
                t = time.perf_counter()
                index.search(prefix)
                search_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                needle = prefix.lower()
                [i for i, text in texts if needle in text]
                scan_ms.append((time.perf_counter() - t) * 1000)

    med, worst = statistics.median(search_ms), max(search_ms)
    base = statistics.median(scan_ms)
    print(f"library: {len(docs)} articles, {words} words, {len(index.vocab)} distinct words; index built in {build_ms:.1f} ms")
    print(f"keystrokes timed: {len(search_ms)} ({len(QUERIES)} queries x {ROUNDS} rounds, letter by letter)")
    print(f"search per keystroke: median {med:.3f} ms, max {worst:.3f} ms (target < {TARGET_MS:.0f} ms)")
    print(f"baseline substring scan: median {base:.3f} ms, max {max(scan_ms):.3f} ms")
    print(f"ratio search/baseline (median): {med / base:.1f}x; max against target: {worst / TARGET_MS:.2f}")
    for p in problems[:3]:
        print(f"warning: {p}")
    if "--no-page" not in sys.argv:
        page_figures()
    return 0 if worst < TARGET_MS else 1


def page_figures() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    os.environ["CRAMP_COACH_HOME"] = tempfile.mkdtemp(prefix="cc-bench-")
    from PySide6.QtWidgets import QApplication

    from cramp_coach import content
    from cramp_coach.audio import Audio
    from cramp_coach.context import AppContext
    from cramp_coach.core.clock import FakeClock
    from cramp_coach.storage.paths import Paths
    from cramp_coach.storage.settings import Settings

    from cramp_coach.ui.reference.page import ReferencePage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paths = Paths.default()
    ctx = AppContext(paths, FakeClock(), content.load(), Settings(paths.settings_file), Audio())
    t = time.perf_counter()
    page = ReferencePage(ctx)
    page.resize(1100, 760)
    page.show()
    app.processEvents()
    built = (time.perf_counter() - t) * 1000
    typing, preview = [], []
    for q in QUERIES:
        page.search.clear()
        app.processEvents()
        for n in range(1, len(q) + 1):
            t = time.perf_counter()
            page.search.setText(q[:n])
            app.processEvents()
            typing.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        page._follow_search()
        app.processEvents()
        preview.append((time.perf_counter() - t) * 1000)
    print(
        f"page (offscreen): built and shown in {built:.0f} ms; list update per keystroke: median {statistics.median(typing):.1f} ms, max {max(typing):.1f} ms"
    )
    print(f"page: reading-pane preview after a pause: median {statistics.median(preview):.1f} ms, max {max(preview):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
