"""Calf first aid built into the code, so the cramp path works even if every content file is broken."""

from __future__ import annotations

from cramp_coach.core.models import Routine, Step
from cramp_coach.i18n import _


def builtin_calf() -> Routine:
    steps = (
        Step(
            "calf_toes_pull",
            _("Pull your toes toward you"),
            _("Keep the knee straight. Pull the top of your foot toward your face, by hand or with a towel."),
            "calf",
            30,
            _("Keep your knee straight. Pull your toes toward you. Hold"),
            "calf_towel.svg",
        ),
        Step(
            "calf_heel_press",
            _("Stand and press the heel down"),
            _("Stand holding a chair or wall. Put your weight on the cramped leg and press the heel into the floor."),
            "calf",
            30,
            _("Stand and hold on to something. Press the heel of the cramped leg into the floor. Hold"),
            "calf_stand.svg",
        ),
        Step(
            "calf_massage",
            _("Massage the calf"),
            _("Sit down and rub the calf muscle gently with both hands, from the ankle up."),
            "calf",
            30,
            _("Sit down and gently massage the calf"),
            "calf_massage.svg",
        ),
    )
    return Routine(
        "first_aid_calf",
        "first-aid",
        _("Calf cramp"),
        "calf",
        steps,
        _("Stretch the calf by pulling the toes up, then press the heel down, then massage."),
        muscles=("calf",),
        source="built-in",
    )
