"""The stable command line, run as a user would: a separate process."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env_home, cwd=ROOT, extra_env=None, pythonpath=None):
    import os

    # the test picks the language: English unless it asks for another (the developer's locale never leaks in)
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"CRAMP_COACH_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8"})
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "cramp_coach", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_list_json_expands_steps_as_the_player_shows_them(tmp_path):
    out = run("--list", "--json", env_home=tmp_path)
    assert out.returncode == 0, out.stderr
    items = {r["id"]: r for r in json.loads(out.stdout)}
    calf = items["first_aid_calf"]
    assert calf["kind"] == "first-aid" and calf["muscle"] == "calf"
    for step in calf["steps"]:
        assert set(step) >= {"id", "title", "muscle", "side", "seconds"}
        assert step["seconds"] > 0


def test_list_includes_a_users_own_routine_marked_custom(tmp_path):
    user_dir = tmp_path / "data" / "routines"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.yaml").write_text(
        "schema_version: 1\nexercises:\n  - {id: my_pull, title: Pull, text: Pull the toes., muscle: calf, seconds: 10}\n"
        "routines:\n  - id: my_routine\n    kind: prevention\n    title: Mine\n    muscle: calf\n"
        "    steps:\n      - exercise: my_pull\n        sides: [left, right]\n",
        encoding="utf-8",
    )
    out = run("--list", "--json", env_home=tmp_path)
    mine = {r["id"]: r for r in json.loads(out.stdout)}["my_routine"]
    assert mine["custom"] is True
    assert [s["side"] for s in mine["steps"]] == ["left", "right"]


def test_check_shipped_content_is_clean(tmp_path):
    out = run("--check", env_home=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_check_reports_every_problem_with_file_line_and_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\nexercises:\n  - id: Bad Id\n    title: x\n    text: y\n    muscle: elbow\n    seconds: -3\n",
        encoding="utf-8",
    )
    out = run("--check", str(bad), env_home=tmp_path)
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert len(lines) >= 3
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert any(":3: exercises[0].id:" in line for line in lines)
    assert any(".muscle:" in line and "elbow" in line for line in lines)


def test_version():
    out = subprocess.run([sys.executable, "-m", "cramp_coach", "--version"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0 and out.stdout.startswith("cramp-coach ")


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source checkout")
def test_built_wheel_finds_its_content_outside_the_checkout(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip("hatchling is not installed in this environment: " + build.stderr.strip().splitlines()[-1])
    assert build.returncode == 0, build.stderr
    wheel = next((tmp_path / "dist").glob("cramp_coach-*.whl"))
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "cramp_coach" / "exercises").is_dir() and (site / "cramp_coach" / "assets" / "images").is_dir()
    out = run("--list", "--json", env_home=tmp_path / "home", cwd=tmp_path, pythonpath=site)
    assert out.returncode == 0, out.stderr
    assert "first_aid_calf" in out.stdout
    check = run("--check", env_home=tmp_path / "home", cwd=tmp_path, pythonpath=site)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_app_has_no_network_code():
    """Nothing in the app touches the network: no HTTP clients, no internet sockets, no Qt network access.
    (Local sockets for the single-instance guard and speech-dispatcher are fine.)"""
    import ast

    banned_modules = {"urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "webbrowser"}
    banned_names = {"QNetworkAccessManager", "QTcpSocket", "QUdpSocket", "QSslSocket", "AF_INET", "AF_INET6", "create_connection"}
    found = []
    for path in (ROOT / "cramp_coach").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(path.name, a.name) for a in node.names if a.name.split(".")[0] in banned_modules]
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in banned_modules:
                found.append((path.name, node.module))
            elif isinstance(node, ast.Attribute | ast.Name) and getattr(node, "attr", getattr(node, "id", "")) in banned_names:
                found.append((path.name, getattr(node, "attr", getattr(node, "id", ""))))
            elif isinstance(node, ast.alias) and node.name in banned_names:
                found.append((path.name, node.name))
    assert not found, found


def test_a_reader_that_leaves_early_gets_no_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "cramp_coach", "--list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 0 and "Traceback" not in err and "BrokenPipe" not in err, err
