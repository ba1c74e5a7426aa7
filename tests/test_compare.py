"""Side-by-side comparison of extractive and abstractive summaries."""

from __future__ import annotations

import re

import pytest

from summarize.attribute import attribute
from summarize.compare import agreement, compare_stats, render_compare
from summarize.segment import segment_article
from summarize.records import Article, Story, Summary, SummarySentence

WIRE = (
    "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to flee. "
    "About 4,000 people were moved to shelters inland, officials said."
)
LOCAL = "Schools in Port Ellis will stay closed until Friday. Power was cut to most of the town."


def article(aid, text, source):
    return segment_article(Article(id=aid, text=text, source=source))


@pytest.fixture
def story():
    arts = [article("w", WIRE, "Wire"), article("c", WIRE, "Copy"), article("l", LOCAL, "Local *News*")]
    ext = Summary("extractive", [SummarySentence(arts[0].sentences[0].text), SummarySentence(arts[2].sentences[0].text)])
    attribute(ext, arts, [["w", "c"], ["l"]], semantic=False)
    abs_ = Summary(
        "abstractive",
        [
            SummarySentence("A storm struck Port Ellis on Monday and thousands of residents fled."),
            SummarySentence("Joe Biden said 42 schools | closed."),
        ],
        model="tiny-model",
    )
    attribute(abs_, arts, [["w", "c"], ["l"]], semantic=False)
    return Story(id="s1", headline="Storm <b>hits</b> [Port Ellis]", articles=arts, summary=ext, abstractive=abs_, families=[["w", "c"], ["l"]])


def test_stats(story):
    stats = compare_stats(story)
    e, a = stats["extractive"], stats["abstractive"]
    assert e["supported"] == e["sentences"] == 2
    assert e["sources"] == 3 and e["independent_sources"] == 2
    assert a["sentences"] == 2 and a["supported"] == 1 and a["flagged"] == 1
    assert a["sources"] == 2 and a["independent_sources"] == 1
    assert a["model"] == "tiny-model"
    assert e["words"] == story.summary.words and a["words"] == story.abstractive.words
    ag = stats["agreement"]
    assert 0 < ag["rouge_l"] < 1 and 0 < ag["token_f1"] < 1
    assert ag["aligned_sentences"] == 1 and ag["aligned_share"] == 0.5


def test_every_unsupported_sentence_counts_as_flagged(story):
    """Whole-story mode: a sentence no source carries, with no number or name
    wrong, was "supported: false" with no flag, and "sentences flagged" left
    it out (a new-user trial)."""
    arts = story.articles
    abs_ = Summary("abstractive", [SummarySentence("The festival drew record crowds to the old harbour this summer.")])
    attribute(abs_, arts, [["w", "c"], ["l"]], semantic=False)
    story.abstractive = abs_
    stats = compare_stats(story)["abstractive"]
    assert stats["supported"] == 0 and stats["flagged"] == 1
    # a story written whole has no fused or kept sentences: not "0 / 0"
    text = render_compare([story], "text")
    assert "— (written whole)" in text and "0 / 0" not in text


def test_agreement_identical_is_one(story):
    ag = agreement(story.summary, story.summary)
    assert ag["rouge_l"] == 1.0 and ag["token_f1"] == 1.0 and ag["aligned_share"] == 1.0


def test_stats_attribute_unchecked_summaries_without_mutating(story):
    for s in story.summary.sentences:
        s.supported = None
    stats = compare_stats(story)
    assert stats["extractive"]["supported"] == 2
    assert all(s.supported is None for s in story.summary.sentences)


def test_no_abstractive(story):
    story.abstractive = None
    stats = compare_stats(story)
    assert stats["abstractive"] is None and stats["agreement"] is None
    assert "no abstractive summary" in render_compare([story], "text")
    assert "no abstractive summary" in render_compare([story], "markdown")


