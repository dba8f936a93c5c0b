"""Muscle names as they read inside a sentence or a list ("calf, back of thigh"); the routines list
and the terminal's --list use the same words. (Capitalised names for the diary: core.diary.muscle_names.)"""

from __future__ import annotations

from cramp_coach.i18n import _


def muscle_name(muscle: str) -> str:
    names = {
        "calf": _("calf"),
        "foot": _("foot and toes"),
        "hamstring": _("back of thigh"),
        "quadriceps": _("front of thigh"),
        "hand": _("hand"),
        "water": _("in the water"),
        "legs": _("legs"),
        "ankle": _("ankle"),
    }
    return names.get(muscle, muscle)
