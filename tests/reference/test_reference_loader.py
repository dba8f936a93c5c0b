"""Loading and validating reference articles: every field, file:line: field: message, broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cramp_coach.__main__ import main
from cramp_coach.content import markdown
from cramp_coach.content.reference import SECTIONS, check_articles, load_articles, ordered, render_html, search_cli

FIXTURES = Path(__file__).parent / "fixtures"
ROUTINES = {"first_aid_calf", "bedtime_stretches"}

GOOD = """---
id: {id}
title: A title
section: Prevention
order: 5
summary: One sentence.
related_routines: [first_aid_calf]
related_articles: [red-flags]
sources: ["NHS: Leg cramps"]
---
Body with [a link](article:red-flags).
"""


def write(folder: Path, name: str, text: str) -> Path:
    p = folder / f"{name}.md"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def lib(tmp_path):
    for p in FIXTURES.glob("*.md"):
        shutil.copy(p, tmp_path)
    return tmp_path


def test_fixture_library_loads_cleanly():
    articles, problems = load_articles(FIXTURES, ROUTINES)
    assert problems == []
    assert set(articles) == {"night-cramps", "red-flags", "stretching-hamstring"}
    a = articles["night-cramps"]
    assert a.title == "Night-time leg cramps" and a.section == "Understanding cramps" and a.order == 20
    assert a.keywords == ("nocturnal", "sleep") and a.related_routines == ("first_aid_calf",)
    assert a.sources == ("NHS: Leg cramps (nhs.uk/conditions/leg-cramps)",)
    assert [(k.kind, k.target) for k in a.links] == [
        ("routine", "first_aid_calf"),
        ("article", "red-flags"),
        ("external", "https://www.nhs.uk/conditions/leg-cramps/"),
    ]
    assert a.links[0].line == 19  # the line in the file, counting the header
    assert [x.id for x in ordered(articles)] == ["night-cramps", "stretching-hamstring", "red-flags"]  # section order
    assert all(x.section in SECTIONS for x in articles.values())


@pytest.mark.parametrize(
    "header, where, message",
    [
        ("title: A title\n", "3: title", "must be non-empty text"),  # replaced by an empty title below
        ("section: Prevention\n", "4: section", "is not one of"),
        ("order: 5\n", "5: order", "must be a whole number"),
        ('sources: ["NHS: Leg cramps"]\n', "9: sources", "must name at least one source"),
        ("related_routines: [first_aid_calf]\n", "7: related_routines", "there is no routine 'no_such_routine'"),
        ("related_articles: [red-flags]\n", "8: related_articles", "there is no article 'nowhere'"),
    ],
)
def test_each_bad_field_is_named_with_its_line(lib, header, where, message):
    bad = {
        "title: A title\n": 'title: ""\n',
        "section: Prevention\n": "section: Gossip\n",
        "order: 5\n": "order: soon\n",
        'sources: ["NHS: Leg cramps"]\n': "sources: []\n",
        "related_routines: [first_aid_calf]\n": "related_routines: [no_such_routine]\n",
        "related_articles: [red-flags]\n": "related_articles: [nowhere]\n",
    }[header]
    write(lib, "extra", GOOD.format(id="extra").replace(header, bad))
    articles, problems = load_articles(lib, ROUTINES)
    shown = [str(p) for p in problems]
    assert len(shown) == 1, shown
    assert f"extra.md:{where}: " in shown[0] and message in shown[0]
    assert "night-cramps" in articles  # the rest still loads


def test_missing_fields_unknown_fields_and_wrong_id(lib):
    write(lib, "extra", "---\nid: other-name\ncolour: blue\ntitle: T\n---\nText.\n")
    _articles, problems = load_articles(lib, ROUTINES)
    shown = {(p.line, p.field, p.message.split(" (")[0]) for p in problems}
    assert (3, "colour", "unknown field") in shown
    assert any(p.field == "id" and "must be the file name" in p.message and p.line == 2 for p in problems)
    for field in ("section", "summary", "sources"):
        assert (2, field, "missing") in shown  # line of the header mapping
    assert "extra" not in _articles and "other-name" not in _articles


def test_broken_files_are_reported_and_skipped(lib):
    write(lib, "no-header", "Just text.\n")
    write(lib, "unclosed", "---\ntitle: x\n")
    write(lib, "bad-yaml", "---\nid: bad-yaml\ntitle: [unclosed\n---\nText\n")
    write(lib, "empty-body", GOOD.format(id="empty-body").split("Body")[0])
    write(lib, "list-header", "---\n- a\n- b\n---\nText\n")
    (lib / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    (lib / "twice.md").write_text(GOOD.format(id="twice").replace("order: 5\n", "order: 5\norder: 6\n"), encoding="utf-8")
    articles, problems = load_articles(lib, ROUTINES)
    by_file = {}
    for p in problems:
        by_file.setdefault(Path(p.file).name, []).append(p)
    assert by_file["no-header.md"][0].field == "header"
    assert "no closing" in by_file["unclosed.md"][0].message
    assert by_file["bad-yaml.md"][0].message.startswith("not valid YAML") and by_file["bad-yaml.md"][0].line >= 3
    assert by_file["empty-body.md"][0].field == "body"
    assert "must be a mapping" in by_file["list-header.md"][0].message
    assert by_file["binary.md"][0].field == "file"
    assert [(p.line, p.field) for p in by_file["twice.md"]] == [(6, "order")]
    assert {"no-header", "unclosed", "bad-yaml", "empty-body", "list-header", "binary"}.isdisjoint(articles)
    assert {"night-cramps", "red-flags", "stretching-hamstring", "twice"} <= set(articles)


def test_body_links_are_checked_with_their_line(lib):
    text = GOOD.format(id="links").replace(
        "Body with [a link](article:red-flags).\n",
        "Fine [x](article:red-flags).\n\nGone [y](article:missing-one) and [z](routine:no_routine).\nOdd [w](ftp://x) [v](article:Bad_Id)\n",
    )
    write(lib, "links", text)
    articles, problems = load_articles(lib, ROUTINES)
    shown = sorted(str(p).split("links.md:", 1)[1] for p in problems)
    assert shown == [
        "13: body: there is no article 'missing-one'",
        "13: body: there is no routine 'no_routine'",
        "14: body: link 'article:Bad_Id': 'Bad_Id' is not a valid article id",
        "14: body: link 'ftp://x': use article:ID, routine:ID or an https:// address",
    ]
    assert "links" in articles  # dangling links are reported, the article still loads


def test_check_articles_and_the_command_line(lib, capsys):
    bad = write(lib, "extra", GOOD.format(id="extra").replace("section: Prevention", "section: Nope"))
    problems = check_articles([bad, lib / "night-cramps.md"], ROUTINES)
    assert [p.field for p in problems] == ["section"]
    assert main(["--check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "extra.md:4: section:" in out


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    articles, problems = load_articles(tmp_path / "nowhere", ROUTINES)
    assert articles == {} and problems[0].field == "folder"
    assert "empty or missing" in search_cli("night", tmp_path / "nowhere")


def test_search_cli_prints_titles_and_snippets():
    out = search_cli("hamstrig", FIXTURES)
    lines = out.splitlines()
    assert lines[0] == "Stretching the hamstring  [stretching-hamstring]"
    assert "hamstring stretch before sleep" in lines[1]
    assert "No article matches" in search_cli("xylophone", FIXTURES)


def test_render_html_links_tables_highlight_and_sources():
    articles, _p = load_articles(FIXTURES, ROUTINES)
    titles = {a.id: a.title for a in articles.values()}
    page = render_html(articles["night-cramps"], titles=titles, routines={"first_aid_calf": "Calf cramp"}, highlight={"night"})
    assert '<a href="routine:first_aid_calf">▶ Start this now</a>' in page
    assert '<a href="article:red-flags">when to get help</a>' in page
    assert "(www.nhs.uk/conditions/leg-cramps/)" in page  # the address is shown as text
    assert '<a name="match"></a><span style="background-color:' in page and ">Night</span>-time" in page
    assert "<h3>Sources</h3><ol>" in page and "Related topics" in page and "Calf cramp" in page
    flags = render_html(articles["red-flags"], titles=titles)
    assert "<th" in flags and "<td" in flags and "One swollen leg" in flags and "<b>Get urgent help</b>" in flags
    # links to articles or routines that do not exist are plain text, never dead links
    orphan = render_html(articles["night-cramps"], titles={}, routines={})
    assert "routine:first_aid_calf" not in orphan and "Start this now" in orphan


def test_markdown_escapes_and_nests():
    out = markdown.to_html("<script>x</script> & **b *i* b**\n\n- a\n  - b\n- c\n\n1. one\n2. two")
    assert "&lt;script&gt;" in out and "<script>" not in out and "&amp;" in out
    assert "<b>b <i>i</i> b</b>" in out
    assert out.count("<ul>") == 2 and "<ol><li>one</li><li>two</li></ol>" in out
    assert markdown.plain_text("## Head\n| a | b |\n|---|---|\n| **c** | [d](article:x) |") == "Head\na b\nc d"
