"""A real child process adding entries in a loop is SIGKILLed mid-save: nothing committed is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cramp_coach.storage.diary import Diary

WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from cramp_coach.storage.diary import Diary, Entry
d = Diary(Path(sys.argv[1]))
t0 = datetime(2026, 3, 1, 2, 0, tzinfo=timezone.utc)
print("ready", flush=True)
k = 0
while True:
    # a long note makes each save take a while, so the kill lands inside one
    d.add(Entry(started=t0 + timedelta(minutes=k), muscle="calf", side="left", severity=k % 11, seconds=60.0,
                helped=("stretch",), note=f"{k}:" + "n" * 20000, source="session"))
    print(k, flush=True)
    k += 1
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("after", [1, 25])
def test_sigkill_mid_save_loses_at_most_the_entry_being_saved(tmp_path, after):
    path = tmp_path / "diary.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "ready"
        committed = []
        while len(committed) < after:
            line = child.stdout.readline()
            assert line, "the writer stopped early"
            committed.append(int(line))
        child.send_signal(signal.SIGKILL)  # no clean-up, no checkpoint: the WAL is left as it is
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    # the child may have committed a few more entries than we read before the kill
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    raw.close()
    with Diary(path) as d:
        assert d.notice is None
        entries = d.entries()
        notes = sorted(int(e.note.split(":")[0]) for e in entries)
        assert all(e.note.endswith("n" * 20000) and e.helped == ("stretch",) for e in entries)
    assert set(committed) <= set(notes)
    assert notes == list(range(len(notes)))  # no holes, no half-written entry
