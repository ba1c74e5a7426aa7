"""Every article of the story: outlet and title, its cleaned text in full, and
(toggle) what the cleaner stripped."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summarize.records import Story

from ..data import article_heading
from .article_view import ArticleView


class SourceList(OptionList):
    pass


class SourcesView(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self.stripped = False

    def compose(self) -> ComposeResult:
        yield SourceList(id="source-list")
        yield ArticleView(id="source-article")

    def show(self, story: Story | None) -> None:
        if story is self.story:
            return
        self.story = story
        box = self.query_one(SourceList)
        box.clear_options()
        if story is None:
            return
        box.add_options(Option(article_heading(story, a), id=a.id) for a in story.articles)
        box.highlighted = 0

    def cited_in_summary(self, article_id: str) -> set[int]:
        if self.story is None:
            return set()
        return {c.sentence_index for s in self.story.summary.sentences for c in s.citations if c.article == article_id}

    @on(OptionList.OptionHighlighted, "#source-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.story is None:
            return
        article = self.story.article(event.option.id)
        self.query_one(ArticleView).show(
            self.story, article, None, stripped=self.stripped, cited=self.cited_in_summary(article.id)
        )

    @on(OptionList.OptionSelected, "#source-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(ArticleView).focus()

    def toggle_stripped(self) -> None:
        self.stripped = not self.stripped
        view = self.query_one(ArticleView)
        if view.article is not None:
            view.show(view.story, view.article, None, stripped=self.stripped, cited=self.cited_in_summary(view.article.id))
