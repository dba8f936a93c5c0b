"""User folders. CRAMP_COACH_HOME puts everything under one folder (tests, portable use)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def schedules_file(self) -> Path:
        return self.data_dir / "schedules.json"

    @property
    def diary_db(self) -> Path:
        return self.data_dir / "diary.sqlite3"

    @property
    def user_routines_dir(self) -> Path:
        """The user's own routine YAML files."""
        return self.data_dir / "routines"

    @classmethod
    def default(cls) -> Paths:
        home = os.environ.get("CRAMP_COACH_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data")
        import platformdirs

        return cls(Path(platformdirs.user_config_dir("cramp-coach")), Path(platformdirs.user_data_dir("cramp-coach")))

    def ensure(self) -> None:
        """Create our folders, private to the user (0700; an older, open one is closed)."""
        for d in (self.config_dir, self.data_dir, self.user_routines_dir):
            private_dir(d)


def private_dir(d: Path) -> None:
    d.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix" and d.stat().st_mode & 0o077:
        os.chmod(d, 0o700)
