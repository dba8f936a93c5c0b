"""The first screen: one very large Cramp now button, then "where does it hurt?"."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cramp_coach import resources
from cramp_coach.i18n import _

from cramp_coach.ui.shell import theme
from cramp_coach.ui.shell.widgets import BigButton


def region_labels() -> list[tuple[str, str]]:
    return [
        ("calf", _("Calf")),
        ("foot", _("Foot or toes")),
        ("hamstring", _("Back of thigh")),
        ("quadriceps", _("Front of thigh")),
        ("hand", _("Hand or fingers")),
        ("water", _("In the water")),
    ]


class RegionButton(BigButton):
    """A place on the body: a picture that grows with the button, and a label that wraps instead of
    widening the window (long names, extra-large text and Russian all fit)."""

    _picture_path = ""
    _picture = None

    def set_picture(self, path: str) -> None:
        self._picture_path, self._picture = path, None
        self.update()

    def changeEvent(self, e) -> None:  # noqa: N802 (Qt name)
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self._picture = None  # the theme changed: recoloured on the next paint

    def _side(self) -> int:
        return max(48, min(170, self.height() - 24))

    def sizeHint(self) -> QSize:
        return QSize(320, max(110, int(self.fontMetrics().height() * 3.2)))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, max(90, int(self.fontMetrics().height() * 3.2)))

    def paintEvent(self, _e) -> None:  # noqa: N802 (Qt name)
        # imported here: QStyle's first use costs ~25 ms, and this page is not on the first screen
        from PySide6.QtWidgets import QStyle, QStyleOptionButton, QStylePainter

        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        opt.text, opt.icon = "", QIcon()
        p = QStylePainter(self)
        p.drawControl(QStyle.ControlElement.CE_PushButton, opt)  # panel, hover, pressed and focus as the theme draws them
        side = self._side()
        r = self.rect().adjusted(14, 8, -14, -8)
        icon_rect = QRect(r.left(), r.center().y() - side // 2, side, side)
        if self._picture is None and self._picture_path:  # drawn when first seen, in the theme's colours
            from PySide6.QtSvg import QSvgRenderer

            from cramp_coach.ui.shell import illustrations

            self._picture = QSvgRenderer(QByteArray(illustrations.svg_data(self._picture_path)), self)
        if self._picture is not None and self._picture.isValid():
            self._picture.render(p, QRectF(icon_rect))
        text_rect = r.adjusted(side + 16, 0, 0, 0)
        p.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.text())


class CrampPage(QWidget):
    """Home: the Cramp now button; pressing it (or --cramp without a muscle) asks where."""

    def __init__(self, start: Callable[[str], None], default_muscle: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start = start
        self._default_muscle = default_muscle
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        # home view
        home = QWidget()
        lay = QVBoxLayout(home)
        lay.setContentsMargins(40, 30, 40, 30)
        self.cramp_button = BigButton(_("Cramp now"), name="crampNowButton", scale=3.2)
        self.cramp_button.setAccessibleDescription(_("Start guided first aid for a cramp"))
        self.cramp_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.cramp_button.setMinimumHeight(220)
        bf = self.cramp_button.font()
        bf.setBold(True)
        self.cramp_button.setFont(bf)
        self.cramp_button.setProperty("role", "cramp")
        self.cramp_button.clicked.connect(self.ask_where)
        hint = QLabel(_("Press Enter or Space. You will be guided step by step, out loud."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        lay.addWidget(self.cramp_button, 1)
        lay.addWidget(hint)
        self.stack.addWidget(home)

        # where view
        where = QWidget()
        wl = QVBoxLayout(where)
        wl.setContentsMargins(30, 20, 30, 20)
        title = QLabel(_("Where is the cramp?"))
        title.setObjectName("whereTitle")
        theme.scaled_font(title, 2.0, bold=True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        wl.addWidget(title)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.region_buttons: dict[str, RegionButton] = {}
        for i, (muscle, label) in enumerate(region_labels()):
            b = RegionButton(f"{i + 1}  {label}", name=f"region_{muscle}", accessible=label, scale=1.5)
            b.setAccessibleDescription(_("Press {n}").format(n=i + 1))
            b.set_picture(str(resources.image(f"region_{muscle}.svg")))
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            b.clicked.connect(lambda _c=False, m=muscle: self._start(m))
            grid.addWidget(b, i // 2, i % 2)
            self.region_buttons[muscle] = b
            sc = QShortcut(QKeySequence(str(i + 1)), where)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda m=muscle: self._start(m))
        wl.addLayout(grid, 1)
        self.just_start = BigButton("", name="justStartButton", scale=1.6)
        self.just_start.setProperty("role", "cramp")
        self.just_start.setAccessibleDescription(_("Start first aid for the muscle chosen in Settings"))
        self.just_start.clicked.connect(lambda: self._start(self._default_muscle()))
        self._label_just_start()
        wl.addWidget(self.just_start)
        self.where = where
        self.stack.addWidget(where)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), where)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.show_home)

    def _label_just_start(self) -> None:
        muscle = self._default_muscle()
        label = dict(region_labels()).get(muscle, muscle)
        self.just_start.setText(_("Just start ({muscle})").format(muscle=label.lower()))
        self.just_start.setAccessibleName(self.just_start.text())

    def ask_where(self) -> None:
        self._label_just_start()
        self.stack.setCurrentWidget(self.where)
        self.just_start.setFocus()

    def show_home(self) -> None:
        self.stack.setCurrentIndex(0)
        self.cramp_button.setFocus()
