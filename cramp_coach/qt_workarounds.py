"""Work-arounds for known bugs and costs in the Qt binding. Imports no Qt itself (safe from any layer).

PySide6 6.12.0 on CPython < 3.12 drops one reference to None on every call of a void Qt method
(1000 x QLabel.setText lowers sys.getrefcount(None) by 1000); a few thousand calls later Python
dies with "Fatal Python error: none_dealloc". pyproject.toml excludes 6.12.0, but a machine may
still have it installed; there None is given a huge reference count once, which is exactly what
Python 3.12 does for every program (None is immortal there).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

AFFECTED = ("6.12.0",)


def _pyside_version() -> str:
    """The binding's version. Read from the PySide6 package once it is imported (free at that point;
    importlib.metadata alone costs about 20 ms at start-up), else from the installed distribution."""
    pyside = sys.modules.get("PySide6")
    version = getattr(pyside, "__version__", None)
    if isinstance(version, str):
        return version
    from importlib import metadata

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return ""


def protect_none() -> bool:
    """Apply the None work-around where it is needed; True if it was applied (now or before)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or _pyside_version() not in AFFECTED:
        return False
    import ctypes

    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    if count.value < 1 << 40:
        count.value += 1 << 40
    return True


def set_enum(obj: QObject, name: str, keys: str) -> None:
    """Set the Qt property `name` to Qt enum `keys` by their C++ names ("AlignRight|AlignVCenter").

    For what is built before the first step is shown: the first use of PySide's `Qt` namespace
    makes every one of its ~90 Python enums at once (~12 ms, ~117 M instructions here), so the
    launch path sets enum properties through the meta-object instead, and code that runs later
    names `QtCore.Qt` where it runs. Raises ValueError for a property or key Qt does not know.
    """
    if not obj.setProperty(name, keys):
        raise ValueError(f"{type(obj).__name__} has no enum property {name!r} taking {keys!r}")


def drop_feature_hook() -> bool:
    """Take PySide's `__feature__` import hook out again, once PySide is loaded. True if it was in.

    PySide replaces `__import__` so that a module may write `from __feature__ import snake_case`;
    for that, the hook reads the source of every module imported after PySide (inspect.getsource)
    to learn whether it uses PySide -- about 85 modules and 7 ms before step 1 here. The app never
    uses `__feature__`; imports go straight to the import PySide's hook wraps (its lazy types included).
    """
    import builtins

    hook, wrapped = getattr(builtins, "__feature_import__", None), getattr(builtins, "__orig_import__", None)
    if hook is None or wrapped is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = wrapped
    return True
