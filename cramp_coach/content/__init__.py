"""The one place that reads exercises/, assets/ and the user's own content files.

The user's files are bounded (issue 14): at most MAX_USER_FILES files of at most
yamlfile.MAX_BYTES each, regular files only, each validated within routines.MAX_STEPS /
WORK_BUDGET / TIME_BUDGET; what is refused is reported as a Problem. The app loads them after
the first screen (off the GUI thread); `--list` and `--check FILE` load them the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cramp_coach import resources
from cramp_coach.core.models import Library, Problem

MAX_USER_FILES = 100


def shipped_files() -> list[Path]:
    return sorted(resources.exercises_dir().rglob("*.yaml"))


def user_files(user_routines_dir: Path | None) -> tuple[list[Path], list[Problem]]:
    """The user's YAML files (sorted) and what could not be listed or was left out."""
    if user_routines_dir is None:
        return [], []
    shown = str(user_routines_dir)
    try:
        if not user_routines_dir.is_dir():
            return [], []
        names = sorted(p for p in user_routines_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError as e:
        return [], [Problem(shown, 1, "folder", f"cannot be read ({e.__class__.__name__}: {e.strerror or e})")]
    problems = []
    if len(names) > MAX_USER_FILES:
        problems.append(Problem(shown, 1, "folder", f"has {len(names)} routine files; only the first {MAX_USER_FILES} were loaded"))
        names = names[:MAX_USER_FILES]
    return names, problems


def load_shipped(use_cache: bool = True) -> Library:
    """The shipped routines; the built-in calf first aid if the file one is missing. Fast: no user
    files, and (use_cache) parsed once per change of the content or the language (content.cache)."""
    files = shipped_files()
    images = resources.assets_dir() / "images"

    def build() -> Library:
        from cramp_coach.content.builtin import builtin_calf
        from cramp_coach.content.routines import load_library  # YAML is imported only when parsing

        lib = load_library([(p, resources.shown(p), False) for p in files], images)
        if "first_aid_calf" not in lib.routines:
            lib.routines["first_aid_calf"] = builtin_calf()
        return lib

    if not use_cache:
        return build()
    from cramp_coach import i18n
    from cramp_coach.content import cache

    try:
        cache_key = cache.key(files, images, i18n.language, i18n.LOCALE_DIR / f"{i18n.language}.po")
    except OSError:  # a shipped file that cannot be read: the loader reports it
        return build()
    return cache.cached(i18n.cache_dir(), cache_key, build)


def load_user(base: Library, source: Path | Iterable[Path] | None) -> Library:
    """The user's own files (a folder, or the given files) checked against `base`: what they add, and their problems."""
    from cramp_coach.content.routines import load_library

    if source is None or isinstance(source, Path):
        files, problems = user_files(source)
    else:
        files, problems = list(source), []
    extra = load_library([(p, str(p), True) for p in files], resources.assets_dir() / "images", base=base)
    extra.problems[:0] = problems
    return extra


def merge(lib: Library, extra: Library) -> None:
    """Add what load_user found to the running library (ids never replace shipped ones)."""
    for k, ex in extra.exercises.items():
        lib.exercises.setdefault(k, ex)
    for k, r in extra.routines.items():
        lib.routines.setdefault(k, r)
    lib.problems += extra.problems


def load(user_routines_dir: Path | None = None) -> Library:
    """Shipped routines plus the user's own."""
    lib = load_shipped()
    if user_routines_dir is not None:
        merge(lib, load_user(lib, user_routines_dir))
    return lib


def check(paths: Iterable[Path] = ()) -> Library:
    """Validate the given files as the app loads them, or all shipped content.

    A shipped file is checked as shipped; any other file as a user routine file, against the
    shipped library (so an id that collides with a shipped one is reported, as the app would)."""
    from cramp_coach.content.routines import load_library

    paths = [Path(p) for p in paths]
    shipped = shipped_files()
    if not paths:
        return load_library([(p, resources.shown(p), False) for p in shipped], resources.assets_dir() / "images")
    shipped_set = {p.resolve() for p in shipped}
    named_shipped = [p for p in paths if p.resolve() in shipped_set]
    user = [p for p in paths if p.resolve() not in shipped_set]
    lib = load_shipped(use_cache=False)  # a check reads the files themselves
    if named_shipped:
        named = {resources.shown(p) for p in named_shipped}
        lib.problems = [pr for pr in lib.problems if pr.file in named]
    else:
        lib.problems = []
    if user:
        merge(lib, load_user(lib, user))
    return lib
