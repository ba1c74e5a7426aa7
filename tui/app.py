"""The reading room: stories on the left, the selected story on the right.

The engine runs in thread workers (``summarize.pipeline`` to build the
stories, the desk's store, ``summarize.condense`` for the abstractive summary)
and reports back with the typed messages of ``tui.messages``; the screen never
waits on it.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Label, ProgressBar, TabbedContent, TabPane
from textual.widgets.input import Selection
from textual.worker import Worker, WorkerState, get_current_worker

from summarize.errors import Cancelled, ModelUnavailable
from summarize.pipeline import (
    Options,
    abstractive_summary,
    build_stories,
    copies_left_out,
    focus_order,
    load_articles,
    load_seen,
    several_stories_note,
    story_summary,
)
from summarize.lexicon import first_words, word_count
from summarize.render import display_text, for_terminal, plural, strip_controls
from summarize.records import Progress, Story, Summary

from . import state
from .actions import bindings
from .commands import SummarizeCommands
from .data import Match, cited_articles, find_matches, first_fitting, model_progress, quote_for_clipboard, slug
from . import desk, messages
from .desk import SinceRead
from .messages import OpenSource
from .screens.article_screen import ArticleScreen
from .screens.export_screen import ExportScreen, default_export_path
from .screens.focus_screen import FocusScreen
from .screens.help_screen import HelpScreen
from .screens.skipped_screen import SkippedScreen
from .links import copy_article_quote, copy_link, open_link
from .widgets.article_view import ArticleView
from .widgets.coverage_view import CoverageView
from .widgets.find_bar import FindBar
from .widgets.sources_view import SourceList, SourcesView
from .widgets.story_list import LIST_LETTERS, FilterInput, StoryList, StoryOptions
from .widgets.summary_view import MODE_NAMES, MODES, NO_MODEL_HELP, StoryHeading, SummaryView

Loader = Callable[[str | None, Progress], object]


def default_loader(spec: str | None, progress: Progress):
    """The engine's ``pipeline.load_condenser``: loads the model once per
    process; raises ``ModelUnavailable`` with one line for the reader."""
    from summarize.pipeline import load_condenser

    return load_condenser(spec, progress=progress)


# Letter keys that type into the filter box while it has the focus (on the story
# list itself they are global keys; other letters start the filter there).
READER_ACTIONS = {
    "view", "cycle_mode", "toggle_stripped", "export", "toggle_dark", "quit_letter", "help_letter", "toggle_stories",
    "find_letter", "copy_quote", "copy_url", "open_link", "focus", "toggle_new",
}
# Actions about the main screen's panes: hidden while an article or a dialog is on top.
MAIN_ONLY = {
    "view", "cycle_mode", "cancel_model", "toggle_stripped", "filter", "to_stories", "toggle_stories", "find",
    "find_letter", "copy_quote", "copy_url", "open_link",
}


# Under this width the footer drops the space between its keys: at 80 columns
# "f1 Help" and "q Quit" fell off its end once the reader had the focus (a TUI
# trial); compact, every key of the reading room fits in 80.
FOOTER_COMPACT_WIDTH = 120
# Under this width the footer leaves out "^p palette": with the model at work
# the reading room's keys take 75 columns of 80.
FOOTER_PALETTE_WIDTH = 100


class SummarizeApp(App):
    TITLE = "summarize"

    # The story on show: the one piece of reading state; the views follow it (watch_current).
    current: reactive[Story | None] = reactive(None, init=False, always_update=True)
    CSS_PATH = "styles.tcss"
    # The app's own commands only: Textual's (Theme, Keys, Maximize, Screenshot) sat among
    # them in other words, Theme beside d, and a screenshot landed in the working
    # directory unasked (a TUI trial).  Quit is among the app's actions.
    COMMANDS = {SummarizeCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = bindings("app")

    def __init__(
        self,
        paths: list[str],
        options: Options | None = None,
        *,
        model: str | None = None,
        loader: Loader | None = None,
        mode: str | None = None,
        abstractive_mode: str | None = None,
        show_unsupported: bool = False,
        timing: str | None = None,
        started: float | None = None,
        state_path: Path | str | None = "auto",
        store: Path | str | None = None,
    ) -> None:
        """``mode`` None: the mode of the last run (else extractive).  ``state_path``:
        where theme, mode and last story are remembered ("auto": the user's state
        directory; None: nothing remembered).  ``store``: read the news desk's
        store (``summarize add``) instead of ``paths``."""
        super().__init__()
        self.state_path = state.default_path() if state_path == "auto" else (Path(state_path) if state_path else None)
        self.remembered = state.load(self.state_path)
        if mode is None:
            mode = self.remembered.mode
        self.paths = list(paths)
        self._touched = False  # the reader pressed a key or clicked (the model's queue: _abstractive_next)
        self._model_said: dict[str, tuple[float | None, str]] = {}  # the model's story: its last progress shown
        self.since_read: dict[str, SinceRead] = {}  # updated desk stories: whole and "new since read" summaries
        # each story's summary under each focus asked this session (None: the general one), so going back
        # to a focus, or clearing it, shows the summaries at once instead of ranking every story again
        self._focus_summaries: dict[tuple[str, str | None], Summary] = {}
        # the model's summary of a story written before a focus replaced its extractive summary:
        # shown, marked, until the reader asks for a new one (r); a focus started the model again
        # at once, minutes of work nobody asked for (trial D)
        self._earlier_abstractive: dict[str, Summary] = {}
        # every rewrite by (story id, the sentences it was written from): a focus taken back
        # finds the rewrite of the summary it returns to
        self._rewrites: dict[tuple[str, tuple[str, ...]], Summary] = {}
        self.store_path = Path(store) if store else None
        self.options = options or Options()
        self.model_spec = model
        self.loader = loader or default_loader
        self.mode = mode if mode in MODES else "extractive"
        self.abstractive_mode = abstractive_mode  # "fuse" / "whole"; None: the model's own
        self.show_unsupported = show_unsupported
        self.timing_path = timing
        self.started = time.perf_counter() if started is None else started
        self.condenser = None
        self.no_model: str | None = None  # why no model can be had, once known
        self._model_story: str | None = None  # story id the model is working on
        self.articles_read = 0
        self.nothing_usable = False
        self.model_loading = False
        self.timings: dict[str, float] = {}
        self.problems: list[tuple[str, str]] = []  # (input, why it was skipped)
        self._status_parts: list[tuple[str, str | None]] | None = None  # the finished status line, fitted to the width
        self.engine_done = False

    @property
    def model_story(self) -> str | None:
        """The story the model is working on; the footer's "x Cancel model" follows it."""
        return self._model_story

    @model_story.setter
    def model_story(self, value: str | None) -> None:
        changed = value != self._model_story
        self._model_story = value
        if changed and self.is_running:
            self.refresh_bindings()

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield StoryList(id="story-list")
            with Vertical(id="reader"):
                with TabbedContent(initial="summary", id="tabs"):
                    with TabPane("1 Summary", id="summary"):
                        yield SummaryView(id="summary-view")
                    with TabPane("2 Sources", id="sources"):
                        yield SourcesView(id="sources-view")
                    with TabPane("3 Coverage", id="coverage"):
                        yield CoverageView(id="coverage-view")
                yield FindBar("find in this story: summary and sources", id="story-find")
        with Horizontal(id="status"):
            yield Label("", id="status-label")
            yield ProgressBar(total=None, show_eta=False, id="status-bar")
        yield Footer()

    @property
    def story_list(self) -> StoryList:
        return self.query_one(StoryList)

    @property
    def summary_view(self) -> SummaryView:
        return self.query_one(SummaryView)

    @property
    def sources_view(self) -> SourcesView:
        return self.query_one(SourcesView)

    @property
    def coverage_view(self) -> CoverageView:
        return self.query_one(CoverageView)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one("#story-find", FindBar)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    def on_mount(self) -> None:
        if self.remembered.theme in self.available_themes:
            self.theme = self.remembered.theme
        self.sub_title = "reading…"
        self.summary_view.set_mode(self.mode)
        self.story_list.by_focus = bool(self.options.focus)  # --focus: the stories that answer it first
        self._fit_side_by_side()
        self._fit_height()
        if self.story_list.display:
            self.query_one(StoryOptions).focus()
        else:
            self.focus_reader()
        self.load_stories()

    async def on_event(self, event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not self._touched:
            self._touched = True
            try:
                self.story_list.touched = True
            except Exception:  # noqa: BLE001 - not composed yet
                pass
        await super().on_event(event)

    # ------------------------------------------------------------------ engine worker

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def load_stories(self) -> None:
        worker = get_current_worker()
        if self.store_path is not None:
            self._read_store(worker)
            return
        self.post_message(messages.EngineStatus("reading articles…", 0, 0))
        t0 = time.perf_counter()
        last_report = [0.0]

        def reading(done: int, total: int, what: str) -> None:
            now = time.perf_counter()
            if worker.is_cancelled or (now - last_report[0] < 0.1 and done != total):
                return  # a few updates a second keep the screen live without slowing the reader
            last_report[0] = now
            count = f"{done}/{plural(total, 'article')}" if total else plural(done, "article")
            self.post_message(messages.EngineStatus(f"{what} · {count}", done, total))

        seen_problems = []
        if self.options.seen and self.options.seen_read is None:
            self.post_message(messages.EngineStatus("reading what you have read…", 0, 0))
            self.options.seen_read, seen_problems = load_seen(self.options.seen)
        articles, problems = load_articles(self.paths, progress=reading)
        problems = seen_problems + problems
        articles = [for_terminal(a) for a in articles]  # article text is data: no control sequence reaches the screen
        self.timings["read_s"] = time.perf_counter() - t0
        skipped = [(strip_controls(getattr(p, "where", str(p))), strip_controls(getattr(p, "message", ""))) for p in problems]
        self.post_message(messages.ArticlesLoaded(len(articles), skipped))
        if not articles or worker.is_cancelled:
            return

        def progress(done: int, total: int, what: str) -> None:
            if not worker.is_cancelled:
                self.post_message(messages.EngineStatus(f"{what} · {plural(len(articles), 'article')}", done, total))

        several = []
        for story in build_stories(articles, self.options, progress):
            if worker.is_cancelled:
                return
            self.post_message(messages.StoryReady(story))
            if not self.options.cluster and (note := several_stories_note(story)):
                several.append(strip_controls(note))
        self.post_message(messages.EngineFinished(several))

    def _read_store(self, worker: Worker) -> None:
        """The desk's stories, newest update first, each with its reading state."""
        self.post_message(messages.EngineStatus(f"opening the desk {self.store_path}…", 0, 0))
        stories = desk.read_stories(self.store_path, self.options)
        count = next(stories)  # the articles of all the stories, before the first one
        self.post_message(messages.ArticlesLoaded(count, []))
        for n, total, entry in stories:
            if worker.is_cancelled:
                stories.close()
                return
            self.post_message(messages.StoryReady(entry.story, entry.status, entry.ties, entry.since))
            self.post_message(messages.EngineStatus(f"reading the desk · {n}/{plural(total, 'story')}", n, total))
        self.post_message(messages.EngineFinished())

    @work(thread=True, group="desk", exit_on_error=False)
    def mark_read(self, story_ids: list[str] | None) -> None:
        """Remember in the store what the reader has read (None: every story)."""
        desk.mark_read(self.store_path, story_ids)
        self.post_message(messages.MarkedRead(story_ids))

    @on(messages.MarkedRead)
    def _marked_read(self, m: messages.MarkedRead) -> None:
        story_ids = m.story_ids
        for story_id in story_ids if story_ids is not None else list(self.story_list.stories):
            self.story_list.set_status(story_id, "read")

    def action_mark_all_read(self) -> None:
        if self.store_path is None:
            self.notify("Reading state is kept for the news desk's stories (summarize add).", markup=False)
            return
        self.mark_read(None)

    # ------------------------------------------------------------------ what the workers report

    @on(messages.EngineStatus)
    def _on_engine_status(self, m: messages.EngineStatus) -> None:
        self._status(m.text, m.done, m.total)

    @on(messages.StoryReady)
    def _on_story_ready(self, m: messages.StoryReady) -> None:
        if m.since is not None:
            self.since_read[m.story.id] = m.since
            self.summary_view.toggles_new.add(m.story.id)
            m.story.summary = m.since.new  # an updated story opens on what is new
        self._add_story(m.story, m.status, m.ties)

    @on(messages.Refocused)
    def _on_refocused(self, m: messages.Refocused) -> None:
        since = self.since_read.get(m.story.id)
        if since is not None and m.new is not None:
            since.whole, since.new = m.summary, m.new
            self._refocused(m.story, since.shown)
        else:
            self._refocused(m.story, m.summary)

    def _status(self, message: str, done: int, total: int) -> None:
        self._status_parts = None  # work under way: the line is the work's
        self.query_one("#status-label", Label).update(Text(message))
        bar = self.query_one("#status-bar", ProgressBar)
        bar.display = True
        if total > 1 or (total == 1 and done):
            bar.update(total=total, progress=done)
        else:
            bar.update(total=None)

    def _skipped_note(self, short: bool = False) -> str:
        n = len(self.problems)
        if not n:
            return ""
        return f"{plural(n, 'input')} skipped" + (" (Ctrl+P)" if short else " (Ctrl+P › Skipped inputs)")

    @on(messages.ArticlesLoaded)
    def _articles_loaded(self, m: messages.ArticlesLoaded) -> None:
        count, problems = m.count, m.problems
        # skipped inputs go to the status line and the palette's "Skipped inputs", not a toast
        # (a toast covers the progress bar and cannot be seen again)
        self.articles_read = count
        self.problems = problems
        self.nothing_usable = not count and self.store_path is None  # the launcher exits 1, as the CLI does
        if not count and self.store_path is not None:
            self.sub_title = "the desk is empty"
            self.query_one("#status-bar").display = False
            self._status_done(f"No story in {self.store_path} yet.")
            self.summary_view.query_one(StoryHeading).show_message(
                Text("The desk is empty: summarize add SOURCE... (files, feeds, page URLs) fills it.")
            )
        elif not count:
            self.sub_title = "no usable article"
            self.query_one("#status-bar").display = False
            note = self._skipped_note()
            self._status_done("No usable article in the input." + (f" · {note}" if note else ""))
            heading = Text("No usable article in the input: give files or directories of .txt, .md, .html or .jsonl.")
            if len(problems) > 3:  # the heading has room for a few lines: say first where they all are
                heading.append(f"\n{plural(len(problems), 'input')} skipped, all listed in Ctrl+P › Skipped inputs; the first:", style="dim")
            for where, why in problems[:2 if len(problems) > 3 else 3]:
                heading.append(f"\n{where}: {why}", style="dim")
            self.summary_view.query_one(StoryHeading).show_message(heading)
            # no story, so nothing to write either: not "switch to this view (m)" while in it
            self.summary_view.abstractive.show_message(Text(""))
            self.summary_view.citations.clear("")
        else:
            status = f"grouping {plural(count, 'article')} into stories…"
            if problems:
                status += " · " + self._skipped_note()
            self._status(status, 0, 0)

    def action_show_skipped(self) -> None:
        self.push_dialog(SkippedScreen(self.problems))

    def _add_story(self, story: Story, status: str | None = None, ties: dict | None = None) -> None:
        first = not self.story_list.stories
        if ties:
            self.summary_view.ties[story.id] = ties
        self.story_list.arrival_order = self.store_path is not None
        self.story_list.add_story(story, status)
        self._count_in_header()
        if first:
            self.timings["first_story_s"] = time.perf_counter() - self.started  # refined once painted
            self.call_after_refresh(self._first_story_shown)
        self._restore_story(story)

    def _copies_left_out(self) -> int:
        if self.store_path is not None:
            return 0  # the desk's count is of its stories' articles
        return copies_left_out(self.articles_read, (len(s.articles) for s in self.story_list.stories.values()))

    def _count_in_header(self) -> None:
        """The stories and the articles in them, which the list's entries add up
        to; once every story is in, the copies left out are said too ("11 stories
        · 61 articles" over stories of 59 in all did not add up, a trial)."""
        stories = self.story_list.stories.values()
        title = f"{plural(len(stories), 'story')} · {plural(sum(len(s.articles) for s in stories), 'article')}"
        copies = self._copies_left_out() if self.engine_done else 0
        if copies:
            title += f" ({plural(copies, 'copy', 'copies')} left out)"
        self.sub_title = title

    def _restore_story(self, story: Story) -> None:
        """Back on the story the reader left last time, unless they have moved since launch."""
        rem = self.remembered
        if self.story_list.touched or getattr(self, "_restored", False):
            return
        if (rem.story_id and story.id == rem.story_id) or (rem.headline and story.headline == rem.headline):
            self._restored = True
            self.story_list.select(story.id)
            self.story_list.touched = True  # stories arriving later do not move the highlight
            self.show_story(story)

    def _first_story_shown(self) -> None:
        self.timings["first_story_s"] = time.perf_counter() - self.started
        self._write_timing("first_story")

    @on(messages.EngineFinished)
    def _engine_finished(self, m: messages.EngineFinished) -> None:
        self.engine_done = True
        for line in m.several:  # a folder that is several stories: as the command line says it
            self.notify(line, title="several stories in one", timeout=10, markup=False)
        self.timings["all_stories_s"] = time.perf_counter() - self.started
        n = len(self.story_list.stories)
        copies = self._copies_left_out()
        self._count_in_header()
        # each part as said at full width and in the fewest words kept (None: left
        # out); the timing goes first when the screen is narrow (80 columns cut
        # the skipped-inputs note to "(Ctrl+P › Skipp…", a trial)
        # (the header gives the articles: at 60 columns the count of stories alone leaves room
        # for the skipped inputs' "(Ctrl+P)", which a trial saw cut to "39 inpu…")
        parts = [(f"{plural(n, 'story')} from {plural(self.articles_read, 'article')}", plural(n, 'story'))]
        if copies:
            # of the articles read: the header counts those kept ("12 stories · 37 articles (2
            # copies left out)" over "12 stories from 39 articles · 2 copies left out" read as
            # two counts of one thing, a trial)
            parts.append((f"{'1 of them a copy' if copies == 1 else f'{copies} of them copies'}, left out",
                          f"{plural(copies, 'copy', 'copies')} left out"))
        if self.problems:
            parts.append((self._skipped_note(), self._skipped_note(short=True)))
        if "first_story_s" in self.timings:
            parts.append((f"first story in {self.timings['first_story_s']:.2f} s, all in {self.timings['all_stories_s']:.2f} s", None))
        self._status_done(parts)
        self.call_after_refresh(self._write_timing, "all_stories")

    def _status_done(self, message: str | list[tuple[str, str | None]]) -> None:
        """The status line once work is over.  ``message`` as parts (full
        wording, shortest kept or None) is fitted to the screen's width, and
        again whenever it changes."""
        self._status_parts = message if isinstance(message, list) else [(message, message)]
        self.query_one("#status-bar").display = False
        self._fit_status(self.size.width)

    def _fit_status(self, width: int) -> None:
        parts = self._status_parts
        if not parts:
            return
        choices = ([full for full, _ in parts], [full for full, short in parts if short is not None], [short for _, short in parts if short is not None])
        # still too long: the label's ellipsis (styles.tcss) ends the last
        line = first_fitting([" · ".join(choice) for choice in choices], width - 2)  # less the label's padding
        self.query_one("#status-label", Label).update(Text(line))

    def _write_timing(self, event: str) -> None:
        if not self.timing_path:
            return
        record = {"event": event, "articles": self.articles_read, "stories": len(self.story_list.stories)}
        record.update({k: round(v, 3) for k, v in self.timings.items()})
        line = json.dumps(record)
        if self.timing_path == "-":
            self.log(line)
            return
        with open(self.timing_path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "desk":
            err = event.worker.error
            self.notify(f"Cannot save the reading state: {err}", severity="error", markup=False)
        if event.state == WorkerState.ERROR and event.worker.group == "engine":
            err = event.worker.error
            self._status_done(f"error: {err}")
            self.notify(f"{type(err).__name__}: {err}", title="the engine failed", severity="error", markup=False)

    # ------------------------------------------------------------------ selection

    @on(StoryList.Highlighted)
    def _story_highlighted(self, event: StoryList.Highlighted) -> None:
        if event.story is None and self.current is None:
            self._show_no_story()  # the filter changed and still matches nothing
        self.show_story(event.story)

    @on(StoryList.Opened)
    def _story_opened(self, event: StoryList.Opened) -> None:
        self.show_story(event.story)
        self.focus_reader()
        if self.store_path is not None and self.story_list.status.get(event.story.id) in ("new", "updated"):
            self.mark_read([event.story.id])  # opened is read: the next run marks only what is new since

    def show_story(self, story: Story | None) -> None:
        if story is not self.current:
            self.current = story

    def watch_current(self, story: Story | None) -> None:
        """The one place the story on show changes: every view follows it."""
        if story is None:
            self._show_no_story()
            return
        self.summary_view.show(story)  # with story.abstractive when the model has written it
        active = self.tabs.active
        if active == "sources":
            self.sources_view.show(story)
        elif active == "coverage":
            self.coverage_view.show(story)
        if self.mode != "extractive":
            self.ensure_abstractive()
        self._matches = None
        if self.find_bar.display:
            self.find_bar.find(0)

    def _show_no_story(self) -> None:
        """The filter hides every story: the views say so instead of keeping the last one."""
        self.summary_view.show(None)
        self.sources_view.show(None)
        self.coverage_view.show(None)
        matched = self.story_list.filter_text
        message = Text(f"No story matches “{matched}”. " if matched else "No story. ", style="dim")
        message.append("Esc clears the filter.", style="dim")
        self.summary_view.query_one(StoryHeading).show_message(message)
        if self.find_bar.display:
            self.find_bar.close()
        self._matches = None

    def goto_story(self, story_id: str) -> None:
        self.story_list.select(story_id)
        story = self.story_list.stories.get(story_id)
        if story is not None:
            self.show_story(story)
            self.focus_reader()

    def focus_reader(self) -> None:
        self.reader_widget().focus()

    def reader_widget(self):
        """The widget of the view shown, that the reader's keys go to."""
        active = self.tabs.active
        if active == "sources":
            return self.sources_view.query_one(SourceList)
        if active == "coverage":
            return self.coverage_view
        return self.summary_view.active_list()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.current is None:
            return
        if event.pane.id == "sources":
            self.sources_view.show(self.current)
        elif event.pane.id == "coverage":
            self.coverage_view.show(self.current, force=True)

    # ------------------------------------------------------------------ find in the story

    def action_find(self) -> None:
        if self.current is None:
            self.notify("No story to search yet.", severity="warning", markup=False)
            return
        self.find_bar.open()

    def action_find_letter(self) -> None:
        self.action_find()

    @on(FindBar.Find, "#story-find")
    def _find(self, event: FindBar.Find) -> None:
        event.stop()
        story = self.current
        if story is None:
            return
        pane = self.summary_view.active_list()
        key = (story.id, id(pane.summary), event.term.casefold())
        if getattr(self, "_matches", None) is None or self._matches[0] != key:
            self._matches = (key, find_matches(story, event.term, pane.summary), -1)
        _, matches, pos = self._matches
        self.summary_view.extractive.set_find(event.term)
        self.summary_view.abstractive.sentences.set_find(event.term)
        self.sources_view.set_find(event.term)
        if not matches:
            self.find_bar.show_count(None, 0)
            return
        pos = 0 if event.step == 0 or pos < 0 else (pos + event.step) % len(matches)
        self._matches = (key, matches, pos)
        match = matches[pos]
        self._goto_match(story, pane, match, event.term)
        where = "summary" if match.article is None else story.article(match.article).label
        self.find_bar.show_count(pos, len(matches), where)

    def _goto_match(self, story: Story, pane, match: Match, term: str) -> None:
        if match.article is None:
            self.tabs.active = "summary"
            pane.highlighted = match.index
        else:
            self.tabs.active = "sources"
            self.sources_view.show(story)
            self.sources_view.goto(match.article, match.index, term)

    @on(FindBar.Closed, "#story-find")
    def _find_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self._matches = None
        self.summary_view.extractive.set_find(None)
        self.summary_view.abstractive.sentences.set_find(None)
        self.sources_view.set_find(None)
        self.focus_reader()

    # ------------------------------------------------------------------ focus

    def action_focus(self) -> None:
        self.push_dialog(FocusScreen(self.options.focus), self._focus_chosen)

    def _focus_chosen(self, text: str | None) -> None:
        if text is None:
            return
        focus = text.strip() or None
        if focus == self.options.focus:
            return
        for story in self.story_list.stories.values():
            if story.id not in self.since_read:  # a desk story's shown summary may be its "new since read" one
                self._focus_summaries.setdefault((story.id, self.options.focus), story.summary)
        self.options.focus = focus  # stories still to come from the engine get it too
        self.story_list.by_focus = focus is not None
        if self.story_list.stories:
            self._status("focusing the summaries…" if focus else "back to the general summaries…", 0, 0)
            self.refocus(focus)

    @work(thread=True, exclusive=True, group="focus", exit_on_error=False)
    def refocus(self, focus: str | None) -> None:
        """Every story's summary again under the new focus: the story on show first."""
        worker = get_current_worker()
        stories = list(self.story_list.stories.values())
        stories.sort(key=lambda s: s is not self.current)
        # what was read (--seen) stays read under the new focus
        options = Options(
            cluster=self.options.cluster, max_words=self.options.max_words, max_sentences=self.options.max_sentences,
            focus=focus, seen_read=self.options.seen_read, seen_by_story=len(stories) > 1,
        )
        for n, story in enumerate(stories):
            if worker.is_cancelled:
                return
            since = self.since_read.get(story.id)
            summary = self._focus_summaries.get((story.id, focus)) if since is None else None
            if summary is None:
                summary, _ = story_summary(story.articles, options)
                if since is None:
                    self._focus_summaries[(story.id, focus)] = summary
            # a desk story's seen articles are its own read ones: no narrowing to the story
            new = story_summary(story.articles, replace(options, seen_by_story=False, seen_read=since.seen))[0] if since else None
            self.post_message(messages.Refocused(story, summary, new))
            self.post_message(messages.EngineStatus(f"focusing the summaries · {n + 1}/{plural(len(stories), 'story')}", n + 1, len(stories)))
        self.post_message(messages.FocusDone(focus))

    def action_toggle_new(self) -> None:
        story = self.current
        since = self.since_read.get(story.id) if story is not None else None
        if since is None:
            why = ("Nothing new in this story since you read it." if self.store_path is not None
                   else "New since last read is for the news desk's stories (summarize --tui with no PATH).")
            self.notify(why, markup=False)
            return
        since.showing_new = not since.showing_new
        self._refocused(story, since.shown)
        self.notify("What is new since you read it" if since.showing_new else "The whole story", timeout=1.5,
                    markup=False)

    def _refocused(self, story: Story, summary: Summary) -> None:
        if _texts(summary) != _texts(story.summary):
            if story.abstractive is not None:  # written from the other summary: shown as earlier, written again on r
                self._rewrites[(story.id, tuple(_texts(story.summary)))] = story.abstractive
                self._earlier_abstractive[story.id] = story.abstractive
            story.abstractive = self._rewrites.get((story.id, tuple(_texts(summary))))
            if story.abstractive is not None:  # back to a summary the model rewrote: that rewrite stands
                self._earlier_abstractive.pop(story.id, None)
        # (the same sentences: the model's rewrite of them stands)
        story.summary = summary
        if story is self.current:
            self.summary_view.story = None  # the views redraw the same story: its summary changed
            self.sources_view.story = None
            self.coverage_view.story = None
            self.mutate_reactive(SummarizeApp.current)

    @on(messages.FocusDone)
    def _focus_done(self, m: messages.FocusDone) -> None:
        focus = m.focus
        self.story_list.refresh_list()
        stories = list(self.story_list.stories.values())
        standing = [focus_order(s)[0] for s in stories] if focus else []
        answering = standing.count(0)
        touching = answering + standing.count(1)
        if touching and self.story_list.shown:
            self.story_list.options.highlighted = 0  # on the story that answers it best
            self.story_list.options.scroll_home(animate=False)
        # a focus no story touches leaves the reader on the story they were on (the top
        # story is no better an answer; a trial was moved off its story for nothing)
        if focus:
            # as parts, the question's own words shortest kept: at 80 columns the
            # line had ended "… (it comes …"
            said = (f"focus “{focus}”", "focus")
            if len(stories) == 1:  # "1 of 1 story answers it · it comes first" (a trial)
                self._status_done([said, ("the story answers it" if answering else "the story touches on it" if touching
                                          else "the story does not answer it; its general summary stands",) * 2])
            elif answering:
                self._status_done([said, (f"{answering} of {plural(len(stories), 'story')} {'answers' if answering == 1 else 'answer'} it",) * 2,
                                   (_come_first(answering), None)])
            elif touching:
                self._status_done([said, ("no story answers most of it", None),
                                   (f"{touching} of {plural(len(stories), 'story')} {'touches' if touching == 1 else 'touch'} on it",) * 2,
                                   (_come_first(touching), None)])
            else:
                self._status_done([said, ("no story answers it",) * 2, ("the general summaries stand", None)])
        else:
            self._status_done(f"general summaries · {plural(len(stories), 'story')}")

    # ------------------------------------------------------------------ links and copy

    def _source_in_view(self):
        """The article on show in the sources view, else the one the summary's cursor cites."""
        story = self.current
        if story is None:
            return None
        if self.tabs.active == "sources":
            return self.sources_view.query_one(ArticleView).article
        pane = self.summary_view.active_list()
        sentence = pane.sentence
        ids = cited_articles(story, sentence) if sentence is not None else []
        return story.article(ids[min(pane.cursor, len(ids) - 1)]) if ids else None

    def action_copy_url(self) -> None:
        copy_link(self, self._source_in_view())

    def action_open_link(self) -> None:
        open_link(self, self._source_in_view())

    def action_copy_quote(self) -> None:
        story = self.current
        if story is None:
            return
        if self.tabs.active == "sources":
            view = self.sources_view.query_one(ArticleView)
            copy_article_quote(self, story, view.article, view.highlight)
            return
        sentence = self.summary_view.active_list().sentence
        if sentence is None:
            self.notify("Move onto a summary sentence first.", severity="warning", markup=False)
            return
        self.copy_to_clipboard(quote_for_clipboard(story, sentence))
        self.notify("Copied the sentence and its sources.", markup=False)

    # ------------------------------------------------------------------ opening sources

    @on(OpenSource)
    def _open_source(self, event: OpenSource) -> None:
        event.stop()
        cited: list[tuple[str, int]] = []
        panel = self.summary_view.citations
        if panel.story is event.story:
            cited = [(c.article, c.sentence_index) for c in panel.entries]
        self.push_screen(ArticleScreen(event.story, event.article_id, event.sentence_index, cited))

    # ------------------------------------------------------------------ abstractive

    def ensure_abstractive(self) -> None:
        story = self.current
        pane = self.summary_view.abstractive
        if story is None:
            return
        if story.abstractive is not None:
            pane.show_summary(story, story.abstractive)
            return
        earlier = self._earlier_abstractive.get(story.id)
        if earlier is not None:
            pane.show_summary(story, earlier, earlier=True)
            return
        if self.no_model is not None:
            pane.show_message(self._no_model_text(self.no_model))
            return
        if self.model_story == story.id:
            # already at work on it: its last word again, for the view was redrawn (the
            # reader came back, or a focus re-ranked) and the pane had gone blank (a trial)
            pane.show_progress(*self._model_said.get(story.id, (None, "writing the summary…")))
            return
        if self.model_story is not None and self._touched and self._model_at_work():
            # The model finishes the story it is writing (a reader who looks at
            # another story and comes back finds it done, not started over);
            # this one comes next, or at once after x.  Until the reader's
            # first key or click, the story on show changes as stories arrive,
            # not by the reader: it replaces the one the model began.
            pane.show_progress(None, self._waiting_text(self.model_story))
            return
        self.model_story = story.id
        self._model_said = {story.id: (None, "loading the model…" if self.condenser is None else "writing the summary…")}
        pane.show_progress(*self._model_said[story.id])
        self.condense(story)

    def _waiting_text(self, story_id: str, progress: str = "") -> str:
        """What the story on show waits for: the model at work on another."""
        other = self.story_list.stories.get(story_id)
        name = f"“{_headline_start(other.headline)}”" if other is not None else "another story"
        at = f" ({progress})" if progress else ""
        return f"the model is finishing {name} first{at}; this story comes next (x stops that one)…"

    def _no_model_text(self, reason: str) -> Text:
        out = Text()
        if self.model_spec:
            out.append("The abstractive model cannot be loaded.\n\n", style="bold")
        else:
            out.append("No abstractive model is configured.\n\n", style="bold")
        out.append(reason + "\n\n")
        out.append(NO_MODEL_HELP, style="dim")
        return out

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def condense(self, story: Story) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int, message: str) -> None:
            if not worker.is_cancelled:
                self.post_message(messages.ModelProgress(story.id, done, total, message))

        try:
            if self.condenser is None:
                spec = self.model_spec or "the default model"
                progress(0, 0, f"loading {spec} (can take a while; x cancels)…")
                self.model_loading = True  # a load cannot be stopped half way: the launcher knows not to wait on it
                try:
                    self.condenser = self.loader(self.model_spec, progress)
                finally:
                    self.model_loading = False
            if worker.is_cancelled:
                self.post_message(messages.ModelCancelled(story.id))
                return
            written_from = story.summary
            summary = abstractive_summary(
                story,
                self.condenser,
                mode=self.abstractive_mode,
                max_words=self.options.max_words or 100,
                show_unsupported=self.show_unsupported,
                progress=progress,
                should_stop=lambda: worker.is_cancelled,
            )
        except ModelUnavailable as err:
            self.post_message(messages.NoModel(str(err)))
            return
        except Exception as err:  # noqa: BLE001 - shown to the reader, never a crash
            if isinstance(err, Cancelled) or worker.is_cancelled:
                self.post_message(messages.ModelCancelled(story.id))
            else:
                self.post_message(messages.ModelFailed(story.id, f"{type(err).__name__}: {err}"))
            return
        if worker.is_cancelled:
            self.post_message(messages.ModelCancelled(story.id))
            return
        self.post_message(messages.AbstractiveReady(story.id, summary, written_from))

    @on(messages.ModelProgress)
    def _model_progress(self, m: messages.ModelProgress) -> None:
        story_id = m.story_id
        story = self.story_list.stories.get(story_id)
        sentences = len(story.summary.sentences) if story is not None else 0
        share, message = model_progress(m.done, m.total, m.text, sentences)
        if self.model_story == story_id:
            self._model_said = {story_id: (share, message)}
        if self.current is not None and self.current.id == story_id and self.model_story == story_id:
            self.summary_view.abstractive.show_progress(share, message)
        elif (self.current is not None and self.model_story == story_id and self.mode != "extractive"
              and self.current.abstractive is None):
            self.summary_view.abstractive.show_progress(None, self._waiting_text(story_id, message))

    @on(messages.NoModel)
    def _model_unavailable(self, m: messages.NoModel) -> None:
        reason = m.reason
        self.no_model = reason
        self.model_story = None
        self.summary_view.abstractive.show_message(self._no_model_text(reason))

    @on(messages.ModelFailed)
    def _model_failed(self, m: messages.ModelFailed) -> None:
        story_id, message = m.story_id, m.error
        if self.model_story == story_id:
            self.model_story = None
        if self.current is not None and self.current.id == story_id:
            self.summary_view.abstractive.show_message(Text(f"The model failed on this story: {message}\nm tries again."))
        else:
            self._abstractive_next()

    @on(messages.ModelCancelled)
    def _model_cancelled(self, m: messages.ModelCancelled) -> None:
        story_id = m.story_id
        if self._model_at_work():
            # a worker replaced by a newer one ends cancelled: when the reader
            # (or the list, as stories arrive) left a story and came back, the
            # newer worker is at work on the same story and goes on
            return
        if self.model_story == story_id:
            self.model_story = None
        if self.current is not None and self.current.id == story_id:
            self.summary_view.abstractive.show_message(Text("Cancelled: the model stopped. m writes the summary again."))
            if self.mode != "extractive":
                # back to a summary to read: the trial was left on an empty abstractive view
                self._set_mode("extractive", "Abstractive summary cancelled: m writes it again.", timeout=4)
        else:
            self._abstractive_next()  # the story the reader waits on, now that the other one stopped

    def _offers_rewrite(self) -> bool:
        """An earlier abstractive summary is on show (r writes a new one)."""
        return self.mode != "extractive" and self.current is not None and self.current.id in self._earlier_abstractive

    def _model_at_work(self) -> bool:
        """A model worker is running (or about to) and not cancelled."""
        return any(
            w.group == "model" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) and not w.is_cancelled
            for w in self.workers
        )

    @on(messages.AbstractiveReady)
    def _abstractive_ready(self, m: messages.AbstractiveReady) -> None:
        story_id, summary = m.story_id, m.summary
        if self.model_story == story_id:
            self.model_story = None
        story = self.story_list.stories.get(story_id)
        if story is not None and _texts(story.summary) != _texts(m.written_from):
            story = None  # rewritten from a summary the focus has since replaced: not this story's
        if story is not None:
            story.abstractive = summary  # exports and coverage include it, as the CLI's --abstractive does
            if self.current is story:
                self.summary_view.abstractive.show_summary(self.current, summary)
                self.summary_view.refresh_heading()  # its word count, in the abstractive view
                if self.tabs.active == "coverage":
                    self.coverage_view.show(self.current, force=True)
        self._abstractive_next()

    def _abstractive_next(self) -> None:
        """The model is free: the story on show gets its turn if it waits."""
        if self.mode != "extractive" and self.current is not None and self.current.abstractive is None and self.model_story is None:
            self.ensure_abstractive()

    def action_rewrite(self) -> None:
        """The model writes the story's abstractive summary again, from the
        summary on show (the focus changed it since the one shown was written)."""
        story = self.current
        if story is None or self._earlier_abstractive.pop(story.id, None) is None:
            return
        self.ensure_abstractive()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in MAIN_ONLY and len(self.screen_stack) > 1:
            return False
        if action in READER_ACTIONS and isinstance(self.focused, Input):
            return False  # in the filter and find boxes, letters are typed
        if action == "filter" and isinstance(self.focused, Input):
            return False  # a priority key (the keys after it go to the box): in a box, / is typed
        if action in LIST_LETTERS and isinstance(self.focused, StoryOptions):
            return False  # on the story list these letters start the filter
        if action == "cancel_model":
            return self.model_story is not None
        if action == "rewrite":
            return self._offers_rewrite()
        if action == "toggle_stripped":
            try:
                return self.tabs.active == "sources"
            except Exception:  # noqa: BLE001 - not composed yet
                return False
        return True

    def offers(self, action: str) -> bool:
        """Whether the command palette offers ``action`` now: not "Cancel model"
        with no model at work, nor "New since read" or "Mark all stories read"
        outside the news desk, nor "Skipped inputs" when none was (trials
        found them listed where they could do nothing)."""
        if action == "cancel_model":
            return self.model_story is not None
        if action == "rewrite":
            return self._offers_rewrite()
        if action in ("toggle_new", "mark_all_read"):
            return self.store_path is not None
        if action == "show_skipped":
            return bool(self.problems)
        if action == "toggle_stripped":
            return self.tabs.active == "sources"
        return True

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_dialog(HelpScreen())

    def action_help_letter(self) -> None:
        self.action_help()

    def action_quit_letter(self) -> None:
        self.exit()

    def action_view(self, name: str) -> None:
        self.tabs.active = name
        self.focus_reader()

    def action_set_mode(self, mode: str) -> None:
        self._set_mode(mode, f"{MODE_NAMES[mode]} summary")

    def _set_mode(self, mode: str, note: str, timeout: float = 1.5) -> None:
        self.mode = mode
        self.summary_view.set_mode(mode)
        self.tabs.active = "summary"
        self._fit_side_by_side()
        if mode != "extractive":
            self.ensure_abstractive()
        self.notify(note, timeout=timeout, markup=False)
        self.refresh_bindings()

    def action_toggle_stories(self) -> None:
        box = self.story_list
        box.display = not box.display
        self._stories_auto_hidden = False
        if not box.display and (self.focused is None or isinstance(self.focused, (StoryOptions, FilterInput))):
            self.focus_reader()

    def _fit_side_by_side(self, size=None) -> None:
        """Side by side needs the width: on a narrow screen the story list steps aside (w brings it back)."""
        box = self.story_list
        width = (size or self.size).width
        narrow = width < 130
        tiny = width < 64  # any mode: the reader alone gets the width (Esc / w bring the list back)
        if (tiny or (self.mode == "both" and narrow)) and box.display:
            box.display = False
            self._stories_auto_hidden = True
            # the main screen's focus, also under a dialog (help, export): keys typed after it closes
            # went into the hidden filter box
            focused = self.screen_stack[0].focused if self.screen_stack else self.focused
            if focused is None or isinstance(focused, (StoryOptions, FilterInput)):
                self.focus_reader()
        elif not tiny and (self.mode != "both" or not narrow) and getattr(self, "_stories_auto_hidden", False):
            box.display = True
            self._stories_auto_hidden = False

    def _fit_height(self, size=None) -> None:
        """On a short terminal the heading and the sources panel shrink so the
        summary keeps some lines (styles.tcss, ``.-short``); on a narrow one
        the footer packs its keys tighter (FOOTER_COMPACT_WIDTH)."""
        if self.screen_stack:
            size = size or self.size
            self.screen_stack[0].set_class(size.height < 22, "-short")
            for footer in self.screen_stack[0].query(Footer):
                footer.compact = size.width < FOOTER_COMPACT_WIDTH
                # Ctrl+P stays in the help (F1); the room goes to the keys of the view
                palette = size.width >= FOOTER_PALETTE_WIDTH
                if footer.show_command_palette != palette:
                    footer.show_command_palette = palette
                    footer.refresh(recompose=True)  # not a recomposing reactive

    def on_resize(self, event: events.Resize) -> None:
        # runs before App._on_resize records the new size: use the event's
        self._fit_side_by_side(event.size)
        self._fit_height(event.size)
        self._fit_status(event.size.width)
        # the story list re-wraps at the new width: keep the reader's story in view
        self.call_after_refresh(self.story_list.options.scroll_to_highlight)

    def action_cycle_mode(self) -> None:
        self.action_set_mode(MODES[(MODES.index(self.mode) + 1) % len(MODES)])

    def action_cancel_model(self) -> None:
        if self.model_story is None:
            return
        self.workers.cancel_group(self, "model")
        why = " (a model that is still loading stops once loaded)" if self.model_loading else ""
        self.summary_view.abstractive.show_progress(None, "cancelling…" + why)

    def action_toggle_stripped(self) -> None:
        self.sources_view.toggle_stripped()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_filter(self) -> None:
        self.story_list.display = True
        box = self.query_one(FilterInput)
        # at once, not on the next turn as focus() does: the keys typed right
        # after / (a paste, a fast typist) must reach the box, not the widget before it
        self.screen.set_focus(box)
        # / starts a new filter: the one standing is selected, so what is typed replaces it (→ or
        # End keeps it to refine); a trial's "/zzqx" over "syria" filtered for "syriazzqx"
        box.selection = Selection(0, len(box.value))

    def action_to_stories(self) -> None:
        if not self.story_list.display:
            self.story_list.display = True
            self._stories_auto_hidden = False
        self.query_one(StoryOptions).focus()

    def push_dialog(self, dialog, callback=None) -> None:
        """Push a dialog; when it closes the keyboard goes back to the widget
        that had it.  Textual gives the main screen's focus back only if that
        widget is still there and shown: one hidden or replaced under the
        dialog (the summary redrawn as the model works) left no focus, and
        Textual then focused the first focusable widget, the story filter,
        where the next keys typed went (a trial, after an export)."""
        main = self.screen_stack[0]
        before = main.focused

        def closed(result) -> None:
            if callback is not None:
                callback(result)
            self.call_after_refresh(self._focus_back, main, before)

        self.push_screen(dialog, closed)

    def _focus_back(self, main, before) -> None:
        if self.screen is not main:
            return  # another dialog opened meanwhile (the export's "replace it?"): it has the keys
        chain = main.focus_chain
        if before is not None and before in chain:  # still there, shown and focusable
            main.set_focus(before)
        elif main.focused is None or isinstance(main.focused, FilterInput):
            # the reader's view; none where it is hidden itself (the abstractive summary behind
            # the model's progress): the keys then go to the app's own, as before the dialog
            reader = self.reader_widget()
            main.set_focus(reader if reader in chain else None)

    def action_export(self, fmt: str | None = None) -> None:
        story = self.current
        if story is None:
            self.notify("No story to export yet.", severity="warning", markup=False)
            return
        ext = ".json" if fmt == "json" else ".md"

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.export_story(story, *result)

        inputs = self.paths if self.store_path is None else [str(self.store_path)]
        self.push_dialog(ExportScreen(default_export_path(slug(story.headline) + ext), story.headline, inputs), done)

    def export_story(self, story: Story, path: str, fmt: str) -> Path | None:
        from summarize.output import write_atomically
        from summarize.render import render

        target = Path(path).expanduser().absolute()
        try:
            write_atomically(str(target), render([story], fmt))
        except OSError as err:
            self.notify(f"Cannot write {target}: {err.strerror or err}", severity="error", markup=False)
            return None
        # the file's name on a line of its own: the whole path wrapped in the toast left a
        # piece of the name on its last line ("t.md"), read in a trial as a leftover of the dialog
        self.notify(f"Exported ({fmt}):\n{target.name}\nin {target.parent}", markup=False)
        return target

    # ------------------------------------------------------------------ coordination

    def on_unmount(self) -> None:
        self.workers.cancel_all()
        story = self.current
        state.save(
            self.state_path,
            state.Remembered(
                theme=self.theme, mode=self.mode, story_id=story.id if story else self.remembered.story_id,
                headline=story.headline if story else self.remembered.headline,
            ),
        )


def _come_first(n: int) -> str:
    """The focus status's last part, for the n stories that answer or touch the question."""
    return "it comes first" if n == 1 else "they come first"


def _texts(summary: Summary) -> list[str]:
    return [s.text for s in summary.sentences]


def _headline_start(headline: str, words: int = 8) -> str:
    """A headline's first words, to name a story in a status message."""
    text = display_text(headline)
    return first_words(text, words) + (" …" if word_count(text) > words else "")
