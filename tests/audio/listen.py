"""Listening to a recording as a user would, per step: when the voice starts after the step began,
when it stops, how long the hold then really lasts until the release cue, whether every cue was
heard in order, and the peak level. Pure Python (fast enough: energy for every 10 ms, tone strength
only where a cue is expected).

The child's monotonic clock is mapped onto the recording by the hold cues: the one offset, near the
moment the recorder was started, that puts the most requested hold cues onto a heard 1100 Hz onset.
"""

from __future__ import annotations

import array
import math
import operator
from dataclasses import dataclass, field

RATE = 44100
WIN = 441  # 10 ms
FREQ = {"step": 660.0, "hold": 1100.0, "tick": 1500.0, "release": 440.0, "end": 880.0}
LENGTH = {"step": 0.18, "hold": 0.22, "tick": 0.04, "release": 0.3, "end": 0.9}
SIDE = 300.0
FULL_SCALE = 32767


def load(raw: bytes) -> array.array:
    a = array.array("h")
    a.frombytes(raw[: len(raw) // 2 * 2])
    return a


def rms_frames(samples: array.array) -> list[float]:
    mul = operator.mul
    out = []
    for s in range(0, len(samples) - WIN, WIN):
        frame = samples[s : s + WIN]
        out.append(math.sqrt(sum(map(mul, frame, frame)) / WIN))
    return out


_TABLES: dict[float, tuple[list[float], list[float]]] = {}


def amplitude(samples: array.array, start: int, freq: float) -> float:
    """Amplitude of a sine at `freq` in the 10 ms window from sample `start` (Hann-windowed Goertzel)."""
    if freq not in _TABLES:
        w = [0.5 - 0.5 * math.cos(2 * math.pi * (n + 0.5) / WIN) for n in range(WIN)]
        _TABLES[freq] = (
            [w[n] * math.cos(2 * math.pi * freq * n / RATE) for n in range(WIN)],
            [w[n] * math.sin(2 * math.pi * freq * n / RATE) for n in range(WIN)],
        )
    c, s = _TABLES[freq]
    frame = samples[start : start + WIN]
    if len(frame) < WIN:
        return 0.0
    mul = operator.mul
    return 2 * math.hypot(sum(map(mul, frame, c)), sum(map(mul, frame, s))) / (WIN / 2)


def tone_at(samples: array.array, t: float, freq: float) -> bool:
    """A tone at `freq` around time `t` (s): strong, and well above its neighbours ±300 Hz."""
    start = max(0, int(t * RATE))
    a = amplitude(samples, start, freq)
    side = max(amplitude(samples, start, freq - SIDE), amplitude(samples, start, freq + SIDE))
    return a >= 600 and a >= 3 * side


def tone_onsets(samples: array.array, freq: float) -> list[float]:
    out: list[float] = []
    run = 0
    for i, s in enumerate(range(0, len(samples) - WIN, WIN)):
        a = amplitude(samples, s, freq)
        strong = a >= 600 and a >= 3 * max(amplitude(samples, s, freq - SIDE), amplitude(samples, s, freq + SIDE))
        run = run + 1 if strong else 0
        if run == 2:
            t = (i - 1) * WIN / RATE
            if not out or t - out[-1] > 0.15:
                out.append(t)
    return out


def _around(wide: float = 0.0) -> list[float]:
    """Offsets to try, nearest first: 0, +5 ms, -5 ms, ... within -0.15..+0.25 s (or +-wide)."""
    steps = [i * 0.005 for i in range(-int(wide * 200), int(wide * 200) + 1)] if wide else [i * 0.005 for i in range(-30, 51)]
    return sorted(steps, key=abs)


def _sustained(samples: array.array, t: float, freq: float) -> bool:
    """A tone at `freq` from `t` for at least 60 ms (a cue, not a passing harmonic of speech)."""
    return all(tone_at(samples, t + k * 0.02, freq) for k in range(4))


# Where the recording's first sample can be, after parec was started: not before, and (even on a
# loaded machine) within a few seconds; a cue is heard a little after it is asked for
START_DELAY = (-5.0, 1.0)
MATCH = 0.08  # s: a requested cue and a heard onset this close are taken as one (clocks drift ~0.05 %)


def clock_offset(samples: array.array, hold_requests: list[float], started: float | None = None) -> float:
    """Recording time = child time + offset (cue output latency included).

    The offset that puts the most requested hold cues onto heard 1100 Hz onsets. A routine repeats
    itself (the same stretch, left then right), so an offset one repeat off matches almost as many:
    with `started` (the monotonic time parec was started, the child's clock too) only offsets that
    put the recording's start within START_DELAY of it are tried.
    """
    heard = tone_onsets(samples, FREQ["hold"])
    lo, hi = (-math.inf, math.inf) if started is None else (-started + START_DELAY[0], -started + START_DELAY[1])
    best, best_n = 0.0, -1
    for h in heard:
        for r in hold_requests:
            off = h - r
            if not lo <= off <= hi:
                continue
            n = sum(1 for q in hold_requests if any(abs(q + off - x) <= MATCH for x in heard))
            if n > best_n:
                best, best_n = off, n
    if best_n <= 0:
        raise AssertionError(f"no hold cue heard where one was asked for (1100 Hz onsets: {heard[:10]})")
    # refine: the median of the matched differences
    diffs = sorted(x - q for q in hold_requests for x in heard if abs(q + best - x) <= MATCH)
    return diffs[len(diffs) // 2]


@dataclass
class StepReport:
    index: int
    rest: bool
    declared: int
    speech_onset: float | None  # s after the step started
    speech_end: float | None  # recording time
    hold: float | None  # s from the end of speech to the release cue (or the next step, for a rest)


@dataclass
class Report:
    steps: list[StepReport] = field(default_factory=list)
    cues: list[tuple[str, float, bool]] = field(default_factory=list)  # name, recording time, heard
    peak: int = 0
    clipped: int = 0
    offset: float = 0.0

    def lines(self) -> list[str]:
        out = [f"peak {self.peak} ({20 * math.log10(max(1, self.peak) / FULL_SCALE):.1f} dBFS), {self.clipped} samples at full scale"]
        for s in self.steps:
            onset = "-" if s.speech_onset is None else f"{s.speech_onset * 1000:4.0f} ms"
            hold = "-" if s.hold is None else f"{s.hold:5.2f} s"
            out.append(f"step {s.index + 1:2d}{' rest' if s.rest else '     '} speech onset {onset}, hold {hold} (declared {s.declared} s)")
        return out


def analyse(raw: bytes, events: list[dict], started: float | None = None) -> Report:
    """`started`: the monotonic time parec was started (SoundServer.recording_started)."""
    samples = load(raw)
    rep = Report()
    rep.peak = max(map(abs, samples)) if samples else 0
    rep.clipped = sum(1 for x in samples if abs(x) >= FULL_SCALE)
    holds = [e["t"] for e in events if e["kind"] == "cue" and e["name"] == "hold"]
    off = rep.offset = clock_offset(samples, holds, started)
    # each cue looked for near where it is due, the mapping re-anchored on every cue heard (a loaded
    # machine can drop recorded samples, which shifts everything after)
    anchors: list[tuple[float, float]] = []  # (child time, offset)
    rep.cues = []
    for e in (e for e in events if e["kind"] == "cue"):
        name, due = e["name"], e["t"] + off
        found = next((due + d for d in _around() if tone_at(samples, due + d, FREQ[name])), None)
        if found is None and name in ("hold", "release", "end"):  # long tones: look further (a bigger drop)
            found = next((due + d for d in _around(1.0) if _sustained(samples, due + d, FREQ[name])), None)
        if found is not None:
            off = found - e["t"]
            anchors.append((e["t"], off))
        rep.cues.append((name, found if found is not None else due, found is not None))

    def at(t: float) -> float:
        near = min(anchors, key=lambda a: abs(a[0] - t)) if anchors else (t, rep.offset)
        return t + near[1]

    busy = [(t - 0.01, t + LENGTH[name] + 0.06, FREQ[name]) for name, t, _h in rep.cues]
    rms = rms_frames(samples)

    def is_voice(i: int, r: float) -> bool:
        """Loud enough, and (while a cue rings) not mostly the cue's own tone."""
        t = i * WIN / RATE
        for a, b, freq in busy:
            if a <= t <= b:
                tone = amplitude(samples, i * WIN, freq)
                return r >= 300 and (tone * tone / 2) < 0.5 * r * r
        return r >= 300

    voice = [i * WIN / RATE for i, r in enumerate(rms) if is_voice(i, r)]
    cues = [(name, t) for name, t, _h in rep.cues]
    steps = [e for e in events if e["kind"] == "step"]
    hold_at = {e["index"]: at(e["t"]) for e in events if e["kind"] == "hold"}
    for k, st in enumerate(steps):
        start = at(st["t"])
        nxt = at(steps[k + 1]["t"]) if k + 1 < len(steps) else math.inf
        begin = hold_at.get(st["index"], nxt)
        said = [v for v in voice if start <= v < begin + 0.01]
        onset = said[0] - start if said else None
        end = said[-1] + WIN / RATE if said else None
        stop = next((t for name, t in cues if name in ("release", "end") and t > begin), nxt)
        if st["rest"]:
            stop = nxt
        hold = (stop - end) if end is not None and stop != math.inf else None
        rep.steps.append(StepReport(st["index"], st["rest"], st["seconds"], onset, end, hold))
    return rep
