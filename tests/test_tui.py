"""Headless tests of the terminal UI: drive the keys, assert on what is shown."""

from __future__ import annotations

import asyncio
import io
import json
import sys
import textwrap

import pytest

from summarize.condense import with_tokens
from summarize.fuse import rewrite_label
from summarize.pipeline import Options
from summarize.records import Summary, SummarySentence
from summarize.render import to_json, to_markdown

from tests.conftest import PAGE_A, PAGE_B, PAGE_C

from summarize.errors import Cancelled, ModelUnavailable
from tui.app import SummarizeApp
from summarize.coverage import content_words, unique_reports
from tui.data import FOUND, HIGHLIGHT, raw_with_stripped
from tui.screens.article_screen import ArticleScreen
from tui.screens.export_screen import ExportScreen
from tui.screens.help_screen import HelpScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.citation_panel import CitationList, CitationPanel
from tui.widgets.coverage_view import CoverageView
from tui.widgets.sentence_list import SentenceList
from tui.widgets.sources_view import SourcesView
from tui.widgets.story_list import StoryOptions

SIZE = (100, 30)

PAGE_D = """Rates rise for the fourth time this year

The central bank raised its benchmark interest rate by half a point on Tuesday, the fourth increase this year.

Governor Mark Stone said inflation remained far too high and further increases were likely.

Mortgage lenders said they would pass the increase on to borrowers within days.
"""

MARKUP = "[bold]Boom[/] [link=http://x]y[/link]"
MARKUP_SOURCE = "[red]Evil[/red] Outlet"


