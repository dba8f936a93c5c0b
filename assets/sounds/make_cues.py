"""Generate the cue sounds (stdlib only): `python assets/sounds/make_cues.py`.

Two sets, 44.1 kHz mono 16-bit WAV:
  soft/   sine tones with smooth (raised-cosine) attack and exponential decay, moderate level
  clear/  the same notes, brighter (odd harmonics), louder and a little longer, for hard-of-hearing users

Each cue has its own dominant frequency so that a recording can tell them apart:
  step     660 Hz, 180 ms          (a step starts in silence: the voice is off)
  hold     1100 Hz, 220 ms         (go: the hold's countdown begins)
  tick     1500 Hz, 40 ms blip     (the last three seconds; quiet in the soft set)
  release  440 Hz, 300 ms          (the hold is over: let go; a low, soft note)
  end      880 Hz then 1320 Hz     (a rising two-note chime, about 0.9 s)
Peaks stay well under full scale: cues may sound while the voice speaks, and the sum must not clip.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 44100
HERE = Path(__file__).resolve().parent

# frequencies the tests look for (keep in sync with tests/audio)
STEP_HZ = 660.0
TICK_HZ = 1500.0
HOLD_HZ = 1100.0
RELEASE_HZ = 440.0
END_HZ = (880.0, 1320.0)


def note(
    freq: float, seconds: float, level: float, harmonics: tuple[float, ...] = (), attack: float = 0.008, decay: float = 6.0
) -> list[float]:
    """One note: a sine (plus optional odd harmonics at the given relative levels) under an envelope
    with a raised-cosine attack, an exponential decay and a short raised-cosine release at the end."""
    n = int(seconds * RATE)
    attack_n = max(1, int(attack * RATE))
    release_n = min(n, int(0.012 * RATE))
    norm = 1.0 + 0.5 * sum(harmonics)  # the harmonics' peaks rarely line up with the fundamental's
    out = []
    for i in range(n):
        t = i / RATE
        env = math.exp(-decay * t)
        if i < attack_n:
            env *= 0.5 - 0.5 * math.cos(math.pi * i / attack_n)
        if i >= n - release_n:
            env *= 0.5 - 0.5 * math.cos(math.pi * (n - i) / release_n)
        s = math.sin(2 * math.pi * freq * t)
        for k, h in enumerate(harmonics):
            s += h * math.sin(2 * math.pi * freq * (2 * k + 3) * t)  # 3rd, 5th, ...
        out.append(level * env * s / norm)
    return out


def mix(parts: list[tuple[float, list[float]]]) -> list[float]:
    """Lay (offset seconds, samples) parts over each other."""
    total = max(int(off * RATE) + len(p) for off, p in parts)
    out = [0.0] * total
    for off, p in parts:
        start = int(off * RATE)
        for i, v in enumerate(p):
            out[start + i] += v
    return out


def cues(bright: bool) -> dict[str, list[float]]:
    h = (0.35, 0.12) if bright else ()
    gain = 0.5 if bright else 0.25  # a little under the voice (which peaks near 0.6 of full scale)
    return {
        "step": note(STEP_HZ, 0.22 if bright else 0.18, gain, h, attack=0.006, decay=7.0),
        "hold": note(HOLD_HZ, 0.25 if bright else 0.22, gain, h, attack=0.006, decay=6.0),
        "release": note(RELEASE_HZ, 0.34 if bright else 0.3, gain * 1.1, h, attack=0.012, decay=5.0),
        "tick": note(TICK_HZ, 0.05 if bright else 0.04, gain * (0.7 if bright else 0.45), h, attack=0.002, decay=30.0),
        "end": mix(
            [
                (0.0, note(END_HZ[0], 0.45, gain, h, attack=0.008, decay=4.5)),
                (0.3, note(END_HZ[1], 0.6, gain, h, attack=0.008, decay=4.0)),
            ]
        ),
    }


def write(path: Path, samples: list[float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", max(-32767, min(32767, round(v * 32767)))) for v in samples)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


def main(out: Path = HERE) -> None:
    for name, bright in (("soft", False), ("clear", True)):
        for cue, samples in cues(bright).items():
            write(out / name / f"{cue}.wav", samples)


if __name__ == "__main__":
    main()
