"""The voice, measured from what a listener hears (a private PulseAudio null sink recorded with parec,
a private speech-dispatcher with espeak-ng):

1. first instruction: `cramp-coach -v --cramp calf`, 5 launches with speech-dispatcher already
   running and 5 where the app must spawn it; seconds from "step 1/N shown" (the line's arrival
   here) to the first voice in the recording. Targets 0.5 s and 1.0 s.
2. later instructions and holds, over the whole bedtime routine at its real length (10 s holds):
   voice onset after each step starts (target <= 0.2 s) and the worst hold shortfall, declared
   seconds minus the time from the end of speech to the release cue (target <= 0.3 s).

The recording's clock is tied to ours by the first hold cue (its "hold 1/N started" line and its
1100 Hz onset), so cue output latency is counted in neither direction.
usage: python benchmarks/bench_voice.py [--quick]   (--quick: 2 launches each, the first 6 bedtime steps)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, app_cmd, display, median, stop

sys.path.insert(0, str(ROOT / "tests" / "audio"))
import listen  # noqa: E402
import soundserver  # noqa: E402

ENV_KEYS = ("XDG_RUNTIME_DIR", "HOME", "PULSE_SERVER", "PULSE_SINK", "SPEECHD_ADDRESS")


def first_instruction(server: soundserver.SoundServer, env: dict, base: Path, n: int) -> tuple[float, float]:
    """Seconds from step 1 shown to the first voice heard."""
    rec_path = base / f"launch{n}.raw"
    parec = server.record(rec_path)
    time.sleep(0.3)
    t_rec = time.monotonic()
    p = subprocess.Popen(app_cmd("--cramp", "calf"), env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert p.stderr is not None
    shown = hold = None
    deadline = time.monotonic() + 30
    while hold is None and time.monotonic() < deadline:
        line = p.stderr.readline()
        if not line:
            break
        if "step 1/" in line and "shown" in line:
            shown = time.monotonic()
        elif "hold 1/" in line:
            hold = time.monotonic()
    time.sleep(0.6)
    stop(p)
    t_stop = time.monotonic()
    soundserver._stop(parec)
    if shown is None or hold is None:
        raise RuntimeError("the app did not show step 1 and start its hold")
    samples = listen.load(rec_path.read_bytes())
    freq = listen.FREQ["hold"]
    # roughly where the hold cue is in the recording, counted back from its end (parec may take a
    # while to start recording under load; it stops at once)
    expect = hold - (t_stop - len(samples) / listen.RATE)
    onsets = [x for x in listen.tone_onsets(samples, freq) if abs(x - expect) <= 0.4 and listen._sustained(samples, x, freq)]
    if not onsets:
        raise RuntimeError(
            f"the first hold cue was not heard near {expect:.2f} s (1100 Hz onsets {[round(x, 2) for x in listen.tone_onsets(samples, freq)]})"
        )
    # the strongest: the cue itself, not a passing harmonic of the speech around it
    heard = max(onsets, key=lambda x: listen.amplitude(samples, int((x + 0.02) * listen.RATE), freq))
    offset = heard - hold
    rms = listen.rms_frames(samples)
    voice = [i * listen.WIN / listen.RATE for i, r in enumerate(rms) if r >= 300]
    first = next(v for v in voice if v - offset > shown - 0.05)
    if first - offset < shown:
        raise RuntimeError(f"sound {shown - (first - offset):.3f} s before step 1 was shown: the clocks are not tied")
    return (first - offset) - shown, shown - t_rec


def kill_spawned_speechd(base: Path) -> None:
    for pid_file in (base / "run" / "speech-dispatcher").rglob("*.pid"):
        try:
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
        except (OSError, ValueError, IndexError):
            pass
    sock = base / "run" / "speech-dispatcher" / "speechd.sock"
    deadline = time.monotonic() + 5
    while sock.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    sock.unlink(missing_ok=True)


def main() -> int:
    quick = "--quick" in sys.argv
    runs = 2 if quick else 5
    missing = soundserver.missing_tools()
    if missing:
        print(f"skipped: needs {', '.join(missing)}")
        return 0
    base = Path(tempfile.mkdtemp(prefix="cc-bench-voice-"))
    server = soundserver.SoundServer(base)
    try:
        server.start()
        with display() as (env, kind):
            env = {**env, **{k: server.env[k] for k in ENV_KEYS}}
            env.pop("CRAMP_COACH_TTS_ENGINE", None)
            env.pop("CRAMP_COACH_AUDIO", None)
            first_instruction(server, env, base, 0)  # warm the file cache
            warm = [first_instruction(server, env, base, i)[0] for i in range(runs)]
            soundserver._stop(server.speechd)
            cold = []
            for i in range(runs):
                kill_spawned_speechd(base)
                cold.append(first_instruction(server, env, base, 100 + i)[0])
            kill_spawned_speechd(base)
            print(f"display: {kind}; first instruction heard after step 1 is shown ({runs} launches each):")
            print(
                f"  speech-dispatcher running: median {median(warm):.3f} s, worst {max(warm):.3f} s (target <= 0.5 s, ratio {max(warm) / 0.5:.2f})"
            )
            print(
                f"  speech-dispatcher spawned: median {median(cold):.3f} s, worst {max(cold):.3f} s (target <= 1.0 s, ratio {max(cold) / 1.0:.2f})"
            )
        server.start_speechd(time.monotonic() + 10)
        bedtime(server, base, 6 if quick else 0)
    finally:
        server.stop()
        kill_spawned_speechd(base)
        shutil.rmtree(base, ignore_errors=True)
    return 0


def bedtime(server: soundserver.SoundServer, base: Path, max_steps: int) -> None:
    rec_path = base / "bedtime.raw"
    parec = server.record(rec_path)
    time.sleep(0.3)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "audio" / "play_routine.py"), "bedtime_stretches", "1.0", str(max_steps)],
        env={**server.env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    time.sleep(0.4)
    soundserver._stop(parec)
    events = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    rep = listen.analyse(rec_path.read_bytes(), events, server.recording_started)
    holds = [s for s in rep.steps if not s.rest and s.hold is not None]
    onsets = [s.speech_onset for s in rep.steps[1:] if s.speech_onset is not None]
    worst = max(holds, key=lambda s: s.declared - (s.hold or 0))
    print(f"bedtime routine, {len(rep.steps)} steps at their real length:")
    print(f"  voice onset after a step starts (steps 2-): median {median(onsets):.3f} s, worst {max(onsets):.3f} s (target <= 0.2 s)")
    print(
        f"  hold from end of speech to release cue: shortest {min(s.hold or 0 for s in holds):.2f} s; worst shortfall "
        f"{worst.declared - (worst.hold or 0):+.2f} s at step {worst.index + 1} (declared {worst.declared} s; target <= 0.3 s)"
    )
    missed = [(n, round(t, 2)) for n, t, h in rep.cues if not h]
    print(f"  {rep.lines()[0]}; cues heard {len(rep.cues) - len(missed)}/{len(rep.cues)}" + (f", missed {missed[:8]}" if missed else ""))


if __name__ == "__main__":
    sys.exit(main())
