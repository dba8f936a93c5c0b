"""Frozen data types shared by every layer. Pure Python: never imports Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

MUSCLES = ("calf", "foot", "hamstring", "quadriceps", "hand", "water")


class Kind(StrEnum):
    """What a routine is for (the `kind:` of a routine file)."""

    FIRST_AID = "first-aid"
    PREVENTION = "prevention"


class Outcome(StrEnum):
    """How a guided session ended."""

    GONE = "gone"  # "It's gone"
    STOPPED = "stopped"  # stopped before the end
    FINISHED = "finished"  # a prevention routine ran to its end
    ESCALATED = "escalated"  # "It's very bad": the red flags were shown


class PopupAction(StrEnum):
    """An answer to a reminder."""

    START = "start"
    SNOOZE = "snooze"
    SKIP = "skip"


KINDS = tuple(k.value for k in Kind)
SIDES = ("left", "right", "both")


@dataclass(frozen=True)
class Exercise:
    """One movement as written in the content files (before expansion)."""

    id: str
    title: str
    text: str
    muscle: str
    seconds: int
    say: str = ""  # spoken instruction; defaults to text
    image: str = ""  # file name under assets/images
    source: str = ""  # "file:line" where it was defined


@dataclass(frozen=True)
class Step:
    """One step exactly as the player shows it (repeats and sides expanded)."""

    id: str
    title: str
    text: str
    muscle: str
    seconds: int
    say: str = ""
    image: str = ""
    side: str = ""  # "", "left" or "right"
    rest: bool = False

    @property
    def spoken(self) -> str:
        """What the voice says when the step starts."""
        return self.say or self.text


@dataclass(frozen=True)
class Routine:
    id: str
    kind: str  # "first-aid" or "prevention"
    title: str
    muscle: str
    steps: tuple[Step, ...]
    summary: str = ""
    alternative: str = ""  # id of another routine for the same muscle
    cautions: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()  # every muscle the routine works
    custom: bool = False  # loaded from the user's data folder
    source: str = ""

    @property
    def total_seconds(self) -> int:
        return sum(s.seconds for s in self.steps)


@dataclass(frozen=True)
class Problem:
    """A content error: file, line, field and what is wrong."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class Library:
    """All loaded content: routines by id, plus every problem found while loading."""

    routines: dict[str, Routine] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def first_aid(self, muscle: str) -> Routine | None:
        """The main first-aid routine for a muscle (the one named first_aid_<muscle>)."""
        r = self.routines.get(f"first_aid_{muscle}")
        if r is not None:
            return r
        for r in self.routines.values():
            if r.kind == "first-aid" and r.muscle == muscle:
                return r
        return None

    def by_kind(self, kind: str) -> list[Routine]:
        return [r for r in self.routines.values() if r.kind == kind]
