"""What pages and services receive in their constructor (no globals). Built once in app.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from cramp_coach.audio import Audio
from cramp_coach.core.clock import Clock
from cramp_coach.core.models import Kind, Library, Outcome
from cramp_coach.storage.paths import Paths
from cramp_coach.storage.settings import Settings


@dataclass(frozen=True)
class SessionResult:
    """A guided session that ended (for the diary)."""

    routine_id: str
    kind: Kind
    muscle: str
    started: datetime  # wall-clock start
    seconds: float  # from start until "It's gone", finish or stop (pauses included)
    outcome: Outcome
    rounds: int = 1


def _nothing(*_args: object) -> None:
    pass


@dataclass
class AppContext:
    paths: Paths
    clock: Clock
    library: Library
    settings: Settings
    audio: Audio
    # actions, wired in app.py
    notice: Callable[[str], None] = _nothing  # a quiet one-line message in the main window
    start_routine: Callable[[str], None] = _nothing  # open the player on a routine id
    start_cramp: Callable[[str | None], None] = _nothing  # Cramp now (None: ask where)
    open_article: Callable[[str], None] = _nothing  # show a reference article by id (e.g. "red-flags")
    show_page: Callable[[str], object] = _nothing  # "cramp", "routines", "schedule", "reference", "diary", "settings"
    # listeners for a finished or stopped guided session (diary, schedule statistics)
    session_listeners: list[Callable[[SessionResult], None]] = field(default_factory=list)

    def session_ended(self, result: SessionResult) -> None:
        for fn in list(self.session_listeners):
            fn(result)
