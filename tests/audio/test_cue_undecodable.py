"""Issue 14 (smaller list): a cue file that cannot be decoded is reported in the player's notice, not only logged."""

from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QSoundEffect

from cramp_coach.audio.qt import QtBackend
from tests.ui.logwait import WAIT_MS


def test_an_undecodable_cue_file_gives_a_notice(qapp, qtbot, tmp_path):
    backend = QtBackend("soft", 0.5, engine="mock")
    changed = []
    backend.changed_listeners.append(lambda: changed.append(backend.notice))
    try:
        bad = tmp_path / "tick.wav"
        bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk")
        effect = QSoundEffect()
        backend._effects["tick"] = effect
        effect.statusChanged.connect(lambda: backend._status_changed("tick"))
        effect.setSource(QUrl.fromLocalFile(str(bad)))
        qtbot.waitUntil(lambda: effect.status() == QSoundEffect.Status.Error, timeout=WAIT_MS)
        assert backend.notice and str(bad) in backend.notice and "could not be read" in backend.notice
        assert changed and str(bad) in changed[-1]
    finally:
        backend.close()
