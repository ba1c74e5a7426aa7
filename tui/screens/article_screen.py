"""A source article opened from a summary sentence, that sentence highlighted
and scrolled into view.  Escape (or Backspace) goes back to where the reader was."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from summarize.records import Story

from ..widgets.article_view import ArticleView


class ArticleScreen(Screen):
    BINDINGS = [
        Binding("escape,backspace,q", "back", "Back"),
        Binding("b", "toggle_stripped", "Boilerplate"),
        Binding("n", "next_source(1)", "Next source"),
        Binding("p", "next_source(-1)", "Prev source"),
    ]

    def __init__(self, story: Story, article_id: str, sentence_index: int, cited: list[tuple[str, int]] | None = None) -> None:
        super().__init__()
        self.story = story
        self.article_id = article_id
        self.sentence_index = sentence_index
        # every (article, sentence) carrying the sentence the reader came from, for n/p
        self.cited = cited or [(article_id, sentence_index)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield ArticleView(id="article-view")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "source"
        self._show()

    def _show(self, stripped: bool | None = None) -> None:
        article = self.story.article(self.article_id)
        view = self.query_one(ArticleView)
        index = self.sentence_index if self.sentence_index >= 0 else None
        view.show(self.story, article, index, stripped=stripped)
        view.focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_toggle_stripped(self) -> None:
        view = self.query_one(ArticleView)
        self._show(stripped=not view.stripped)

    def action_next_source(self, step: int) -> None:
        if len(self.cited) < 2:
            self.app.bell()
            return
        pos = next((n for n, c in enumerate(self.cited) if c == (self.article_id, self.sentence_index)), 0)
        self.article_id, self.sentence_index = self.cited[(pos + step) % len(self.cited)]
        self._show()
