"""The content the app ships (exercises/**/*.yaml) is complete, valid and safe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cramp_coach import content, resources
from cramp_coach.content.builtin import builtin_calf
from cramp_coach.content.routines import load_library
from cramp_coach.core.models import MUSCLES, Library, Routine

# Fixed names shared by the project (notes/COMMON.md).
IMAGES = {
    f"{name}.svg"
    for name in """
    region_calf region_foot region_hamstring region_quadriceps region_hand region_water
    calf_towel calf_stand calf_massage calf_wall calf_seated_towel calf_raise foot_toes_pull
    foot_stand_toes foot_massage toe_curls ankle_circles heel_toe_rock hamstring_lying_towel
    hamstring_seated hamstring_standing quad_standing quad_side_lying quad_massage hand_fingers_back
    hand_open_close hand_massage water_float water_reach_toes water_signal leg_swings march_in_place
    walk_gently rest
    """.split()
}
ALTERNATIVES = {m: f"first_aid_{m}_alt" for m in MUSCLES if m != "water"}
PREVENTION = (
    "bedtime_stretches",
    "bedtime_stretches_seated",
    "wall_calf_three_times",
    "morning_legs",
    "desk_break",
    "before_sport",
    "after_sport",
    "pregnancy_evening",
    "feet_and_toes",
)

# The never-advise list of shared/CONTENT.md, as whole words (case-insensitive).
NEVER_ADVISE = re.compile(
    r"\b("
    r"pins?|pinpricks?|needles?|prick(s|ing)?|stab(s|bing)?|quinine|tinctures?|datura|thorn[- ]?apple|"
    r"lilac|magnets?|magnetic|mustard|vinegar|alcohol rubs?|rub(bing)? with alcohol|dose|doses|dosage|mg"
    r")\b",
    re.IGNORECASE,
)
# The player speaks the duration itself; texts must not carry their own.
DURATION = re.compile(r"\b(\d+\s*(s|sec|secs|seconds?|min|minutes?)|(ten|twenty|thirty|sixty) seconds?)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def lib() -> Library:
    return content.check()


def routine_texts(r: Routine) -> list[str]:
    texts = [r.title, r.summary, *r.cautions]
    for s in r.steps:
        texts += [s.title, s.text, s.say]
    return [t for t in texts if t]


def test_shipped_content_has_no_problems(lib):
    assert [str(p) for p in lib.problems] == []
    assert set(PREVENTION) <= set(lib.routines)


def test_loading_for_the_app_uses_the_file_calf_routine_not_the_builtin():
    loaded = content.load(None)
    assert loaded.problems == []
    assert loaded.routines["first_aid_calf"].source.startswith("exercises/first_aid/")


def test_each_first_aid_file_loads_on_its_own():
    # A broken prevention file must never take first aid with it.
    files = sorted((resources.exercises_dir() / "first_aid").glob("*.yaml"))
    assert len(files) == len(MUSCLES)
    for path in files:
        alone = load_library([(path, path.name, False)], resources.assets_dir() / "images")
        assert [str(p) for p in alone.problems] == [], path.name
        assert any(r.kind == "first-aid" for r in alone.routines.values()), path.name


def test_every_muscle_has_first_aid(lib):
    for muscle in MUSCLES:
        r = lib.routines.get(f"first_aid_{muscle}")
        assert r is not None, muscle
        assert (r.kind, r.muscle) == ("first-aid", muscle)
        assert lib.first_aid(muscle) is r


def test_alternatives_exist_and_are_first_aid_for_the_same_muscle(lib):
    for muscle, alt_id in ALTERNATIVES.items():
        assert lib.routines[f"first_aid_{muscle}"].alternative == alt_id
    assert not lib.routines["first_aid_water"].alternative
    with_alternative = [r for r in lib.routines.values() if r.alternative]
    assert len(with_alternative) >= len(ALTERNATIVES)
    for r in with_alternative:
        alt = lib.routines.get(r.alternative)
        assert alt is not None, f"{r.id} -> {r.alternative}"
        assert alt.id != r.id
        assert (alt.kind, alt.muscle) == ("first-aid", r.muscle), f"{r.id} -> {alt.id}"


def test_first_aid_routines_are_short_holds(lib):
    for r in lib.by_kind("first-aid"):
        assert 3 <= len(r.steps) <= 5, r.id
        assert all(5 <= s.seconds <= 30 for s in r.steps), r.id
        if r.muscle != "water":  # the water drill is paced by the person, not a timer: see below
            assert 80 <= r.total_seconds <= 180, (r.id, r.total_seconds)


def test_file_calf_first_aid_matches_the_builtin(lib):
    built, shipped = builtin_calf(), lib.routines["first_aid_calf"]
    n = len(built.steps)
    assert [(s.id, s.image) for s in shipped.steps[:n]] == [(s.id, s.image) for s in built.steps]
    assert [s.image for s in shipped.steps[:n]] == ["calf_towel.svg", "calf_stand.svg", "calf_massage.svg"]


def test_prevention_routines_exist(lib):
    for rid in PREVENTION:
        r = lib.routines.get(rid)
        assert r is not None, rid
        assert r.kind == "prevention", rid
        assert 60 <= r.total_seconds <= 600, (rid, r.total_seconds)


@pytest.mark.parametrize("rid", ["bedtime_stretches", "bedtime_stretches_seated"])
def test_bedtime_stretches_follow_the_trial_protocol(lib, rid):
    r = lib.routines[rid]
    assert 150 <= r.total_seconds <= 240
    for muscle in ("calf", "hamstring"):
        for side in ("left", "right"):
            holds = [s for s in r.steps if s.muscle == muscle and s.side == side and not s.rest]
            assert len(holds) == 3, (muscle, side)
            assert all(8 <= s.seconds <= 15 for s in holds)
    rests = [s for s in r.steps if s.rest and s.side]
    assert rests and all(s.seconds == 10 for s in rests)
    assert r.muscles == ("calf", "hamstring")


def test_sides_are_announced_by_alternating_left_and_right(lib):
    sided = [r for r in lib.routines.values() if any(s.side for s in r.steps)]
    assert "wall_calf_three_times" in {r.id for r in sided}
    for r in sided:
        sides = [s.side for s in r.steps if s.side]
        assert sides.count("left") == sides.count("right"), r.id


def test_every_step_image_is_a_known_picture(lib):
    for r in lib.routines.values():
        for k, s in enumerate(r.steps, 1):
            assert s.image in IMAGES, f"{r.id} step {k}: {s.image!r}"


def test_every_step_can_be_followed_by_ear(lib):
    for r in lib.routines.values():
        for k, s in enumerate(r.steps, 1):
            assert s.title and s.text and s.spoken, f"{r.id} step {k}"
            for t in (s.text, s.say):
                assert not DURATION.search(t), f"{r.id} step {k} gives its own duration: {t!r}"


def test_never_advise_terms_appear_nowhere(lib):
    texts = [t for r in lib.routines.values() for t in routine_texts(r)]
    texts += [t for e in lib.exercises.values() for t in (e.title, e.text, e.say) if t]
    assert len(texts) > 100
    bad = [(NEVER_ADVISE.search(t).group(0), t) for t in texts if NEVER_ADVISE.search(t)]
    assert bad == []
    for t in texts:
        if re.search(r"\bsupplements?\b", t, re.IGNORECASE):
            assert re.search(r"\b(doctor|midwife)\b", t, re.IGNORECASE), t


def test_never_advise_pattern_catches_what_it_should():
    for t in ("Prick it with a pin", "A NEEDLE helps", "take quinine", "lilac tincture", "wear a magnet"):
        assert NEVER_ADVISE.search(t), t
    for t in ("Keep your spine long", "spinach", "stable", "pinch gently"):
        assert not NEVER_ADVISE.search(t), t


def test_pregnancy_routine_is_seated_and_carries_its_cautions(lib):
    r = lib.routines["pregnancy_evening"]
    cautions = " ".join(r.cautions).lower()
    for needed in ("midwife", "stop", "flat on your back", "one leg", "supplements"):
        assert needed in cautions, needed
    assert not any(s.image in {"hamstring_lying_towel.svg", "quad_side_lying.svg", "hamstring_standing.svg"} for s in r.steps)


def test_water_first_aid_puts_safety_first(lib):
    r = lib.routines["first_aid_water"]
    # what to know before you swim: calling for help first, then floating; a drill rehearsed on land
    assert [s.id for s in r.steps[:2]] == ["water_signal", "water_float"]
    assert "help" in r.steps[0].spoken.lower() and "before you swim" in r.title
    assert any("on land" in c for c in r.cautions)
    # nobody in the water follows a timer: every step in the water is very short (one short sentence or two)
    in_water = [s for s in r.steps if s.id != "water_stretch_ashore"]
    assert all(s.seconds <= 10 for s in in_water), [(s.id, s.seconds) for s in in_water]
    said = " ".join(s.spoken for s in r.steps).lower()
    assert "help" in said and "edge" in said
    assert not re.search(r"\bwalk", said)
    assert any("alone" in c for c in r.cautions)
    # "If not, just float. Hold" left "hold what?": no water step ends on a bare "Hold" after "if not"
    assert not any(re.search(r"if not[^.]*\.\s*hold\b", s.spoken.lower()) for s in r.steps)


def test_readme_example_is_valid_and_runs_as_described(tmp_path):
    readme = (resources.exercises_dir() / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.S).group(1)
    path: Path = tmp_path / "my_routine.yaml"
    path.write_text(example, encoding="utf-8")
    files = [(p, p.name, False) for p in content.shipped_files()] + [(path, path.name, True)]
    lib = load_library(files, resources.assets_dir() / "images")
    assert [str(p) for p in lib.problems] == []
    r = lib.routines["my_evening_calves"]
    assert r.custom and len(r.steps) == 12 and r.total_seconds == 200
    assert [s.side for s in r.steps] == ["left", "right"] + ["left"] * 4 + ["right"] * 4 + ["left", "right"]
