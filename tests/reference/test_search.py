"""Search: tokenizer, stems, typo tolerance, ranking, snippets, highlight positions."""

from __future__ import annotations

import pytest

from cramp_coach.core.search import Document, SearchIndex, damerau_levenshtein, highlight_spans, stem, tokenize

DOCS = [
    Document(
        "night",
        "Night-time leg cramps",
        "Most cramps happen at night. Stretch the hamstring and calf before bed.",
        "Why cramps wake you.",
        ("nocturnal",),
    ),
    Document("hamstring", "First aid for the hamstring", "Straighten the knee and raise the leg.", "Back of the thigh."),
    Document(
        "food",
        "Food and minerals",
        "Nuts and seeds contain magnesium. Bananas contain potassium.",
        "Magnesium, potassium, calcium.",
        ("diet",),
    ),
    Document("pregnancy", "Cramps in pregnancy", "Leg cramps are common when pregnant, later in the pregnancy.", "Pregnancy and cramps."),
    Document("swim", "Cramp while swimming", "Float on your back and signal for help. Do not swim on alone.", "In the water."),
    Document("magnets", "Myths", "Magnets and magnesium pills are sold as cures. Night cream is not a cure.", "Unsafe advice."),
]


@pytest.fixture(scope="module")
def index():
    return SearchIndex(DOCS)


def ids(hits):
    return [h.id for h in hits]


def test_tokenize_and_stem():
    assert tokenize("Don't STOP—night-time cramps, 3x!") == ["don't", "stop", "night", "time", "cramps", "3x"]
    assert {stem(w) for w in ("cramp", "cramps", "cramping", "cramped")} == {"cramp"}
    assert stem("pregnant") == stem("pregnancy") == stem("pregnancies")
    assert stem("swimming") == stem("swim") == stem("swims")
    assert stem("muscles") == "muscle" and stem("stretches") == stem("stretching") == "stretch"


@pytest.mark.parametrize(
    "a, b, limit, expected",
    [
        ("hamstrig", "hamstring", 2, 1),
        ("magnesum", "magnesium", 2, 1),
        ("nigth", "night", 1, 1),
        ("calf", "clf", 1, 1),
        ("abc", "xyz", 1, 2),
        ("", "ab", 2, 2),
    ],
)
def test_bounded_damerau_levenshtein(a, b, limit, expected):
    assert damerau_levenshtein(a, b, limit) == expected


@pytest.mark.parametrize(
    "query, first",
    [
        ("hamstrig", "hamstring"),
        ("magnesum", "food"),
        ("pregnant", "pregnancy"),
        ("nigth", "night"),
        ("swimming", "swim"),
        ("SWIM", "swim"),
    ],
)
def test_typos_stems_and_case_find_the_right_article_first(index, query, first):
    assert ids(index.search(query))[0] == first


def test_title_hits_rank_first(index):
    hits = index.search("night")
    assert ids(hits)[:2] == ["night", "magnets"]  # title hit, then the body hit
    assert hits[0].title_hit and not hits[1].title_hit
    assert ids(index.search("hamstring")) == ["hamstring", "night"]  # title beats body


def test_every_word_must_match_and_stopwords_are_ignored(index):
    assert ids(index.search("cramps pregnant")) == ["pregnancy"]
    assert ids(index.search("what is the hamstring")) == ids(index.search("hamstring"))
    assert index.search("xylophone") == [] and index.search("   ") == [] and index.search("!!") == []


def test_the_word_being_typed_matches_as_a_prefix(index):
    assert "food" in ids(index.search("magn"))  # still typing
    assert "food" in ids(index.search("magnesu"))  # typing, with a typo so far
    assert ids(index.search("preg")) == ["pregnancy"]
    # a finished one-letter word (followed by a space) is not a prefix any more
    assert "pregnancy" in ids(index.search("p")) and index.search("p ") == []


def test_no_false_friends_for_short_words(index):
    assert "magnets" not in ids(index.search("magnesium"))[:1]  # magnesium is in "food"'s title-free summary; magnets are not magnesium
    assert "food" not in ids(index.search("magnets"))


def test_hits_carry_snippet_and_terms(index):
    hit = index.search("magnesum")[0]
    assert hit.terms == ("magnesium",)
    assert "magnesium" in hit.snippet
    body_hit = index.search("alone")[0]
    assert body_hit.id == "swim" and body_hit.snippet.startswith("Float on your back") and "alone" in body_hit.snippet


def test_highlight_spans_are_whole_words():
    text = "Magnesium, magnets and MAGNESIUM."
    spans = highlight_spans(text, {"magnesium"})
    assert [text[a:b] for a, b in spans] == ["Magnesium", "MAGNESIUM"]
    assert highlight_spans(text, ()) == []


def test_snippet_is_cut_near_the_match():
    long = " ".join(["filler"] * 60) + " the rare word " + " ".join(["filler"] * 60)
    hit = SearchIndex([Document("x", "X", long)]).search("rare")[0]
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…") and "rare" in hit.snippet and len(hit.snippet) < 170
