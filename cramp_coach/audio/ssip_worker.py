"""The speech worker's speech-dispatcher path: SSIP straight to it (audio/ssip.py), no Qt at all.

Started by speech_worker.main() for ENGINE "speechd" or none; same JSON-lines protocol as there.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

from cramp_coach.audio.worker_protocol import DELAY_ENV, Sentences, emit, number, parse_command, speech_id, system_locale

log = logging.getLogger("cramp_coach.audio.speech")

VOICE_PEAK = -30  # SSIP volume at full: espeak-ng at speech-dispatcher's default (100) reaches full
# scale and clips (measured here: 25 samples at 32768 in one sentence); at -30 it peaks near 0.6 of
# full scale, which leaves room for a cue sounding at the same time


def ssip_volume(volume: float) -> int:
    """0..1 -> SSIP's -100..100, 1 being VOICE_PEAK."""
    return round(-100 + max(0.0, min(1.0, volume)) * (VOICE_PEAK + 100))


def run_ssip(engine: str | None) -> int | None:
    """speech-dispatcher over SSIP; None when it cannot be reached and no engine was asked for (the
    caller then tries QTextToSpeech's other engines)."""
    import selectors

    from cramp_coach.audio import ssip

    delay = number(os.environ.get(DELAY_ENV), 0.0)
    if delay > 0:
        time.sleep(delay)
    sentences = Sentences()
    by_msg: dict[int, int | None] = {}  # speech-dispatcher's message id -> ours

    def on_event(kind: str, msg: int) -> None:
        if kind == "begin":
            emit("state", state="speaking", error="")
        elif kind in ("end", "cancelled"):
            speech_id = by_msg.pop(msg, None)
            if speech_id is not None and speech_id == sentences.current:
                sentences.current = None
                emit("said", id=speech_id, how="done" if kind == "end" else "cancelled")
            if not by_msg:
                emit("state", state="ready", error="")

    try:
        client = ssip.Client(on_event)
    except ssip.Hung as e:
        emit("failed", reason="speechd-hung", detail=str(e))
        return 0
    except OSError as e:
        if engine == "speechd":
            emit("failed", reason="unavailable", detail=f"speech-dispatcher: {e}")
            return 0
        log.info("speech-dispatcher not reachable (%s): trying the other engines", e)
        return None

    def ended(_sig: int, _frame: object) -> None:
        raise SystemExit(0)  # the app died (PR_SET_PDEATHSIG) or was ended: stop speaking on the way out

    signal.signal(signal.SIGTERM, ended)
    tag = ssip.language_tag("", system_locale())
    state: dict[str, Any] = {"tag": tag, "voice": "", "rate": 0.0, "volume": 1.0}
    client.set("LANGUAGE", tag)
    client.set("VOLUME", ssip_volume(1.0))
    emit("ready", engine="speechd", voices=[], locale=tag, voice="")

    def configure_ssip(command: dict) -> None:
        if "rate" in command:
            state["rate"] = max(-1.0, min(1.0, number(command["rate"], 0.0)))
            client.set("RATE", round(state["rate"] * 100))
        if "volume" in command:
            state["volume"] = max(0.0, min(1.0, number(command["volume"], 1.0)))
            client.set("VOLUME", ssip_volume(state["volume"]))
        if command.get("language"):
            state["tag"] = ssip.language_tag(str(command["language"]), system_locale())
            client.set("LANGUAGE", state["tag"])  # the module picks its voice for it (en-US: English (America))
        voice = str(command.get("voice") or "")
        if voice and client.set("SYNTHESIS_VOICE", voice):
            state["voice"] = voice
        elif "voice" in command:
            state["voice"] = ""
            client.set("LANGUAGE", state["tag"])
        emit("voice", locale=state["tag"], voice=state["voice"], rate=state["rate"], volume=state["volume"])

    def handle(command: dict) -> bool:
        cmd = command["cmd"]
        if cmd == "say" and command.get("text"):
            if by_msg:
                client.cancel()
            sentences.new(speech_id(command))
            by_msg[client.speak(str(command["text"]))] = sentences.current
        elif cmd == "stop":
            client.cancel()
            sentences.cut()
        elif cmd == "configure":
            configure_ssip(command)
        elif cmd == "voices":
            voices = client.voices()  # slow (about a second): only when the settings page asks
            base = state["tag"].split("-")[0]
            names = [v[0] for v in voices if v[1].split("-")[0].lower() == base and "+" not in v[0]]
            emit("voices", voices=names, best=ssip.best_voice(voices, state["tag"]))
        elif cmd == "quit":
            return False
        else:
            log.warning("unknown command %r", cmd)
        return True

    sel = selectors.DefaultSelector()
    sel.register(0, selectors.EVENT_READ, "stdin")
    sel.register(client, selectors.EVENT_READ, "speechd")
    pending = b""
    running = True
    try:
        while running:
            for key, _mask in sel.select():
                if key.data == "speechd":
                    client.pump()
                    continue
                chunk = os.read(0, 65536)
                if not chunk:
                    running = False
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                for raw in lines:
                    command = parse_command(raw.decode("utf-8", "replace"))
                    if command is not None and not handle(command):
                        running = False
                        break
    except OSError as e:  # a hung or vanished speech-dispatcher after all
        emit("failed", reason="speechd-hung" if isinstance(e, TimeoutError) else "unusable", detail=f"speech-dispatcher: {e}")
    finally:
        # speech-dispatcher first: it would otherwise finish the sentence of an app that is gone (at
        # night, next to someone asleep). Only then tell the app, which may be gone: writing to it
        # then ends this process (emit), and that must not come before the cancel.
        try:
            client.cancel()
        except (OSError, SystemExit):  # SystemExit: an event for the gone app, read with the reply
            pass
        try:
            sentences.cut()
        except SystemExit:
            pass
        client.close()
    return 0
