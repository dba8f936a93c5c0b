"""What the player shows when a routine ends: the question, aftercare, red flags, well done."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from cramp_coach.i18n import _

from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.widgets import BigButton


def _title(text: str, scale: float = 2.0) -> QLabel:
    label = QLabel(text)
    theme.scaled_font(label, scale, bold=True)
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


Body = list[tuple[str, str]]  # ("p" | "h" | "big" | "li", text): paragraphs, headings and bullets


def _body(parts: Body, scale: float = 1.25, center: bool = False) -> QWidget:
    """Plain-text labels, one per paragraph, heading or bullet: a screen reader reads (and lets one move
    through) each of them, and no rich-text control sends text events from a label that has no text
    interface (Qt's "Received text event for invalid interface")."""
    box = QWidget()
    box.setObjectName("endPanelBody")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(6)
    for kind, text in parts:
        label = QLabel("•  " + text if kind == "li" else text)
        theme.scaled_font(label, scale * (1.2 if kind == "big" else 1.0), bold=kind in ("h", "big"))
        label.setWordWrap(True)
        label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        if kind == "li":
            label.setContentsMargins(18, 0, 0, 0)
        elif kind in ("h", "big"):
            label.setContentsMargins(0, 8, 0, 0)
        if center:
            label.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(label)
    lay.addStretch(1)
    return box


def _bullets(items: list[str]) -> Body:
    return [("li", i) for i in items]


class EndPanel(QWidget):
    """One end view: a title, text and a row of big buttons; `chosen` carries the button's key."""

    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        body: Body,
        buttons: list[tuple[str, str, str]],
        parent: QWidget | None = None,
        *,
        spoken: str = "",
        numbered: bool = False,
    ) -> None:
        super().__init__(parent)
        self.spoken = spoken  # said out loud when the panel appears: the person may not be looking
        lay = QVBoxLayout(self)
        lay.setContentsMargins(theme.SPACE["xl"], theme.SPACE["l"], theme.SPACE["xl"], theme.SPACE["l"])
        lay.setSpacing(theme.SPACE["m"])
        self.title = _title(title)
        lay.addWidget(self.title)
        self.body = _body(body, center=numbered or all(kind == "p" for kind, _text in body))
        if numbered:
            lay.addWidget(self.body)
        else:
            # the text on a card that reaches down to the buttons: no empty band, nothing floating
            card = QScrollArea()
            card.setObjectName("endPanelCard")
            card.setProperty("role", "card")
            card.setWidgetResizable(True)
            card.setFrameShape(QFrame.Shape.NoFrame)
            card.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
            self.body.setProperty("role", "card")
            self.body.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
            self.body.setContentsMargins(theme.SPACE["l"], theme.SPACE["m"], theme.SPACE["l"], theme.SPACE["m"])
            card.setWidget(self.body)
            lay.addWidget(card, 1)
        # the answers to "still cramping?" are one under the other, tall, with their number keys:
        # they share the height of the page, big enough to hit in the dark
        row = QVBoxLayout() if numbered else QHBoxLayout()
        row.setSpacing(theme.SPACE["m"])
        self.buttons: dict[str, BigButton] = {}
        for i, (key, text, name) in enumerate(buttons, 1):
            label = f"{i}   {text}" if numbered else text
            b = BigButton(label, name=name, accessible=text, scale=1.8 if numbered else 1.4)
            if numbered:
                b.setAccessibleDescription(_("Key: {key}").format(key=i))
                b.setMinimumHeight(int(b.fontMetrics().height() * 2.6))
                b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _c=False, k=key: self.chosen.emit(k))
            row.addWidget(b, 1)
            self.buttons[key] = b
        lay.addLayout(row, 1 if numbered else 0)
        self.row = row
        if numbered:
            theme.scaled_font(self.title, 2.5, bold=True)

    def body_text(self) -> str:
        return "\n".join(label.text() for label in self.body.findChildren(QLabel))

    def focus_first(self) -> None:
        if self.buttons:
            next(iter(self.buttons.values())).setFocus()


