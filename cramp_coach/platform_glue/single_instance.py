"""One copy per user: a second launch hands its request to the running copy over a local socket.

Nobody else may take a cramp over or block it (issue 14):
- the socket lives in a folder only this user can enter: $XDG_RUNTIME_DIR/cramp-coach, else our
  own data folder (0700), else <tmp>/cramp-coach-<uid> -- each used only if it is a real folder
  owned by us and closed to others (never a fixed name in world-writable /tmp);
- both ends check who is on the other side (SO_PEERCRED on Linux, LOCAL_PEERCRED on BSD/macOS):
  an answer from another user is never trusted, a request from another user never read;
- the running copy answers from a thread of its own, so a busy window still answers at once, and
  a later launch waits as long as the running copy is alive rather than timing it by its speed;
- a socket file is removed only when nothing listens on it; messages are limited in size and
  time, and anything but a small JSON object is answered "error".
On Windows (no AF_UNIX in Python) a QLocalServer with a per-user name and UserAccessOption is used.
"""

from __future__ import annotations

import _socket  # CPython's own sockets: socket.py's enum wrappers cost ~13 M instructions at launch
import errno
import json
import logging
import os
import stat
import struct
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from cramp_coach.digest import sha256

log = logging.getLogger("cramp_coach.instance")

MAX_MESSAGE = 4096  # bytes in one request line
IDLE_TIMEOUT = 2.0  # seconds a client may take to send its request
HUNG_AFTER = 60.0  # a running copy alive but silent this long is taken as hung
_SUN_PATH_MAX = 107 if sys.platform.startswith("linux") else 103  # sizeof(sun_path) - 1
HAS_UNIX = hasattr(_socket, "AF_UNIX")


def _digest(data_dir: str | Path) -> str:
    return sha256(str(data_dir).encode()).hexdigest()[:12]


def _private_dir(d: Path) -> bool:
    """Create or accept `d` only if it is a real folder owned by us that others cannot enter."""
    try:
        os.mkdir(d, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        st = os.lstat(d)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return False
        if st.st_mode & 0o077:
            os.chmod(d, 0o700)
    except OSError:
        return False
    return True


def endpoint(data_dir: str | Path) -> str | None:
    """The socket path (POSIX) or server name (Windows) for this user and data folder; None if there
    is no private place for it (then each launch simply starts its own window)."""
    name = f"instance-{_digest(data_dir)}"
    if not HAS_UNIX:
        user = os.environ.get("USERNAME") or os.environ.get("USER") or "user"
        return f"cramp-coach-{sha256(user.encode()).hexdigest()[:8]}-{name}"
    candidates = []
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        candidates.append(Path(runtime) / "cramp-coach")
    try:
        Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        pass
    candidates.append(Path(data_dir) / "run")
    candidates.append(Path(tempfile.gettempdir()) / f"cramp-coach-{os.getuid()}")
    for d in candidates:
        path = d / f"{name}.sock"
        if len(os.fsencode(path)) <= _SUN_PATH_MAX and _private_dir(d):
            return str(path)
    log.warning("no private folder for the single-instance socket; every launch opens its own window")
    return None


def server_name(data_dir: str) -> str | None:  # the old name, kept for callers and tests
    return endpoint(data_dir)


def peer(sock: _socket.socket) -> tuple[int | None, int | None]:
    """(pid, uid) of the process on the other end of a connected AF_UNIX socket; None where unknown."""
    try:
        if hasattr(_socket, "SO_PEERCRED"):
            pid, uid, _gid = struct.unpack("3i", sock.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, struct.calcsize("3i")))
            return pid, uid
        if sys.platform == "darwin" or "bsd" in sys.platform:
            raw = sock.getsockopt(0, 1, 76)  # SOL_LOCAL, LOCAL_PEERCRED -> struct xucred
            return None, struct.unpack_from("I", raw, 4)[0]
    except OSError:
        pass
    return None, None


def _alive(pid: int | None) -> bool:
    if not pid:
        return True  # unknown: the open connection is our only sign of life
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def hand_over(name: str | None, request: dict[str, Any], hung_after: float = HUNG_AFTER) -> bool:
    """Send `request` to a running copy. True if it took it (then this process should exit)."""
    if not name:
        return False
    if not HAS_UNIX:
        return _qt_hand_over(name, request)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(2.0)
        try:
            sock.connect(name)
        except OSError:
            return False  # nothing listens: no copy is running
        pid, uid = peer(sock)
        if uid != os.getuid():
            log.warning("the single-instance socket %s is held by user %s, not us; not trusted", name, uid)
            return False
        sock.sendall((json.dumps(request) + "\n").encode())
        deadline = time.monotonic() + hung_after
        reply = b""
        sock.settimeout(0.5)
        while b"\n" not in reply:
            try:
                chunk = sock.recv(64)
            except TimeoutError:
                if not _alive(pid):
                    return False
                if time.monotonic() > deadline:
                    log.warning("the running copy (pid %s) has not answered for %.0f s; starting anyway", pid, hung_after)
                    return False
                continue
            if not chunk:
                return False  # it went away without answering
            reply += chunk
            if len(reply) > 64:
                return False
        return reply.split(b"\n", 1)[0] == b"ok"
    except OSError as e:
        log.info("hand-over failed: %s", e)
        return False
    finally:
        sock.close()


