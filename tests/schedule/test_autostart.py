"""Start-at-login entries and the launcher, written into a temporary XDG folder."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys

import pytest

from cramp_coach.platform_glue import autostart


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path


def _validate(path):
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed")
    r = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert r.returncode == 0 and "error" not in r.stdout, r.stdout + r.stderr


def test_linux_autostart_install_and_remove(xdg):
    assert not autostart.is_autostart_installed("linux")
    where = autostart.set_autostart(True, "linux")
    path = xdg / "config" / "autostart" / "cramp-coach.desktop"
    assert where == str(path) and path.exists()
    text = path.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --tray") and ("cramp-coach" in exec_line or "cramp_coach" in exec_line)
    assert autostart.is_autostart_installed("linux")
    _validate(path)
    autostart.set_autostart(False, "linux")
    assert not path.exists() and not autostart.is_autostart_installed("linux")
    autostart.set_autostart(False, "linux")  # removing twice is fine


def test_relative_xdg_value_is_ignored(xdg, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/dir")
    assert autostart.autostart_path("linux") == xdg / "home" / ".config" / "autostart" / "cramp-coach.desktop"


def test_exec_quoting_for_paths_with_spaces():
    assert autostart._exec_line(["/opt/my apps/cramp-coach", "--tray"]) == '"/opt/my apps/cramp-coach" --tray'
    assert autostart._exec_line(["/x/100%", "-m"]) == "/x/100%% -m"


def test_macos_launch_agent(xdg):
    where = autostart.set_autostart(True, "darwin")
    plist = plistlib.loads((xdg / "home" / "Library" / "LaunchAgents" / "org.crampcoach.CrampCoach.plist").read_bytes())
    assert where.endswith(".plist") and plist["RunAtLoad"] is True and plist["ProgramArguments"][-1] == "--tray"
    assert autostart.is_autostart_installed("darwin")
    autostart.set_autostart(False, "darwin")
    assert not autostart.is_autostart_installed("darwin")


class FakeWinreg:
    """Just enough of winreg for the Run key."""

    HKEY_CURRENT_USER, KEY_READ, KEY_SET_VALUE, REG_SZ = 1, 2, 4, 1

    def __init__(self):
        self.values = {}

    def OpenKey(self, root, path, reserved, access):
        assert root == self.HKEY_CURRENT_USER and path == autostart.RUN_KEY
        import contextlib

        return contextlib.nullcontext(self)

    def QueryValueEx(self, key, name):
        if name not in self.values:
            raise FileNotFoundError(name)
        return self.values[name], self.REG_SZ

    def SetValueEx(self, key, name, reserved, kind, value):
        self.values[name] = value

    def DeleteValue(self, key, name):
        if name not in self.values:
            raise FileNotFoundError(name)
        del self.values[name]


def test_windows_run_key(monkeypatch):
    fake = FakeWinreg()
    monkeypatch.setitem(sys.modules, "winreg", fake)
    monkeypatch.setattr(autostart, "command", lambda: [r"C:\Program Files\Cramp Coach\cramp-coach.exe"])
    assert not autostart.is_autostart_installed("win32")
    assert autostart.set_autostart(True, "win32").endswith(r"\Run\CrampCoach")
    assert fake.values["CrampCoach"] == r'"C:\Program Files\Cramp Coach\cramp-coach.exe" --tray'
    assert autostart.is_autostart_installed("win32")
    autostart.set_autostart(False, "win32")
    autostart.set_autostart(False, "win32")
    assert fake.values == {} and not autostart.is_autostart_installed("win32")
