"""Content loading: good files, broken files (every problem reported with file:line: field), fallbacks."""

import textwrap
from pathlib import Path

from cramp_coach import content
from cramp_coach.content.routines import load_library
from cramp_coach.core.models import Library


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


GOOD = """\
schema_version: 1
exercises:
  - id: pull
    title: Pull your toes
    text: Pull the toes toward you.
    muscle: calf
    seconds: 20
  - id: press
    title: Press the heel
    text: Stand and press the heel down.
    say: Stand and press your heel down. Hold
    muscle: calf
    seconds: 15
routines:
  - id: test_routine
    kind: prevention
    title: Test
    muscle: calf
    steps:
      - exercise: pull
      - rest: 5
      - repeat: 2
        sides: [left, right]
        steps:
          - exercise: press
            seconds: 10
          - rest: 3
"""


def load(*paths):
    return load_library([(p, p.name, False) for p in paths])


def test_good_file_expands_repeats_sides_and_rests(tmp_path):
    lib = load(write(tmp_path, "good.yaml", GOOD))
    assert lib.problems == []
    r = lib.routines["test_routine"]
    got = [(s.id, s.side, s.seconds) for s in r.steps]
    assert got == [
        ("pull", "", 20),
        ("rest", "", 5),
        ("press", "left", 10),
        ("rest", "left", 3),
        ("press", "left", 10),
        ("rest", "left", 3),
        ("press", "right", 10),
        ("rest", "right", 3),
        ("press", "right", 10),
        ("rest", "right", 3),
    ]
    assert r.total_seconds == 77
    assert r.steps[2].spoken == "Stand and press your heel down. Hold"
    assert r.muscles == ("calf",)


def test_every_problem_is_reported_with_line_and_field(tmp_path):
    bad = write(
        tmp_path,
        "bad.yaml",
        """\
        schema_version: 1
        exercises:
          - id: Bad-Id
            title: x
            text: y
            muscle: elbow
            seconds: -3
          - id: ok_one
            title: Fine
            text: Fine.
            muscle: calf
            seconds: 10
            colour: red
        routines:
          - id: r1
            kind: sometimes
            title: R
            muscle: calf
            alternative: nowhere
            steps:
              - exercise: missing_one
              - rest: 0
              - repeat: 100
                steps: []
          - id: r2
            kind: first-aid
            title: Fine routine
            muscle: calf
            alternative: also_missing
            steps:
              - exercise: ok_two
        """,
    )
    lib = load(bad)
    lines = [str(p) for p in lib.problems]
    assert "bad.yaml:3: exercises[0].id: 'Bad-Id' must use only a-z, 0-9 and _" in lines
    assert any(s.startswith("bad.yaml:6: exercises[0].muscle:") for s in lines)
    assert any(s.startswith("bad.yaml:7: exercises[0].seconds:") for s in lines)
    assert any(s.startswith("bad.yaml:13: exercises.ok_one.colour: unknown field") for s in lines)
    assert any(s.startswith("bad.yaml:16: routines.r1.kind:") for s in lines)
    assert "bad.yaml:21: routines.r1.steps[0].exercise: unknown exercise 'missing_one'" in lines
    assert any(s.startswith("bad.yaml:22: routines.r1.steps[1].rest:") for s in lines)
    assert any(s.startswith("bad.yaml:23: routines.r1.steps[2].repeat:") for s in lines)
    assert any(s.startswith("bad.yaml:31: routines.r2.steps[0].exercise: unknown exercise 'ok_two'") for s in lines)
    assert lib.routines == {}


def test_invalid_yaml_names_the_line(tmp_path):
    p = write(tmp_path, "broken.yaml", "schema_version: 1\nroutines:\n  - id: x\n    title: [unclosed\n")
    lib = load(p)
    assert len(lib.problems) == 1
    prob = lib.problems[0]
    assert prob.file == "broken.yaml" and prob.field == "yaml" and prob.line >= 4


def test_wrong_schema_version_and_not_a_mapping(tmp_path):
    a = write(tmp_path, "a.yaml", "schema_version: 7\n")
    b = write(tmp_path, "b.yaml", "- just\n- a list\n")
    c = write(tmp_path, "c.yaml", "")
    lib = load(a, b, c)
    assert [str(p) for p in lib.problems] == [
        "a.yaml:1: schema_version: must be 1, not 7",
        "b.yaml:1: file: must be a mapping with schema_version and exercises/routines",
    ]


def test_duplicate_keys_and_ids_reported(tmp_path):
    a = write(tmp_path, "a.yaml", GOOD)
    b = write(tmp_path, "b.yaml", GOOD.replace("title: Test", "title: Test\n    title: Again"))
    lib = load(a, b)
    lines = [str(p) for p in lib.problems]
    assert any("b.yaml" in s and "exercises.pull.id: already defined at a.yaml" in s for s in lines)
    assert any(s.startswith("b.yaml:") and ": title: given twice" in s for s in lines)


def test_undecodable_file(tmp_path):
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"\xff\xfe\x00bad")
    lib = load(p)
    assert lib.problems[0].field == "file" and "cannot be read" in lib.problems[0].message


def test_exercises_shared_across_files(tmp_path):
    ex = write(tmp_path, "ex.yaml", GOOD.split("routines:")[0])
    rt = write(tmp_path, "rt.yaml", "schema_version: 1\nroutines:" + GOOD.split("routines:")[1])
    lib = load(rt, ex)
    assert lib.problems == [] and "test_routine" in lib.routines


def test_missing_image_is_reported(tmp_path):
    p = write(tmp_path, "img.yaml", GOOD.replace("seconds: 20", "seconds: 20\n    image: nope.svg"))
    lib = load_library([(p, "img.yaml", False)], tmp_path)
    assert any("no such image in assets/images: nope.svg" in str(x) for x in lib.problems)


def test_builtin_calf_when_shipped_content_is_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(content, "shipped_files", lambda: [write(tmp_path, "broken.yaml", "schema_version: [")])
    lib = content.load(None)
    calf = lib.first_aid("calf")
    assert calf is not None and calf.kind == "first-aid" and len(calf.steps) >= 3
    assert lib.problems and lib.problems[0].field == "yaml"


def test_user_routines_marked_custom_and_bad_ones_reported(tmp_path):
    user = tmp_path / "routines"
    user.mkdir()
    write(
        user,
        "mine.yaml",
        GOOD.replace("id: test_routine", "id: my_routine")
        .replace("id: pull", "id: my_pull")
        .replace("exercise: pull", "exercise: my_pull")
        .replace("id: press", "id: my_press")
        .replace("exercise: press", "exercise: my_press"),
    )
    write(user, "bad.yaml", "schema_version: 1\nroutines: 3\n")
    lib = content.load(user)
    assert lib.routines["my_routine"].custom is True
    assert any(str(user / "bad.yaml") in str(p) for p in lib.problems)


def test_library_first_aid_lookup():
    lib = Library()
    assert lib.first_aid("calf") is None
