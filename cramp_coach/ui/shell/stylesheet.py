"""The application style sheet, built from a theme's colour roles and the spacing and radius scale.

No fonts here: a style sheet font freezes the size of every child, and text size would stop working.
"""

from __future__ import annotations

from cramp_coach.core.models import MUSCLES

from cramp_coach.ui.shell.palettes import RADIUS, SPACE


def stylesheet(colors: dict[str, str], focus_width: int = 3) -> str:
    """Big buttons, a thick focus ring on every control, and the notice bar, from the palette."""
    c = colors
    fw = focus_width
    regions = ", ".join(f"QPushButton#region_{m}" for m in MUSCLES)
    return f"""
QPushButton {{
    color: {c["button_text"]}; background: {c["button"]};
    border: 2px solid {c["border"]}; border-radius: {RADIUS["control"]}px; padding: {fw + 2}px 14px;
}}
QPushButton:hover {{ border-color: {c["window_text"]}; }}
QPushButton:pressed, QPushButton:checked {{ color: {c["highlighted_text"]}; background: {c["highlight"]}; border-color: {c["highlight"]}; }}
QPushButton:disabled {{ color: {c["disabled_text"]}; background: {c["window"]}; border-style: dashed; }}
QPushButton:focus {{ border: {fw + 2}px solid {c["focus"]}; padding: 2px 12px; }}
QPushButton:checked:focus {{ border-color: {c["focus_checked"]}; }}
QPushButton#crampNowButton, QPushButton[role="cramp"] {{
    color: {c["accent_text"]}; background: {c["accent"]}; border-color: {c["accent"]}; border-radius: {RADIUS["hero"]}px;
}}
QPushButton#crampNowButton:focus, QPushButton[role="cramp"]:focus {{ border: {fw + 3}px solid {c["focus"]}; }}
{regions} {{ text-align: left; padding-left: 18px; }}
{", ".join(f"QPushButton#region_{m}:focus" for m in MUSCLES)} {{ padding-left: 14px; }}
QToolButton {{ color: {c["window_text"]}; border: 2px solid transparent; border-radius: 4px; padding: 2px 6px; }}
QToolButton:focus {{ border: {fw}px solid {c["focus"]}; }}
QLineEdit, QAbstractSpinBox, QComboBox, QTextEdit, QPlainTextEdit, QAbstractItemView {{
    border: 2px solid {c["border"]}; border-radius: 4px;
}}
QLineEdit, QAbstractSpinBox, QComboBox {{ padding: {fw}px 6px; }}
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QTextEdit:focus, QPlainTextEdit:focus, QAbstractItemView:focus {{
    border: {fw + 2}px solid {c["focus"]}; padding: 1px 4px;
}}
QTextEdit:focus, QPlainTextEdit:focus, QAbstractItemView:focus {{ padding: 0px; }}
QCheckBox, QRadioButton, QSlider {{ border: {fw}px solid transparent; border-radius: 4px; padding: 2px; }}
QCheckBox:focus, QRadioButton:focus, QSlider:focus {{ border: {fw}px solid {c["focus"]}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 0.9em; height: 0.9em; border: 2px solid {c["window_text"]}; background: {c["base"]};
}}
QRadioButton::indicator {{ border-radius: 0.5em; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: {c["highlight"]}; border: 2px solid {c["window_text"]}; }}
QCheckBox::indicator:checked {{ image: none; }}
QSlider::groove:horizontal {{ height: 6px; background: {c["mid"]}; border-radius: 3px; }}
QSlider::sub-page:horizontal {{ background: {c["highlight"]}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    width: 1.1em; margin: -0.45em 0; border-radius: 0.55em; background: {c["button"]}; border: 3px solid {c["window_text"]};
}}
QScrollBar:vertical {{ width: 16px; background: {c["window"]}; border-left: 1px solid {c["border"]}; }}
QScrollBar:horizontal {{ height: 16px; background: {c["window"]}; border-top: 1px solid {c["border"]}; }}
QScrollBar::handle {{ background: {c["border"]}; border-radius: 5px; margin: 3px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QGroupBox {{ border: 1px solid {c["border"]}; border-radius: 6px; margin-top: 1.4em; padding: 0.6em 0.4em 0.4em 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {c["window_text"]}; }}
QWidget#noticeBar {{ background: {c["notice_bg"]}; border-bottom: 2px solid {c["border"]}; }}
QLabel#notice {{ color: {c["notice_text"]}; }}
QWidget#noticeBar QToolButton {{ color: {c["notice_text"]}; }}
QTreeView::item, QTableView::item {{ padding: {SPACE["xs"]}px {SPACE["xs"]}px; }}
QHeaderView::section {{
    color: {c["window_text"]}; background: {c["alternate_base"]}; border: none; border-bottom: 1px solid {c["border"]};
    border-right: 1px solid {c["mid"]}; padding: {SPACE["xs"]}px {SPACE["s"]}px;
}}
QListWidget#navigation {{
    background: {c["alternate_base"]}; border: none; border-right: 1px solid {c["border"]}; outline: none;
    padding: {SPACE["m"]}px {SPACE["s"]}px;
}}
QListWidget#navigation::item {{
    color: {c["window_text"]}; border: 2px solid transparent; border-radius: {RADIUS["control"]}px;
    padding: {SPACE["s"]}px {SPACE["m"]}px; margin: 2px 0px;
}}
QListWidget#navigation::item:hover {{ border-color: {c["border"]}; }}
QListWidget#navigation::item:selected {{
    color: {c["highlighted_text"]}; background: {c["highlight"]}; border-color: {c["highlight"]};
}}
QListWidget#navigation:focus {{ border: none; border-right: 1px solid {c["border"]}; padding: {SPACE["m"]}px {SPACE["s"]}px; }}
QListWidget#navigation::item:focus {{ border: {fw}px solid {c["focus"]}; }}
QListWidget#navigation::item:selected:focus {{ border: {fw}px solid {c["focus_checked"]}; }}
QWidget#navColumn {{ background: {c["alternate_base"]}; border-right: 1px solid {c["border"]}; }}
QPushButton#brighterButton {{ border-radius: {RADIUS["control"]}px; }}
QLabel[role="empty"] {{
    color: {c["window_text"]}; background: {c["alternate_base"]}; border: 1px dashed {c["border"]};
    border-radius: {RADIUS["card"]}px; padding: {SPACE["l"]}px;
}}
QWidget[role="card"] {{ background: {c["alternate_base"]}; border-radius: {RADIUS["card"]}px; }}
QPushButton[muted="true"] {{ border-style: dashed; border-color: {c["window_text"]}; }}
QToolTip {{ color: {c["tooltip_text"]}; background: {c["tooltip_base"]}; border: 1px solid {c["border"]}; }}
"""
