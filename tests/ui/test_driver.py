"""The engine driver in Qt: speech ends are handled on the next turn of the event loop."""

from cramp_coach.core import engine as ev
from cramp_coach.core.models import Step

from cramp_coach.ui.player.driver import EngineDriver


class InstantSpeaker:
    """Says every sentence in no time: `done` is called from inside say()."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text, done=None) -> bool:
        self.said.append(text)
        if done is not None:
            done()
        return True


def _driver(speaker):
    clock = [100.0]
    runner = ev.RoutineRunner([Step("a", "Pull your toes", "Pull your toes toward you.", "calf", 10)])
    driver = EngineDriver(runner, clock=lambda: clock[0], speaker=speaker)
    seen: list[ev.Event] = []
    driver.happened.connect(seen.append)
    return driver, seen


def test_a_sentence_that_ends_inside_say_starts_the_hold_after_it_returns(qtbot):
    speaker = InstantSpeaker()
    driver, seen = _driver(speaker)
    driver.start()
    assert speaker.said == ["Pull your toes toward you. Ten seconds."]
    assert not any(isinstance(e, ev.HoldStarted) for e in seen)  # not from inside say()
    qtbot.waitUntil(lambda: any(isinstance(e, ev.HoldStarted) for e in seen), timeout=2000)
    assert driver.runner.phase == ev.HOLD


def test_a_sentence_ending_after_the_driver_is_gone_is_dropped(qtbot):
    calls = []

    class LateSpeaker(InstantSpeaker):
        def say(self, text, done=None) -> bool:
            calls.append(done)
            return True

    driver, _seen = _driver(LateSpeaker())
    driver.start()
    driver.deleteLater()
    qtbot.waitUntil(lambda: not _alive(driver), timeout=2000)
    calls[0]()  # the backend reports the end of a sentence the deleted driver asked for
    qtbot.wait(50)  # nothing runs, nothing raises


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)
