"""Load and validate exercises and routines from YAML.

File format (schema_version 1)::

    schema_version: 1
    exercises:
      - id: calf_towel_pull           # [a-z0-9_]+
        title: Pull your toes toward you
        text: One or two short sentences shown on screen.
        say: Optional spoken version (defaults to text).
        muscle: calf
        seconds: 30
        image: calf_pull.svg          # under assets/images
    routines:
      - id: first_aid_calf
        kind: first-aid               # or prevention
        title: Calf cramp
        muscle: calf
        summary: One line for lists.
        alternative: first_aid_calf_standing   # another routine id (optional)
        cautions: [Optional warnings shown before starting]
        steps:
          - exercise: calf_towel_pull # seconds/title/text/say may be overridden here
            seconds: 20
            sides: [left, right]      # expands to one step per side, announced
          - rest: 10                  # a rest step of 10 s (text optional)
          - repeat: 3                 # repeats without copying steps
            sides: [left, right]      # optional: the whole block per side
            steps: [...]

Every problem is collected (never only the first) as file:line: field: message.
A file with problems contributes nothing from the broken item; the rest loads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cramp_coach.content.yamlfile import LDict, LList, read_yaml
from cramp_coach.core.models import KINDS, MUSCLES, Exercise, Library, Problem, Routine, Step
from cramp_coach.i18n import _

SCHEMA_VERSION = 1
BODY_PARTS = (*MUSCLES, "ankle", "hip", "back", "legs", "whole body")
_ID = re.compile(r"^[a-z0-9_]+$")
_EX_FIELDS = {"id", "title", "text", "say", "muscle", "seconds", "image"}
_RT_FIELDS = {"id", "kind", "title", "muscle", "summary", "alternative", "cautions", "steps"}
MAX_SECONDS = 3600
# What one file may cost (issue 14): a routine as the player shows it, the work spent expanding
# repeats and YAML aliases, the time spent, and the problems listed. Anything over is refused and said.
MAX_STEPS = 500
MAX_DEPTH = 6  # repeat inside repeat inside ...
WORK_BUDGET = 20_000  # list items visited while expanding one file
TIME_BUDGET = 2.0  # seconds of validation per file
MAX_PROBLEMS = 50
_IMAGE = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


# Content texts are looked up in the same translation catalogue as the interface
# (cramp_coach/locale/<lang>.po, kept complete by `python -m cramp_coach.i18n_extract`).
TRANSLATED_FIELDS = ("title", "text", "say", "summary", "cautions")


def _tr(text: str) -> str:
    return _(text) if text else text


class _File:
    """Validation context for one file: collects problems with its shown name."""

    def __init__(self, shown: str, images_dir: Path | None) -> None:
        self.shown = shown
        self.images_dir = images_dir
        self.problems: list[Problem] = []
        self.work = WORK_BUDGET
        self.deadline = time.monotonic() + TIME_BUDGET
        self.exhausted = False
        self.dropped = 0

    def bad(self, line: int, field: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.dropped += 1
            return
        self.problems.append(Problem(self.shown, line, field, message))

    @property
    def total(self) -> int:
        return len(self.problems) + self.dropped

    def restart_clock(self) -> None:
        self.deadline = time.monotonic() + TIME_BUDGET

    def spend(self, line: int, where: str) -> bool:
        """Count one unit of work; False (and one problem said) once the file has cost too much."""
        self.work -= 1
        if not self.exhausted and (self.work < 0 or time.monotonic() > self.deadline):
            self.exhausted = True
            self.bad(line, where, "the file is too large or too complex to load (repeats or aliases expand too far)")
        return not self.exhausted

    def image_ok(self, image: str) -> bool:
        if not _IMAGE.match(image) or image.startswith("."):
            return False
        try:
            return self.images_dir is None or (self.images_dir / image).is_file()
        except OSError:
            return False

    def text(self, d: LDict, key: str, where: str, required: bool = True) -> str:
        v = d.get(key)
        if v is None:
            if required:
                self.bad(d.line, f"{where}.{key}", "missing")
            return ""
        if not isinstance(v, str) or not v.strip():
            self.bad(d.line_of(key), f"{where}.{key}", "must be non-empty text")
            return ""
        return v.strip()

    def seconds(self, d: LDict, key: str, where: str, required: bool = True) -> int:
        v = d.get(key)
        if v is None:
            if required:
                self.bad(d.line, f"{where}.{key}", "missing")
            return 0
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= MAX_SECONDS:
            self.bad(d.line_of(key), f"{where}.{key}", f"must be a whole number of seconds from 1 to {MAX_SECONDS}, not {v!r}")
            return 0
        return v

    def ident(self, d: LDict, where: str) -> str:
        v = self.text(d, "id", where)
        if v and not _ID.match(v):
            self.bad(d.line_of("id"), f"{where}.id", f"{v!r} must use only a-z, 0-9 and _")
            return ""
        return v

    def unknown(self, d: LDict, allowed: set[str], where: str) -> None:
        for key in d:
            if key not in allowed:
                self.bad(d.line_of(str(key)), f"{where}.{key}", f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _parse_exercise(f: _File, d: Any, line: int, where: str) -> Exercise | None:
    if not isinstance(d, LDict):
        f.bad(line, where, "must be a mapping of fields")
        return None
    before = f.total
    ex_id = f.ident(d, where)
    where = f"exercises.{ex_id}" if ex_id else where
    f.unknown(d, _EX_FIELDS, where)
    title, text = _tr(f.text(d, "title", where)), _tr(f.text(d, "text", where))
    say = _tr(f.text(d, "say", where, required=False))
    muscle = f.text(d, "muscle", where)
    if muscle and muscle not in BODY_PARTS:
        f.bad(d.line_of("muscle"), f"{where}.muscle", f"{muscle!r} is not one of: {', '.join(BODY_PARTS)}")
    seconds = f.seconds(d, "seconds", where)
    image = f.text(d, "image", where, required=False)
    if image and not f.image_ok(image):
        f.bad(d.line_of("image"), f"{where}.image", f"no such image in assets/images: {image}")
    if f.total > before:
        return None
    return Exercise(ex_id, title, text, muscle, seconds, say, image, f"{f.shown}:{d.line}")


def _expand(
    f: _File, items: Any, line: int, where: str, exercises: dict[str, Exercise], side: str = "", depth: int = 0
) -> list[Step] | None:
    """Expand a steps list (repeats, sides, rests) into the steps the player shows."""
    if not isinstance(items, LList) or not items:
        f.bad(line, where, "must be a non-empty list of steps")
        return None
    if depth > MAX_DEPTH:
        f.bad(line, where, f"repeats may be nested at most {MAX_DEPTH} deep")
        return None
    out: list[Step] = []
    ok = True
    for i, item in enumerate(items):
        w = f"{where}[{i}]"
        if not f.spend(items.line_of(i), w):
            return None
        if not isinstance(item, LDict):
            f.bad(items.line_of(i), w, "must be a mapping (exercise:, rest: or repeat:)")
            ok = False
            continue
        sides = _sides(f, item, w)
        if sides is None:
            ok = False
            continue
        for s in sides or [side]:
            steps = _one(f, item, w, exercises, s, depth)
            if steps is None:
                ok = False
                break
            out += steps
            if len(out) > MAX_STEPS:
                f.bad(items.line_of(i), w, f"the routine would have more than {MAX_STEPS} steps")
                return None
    return out if ok else None


def _sides(f: _File, item: LDict, where: str) -> list[str] | None:
    v = item.get("sides")
    if v is None:
        return []
    if v is True:
        return ["left", "right"]
    if isinstance(v, list) and v and all(s in ("left", "right") for s in v):
        return list(v)
    f.bad(item.line_of("sides"), f"{where}.sides", "must be a list of left/right (or true for both)")
    return None


def _one(f: _File, item: LDict, where: str, exercises: dict[str, Exercise], side: str, depth: int = 0) -> list[Step] | None:
    if "repeat" in item:
        f.unknown(item, {"repeat", "steps", "sides"}, where)
        n = item["repeat"]
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 50:
            f.bad(item.line_of("repeat"), f"{where}.repeat", f"must be a whole number from 1 to 50, not {n!r}")
            return None
        block = _expand(f, item.get("steps"), item.line_of("steps"), f"{where}.steps", exercises, side, depth + 1)
        if block is not None and len(block) * n > MAX_STEPS:
            f.bad(item.line_of("repeat"), f"{where}.repeat", f"the routine would have more than {MAX_STEPS} steps")
            return None
        return None if block is None else block * n
    if "rest" in item:
        f.unknown(item, {"rest", "text", "title", "say", "sides"}, where)
        secs = f.seconds(item, "rest", where)
        if not secs:
            return None
        title = _tr(f.text(item, "title", where, required=False)) or _("Rest")
        text = _tr(f.text(item, "text", where, required=False)) or _("Relax the muscle and breathe.")
        say = _tr(f.text(item, "say", where, required=False)) or _("Rest")
        return [Step("rest", title, text, "", secs, say, "rest.svg", side, rest=True)]
    if "exercise" in item:
        f.unknown(item, {"exercise", "seconds", "title", "text", "say", "sides"}, where)
        ref = item["exercise"]
        ex = exercises.get(ref) if isinstance(ref, str) else None
        if ex is None:
            f.bad(item.line_of("exercise"), f"{where}.exercise", f"unknown exercise {ref!r}")
            return None
        secs = f.seconds(item, "seconds", where, required=False) if "seconds" in item else ex.seconds
        if not secs:
            return None
        title = _tr(f.text(item, "title", where, required=False)) or ex.title
        text = _tr(f.text(item, "text", where, required=False)) or ex.text
        say = _tr(f.text(item, "say", where, required=False)) or ex.say
        return [Step(ex.id, title, text, ex.muscle, secs, say, ex.image, side)]
    f.bad(item.line, where, "needs one of exercise:, rest: or repeat:")
    return None


def _parse_routine(f: _File, d: Any, line: int, where: str, exercises: dict[str, Exercise], custom: bool) -> tuple[Routine, int] | None:
    if not isinstance(d, LDict):
        f.bad(line, where, "must be a mapping of fields")
        return None
    before = f.total
    r_id = f.ident(d, where)
    where = f"routines.{r_id}" if r_id else where
    f.unknown(d, _RT_FIELDS, where)
    kind = f.text(d, "kind", where)
    if kind and kind not in KINDS:
        f.bad(d.line_of("kind"), f"{where}.kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    title = _tr(f.text(d, "title", where))
    muscle = f.text(d, "muscle", where)
    if muscle and muscle not in BODY_PARTS:
        f.bad(d.line_of("muscle"), f"{where}.muscle", f"{muscle!r} is not one of: {', '.join(BODY_PARTS)}")
    summary = _tr(f.text(d, "summary", where, required=False))
    alternative = f.text(d, "alternative", where, required=False)
    cautions = d.get("cautions", [])
    if not isinstance(cautions, list) or not all(isinstance(c, str) and c.strip() for c in cautions):
        f.bad(d.line_of("cautions"), f"{where}.cautions", "must be a list of sentences")
        cautions = []
    steps = _expand(f, d.get("steps"), d.line_of("steps"), f"{where}.steps", exercises)
    if f.total > before or steps is None:
        return None
    muscles = tuple(dict.fromkeys(s.muscle for s in steps if s.muscle))
    routine = Routine(
        r_id,
        kind,
        title,
        muscle,
        tuple(steps),
        summary,
        alternative,
        tuple(_tr(c.strip()) for c in cautions),
        muscles,
        custom,
        f"{f.shown}:{d.line}",
    )
    return routine, d.line_of("alternative")


def load_library(files: Iterable[tuple[Path, str, bool]], images_dir: Path | None = None, base: Library | None = None) -> Library:
    """Load (path, shown name, custom?) files. Exercises may be used across files.

    With `base` (the shipped library), its exercises can be used and its ids cannot be taken; the
    result then holds only what the files add (see content.merge)."""
    lib = Library()
    if base is not None:
        lib.exercises.update(base.exercises)
        lib.routines.update(base.routines)
    parsed: list[tuple[_File, Any, bool]] = []
    for path, shown, custom in files:
        f = _File(shown, images_dir)
        try:
            data = _read_file(f, path, shown)
            if data is not None:
                _exercises(f, data, lib)
        except RecursionError:
            f.bad(1, "file", "nested too deeply")
            data = None
        parsed.append((f, data, custom))
    alternatives: list[tuple[Routine, _File, int]] = []
    for f, data, custom in parsed:
        f.restart_clock()
        try:
            alternatives += _routines(f, data, lib, custom)
        except RecursionError:
            f.bad(1, "file", "nested too deeply")
    for r, f, line in alternatives:
        if r.alternative not in lib.routines:
            f.bad(line, f"routines.{r.id}.alternative", f"unknown routine {r.alternative!r}")
    for f, _data, _custom in parsed:
        lib.problems += f.problems
        if f.dropped:
            lib.problems.append(Problem(f.shown, 1, "file", f"{f.dropped} more problems not listed"))
    if base is not None:
        lib.exercises = {k: v for k, v in lib.exercises.items() if k not in base.exercises}
        lib.routines = {k: v for k, v in lib.routines.items() if k not in base.routines}
    return lib


def _read_file(f: _File, path: Path, shown: str) -> Any:
    data, problems = read_yaml(path, shown)
    f.problems += problems
    if data is not None and not isinstance(data, LDict):
        f.bad(1, "file", "must be a mapping with schema_version and exercises/routines")
        return None
    if isinstance(data, LDict):
        f.unknown(data, {"schema_version", "exercises", "routines"}, "file")
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            f.bad(data.line_of("schema_version"), "schema_version", f"must be {SCHEMA_VERSION}, not {version!r}")
            return None
    return data


def _exercises(f: _File, data: LDict, lib: Library) -> None:
    exs = data.get("exercises", LList())
    if not isinstance(exs, LList):  # every YAML list is read as an LList
        f.bad(data.line_of("exercises"), "exercises", "must be a list")
        return
    for i, d in enumerate(exs):
        if not f.spend(exs.line_of(i), f"exercises[{i}]"):
            return
        ex = _parse_exercise(f, d, exs.line_of(i), f"exercises[{i}]")
        if ex is None:
            continue
        if ex.id in lib.exercises:
            f.bad(d.line_of("id"), f"exercises.{ex.id}.id", f"already defined at {lib.exercises[ex.id].source}")
            continue
        lib.exercises[ex.id] = ex


def _routines(f: _File, data: Any, lib: Library, custom: bool) -> list[tuple[Routine, _File, int]]:
    alternatives: list[tuple[Routine, _File, int]] = []
    rts = data.get("routines", LList()) if data is not None else LList()
    if not isinstance(rts, LList):
        f.bad(data.line_of("routines"), "routines", "must be a list")
        return alternatives
    for i, d in enumerate(rts):
        if not f.spend(rts.line_of(i), f"routines[{i}]"):
            break
        got = _parse_routine(f, d, rts.line_of(i), f"routines[{i}]", lib.exercises, custom)
        if got is None:
            continue
        r, alt_line = got
        if r.id in lib.routines:
            f.bad(d.line_of("id"), f"routines.{r.id}.id", f"already defined at {lib.routines[r.id].source}")
            continue
        lib.routines[r.id] = r
        if r.alternative:
            alternatives.append((r, f, alt_line))
    return alternatives
