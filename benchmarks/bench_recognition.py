"""How well the app's voice is understood, measured by a speech recogniser listening to the sink
(a private PulseAudio null sink recorded with parec, a private speech-dispatcher with espeak-ng;
tests/audio/soundserver.py):

1. app: the first aid for calf, foot and hamstring cramps through the app's own speech path
   (tests/audio/play_routine.py: the real Qt backend and speech worker, configured as the app does
   with the default settings, so the voice is the one the app chooses over SSIP), LANG=en_US.UTF-8;
2. control: the same sentences from `espeak-ng -v en-us`, played with paplay into the same sink;
3. contrast: the same sentences through speech-dispatcher with the wrong voice, "English (Caribbean)"
   (spd-say -y): the voice issue #10 found, so the benchmark must tell it from a good one.

The app plays with its cues off (only the voice is judged). Each recording is resampled to 16 kHz
and its level normalised (sox; the app's lower volume is not counted against it), and transcribed
utterance by utterance (pocketsphinx's endpointer) by pocketsphinx with its
bundled US English model (local: nothing is fetched). Word accuracy = 1 - WER (jiwer) against the
sentences said. Target: app / control >= 0.9 ("matches the control"). The voice the app asked
speech-dispatcher for is read from speech-dispatcher's log (log level 5 lists every SSIP command).
pocketsphinx hears espeak-ng poorly (word accuracy about 0.3 even for the control: its model knows
human voices), and the same code measured again moves the ratio by up to about 0.15 (0.77-1.09 in
three runs here): it tells a wrong voice (ratio about 0.3) from a right one, not 0.85 from 0.95.
--quick (calf only, 72 words) is rougher still.
usage: python benchmarks/bench_recognition.py [--quick] [-v]   (--quick: calf only, a rougher figure; -v: the
transcripts. Needs the optional `bench` extra: pip install -e .[bench])
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT

sys.path.insert(0, str(ROOT / "tests" / "audio"))
import listen  # noqa: E402
import soundserver  # noqa: E402

# (routine, hold scale): calf's caution is spoken during its last hold, which at 0.5 is long enough for
# all of it; the others have no caution, and every instruction is spoken in full before its hold
ROUTINES = (("first_aid_calf", 0.5), ("first_aid_foot", 0.1), ("first_aid_hamstring", 0.1))
WRONG_VOICE = "English (Caribbean)"
TOOLS = ("sox", "paplay", "spd-say")
CLEAN = ["gain", "-n", "-3"]  # sox: peak at -3 dBFS


def record(server: soundserver.SoundServer, path: Path, play) -> None:
    """Record the sink while `play()` runs, with a little silence either side."""
    parec = server.record(path)
    time.sleep(0.4)
    try:
        play()
    finally:
        time.sleep(0.6)
        soundserver._stop(parec)


def app_speech(server: soundserver.SoundServer, base: Path, routines: tuple[tuple[str, float], ...]) -> list[str]:
    """Play the routines as the app does; the sentences it said, in order."""
    env = {k: v for k, v in server.env.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="en_US.UTF-8", PYTHONPATH=str(ROOT))
    out: list[str] = []

    def play() -> None:
        for routine, scale in routines:
            cmd = [sys.executable, str(ROOT / "tests" / "audio" / "play_routine.py"), routine, str(scale), "--no-cues"]
            run = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
            events = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
            if run.returncode != 0 or not any(e["kind"] == "done" for e in events):
                raise RuntimeError(f"play_routine.py {routine} failed ({run.returncode}): {run.stdout[-500:]} {run.stderr[-1500:]}")
            out.extend(e["text"] for e in events if e["kind"] == "say")

    record(server, base / "app.raw", play)
    return out


def control_speech(server: soundserver.SoundServer, base: Path, sentences: list[str]) -> None:
    wav = base / "control.wav"

    def play() -> None:
        for text in sentences:
            subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), text], env=server.env, check=True, timeout=60)
            subprocess.run(["paplay", str(wav)], env=server.env, check=True, timeout=60)
            time.sleep(0.5)

    record(server, base / "control.raw", play)


def wrong_voice_speech(server: soundserver.SoundServer, base: Path, sentences: list[str]) -> None:
    def play() -> None:
        for text in sentences:
            subprocess.run(["spd-say", "-w", "-y", WRONG_VOICE, text], env=server.env, check=True, timeout=60)
            time.sleep(0.5)

    record(server, base / "wrong.raw", play)


def transcribe(raw: Path) -> str:
    """What pocketsphinx hears in a recording (s16le mono at listen.RATE), utterance by utterance."""
    from pocketsphinx import Decoder, Endpointer

    sox = ["sox", "-t", "raw", "-r", str(listen.RATE), "-e", "signed", "-b", "16", "-c", "1", str(raw)]
    pcm = subprocess.run([*sox, "-t", "raw", "-r", "16000", "-", *CLEAN], capture_output=True, check=True).stdout
    decoder = Decoder(samprate=16000, loglevel="FATAL")
    ep = Endpointer(sample_rate=16000)
    n = ep.frame_bytes
    words: list[str] = []
    for i in range(0, len(pcm), n):
        frame = pcm[i : i + n]
        was_speech = ep.in_speech
        speech = ep.end_stream(frame) if len(frame) < n else ep.process(frame)
        if speech is None:
            continue
        if not was_speech:
            decoder.start_utt()
        decoder.process_raw(speech)
        if not ep.in_speech:
            decoder.end_utt()
            hyp = decoder.hyp()
            words.extend(hyp.hypstr.split() if hyp else [])
    if ep.in_speech:  # the recording ended inside an utterance
        decoder.end_utt()
        hyp = decoder.hyp()
        words.extend(hyp.hypstr.split() if hyp else [])
    return " ".join(words)


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def accuracy(reference: str, heard: str) -> float:
    import jiwer

    return max(0.0, 1.0 - jiwer.wer(words(reference), words(heard) or "-"))


def voice_requests(log: Path, start: int) -> list[str]:
    """The voice and language settings clients sent to speech-dispatcher (SSIP) and what it passed
    on to its output module, from byte `start` of its log, in order, each once."""
    text = log.read_bytes()[start:].decode("utf-8", "replace")
    found = re.findall(
        r"DATA:\|(SET SELF (?:LANGUAGE|SYNTHESIS_VOICE|VOICE_TYPE) [^\r\n|]*)|^((?:language|synthesis_voice|voice)=.*)$", text, re.M
    )
    out: list[str] = []
    for ssip, module in found:
        line = ssip or f"module: {module}"
        if line not in out:
            out.append(line)
    return out


def log_size(log: Path) -> int:
    return log.stat().st_size if log.exists() else 0


def main() -> int:
    routines = ROUTINES[:1] if "--quick" in sys.argv else ROUTINES
    missing = soundserver.missing_tools() + [t for t in TOOLS if shutil.which(t) is None]
    try:
        import jiwer  # noqa: F401
        import pocketsphinx  # noqa: F401
    except ImportError as e:
        missing.append(f"{e.name} (pip install -e .[bench])")
    if missing:
        print(f"skipped: needs {', '.join(missing)}")
        return 0
    base = Path(tempfile.mkdtemp(prefix="cc-bench-recog-"))
    server = soundserver.SoundServer(base, speechd_log_level=5)
    log = base / "speech-dispatcher.log"
    try:
        try:
            server.start()
            mark = log_size(log)
            sentences = app_speech(server, base, routines)
            app_voice = voice_requests(log, mark)
            control_speech(server, base, sentences)
            mark = log_size(log)
            wrong_voice_speech(server, base, sentences)
            wrong_voice = voice_requests(log, mark)
        finally:
            server.stop()
        reference = " ".join(sentences)
        heard = {name: transcribe(base / f"{name}.raw") for name in ("app", "control", "wrong")}
    finally:
        shutil.rmtree(base, ignore_errors=True)
    score = {name: accuracy(reference, text) for name, text in heard.items()}
    n = len(words(reference).split())
    print(f"{', '.join(r for r, _ in routines)}: {len(sentences)} sentences, {n} words, transcribed by pocketsphinx (en-us model)")
    print(f"  the app asked speech-dispatcher for: {'; '.join(app_voice) or '(nothing logged)'}")
    print(f"  app (LANG=en_US.UTF-8) word accuracy: {score['app']:.2f}")
    print(f"  control (espeak-ng -v en-us) word accuracy: {score['control']:.2f}")
    ratio = score["app"] / score["control"] if score["control"] else float("nan")
    print(f"  ratio app/control: {ratio:.2f} (target >= 0.9: {'met' if ratio >= 0.9 else 'NOT met'})")
    wrong_ratio = score["wrong"] / score["control"] if score["control"] else float("nan")
    print(
        f"  contrast, {WRONG_VOICE} ({'; '.join(wrong_voice) or 'nothing logged'}): word accuracy {score['wrong']:.2f}, ratio {wrong_ratio:.2f}"
    )
    if "-v" in sys.argv:
        print(f"  said:    {words(reference)}")
        for name, text in heard.items():
            print(f"  {name + ':':8s} {words(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
