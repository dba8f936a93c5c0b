"""An AT-SPI client, as Orca is one: run with the system Python that has pyatspi (python3-pyatspi).

usage: python3 atspi_client.py SECONDS OUT.json
Listens for the events a screen reader listens for (so that Qt sends them, text events included) for
SECONDS, then writes the showing part of every application's accessible tree as JSON."""

import json
import sys

import pyatspi
from gi.repository import GLib

seconds, out = float(sys.argv[1]), sys.argv[2]
events = []


def on_event(e):
    try:
        events.append([e.type, e.source.getRoleName() if e.source else "", e.source.name if e.source else ""])
    except Exception:  # an object gone before we asked: not our concern here
        pass


def node(acc, depth=0):
    states = acc.getState().getStates()
    if depth > 1 and pyatspi.STATE_SHOWING not in states:
        return None
    text = ""
    try:
        t = acc.queryText()
        text = t.getText(0, -1)
    except NotImplementedError:
        pass
    kids = [node(acc.getChildAtIndex(i), depth + 1) for i in range(min(acc.childCount, 200)) if depth < 40]
    return {
        "role": acc.getRoleName(),
        "name": acc.name or "",
        "description": acc.description or "",
        "text": text,
        "focused": pyatspi.STATE_FOCUSED in states,
        "children": [k for k in kids if k],
    }


def dump():
    desk = pyatspi.Registry.getDesktop(0)
    apps = [desk.getChildAtIndex(i) for i in range(desk.childCount)]
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"apps": [node(a) for a in apps if a is not None], "events": events}, f)
    pyatspi.Registry.stop()
    return False


for kind in ("object:text-changed", "object:property-change:accessible-name", "object:announcement", "focus:"):
    pyatspi.Registry.registerEventListener(on_event, kind)
GLib.timeout_add(int(seconds * 1000), dump)
pyatspi.Registry.start()
