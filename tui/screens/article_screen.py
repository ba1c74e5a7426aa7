"""A source article opened from a summary sentence, that sentence highlighted
and scrolled into view.  Escape (or Backspace) goes back to where the reader was."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from summarize.coverage import outlet_name
from summarize.records import Story
from summarize.render import citation_numbers, display_text

from ..actions import bindings
from ..data import find_matches
from ..links import copy_article_quote, copy_link, open_link
from ..widgets.article_view import ArticleView
from ..widgets.find_bar import FindBar
from ..widgets.screen_header import ScreenHeader


class ArticleScreen(Screen):
    BINDINGS = bindings("article")
    SUB_TITLE = "source"
    # Nothing is set up in on_mount: Enter then Esc typed ahead can dismiss this
    # screen before its children mount, and a query there finds nothing.  The
    # view shows its article when it mounts itself; the screen focuses it.
    AUTO_FOCUS = "#article-view"

    def __init__(self, story: Story, article_id: str, sentence_index: int, cited: list[tuple[str, int]] | None = None) -> None:
        super().__init__()
        self.story = story
        self.article_id = article_id
        self.sentence_index = sentence_index
        # every (article, sentence) carrying the sentence the reader came from, for n/p
        self.cited = cited or [(article_id, sentence_index)]
        self._name_source()

    def _name_source(self) -> None:
        """The title bar names the source on show: the article's own heading
        scrolls away with its text, and n / p change the source under it."""
        article = self.story.article(self.article_id)
        number = citation_numbers(self.story).get(self.article_id)
        outlet = display_text(outlet_name(article))
        self.sub_title = f"source [{number}] {outlet}" if number else f"source · {outlet}"

    def compose(self) -> ComposeResult:
        yield ScreenHeader()
        index = self.sentence_index if self.sentence_index >= 0 else None
        yield ArticleView(id="article-view", opening=(self.story, self.story.article(self.article_id), index))
        yield FindBar("find in this article", id="article-find")
        yield Footer()

    def _show(self, stripped: bool | None = None) -> None:
        self._name_source()
        article = self.story.article(self.article_id)
        view = self.query_one(ArticleView)
        index = self.sentence_index if self.sentence_index >= 0 else None
        bar = self.query_one(FindBar)
        view.show(self.story, article, index, stripped=stripped, find=bar.term or None)
        if not bar.display:
            view.focus()

    def action_copy_url(self) -> None:
        copy_link(self.app, self.story.article(self.article_id))

    def action_open_link(self) -> None:
        open_link(self.app, self.story.article(self.article_id))

    def action_copy_quote(self) -> None:
        index = self.sentence_index if self.sentence_index >= 0 else None
        copy_article_quote(self.app, self.story, self.story.article(self.article_id), index)

    def action_find(self) -> None:
        self.query_one(FindBar).open()

    @on(FindBar.Find)
    def _find(self, event: FindBar.Find) -> None:
        event.stop()
        matches = find_matches(self.story, event.term, article_id=self.article_id)
        bar = self.query_one(FindBar)
        if not matches:
            self._show()
            bar.show_count(None, 0)
            return
        indexes = [m.index for m in matches]
        if event.step == 0:  # from where the reader is
            pos = next((n for n, i in enumerate(indexes) if i >= self.sentence_index), 0)
        else:
            here = indexes.index(self.sentence_index) if self.sentence_index in indexes else -1
            pos = (here + event.step) % len(indexes) if here >= 0 or event.step > 0 else len(indexes) - 1
        self.sentence_index = indexes[pos]
        self._show()
        bar.show_count(pos, len(indexes))

    @on(FindBar.Closed)
    def _find_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        self._show()

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_stripped(self) -> None:
        view = self.query_one(ArticleView)
        self._show(stripped=not view.stripped)

    def action_next_source(self, step: int) -> None:
        if len(self.cited) < 2:
            self.app.bell()
            self.notify("Only this source carries the sentence." if self.cited else "No sentence's sources to step through here.",
                        timeout=2, markup=False)
            return
        pos = next((n for n, c in enumerate(self.cited) if c == (self.article_id, self.sentence_index)), 0)
        self.article_id, self.sentence_index = self.cited[(pos + step) % len(self.cited)]
        self._show()
