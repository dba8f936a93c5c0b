"""Night levels, proven from a recording: the same tone and sentence by day and at night levels
(cues at half, the voice a little quieter) through the real backend; the night ones are softer
by about the factors asked for, and the voice is still there."""

from __future__ import annotations

import math
import subprocess
import sys
import time

import pytest
import soundcheck as sc
from test_realsound import HERE, ROOT, STEP_HZ, _stop, sound_server  # noqa: F401 (the fixture)

pytestmark = pytest.mark.realaudio


def _peak(samples, start: float, length: float) -> int:
    a, b = int(start * sc.RATE), int((start + length) * sc.RATE)
    return max((abs(v) for v in samples[a:b]), default=0)


def _rms(samples, start: float, length: float) -> float:
    a, b = int(start * sc.RATE), int((start + length) * sc.RATE)
    part = samples[a:b]
    return math.sqrt(sum(v * v for v in part) / len(part)) if part else 0.0


def test_night_cues_are_half_and_the_voice_softer(sound_server, tmp_path):  # noqa: F811 (the imported fixture)
    rec_path = tmp_path / "rec.raw"
    parec = sound_server.record(rec_path)
    time.sleep(0.3)
    run = subprocess.run(
        [sys.executable, str(HERE / "play_levels.py"), "0.5", "0.75"],
        env={**sound_server.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    time.sleep(0.3)
    _stop(parec)
    assert run.returncode == 0, f"player exited {run.returncode}: {run.stdout[-2000:]} {run.stderr[-2000:]}"
    samples = sc.load(rec_path.read_bytes())
    heard = sc.onsets(sc.analyse(samples, (STEP_HZ,)), STEP_HZ, min_level=300.0)
    onsets: list[float] = []
    for t in heard:  # samples dropped under load can split one tone in two: the two tones are seconds apart
        if not onsets or t - onsets[-1] > 1.0:
            onsets.append(t)
    assert len(onsets) == 2, f"expected the day and the night step tone, heard {onsets}"
    day, night = onsets
    tone_day, tone_night = _peak(samples, day, 0.15), _peak(samples, night, 0.15)
    # the sentence is asked for 0.75 s after the tone; 3 s of it is measured
    voice_day, voice_night = _rms(samples, day + 1.0, 3.0), _rms(samples, night + 1.0, 3.0)
    print(f"tone peak day {tone_day} night {tone_night} ({tone_night / tone_day:.2f}); "
          f"voice rms day {voice_day:.0f} night {voice_night:.0f} ({voice_night / voice_day:.2f})")  # fmt: skip
    assert 0.4 <= tone_night / tone_day <= 0.6
    assert voice_day > 300 and 0.4 <= voice_night / voice_day <= 0.92  # softer, still clearly speaking