def test_text_two_columns_fit_terminal(story, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = render_compare([story], "text")
    assert "EXTRACTIVE" in out and "ABSTRACTIVE (tiny-model)" in out
    assert "│" in out
    assert "✗ Joe Biden" in out and "UNSUPPORTED" in out and "number not in sources: 42" in out
    assert "[1][2]" in out  # both wire copies cited
    assert "supported sentences  2/2" in out.replace("   ", "  ") or "2/2" in out
    assert all(len(line) <= 100 for line in out.splitlines() if "│" in line)


def test_text_narrow_terminal_stacks(story, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    out = render_compare([story], "text")
    assert "│" not in out
    assert out.index("EXTRACTIVE") < out.index("ABSTRACTIVE")


def test_markdown_table_escapes(story):
    out = render_compare([story], "markdown")
    assert "| # | Extractive | Abstractive (tiny-model) |" in out
    assert "<b>" not in out and "\\<b\\>" in out  # headline markup shown as text
    assert "42 schools \\| closed" in out  # a pipe cannot break the table
    assert "⚠" in out and "unsupported" in out
    assert "| supported sentences | 2/2 | 1/2 |" in out
    assert "Local \\*News\\*" in out
    for line in out.splitlines():
        if line.startswith("| 2 |"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 4  # still three cells


def test_bad_format(story):
    with pytest.raises(ValueError):
        render_compare([story], "html")


def test_a_rewrite_of_what_one_article_alone_reports_is_called_shortened(story, monkeypatch):
    """A verified rewrite is "fused" in the JSON; shown to a reader, one whose
    sentence a single article reports is "shortened": there was nothing to
    fuse (a TUI trial found "≈ fused" beside one citation)."""
    from summarize.render import shown_origin

    arts = story.articles
    abs_ = Summary(
        "abstractive",
        [
            SummarySentence("A storm struck Port Ellis on Monday and thousands of residents fled.", origin="fused"),
            SummarySentence("Schools in Port Ellis stay closed until Friday.", origin="fused"),
        ],
        model="tiny-model",
    )
    attribute(abs_, arts, [["w", "c"], ["l"]], semantic=False)
    story.abstractive = abs_
    first, second = abs_.sentences
    assert {c.article for c in first.citations} == {"w", "c"} and {c.article for c in second.citations} == {"l"}
    assert (shown_origin(first), shown_origin(second)) == ("fused", "shortened")
    stats = compare_stats(story)["abstractive"]
    assert stats["fused"] == 2 and stats["shortened"] == 1
    monkeypatch.setenv("COLUMNS", "160")
    text = render_compare([story], "text")
    assert "shortened: rewritten from the one source cited" in text and "fused: rewritten from the sources cited" in text
    assert "2 / 0 (1 of the fused shortened from one source)" in text
    markdown = render_compare([story], "markdown")
    assert "*(shortened)*" in markdown and "*(fused)*" in markdown


def test_every_line_fits_an_80_column_terminal(story, monkeypatch):
    """At 80 columns a 108-character headline and the "fused / kept" row ran
    past the terminal's edge (a trial); both wrap now."""
    arts = story.articles
    story.headline = "Storm hits the coastal town of Port Ellis as thousands flee to shelters inland and schools close until Friday"
    abs_ = Summary("abstractive", [SummarySentence("Schools in Port Ellis stay closed until Friday.", origin="fused")], model="tiny-model")
    attribute(abs_, arts, [["w", "c"], ["l"]], semantic=False)
    story.abstractive = abs_
    monkeypatch.setenv("COLUMNS", "80")
    out = render_compare([story], "text")
    assert "shortened from one" in out and "Port Ellis as thousands" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_an_unsupported_sentence_names_its_nearest_sources_not_a_citation(story):
    """Whole mode printed "... Vladimir Vladimir Putin is now considering a
    diplomatic solution ... [5] (NOT SUPPORTED by any source)": a skimming
    reader took the mark for a citation (a trial)."""
    from summarize.render import to_markdown, to_text

    wrong = SummarySentence("A storm struck Port Ellis on Monday, and 42 residents were moved inland, officials said.")
    story.abstractive = Summary("abstractive", [wrong], model="tiny-model")
    attribute(story.abstractive, story.articles, story.families, semantic=False)
    assert wrong.supported is False and wrong.citations, (wrong.supported, wrong.flags)
    text = to_text([story], width=400)
    line = next(line for line in text.splitlines() if "42 residents" in line)
    assert line.endswith("officials said. (NOT SUPPORTED by any source; nearest: [1][2])"), line
    md = to_markdown([story])
    assert "officials said. **(not supported by any source; nearest: [1][2])**" in md
    compare = render_compare([story], "text")
    assert "✗ A storm struck Port Ellis" in compare and "[1][2]" not in compare.split("✗ A storm")[1].split("\n")[0]
    assert "nearest: [1][2]" in compare
    assert "nearest: [1][2])**" in render_compare([story], "markdown")
