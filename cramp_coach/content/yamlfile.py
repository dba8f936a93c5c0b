"""YAML reading that remembers line numbers, so every error can name file:line: field.

Only the safe loader is used (a SafeLoader subclass): no Python objects are ever built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from cramp_coach.core.models import Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LDict(dict[str, Any]):
    """A mapping with the line of itself (`line`) and of each key (`lines`)."""

    line = 1
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LList(list[Any]):
    line = 1
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _Loader(_Base):  # type: ignore[misc]  # the C loader when PyYAML has it
    duplicates: list[tuple[str, int]]


def _map(loader: _Loader, node: yaml.MappingNode) -> Iterator[LDict]:
    data = LDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    for key_node, _value in node.value:
        key = getattr(key_node, "value", None)
        if isinstance(key, str):
            if key in data.lines:
                loader.duplicates.append((key, key_node.start_mark.line + 1))
            data.lines[key] = key_node.start_mark.line + 1
    data.update(loader.construct_mapping(node))


def _seq(loader: _Loader, node: yaml.SequenceNode) -> Iterator[LList]:
    data = LList()
    data.line = node.start_mark.line + 1
    data.lines = [n.start_mark.line + 1 for n in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_Loader.add_constructor("tag:yaml.org,2002:map", _map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _seq)


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns (data or None, problems); never raises for bad input."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return None, [Problem(shown, 1, "file", f"cannot be read ({e.__class__.__name__}: {e})")]
    loader = _Loader(text)
    loader.duplicates = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [Problem(shown, line, "yaml", f"not valid YAML: {what}")]
    finally:
        loader.dispose()
    problems = [Problem(shown, line, key, "given twice") for key, line in loader.duplicates]
    return data, problems