@pytest.fixture
def corpus(tmp_path):
    """Three stories by layout: storm (2 outlets), bank (2), and one whose headline is markup."""
    root = tmp_path / "corpus"
    (root / "storm").mkdir(parents=True)
    (root / "bank").mkdir()
    (root / "marked").mkdir()
    (root / "storm" / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (root / "storm" / "b.txt").write_text(PAGE_B, encoding="utf-8")
    (root / "bank" / "c.txt").write_text(PAGE_C, encoding="utf-8")
    (root / "bank" / "d.txt").write_text(PAGE_D, encoding="utf-8")
    records = [
        {"id": "m1", "title": MARKUP, "source": MARKUP_SOURCE, "url": "javascript:alert(1)",
         "text": "Fireworks lit up the [bold]river[/] on Sunday night in the old town. Crowds of ten thousand people watched from the bridges."},
        {"id": "m2", "title": MARKUP, "source": "Plain Times", "url": "https://news.example/fireworks",
         "text": "Fireworks lit up the river on Sunday night in the old town. The show lasted forty minutes and ended at midnight."},
    ]
    (root / "marked" / "m.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return root


class FakeCondenser:
    """Stands in for a whole-story model (the engine's pipeline calls ``condense``)."""

    name = "fake-model"
    mode = "whole"

    def __init__(self):
        self.calls = 0

    def condense(self, story, max_words=100, progress=None, should_stop=None):
        self.calls += 1
        if progress:
            progress(0, 1, "condensing")
        first = story.summary.sentences[0]
        return Summary(
            method="abstractive",
            model="fake-model",
            sentences=[
                SummarySentence(text="In short: " + first.text, citations=list(first.citations), supported=True),
                SummarySentence(text="Aliens landed in the harbour.", supported=False, flags=["name not in sources: Aliens"]),
            ],
        )


def fake_loader(condenser):
    def load(spec, progress):
        progress(0, 1, f"loading {spec}")
        return condenser

    return load


def no_model_loader(spec, progress):
    raise ModelUnavailable("model smollm2: not installed")


def text_of(widget) -> str:
    content = widget.content if hasattr(widget, "content") else widget.render()
    return content.plain if hasattr(content, "plain") else str(content)


def prompts(option_list) -> list[str]:
    return [o.prompt.plain if hasattr(o.prompt, "plain") else str(o.prompt) for o in option_list.options]


LOADED_TIMEOUT_S = 120  # a worker that never ends fails its test, not the whole run


async def loaded(pilot):
    """Every worker done, and every worker their messages started (the model
    worker starts once the stories are in: on a busy machine its thread had
    not run when the loading worker was done, a flaky test).  A model worker
    replaced by a newer one (exclusive: the reader moved to another story)
    ends cancelled: wait for the rest."""
    from textual.worker import WorkerCancelled, WorkerState

    for _ in range(20):
        try:
            await asyncio.wait_for(pilot.app.workers.wait_for_complete(), LOADED_TIMEOUT_S)
        except WorkerCancelled:
            pass
        await pilot.pause()
        await pilot.pause()
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
            return
    raise AssertionError("workers still running after 20 rounds")


async def open_story(pilot, words: str):
    """Filter the list down to one story and read it (``/`` first: on the list
    itself the global keys such as ``e`` for export act, other letters filter)."""
    await pilot.press("slash")
    for ch in words:
        await pilot.press(ch if ch != " " else "space")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def open_first_source(pilot) -> ArticleScreen:
    """Read the storm story and open the source of its first summary sentence."""
    await open_story(pilot, "evacu")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


# ---------------------------------------------------------------------------


async def test_story_list_fills_and_sorts(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = prompts(app.query_one(StoryOptions))
        assert len(shown) == 3
        assert any("Storm" in p and "2 articles · 2 outlets" in p for p in shown)
        assert any("Central bank" in p or "Rates rise" in p for p in shown)
        assert app.engine_done
        assert "first_story_s" in app.timings
        # the first story's summary is on screen with citation marks
        ext = app.query_one("#ext-sentences", SentenceList)
        assert ext.option_count >= 1
        assert "[1]" in prompts(ext)[0]


async def test_copies_left_out_are_said(corpus):
    """A page saved twice counts once in its story, and the status line says
    so: "4 stories from 7 articles" over lists of 6 looked like a loss."""
    (corpus / "bank" / "d copy.txt").write_text((corpus / "bank" / "d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert sum(len(s.articles) for s in app.story_list.stories.values()) == app.articles_read - 1
        status = text_of(app.query_one("#status-label"))
        # the copy is one of the articles read, which the header's count leaves out
        assert f"from {app.articles_read} articles · 1 of them a copy, left out" in status


async def test_the_header_counts_add_up(corpus):
    """The header said "11 stories · 61 articles" while the stories held 59 in
    all, 2 copies left out: it counts the articles in the stories now and says
    the copies left out."""
    (corpus / "bank" / "d copy.txt").write_text((corpus / "bank" / "d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        in_stories = sum(len(s.articles) for s in app.story_list.stories.values())
        assert in_stories == app.articles_read - 1
        assert app.sub_title == f"3 stories · {in_stories} articles (1 copy left out)"
        listed = sum(int(p.split(" article")[0].split("\n")[-1]) for p in prompts(app.query_one(StoryOptions)))
        assert listed == in_stories  # what the list's entries say adds up to the header


async def test_filter_by_typing(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.focused, StoryOptions)
        for ch in "storm":  # letters that are not global keys start the filter
            await pilot.press(ch)
        await pilot.pause()
        shown = prompts(app.query_one(StoryOptions))
        assert len(shown) == 1 and "Storm" in shown[0]
        assert "1 of 3 stories matches “storm”" in text_of(app.query_one("#story-count"))  # one story matches, not "match"
        # at 80 columns the list is 22 cells wide: the count says what fits ("1 of 3 stories matches “" was cut)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert text_of(app.query_one("#story-count")) == "1 of 3 stories matches"
        # the summary follows the filtered highlight
        assert "Storm" in text_of(app.query_one("#story-heading")) or "storm" in text_of(app.query_one("#story-heading"))
        await pilot.press("escape")
        await pilot.pause()
        assert len(prompts(app.query_one(StoryOptions))) == 3


async def test_sentence_citations_open_source_and_back(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        ext = app.query_one("#ext-sentences", SentenceList)
        assert app.focused is ext
        story = app.current
        # the sources panel shows the quote(s) of the first sentence
        panel = app.query_one(CitationPanel)
        head = text_of(panel.query_one("#cite-head"))
        assert "Sentence 1 of" in head and "outlets" in head
        first = story.summary.sentences[0]
        quotes = prompts(panel.query_one(CitationList))
        assert quotes and any(first.citations[0].quote in q for q in quotes)
        # move to a sentence with two sources, then to its second mark
        target = next((n for n, s in enumerate(story.summary.sentences) if len({c.article for c in s.citations}) > 1), None)
        assert target is not None, "fixture should give a sentence carried by both outlets"
        for _ in range(target):
            await pilot.press("down")
        await pilot.pause()
        start = ext.cursor  # the mark of the sentence's own source
        await pilot.press("right")
        await pilot.pause()
        cited = sorted({c.article for c in story.summary.sentences[target].citations}, key=[a.id for a in story.articles].index)
        assert ext.highlighted == target and ext.cursor == (start + 1) % len(cited)
        assert f"Sentence {target + 1} of" in text_of(panel.query_one("#cite-head"))
        want_article = cited[ext.cursor]
        want = next(c for c in story.summary.sentences[target].citations if c.article == want_article)
        # open: the article shows with the quoted sentence highlighted
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.article_id == want_article
        view = screen.query_one(ArticleView)
        assert view.target is not None
        assert want.quote in text_of(view.target)
        spans = [s for s in view.target.content.spans if "on #f0c05a" in str(s.style)]
        assert spans and view.target.content.plain[spans[0].start : spans[0].end] == want.quote
        # back returns to where the reader was
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ArticleScreen)
        assert app.focused is ext and ext.highlighted == target and ext.cursor == cited.index(want_article)


async def test_citation_click_opens_source(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("tab")  # to the citation list
        await pilot.pause()
        assert isinstance(app.focused, CitationList)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("backspace")
        await pilot.pause()
        assert isinstance(app.focused, CitationList)


async def test_a_late_highlight_from_the_story_before_is_ignored():
    """Stepping through the stories with the sources on show: the list's
    highlight of the story before arrived after the next story was shown, and
    its article id was looked up there (KeyError, the app gone; a trial)."""
    from textual.app import App

    from summarize.records import Article, Story
    from summarize.segment import segment_article

    def story(name: str) -> Story:
        arts = [segment_article(Article(f"{name}{k}", f"Fact {k} about {name}.", source=f"Outlet {k}")) for k in range(3)]
        return Story(id=name, headline=name, articles=arts, summary=Summary("extractive", []))

    class Host(App):
        def compose(self):
            yield SourcesView()

    host = Host()
    async with host.run_test(size=SIZE) as pilot:
        view = host.query_one(SourcesView)
        first, second = story("storm"), story("bank")
        view.show(first)
        await pilot.pause()
        view.query_one("#source-list").highlighted = 2  # its message waits for the next turn
        view.show(second)
        await pilot.pause()
        await pilot.pause()
        assert view.story is second and "about bank" in view.query_one(ArticleView).plain()


async def test_sources_view_and_boilerplate_toggle(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        sources = app.query_one(SourcesView)
        listed = prompts(sources.query_one("#source-list"))
        assert len(listed) == 2
        article = app.current.articles[0]
        view = sources.query_one(ArticleView)
        shown = view.plain()
        assert article.text.split("\n")[0] in shown
        assert article.removed, "the fixture page has boilerplate"
        assert "Register now" not in shown
        await pilot.press("b")
        await pilot.pause()
        await pilot.pause()
        shown = view.plain()
        assert "Register now" in shown and "✗" in shown
        await pilot.press("b")
        await pilot.pause()
        assert "Register now" not in view.plain()


async def test_coverage_view(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("3")
        await pilot.pause()
        text = app.query_one(CoverageView).plain()
        assert "/2 outlets" in text
        assert "reports that no other outlet does" in text
        # the weather-service sentence is only in page A; the power cut only in page B
        assert "Power was cut" in text
        assert "winds reached 150 km" in text


def test_coverage_of_a_story_one_outlet_reports_says_there_is_none_to_compare():
    """"APW  141 of 160 sentences found in no other outlet" told a trial's
    reader nothing: every sentence of a one-outlet story is in no other."""
    from summarize.rank import summarize_articles
    from summarize.records import Article, Story
    from summarize.segment import segment_article
    from tui.widgets.coverage_view import coverage_renderable

    arts = [segment_article(Article(f"a{n}", f"The storm hit the harbour town on day {n} and cut power to many homes.", source="APW"))
            for n in range(2)]
    summary, families = summarize_articles(arts)
    _, plain = coverage_renderable(Story(id="s", headline="Storm", articles=arts, summary=summary, families=families))
    assert "APW alone reports this story: no other outlet to compare it with." in plain
    assert "found in no other outlet" not in plain


def test_unique_reports_helper(corpus):
    from summarize.pipeline import build_stories, load_articles

    articles, _ = load_articles([str(corpus / "storm")])
    story = next(build_stories(articles, Options()))
    reports = {r.name: r for r in unique_reports(story)}
    unique_text = {r.name: " ".join(a.sentences[i].text for a, i in r.unique) for r in reports.values()}
    assert any("Power was cut" in t for t in unique_text.values())
    assert not any("never seen water rise" in t for t in unique_text.values())
    assert "evacuat" in " ".join(content_words("Thousands evacuated the town"))


async def test_no_model_configured_message(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("m")  # abstractive
        await loaded(pilot)
        assert app.mode == "abstractive"
        message = text_of(app.query_one("#abs-message"))
        assert "No abstractive model is configured" in message
        assert "--model" in message and "models.txt" in message
        await pilot.press("m")  # side by side: extractive still there
        await pilot.pause()
        assert app.mode == "both"
        assert app.query_one("#ext-pane").display and app.query_one("#abs-pane").display


async def test_abstractive_with_fake_model_and_side_by_side(corpus):
    fake = FakeCondenser()
    app = SummarizeApp([str(corpus)], loader=fake_loader(fake), model="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("m", "m")  # side by side
        await loaded(pilot)
        assert app.mode == "both"
        abs_list = app.query_one("#abs-sentences", SentenceList)
        shown = prompts(abs_list)
        assert len(shown) == 2
        assert "In short:" in shown[0] and "[1]" in shown[0]
        assert "not supported by any source" in shown[1]
        assert "fake-model" in text_of(app.query_one("#abs-title"))
        assert prompts(app.query_one("#ext-sentences", SentenceList))  # extractive beside it
        # moving onto the unsupported sentence says so in the sources panel
        abs_list.focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        head = text_of(app.query_one("#cite-head"))
        assert "abstractive" in head and "not supported" in head
        # cached for the session: back and forth does not run the model again
        await pilot.press("escape", "escape")  # to the story list, clear the filter
        await pilot.pause()
        assert len(prompts(app.query_one(StoryOptions))) == 3
        storm = app.current
        await pilot.press("down")  # another story: the model writes its summary
        await loaded(pilot)
        assert fake.calls == 2 and app.current is not storm
        await pilot.press("up")  # back: cached
        await loaded(pilot)
        await pilot.press("down")
        await loaded(pilot)
        assert fake.calls == 2
        assert app.current.abstractive is not None


async def test_cancel_model(corpus):
    import threading

    gate = threading.Event()

    class SlowCondenser(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            while not should_stop():
                gate.wait(0.02)
            raise Cancelled("stopped")

    app = SummarizeApp([str(corpus)], loader=fake_loader(SlowCondenser()))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("m")
        await pilot.pause()
        assert app.model_story == app.current.id
        await pilot.press("x")
        await loaded(pilot)
        assert app.model_story is None
        assert "Cancelled" in text_of(app.query_one("#abs-message"))
        # not left on an empty abstractive view: back to the extractive summary, m starts again
        assert app.mode == "extractive" and app.query_one("#ext-pane").display
        assert prompts(app.query_one("#ext-sentences", SentenceList))
        assert "m writes" in text_of(app.query_one("#abs-message"))
        app.focus_reader()
        await pilot.press("m")
        await pilot.pause()
        assert app.mode == "abstractive" and app.model_story == app.current.id
        await pilot.press("x")
        await loaded(pilot)
        assert app.mode == "extractive"


# The engine's reports while the fuse method rewrites a 4-sentence summary in
# three tries, worded by the engine: each try's bar started over.
FUSE_REPORTS = [
    (0, 49, rewrite_label(0, 8)),
    (24, 49, with_tokens(rewrite_label(0, 8), 24, 49)),
    (49, 49, with_tokens(rewrite_label(0, 8), 49, 49)),
    (0, 43, rewrite_label(1, 3)),
    (16, 43, with_tokens(rewrite_label(1, 3), 16, 43)),
    (0, 20, rewrite_label(2, 1)),
    (1, 20, with_tokens(rewrite_label(2, 1), 1, 20)),
    (1, 1, "rewrote 4 sentences"),
]


async def test_the_model_s_progress_is_one_bar_over_every_try(corpus, monkeypatch):
    """One bar from start to end whatever the tries, in words a reader follows
    (the try as a word, no token counts)."""
    from tui.widgets.summary_view import AbstractivePane

    shown: list[tuple[float | None, str]] = []
    real = AbstractivePane.show_progress

    def record(self, share, message):
        shown.append((share, message))
        real(self, share, message)

    monkeypatch.setattr(AbstractivePane, "show_progress", record)

    class Reporting(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            for report in FUSE_REPORTS:
                progress(*report)
            return super().condense(story, max_words, None, should_stop)

    app = SummarizeApp([str(corpus)], loader=fake_loader(Reporting()), model="tiny")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("m")
        await loaded(pilot)
        assert app.current.abstractive is not None
    writing = [(share, text) for share, text in shown if "try" in text]
    assert len(writing) == 7
    shares = [share for share, _ in writing]
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] < 1
    assert all("token" not in text and "/" not in text for _, text in shown)
    n = len(app.current.summary.sentences)
    assert writing[0][1] == f"rewriting {n} sentences · first try"
    assert [text.split(" · ")[-1] for _, text in writing] == ["first try"] * 3 + ["second try"] * 2 + ["third try"] * 2


def test_model_progress_names_the_parts_of_a_long_summary():
    from tui.data import model_progress

    first = model_progress(5, 10, with_tokens(rewrite_label(0, 12, 1, 2), 5, 10), 10)
    second = model_progress(0, 10, rewrite_label(0, 8, 2, 2), 10)
    assert first[1] == "rewriting 10 sentences · first try (part 1 of 2)" and first[0] < second[0]
    # a whole-story model: its tokens move the bar, the line names no count
    assert model_progress(0, 1, with_tokens("story 1/1: generating", 12, 40), 4) == (0.3, "writing the summary")
    # anything else passes as said, less any token count
    assert model_progress(0, 0, "loading tiny (can take a while; x cancels)…", 4) == (
        None, "loading tiny (can take a while; x cancels)…")


async def test_the_heading_counts_the_words_of_the_summary_on_show(corpus):
    """In the abstractive view the heading said the extractive summary's
    "100 words" over an abstractive summary of 93."""
    from tui.widgets.summary_view import StoryHeading

    app = SummarizeApp([str(corpus)], loader=fake_loader(FakeCondenser()), model="tiny")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        story = app.current
        heading = app.summary_view.query_one(StoryHeading)
        ext_words = story.summary.words
        assert f"· {ext_words} words" in text_of(heading)
        await pilot.press("m")
        await loaded(pilot)
        abs_words = story.abstractive.words
        assert abs_words != ext_words
        assert f"· {abs_words} words" in text_of(heading) and f"{ext_words} words" not in text_of(heading)
        await pilot.press("m")  # side by side: both counts, each named
        await pilot.pause()
        assert f"· {ext_words} words extractive, {abs_words} abstractive" in text_of(heading)
        await pilot.press("m")
        await pilot.pause()
        assert f"· {ext_words} words" in text_of(heading) and "abstractive" not in text_of(heading)


async def test_the_article_screen_s_title_names_the_source_on_show(corpus):
    """The article's own heading scrolls away with its text; n / p change the
    source under it: the title bar names it (a trial could not tell which
    source it was reading)."""
    from summarize.render import citation_numbers

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = await open_first_source(pilot)
        story = screen.story
        numbers = citation_numbers(story)

        def expected():
            article = story.article(screen.article_id)
            return f"source [{numbers[screen.article_id]}] {article.source or 'unknown outlet'}"

        assert expected() in text_of(screen.query_one("HeaderTitle"))
        assert len(screen.cited) > 1  # the storm's first sentence: both outlets carry it
        first = screen.article_id
        await pilot.press("n")
        await pilot.pause()
        assert screen.article_id != first and expected() in text_of(screen.query_one("HeaderTitle"))


async def test_export_markdown_and_json(corpus, tmp_path):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        target = tmp_path / "out.md"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        box = app.screen.query_one("#export-path")
        box.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == to_markdown([app.current])
        target_json = tmp_path / "out.json"
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(target_json)
        await pilot.press("enter")
        await pilot.pause()
        assert target_json.read_text(encoding="utf-8") == to_json([app.current]) + "\n"


@pytest.mark.parametrize("under_the_dialog", ["kept", "lost", "hidden"])
async def test_after_an_export_the_keys_go_back_to_the_reader_not_the_filter(corpus, tmp_path, under_the_dialog):
    """A trial exported (e, Enter) and found the keyboard in the story filter.
    The focused summary had gone under the dialog ("lost": in the abstractive
    mode, the next story's summary hides behind the model's progress, and
    Textual drops the focus), and Textual then focused the first focusable
    widget, the filter box.  Where the reader's view is hidden itself
    ("hidden"), no widget gets the keys, as before the dialog."""
    from tui.widgets.story_list import FilterInput

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(140, 35)) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        reader = app.screen.focused
        assert isinstance(reader, SentenceList)
        typed = app.story_list.filter_text
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        if under_the_dialog != "kept":
            app.screen_stack[0].set_focus(None)  # as when the focused widget is hidden or replaced
        if under_the_dialog == "hidden":
            reader.display = False
        app.screen.query_one("#export-path").value = str(tmp_path / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert (tmp_path / "out.md").exists()
        said = [n.message for n in app._notifications][-1]
        assert said.splitlines()[1] == "out.md"  # the name whole on its line, not wrapped with the path
        assert not isinstance(app.screen, ExportScreen)
        assert not isinstance(app.screen.focused, FilterInput)
        assert app.screen.focused is (None if under_the_dialog == "hidden" else reader)
        await pilot.press("x")  # a letter typed next does not go to the filter
        await pilot.pause()
        assert app.story_list.filter_text == typed


@pytest.mark.parametrize("launched_in", ["gone", "here"])
async def test_export_suggests_a_folder_it_can_write(corpus, tmp_path, monkeypatch, launched_in):
    """The export suggested a file in the launch directory, which may not take
    one: there the file goes to ~/Downloads; a writable launch directory stays
    the default, as the CLI's -o writes there."""
    import shutil

    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    launch = tmp_path / "launch"
    launch.mkdir()
    monkeypatch.chdir(launch)
    if launched_in == "gone":
        shutil.rmtree(launch)  # the launch directory removed under the running app
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        value = app.screen.query_one("#export-path").value
        name = value.split("/")[-1]
        assert name.endswith(".md")
        await pilot.press("enter")
        await pilot.pause()
    if launched_in == "gone":
        assert value == f"~/Downloads/{name}"
        written = home / "Downloads" / name
    else:
        assert value == name
        written = launch / name
    assert written.read_text(encoding="utf-8") == to_markdown([app.current])


async def test_export_never_replaces_an_input_and_writes_text_for_txt(corpus, tmp_path):
    """The export replaced one of the story's own source files after a "Replace
    it?" (the CLI's -o refuses an input), and wrote Markdown into a .txt file
    (the CLI's -o x.txt writes text): a new-user trial."""
    from summarize.render import to_text

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    source = corpus / "storm" / "a.txt"
    before = source.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(source)
        await pilot.pause()
        assert "one of the inputs" in text_of(app.screen.query_one("#export-target"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)  # refused: no "Replace it?", the dialog stays
        assert source.read_bytes() == before
        target = tmp_path / "story.txt"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == to_text([app.current])


async def test_help_screen(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("enter", "question_mark")  # ? works from the reader
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_markup_in_headline_is_literal(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        shown = prompts(app.query_one(StoryOptions))
        # the list cuts the headline to its width (at 80 columns, before the link): what it shows is literal
        assert any(MARKUP.split(" [link")[0] in p for p in shown)
        await open_story(pilot, "boom")
        assert MARKUP in text_of(app.query_one("#story-heading"))
        panel = app.query_one(CitationPanel)
        assert any(MARKUP_SOURCE in q or "Plain Times" in q for q in prompts(panel.query_one(CitationList)))
        await pilot.press("2")
        await pilot.pause()
        await pilot.pause()
        assert any(MARKUP_SOURCE in p for p in prompts(app.query_one("#source-list")))
        sources = app.query_one(SourcesView)
        view = sources.query_one(ArticleView)
        first = app.current.articles[0]
        assert first.text.split("\n")[0] in view.plain()
        # the article whose text carries markup (m1), shown literally, not styled
        marked = next(n for n, a in enumerate(app.current.articles) if "[bold]river[/]" in a.text)
        sources.query_one("#source-list").highlighted = marked
        await pilot.pause()
        await pilot.pause()
        assert view.article is app.current.articles[marked]
        assert "the [bold]river[/] on Sunday" in view.plain()
        await pilot.press("3")
        await pilot.pause()
        assert MARKUP_SOURCE in app.query_one(CoverageView).plain()
        # the screen as painted: the tags are there as characters, and nothing became a link
        await pilot.press("1")
        await pilot.pause()
        strips = app.screen._compositor.render_strips()
        painted = "\n".join(strip.text for strip in strips)
        assert "[bold]Boom[/]" in painted
        assert "[red]Evil[/red]" in painted or "[bold]Boom[/] [link=" in painted
        assert not any(seg.style and seg.style.link for strip in strips for seg in strip), "markup became a link"


async def test_a_narrow_footer_packs_its_keys_so_help_and_quit_stay(corpus):
    """At 80 columns, with the model at work, "f1 Help  q Quit" fell off the
    footer's end (a TUI trial): narrow, it is compact and leaves out the
    palette's key, which the help lists."""
    from textual.widgets import Footer

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        footer = app.query_one(Footer)
        assert footer.compact and not footer.show_command_palette
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert not footer.compact and footer.show_command_palette


async def test_command_palette_lists_actions_and_stories(corpus):
    from tui.commands import SummarizeCommands

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        provider = SummarizeCommands(app.screen)
        names = [name for name, *_ in provider._entries()]
        assert "Side by side" in names and "Export story as JSON" in names
        assert any(n.startswith("Story: ") and MARKUP in n for n in names)
        assert "Quit" in names
        # what cannot apply is not offered: no model at work, no news desk, not in the sources view
        assert not {"Cancel model", "New since read", "Mark all stories read", "Boilerplate", "Skipped inputs"} & set(names)
        app.tabs.active = "sources"
        await pilot.pause()
        assert "Boilerplate" in [name for name, *_ in provider._entries()]
        app.tabs.active = "summary"
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        # only the app's own commands: Textual's Theme, Keys, Screenshot and Maximize are left out
        from textual.command import CommandList

        async def hits(query):
            """What a fresh palette offers for ``query``."""
            await pilot.press("escape")
            await pilot.press("ctrl+p")
            await pilot.pause()
            for key in query:
                await pilot.press(key)
            await pilot.pause(0.5)
            return [str(o.prompt) for o in app.screen.query_one(CommandList).options]

        assert any("Side by side" in h for h in await hits("side"))
        assert not any("screenshot" in h.lower() for h in await hits("screenshot"))
        assert not any("theme" in h.lower() for h in await hits("theme"))


async def test_every_view_words_a_storys_counts_alike(corpus):
    """"N articles · M outlets" (and "K independent sources" where wire copies
    make them fewer) is worded by summarize.render alone: the text and
    Markdown outputs, the story list, the story heading and the command
    palette all show what article_counts / coverage_line say."""
    from summarize.records import Article, Story
    from summarize.render import article_counts, coverage_line, display_text, to_text
    from tui.commands import SummarizeCommands
    from tui.data import story_prompt
    from tui.widgets.summary_view import story_heading

    wire = [Article(id=f"w{i}", text="The storm hit the town.", source=name) for i, name in enumerate(("Reuters", "Daily Planet"))]
    own = Article(id="o", text="The storm hit the town on Monday.", source="Gazette")
    story = Story(id="s", headline="Storm", articles=[*wire, own],
                  summary=Summary("extractive", [SummarySentence("The storm hit the town.")]), families=[["w0", "w1"], ["o"]])
    single = Story(id="t", headline="Rates", articles=[own], summary=Summary("extractive", [SummarySentence("Rates rose.")]))
    assert coverage_line(story) == "3 articles · 3 outlets · 2 independent sources"
    assert coverage_line(single) == article_counts(single) == "1 article · 1 outlet"
    for s in (story, single):
        assert to_text([s], width=80).splitlines()[2] == coverage_line(s)
        assert f"*{coverage_line(s)}*" in to_markdown([s]).splitlines()
        assert story_heading(s)[1][0].plain == f"{coverage_line(s)} · {s.summary.words} words"
        assert story_prompt(s).plain.splitlines()[1].startswith(article_counts(s))
    assert story_prompt(story).plain.splitlines()[1] == "3 articles · 3 outlets · 2 independent sources"

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        helps = {name: help_text for name, _, help_text, _ in SummarizeCommands(app.screen)._entries()}
        stories = app.story_list.ordered()
        assert stories
        for s in stories:
            assert helps["Story: " + display_text(s.headline)] == article_counts(s)
            assert story_prompt(s).plain.splitlines()[1].startswith(article_counts(s))


async def test_a_long_headline_takes_two_rows_of_the_list_and_its_whole_width_when_wider(tmp_path):
    """At 80 columns the list is 22 cells wide: a headline of 16 words took 4
    rows and its counts 2 more, three stories a screen (a trial).  It is cut
    to LIST_HEADLINE_ROWS rows of the list's width, in an ellipsis, and the
    cut follows the width; the reader's heading shows it whole."""
    from summarize.records import Article, Story
    from tui.data import LIST_HEADLINE_ROWS, story_prompt

    headline = "Rebel commanders said Tuesday they were poised to overrun an important government garrison in eastern Congo"
    story = Story(id="s", headline=headline, articles=[Article(id="a", text="x.")], summary=Summary("extractive", []))
    assert story_prompt(story).plain.splitlines()[0] == headline
    cut = story_prompt(story, width=22).plain.splitlines()[0]
    assert cut.endswith(" …") and headline.startswith(cut[:-2])
    assert len(textwrap.wrap(cut, 22)) == LIST_HEADLINE_ROWS
    # the counts too take one row where the whole phrase would take more
    from summarize.render import article_counts, coverage_line

    wire = Story(id="w", headline="Storm", articles=[Article(id=f"a{i}", text="x.", source=n) for i, n in enumerate(("Reuters", "AP", None))],
                 summary=Summary("extractive", []), families=[["a0", "a1"], ["a2"]])
    assert len(textwrap.wrap(coverage_line(wire), 22)) > 2
    assert story_prompt(wire, width=22).plain.splitlines()[1] == article_counts(wire)
    assert story_prompt(wire, width=40).plain.splitlines()[1] == coverage_line(wire)  # two rows: whole
    assert story_prompt(wire, width=120).plain.splitlines()[1] == coverage_line(wire)

    (tmp_path / "congo.txt").write_text(f"{headline}\n\n{headline}, the rebels' spokesman said in Goma.\n")
    app = SummarizeApp([str(tmp_path)], loader=no_model_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        narrow = [p.splitlines()[0] for p in prompts(app.query_one(StoryOptions))]
        long_one = next(p for p in narrow if p.startswith("Rebel"))
        assert long_one.endswith(" …") and len(textwrap.wrap(long_one, 22)) <= LIST_HEADLINE_ROWS
        await pilot.resize_terminal(200, 24)
        await pilot.pause()
        wide = [p.splitlines()[0] for p in prompts(app.query_one(StoryOptions))]
        assert len(next(p for p in wide if p.startswith("Rebel"))) > len(long_one)


def test_a_sentence_only_articles_of_unknown_outlet_carry_says_so():
    """"□□□ 0/3 outlets · 1 of unknown outlet" read as "nobody reports it"."""
    from summarize.coverage import sentence_coverage
    from summarize.records import Article, Story, Summary, SummarySentence
    from summarize.segment import segment_article
    from tui.data import coverage_meter

    text = "The council voted on Tuesday to close the old bridge for repairs."
    arts = [segment_article(Article(id=f"a{n}", text=text, source=source)) for n, source in enumerate(["Wire", "Post", "Times", None])]
    other = "Fireworks lit up the river on Sunday night in the old town."
    arts.append(segment_article(Article(id="u", text=other, source=None)))
    summary = Summary("extractive", [SummarySentence(other)])
    from summarize.attribute import attribute

    attribute(summary, arts, [[a.id] for a in arts], semantic=False)
    story = Story(id="s", headline="h", articles=arts, summary=summary)
    cov = sentence_coverage(story, summary)[0]
    assert coverage_meter(story, cov).plain == "□□□ 1 article of unknown outlet · none of the 3 named outlets"


def test_a_sentence_only_unknown_outlets_carry_names_the_one_named_outlet():
    """"□ 2 articles of unknown outlet · not the named outlet" left a trial asking which."""
    from summarize.attribute import attribute
    from summarize.coverage import sentence_coverage
    from summarize.records import Article, Story, Summary, SummarySentence
    from summarize.segment import segment_article
    from tui.data import coverage_meter

    text = "The council voted on Tuesday to close the old bridge for repairs."
    other = "Fireworks lit up the river on Sunday night in the old town."
    arts = [segment_article(Article(id="r", text=text, source="Reuters")),
            segment_article(Article(id="r2", text=text, source="reuters")),
            segment_article(Article(id="u1", text=other, source=None)),
            segment_article(Article(id="u2", text=other, source=None))]
    summary = Summary("extractive", [SummarySentence(other)])
    attribute(summary, arts, [[a.id] for a in arts], semantic=False)
    story = Story(id="s", headline="h", articles=arts, summary=summary)
    cov = sentence_coverage(story, summary)[0]
    assert coverage_meter(story, cov).plain == "□ 2 articles of unknown outlet · not Reuters"


def test_an_export_file_name_ends_on_a_whole_word():
    from tui.data import slug

    headline = "Putin admits China has ‘questions and concerns’ over Ukraine war in meet with Xi Jinping"
    assert slug(headline) == "putin-admits-china-has-questions-and-concerns"  # not "...-concerns-ov"
    assert slug("Storm hits Port Ellis") == "storm-hits-port-ellis"
    assert slug("x" * 80) == "x" * 48  # one long word: cut where it must be
    assert slug("«»!") == "story"


def test_raw_with_stripped_marks_removed_lines(corpus):
    from summarize.pipeline import load_articles

    articles, _ = load_articles([str(corpus / "storm" / "a.txt")])
    text = raw_with_stripped(articles[0]).plain
    assert "✗ Register now" in text


def test_raw_with_stripped_strikes_bulleted_menu_lines(tmp_path):
    """The cleaner reads "  • Trending" as "Trending": the raw view found no
    such line, so the menu showed as kept text and again, doubled, under
    "Also removed" (a TUI trial, on a seed page)."""
    from summarize.pipeline import load_articles

    menu = "".join(f"  • {item}\n" for item in ["Trending", "World", "Politics", "Opinion", "Business", "Tech", "Sports"])
    body = "\n\n".join(
        f"The council voted on Tuesday to close the old bridge over the river number {n} for repairs that will take months."
        for n in range(1, 8)
    )
    page = tmp_path / "page.txt"
    page.write_text(menu + "\n" + body + "\n\n" + menu)
    article = load_articles([str(page)])[0][0]
    assert "Trending" in article.removed
    text = raw_with_stripped(article).plain
    assert "  • Trending" not in text.replace("✗   • Trending", "")
    assert text.count("✗   • Trending") == 2
    assert "Also removed" not in text


def test_raw_with_stripped_shows_newswire_quotes_as_the_reading_view_does(tmp_path):
    """``b`` shows the input as read, but typeset like every other view:
    ``TeX quotes'' as curly ones, in kept, highlighted and stripped lines."""
    from summarize.pipeline import load_articles

    page = tmp_path / "wire.txt"
    page.write_text(
        "NEW YORK _ ``Waiting,'' a novel by Ha Jin, won the National Book Award on Wednesday night.\n\n"
        "The judges called it ``a quiet book'' about a doctor who waits eighteen years for a divorce.\n\n"
        "For Use By Clients of the New York Times News Service\n"
    )
    articles, _ = load_articles([str(page)])
    article = articles[0]
    assert article.removed
    text = raw_with_stripped(article, highlight=len(article.sentences) - 1)
    assert "``" not in text.plain and "''" not in text.plain
    assert "“Waiting,” a novel" in text.plain and "“a quiet book”" in text.plain
    highlighted = "".join(text.plain[span.start:span.end] for span in text.spans if span.style == HIGHLIGHT)
    assert "“a quiet book”" in highlighted
    assert "✗ For Use By Clients" in text.plain


async def test_mouse_click_on_citation_opens_source(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        # a click on a story in the list shows it; a click on a source in the panel opens it
        assert await pilot.click(CitationList, offset=(5, 0))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert await pilot.click("#tabs Tab#--content-tab-coverage")
        await pilot.pause()
        assert app.tabs.active == "coverage"


async def test_side_by_side_makes_room_on_a_narrow_screen(corpus):
    app = SummarizeApp([str(corpus)], loader=fake_loader(FakeCondenser()), mode="both")
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        assert not app.story_list.display  # side by side needs the width
        await pilot.press("w")
        assert app.story_list.display
    app = SummarizeApp([str(corpus)], loader=fake_loader(FakeCondenser()), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        assert app.story_list.display
        assert prompts(app.query_one("#abs-sentences", SentenceList))


async def test_fused_and_kept_sentences_are_marked(corpus, tmp_path, monkeypatch):
    """A real (tiny, random) model through the engine's fusion: it writes
    nonsense, so every sentence is kept, and the reader is told so."""
    torch = pytest.importorskip("torch")
    from transformers import LlamaConfig, LlamaForCausalLM

    from summarize import loading
    from tests.test_condense import make_tokenizer

    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZE_SEMANTIC", "0")
    folder = tmp_path / "tiny"
    tok = make_tokenizer(folder, chat=True, max_len=100_000)
    torch.manual_seed(0)
    LlamaForCausalLM(LlamaConfig(
        vocab_size=len(tok), hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, max_position_embeddings=2048, pad_token_id=0, bos_token_id=1, eos_token_id=2,
    )).save_pretrained(folder)
    loading.clear_loaded()
    app = SummarizeApp([str(corpus)], model=str(folder), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.current is not None and app.current.abstractive is not None:
                break
        summary = app.current.abstractive
        assert summary.mode == "fuse" and all(s.origin == "kept" for s in summary.sentences)
        shown = prompts(app.query_one("#abs-sentences", SentenceList))
        assert shown and all("kept verbatim" in p for p in shown)
        assert f"0 fused, {len(summary.sentences)} kept" in text_of(app.query_one("#abs-title"))
        app.query_one("#abs-sentences", SentenceList).focus()
        await pilot.pause()
        assert "kept:" in text_of(app.query_one("#cite-head"))
    loading.clear_loaded()


# ---------------------------------------------------------------------------
# issue 9: the bugs a new user hit, each pinned by a test that failed before the fix


def rendered(widget, width: int = 120) -> str:
    """A Static's content (a Rich table, say) as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open("/dev/null", "w"))
    console.print(widget.content)
    return console.export_text()


def footer_keys(app) -> dict[str, str]:
    """What the footer shows now: key display -> description."""
    from textual.widgets._footer import FooterKey

    app.screen.refresh_bindings  # noqa: B018 - the footer recomposes on the bindings signal
    return {k.key_display: k.description for k in app.screen.query(FooterKey)}


async def test_type_to_filter_keeps_the_first_letter(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for ch in "storm":  # a reader types one key at a time: focus lands between keys
            await pilot.press(ch)
            await pilot.pause()
        assert app.query_one("#filter").value == "storm"
        assert "matches “storm”" in text_of(app.query_one("#story-count"))


async def test_global_keys_work_on_the_story_list_at_launch(corpus):
    app = SummarizeApp([str(corpus)], loader=fake_loader(FakeCondenser()))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.focused, StoryOptions)
        # the launch footer says how to quit
        assert "Quit" in footer_keys(app).values()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await press_alone(pilot, "2")
        await pilot.pause()
        assert app.tabs.active == "sources"
        await press_alone(pilot, "1")
        await pilot.pause()
        assert app.tabs.active == "summary"
        app.query_one(StoryOptions).focus()
        await pilot.pause()
        await press_alone(pilot, "m")
        await loaded(pilot)
        assert app.mode == "abstractive"
        assert app.query_one("#filter").value == ""  # nothing typed into the filter
        app.query_one(StoryOptions).focus()
        await pilot.pause()
        await press_alone(pilot, "q")
    assert app.query_one is not None and app.return_code == 0 and not app.is_running


async def test_letters_still_type_in_the_filter_box(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        await pilot.pause()
        for ch in "qm1":
            await pilot.press(ch)
        await pilot.pause()
        assert app.query_one("#filter").value == "qm1" and app.mode == "extractive" and app.is_running


async def press_alone(pilot, key: str) -> None:
    """A key of its own pressed alone on the story list: it acts once no letter
    has followed it for ``story_list.KEY_OR_WORD_WAIT_S``."""
    from tui.widgets.story_list import KEY_OR_WORD_WAIT_S

    await pilot.press(key)
    await pilot.pause(KEY_OR_WORD_WAIT_S + 0.1)


async def type_fast(pilot, text: str) -> None:
    """Keys as a paste or a fast typist sends them (tmux send-keys -l): every one
    queued before the app has handled the first, no pause between them."""
    from textual import events

    driver = pilot.app._driver
    for ch in text:
        driver.send_message(events.Key({"/": "slash", " ": "space"}.get(ch, ch), ch))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("typed, expected", [
    ("interest", "interest"),  # e is a key of its own: it came after the filter had the focus
    ("/interest", "interest"),
    ("/evacuated", "evacuated"),  # / then at once a key of its own
    ("/mayor", "mayor"),
    ("mayor", "mayor"),  # m is a key of its own: a letter right behind it makes it a word (two trials' "mitch")
    ("evacuated", "evacuated"),
    ("Fireworks", "Fireworks"),  # F (the focus box) too: a trial's "Flores" opened it, empty, over the filter "lores"
])
async def test_every_letter_typed_fast_reaches_the_filter(corpus, typed, expected):
    """A trial pasted "pinochet" and got the filter "pinocht": the letters that
    are keys of their own (e) were lost while the focus moved to the filter."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.focused, StoryOptions)
        await type_fast(pilot, typed)
        assert app.query_one("#filter").value == expected
        assert app.mode == "extractive" and not isinstance(app.screen, ExportScreen)
        shown = prompts(app.query_one(StoryOptions))
        assert len(shown) == 1, shown


async def test_slash_starts_a_new_filter_over_the_one_standing(corpus):
    """Trial E: "/zzqx" with the filter "syria" standing filtered for "syriazzqx"."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for ch in "storm":
            await pilot.press(ch)
        await pilot.press("down")  # back in the list, the filter standing
        await pilot.pause()
        await type_fast(pilot, "/evacu")
        assert app.query_one("#filter").value == "evacu"
        await pilot.press("down")
        await pilot.press("slash", "end", "a")  # / then End refines the standing filter instead
        await pilot.pause()
        assert app.query_one("#filter").value == "evacua"


async def test_a_key_of_its_own_pressed_twice_fast_acts_twice(corpus):
    """"m" pressed twice, quickly, typed the word "mm" into the filter: a
    letter doubled is the key pressed twice."""
    from tui.widgets.story_list import KEY_OR_WORD_WAIT_S

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await type_fast(pilot, "mm")
        await pilot.pause(KEY_OR_WORD_WAIT_S + 0.1)
        assert app.query_one("#filter").value == ""
        assert app.mode == "both", app.mode  # extractive -> abstractive -> side by side


async def test_boilerplate_toggle_in_article_keeps_the_highlight(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = await open_first_source(pilot)
        view = screen.query_one(ArticleView)
        quote = next(c.quote for c in app.current.summary.sentences[0].citations if c.article == screen.article_id)
        await pilot.press("b")
        await pilot.pause()
        await pilot.pause()
        assert view.stripped and "✗" in view.plain()
        assert view.target is not None, "the highlighted sentence is lost in the text as read"
        spans = [s for s in view.target.content.spans if "on #f0c05a" in str(s.style)]
        marked = " ".join(view.target.content.plain[s.start : s.end] for s in spans)
        assert " ".join(marked.split()) == " ".join(quote.split())
        await pilot.press("b")
        await pilot.pause()
        assert not view.stripped and view.target is not None and quote in text_of(view.target)


async def test_a_story_left_and_read_again_while_the_model_loads_keeps_its_model(corpus):
    """The highlight left the story the model was loading for and came back
    to it (as it does when a story that sorts first arrives while the list
    is untouched): the worker replaced on the way ended cancelled and its
    message cleared the newer worker's story, so the cancel key went and the
    pane said "Cancelled" while the model was at work."""
    import threading

    loading, writing = threading.Event(), threading.Event()

    class Gated(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            writing.wait(10)
            return super().condense(story, max_words, progress, should_stop)

    def loader(spec, progress):
        loading.wait(10)
        return Gated()

    app = SummarizeApp([str(corpus)], loader=loader, mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.engine_done and app.model_story is not None:
                break
        first = app.current
        other = next(s for s in app.story_list.stories.values() if s is not first)
        app.show_story(other)
        await pilot.pause()
        app.show_story(first)
        await pilot.pause()
        loading.set()  # the replaced workers load, find they were cancelled and end
        for _ in range(20):
            await pilot.pause(0.02)
        assert app.model_story == first.id
        assert "Cancel model" in footer_keys(app).values()
        writing.set()
        await loaded(pilot)
        assert first.abstractive is not None and app.model_story is None
        assert prompts(app.query_one("#abs-sentences", SentenceList))


async def test_cancel_key_leaves_the_footer_when_the_model_is_done(corpus):
    import threading

    gate = threading.Event()

    class Gated(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            gate.wait(10)
            return super().condense(story, max_words, progress, should_stop)

    app = SummarizeApp([str(corpus)], loader=fake_loader(Gated()), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(200):  # the stories are in; the model is still at work on the first
            await pilot.pause(0.02)
            if app.engine_done and app.model_story is not None:
                break
        await pilot.pause()
        assert "Cancel model" in footer_keys(app).values()
        gate.set()  # the model finishes while the reader does nothing
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert app.current.abstractive is not None and app.model_story is None
        assert "Cancel model" not in footer_keys(app).values()


async def test_the_model_finishes_the_story_it_is_writing_when_the_reader_moves_on(corpus):
    """Leaving a story while the model writes it and coming back found the
    work thrown away and started over (a TUI trial): the model now finishes
    that story, the next one waits its turn and then gets written."""
    import threading

    gate = threading.Event()

    class Gated(FakeCondenser):
        def __init__(self):
            super().__init__()
            self.stories = []

        def condense(self, story, max_words=100, progress=None, should_stop=None):
            while not should_stop() and not gate.is_set():
                gate.wait(0.02)
            if should_stop():
                raise Cancelled("stopped")
            self.stories.append(story.id)
            return super().condense(story, max_words, progress, should_stop)

    model = Gated()
    app = SummarizeApp([str(corpus)], loader=fake_loader(model), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(500):  # the stories are in; the model is at work on the one on show (up to 10 s: a loaded CI)
            await pilot.pause(0.02)
            # settled: on a loaded machine the list's highlight messages for the stories that
            # arrived last can still be on their way, and would move the story on show after
            # the test took it as the first (the model then follows it, as the reader touched nothing)
            if (app.engine_done and app.current is not None and app.current is app.story_list.highlighted
                    and app.model_story == app.current.id):
                break
        first = app.current
        assert app.model_story == first.id
        app.query_one(StoryOptions).focus()
        await pilot.pause()
        await pilot.press("down")
        for _ in range(500):  # up to 10 s: a loaded machine (the CI's run) took over 1 s, and once over 5 s
            await pilot.pause(0.02)
            if app.current is not first:
                break
        second = app.current
        assert second is not first and app.model_story == first.id  # not cancelled
        assert "finishing" in text_of(app.query_one("#abs-progress-label"))
        gate.set()
        for _ in range(100):
            await loaded(pilot)
            if second.abstractive is not None:
                break
        assert first.abstractive is not None and second.abstractive is not None
        assert model.stories == [first.id, second.id]  # each written once
        await pilot.press("up")
        await pilot.pause()
        assert app.current is first and model.stories == [first.id, second.id]  # kept, not written again


async def test_a_focus_that_leaves_a_summary_as_it_was_keeps_its_abstractive(corpus):
    """Applying and clearing a focus re-ranks every story; one whose sentences
    come out the same keeps the model's rewrite instead of writing it again
    (a TUI trial waited a minute for the same abstractive)."""
    from tui.screens.focus_screen import FocusScreen

    model = FakeCondenser()
    app = SummarizeApp([str(corpus)], loader=fake_loader(model), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        story = app.current
        assert story.abstractive is not None
        written, calls = story.abstractive, model.calls
        for question in ("zebra quantum entanglement", ""):  # matches nothing; then the general summaries
            await press_alone(pilot, "F")
            await pilot.pause()
            assert isinstance(app.screen, FocusScreen)
            await pilot.press("ctrl+u", *[ch if ch != " " else "space" for ch in question], "enter")
            await loaded(pilot)
            assert app.current is story and story.abstractive is written and model.calls == calls


async def test_a_focus_that_changes_a_summary_keeps_the_earlier_abstractive_until_r(corpus):
    """A focus that changed the summary started the model again at once, minutes
    of work in side by side (trial D): the earlier rewrite stays on show, marked
    as written before the focus, and r writes it again."""
    from tui.screens.focus_screen import FocusScreen

    model = FakeCondenser()
    # 30 words: room for two of the bank story's five sentences, so the focus changes which
    app = SummarizeApp([str(corpus)], Options(max_words=30), loader=fake_loader(model), mode="both", state_path=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        bank = next(s for s in app.story_list.stories.values() if "rate" in s.headline.lower() or "bank" in s.headline.lower())
        app.goto_story(bank.id)
        await loaded(pilot)
        assert bank.abstractive is not None
        written, calls = bank.abstractive, model.calls
        assert not app.check_action("rewrite", ())  # nothing earlier to rewrite
        await press_alone(pilot, "F")
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        await pilot.press("ctrl+u", *[ch if ch != " " else "space" for ch in "mortgage lenders"], "enter")
        await loaded(pilot)
        assert app.current is bank and bank.summary.focus == "mortgage lenders"
        assert model.calls == calls and bank.abstractive is None  # not started again, not exported as this summary's
        title = text_of(app.query_one("#abs-title"))
        assert "before the focus" in title and "r rewrites" in title
        assert app.summary_view.abstractive.sentences.summary is written  # the earlier one stays on show
        assert app.check_action("rewrite", ())
        app.action_rewrite()
        await loaded(pilot)
        assert model.calls == calls + 1 and bank.abstractive is not None and bank.abstractive is not written
        assert "before the focus" not in text_of(app.query_one("#abs-title"))
        # back to the general summaries: their own rewrite stands again, not written a third time
        await press_alone(pilot, "F")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        await loaded(pilot)
        assert model.calls == calls + 1 and bank.abstractive is written
        assert "before the focus" not in text_of(app.query_one("#abs-title")) and not app.check_action("rewrite", ())


async def test_a_focus_on_one_story_says_so_in_words_for_one(corpus):
    """"1 of 1 story answers it · it comes first" (trial F)."""
    app = SummarizeApp([str(corpus / "bank")], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app._focus_chosen("mortgage lenders")
        await loaded(pilot)
        status = text_of(app.query_one("#status-label"))
        assert "the story answers it" in status and "1 of 1" not in status and "comes first" not in status


async def test_a_focus_that_matches_nothing_keeps_the_reader_on_the_story(corpus):
    """A focus no story touches moved the reader to the first story."""
    from tui.screens.focus_screen import FocusScreen

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        first = app.story_list.highlighted
        await pilot.press("down")
        await pilot.pause()
        story = app.current
        assert story is not first and app.story_list.highlighted is story
        await press_alone(pilot, "F")
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        await pilot.press(*"zebra quantum entanglement", "enter")
        await loaded(pilot)
        assert app.options.focus == "zebra quantum entanglement"
        assert "no story answers it" in text_of(app.query_one("#status-label"))
        assert app.current is story and app.story_list.highlighted is story


async def test_side_by_side_next_story_has_no_stale_abstractive_title(corpus):
    import threading

    hold, gate = threading.Event(), threading.Event()

    class SecondStoryWaits(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            # the story moved to: wait (the reader sees the pane meanwhile)
            if hold.is_set():
                while not should_stop() and not gate.is_set():
                    gate.wait(0.02)
            return super().condense(story, max_words, progress, should_stop)

    app = SummarizeApp([str(corpus)], loader=fake_loader(SecondStoryWaits()), mode="both")
    async with app.run_test(size=(160, 40)) as pilot:
        await loaded(pilot)
        first = app.current
        # until the reader's first key, a story that arrives at the top of the list is shown and
        # summarised; on a busy machine the next story had been written so (the flaky form of
        # this test): the story moved to must be one the model has not written
        for story in app.story_list.stories.values():
            if story is not first:
                story.abstractive = None
        hold.set()
        assert "1 unsupported" in text_of(app.query_one("#abs-title"))
        app.query_one(StoryOptions).focus()
        await pilot.press("down")
        await pilot.pause()
        await pilot.pause()
        assert app.current is not first
        title = text_of(app.query_one("#abs-title"))
        assert "unsupported" not in title and "fake-model" not in title
        assert "Cancel model" in footer_keys(app).values()
        gate.set()
        await loaded(pilot)
        assert "Cancel model" not in footer_keys(app).values()


async def test_export_asks_before_overwriting_and_shows_the_full_path(corpus, tmp_path, monkeypatch):
    from tui.screens.confirm_screen import ConfirmScreen

    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "out.md"
    existing.write_text("keep me", encoding="utf-8")
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        await pilot.press("e")
        await pilot.pause()
        assert str(tmp_path) in text_of(app.screen.query_one("#export-target"))  # the full path, not a bare name
        app.screen.query_one("#export-path").value = "out.md"
        await pilot.pause()
        assert str(existing) in text_of(app.screen.query_one("#export-target"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert existing.read_text(encoding="utf-8") == "keep me"
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, (ExportScreen, ConfirmScreen))
        assert existing.read_text(encoding="utf-8") == to_markdown([app.current])
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.md")]  # no temporary left


def _line_of_highlight(option_list) -> tuple[int, int, int]:
    """(first line of the highlighted option, first visible line, visible lines)."""
    return (
        option_list._index_to_line[option_list.highlighted],
        round(option_list.scroll_offset.y),
        option_list.scrollable_content_region.height,
    )


async def test_resize_keeps_the_current_sentence_in_view(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(160, 45)) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        ext = app.query_one("#ext-sentences", SentenceList)
        last = ext.option_count - 1
        assert last >= 2
        for _ in range(last):
            await pilot.press("down")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert f"Sentence {last + 1} of {last + 1}" in text_of(app.query_one("#cite-head"))
        line, top, height = _line_of_highlight(ext)
        assert height > 0 and top <= line < top + height, (line, top, height)
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await pilot.pause()
        line, top, height = _line_of_highlight(ext)
        assert height >= 2, "the sentence list has no height"
        assert top <= line < top + height


async def test_only_input_empty_says_so_in_the_title(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    app = SummarizeApp([str(empty)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "No usable article" in text_of(app.query_one("#status-label"))
        assert app.sub_title != "reading…" and "no usable article" in app.sub_title


def test_the_launcher_exits_1_when_no_input_was_usable(tmp_path, capsys, monkeypatch):
    """The UI said "No usable article", but once the reader quit, the shell saw
    exit 0 and nothing on stderr: a script could not tell. Now the launcher
    repeats why on stderr and exits 1, as the CLI does."""
    from tui.__main__ import main as tui_main

    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    run = SummarizeApp.run

    async def quit_once_loaded(pilot):
        await loaded(pilot)
        await pilot.press("q")

    monkeypatch.setattr(SummarizeApp, "run", lambda self, **kw: run(self, headless=True, auto_pilot=quit_once_loaded, **kw))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)  # as in a terminal: the launcher refuses a pipe
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert tui_main([str(empty)]) == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "no usable article in the input" in err


async def test_skipped_inputs_stay_visible_and_are_listed_in_the_palette(corpus, tmp_path):
    from textual.widgets._toast import Toast

    from tui.commands import SummarizeCommands
    from tui.screens.skipped_screen import SkippedScreen

    deep = tmp_path / ("a-folder-with-a-long-name-" * 3)  # a path longer than the screen is wide
    deep.mkdir()
    bad = deep / "bad.jsonl"
    bad.write_text('{"text": "A fine record about a storm in the harbour town."}\nnot json at all\n', encoding="utf-8")
    app = SummarizeApp([str(corpus), str(bad)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.problems and "bad.jsonl" in app.problems[0][0]
        assert not app.screen.query(Toast), "a toast covers the status line and the progress bar"
        assert "skipped" in text_of(app.query_one("#status-label"))
        provider = SummarizeCommands(app.screen)
        entries = {name: callback for name, _, _, callback in provider._entries()}
        assert "Skipped inputs" in entries
        await entries["Skipped inputs"]()
        await pilot.pause()
        assert isinstance(app.screen, SkippedScreen)
        shown = rendered(app.screen.query_one("#skipped-list"))
        lines = [line.rstrip() for line in shown.splitlines()]
        reason = next(i for i, line in enumerate(lines) if "invalid JSON" in line)
        # the file's name on a line of its own, then its folder, folded whole over the lines above
        # the reason: no reason between its pieces
        assert lines[0] == "bad.jsonl:2"
        assert "".join(lines[1:reason]) == f"{deep}/"


def test_summarize_tui_passes_timing_through(monkeypatch, tmp_path):
    import sys

    from summarize import cli

    called = {}

    def fake_execv(path, args):
        called["args"] = args
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execv", fake_execv)
    timing = str(tmp_path / "t.jsonl")
    with pytest.raises(SystemExit):
        cli.main(["--tui", "--timing", timing, str(tmp_path)])
    assert called["args"][:3] == [sys.executable, "-m", "tui"]
    assert "--timing" in called["args"] and timing in called["args"] and "--tui" not in called["args"]
    from tui.__main__ import build_parser

    assert build_parser().parse_args(called["args"][3:]).timing == timing


async def test_terminal_control_sequences_never_reach_the_screen(tmp_path):
    """Article text, titles, outlets and file names carrying escape sequences
    (clear screen, window title, colours): none of it is painted, on any view."""
    import re

    control = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    inject = "\x1b[2J\x1b]0;pwned\x07"
    folder = tmp_path / "pile"
    folder.mkdir()
    records = [
        {"id": "e1", "title": f"Storm {inject}hits the harbour", "source": f"Evil{inject} Outlet",
         "text": f"A powerful storm {inject}struck the harbour town of Port Ellis on Monday night.\n\n"
                 "The mayor said the water rose \x9b31mfaster than ever\x1b[0m before dawn, and\x07 bells rang."},
        {"id": "e2", "title": "Storm hits the harbour", "source": "Plain Times",
         "text": "A powerful storm struck the harbour town of Port Ellis on Monday night. Thousands left their homes."},
    ]
    (folder / "feed\x1b[31m.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\nnot json \x1b]0;x\x07\n", encoding="utf-8")
    app = SummarizeApp([str(folder)], loader=no_model_loader)

    def painted() -> str:
        return "\n".join(strip.text for strip in app.screen._compositor.render_strips())

    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        assert app.problems and "feed.jsonl:3" in app.problems[0][0]
        seen = [painted()]
        await pilot.press("enter")
        await pilot.pause()
        seen.append(painted())
        story = app.current
        assert story is not None
        texts = [a.text for a in story.articles] + [story.headline] + [a.title or "" for a in story.articles]
        assert not any(control.search(t) for t in texts)
        for s in story.summary.sentences:  # quotes are still verbatim slices of the text shown
            for c in s.citations:
                assert c.quote in story.article(c.article).text
        for key in ("2", "3"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            seen.append(painted())
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")  # open the cited source
        await pilot.pause()
        await pilot.pause()
        seen.append(painted())
        shown = "\n".join(seen)
        assert "struck the harbour town" in shown and "Evil Outlet" in shown
        assert not control.search(shown), [m.group() for m in control.finditer(shown)][:5]
        for junk in ("[2J", "]0;pwned", "31m", "[0m"):
            assert junk not in shown, junk


# ---------------------------------------------------------------------------
# find in a story and in an article


def found_spans(widget) -> list[str]:
    text = widget.content
    return [text.plain[s.start : s.end] for s in text.spans if str(s.style) == FOUND]


async def test_find_in_story_walks_summary_then_sources(corpus):
    from tui.widgets.find_bar import FindBar

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "evacu")
        story = app.current
        bar = app.query_one("#story-find", FindBar)
        assert not bar.display
        await pilot.press("f")
        await pilot.pause()
        assert bar.display
        for ch in "MAYOR":  # any case
            await pilot.press(ch)
        await pilot.pause()
        holding = [
            (a.id, s.index) for a in story.articles for s in a.sentences if "mayor" in a.text[s.start : s.end].lower()
        ]
        in_summary = [n for n, s in enumerate(story.summary.sentences) if "mayor" in s.text.lower()]
        total = len(in_summary) + len(holding)
        assert len(holding) >= 2, "both storm pages quote the mayor"
        count = text_of(bar.query_one(".find-count"))
        assert count.startswith(f"1 of {total}")
        # the first match is a summary sentence: highlighted, the term marked
        ext = app.query_one("#ext-sentences", SentenceList)
        assert in_summary and app.tabs.active == "summary" and ext.highlighted == in_summary[0]
        assert "Mayor" in [o.prompt.plain[s.start : s.end] for o in ext.options for s in o.prompt.spans if str(s.style) == FOUND]
        # Enter walks on into the sources: the article holding the next match, its sentence highlighted
        for _ in range(len(in_summary)):
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        assert app.tabs.active == "sources"
        view = app.sources_view.query_one(ArticleView)
        assert view.article.id == holding[0][0] and view.highlight == holding[0][1]
        assert any("Mayor" in found_spans(p) for p in view.query("Paragraph"))
        assert text_of(bar.query_one(".find-count")).startswith(f"{len(in_summary) + 1} of {total}")
        # ↑ goes back; Esc closes and clears the marks
        await pilot.press("up")
        await pilot.pause()
        assert app.tabs.active == "summary"
        await pilot.press("escape")
        await pilot.pause()
        assert not bar.display
        assert not any(str(s.style) == FOUND for o in ext.options for s in o.prompt.spans)


def visible_text(view: ArticleView) -> str:
    """The article view's text as it is on screen now (its rows in the scroll window)."""
    from textual.geometry import Region

    top, height = round(view.scroll_y), view.scrollable_content_region.height
    out = []
    for para in view.query("Paragraph"):
        region = para.virtual_region
        first, last = max(top, region.y), min(top + height, region.bottom)
        if first < last:
            out += [strip.text for strip in para.render_lines(Region(0, first - region.y, region.width, last - first))]
    return "\n".join(out)


async def test_find_scrolls_to_a_match_deep_in_a_long_paragraph(corpus):
    """At 80x24 find said "2 of 7 · APW" and showed source [5] at its top: the
    article was one paragraph, the match 40 lines down it, out of sight."""
    (corpus / "talks").mkdir()
    body = " ".join(f"Delegates met for session {n} of the harbour talks on Monday morning." for n in range(1, 40))
    (corpus / "talks" / "long.txt").write_text(
        "Harbour talks drag on\n\n" + body + " The last session named Zanzibar as the next host city.\n", encoding="utf-8")
    (corpus / "talks" / "short.txt").write_text(
        "Harbour talks go on\n\nDelegates met for session 1 of the harbour talks on Monday morning.\n", encoding="utf-8")
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await open_story(pilot, "harbour")
        await pilot.press("2", "f", *"zanzibar")
        await pilot.pause()
        while app.tabs.active != "sources":  # a summary sentence may hold it first
            await pilot.press("enter")
            await pilot.pause()
        await pilot.pause()
        await pilot.pause()
        view = app.sources_view.query_one(ArticleView)
        assert view.article.id.endswith("long.txt") or "Zanzibar" in view.plain()
        assert view.scroll_y > 0
        assert "Zanzibar" in visible_text(view)  # in sight, and marked
        assert any("Zanzibar" in found_spans(p) for p in view.query("Paragraph"))


async def test_find_nothing_says_so_and_f_filters_on_the_story_list(corpus):
    from tui.widgets.find_bar import FindBar

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f", "i", "r")  # on the story list, f starts the filter ("fireworks")
        await pilot.pause()
        assert app.query_one("#filter").value == "fir"
        assert not app.query_one("#story-find", FindBar).display
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+f")
        for ch in "zebra":
            await pilot.press(ch)
        await pilot.pause()
        assert text_of(app.query_one("#story-find").query_one(".find-count")) == "no match"


async def test_find_in_article_moves_between_its_sentences(corpus):
    from tui.widgets.find_bar import FindBar

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = await open_first_source(pilot)
        article = screen.story.article(screen.article_id)
        holding = [s.index for s in article.sentences if "the" in article.text[s.start : s.end].lower().split()]
        assert len(holding) >= 2
        await pilot.press("f")
        await pilot.press("t", "h", "e")
        await pilot.pause()
        bar = screen.query_one(FindBar)
        first = text_of(bar.query_one(".find-count"))
        assert " of " in first
        start = screen.sentence_index
        await pilot.press("down")
        await pilot.pause()
        assert screen.sentence_index != start
        view = screen.query_one(ArticleView)
        assert view.highlight == screen.sentence_index and view.find_term == "the"
        await pilot.press("escape")  # closes the find box, stays on the article
        await pilot.pause()
        assert app.screen is screen and not bar.display and view.find_term is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


# ---------------------------------------------------------------------------
# links and copy


async def test_links_open_only_http_and_copy_quotes(corpus, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await open_story(pilot, "boom")
        story = app.current
        by_source = {a.source: a for a in story.articles}
        safe, unsafe = by_source["Plain Times"], by_source[MARKUP_SOURCE]
        # y: the summary sentence with each source's quote and credit
        await pilot.press("y")
        await pilot.pause()
        first = story.summary.sentences[0]
        copied = app.clipboard
        assert copied.startswith(first.text) and "— [" in copied
        assert all(c.quote in copied for c in first.citations)
        # the sources view: the link is shown, u opens it, c copies it
        await pilot.press("2")
        await pilot.pause()
        sources = app.sources_view
        box = sources.query_one("#source-list")
        box.highlighted = [a.id for a in story.articles].index(safe.id)
        await pilot.pause()
        assert "https://news.example/fireworks" in sources.query_one(ArticleView).plain()
        await pilot.press("u")
        await pilot.pause()
        assert opened == ["https://news.example/fireworks"]
        await pilot.press("c")
        assert app.clipboard == "https://news.example/fireworks"
        # a javascript: link is data: never opened, never copied as a link
        box.highlighted = [a.id for a in story.articles].index(unsafe.id)
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert opened == ["https://news.example/fireworks"]
        app.copy_to_clipboard("")
        await pilot.press("c")
        assert "javascript" not in app.clipboard


async def test_article_screen_copies_the_highlighted_quote(corpus):
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = await open_first_source(pilot)
        article = screen.story.article(screen.article_id)
        sent = article.sentences[screen.sentence_index]
        await pilot.press("y")
        assert app.clipboard.startswith("“" + article.text[sent.start : sent.end] + "”")
        assert article.source in app.clipboard


def test_link_of_refuses_what_a_browser_should_not_open():
    from summarize.records import Article
    from tui.data import link_of

    ok = "https://example.com/a?b=1"
    assert link_of(Article(id="a", text="x", url=ok)) == ok
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "https://exa mple.com", "http://x\x1b]8;;", "//host/x",
                "https://", None]:
        assert link_of(Article(id="a", text="x", url=bad)) is None, bad


async def test_keys_help_and_palette_come_from_one_registry(corpus):
    """Every key the help screen lists is bound, and every palette action exists."""
    from tui.actions import ACTIONS, palette_actions
    from tui.screens.article_screen import ArticleScreen as Screen_
    from tui.widgets.story_list import FilterInput

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        owners = {"app": app, "article": Screen_, "stories": StoryOptions, "filter": FilterInput,
                  "sentences": SentenceList, "citations": CitationList}
        for action in ACTIONS:
            if action.scope in ("doc", "find") or not action.action:
                continue
            name = action.action.split("(")[0]
            owner = owners[action.scope]
            assert hasattr(owner, f"action_{name}"), f"{action.scope}: no action_{name}"
        assert {a.label for a in palette_actions()} >= {"Find in story", "Copy link", "Open link", "Skipped inputs"}
        await pilot.press("question_mark")
        await pilot.pause()
        from rich.console import Console

        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-keys").content)
        shown = console.export_text()
        for keys in ("f / Ctrl+F", "y", "n  p", "Esc / Backspace"):
            assert keys in shown


async def test_help_names_every_key_that_acts_instead_of_filtering(corpus):
    """On the story list a letter or digit either starts the filter or, when
    the app binds it (q, m, e...), does its job; the help's Filter row names
    exactly the second kind, so "mitch" is known to need "/" first."""
    import string

    from textual import events

    from tui.actions import ACTIONS
    from tui.widgets.story_list import LIST_LETTERS

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        options = app.query_one(StoryOptions)
        assert app.focused is options
        acting = {ch for ch in string.ascii_letters + string.digits if options._active_binding(events.Key(ch, ch)) is not None}
        assert {"q", "m", "e", "N"} <= acting and not {"f", "s", "p"} & acting
        row = next(a.help for a in ACTIONS if a.scope == "doc" and a.label == "Filter")
        named = {w for w in row.split("(")[-1].split(")")[0].replace(";", " ").split() if len(w) == 1}
        app_keys = {k for a in ACTIONS if a.scope == "app" and a.action not in LIST_LETTERS
                    for k in a.keys.split(",") if len(k) == 1}
        # b and x act only when they can (the sources view, a running model); else they type
        assert acting <= named <= app_keys, (acting, named)
        # and they do act: "m" cycles the summary, "s" starts the filter
        await press_alone(pilot, "m")
        assert app.mode != "extractive" and not app.query_one("#filter").value
        await pilot.press("slash", "m", "i")
        await pilot.pause()
        assert app.query_one("#filter").value == "mi"


# ---------------------------------------------------------------------------
# remembered between runs


async def test_theme_mode_and_story_are_remembered(corpus, tmp_path):
    saved = tmp_path / "state" / "tui.json"
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=saved)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.mode == "extractive"
        left_on = app.story_list.ordered()[1]  # not the story a first run opens on
        app.goto_story(left_on.id)
        await pilot.pause()
        assert app.current is left_on
        await pilot.press("d")
        theme = app.theme
        app.action_set_mode("both")
        await pilot.pause()
    assert json.loads(saved.read_text())["mode"] == "both"

    again = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=saved)
    async with again.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert again.theme == theme and again.mode == "both"
        assert again.current.headline == left_on.headline
        assert again.story_list.highlighted.headline == left_on.headline
    # a flag on the command line wins over the remembered mode; a damaged file is a first run
    saved.write_text("{not json", encoding="utf-8")
    third = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=saved, mode="extractive")
    async with third.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert third.mode == "extractive" and third.current is third.story_list.ordered()[0]


# ---------------------------------------------------------------------------
# the news desk's store


async def test_tui_reads_the_desk_with_new_marks_and_remembers_reading(corpus, tmp_path, capsys):
    from summarize.cli import main as cli_main
    from summarize.store import Store

    db = tmp_path / "desk.sqlite3"
    assert cli_main(["add", "--db", str(db), "-q", str(corpus / "storm"), str(corpus / "bank")]) == 0
    with Store(db) as store:
        listed = store.stories()
        assert len(listed) == 2
        bank = next(s.story for s in listed if "bank" in s.story.headline.lower() or "rate" in s.story.headline.lower())
        store.mark_read([bank.id])
    app = SummarizeApp([], loader=no_model_loader, store=db, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = prompts(app.query_one(StoryOptions))
        assert len(shown) == 2
        assert sum(p.startswith("● new") for p in shown) == 1
        assert not any(p.startswith("●") for p in shown if bank.headline in p)
        assert "1 unread" in text_of(app.query_one("#story-count"))
        # the why-together line of the desk
        storm = next(s for s in app.story_list.stories.values() if s.id != bank.id)
        app.goto_story(storm.id)
        await pilot.pause()
        assert "why together:" in text_of(app.query_one("#story-heading"))
        # opening the new story marks it read, in the store too
        await pilot.press("escape")
        app.story_list.select(storm.id)
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(p.startswith("●") for p in prompts(app.query_one(StoryOptions)))
    with Store(db) as store:
        assert {s.status for s in store.stories()} == {"read"}


def test_tui_without_paths_needs_a_desk(tmp_path, capsys):
    from tui.__main__ import main as tui_main

    assert tui_main(["--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert tui_main([]) == 2
    assert "summarize add" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# focus box


async def test_a_focus_one_story_only_touches_is_told_in_the_singular(corpus):
    """"1 of 5 stories touch on it · they come first" (the sixteenth session's
    tmux check): one story is "touches" and "it"."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=(160, 30)) as pilot:
        await loaded(pilot)
        app.goto_story(app.story_list.ordered()[0].id)  # on the reader: on the list, letters filter it
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        for ch in "mortgage lenders and tulip farmers in the desert":  # the bank story has 2 of its 5 terms: it touches it
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = text_of(app.query_one("#status-label"))
        assert "no story answers most of it" in status
        assert "1 of 3 stories touches on it · it comes first" in status


async def test_focus_box_refocuses_summaries_and_orders_stories(corpus):
    from tui.screens.focus_screen import FocusScreen

    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        generic = {s.id: s.summary for s in app.story_list.stories.values()}
        assert all(s.focus is None for s in generic.values())
        storm = next(s for s in app.story_list.stories.values() if "storm" in s.headline.lower())
        app.goto_story(storm.id)  # the reader is on a story that does not answer the focus
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)
        for ch in "mortgage lenders":
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = app.story_list.ordered()[0]
        assert "rate" in first.headline.lower() or "bank" in first.headline.lower()
        assert app.current is first and app.story_list.highlighted is first  # the reader lands on it
        assert first.summary.focus == "mortgage lenders" and first.summary.note is None
        assert any("Mortgage lenders" in s.text for s in first.summary.sentences)
        assert all(c.quote for s in first.summary.sentences for c in s.citations)  # still cited
        heading = text_of(app.query_one("#story-heading"))
        assert "focus: mortgage lenders" in heading
        assert "1 of 3 stories answers it" in text_of(app.query_one("#status-label"))
        # narrower, the status line keeps what it found whole, the question's words and the order left
        # out (at 80 columns it had ended "… (it comes …")
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert text_of(app.query_one("#status-label")) == "focus “mortgage lenders” · 1 of 3 stories answers it"
        await pilot.resize_terminal(40, 24)
        await pilot.pause()
        assert text_of(app.query_one("#status-label")) == "focus · 1 of 3 stories answers it"
        # a story that does not answer it keeps its general summary, with a note
        other = next(s for s in app.story_list.stories.values() if s is not first)
        assert other.summary.note and other.summary.sentences
        # an empty box: the general summaries again
        await pilot.press("F")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert all(s.summary.focus is None for s in app.story_list.stories.values())
        assert [s.text for s in first.summary.sentences] == [s.text for s in generic[first.id].sentences]
        # the general summaries come back as they were, not ranked again (a trial waited 25 s for them)
        assert all(s.summary is generic[s.id] for s in app.story_list.stories.values())


async def test_updated_desk_story_opens_on_what_is_new(corpus, tmp_path):
    from summarize.cli import main as cli_main
    from summarize.store import Store

    db = tmp_path / "desk.sqlite3"
    assert cli_main(["add", "--db", str(db), "-q", str(corpus / "storm" / "a.txt")]) == 0
    with Store(db) as store:
        store.mark_read()
    assert cli_main(["add", "--db", str(db), "-q", str(corpus / "storm" / "b.txt")]) == 0
    with Store(db) as store:
        assert [s.status for s in store.stories()] == ["updated"]
        read = store.read_article_ids()
    app = SummarizeApp([], loader=no_model_loader, store=db, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        story = app.current
        assert prompts(app.query_one(StoryOptions))[0].startswith("◐ updated")
        assert story.summary.seen == 1 and story.summary.sentences
        # every sentence of the new summary is carried by the article added since
        (added_id,) = [a.id for a in story.articles if a.id not in read]
        assert all(added_id in {c.article for c in s.citations} for s in story.summary.sentences)
        added = app.since_read[story.id]
        assert added.new is story.summary and added.whole.seen == 0
        assert "new since read: what 1 new article adds · N: whole story" in text_of(app.query_one("#story-heading"))
        await pilot.press("enter", "N")
        await pilot.pause()
        assert story.summary is added.whole
        assert "new since you read it" not in text_of(app.query_one("#story-heading"))
        # the whole story says it is the whole story, and how to go back (a trial found no label)
        assert "the whole story · N: only what is new" in text_of(app.query_one("#story-heading"))
        await pilot.press("N")
        await pilot.pause()
        assert story.summary is added.new


async def test_a_dialog_dismissed_before_it_mounts_does_not_crash(corpus):
    """Esc typed ahead of a slow screen (the model loading on a busy machine):
    the dialog is gone before its mount handlers run; the app carries on."""
    from tui.screens.confirm_screen import ConfirmScreen
    from tui.screens.focus_screen import FocusScreen

    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for screen in (ExportScreen("x.md", "h"), FocusScreen(None), ConfirmScreen("Replace?")):
            app.push_screen(screen)
            screen.dismiss(None)
            await pilot.pause(0.2)
            assert app.is_running and app.return_code is None, type(screen).__name__
        # and a dialog shown normally still takes the focus where it should
        await press_alone(pilot, "e")
        assert app.focused is app.screen.query_one("#export-path")


async def test_an_article_dismissed_before_it_mounts_does_not_crash(corpus):
    """Back (Esc, Backspace, q) typed ahead of a slow article screen: the screen is
    gone before its header and view have mounted.  Textual's own Header then looked
    up a title that was never mounted (NoMatches); the app must carry on."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        story = app.current
        for close in (lambda screen: screen.dismiss(), lambda screen: app.pop_screen(), lambda screen: screen.action_back()):
            screen = ArticleScreen(story, story.articles[0].id, 0)
            app.push_screen(screen)
            close(screen)
            await pilot.pause(0.2)
            assert app.is_running and app.return_code is None
            assert not isinstance(app.screen, ArticleScreen)
        # an article opened the ordinary way still shows its text and the screen's title
        screen = await open_first_source(pilot)
        assert "Port Ellis" in screen.query_one(ArticleView).plain()
        assert "source" in text_of(screen.query_one("HeaderTitle"))
        assert app.focused is screen.query_one(ArticleView)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ArticleScreen)


async def test_quitting_while_an_article_opens_does_not_crash(corpus):
    """Ctrl+Q typed ahead of a slow article screen: the app exits cleanly."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        story = app.current
        app.push_screen(ArticleScreen(story, story.articles[0].id, 0))
        app.exit()
        await pilot.pause(0.2)
    assert app.return_code == 0


LONG_HEADLINE = (
    "Storm hits coastal town of Port Ellis as thousands are evacuated before dawn, "
    "schools close until Friday and power is cut to most homes along the harbour"
)


def shown_lines(widget) -> list[str]:
    """The lines a widget puts on the screen now (what max-height leaves visible)."""
    return ["".join(segment.text for segment in widget.render_line(y)).rstrip() for y in range(widget.size.height)]


async def test_a_long_headline_leaves_the_focus_line_in_sight_at_80_columns(tmp_path):
    """At 80x24 the heading's few lines went to a wrapped headline and the
    "focus: ..." line under it was cut off: the headline gives way instead."""
    root = tmp_path / "corpus"
    (root / "storm").mkdir(parents=True)
    (root / "storm" / "a.txt").write_text(
        PAGE_A.replace("Storm hits coastal town, thousands evacuated", LONG_HEADLINE).split("trust\n", 1)[1],
        encoding="utf-8",
    )
    (root / "storm" / "b.txt").write_text(
        PAGE_B.replace("Storm forces mass evacuation in Port Ellis", LONG_HEADLINE), encoding="utf-8"
    )
    app = SummarizeApp([str(root)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        assert app.current.headline == LONG_HEADLINE
        assert app.story_list.display  # the reader beside the story list: about 50 columns
        await press_alone(pilot, "F")
        await pilot.pause()
        for ch in "mayor ann lee":
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await loaded(pilot)
        heading = app.query_one("#story-heading")
        lines = shown_lines(heading)
        assert any(line.strip().startswith("focus: mayor ann lee") for line in lines), lines
        assert lines[0].strip().startswith("Storm hits coastal town")  # the headline still leads
        assert any(line.endswith("…") for line in lines), lines  # cut, and marked as cut
        # the whole headline is still the story's, for export and the story list
        assert app.current.headline == LONG_HEADLINE


def test_fit_heading_cuts_only_the_headline():
    from rich.text import Text

    from tui.widgets.summary_view import fit_heading

    headline = Text("one two three four five six seven eight nine ten")  # 3 lines at 20 cells
    about = [Text("2 outlets · 40 words"), Text("focus: who said what")]
    fitted = fit_heading(headline, about, width=20, max_lines=4).plain.split("\n")
    assert fitted == ["one two three four", "five six seven…", "2 outlets · 40 words", "focus: who said what"]
    # a headline that fits is left whole; with no room left it keeps one line
    assert fit_heading(headline, about, 20, 5).plain.split("\n")[0] == headline.plain
    assert fit_heading(headline, about * 3, 20, 4).plain.split("\n")[0] == "one two three four…"
    # no width yet (before the first layout): nothing is cut
    assert fit_heading(headline, about, 0, 4).plain.split("\n")[0] == headline.plain
    # one line on a short terminal: one ellipsis, not the cut headline's and another ("sign……", a trial)
    short = Text("Putin acknowledges China's concerns over Ukraine in sign of friction")
    assert fit_heading(short, about[:1], 60, 1).plain == "Putin acknowledges China's concerns over Ukraine in sign…"
    # lines about the story that need more than the cap end in an ellipsis, not out of sight
    note = Text("new since you read it · every article here was already read")
    fitted = fit_heading(headline, about + [note], 20, 4).plain.split("\n")
    assert len(fitted) == 4 and fitted[-1].endswith("…") and all(len(line) <= 20 for line in fitted)
    # cut after the most whole words that fit the rows left, spacing kept as written
    from textual.content import Content

    spaced = Text("new  since  you read it ·  every article here was already read")
    fitted = fit_heading(headline, [spaced], 20, 3).plain.split("\n")
    assert fitted[0] == "one two three four…" and fitted[1] == "new  since  you read it ·  every article…"
    assert len(Content(fitted[1]).wrap(20)) == 2


def screen_line(widget) -> str:
    """A one-line widget's row as the screen shows it."""
    from textual.geometry import Region

    return widget.render_lines(Region(0, 0, widget.outer_size.width, 1))[0].text.strip()


async def test_one_line_labels_end_in_an_ellipsis_at_80_columns(corpus, tmp_path):
    """At 80 columns the status line ended "first story in 5.87 s, all" and the
    export dialog's headline 'accused of being "o': cut with no ellipsis.  The
    status line now leaves out its timings, then shortens its notes, to fit
    (a later trial read "(Ctrl+P › Skipp…")."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A fine record about a storm in the harbour town."}\nnot json at all\n', encoding="utf-8")
    (corpus / "storm" / "a.txt").write_text(PAGE_A.replace(
        "Storm hits coastal town, thousands evacuated\n\nStorm hits coastal town, thousands evacuated",
        "Storm hits coastal town, thousands evacuated as the mayor orders every resident of the harbour quarter out "
        "before dawn"), encoding="utf-8")
    (corpus / "storm" / "b.txt").write_text(PAGE_B.replace(
        "Storm forces mass evacuation in Port Ellis",
        "Storm forces mass evacuation in Port Ellis as the mayor orders every resident of the harbour quarter out "
        "before dawn"), encoding="utf-8")
    app = SummarizeApp([str(corpus), str(bad)], loader=no_model_loader)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        status = app.query_one("#status-label")
        said = text_of(status)
        assert "1 input skipped (Ctrl+P › Skipped inputs)" in said and "first story in" not in said
        assert screen_line(status) == said  # whole, no ellipsis
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        said = text_of(status)
        assert said.endswith(" s") and said.index("skipped") < said.index("first story in")
        await pilot.resize_terminal(50, 24)
        await pilot.pause()
        assert text_of(status).endswith("1 input skipped (Ctrl+P)")
        # whole at 50 columns: the stories without their articles (in the header); trial E's
        # 60 columns showed "72 stories from 1,124 articles · 1 copy left out · 39 inpu…"
        assert screen_line(status) == text_of(status), screen_line(status)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await open_story(pilot, "evacu")
        assert len(app.current.headline) > 72
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        title = screen_line(app.screen.query_one("#export-headline"))
        assert title.endswith("…") and app.current.headline.startswith(title[:-1].rstrip())


def test_a_rewrite_of_one_source_is_labelled_shortened_not_fused():
    """The list and the sources panel call a verified rewrite "fused" only
    when more than one article reports its sentence; from one, "shortened"."""
    from summarize.attribute import attribute
    from summarize.records import Article, Story, Summary, SummarySentence
    from summarize.segment import segment_article
    from tui.data import sentence_prompt

    wire = "A storm struck the town of Port Ellis on Monday, and thousands of residents fled inland."
    arts = [
        segment_article(Article(id="w", text=wire, source="Wire")),
        segment_article(Article(id="c", text=wire, source="Copy")),
        segment_article(Article(id="l", text="Schools in Port Ellis will stay closed until Friday.", source="Local")),
    ]
    abstractive = Summary("abstractive", [
        SummarySentence("A storm struck Port Ellis on Monday and thousands fled.", origin="fused"),
        SummarySentence("Schools in Port Ellis stay closed until Friday.", origin="fused"),
    ])
    attribute(abstractive, arts, [["w"], ["c"], ["l"]], semantic=False)
    story = Story(id="s", headline="Storm", articles=arts, summary=abstractive, abstractive=abstractive)
    first, second = (sentence_prompt(story, n, s).plain for n, s in enumerate(abstractive.sentences, 1))
    assert "≈ fused" in first and "shortened" not in first
    assert "≈ shortened" in second and "fused" not in second


def test_article_and_quotes_show_newswire_typing_as_typography_with_the_highlight_on_its_sentence():
    """The article view and the sources panel show ``TeX quotes'' as “ ”, " _ "
    as " — " and odd spaces as spaces (display_text, as the text output does),
    the highlight still covers exactly its sentence though the shown text is
    shorter, and a quote with its own marks gets no second pair."""
    from summarize.records import Article, Story
    from summarize.segment import segment_article
    from tui.data import article_paragraphs, citation_prompt

    text = "ATLANTA _ Newt Gingrich said ``we will win,'' on Sunday. The party\u00a0agreed on Monday.\n\n``It is over,'' he said."
    article = segment_article(Article(id="a1", text=text, source="Wire"))
    texts, target = article_paragraphs(article, highlight=1, cited={0})
    assert [t.plain for t in texts] == ["ATLANTA — Newt Gingrich said “we will win,” on Sunday. The party agreed on Monday.", "“It is over,” he said."]
    assert target == 0
    shown = texts[0]
    assert [shown.plain[s.start : s.end] for s in shown.spans if s.style == HIGHLIGHT] == ["The party agreed on Monday."]
    assert [shown.plain[s.start : s.end] for s in shown.spans if s.style != HIGHLIGHT] == ["ATLANTA — Newt Gingrich said “we will win,” on Sunday."]
    story = Story(id="s", headline="h", articles=[article], summary=Summary("extractive", []))
    assert citation_prompt(story, "a1", "He added, “We agreed.”").plain.endswith("\n  He added, “We agreed.”")
    assert citation_prompt(story, "a1", "``It is over,'' he said.").plain.endswith("\n  “It is over,” he said.")
    # a source that gives the sentence's quotation in other words says so (a user trial)
    said = "“The war is finally over now,” he said."
    assert "(quoted in other words)" in citation_prompt(story, "a1", "``It is over,'' he said.", sentence=said).plain
    assert "quoted" not in citation_prompt(story, "a1", "“The war is finally over now,” he said.", sentence=said).plain


async def test_article_footer_fits_80_columns_with_help_in_it(corpus):
    """At 80 columns every key the article screen's footer shows is whole and
    left of the palette key, f1 Help included (b, p and u are on the help screen)."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(pilot)
        screen = await open_first_source(pilot)
        await pilot.pause()
        keys = list(screen.query_one(Footer).query(FooterKey))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown = [k for k in keys if k is not palette]
        assert "f1" in [k.key for k in shown] and "escape" in [k.key for k in shown]
        for key in shown:
            assert key.region.width > 0 and key.region.right <= palette.region.x, (key.key, key.region, palette.region)


def test_records_of_one_jsonl_file_are_told_apart_in_the_sources():
    """Thirty records of one export with no outlet must not read as thirty
    identical "unknown outlet  feed.jsonl" lines: the record is named, as the
    CLI's sources list names it."""
    from summarize.records import Article, Story
    from tui.data import article_heading, source_credit

    a = Article(id="NYT19981007.0464", text="x", path="/tmp/feed.jsonl")
    b = Article(id="NYT19981104.0369", text="y", path="/tmp/feed.jsonl")
    page = Article(id="p", text="z", path="/tmp/page.txt")
    story = Story(id="s", headline="h", articles=[a, b, page], summary=Summary("extractive"))
    assert "/tmp/feed.jsonl (record NYT19981007.0464)" in article_heading(story, a).plain
    assert "(record NYT19981104.0369)" in source_credit(story, b)
    assert article_heading(story, page).plain.endswith("/tmp/page.txt")


async def test_a_storys_sources_are_numbered_once_not_once_per_line(monkeypatch):
    """citation_numbers runs over every article of the story: the sources list,
    the citation panel, the summary list and a copied quote used to call it
    for each line they build, so a story of N sources cost N² (2,000 sources:
    about a quarter of a second per view).  Each computes the numbers once."""
    import summarize.render
    import tui.data
    import tui.widgets.citation_panel
    import tui.widgets.sentence_list
    import tui.widgets.sources_view
    from textual.app import App
    from summarize.records import Article, Citation, Story
    from tui.data import quote_for_clipboard

    calls = []
    real = summarize.render.citation_numbers

    def counted(story):
        calls.append(story.id)
        return real(story)

    for module in (tui.data, tui.widgets.citation_panel, tui.widgets.sentence_list, tui.widgets.sources_view):
        monkeypatch.setattr(module, "citation_numbers", counted, raising=False)

    arts = [Article(id=f"a{i}", text=f"Fact {i}.", source=f"Outlet {i}", path=f"/tmp/{i}.txt") for i in range(30)]
    everyone = SummarySentence("The storm hit.", [Citation(a.id, a.text, 0) for a in reversed(arts)])
    more = [SummarySentence(f"Fact {k}.", [Citation(f"a{k}", f"Fact {k}.", 0)]) for k in range(5)]
    story = Story(id="s", headline="Storm", articles=arts, summary=Summary("extractive", [everyone, *more]))

    copied = quote_for_clipboard(story, everyone)
    assert len(calls) == 1
    assert copied.splitlines()[1] == "  — [30] Outlet 29, /tmp/29.txt: “Fact 29.”"

    class Host(App):
        def compose(self):
            yield SourcesView()
            yield CitationPanel()
            yield SentenceList()

    host = Host()
    async with host.run_test(size=SIZE) as pilot:
        calls.clear()
        host.query_one(SourcesView).show(story)
        await pilot.pause()
        listed = prompts(host.query_one("#source-list"))
        assert len(calls) <= 2  # the list's lines, then the heading of the article it opens on
        assert len(listed) == 30 and listed[0].startswith("[1] Outlet 0") and listed[29].startswith("[30] Outlet 29")

        calls.clear()
        host.query_one(CitationPanel).show(story, story.summary, 0, 0)
        await pilot.pause()
        cited = prompts(host.query_one(CitationList))
        assert len(calls) == 1
        assert [line.split()[0] for line in cited] == [f"[{n}]" for n in range(30, 0, -1)]  # the citations' order

        calls.clear()
        box = host.query_one(SentenceList)
        box.show(story, story.summary)
        await pilot.pause()
        assert len(calls) <= 2  # the list's lines, then the highlighted line drawn again with its cursor
        assert prompts(box)[1].startswith("2. Fact 0. [1]")


def test_a_copied_quote_is_verbatim_and_not_double_quoted():
    from summarize.records import Article, Citation, Story
    from tui.data import article_quote, quote_for_clipboard

    text = "“We highly value it,” Putin told Xi. The talks went on."
    a = Article(id="a", text=text, source="Reuters")
    from summarize.segment import segment_article

    segment_article(a)
    sentence = SummarySentence(text="Putin said he valued it.", citations=[Citation("a", a.sentences[0].text, 0)])
    story = Story(id="s", headline="h", articles=[a], summary=Summary("extractive", [sentence]))
    copied = quote_for_clipboard(story, sentence)
    assert "Reuters: “We highly value it,” Putin told Xi." in copied and "““" not in copied
    assert article_quote(story, a, 1).startswith("“The talks went on.” — [1] Reuters")
    assert article_quote(story, a, 0).startswith("“We highly value it,” Putin told Xi. — ")


async def test_a_story_of_unknown_outlets_claims_no_outlets(corpus):
    """The bank story's two text files name no outlet: the story list, the
    heading, the sources panel and the coverage view say "outlet unknown" and
    count articles, not "2 outlets", and that the two are one report (the
    text/JSON outputs word it alike)."""
    from summarize.render import coverage_line

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        shown = prompts(app.query_one(StoryOptions))
        assert any("Central bank" in p or "Rates rise" in p for p in shown)
        bank = next(p for p in shown if "Central bank" in p or "Rates rise" in p)
        assert bank.splitlines()[1] == "2 articles · outlet unknown · 1 independent source"  # the two are copies
        await open_story(pilot, "rate")
        story = app.current
        assert coverage_line(story) == "2 articles · outlet unknown · 1 independent source"
        assert any("/2 articles" in p for p in prompts(app.query_one("#ext-sentences", SentenceList)))
        head = text_of(app.query_one(CitationPanel).query_one("#cite-head"))
        assert "of 2 articles, outlet unknown · 1 of the story's 1 independent source" in head and "outlets" not in head
        await pilot.press("3")
        await pilot.pause()
        text = app.query_one(CoverageView).plain()
        assert "— outlet unknown" in text and "/2 articles" in text and "0/0" not in text and "outlets" not in text.split("\n")[0]


async def test_the_filter_finds_a_word_of_a_story_s_summary(corpus):
    """A word of the summary (a name, a place) found nothing when it was in
    no headline, title or outlet name."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        stories = list(app.story_list.stories.values())
        named = " ".join(s.headline + " " + " ".join((a.title or "") + " " + (a.source or "") for a in s.articles) for s in stories).lower()
        word, owner = next(
            (w.strip(".,“”\"'").lower(), s)
            for s in stories for sent in s.summary.sentences for w in sent.text.split()
            if len(w.strip(".,“”\"'")) > 5 and w.strip(".,“”\"'").isalpha() and w.strip(".,“”\"'").lower() not in named
            and sum(w.strip(".,“”\"'").lower() in " ".join(x.text for x in t.summary.sentences).lower() for t in stories) == 1
        )
        await pilot.press("slash")
        for ch in word:
            await pilot.press(ch)
        await pilot.pause()
        shown = prompts(app.query_one(StoryOptions))
        assert len(shown) == 1 and app.story_list.shown == [owner.id], word


async def test_a_filter_that_matches_no_story_clears_the_reader(corpus):
    """With no story left in the list, the reader went on showing the last one
    as if it matched; now it says that nothing matches, and clearing the filter
    brings the stories back."""
    from tui.widgets.article_view import ArticleView

    app = SummarizeApp([str(corpus)], loader=no_model_loader)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.goto_story(app.story_list.shown[1])  # not the top story
        await pilot.pause()
        before = app.current
        app.action_view("sources")
        await pilot.pause()
        assert app.query_one("#source-article", ArticleView).article is not None
        app.query_one(StoryOptions).focus()
        await pilot.press("slash")
        for ch in "zqxjv":
            await pilot.press(ch)
        await pilot.pause()
        assert app.story_list.shown == [] and app.current is None
        # the sources view showed the last story's article on, as if it matched (a TUI trial)
        article_view = app.query_one("#source-article", ArticleView)
        assert article_view.article is None and not article_view.children
        assert "No story matches “zqxjv”" in text_of(app.query_one("#story-heading"))
        assert app.query_one("#ext-sentences", SentenceList).option_count == 0
        await pilot.press("e")  # export: nothing to export, and no crash
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#filter").value == ""
        assert len(app.story_list.shown) == 3 and app.current is app.story_list.highlighted
        assert app.current is before  # back where the reader was, not on the top story
        assert app.query_one("#ext-sentences", SentenceList).option_count >= 1
        # typed fast after clearing (seen in tmux): the list's highlight of the cleared filter arrives
        # late, and must not bring back the story it names
        box = app.query_one("#filter")
        box.value = "zqx"
        box.value = ""
        box.value = "zqx"
        await pilot.pause()
        await pilot.pause()
        assert app.story_list.shown == [] and app.current is None


async def test_seen_and_focus_from_the_command_line_reach_the_reading_room(corpus, tmp_path):
    """`summarize --tui PATH --seen X --focus Q` dropped both without a word:
    the CLI's parser took them, the reading room never used them. Now the
    story the reader read about says what is new beside it, the others do not,
    and a focus orders the stories and stays on a refocus with what was read."""
    read = tmp_path / "read" / "storm.txt"
    read.parent.mkdir()
    read.write_text(
        "Storm floods Port Ellis\n\nA powerful storm struck the coastal town of Port Ellis on Monday, and thousands "
        "of residents left their homes.\n\nAbout 4,000 people were taken to shelters, officials said.\n",
        encoding="utf-8",
    )
    options = Options(seen=[str(read)], focus="interest rate increases")
    app = SummarizeApp([str(corpus)], options, loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        stories = app.story_list.ordered()
        assert "bank" in stories[0].headline.lower() or "rate" in stories[0].headline.lower()  # answers the focus
        storm = next(s for s in stories if "storm" in s.headline.lower())
        assert storm.summary.seen == 1 and storm.summary.focus == "interest rate increases"
        assert all(s.summary.seen == 0 for s in stories if s is not storm)
        app.goto_story(storm.id)
        await pilot.pause()
        heading = text_of(app.query_one("#story-heading"))
        assert "what these articles add to 1 article you read" in heading and "N: whole story" not in heading
        app._focus_chosen("")  # back to the general summaries: what was read stays read
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert storm.summary.seen == 1 and storm.summary.focus is None


def test_the_launcher_refuses_an_empty_focus_and_options_it_cannot_honour(capsys, corpus, tmp_path):
    """-o, --format, --quotes and --engine ray were taken and dropped without a
    word (a new-user trial): the reading room refuses them, as the CLI refuses
    --db without --tui."""
    from tui.__main__ import main as tui_main

    assert tui_main([str(corpus), "--focus", "  "]) == 2
    assert "--focus needs a question" in capsys.readouterr().err
    for extra in (["-o", str(tmp_path / "x.json")], ["--format", "json"], ["--quotes"], ["--engine", "ray", "--cluster"]):
        assert tui_main([str(corpus), *extra]) == 2, extra
        assert "is for the command line's output" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_options_that_need_a_partner_are_refused_or_implied(capsys, corpus):
    from summarize.cli import main

    assert main([str(corpus), "--address", "ray://x:10001"]) == 2
    assert "--address goes with --engine ray" in capsys.readouterr().err
    assert main([str(corpus), "--timing"]) == 2
    assert "--timing goes with --tui or --engine ray" in capsys.readouterr().err


def test_quitting_while_the_model_loads_ends_the_process_at_once(capsys, monkeypatch):
    """Quit during a model's first load: the screen went blank and the process
    waited ~20 s for the load it no longer wanted (a new-user trial). Now it
    says so and ends at once, unless the desk is still saving."""
    from types import SimpleNamespace

    import tui.__main__ as launcher

    ended = []
    monkeypatch.setattr(launcher.os, "_exit", lambda code: ended.append(code))
    desk_saving = SimpleNamespace(group="desk", is_running=True)
    launcher._leave_a_model_load(SimpleNamespace(model_loading=True, workers=[desk_saving], return_code=None))
    assert ended == []
    launcher._leave_a_model_load(SimpleNamespace(model_loading=False, workers=[], return_code=None))
    assert ended == []
    launcher._leave_a_model_load(SimpleNamespace(model_loading=True, workers=[], return_code=None))
    assert ended == [0] and "quit while the model was loading" in capsys.readouterr().err


async def test_a_resize_under_a_dialog_does_not_leave_the_keys_in_the_hidden_filter(corpus):
    """Help open, the terminal made tiny (the story list steps aside), help
    closed: "e" and "2" went into the hidden filter box ("2 of 2 stories match
    e2") instead of export and the sources tab (a new-user trial)."""
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert isinstance(app.focused, StoryOptions)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.story_list.display
        await pilot.press("2")
        await pilot.pause()
        assert app.query_one("#filter").value == "" and app.tabs.active == "sources"


def test_the_launcher_needs_a_terminal(capsys, corpus):
    """With stdout piped it drew escape codes into the pipe and hung (a new-user trial)."""
    from tui.__main__ import main as tui_main

    assert tui_main([str(corpus)]) == 2
    assert "the terminal UI needs a terminal" in capsys.readouterr().err


def test_a_source_the_reader_had_read_is_marked_read_in_the_sources_list():
    from summarize.records import Article, Story
    from tui.data import article_heading

    arts = [Article(id="a", text="x.", source="Reuters"), Article(id="b", text="y.", source="AP")]
    story = Story(id="s", headline="Storm", articles=arts, summary=Summary("extractive", [], seen=1, read=["a"]))
    assert "(read)" in article_heading(story, arts[0]).plain
    assert "(read)" not in article_heading(story, arts[1]).plain


def test_a_feed_item_s_link_shows_once_in_its_heading():
    """The sources tab showed a feed item's link twice, once alone and once in
    its place "feed.xml (https://...)" (a trial)."""
    from summarize.records import Article, Story
    from tui.data import article_heading

    item = Article(id="a", text="x.", source="Coastal Times", url="https://coastaltimes.example/storm", path="/tmp/news.atom")
    story = Story(id="s", headline="Storm", articles=[item], summary=Summary("extractive", []))
    assert article_heading(story, item).plain.count("https://coastaltimes.example/storm") == 1


async def test_a_folder_of_several_stories_says_that_cluster_splits_it(corpus, tmp_path):
    """As on the command line: a folder read as one story whose articles the
    clusterer finds to be several says that --cluster groups them; with
    --cluster, nothing."""
    pile = tmp_path / "pile"
    pile.mkdir()
    for folder in ("storm", "bank"):
        for page in (corpus / folder).iterdir():
            (pile / page.name).write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    for cluster in (False, True):
        app = SummarizeApp([str(pile)], Options(cluster=cluster), mode="extractive")
        async with app.run_test(size=(160, 40)) as pilot:
            await loaded(pilot)
            said = [n.message for n in app._notifications]
            if cluster:
                assert not any("look like" in m for m in said) and len(app.story_list.stories) == 2
            else:
                assert "pile: its 4 articles look like 2 stories; --cluster groups them" in said


async def test_coming_back_to_the_story_the_model_writes_shows_its_progress(corpus):
    """A trial left the story the model was writing and came back: the pane
    under "Abstractive" was blank (no progress, no "x cancels") until the
    model's next report, over a minute in its second try."""
    import threading

    gate = threading.Event()

    class Gated(FakeCondenser):
        def condense(self, story, max_words=100, progress=None, should_stop=None):
            progress(1, 4, "rewriting sentences: 3 rewrites")
            while not should_stop() and not gate.is_set():
                gate.wait(0.02)
            if should_stop():
                raise Cancelled("stopped")
            return super().condense(story, max_words, progress, should_stop)

    app = SummarizeApp([str(corpus)], loader=fake_loader(Gated()), mode="abstractive")
    async with app.run_test(size=(160, 40)) as pilot:
        for _ in range(500):  # settled, the model at work on the story on show and its report in
            await pilot.pause(0.02)
            if (app.engine_done and app.current is not None and app.current is app.story_list.highlighted
                    and app.model_story == app.current.id and "rewrit" in text_of(app.query_one("#abs-progress-label"))):
                break
        label = app.query_one("#abs-progress-label")
        said = text_of(label)
        assert "rewrit" in said
        app.query_one(StoryOptions).focus()
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause(0.3)
        assert "finishing" in text_of(label)
        await pilot.press("up")
        await pilot.pause(0.3)
        assert text_of(label) == said and app.query_one("#abs-progress").display
        gate.set()
        await loaded(pilot)


async def test_the_export_dialog_shows_the_whole_path(corpus, tmp_path):
    """At 80 columns a long path was cut at the box's edge with no mark: a
    trial read "...votes-on-the.m" for the .md file it wrote."""
    long_name = str(tmp_path / ("markup-test-daily-bold-council-bold-votes-on-the-budget-after-a-long-night" + ".md"))
    app = SummarizeApp([str(corpus)], loader=no_model_loader, state_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.push_screen(ExportScreen(long_name, "h"))
        await pilot.pause()
        await pilot.pause()
        target = app.screen.query_one("#export-target")
        box = app.screen.query_one("#export-box")
        assert target.region.right <= box.content_region.right and target.size.height >= 2
        lines = [strip.text for strip in target.render_lines(target.region.reset_offset)]
        assert "".join(line.strip() for line in lines).endswith(".md")


async def test_the_model_s_percentage_shows_in_a_narrow_pane(corpus):
    """Side by side at 80 columns the bar's fixed 32 cells pushed the
    percentage out of the abstractive pane (a trial saw "━━━   0")."""
    from textual.widgets import ProgressBar

    app = SummarizeApp([str(corpus)], loader=no_model_loader, mode="both", state_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        app.summary_view.abstractive.show_progress(0.42, "rewriting 3 sentences")
        await pilot.pause()
        bar = app.query_one("#abs-bar", ProgressBar)
        percent = bar.query_one("PercentageStatus")
        pane = app.query_one("#abs-progress")
        assert percent.region.right <= pane.content_region.right and percent.region.width > 0
        assert "42%" in str(percent.render())


async def test_a_desk_story_s_citation_opens_its_source_on_the_cited_sentence(corpus, tmp_path):
    """The store gave back its summaries' citations with no sentence index, so
    a source opened from a desk story highlighted nothing (a user trial: no █
    mark, no colour, even for a word-for-word citation)."""
    from summarize.cli import main as cli_main

    db = tmp_path / "desk.sqlite3"
    assert cli_main(["add", "--db", str(db), "-q", str(corpus / "storm"), str(corpus / "bank")]) == 0
    app = SummarizeApp([], loader=no_model_loader, store=db, state_path=None)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        story = next(s for s in app.story_list.stories.values() if "storm" in s.headline.lower() or "evacu" in s.headline.lower())
        app.story_list.select(story.id)
        await pilot.pause()
        await pilot.press("enter")  # read the story
        await pilot.pause()
        first = story.summary.sentences[0]
        await pilot.press("enter")  # open the first sentence's first source
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        want = next(c for c in first.citations if c.article == screen.article_id)
        view = screen.query_one(ArticleView)
        assert view.target is not None and view.target.has_class("target")
        spans = [s for s in view.target.content.spans if "on #f0c05a" in str(s.style)]
        assert spans and view.target.content.plain[spans[0].start : spans[0].end] == want.quote
        # every citation the store gave back names the sentence it quotes
        for s in story.summary.sentences:
            for c in s.citations:
                assert story.article(c.article).sentences[c.sentence_index].text == c.quote


async def test_the_sources_panel_lists_the_sentence_s_own_source_first_then_by_match():
    """A trial's panel listed [1] (65% match) above [3], the sentence's
    word-for-word source, where the JSON has the citations' order: the
    sentence's own source first, then the others by match.  The marks [1][3]
    keep number order, and moving along them still picks their article."""
    from textual.app import App

    from summarize.records import Article, Citation, Story

    arts = [Article(id=f"a{i}", text=f"Fact {i}.", source=f"Outlet {i}") for i in range(3)]
    own = SummarySentence("Fact 2.", [Citation("a2", "Fact 2.", 0), Citation("a1", "Fact 1.", 0, 0.8),
                                      Citation("a0", "Fact 0.", 0, 0.65)])
    story = Story(id="s", headline="Facts", articles=arts, summary=Summary("extractive", [own]))

    moved = []

    class Host(App):
        def compose(self):
            yield CitationPanel()

        def on_citation_panel_cursor_moved(self, event) -> None:
            moved.append(event.cursor)

    host = Host()
    async with host.run_test(size=SIZE) as pilot:
        panel = host.query_one(CitationPanel)
        panel.show(story, story.summary, 0, 0)
        await pilot.pause()
        box = panel.query_one(CitationList)
        assert [line.split()[0] for line in prompts(box)] == ["[3]", "[2]", "[1]"]
        assert box.highlighted == 2  # the mark cursor on [1], the first mark: its source, listed last
        moved.clear()
        box.highlighted = 0  # the panel's cursor onto [3]: the sentence's mark cursor goes to its third mark
        await pilot.pause()
        assert moved == [2]


async def test_the_sentence_s_mark_cursor_starts_on_its_own_source():
    """The marks go by number ([1][2][3]) and the sources panel lists the
    sentence's own source first: the cursor starts on that source's mark, so
    that the panel starts at its top and Enter opens the word-for-word source,
    not [1], a 65% match (a trial)."""
    from textual.app import App

    from summarize.records import Article, Citation, Story

    arts = [Article(id=f"a{i}", text=f"Fact {i}.", source=f"Outlet {i}") for i in range(3)]
    own = SummarySentence("Fact 2.", [Citation("a2", "Fact 2.", 0), Citation("a0", "Fact 0.", 0, 0.65)])
    plain = SummarySentence("Fact 1.", [Citation("a1", "Fact 1.", 0)])
    story = Story(id="s", headline="Facts", articles=arts, summary=Summary("extractive", [plain, own]))
    opened = []

    class Host(App):
        def compose(self):
            yield SentenceList()

        def on_open_source(self, event) -> None:
            opened.append(event.article_id)

    host = Host()
    async with host.run_test(size=SIZE) as pilot:
        box = host.query_one(SentenceList)
        box.show(story, story.summary)
        box.focus()
        await pilot.pause()
        assert box.cursor == 0
        await pilot.press("down")
        await pilot.pause()
        assert box.cursor == 1  # [3], the second mark of "[1][3]"
        assert "[1][3]" in prompts(box)[1]
        box.action_open()
        await pilot.pause()
        assert opened == ["a2"]
