"""The one place that reads exercises/, assets/ and the user's own content files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cramp_coach import resources
from cramp_coach.content.builtin import builtin_calf
from cramp_coach.content.routines import load_library
from cramp_coach.core.models import Library


def shipped_files() -> list[Path]:
    return sorted(resources.exercises_dir().rglob("*.yaml"))


def user_files(user_routines_dir: Path | None) -> list[Path]:
    if user_routines_dir is None or not user_routines_dir.is_dir():
        return []
    return sorted(p for p in user_routines_dir.iterdir() if p.suffix in (".yaml", ".yml"))


def load(user_routines_dir: Path | None = None) -> Library:
    """Shipped routines plus the user's own; the built-in calf first aid if the file one is missing."""
    files = [(p, resources.shown(p), False) for p in shipped_files()]
    files += [(p, str(p), True) for p in user_files(user_routines_dir)]
    lib = load_library(files, resources.assets_dir() / "images")
    if "first_aid_calf" not in lib.routines:
        lib.routines["first_aid_calf"] = builtin_calf()
    return lib


def check(paths: Iterable[Path] = ()) -> Library:
    """Validate the given files (with the shipped exercises available), or all shipped content."""
    paths = [Path(p) for p in paths]
    shipped = shipped_files()
    if not paths:
        files = [(p, resources.shown(p), False) for p in shipped]
    else:
        given = {p.resolve() for p in paths}
        # shipped files not named are loaded for their exercises, but only named files' problems count
        files = [(p, resources.shown(p), False) for p in paths] + [
            (p, resources.shown(p), False) for p in shipped if p.resolve() not in given
        ]
    lib = load_library(files, resources.assets_dir() / "images")
    if paths:
        named = {resources.shown(p) for p in paths}
        lib.problems = [pr for pr in lib.problems if pr.file in named]
    return lib
