"""A small client for speech-dispatcher's SSIP protocol (pure Python, no Qt).

Why not QTextToSpeech("speechd") for the voice: its constructor lists every voice of every output
module (13,000 entries with espeak-ng, 1.6 s measured here) before the first sentence can be spoken,
and it reports only a global state. Over SSIP the first sentence is queued within milliseconds of
connecting, the voice is chosen by language and region without listing anything (espeak-ng picks
"English (America)" for en-US), and speech-dispatcher says when each message has ended (END) or was
cancelled (CANCELED). The protocol is documented in speech-dispatcher's manual ("SSIP"); its own
Python client (python3-speechd) is not installable from PyPI, hence this one.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

REPLY_TIMEOUT = 1.5  # seconds a command may take before speech-dispatcher counts as hung
EVENTS = {"701": "begin", "702": "end", "703": "cancelled", "704": "paused", "705": "resumed"}


class SSIPError(OSError):
    pass


class Hung(SSIPError):
    """The socket is there but speech-dispatcher does not answer."""


def address() -> tuple[str, object]:
    """("unix", Path) as libspeechd finds it, or ("inet", address): a TCP address is not used here
    (the app has no network code; the worker then reaches speech-dispatcher through QTextToSpeech)."""
    value = os.environ.get("SPEECHD_ADDRESS", "")
    method, _sep, rest = value.partition(":")
    if method == "unix_socket" and rest:
        return "unix", Path(rest)
    if method == "inet_socket":
        return "inet", rest
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path.home() / ".cache"
    return "unix", base / "speech-dispatcher" / "speechd.sock"


def spawn(path: Path, timeout: float = 5.0) -> bool:
    """Start speech-dispatcher on `path` the way libspeechd's autospawn does; True once it listens."""
    exe = shutil.which("speech-dispatcher")
    if exe is None:
        return False
    try:
        subprocess.run(
            [exe, "--spawn", "--communication-method", "unix_socket", "--socket-path", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.02)
    return False


def escape(text: str) -> bytes:
    """The text of a SPEAK command: CRLF lines, a line that starts with a dot doubled, the end mark."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body = "\r\n".join(".." + line[1:] if line.startswith(".") else line for line in lines)
    return (body + "\r\n.\r\n").encode("utf-8")


class Client:
    """One SSIP connection. `on_event(kind, msg_id)` gets "begin", "end", "cancelled"...; call
    `pump()` when the socket is readable (or use `fileno()` with selectors)."""

    def __init__(self, on_event: Callable[[str, int], None], name: str = "cramp_coach", autospawn: bool = True) -> None:
        self.on_event = on_event
        self._buf = b""
        kind, where = address()
        self.sock = self._connect(kind, where, autospawn)
        try:
            self.command(f"SET SELF CLIENT_NAME user:{name}:main")
        except TimeoutError as e:
            self.close()
            raise Hung(f"speech-dispatcher at {where} does not answer") from e
        self.command("SET SELF NOTIFICATION ALL on")

    @staticmethod
    def _connect(kind: str, where: object, autospawn: bool) -> socket.socket:
        if kind == "inet":
            raise SSIPError(f"speech-dispatcher over TCP ({where}) is left to QTextToSpeech")
        path = Path(where)  # type: ignore[arg-type]
        for attempt in range(2):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(REPLY_TIMEOUT)
            try:
                sock.connect(str(path))
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if attempt or not autospawn:
                    raise
                if path.exists():
                    path.unlink(missing_ok=True)  # a stale socket: nobody listens
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                if not spawn(path):
                    raise
            except OSError:
                sock.close()
                raise
        raise SSIPError("unreachable")

    def fileno(self) -> int:
        return self.sock.fileno()

    # --- reading ------------------------------------------------------------------
    def _line(self) -> bytes:
        while b"\r\n" not in self._buf:
            chunk = self.sock.recv(65536)  # may raise TimeoutError
            if not chunk:
                raise SSIPError("speech-dispatcher closed the connection")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\r\n", 1)
        return line

    def _block(self) -> tuple[str, list[str]]:
        """One reply or event: its code and the text of its lines ("225-21", "225 OK" -> ["21", "OK"])."""
        lines = []
        while True:
            raw = self._line().decode("utf-8", "replace")
            lines.append(raw[4:])
            if len(raw) < 4 or raw[3] == " ":
                return raw[:3], lines

    def _dispatch(self, code: str, lines: list[str]) -> None:
        kind = EVENTS.get(code)
        if kind is not None and lines and lines[0].isdigit():
            self.on_event(kind, int(lines[0]))

    def command(self, line: str, data: bytes | None = None) -> tuple[str, list[str]]:
        """Send a command (and for SPEAK its text); the reply's code and lines. Events that arrive
        meanwhile are dispatched."""
        self.sock.sendall(line.encode("utf-8") + b"\r\n")
        code, lines = self._reply()
        if data is not None and code == "230":
            self.sock.sendall(data)
            code, lines = self._reply()
        return code, lines

    def _reply(self) -> tuple[str, list[str]]:
        while True:
            code, lines = self._block()
            if code.startswith("7"):
                self._dispatch(code, lines)
                continue
            return code, lines

    def pump(self) -> None:
        """Read what has arrived (the socket is readable) and dispatch the events in it."""
        chunk = self.sock.recv(65536)
        if not chunk:
            raise SSIPError("speech-dispatcher closed the connection")
        self._buf += chunk
        while self._complete_block():
            self._dispatch(*self._block())

    def _complete_block(self) -> bool:
        for raw in self._buf.split(b"\r\n")[:-1]:
            if len(raw) < 4 or raw[3:4] == b" ":
                return True
        return False

    # --- commands -----------------------------------------------------------------
    def speak(self, text: str) -> int:
        code, lines = self.command("SPEAK", escape(text))
        if code != "225" or not lines or not lines[0].isdigit():
            raise SSIPError(f"SPEAK refused: {code} {lines}")
        return int(lines[0])

    def cancel(self) -> None:
        self.command("CANCEL self")

    def set(self, what: str, value: object) -> bool:
        return self.command(f"SET SELF {what} {value}")[0].startswith("2")

    def voices(self) -> list[tuple[str, str, str]]:
        """(name, language tag, variant) of every voice of the current output module (slow: ~1 s)."""
        code, lines = self.command("LIST SYNTHESIS_VOICES")
        out = []
        for line in lines[:-1]:
            parts = line.split("\t")
            if len(parts) >= 2:
                out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "none"))
        return out

    def close(self) -> None:
        try:
            self.sock.settimeout(0.2)
            self.sock.sendall(b"QUIT\r\n")
        except OSError:
            pass
        self.sock.close()


def language_tag(language: str, system: str = "") -> str:
    """The language with the best region: the system's when it speaks that language (en + en_GB ->
    en-GB), else the language's main country (en -> en-US, ru -> ru-RU)."""
    lang = (language or "").replace("_", "-").split(".")[0]
    base = lang.split("-")[0].lower()
    if not base or base in ("c", "posix"):
        base = "en"
    if "-" in lang:
        return f"{base}-{lang.split('-')[1].upper()}"
    sys_lang = (system or "").split(".")[0].split("@")[0].replace("_", "-")
    if sys_lang.split("-")[0].lower() == base and "-" in sys_lang:
        return f"{base}-{sys_lang.split('-')[1].upper()}"
    main = {"en": "US", "ru": "RU", "de": "DE", "fr": "FR", "es": "ES", "pt": "PT", "it": "IT", "fi": "FI", "uk": "UA"}
    return f"{base}-{main[base]}" if base in main else base


def best_voice(voices: list[tuple[str, str, str]], tag: str) -> str:
    """The plain voice whose language tag matches `tag` (en-US -> "English (America)"), else one of
    the language without a region, else any of the language; "" when there is none."""
    plain = [v for v in voices if v[2] in ("none", "") and "+" not in v[0]]
    want = tag.lower()
    base = want.split("-")[0]
    for match in (
        lambda t: t == want,
        lambda t: t == base,
        lambda t: t.startswith(want + "-"),
        lambda t: t.split("-")[0] == base,
    ):
        found = [v[0] for v in plain if match(v[1].lower())]
        if found:
            return found[0]
    return ""
