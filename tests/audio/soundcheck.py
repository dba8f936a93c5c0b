"""Pure-Python analysis of a mono s16le recording: per-frame energy and tone strength (Goertzel as
two dot products per frequency), tone onsets, and voice (sound that is not a cue tone)."""

from __future__ import annotations

import array
import math
import operator
from dataclasses import dataclass

RATE = 44100
WIN = 441  # 10 ms analysis window
HOP = 220  # ~5 ms between windows
SIDE = 300.0  # Hz: where a tone's neighbours are measured (a Hann window's main lobe is +-200 Hz here)


def load(raw: bytes) -> array.array:
    a = array.array("h")
    a.frombytes(raw[: len(raw) // 2 * 2])
    return a


@dataclass
class Frames:
    start: list[int]  # first sample of each window
    rms: list[float]
    tone: dict[float, list[float]]  # freq -> share of the window's energy at that frequency (0..1)
    level: dict[float, list[float]]  # freq -> amplitude of that tone (same unit as samples)
    side: dict[float, list[float]]  # freq -> the larger amplitude at freq -/+ SIDE Hz (outside the window's main lobe)

    def time(self, i: int) -> float:
        return (self.start[i] + WIN / 2) / RATE


def analyse(samples: array.array, freqs: tuple[float, ...]) -> Frames:
    window = [0.5 - 0.5 * math.cos(2 * math.pi * (n + 0.5) / WIN) for n in range(WIN)]  # Hann
    wsum2 = sum(w * w for w in window)
    probes = sorted({g for f in freqs for g in (f - SIDE, f, f + SIDE)})
    tables = {
        f: (
            [w * math.cos(2 * math.pi * f * n / RATE) for n, w in enumerate(window)],
            [w * math.sin(2 * math.pi * f * n / RATE) for n, w in enumerate(window)],
        )
        for f in probes
    }
    wsum = sum(window)
    starts, rms = [], []
    tone: dict[float, list[float]] = {f: [] for f in freqs}
    level: dict[float, list[float]] = {f: [] for f in freqs}
    side: dict[float, list[float]] = {f: [] for f in freqs}
    mul = operator.mul
    for s in range(0, len(samples) - WIN, HOP):
        frame = samples[s : s + WIN]
        weighted = list(map(mul, frame, window))
        energy = sum(map(mul, weighted, weighted)) / wsum2  # mean square under the window
        starts.append(s)
        rms.append(math.sqrt(energy))
        amps = {}
        if energy >= 1.0:
            for f, (c, si) in tables.items():
                amps[f] = 2 * math.hypot(sum(map(mul, frame, c)), sum(map(mul, frame, si))) / wsum  # amplitude of a sine at f
        for f in freqs:
            amp = amps.get(f, 0.0)
            level[f].append(amp)
            side[f].append(max(amps.get(f - SIDE, 0.0), amps.get(f + SIDE, 0.0)))
            tone[f].append(min(1.0, (amp * amp / 2) / energy) if amps else 0.0)
    return Frames(starts, rms, tone, level, side)


def onsets(fr: Frames, freq: float, contrast: float = 4.0, min_level: float = 1000.0, sustain: int = 2, gap: float = 0.15) -> list[float]:
    """Times where a tone at `freq` starts: `sustain` windows in a row where its amplitude is at least
    `min_level` and `contrast` times the amplitude beside it (a narrow peak: a tone, not speech, which
    spreads over its harmonics); onsets closer than `gap` to the previous one are merged."""
    out: list[float] = []
    run = 0
    level, side = fr.level[freq], fr.side[freq]
    for i in range(len(fr.start)):
        if level[i] >= min_level and level[i] >= contrast * side[i]:
            run += 1
            if run == sustain:
                t = fr.time(i - sustain + 1)
                if not out or t - out[-1] > gap:
                    out.append(t)
        else:
            run = 0
    return out


def voice_frames(fr: Frames, min_rms: float = 300.0, max_share: float = 0.5, min_run: int = 4) -> list[float]:
    """Times of windows with sound that is not one of the cue tones (speech), in runs of at least
    `min_run` windows (a cue's attack or release alone is not speech)."""
    out: list[float] = []
    run: list[float] = []
    for i in range(len(fr.start) + 1):
        if i < len(fr.start) and fr.rms[i] >= min_rms and all(fr.tone[f][i] < max_share for f in fr.tone):
            run.append(fr.time(i))
            continue
        if len(run) >= min_run:
            out += run
        run = []
    return out


def match(expected: list[tuple[str, float]], found: dict[str, list[float]], tolerance: float = 0.1) -> list[float | None]:
    """For each (kind, expected time) in order, the nearest found onset of that kind within `tolerance`
    that comes after the previous match (None when there is none)."""
    out: list[float | None] = []
    last = -math.inf
    for kind, t in expected:
        near = [x for x in found.get(kind, []) if abs(x - t) <= tolerance and x > last]
        best = min(near, key=lambda x: abs(x - t)) if near else None
        out.append(best)
        if best is not None:
            last = best
    return out
