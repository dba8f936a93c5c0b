"""Command line: argument parsing only; terminal commands run here, everything else in launch.run()."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

MUSCLE_CHOICES = ("calf", "foot", "hamstring", "quadriceps", "hand", "water")


def parser() -> argparse.ArgumentParser:
    """The options; help texts in the interface language (call use_language() first for a terminal command)."""
    from cramp_coach.i18n import _

    p = argparse.ArgumentParser(prog="cramp-coach", description=_("First aid and stretching coach for muscle cramps."))
    p.add_argument(
        "--cramp",
        nargs="?",
        const="",
        metavar="MUSCLE",
        choices=("", *MUSCLE_CHOICES),
        help=_("start first aid now ({muscles}; none: ask where)").format(muscles=", ".join(MUSCLE_CHOICES)),
    )
    p.add_argument("--routine", metavar="ID", help=_("start any routine by id"))
    p.add_argument("--tray", action="store_true", help=_("start hidden in the system tray"))
    p.add_argument("--list", action="store_true", help=_("list every routine and its steps as the player shows them"))
    p.add_argument("--json", action="store_true", help=_("with --list: print JSON"))
    p.add_argument("--check", nargs="*", metavar="PATH", help=_("validate the shipped content, or the given files"))
    p.add_argument("--search", metavar="QUERY", help=_("search the reference library and print the matches"))
    p.add_argument("--export-diary", metavar="FILE", help=_("export the diary to FILE.csv or FILE.pdf"))
    p.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help=_("add a launcher with a 'Cramp now' action, its icons and AppStream metainfo"),
    )
    p.add_argument("--uninstall-desktop-entry", action="store_true", help=_("remove what --install-desktop-entry added"))
    p.add_argument("--speech-worker", nargs="?", const="", metavar="ENGINE", help=argparse.SUPPRESS)  # frozen builds: the speech process
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help=_("show the version and exit"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("log to stderr (one line per step shown, audio, reminders)"))
    return p


# Options that print in the terminal and exit: they speak the window's language (the language setting, else
# the system's), so --list shows exactly the titles the player shows.
TERMINAL = ("--list", "--check", "--search", "--export-diary", "--install-desktop-entry", "--uninstall-desktop-entry", "-h", "--help")


def use_language() -> str:
    """Install the language the window would use: the settings file's choice, else the system's (LANG and friends).

    Reads the settings file only (never repairs or moves it: that is the window's job, with a notice).
    """
    from cramp_coach import i18n

    chosen = None
    try:
        from cramp_coach.storage.paths import Paths

        data = json.loads(Paths.default().settings_file.read_text(encoding="utf-8-sig"))
        value = data.get("language") if isinstance(data, dict) else None
        chosen = value if isinstance(value, str) and value else None
    except (OSError, ValueError, RecursionError):  # any settings file, 100,000 brackets deep included
        chosen = None
    return i18n.install(chosen)


def argparse_messages() -> tuple[str, ...]:
    """argparse's own words a person can meet (usage, options, errors), marked for the catalogue.

    argparse looks them up through its module-level `_` and `ngettext`; argparse_in_language() points
    those at our catalogue, so `--help` and a mistyped option speak the language of the rest.
    """
    from cramp_coach.i18n import _

    return (
        _("usage: "),
        _("options"),
        _("show this help message and exit"),
        _("%(prog)s: error: %(message)s\n"),
        _("unrecognized arguments: %s"),
        _("expected one argument"),
        _("expected at most one argument"),
        _("argument %(argument_name)s: %(message)s"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("ambiguous option: %(option)s could match %(matches)s"),
    )


def argparse_in_language() -> None:
    from cramp_coach import i18n

    setattr(argparse, "_", i18n._)  # noqa: B010 (argparse reads these module globals at call time)
    setattr(argparse, "ngettext", i18n.ngettext)  # noqa: B010


def muscle_name(muscle: str) -> str:
    from cramp_coach.core.names import muscle_name

    return muscle_name(muscle)


def _user_routines_dir() -> Path:
    from cramp_coach.storage.paths import Paths

    return Paths.default().user_routines_dir


def cmd_list(as_json: bool) -> int:
    from cramp_coach import content

    lib = content.load(_user_routines_dir())
    items: list[dict[str, Any]] = []
    for r in sorted(lib.routines.values(), key=lambda r: (r.kind != "first-aid", r.id)):
        steps = [
            {"id": s.id, "title": s.title, "muscle": s.muscle or r.muscle, "side": s.side or None, "seconds": s.seconds} for s in r.steps
        ]
        items.append({"id": r.id, "kind": r.kind, "title": r.title, "muscle": r.muscle, "custom": r.custom, "steps": steps})
    if as_json:  # ids, keys and values such as kind and muscle stay as they are; titles are translated
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    from cramp_coach.i18n import _, ngettext

    kinds = {"first-aid": _("first aid"), "prevention": _("prevention")}
    sides = {"left": _("left"), "right": _("right")}
    for it in items:
        total = sum(s["seconds"] for s in it["steps"])
        mark = "  [" + _("custom") + "]" if it["custom"] else ""
        n = len(it["steps"])
        count = ngettext("{n} step", "{n} steps", n).format(n=n)
        print(
            f"{it['id']}  {kinds.get(it['kind'], it['kind'])}  {it['title']}  "
            f"({muscle_name(it['muscle'])}, {count}, {total // 60}:{total % 60:02d}){mark}"
        )
        for k, s in enumerate(it["steps"], 1):
            side = f" [{sides.get(s['side'], s['side'])}]" if s["side"] else ""
            seconds = _("{n} s").format(n=s["seconds"])
            print(f"  {k:2d}. {s['title']}{side}  {seconds}  ({s['id']}, {muscle_name(s['muscle'])})")
    for problem in lib.problems:
        print(_("warning: {problem}").format(problem=problem), file=sys.stderr)
    return 0


def cmd_check(paths: list[str]) -> int:
    from cramp_coach import content

    yaml_paths = [Path(p) for p in paths if not p.endswith(".md")]
    md_paths = [Path(p) for p in paths if p.endswith(".md")]
    problems = []
    missing = [p for p in (*yaml_paths, *md_paths) if not p.exists()]
    problems += [f"{p}:1: file: does not exist" for p in missing]
    lib = content.check([p for p in yaml_paths if p.exists()]) if yaml_paths or not paths else None
    if lib is not None:
        problems += [str(p) for p in lib.problems]
    if md_paths or not paths:
        try:
            from cramp_coach.content import reference
        except ImportError:
            reference = None  # type: ignore[assignment]
        if reference is not None:
            routine_ids = set(content.load().routines)
            found = (
                reference.check_articles([p for p in md_paths if p.exists()], routine_ids) if md_paths else reference.check_all(routine_ids)
            )
            problems += [str(p) for p in found]
    for line in problems:
        print(line)
    if not problems:
        from cramp_coach.i18n import _

        print(_("content OK"), file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, not at exit: a reader gone meanwhile is caught below
        return code
    except BrokenPipeError:  # `cramp-coach --list | head`: the reader left; no traceback for that
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if any(a.split("=")[0] in TERMINAL for a in given):
        use_language()  # the window installs it itself, after its settings are loaded (and repaired)
        argparse_in_language()
    args = parser().parse_args(argv)
    if os.name == "posix":
        os.umask(0o077)  # everything the app writes (diary, exports, settings) is the user's alone
    if args.speech_worker is not None:
        from cramp_coach.audio import speech_worker

        return speech_worker.main(["speech-worker", args.speech_worker])
    if args.verbose:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(name)s: %(message)s")
    if args.list:
        return cmd_list(args.json)
    if args.check is not None:
        return cmd_check(args.check)
    if args.search is not None:
        from cramp_coach.content.reference import search_cli

        print(search_cli(args.search))
        return 0
    if args.export_diary:
        from cramp_coach.storage.paths import Paths

        from cramp_coach.ui.diary.export import export

        code, message = export(Path(args.export_diary), Paths.default())
        print(message, file=sys.stderr if code else sys.stdout)
        return code
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from cramp_coach.i18n import _
        from cramp_coach.platform_glue import desktop_entry

        try:
            done = desktop_entry.install() if args.install_desktop_entry else desktop_entry.uninstall()
        except OSError as e:
            print(f"cramp-coach: {e}", file=sys.stderr)
            return 1
        line = _("installed {path}") if args.install_desktop_entry else _("removed {path}")
        for path in done:
            print(line.format(path=path))
        return 0
    # Start-up builds tens of thousands of objects (modules, classes, the window) that live as long as
    # the app: the cyclic collector would walk them again and again before the first step is shown.
    # It is switched back on, with those objects frozen out of its way, once the first screen is up.
    gc.disable()
    try:
        from cramp_coach.audio import prespawn

        prespawn.start()  # speech-dispatcher starts while the window is built, not after it
        import PySide6.QtCore  # noqa: F401 (loads the binding, and with it its import hook)

        from cramp_coach.qt_workarounds import drop_feature_hook

        drop_feature_hook()  # before the app's modules are imported: see there
        from cramp_coach import launch

        return launch.run(args)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
