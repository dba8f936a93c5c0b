"""Rules a clinician set for the content (issue #12, and the spoken-line part of #10), in English and Russian.

- A possibly clotted leg is urgent everywhere: one-sided swelling is listed under urgent help, never under
  "see a doctor soon", in the red-flags article (en and ru).
- The bedtime stretches ask for the trial's intensity: "a firm, moderate stretch, never painful", written and spoken.
- Every spoken line is short enough to follow by ear: at most 14 words a sentence and 20 a step.
- The seed article's questions each have an article that answers them (docs/seed-topics.md), and those articles exist
  in both languages and name their sources.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cramp_coach import content, i18n
from cramp_coach.content.reference import load_articles

ROOT = Path(__file__).resolve().parents[2]
MAX_SENTENCE, MAX_STEP = 14, 20
BEDTIME = ("bedtime_stretches", "bedtime_stretches_seated")
NEVER_PAINFUL = {"en": "never painful", "ru": "не до боли"}
FIRM_MODERATE = {"en": r"a firm, moderate stretch, never painful", "ru": r"ощутим\w* и умеренн\w*.*не до боли"}


@pytest.fixture(params=["en", "ru"])
def lang(request):
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def words(text: str) -> list[str]:
    return [w for w in text.split() if re.search(r"\w", w)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def too_long(text: str) -> list[str]:
    out = [f"{len(words(text))} words in the step: {text}"] if len(words(text)) > MAX_STEP else []
    return out + [f"{len(words(s))} words in a sentence: {s}" for s in sentences(text) if len(words(s)) > MAX_SENTENCE]


def test_the_length_check_catches_long_lines():
    assert too_long("Hold a chair. Cramped leg forward, knee straight. Bend the other knee. Lean forward. Hold") == []
    assert too_long("Hold a chair. Cramped leg a little forward, knee straight, heel down. Bend the other knee and lean "
                    "forward from your hips. Hold")  # fmt: skip
    assert too_long("Stand, hold on to something, and press the heel of the cramped leg into the floor, firmly")


def test_every_spoken_line_is_short(lang):
    library = content.load()
    long = {}
    for r in library.routines.values():
        for s in r.steps:
            found = too_long(s.spoken)
            if found:
                long[f"{r.id}/{s.id}"] = found
        for c in r.cautions:  # cautions are spoken before the first step too
            found = [f for f in too_long(c) if "sentence" in f]
            if found:
                long[f"{r.id}/caution"] = found
    assert long == {}


@pytest.mark.parametrize("rid", BEDTIME)
def test_bedtime_stretch_intensity_is_the_trials(lang, rid):
    r = content.load().routines[rid]
    assert any(re.search(FIRM_MODERATE[lang], c) for c in r.cautions), r.cautions
    stretches = [s for s in r.steps if not s.id.startswith("rest")]
    assert len(stretches) == 12
    for s in stretches:
        assert NEVER_PAINFUL[lang] in s.spoken, s.spoken  # heard, not only read
        assert NEVER_PAINFUL[lang] in s.text, s.text
    assert "comfortable" not in " ".join(s.text + s.spoken for s in stretches)


def _section(body: str, heading: str) -> str:
    parts = re.split(r"\n(?=## )", "\n" + body)
    (found,) = [p for p in parts if p.strip().startswith(f"## {heading}")]
    return found


RED_FLAG_SECTIONS = {
    "en": ("Get urgent medical help today", "See a doctor soon", r"swelling in one leg", r"swell"),
    "ru": ("Нужна срочная медицинская помощь сегодня", "В ближайшее время покажитесь врачу", r"отёк одной ноги", r"отёк|отек"),
}


def test_one_swollen_leg_is_urgent_in_the_red_flags_article(lang):
    articles, _problems = load_articles(language=lang)
    body = articles["red-flags"].body
    urgent_heading, soon_heading, one_leg, swelling = RED_FLAG_SECTIONS[lang]
    urgent, soon = _section(body, urgent_heading), _section(body, soon_heading)
    assert re.search(one_leg, urgent, re.I)
    assert re.search(r"не растягивайте|do not stretch", urgent, re.I)
    # "soon" must not list swelling: a swollen leg is never a matter for "soon"
    soon_list = "\n".join(line for line in soon.splitlines() if line.startswith("- "))
    assert not re.search(swelling, soon_list, re.I), soon_list


SWELLS_THEN_SOON = {
    "en": r"(or (the|a|one) (leg|foot|calf|thigh) swells|swelling)[^.;]*,? see a doctor(?! today)",
    "ru": r"или (нога |стопа )?отекл\w*[^.;]*,? обратитесь к врачу(?! сегодня)",
}


def test_no_article_sends_a_swollen_leg_to_see_a_doctor_some_day(lang):
    """A swollen leg is "today", in every article: never "... or the leg swells, see a doctor"."""
    articles, _problems = load_articles(language=lang)
    found = {a.id: m.group(0) for a in articles.values() if (m := re.search(SWELLS_THEN_SOON[lang], a.body, re.I))}
    assert found == {}


def test_russian_what_is_a_cramp_tells_a_cramp_from_a_fit():
    articles, _problems = load_articles(language="ru")
    body = articles["what-is-a-cramp"].body.lower()
    assert "свело ногу" in body and "судорожный припадок" in body


# --- the seed's questions -------------------------------------------------------------------
TABLE = ROOT / "docs" / "seed-topics.md"


def seed_topics() -> list[tuple[str, list[str]]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and line.startswith("|") and not set(cells[0]) <= set("-: ") and cells[0] != "Topic":
            rows.append((cells[0], re.findall(r"`([a-z0-9-]+)`", cells[2])))
    return rows


def test_the_seed_topic_table_is_complete():
    topics = seed_topics()
    assert len(topics) >= 24  # 9 unanswered + 15 partly answered in the issue
    for topic, ids in topics:
        assert ids, f"no article named for {topic!r}"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_article_in_the_seed_table_exists_and_names_its_sources(language):
    articles, problems = load_articles(language=language)
    assert [str(p) for p in problems] == []
    for topic, ids in seed_topics():
        for aid in ids:
            assert aid in articles, (topic, aid)
            a = articles[aid]
            assert a.sources and all(len(s) > 10 for s in a.sources), (topic, aid)
            if language == "ru":  # translated, not the English fallback
                assert re.search("[а-яё]", a.body, re.I), (topic, aid)


def test_reference_section_names_are_translated():
    from cramp_coach.content.reference import SECTIONS, section_names

    i18n.install("ru")
    try:
        names = section_names()
        assert set(names) == set(SECTIONS)
        assert all(re.search("[а-яё]", names[s], re.I) for s in SECTIONS), names
        assert all(i18n._(s) == names[s] for s in SECTIONS)  # what the page shows: _(article.section)
    finally:
        i18n.install("en")
