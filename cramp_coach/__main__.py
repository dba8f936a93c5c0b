"""Command line: argument parsing only; terminal commands run here, everything else in app.run()."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

MUSCLE_CHOICES = ("calf", "foot", "hamstring", "quadriceps", "hand", "water")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cramp-coach", description="First aid and stretching coach for muscle cramps.")
    p.add_argument(
        "--cramp",
        nargs="?",
        const="",
        metavar="MUSCLE",
        choices=("", *MUSCLE_CHOICES),
        help="start first aid now (" + ", ".join(MUSCLE_CHOICES) + "; none: ask where)",
    )
    p.add_argument("--routine", metavar="ID", help="start any routine by id")
    p.add_argument("--tray", action="store_true", help="start hidden in the system tray")
    p.add_argument("--list", action="store_true", help="list every routine and its steps as the player shows them")
    p.add_argument("--json", action="store_true", help="with --list: print JSON")
    p.add_argument("--check", nargs="*", metavar="PATH", help="validate the shipped content, or the given files")
    p.add_argument("--search", metavar="QUERY", help="search the reference library and print the matches")
    p.add_argument("--export-diary", metavar="FILE", help="export the diary to FILE.csv or FILE.pdf")
    p.add_argument(
        "--install-desktop-entry", action="store_true", help="add a launcher with a 'Cramp now' action, its icons and AppStream metainfo"
    )
    p.add_argument("--uninstall-desktop-entry", action="store_true", help="remove what --install-desktop-entry added")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr (one line per step shown, audio, reminders)")
    return p


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
    if as_json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return 0
    for it in items:
        total = sum(s["seconds"] for s in it["steps"])
        mark = " [custom]" if it["custom"] else ""
        print(f"{it['id']}  {it['kind']}  {it['title']}  ({it['muscle']}, {len(it['steps'])} steps, {total // 60}:{total % 60:02d}){mark}")
        for k, s in enumerate(it["steps"], 1):
            side = f" [{s['side']}]" if s["side"] else ""
            print(f"  {k:2d}. {s['title']}{side}  {s['seconds']} s  ({s['id']}, {s['muscle']})")
    for problem in lib.problems:
        print(f"warning: {problem}", file=sys.stderr)
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
        print("content OK", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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
        from cramp_coach.platform_glue import desktop_entry

        try:
            done = desktop_entry.install() if args.install_desktop_entry else desktop_entry.uninstall()
        except OSError as e:
            print(f"cramp-coach: {e}", file=sys.stderr)
            return 1
        verb = "installed" if args.install_desktop_entry else "removed"
        for path in done:
            print(f"{verb} {path}")
        return 0
    from cramp_coach import app

    return app.run(args)


if __name__ == "__main__":
    sys.exit(main())
