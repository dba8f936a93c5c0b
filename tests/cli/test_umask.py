"""The umask: the running app writes everything private (077), and a test that runs main() in this
process leaves the suite's umask (022, tests/conftest.py) to the tests after it."""

from __future__ import annotations

import os

from cramp_coach.__main__ import main


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def test_main_makes_everything_the_app_writes_private(tmp_path):
    assert _umask() == 0o022
    assert main(["--check", str(tmp_path / "missing.yaml")]) == 1
    assert _umask() == 0o077
    (tmp_path / "after.txt").write_text("x")
    assert (tmp_path / "after.txt").stat().st_mode & 0o777 == 0o600


def test_the_next_test_has_the_suites_umask_again():  # runs after the one above (file order)
    assert _umask() == 0o022
