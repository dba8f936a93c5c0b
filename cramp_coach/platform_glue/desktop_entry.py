"""The desktop launcher, as freedesktop desktops and software centres expect it. No Qt.

`install()` writes, under $XDG_DATA_HOME (default ~/.local/share):
- applications/cramp-coach.desktop: the launcher with a "Cramp now" action, `Icon=cramp-coach` by name,
  English and Russian names, comments and keywords;
- icons/hicolor/<N>x<N>/apps/cramp-coach.png for every size shipped, and scalable/apps/cramp-coach.svg;
- metainfo/io.github.crampcoach.CrampCoach.metainfo.xml: the AppStream description (shipped in assets/).
`uninstall()` removes exactly these files again.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import cache
from pathlib import Path

from cramp_coach import i18n, resources
from cramp_coach.platform_glue.autostart import APP_ID, _exec_line, _xdg, command

COMPONENT_ID = "io.github.crampcoach.CrampCoach"
ICON_NAME = APP_ID

# the launcher's words; their Russian comes from the interface catalogue (cramp_coach/locale/ru.po)
NAME = "Cramp Coach"
GENERIC_NAME = "Cramp first aid"
COMMENT = "First aid and stretching coach for muscle cramps"
KEYWORDS = "cramp;stretch;calf;leg;muscle;first aid;"
ACTION_NAME = "Cramp now"
TRANSLATED = ("ru",)


def data_home() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share")


@cache
def _catalogue(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po  # the library i18n compiles catalogues with

    try:
        with i18n.catalogue_file(lang).open("rb") as f:
            catalog = read_po(f)
    except (OSError, ValueError):
        return {}
    return {m.id: m.string for m in catalog if isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy}


def translated(msgid: str, lang: str) -> str:
    """`msgid` in `lang` whatever language the interface uses now ('' when there is no translation)."""
    return _catalogue(lang).get(msgid, "")


def _localized(key: str, msgid: str) -> str:
    lines = [f"{key}={msgid}"]
    for lang in TRANSLATED:
        value = translated(msgid, lang)
        if value:
            lines.append(f"{key}[{lang}]={value}")
    return "\n".join(lines) + "\n"


# --- files ----------------------------------------------------------------------------
def desktop_entry_path() -> Path:
    return data_home() / "applications" / f"{APP_ID}.desktop"


def metainfo_path() -> Path:
    return data_home() / "metainfo" / f"{COMPONENT_ID}.metainfo.xml"


def shipped_metainfo() -> Path:
    return resources.assets_dir() / "metainfo" / f"{COMPONENT_ID}.metainfo.xml"


def shipped_icons() -> dict[str, Path]:
    """hicolor folder ('48x48', 'scalable') -> the shipped file, for every size in assets/icons."""
    found: dict[str, Path] = {}
    folder = resources.icon().parent
    for png in sorted(folder.glob(f"{APP_ID}-*.png")):
        m = re.fullmatch(rf"{re.escape(APP_ID)}-(\d+)\.png", png.name)
        if m:
            found[f"{m.group(1)}x{m.group(1)}"] = png
    svg = folder / f"{APP_ID}.svg"
    if svg.exists():
        found["scalable"] = svg
    return found


def icon_paths() -> list[Path]:
    hicolor = data_home() / "icons" / "hicolor"
    return [hicolor / size / "apps" / f"{ICON_NAME}{src.suffix}" for size, src in shipped_icons().items()]


def desktop_entry_text(cmd: list[str] | None = None) -> str:
    cmd = cmd or command()
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        + _localized("Name", NAME)
        + _localized("GenericName", GENERIC_NAME)
        + _localized("Comment", COMMENT)
        + f"Exec={_exec_line(cmd)}\n"
        f"Icon={ICON_NAME}\n"
        "Terminal=false\n"
        "Categories=Utility;\n" + _localized("Keywords", KEYWORDS) + f"StartupWMClass={APP_ID}\n"
        "StartupNotify=true\n"
        "Actions=cramp-now;\n"
        "\n"
        "[Desktop Action cramp-now]\n" + _localized("Name", ACTION_NAME) + f"Exec={_exec_line([*cmd, '--cramp'])}\n"
        f"Icon={ICON_NAME}\n"
    )


# --- install and remove ------------------------------------------------------------------
def install() -> list[Path]:
    """Write the launcher, the icons and the metainfo; returns what was written. Raises OSError."""
    written = []
    for size, src in shipped_icons().items():
        dest = data_home() / "icons" / "hicolor" / size / "apps" / f"{ICON_NAME}{src.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        written.append(dest)
    meta = metainfo_path()
    meta.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped_metainfo(), meta)
    written.append(meta)
    entry = desktop_entry_path()
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = entry.with_suffix(".tmp")
    tmp.write_text(desktop_entry_text(), encoding="utf-8")
    os.replace(tmp, entry)
    written.append(entry)
    for path in written:  # not personal data: readable like any launcher and icon (the app's umask is 077)
        path.chmod(0o644)
    _refresh_caches()
    return written


def uninstall() -> list[Path]:
    """Remove what install() writes (whatever of it is there); returns what was removed."""
    removed = []
    for path in [desktop_entry_path(), metainfo_path(), *icon_paths()]:
        if path.exists():
            path.unlink()
            removed.append(path)
    _refresh_caches()
    return removed


def _refresh_caches() -> None:
    """Icon themes notice a changed hicolor folder by its time stamp (no MIME types, so no desktop database)."""
    hicolor = data_home() / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)
