"""Start at login, per platform. No Qt; every path can be redirected for tests.

- Linux and other freedesktop systems: $XDG_CONFIG_HOME/autostart/cramp-coach.desktop (default ~/.config);
  the launcher in the applications menu is desktop_entry.py's.
- Windows: the per-user Run key (HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run).
- macOS: ~/Library/LaunchAgents/org.crampcoach.CrampCoach.plist.
Everything starts the app with --tray: quietly, in the tray.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import shutil
import sys
from pathlib import Path
from typing import Any

from cramp_coach import resources

APP_ID = "cramp-coach"
RUN_VALUE = "CrampCoach"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
LAUNCH_AGENT = "org.crampcoach.CrampCoach"


def command() -> list[str]:
    """How to start this copy of the app: a frozen bundle's own executable, the installed script when there
    is one, else python -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = shutil.which(APP_ID)
    if script is None:
        here = Path(sys.executable).with_name(APP_ID + (".exe" if sys.platform == "win32" else ""))
        script = str(here) if here.exists() else None
    return [script] if script else [sys.executable, "-m", "cramp_coach"]


def _exec_line(args: list[str]) -> str:
    """A desktop-entry Exec value: arguments quoted as the spec asks (and % doubled)."""
    out = []
    for a in args:
        a = a.replace("%", "%%")
        if any(c in a for c in " \t\n\"'\\><~|&;$*?#()`"):
            a = '"' + a.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$") + '"'
        out.append(a)
    return " ".join(out)


def _xdg(var: str, default: str) -> Path:
    value = os.environ.get(var, "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / default


def _icon_path() -> str:
    svg = resources.icon("cramp-coach.svg")
    png = resources.icon("cramp-coach-256.png")
    return str(svg if svg.exists() else png if png.exists() else svg)


def _desktop(name: str, comment: str, args: list[str], extra: str = "") -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.0\n"
        f"Name={name}\n"
        "GenericName=Cramp first aid\n"
        f"Comment={comment}\n"
        f"Exec={_exec_line(args)}\n"
        f"Icon={_icon_path()}\n"
        "Terminal=false\n"
        "Categories=Utility;\n"
        "Keywords=cramp;stretch;calf;leg;muscle;\n"
        f"StartupWMClass={APP_ID}\n" + extra
    )


# --- start at login ---------------------------------------------------------------
def autostart_path(platform: str = sys.platform) -> Path | None:
    """The file that starts the app at login (None on Windows: a registry value)."""
    if platform == "win32":
        return None
    if platform == "darwin":
        return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT}.plist"
    return _xdg("XDG_CONFIG_HOME", ".config") / "autostart" / f"{APP_ID}.desktop"


def autostart_text(platform: str = sys.platform) -> bytes:
    args = [*command(), "--tray"]
    if platform == "darwin":
        return plistlib.dumps({"Label": LAUNCH_AGENT, "ProgramArguments": args, "RunAtLoad": True, "ProcessType": "Interactive"})
    return _desktop(
        "Cramp Coach", "Cramp Coach in the tray: reminders for your stretches", args, "X-GNOME-Autostart-enabled=true\n"
    ).encode()


def is_autostart_installed(platform: str = sys.platform) -> bool:
    if platform == "win32":
        return _run_key(None, read=True) is not None
    path = autostart_path(platform)
    return path is not None and path.exists()


def set_autostart(enabled: bool, platform: str = sys.platform) -> str:
    """Install or remove the entry; returns where (for the log). Raises OSError when that fails."""
    if platform == "win32":
        value = " ".join(f'"{a}"' if " " in a else a for a in [*command(), "--tray"]) if enabled else None
        _run_key(value)
        return "HKCU\\" + RUN_KEY + "\\" + RUN_VALUE
    path = autostart_path(platform)
    assert path is not None
    if enabled:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(autostart_text(platform))
    else:
        path.unlink(missing_ok=True)
    return str(path)


def _run_key(value: str | None, read: bool = False) -> str | None:
    # Windows only; typeshed declares winreg's names for win32 alone, so it is typed Any here
    winreg: Any = importlib.import_module("winreg")

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_READ | winreg.KEY_SET_VALUE) as key:
        if read:
            try:
                return str(winreg.QueryValueEx(key, RUN_VALUE)[0])
            except FileNotFoundError:
                return None
        if value is None:
            try:
                winreg.DeleteValue(key, RUN_VALUE)
            except FileNotFoundError:
                pass
        else:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, value)
    return value