def question_panel() -> EndPanel:
    return EndPanel(
        _("Is it still cramping?"),
        [("p", _("Most cramps pass within a few minutes."))],
        [
            ("gone", _("It's gone"), "goneButton"),
            ("still", _("Still cramping"), "stillButton"),
            ("bad", _("It's very bad / over 10 minutes"), "veryBadButton"),
        ],
        spoken=_("Is it still cramping? Press 1 if it's gone. Press 2 if it's still cramping. Press 3 if it's very bad."),
        numbered=True,
    )


def aftercare_panel() -> EndPanel:
    items = [
        _("Gently massage the muscle for a minute or two."),
        _("Warmth can help it relax: a warm towel, bath or shower. Not hot, and not on skin that feels numb."),
        _("Drink a glass of water, unless a doctor has told you to limit fluids."),
        _("The muscle may feel sore for up to a day. If it is still sore after a few days, see a doctor."),
        _("See a doctor if cramps keep coming back, wake you often, or come with numbness or weakness."),
    ]
    urgent = _(
        "Get medical help today if one leg is swollen, warm, red or darker, or painful: it may be a blood clot. "
        "Do not stretch, rub or heat that leg."
    )
    return EndPanel(
        _("Good. The cramp has passed."),
        [*_bullets(items), ("h", "⚠ " + urgent)],
        [("done", _("Done"), "doneButton"), ("help", _("When to get help"), "helpButton")],
        spoken=" ".join(
            (
                _("Good. Rub the muscle gently and keep it warm."),
                _("Drink some water, unless a doctor limits your fluids."),
                _("If one leg swells or turns red, get medical help today."),
            )
        ),
    )


class RedFlagsPanel(EndPanel):
    """The warning signs. After "it's very bad" it leads with getting help, never with another stretch."""

    def __init__(self) -> None:
        urgent = [
            _("One leg is painful, swollen, warm, or red or darker than the other (a possible blood clot)."),
            _("The cramp lasts more than about 10 minutes and does not ease."),
            _("Cramps after a wound, or after swallowing something that might be poisonous."),
        ]
        emergency = [
            _("Chest pain or sudden breathlessness, especially with a swollen leg."),
            _("Fits of the whole body, or someone loses consciousness."),
            _("Someone is struggling in the water."),
        ]
        body = [
            ("big", "⚠ " + _("Call your local emergency number now if:")), *_bullets(emergency),
            ("h", _("Get medical help today (call your doctor or an urgent care line) if:")), *_bullets(urgent),
            ("h", _("If one leg is swollen, warm or red: do not stretch, rub or heat that leg. Get medical help.")),
            ("p", _("For an ordinary cramp, gentle stretching and warmth can help while you wait.")),
        ]  # fmt: skip
        super().__init__(
            _("When to get help"),
            body,
            [
                ("alternative", _("Try another stretch"), "alternativeButton"),
                ("gone", _("It's gone now"), "goneButton"),
                ("article", _("Read more"), "redFlagsArticleButton"),
                ("done", _("Close"), "doneButton"),
            ],
            spoken=" ".join(
                (
                    _("If a cramp lasts over ten minutes, get medical help today."),
                    _("If one leg is swollen, warm or red, get help today too."),
                    _("Do not stretch, rub or heat that leg."),
                    _("With chest pain or sudden breathlessness, call your emergency number now."),
                )
            ),
        )
        self.very_bad = False

    def order(self) -> list[str]:
        """The button keys in the order they are shown and reached with Tab."""
        return ["article", "gone", "done", "alternative"] if self.very_bad else ["alternative", "gone", "article", "done"]

    def set_very_bad(self, very_bad: bool) -> None:
        """After "it's very bad / over 10 minutes": getting help first, another stretch last."""
        self.very_bad = very_bad
        previous = None
        for key in self.order():
            b = self.buttons[key]
            self.row.removeWidget(b)
            self.row.addWidget(b)
            if previous is not None:
                QWidget.setTabOrder(previous, b)
            previous = b

    def focus_first(self) -> None:
        for key in self.order():
            if self.buttons[key].isVisibleTo(self):
                self.buttons[key].setFocus()
                return


def red_flags_panel() -> RedFlagsPanel:
    return RedFlagsPanel()


def well_done_panel() -> EndPanel:
    return EndPanel(
        _("Well done."),
        [("p", _("Routine finished. Doing it regularly is what helps."))],
        [("done", _("Done"), "doneButton"), ("again", _("Do it again"), "againButton")],
        spoken=_("Well done. Routine finished."),
    )
