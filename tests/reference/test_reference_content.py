"""The shipped library: complete, sourced, every link resolves, and nothing on CONTENT.md's never-advise list.

Outside "Myths and unsafe advice" no article and no routine step may mention the unsafe remedies at all
(pins or needles, quinine, plant tinctures, magnets, mustard or vinegar drinks, doses); supplements may
only be mentioned in a section that also sends the reader to a doctor, midwife or pharmacist.
"""

from __future__ import annotations

import re

import pytest

from cramp_coach import content
from cramp_coach.content.reference import RED_FLAGS, SECTIONS, load_articles, reference_dir

EXPECTED_IDS = {
    "what-is-a-cramp", "night-cramps", "sport-and-heat", "swimming", "first-aid-calf", "first-aid-foot", "first-aid-hamstring",
    "first-aid-quadriceps", "first-aid-hand", "stretching-prevention", "everyday-prevention", "food-minerals", "medicines",
    "pregnancy", "children", "older-adults", "athletes", "red-flags", "myths", "about-app",
    "conditions-and-tests", "lifestyle", "home-remedies", "womens-health",  # the seed's questions (docs/seed-topics.md)
}  # fmt: skip
MYTHS = "myths"

NEVER = {
    "pricking the muscle": r"\b(prick\w*|stab\w*|pierc\w*|pins?|needles?)\b",
    "quinine": r"\bquinine\b|\btonic water\b",
    "plant tinctures": r"\btinctures?\b|\bdatura\b|\bthorn-?apple\b|\blilac\b|\bdecoction\b",
    "magnets": r"\bmagnet(s|ic)?\b",
    "mustard or vinegar drinks": r"\bmustard\b|\bvinegar\b",
    "medicine doses": r"\b\d+(\.\d+)?\s?(mg|mcg|µg|milligrams?|micrograms?|ml|iu|tablets? a day|times a day)\b",
    "swimming on alone": r"(?<!don't )(?<!do not )(?<!never )\b(keep|carry on|continue|go on) swimming\b|(?<!don't )(?<!do not )(?<!never )\bswim on\b",
}
SUPPLEMENT = re.compile(r"\bsupplement", re.I)
ADVISER = re.compile(r"\b(doctor|midwife|pharmacist|GP)s?\b", re.I)


def unsafe(text: str) -> list[str]:
    """Never-advise items mentioned in `text` ("pins and needles", the tingling feeling, is fine)."""
    low = re.sub(r"pins and needles", "tingling", text.lower())
    found = [name for name, pattern in NEVER.items() if re.search(pattern, low)]
    sections = re.split(r"\n(?=#{1,6} )", text)
    found += ["supplement without a doctor's advice" for s in sections if SUPPLEMENT.search(s) and not ADVISER.search(s)]
    return found


def test_the_checker_catches_unsafe_advice():
    assert unsafe("Prick the calf with a pin.") == ["pricking the muscle"]
    assert unsafe("Drink tonic water; it has quinine.") == ["quinine"]
    assert unsafe("A tincture of datura seeds.") == ["plant tinctures"]
    assert unsafe("Take 300 mg of magnesium.") == ["medicine doses"]
    assert unsafe("Wear magnetic insoles.") == ["magnets"]
    assert unsafe("Then keep swimming to the shore.") == ["swimming on alone"]
    assert unsafe("Don't carry on swimming alone. Do not keep swimming. Do not swim on.") == []
    assert unsafe("Swim on to the shore.") == ["swimming on alone"]
    assert unsafe("## Food\nTake a magnesium supplement.") == ["supplement without a doctor's advice"]
    assert unsafe("## Food\nTake supplements only on a doctor's advice.\n\n## Other\nNo pins and needles here.") == []


@pytest.fixture(scope="module")
def shipped():
    if not reference_dir().is_dir() or not any(reference_dir().glob("*.md")):
        pytest.skip(f"no articles shipped yet in {reference_dir()}")
    library = content.load()
    articles, problems = load_articles(routine_ids=set(library.routines))
    return articles, problems, library


def test_every_article_is_valid_and_every_link_resolves(shipped):
    _articles, problems, _lib = shipped
    assert [str(p) for p in problems] == []


def test_the_library_is_complete_and_sourced(shipped):
    articles, _problems, _lib = shipped
    assert EXPECTED_IDS <= set(articles), f"missing: {sorted(EXPECTED_IDS - set(articles))}"
    assert RED_FLAGS in articles and articles[RED_FLAGS].section == "Safety"
    for a in articles.values():
        assert a.sources and all(len(s) > 10 for s in a.sources), a.id
        assert a.section in SECTIONS


def test_first_aid_articles_offer_start_this_now(shipped):
    articles, _problems, _lib = shipped
    for muscle in ("calf", "foot", "hamstring", "quadriceps", "hand"):
        links = {(k.kind, k.target) for k in articles[f"first-aid-{muscle}"].links}
        assert ("routine", f"first_aid_{muscle}") in links
    assert ("routine", "first_aid_water") in {(k.kind, k.target) for k in articles["swimming"].links}


def test_no_article_outside_the_myths_page_advises_anything_unsafe(shipped):
    articles, _problems, _lib = shipped
    bad = {a.id: unsafe("\n".join((a.title, a.summary, a.body))) for a in articles.values() if a.id != MYTHS}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_routine_step_advises_anything_unsafe(shipped):
    _articles, _problems, library = shipped
    bad = {}
    for r in library.routines.values():
        texts = [r.title, r.summary, *r.cautions] + [t for s in r.steps for t in (s.title, s.text, s.say)]
        found = unsafe("\n\n".join(texts))
        if found:
            bad[r.id] = found
    assert bad == {}


def test_the_myths_page_answers_each_unsafe_remedy(shipped):
    articles, _problems, _lib = shipped
    myths = articles[MYTHS]
    text = myths.body.lower()
    for name, pattern in NEVER.items():
        if name in ("medicine doses", "swimming on alone", "mustard or vinegar drinks"):
            continue
        assert re.search(pattern, text), f"the myths page does not address {name}"
    assert "magnesium" in text and "food and drug administration" in text
    assert any("FDA" in s for s in myths.sources)
