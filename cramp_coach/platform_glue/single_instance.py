"""One copy per user: a second launch hands its request to the running copy over a local socket.

The socket name is derived from the user and the data folder, and the server only
accepts connections from the same user (QLocalServer.UserAccessOption).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("cramp_coach.instance")


def server_name(data_dir: str) -> str:
    digest = hashlib.sha1(f"{getpass.getuser()}\0{data_dir}".encode()).hexdigest()[:12]
    return f"cramp-coach-{digest}"


def hand_over(name: str, request: dict[str, Any], timeout_ms: int = 5000) -> bool:
    """Send `request` to a running copy. True if one took it (then this process should exit)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(min(timeout_ms, 300)):
        return False
    sock.write((json.dumps(request) + "\n").encode())
    sock.flush()  # usually writes everything at once; waitForBytesWritten is False when nothing is left
    if sock.bytesToWrite() and not sock.waitForBytesWritten(timeout_ms):
        return False
    ok = sock.waitForReadyRead(timeout_ms) and bytes(sock.readAll().data()).startswith(b"ok")
    sock.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    """Listens for requests from later launches; emits `request(dict)` for each."""

    request = Signal(dict)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # a stale socket file from a copy that crashed: nobody answers it, so remove and retry
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("single-instance server could not listen on %s: %s", self.name, self.server.errorString())
        return ok

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            return
        line = bytes(sock.readLine().data())
        try:
            req = json.loads(line.decode("utf-8"))
            if not isinstance(req, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError):
            sock.write(b"error\n")
            return
        sock.write(b"ok\n")
        sock.flush()
        # answer first, act after: the later launch must not wait for the window to react
        QTimer.singleShot(0, lambda: self.request.emit(req))

    def close(self) -> None:
        self.server.close()
