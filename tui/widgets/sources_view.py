"""Every article of the story: outlet and title, its cleaned text in full, and
(toggle) what the cleaner stripped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summarize.records import Story
from summarize.render import citation_numbers

from ..data import article_heading
from .article_view import ArticleView


class SourceList(OptionList):
    pass


class SourcesView(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self.stripped = False
        self.find_term: str | None = None  # marked in the article while the find box is open
        self._goto: tuple[str, int] | None = None  # (article, sentence) to show once highlighted

    def compose(self) -> ComposeResult:
        yield SourceList(id="source-list")
        yield ArticleView(id="source-article")

    def show(self, story: Story | None) -> None:
        if story is self.story:
            return
        self.story = story
        self._goto = None
        box = self.query_one(SourceList)
        box.clear_options()
        if story is None:
            self.query_one(ArticleView).clear()
            return
        numbers = citation_numbers(story)
        box.add_options(Option(article_heading(story, a, numbers=numbers), id=a.id) for a in story.articles)
        box.highlighted = 0

    def cited_in_summary(self, article_id: str) -> set[int]:
        if self.story is None:
            return set()
        return {c.sentence_index for s in self.story.summary.sentences for c in s.citations if c.article == article_id}

    @on(OptionList.OptionHighlighted, "#source-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # a message from the list of the story before (the reader stepped on while
        # it waited) names an article of that story: it crashed the app (a trial)
        if self.story is None or all(a.id != event.option.id for a in self.story.articles):
            return
        self._show_article(event.option.id)

    def _show_article(self, article_id: str) -> None:
        if self.story is None:
            return
        article = self.story.article(article_id)
        index = self._goto[1] if self._goto is not None and self._goto[0] == article_id else None
        self.query_one(ArticleView).show(
            self.story, article, index, self.stripped, self.cited_in_summary(article.id), self.find_term
        )

    def goto(self, article_id: str, sentence_index: int | None, find: str | None = None) -> None:
        """Show one article at one sentence (the find box's matches)."""
        if self.story is None:
            return
        self.find_term = find
        self._goto = (article_id, sentence_index) if sentence_index is not None else None
        box = self.query_one(SourceList)
        position = next((n for n, a in enumerate(self.story.articles) if a.id == article_id), None)
        if position is None:
            return
        if box.highlighted == position:
            self._show_article(article_id)
        else:
            box.highlighted = position  # its Highlighted message shows the article

    def set_find(self, term: str | None) -> None:
        """Mark ``term`` in the article on show (None: no marks)."""
        if term == self.find_term:
            return
        self.find_term = term
        view = self.query_one(ArticleView)
        if view.article is not None:
            self._show_article(view.article.id)

    @on(OptionList.OptionSelected, "#source-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(ArticleView).focus()

    def toggle_stripped(self) -> None:
        self.stripped = not self.stripped
        view = self.query_one(ArticleView)
        if view.article is not None:
            self._show_article(view.article.id)
