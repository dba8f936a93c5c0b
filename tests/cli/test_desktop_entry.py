"""The launcher, its icons and its AppStream metainfo, installed into a temporary XDG data folder and checked
with the validators software centres use (where they are installed)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from cramp_coach.__main__ import main
from cramp_coach.platform_glue import desktop_entry


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no update-desktop-database surprises from elsewhere
    return tmp_path / "data"


def _tool(name):
    path = shutil.which(name, path="/usr/bin:/bin")
    if path is None:
        pytest.skip(f"{name} is not installed (apt-get install {'appstream' if name == 'appstreamcli' else 'desktop-file-utils'})")
    return path


def _png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_install_writes_launcher_icons_at_every_size_and_metainfo(xdg, capsys):
    assert main(["--install-desktop-entry"]) == 0
    printed = capsys.readouterr().out.splitlines()
    entry = xdg / "applications" / "cramp-coach.desktop"
    meta = xdg / "metainfo" / "io.github.crampcoach.CrampCoach.metainfo.xml"
    assert entry.exists() and meta.exists()
    sizes = {p.parent.parent.name for p in (xdg / "icons" / "hicolor").glob("*/apps/cramp-coach.*")}
    assert sizes == {"16x16", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "scalable"}
    for png in (xdg / "icons" / "hicolor").glob("*x*/apps/cramp-coach.png"):
        n = int(png.parent.parent.name.split("x")[0])
        assert _png_size(png) == (n, n), png
    assert (xdg / "icons" / "hicolor" / "scalable" / "apps" / "cramp-coach.svg").read_text().lstrip().startswith("<")
    assert len(printed) == 10 and all(line.startswith("installed ") for line in printed)
    assert {oct(Path(line.removeprefix("installed ")).stat().st_mode & 0o777) for line in printed} == {"0o644"}

    text = entry.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "Icon=cramp-coach" in lines and not any(line.startswith("Icon=/") for line in lines)
    assert "Name[ru]=Cramp Coach" in lines and "Comment[ru]=Первая помощь и растяжка при мышечных судорогах" in lines
    assert "Keywords=cramp;stretch;calf;leg;muscle;first aid;" in lines and any(line.startswith("Keywords[ru]=судорога;") for line in lines)
    action = text.split("[Desktop Action cramp-now]")[1].splitlines()
    assert "Name=Cramp now" in action and "Name[ru]=Свело мышцу" in action
    assert any(line.startswith("Exec=") and line.endswith(" --cramp") for line in action)


def test_launcher_passes_desktop_file_validate(xdg):
    tool = _tool("desktop-file-validate")
    desktop_entry.install()
    r = subprocess.run([tool, str(desktop_entry.desktop_entry_path())], capture_output=True, text=True)
    assert r.returncode == 0 and "error" not in r.stdout and "warning" not in r.stdout, r.stdout + r.stderr


def test_metainfo_passes_appstreamcli_without_errors_or_warnings(xdg):
    tool = _tool("appstreamcli")
    desktop_entry.install()
    # --no-net: the screenshots point at the project's published docs images; this machine has no network
    r = subprocess.run([tool, "validate", "--explain", "--no-net", str(desktop_entry.metainfo_path())], capture_output=True, text=True)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert not any(line.startswith(("E:", "W:")) for line in out.splitlines()), out
    meta = desktop_entry.metainfo_path().read_text(encoding="utf-8")
    for needed in (
        '<launchable type="desktop-id">cramp-coach.desktop</launchable>',
        "<content_rating",
        "<releases>",
        "<control>keyboard</control>",
        '<lang percentage="100">ru</lang>',
        'xml:lang="ru"',
    ):
        assert needed in meta
    for image in ("player.png", "where-ru-xlarge.png", "routines.png", "reference.png", "diary.png"):
        assert f"/docs/{image}</image>" in meta


def test_the_validator_check_can_fail(xdg, tmp_path):
    """A metainfo file with a missing summary and a bad licence is reported: the test above is not vacuous."""
    tool = _tool("appstreamcli")
    bad = tmp_path / "io.github.crampcoach.CrampCoach.metainfo.xml"
    text = desktop_entry.shipped_metainfo().read_text(encoding="utf-8")
    bad.write_text(text.replace("<project_license>MIT</project_license>", "<project_license>not a licence</project_license>"))
    r = subprocess.run([tool, "validate", "--no-net", str(bad)], capture_output=True, text=True)
    assert r.returncode != 0 or any(line.startswith(("E:", "W:")) for line in r.stdout.splitlines())


def test_uninstall_removes_everything_install_wrote(xdg, capsys):
    written = desktop_entry.install()
    assert main(["--uninstall-desktop-entry"]) == 0
    removed = [line.removeprefix("removed ") for line in capsys.readouterr().out.splitlines()]
    assert sorted(removed) == sorted(str(p) for p in written)
    assert [p for p in xdg.rglob("*") if p.is_file()] == []
    assert main(["--uninstall-desktop-entry"]) == 0  # twice is fine


def test_russian_launcher_words_come_from_the_catalogue():
    for msgid in (desktop_entry.GENERIC_NAME, desktop_entry.COMMENT, desktop_entry.KEYWORDS, desktop_entry.ACTION_NAME):
        assert desktop_entry.translated(msgid, "ru") not in ("", msgid), msgid
    assert desktop_entry.translated(desktop_entry.KEYWORDS, "ru").endswith(";")
