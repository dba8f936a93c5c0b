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


def _limb(muscle: str) -> str:
    return {"hand": "hand", "foot": "foot"}.get(muscle, "leg")


def side_words(side: str, muscle: str = "", change: bool = True) -> str:
    """ "Now the left leg." at a side change, "Left leg." when a step with a side is started afresh."""
    limb = _limb(muscle)
    if change:
        words = {
            ("left", "leg"): _("Now the left leg."),
            ("right", "leg"): _("Now the right leg."),
            ("left", "foot"): _("Now the left foot."),
            ("right", "foot"): _("Now the right foot."),
            ("left", "hand"): _("Now the left hand."),
            ("right", "hand"): _("Now the right hand."),
        }
    else:
        words = {
            ("left", "leg"): _("Left leg."),
            ("right", "leg"): _("Right leg."),
            ("left", "foot"): _("Left foot."),
            ("right", "foot"): _("Right foot."),
            ("left", "hand"): _("Left hand."),
            ("right", "hand"): _("Right hand."),
        }
    return words.get((side, limb), "")


def _sentence(text: str) -> str:
    text = text.strip().rstrip(" .—-")
    if not text:
        return ""
    return text if text[-1] in "!?…" else text + "."


def step_sentence(step: Step, seconds: int, previous: Step | None = None, limb_side: bool = False) -> str:
    """What is spoken when a step starts. `previous` is the step before it in the routine (None for
    the first step, or one the person chose): the same exercise again says only "Again. Hold.", a
    side change "Now the left leg." (and the instruction, when the exercise is a new one). A rest
    says what to do in it. `limb_side` names the side of a step started afresh ("Left leg.")."""
    same = previous is not None and previous.id == step.id and not step.rest
    change = bool(step.side) and not step.rest and previous is not None and previous.side != step.side
    if same and not change:
        return _("Again. Hold.")
    parts = []
    if change:
        parts.append(side_words(step.side, step.muscle))
        if same:
            return parts[0]
    elif limb_side and step.side and not step.rest:
        parts.append(side_words(step.side, step.muscle, change=False))
    parts.append(_sentence(step.spoken))
    how_long = duration_words(seconds)
    parts.append(how_long[:1].upper() + how_long[1:] + ".")
    return " ".join(p for p in parts if p)
