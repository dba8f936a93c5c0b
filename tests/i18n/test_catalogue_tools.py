"""The Russian catalogue passes gettext's own check (msgfmt --check) and translate-toolkit's
quality checks (pofilter), whichever of them is installed (.ci/setup installs both)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cramp_coach import i18n

CATALOGUE = i18n.catalogue_file("ru")

# pofilter checks that do not fit Russian at all, left out for the whole catalogue:
EXCLUDED = {
    "startcaps": "Russian word order moves a placeholder or a lower-case word (weekdays) to the start",
    "simplecaps": "weekdays and months are lower-case in Russian; word order changes which words start a sentence",
    "startpunc": "word order: '{n} second left' is 'Осталась {n} секунда'",
    "puncspacing": "word order moves placeholders next to punctuation",
    "doublequoting": "Russian quotes are «ёлочки», not English double quotes",
    "singlequoting": "Russian quotes are «ёлочки», not English single quotes",
}
# ...and single messages where a check is wrong, each looked at by a person:
REVIEWED = {
    ("brackets", "Could not read the {what} file {path}: {error}. Using defaults."): "'файл ({what})' keeps the case of {what} right",
    ("brackets", "The {what} file {path} was damaged ({error}); it was kept as {kept} and defaults are used."): "as above",
    ("brackets", "Wrote {n} diary entries to {path}."): "'Записи дневника ({n})' avoids a plural form for any {n}",
    ("brackets", "Call your local emergency number now if:"): "the number is given to Russian readers: (112)",
    ("numbers", "Multiply every step's time, from 0.5 to 2 times; 1 is as written"): "0,5 is how Russian writes 0.5",
    ("unchanged", "Cramp Coach"): "the app's name is not translated",
    (
        "acronyms",
        "A swollen, warm or red leg can be a blood clot (DVT). Get medical help today: call your doctor or an urgent care line. "
        "Do not stretch, rub or heat that leg. With chest pain or sudden breathlessness, call the emergency number now.",
    ): "Russian names the clot in words (тромбоз глубоких вен); the English abbreviation means nothing there",
}


def _tool(name):
    here = Path(sys.executable).parent / name  # installed into the same virtual environment
    return str(here) if here.exists() else shutil.which(name)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_msgfmt_check_is_clean(tmp_path):
    done = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "ru.mo"), str(CATALOGUE)],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C"),
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def _pofilter_findings(po: Path, out: Path) -> dict[tuple[str, str], str]:
    command = [_tool("pofilter"), "--language=ru", "--progress=none", "--errorlevel=message"]
    command += [f"--excludefilter={name}" for name in EXCLUDED]
    subprocess.run([*command, str(po), str(out)], check=True, capture_output=True, text=True)
    from translate.storage import factory

    findings = {}
    for unit in factory.getobject(str(out)).units:
        if unit.isheader():
            continue
        for note in unit.getnotes("translator").splitlines():
            if note.startswith("(pofilter) "):
                check, _sep, detail = note.removeprefix("(pofilter) ").partition(":")
                findings[(check, unit.source)] = detail.strip()
    return findings


@pytest.mark.skipif(not _tool("pofilter"), reason="translate-toolkit's pofilter is not installed")
def test_pofilter_is_clean(tmp_path):
    findings = _pofilter_findings(CATALOGUE, tmp_path / "findings.po")
    unexpected = {k: v for k, v in findings.items() if k not in REVIEWED}
    assert not unexpected, "\n".join(f"{check}: {msgid!r}: {detail}" for (check, msgid), detail in unexpected.items())
    stale = [k for k in REVIEWED if k not in findings]
    assert not stale, f"reviewed exceptions no longer needed, remove them: {stale}"


@pytest.mark.skipif(not _tool("pofilter"), reason="translate-toolkit's pofilter is not installed")
def test_pofilter_catches_a_broken_placeholder(tmp_path):
    broken = tmp_path / "ru.po"
    text = CATALOGUE.read_text(encoding="utf-8")
    broken.write_text(text.replace('msgstr "Свело мышцу"', 'msgstr "Свело {мышцу}"', 1), encoding="utf-8")
    assert ("pythonbraceformat", "Cramp now") in _pofilter_findings(broken, tmp_path / "findings.po")
