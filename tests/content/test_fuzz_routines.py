"""A fuzzer over user routine files (issue 14): whatever a file holds, loading it never raises, never
takes long, never yields a routine the player cannot show, and never touches the shipped first aid."""

import tempfile
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cramp_coach import content
from cramp_coach.content import routines as rt

BASE = content.load_shipped()
CALF = BASE.routines["first_aid_calf"]
WORDS = ["calf", "foot", "left", "right", "rest", "repeat", "steps", "exercise", "calf_toes_pull", "first_aid_calf", "", "x" * 300]
KEYS = [
    "id",
    "title",
    "text",
    "say",
    "muscle",
    "seconds",
    "image",
    "kind",
    "steps",
    "repeat",
    "rest",
    "exercise",
    "sides",
    "alternative",
    "cautions",
    "summary",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-10, max_value=10**6),
    st.floats(allow_nan=True),
    st.sampled_from(WORDS),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=5), st.dictionaries(st.sampled_from(KEYS), kids, max_size=6)),
    max_leaves=40,
)
step = st.recursive(
    st.one_of(
        st.fixed_dictionaries(
            {"exercise": st.sampled_from(["calf_toes_pull", "h_pull", "nope", 3])}, optional={"seconds": scalars, "sides": values}
        ),
        st.fixed_dictionaries({"rest": st.one_of(st.integers(-5, 5000), scalars)}),
    ),
    lambda kids: st.fixed_dictionaries({"repeat": st.integers(-1, 60), "steps": st.lists(kids, max_size=4)}, optional={"sides": values}),
    max_leaves=30,
)
exercise = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["h_pull", "calf_toes_pull", "Bad Id", 7]),
        "title": scalars,
        "text": scalars,
        "muscle": st.sampled_from(["calf", "moon", 1]),
        "seconds": scalars,
    },
    optional={"image": st.one_of(st.sampled_from(["calf_towel.svg", "../x", "x" * 300]), scalars), "say": scalars},
)
routine = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["h_r", "first_aid_calf", "first_aid_foot", "Bad"]),
        "kind": st.sampled_from(["prevention", "first-aid", "odd"]),
        "title": scalars,
        "muscle": st.sampled_from(["calf", "hand", "nowhere"]),
        "steps": st.one_of(st.lists(step, max_size=5), values),
    },
    optional={"alternative": st.sampled_from(["first_aid_calf", "missing"]), "cautions": values, "extra": values},
)
document = st.fixed_dictionaries(
    {"schema_version": st.sampled_from([1, 1, 1, 2, "1"])},
    optional={"exercises": st.one_of(st.lists(exercise, max_size=4), values), "routines": st.one_of(st.lists(routine, max_size=3), values)},
)


def _yaml(doc, aliases: bool) -> str:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    if aliases:  # step lists of aliases of aliases, bolted on
        text += "z: &a [{exercise: h_pull}, {exercise: h_pull}]\n"
        text += "y: &b [{repeat: 50, steps: *a}, {repeat: 50, steps: *a}, {repeat: 50, steps: *a}]\n"
        text += "w: [{id: h_alias, kind: prevention, title: A, muscle: calf, steps: [{repeat: 50, steps: *b}]}]\n"
    return text


def _check(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        (folder / "fuzz.yaml").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        t0 = time.monotonic()
        extra = content.load_user(BASE, folder)
        assert time.monotonic() - t0 < rt.TIME_BUDGET * 2 + 1
    for r in extra.routines.values():
        assert r.id not in BASE.routines
        assert 1 <= len(r.steps) <= rt.MAX_STEPS
        assert all(1 <= s.seconds <= rt.MAX_SECONDS and s.title and s.text for s in r.steps)
    assert all(p.file.endswith("fuzz.yaml") or "fuzz" in p.file for p in extra.problems)
    lib = content.load_shipped()
    content.merge(lib, extra)
    assert lib.routines["first_aid_calf"] == CALF and lib.first_aid("calf") == CALF


FUZZ = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(document, st.booleans())
def test_structured_routine_files(doc, aliases):
    _check(_yaml(doc, aliases))


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("[]{}:-&*!|>'\"#, \n\tabc01\ufeff")), max_size=400))
def test_yaml_syntax_soup(text):
    _check("schema_version: 1\n" + text)


@settings(max_examples=60, deadline=None, database=None)
@given(st.binary(max_size=600))
def test_random_bytes(data):
    _check(data)
