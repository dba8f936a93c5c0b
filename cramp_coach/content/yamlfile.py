"""YAML reading that remembers line numbers, so every error can name file:line: field.

Only the safe loader is used (a SafeLoader subclass): no Python objects are ever built.
"""

from __future__ import annotations

import os
import stat
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


MAX_BYTES = 256 * 1024  # a routine file is a few kilobytes; the largest shipped one is under 7 KB


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A regular file of at most `limit` bytes, as text (a UTF-8 BOM is allowed). Never blocks on a
    FIFO or device (opened non-blocking, checked before reading). Raises OSError or ValueError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"too large ({st.st_size} bytes; at most {limit})")
        data = b""
        while len(data) <= limit:
            chunk = os.read(fd, limit + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:
            raise ValueError(f"too large (more than {limit} bytes)")
    finally:
        os.close(fd)
    return data.decode("utf-8-sig")


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns (data or None, problems); never raises for bad input."""
    try:
        text = read_text(path)
    except (OSError, ValueError) as e:  # UnicodeDecodeError is a ValueError
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
    except RecursionError:
        return None, [Problem(shown, 1, "yaml", "nested too deeply")]
    finally:
        loader.dispose()
    problems = [Problem(shown, line, key, "given twice") for key, line in loader.duplicates]
    return data, problems