def _listening(path: str) -> bool:
    """Does a live process accept connections on this socket path (however slowly it answers)?"""
    probe = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    probe.settimeout(1.0)
    try:
        probe.connect(path)
        return True
    except (TimeoutError, BlockingIOError):
        return True  # its backlog is full: alive but busy
    except OSError as e:
        return e.errno not in (errno.ECONNREFUSED, errno.ENOENT, errno.ENOTSOCK, errno.EPROTOTYPE)
    finally:
        probe.close()


def read_request(conn: _socket.socket, timeout: float = IDLE_TIMEOUT, limit: int = MAX_MESSAGE) -> dict | None:
    """One JSON object on one line, within `limit` bytes and `timeout` seconds; None otherwise."""
    deadline = time.monotonic() + timeout
    data = b""
    while b"\n" not in data:
        left = deadline - time.monotonic()
        if left <= 0 or len(data) > limit:
            return None
        conn.settimeout(left)
        try:
            chunk = conn.recv(1024)
        except OSError:
            return None
        if not chunk:
            break
        data += chunk
    line = data.split(b"\n", 1)[0]
    if len(line) > limit:
        return None
    try:
        req = json.loads(line.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return req if isinstance(req, dict) else None


class InstanceServer(QObject):
    """Listens for requests from later launches; emits `request(dict)` for each, in the GUI thread."""

    request = Signal(dict)
    _arrived = Signal(dict)

    def __init__(self, name: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._sock: _socket.socket | None = None
        self._inode: int | None = None
        self._thread: threading.Thread | None = None
        self._closing = threading.Event()
        self._qt: Any = None
        # queued: emitted from the server's thread, delivered in the GUI thread (an automatic
        # connection queues across threads; not Qt.QueuedConnection, see qt_workarounds.set_enum)
        self._arrived.connect(self._deliver)

    @Slot(dict)
    def _deliver(self, req: dict) -> None:
        self.request.emit(req)

    @property
    def listening(self) -> bool:
        return self._sock is not None or self._qt is not None

    def listen(self) -> bool:
        """False if another copy already listens (or there is no private place for the socket)."""
        if not self.name:
            return False
        if not HAS_UNIX:
            return self._qt_listen()
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            try:
                sock.bind(self.name)
            except OSError as e:
                if e.errno != errno.EADDRINUSE:
                    raise
                if _listening(self.name):
                    log.info("another copy already listens on %s", self.name)
                    sock.close()
                    return False
                st = os.lstat(self.name)
                if stat.S_ISDIR(st.st_mode):
                    raise
                os.unlink(self.name)  # stale (a copy that died) or a stray file: nothing listens on it
                sock.bind(self.name)
            os.chmod(self.name, 0o600)
            self._inode = os.lstat(self.name).st_ino
            sock.listen(16)
        except OSError as e:
            log.warning("single-instance server could not listen on %s: %s", self.name, e)
            sock.close()
            return False
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, name="cramp-coach-instance", daemon=True)
        self._thread.start()
        return True

    def _serve(self) -> None:
        sock = self._sock
        assert sock is not None
        sock.settimeout(0.5)
        while not self._closing.is_set():
            try:
                fd, _addr = sock._accept()  # type: ignore[attr-defined]  # (socket.socket.accept wraps this)
            except TimeoutError:
                continue
            except OSError:
                return
            conn = _socket.socket(fileno=fd)  # blocking (no default timeout); read_request sets its own
            try:
                _pid, uid = peer(conn)
                if uid != os.getuid():
                    log.warning("refused a hand-over from user %s", uid)
                    continue
                req = read_request(conn)
                try:
                    conn.sendall(b"ok\n" if req is not None else b"error\n")
                except OSError:
                    continue
                if req is not None:
                    self._arrived.emit(req)  # queued: handled in the GUI thread
            finally:
                conn.close()

    def close(self) -> None:
        self._closing.set()
        if self._qt is not None:
            self._qt.close()
            self._qt = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            try:
                if self.name and os.lstat(self.name).st_ino == self._inode:
                    os.unlink(self.name)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(2.0)
            self._thread = None

    # --- Windows: a per-user named pipe through Qt ------------------------------------
    def _qt_listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.setMaxPendingConnections(16)

        def accept() -> None:
            while server.hasPendingConnections():
                conn = server.nextPendingConnection()
                conn.readyRead.connect(lambda c=conn: answer(c))
                conn.disconnected.connect(conn.deleteLater)

        def answer(conn) -> None:
            if conn.bytesAvailable() > MAX_MESSAGE:
                conn.write(b"error\n")
                conn.disconnectFromServer()
                return
            if not conn.canReadLine():
                return
            try:
                req = json.loads(bytes(conn.readLine().data()).decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                req = None
            conn.write(b"ok\n" if isinstance(req, dict) else b"error\n")
            conn.flush()
            if isinstance(req, dict):
                self._arrived.emit(req)

        server.newConnection.connect(accept)
        if not self.name or not server.listen(self.name):
            return False
        self._qt = server
        return True


def _qt_hand_over(name: str, request: dict[str, Any], timeout_ms: int = int(HUNG_AFTER * 1000)) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(1000):
        return False
    sock.write((json.dumps(request) + "\n").encode())
    sock.flush()
    ok = sock.waitForReadyRead(timeout_ms) and bytes(sock.readAll().data()).startswith(b"ok")
    sock.disconnectFromServer()
    return ok
