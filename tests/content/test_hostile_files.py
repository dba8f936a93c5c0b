"""Issue 14, cases 3-4 and --check: no user file can crash, hang or slow the start, and each refusal is said."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cramp_coach import content
from cramp_coach.content import routines as rt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hostile  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def _env(home):
    env = dict(os.environ, CRAMP_COACH_HOME=str(home), QT_QPA_PLATFORM="offscreen", CRAMP_COACH_TTS_ENGINE="mock", LANGUAGE="en")
    env.pop("XDG_RUNTIME_DIR", None)
    return env


def _user(tmp_path, name, text):
    d = tmp_path / "routines"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text)
    return d


def _problems(lib):
    return [str(p) for p in lib.problems]


def test_nested_repeats_are_refused_quickly(tmp_path):
    text = hostile.nested_repeats()
    assert len(text) < 600
    t0 = time.monotonic()
    extra = content.load_user(content.load_shipped(), _user(tmp_path, "n.yaml", text))
    assert time.monotonic() - t0 < 2
    assert "h_nested" not in extra.routines
    assert any(f"more than {rt.MAX_STEPS} steps" in p for p in _problems(extra)), _problems(extra)


def test_alias_bomb_is_refused_quickly(tmp_path):
    text = hostile.alias_bomb()
    assert len(text) < 2000
    t0 = time.monotonic()
    extra = content.load_user(content.load_shipped(), _user(tmp_path, "b.yaml", text))
    assert time.monotonic() - t0 < 3
    assert "h_bomb" not in extra.routines
    assert any("steps" in p or "too complex" in p for p in _problems(extra)), _problems(extra)


def test_large_fifo_device_and_undecodable_files_are_refused(tmp_path):
    d = tmp_path / "routines"
    d.mkdir()
    with open(d / "huge.yaml", "wb") as f:
        f.truncate(50 * 1024 * 1024)
    (d / "big.yaml").write_text(hostile.EX + "#" * (300 * 1024))
    os.mkfifo(d / "x.yaml")
    (d / "zero.yaml").symlink_to("/dev/zero")
    (d / "bad.yaml").write_bytes(b"\xff\xfe\x00bad")
    t0 = time.monotonic()
    extra = content.load_user(content.load_shipped(), d)
    assert time.monotonic() - t0 < 2
    got = "\n".join(_problems(extra))
    for name, why in (
        ("huge", "too large"),
        ("big", "too large"),
        ("x", "not a regular file"),
        ("zero", "not a regular file"),
        ("bad", "cannot be read"),
    ):
        assert f"{name}.yaml:1: file: cannot be read" in got and why in got, got


def test_bom_is_accepted(tmp_path):
    d = _user(tmp_path, "bom.yaml", "")
    (d / "bom.yaml").write_bytes(
        b"\xef\xbb\xbf"
        + (hostile.EX + "routines:\n  - {id: h_bom, kind: prevention, title: B, muscle: calf, steps: [{exercise: h_pull}]}\n").encode()
    )
    extra = content.load_user(content.load_shipped(), d)
    assert "h_bom" in extra.routines, _problems(extra)


def test_long_or_escaping_image_names_are_problems_not_crashes(tmp_path):
    for image in ("x" * 300 + ".svg", "../../../../etc/passwd", "/etc/passwd", "sub/x.svg"):
        text = hostile.EX.replace("seconds: 10}", f"seconds: 10, image: '{image}'}}")
        extra = content.load_user(content.load_shipped(), _user(tmp_path, "i.yaml", text))
        assert "h_pull" not in extra.exercises
        assert any("image" in p for p in _problems(extra))


def test_unreadable_routines_folder_is_a_problem(tmp_path, monkeypatch):
    d = tmp_path / "routines"
    d.mkdir()

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", denied)
    lib = content.load(d)
    assert "first_aid_calf" in lib.routines
    assert any("folder: cannot be read" in p for p in _problems(lib))


def _subject_to_permissions(cmd, folder):
    """As root, drop the two capabilities that bypass file permissions (the child stays root, so a
    0700 checkout still works); an ordinary user is subject to them already."""
    if os.geteuid() != 0:
        return cmd
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("running as root: needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH")
    pre = [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all"]
    if subprocess.run([*pre, "sh", "-c", 'test ! -r "$0"', str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root: setpriv cannot drop CAP_DAC_READ_SEARCH here, so no folder is unreadable for root")
    return [*pre, *cmd]


def test_unreadable_routines_folder_for_list_and_the_cramp_path(tmp_path):
    home = tmp_path / "home"
    d = home / "data" / "routines"
    d.mkdir(parents=True)
    (d / "mine.yaml").write_text(hostile.EX)
    d.chmod(0)
    try:
        cmd = _subject_to_permissions([sys.executable, "-m", "cramp_coach", "--list"], d)
        out = subprocess.run(cmd, env=_env(home), capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "first_aid_calf" in out.stdout, out.stderr
        assert "folder: cannot be read" in out.stderr, out.stderr
        log = tmp_path / "app.log"
        with open(log, "w") as f:
            app = subprocess.Popen(
                _subject_to_permissions([sys.executable, "-m", "cramp_coach", "-v", "--cramp", "calf"], d),
                env=_env(home),
                stdout=f,
                stderr=f,
            )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and "user routines:" not in log.read_text(errors="replace"):
                assert app.poll() is None, log.read_text()
                time.sleep(0.1)
            text = log.read_text(errors="replace")
            assert "step 1/" in text and "folder: cannot be read" in text, text
        finally:
            app.terminate()
            app.wait(20)
    finally:
        d.chmod(0o700)


def test_ids_taken_from_shipped_content_are_refused_by_check_as_by_the_app(tmp_path):
    d = _user(
        tmp_path,
        "c.yaml",
        hostile.EX + "routines:\n  - {id: first_aid_calf, kind: first-aid, title: Hijack, muscle: calf, steps: [{exercise: h_pull}]}\n",
    )
    lib = content.load(d)
    assert lib.routines["first_aid_calf"].title != "Hijack"
    out = subprocess.run(
        [sys.executable, "-m", "cramp_coach", "--check", str(d / "c.yaml")],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert out.returncode == 1, out
    assert "routines.first_aid_calf.id: already defined at" in out.stdout


def test_check_and_list_survive_every_hostile_file(tmp_path):
    home = tmp_path / "home"
    routines = hostile.write_all(home)
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "cramp_coach", "--list"], env=_env(home), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "first_aid_calf" in out.stdout, out.stderr
    names = sorted(p.name for p in routines.iterdir())
    check = subprocess.run(
        [sys.executable, "-m", "cramp_coach", "--check", *(str(routines / n) for n in names)],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 1
    assert time.monotonic() - t0 < 30
    for n in ("nested", "bomb", "huge", "image", "collide", "deep", "bad", "x", "zero"):
        assert f"{n}.yaml:" in check.stdout, (n, check.stdout)


def test_cramp_shows_step_one_with_every_hostile_file_in_place(tmp_path):
    """The cramp path as a user starts it: a real process, every hostile file of the issue in the home."""
    home = tmp_path / "home"
    hostile.write_all(home)
    log = tmp_path / "app.log"
    t0 = time.monotonic()
    with open(log, "w") as out:
        app = subprocess.Popen([sys.executable, "-m", "cramp_coach", "-v", "--cramp", "calf"], env=_env(home), stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "user routines:" not in log.read_text(errors="replace"):
            assert app.poll() is None, log.read_text()
            time.sleep(0.1)
        text = log.read_text(errors="replace")
        assert "step 1/" in text and "user routines:" in text, text
        assert time.monotonic() - t0 < 30
        assert text.index("step 1/") < text.index("user routines:")  # the first step comes before user files
        assert list((home / "config").glob("settings.json.corrupt-*")), "the deep settings file was not moved aside"
    finally:
        app.terminate()
        app.wait(20)
    assert app.returncode in (0, -15), log.read_text()
