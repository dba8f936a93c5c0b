"""The wheel and sdist people install from: built by the project's own backend, checked by twine where it
is installed, installing nothing outside site-packages but the cramp-coach command; and (slow) a pipx
install into a fresh HOME that starts, checks its content and installs its launcher."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    for target in ("wheel", "sdist"):
        r = subprocess.run(
            [sys.executable, "-c", f"import hatchling.build as b, sys; print(b.build_{target}(sys.argv[1]))", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if r.returncode != 0 and "No module named 'hatchling'" in r.stderr:
            pytest.skip("hatchling is not installed in this environment")
        assert r.returncode == 0, r.stderr[-2000:]
    return out


def test_wheel_installs_only_the_command_outside_site_packages(dist):
    wheel = next(dist.glob("cramp_coach-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    outside = [n for n in names if not n.startswith(("cramp_coach/", "cramp_coach-"))]
    assert outside == [] and not any(".data/" in n for n in names), outside  # no data-files, no extra scripts
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert [line for line in entry_points.splitlines() if "=" in line] == ["cramp-coach = cramp_coach.__main__:main"]
    for needed in (
        "cramp_coach/assets/metainfo/io.github.crampcoach.CrampCoach.metainfo.xml",
        "cramp_coach/assets/icons/cramp-coach-256.png",
        "cramp_coach/assets/icons/cramp-coach.svg",
        "cramp_coach/locale/ru.po",
        "cramp_coach/exercises/first_aid/calf.yaml",
    ):
        assert needed in names, needed
    sdist = next(dist.glob("cramp_coach-*.tar.gz"))
    assert sdist.stat().st_size > 10_000


def test_twine_check_passes(dist):
    twine = shutil.which("twine") or (
        str(Path(sys.executable).with_name("twine")) if Path(sys.executable).with_name("twine").exists() else None
    )
    if twine is None:
        pytest.skip("twine is not installed (pip install twine)")
    r = subprocess.run([twine, "check", "--strict", *map(str, dist.iterdir())], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.count("PASSED") == 2, r.stdout + r.stderr


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("CRAMP_COACH_BUNDLE") != "1", reason="installs PySide6 into a fresh pipx venv: set CRAMP_COACH_BUNDLE=1")
def test_pipx_install_in_a_fresh_home_gives_a_working_command(dist, tmp_path):
    pipx = shutil.which("pipx") or str(Path(sys.executable).with_name("pipx"))
    if not Path(pipx).exists():
        pytest.skip("pipx is not installed (pip install pipx)")
    home = tmp_path / "home"
    env = {
        "PATH": f"{home}/.local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "PIPX_HOME": str(home / ".local/share/pipx"),
        "PIPX_BIN_DIR": str(home / ".local/bin"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    wheel = next(dist.glob("cramp_coach-*.whl"))
    r = subprocess.run([pipx, "install", "--python", sys.executable, str(wheel)], env=env, capture_output=True, text=True, timeout=1200)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert sorted(p.name for p in (home / ".local/bin").iterdir()) == ["cramp-coach"]
    command = str(home / ".local/bin" / "cramp-coach")
    check = subprocess.run([command, "--check"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "content OK" in check.stderr, check.stdout + check.stderr
    installed = subprocess.run([command, "--install-desktop-entry"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stderr
    entry = (home / ".local/share/applications/cramp-coach.desktop").read_text()
    assert f"Exec={command}\n" in entry and "Icon=cramp-coach\n" in entry
