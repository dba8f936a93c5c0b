"""The sentences the voice speaks. Pure Python."""

from __future__ import annotations

from cramp_coach.core.models import Step
from cramp_coach.i18n import _, ngettext

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """English words for 0..999 (speech engines read these more naturally than digits)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def duration_words(seconds: int) -> str:
    """'twenty seconds', 'one minute', 'one minute thirty seconds' (translated)."""
    from cramp_coach import i18n

    spell = number_words if i18n.language == "en" else str
    minutes, secs = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(ngettext("{n} minute", "{n} minutes", minutes).format(n=spell(minutes)))
    if secs or not minutes:
        parts.append(ngettext("{n} second", "{n} seconds", secs).format(n=spell(secs)))
    return " ".join(parts)


def side_words(side: str) -> str:
    return {"left": _("Now the left side."), "right": _("Now the right side.")}.get(side, "")


def step_sentence(step: Step, seconds: int, previous: Step | None = None) -> str:
    """What is spoken when a step starts: side change, instruction, and how long."""
    parts = []
    if step.side and (previous is None or previous.side != step.side):
        parts.append(side_words(step.side))
    spoken = step.spoken.rstrip(" .")
    parts.append(f"{spoken} — {duration_words(seconds)}.")
    return " ".join(parts)
