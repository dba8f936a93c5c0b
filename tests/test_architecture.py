"""The layers, read from the code: what imports what."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import cramp_coach

PACKAGE = Path(cramp_coach.__file__).resolve().parent
QT_FREE = ("core", "content", "storage", "audio", "platform_glue.autostart")
QT_BACKEND = {
    "cramp_coach.audio.qt",
    "cramp_coach.audio.speech_worker",
    "cramp_coach.audio.worker_process",
}  # the Qt audio backend, its child process and what starts it


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_content_storage_and_audio_import_no_qt():
    """Every module of the pure layers (the Qt audio backend aside), imported in a fresh interpreter."""
    pure = [m for m in module_names() if any(m == f"cramp_coach.{p}" or m.startswith(f"cramp_coach.{p}.") for p in QT_FREE)]
    pure = [m for m in pure if m not in QT_BACKEND]
    assert "cramp_coach.core.engine" in pure and "cramp_coach.storage.diary" in pure and "cramp_coach.audio.controller" in pure
    code = (
        "import importlib, sys\n"
        f"for name in {pure!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'cramp_coach.ui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]", f"imported by the pure layers: {out.stdout.strip()}"


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of the package that `path` imports (at any depth, TYPE_CHECKING blocks aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in known else base)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    names = module_names()
    known = set(names)
    paths = {n: p for n, p in zip(names, sorted(PACKAGE.rglob("*.py")), strict=True)}
    return {n: _imports(paths[n], n, known) for n in names}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m) :] + [m]
            if m not in state and (cycle := visit(m)):
                return cycle
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state and (cycle := visit(n)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "cramp_coach.ui.reminders.tray" not in graph["cramp_coach.ui.reminders.service"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_only_the_ui_and_the_composition_root_import_qt_widgets():
    graph_names = module_names()
    offenders = []
    for name, path in zip(graph_names, sorted(PACKAGE.rglob("*.py")), strict=True):
        if name.startswith("cramp_coach.ui") or name in ("cramp_coach.app", "cramp_coach.launch", "cramp_coach.__main__"):
            continue
        if "QtWidgets" in path.read_text(encoding="utf-8"):
            offenders.append(name)
    assert offenders == []
