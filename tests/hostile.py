"""Hostile user files from issue 14, written into a Cramp Coach home (used by tests and by hand:
`python tests/hostile.py HOME` fills HOME for a look under Xvfb)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

EX = "schema_version: 1\nexercises:\n  - {id: h_pull, title: Pull, text: Pull the toes., muscle: calf, seconds: 10}\n"


def nested_repeats() -> str:
    """388 bytes that expand to 50**5 steps."""
    inner = "- exercise: h_pull"
    for _ in range(5):
        inner = "- repeat: 50\n  steps:\n" + "\n".join("    " + line for line in inner.splitlines())
    return (
        EX
        + "routines:\n  - id: h_nested\n    kind: prevention\n    title: Nested\n    muscle: calf\n    steps:\n"
        + "\n".join("      " + line for line in inner.splitlines())
        + "\n"
    )


def alias_bomb(levels: int = 12) -> str:
    """Step lists built from aliases of aliases: each level doubles -- 'billion laughs' for routines."""
    lines = [EX.rstrip("\n"), "defs:"]
    lines.append("  - &l0 [{exercise: h_pull}, {exercise: h_pull}, {exercise: h_pull}, {exercise: h_pull}]")
    for i in range(1, levels):
        prev = f"*l{i - 1}"
        lines.append(f"  - &l{i} [{{repeat: 1, steps: {prev}}}, {{repeat: 1, steps: {prev}}}, {{repeat: 1, steps: {prev}}}]")
    lines.append(f"routines:\n  - {{id: h_bomb, kind: prevention, title: Bomb, muscle: calf, steps: *l{levels - 1}}}")
    return "\n".join(lines) + "\n"


def write_all(home: Path) -> Path:
    """Every hostile file of issue 14 cases 3-4 and the smaller list, in one home."""
    routines = home / "data" / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (routines / "nested.yaml").write_text(nested_repeats())
    (routines / "bomb.yaml").write_text(alias_bomb())
    with open(routines / "huge.yaml", "wb") as f:  # 50 MB (sparse), valid-looking start
        f.write(EX.encode())
        f.truncate(50 * 1024 * 1024)
    (routines / "image.yaml").write_text(
        EX.replace("seconds: 10}", "seconds: 10, image: " + "x" * 300 + ".svg}").replace("h_pull", "h_img")
    )
    (routines / "collide.yaml").write_text(
        EX + "routines:\n  - {id: first_aid_calf, kind: first-aid, title: Hijack, muscle: calf, steps: [{exercise: h_pull}]}\n"
    )
    (routines / "html.yaml").write_text(
        EX.replace("h_pull", "h_html")
        + "routines:\n  - id: h_html_routine\n    kind: prevention\n    title: '<b>bold</b><img src=\"file:///etc/passwd\">'\n"
        "    muscle: calf\n    steps: [{exercise: h_html}]\n"
    )
    (routines / "deep.yaml").write_text("[" * 5000 + "]" * 5000)
    (routines / "bad.yaml").write_bytes(b"\xff\xfe\x00bad")
    fifo = routines / "x.yaml"
    if hasattr(os, "mkfifo") and not fifo.exists():
        os.mkfifo(fifo)
    zero = routines / "zero.yaml"
    if not zero.is_symlink() and Path("/dev/zero").exists():
        zero.symlink_to("/dev/zero")
    (home / "config" / "settings.json").write_text("[" * 100_000 + "]" * 100_000)
    (home / "data" / "schedules.json").write_text('{"reminders": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return routines


if __name__ == "__main__":
    print(write_all(Path(sys.argv[1])))
