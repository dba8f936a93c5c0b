"""Where the shipped content lives: inside the installed package (wheel) or at the checkout root."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def _root(name: str) -> Path:
    installed = _PKG / name  # the wheel force-includes exercises/ and assets/ here
    return installed if installed.is_dir() else _PKG.parent / name


def exercises_dir() -> Path:
    return _root("exercises")


def assets_dir() -> Path:
    return _root("assets")


def image(name: str) -> Path:
    return assets_dir() / "images" / name


def sound(name: str) -> Path:
    return assets_dir() / "sounds" / name


def icon(name: str = "cramp-coach.svg") -> Path:
    return assets_dir() / "icons" / name


def shown(path: Path) -> str:
    """A content file's name as messages show it: relative to the content root or the working folder."""
    for base in (_root("exercises").parent, Path.cwd()):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)
