"""One source article: heading, cleaned text (a sentence highlighted), or the
text as read with the stripped boilerplate struck through."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from summarize.lexicon import word_count
from summarize.records import Article, Story
from summarize.render import display_date, plural

from ..data import DIM, HIGHLIGHT, article_heading, article_paragraphs, mark_found, raw_with_stripped_at


class Paragraph(Static):
    pass


def target_offset(text: Text, term: str | None) -> int | None:
    """Where in ``text`` the highlighted sentence starts, or the find term
    in it when there is one; None if no sentence is highlighted."""
    span = next((s for s in text.spans if str(s.style) == HIGHLIGHT), None)
    if span is None:
        return None
    if term and term.strip():
        at = text.plain.casefold().find(term.strip().casefold(), span.start, span.end)
        if at >= 0:
            return at
    return span.start


def wrapped_row(text: Text, offset: int, width: int, console) -> int:
    """The row, once ``text`` is wrapped to ``width`` cells, of character ``offset``."""
    row = pos = 0
    for physical in text.split("\n", allow_blank=True):
        for line in physical.wrap(console, width):
            end = pos + len(line.plain)
            if offset < end:
                return row
            pos, row = end, row + 1
        pos += 1  # the newline
        if offset < pos:
            return max(0, row - 1)
    return max(0, row - 1)


class ArticleView(VerticalScroll):
    """Scrollable article.  ``show(...)`` replaces the content."""

    can_focus = True

    def __init__(self, opening: tuple[Story, Article, int | None] | None = None, **kwargs) -> None:
        """``opening``: (story, article, highlighted sentence) to show once mounted,
        so the screen that holds the view needs no on_mount of its own."""
        super().__init__(**kwargs)
        self.opening = opening
        self.story: Story | None = None
        self.article: Article | None = None
        self.highlight: int | None = None
        self.stripped = False
        self.target: Paragraph | None = None
        self.cited: set[int] | None = None
        self.find_term: str | None = None

    def on_mount(self) -> None:
        if self.opening is not None:
            self.show(*self.opening)

    def clear(self) -> None:
        """No article: the filter hid every story (the last one's text stayed, as if it matched)."""
        self.story = self.article = None
        self.highlight = self.target = None
        self.remove_children()

    def show(
        self,
        story: Story,
        article: Article,
        highlight: int | None = None,
        stripped: bool | None = None,
        cited: set[int] | None = None,
        find: str | None = None,
    ) -> None:
        """``find``: a term to mark wherever it occurs (the find box)."""
        self.story, self.article, self.highlight = story, article, highlight
        self.cited, self.find_term = cited, find
        if stripped is not None:
            self.stripped = stripped
        self.remove_children()
        widgets: list[Static] = [Static(article_heading(story, article), classes="article-heading")]
        info = Text()
        n = len(article.sentences)
        info.append(f"{plural(n, 'sentence')} · {plural(word_count(article.text), 'word')}", style=DIM)
        if article.date:
            info.append(f" · {display_date(article.date)}", style=DIM)
        if article.credits:
            info.append(" · credits " + ", ".join(article.credits), style=DIM)
        removed = len(article.removed)
        info.append(
            f" · {plural(removed, 'boilerplate line')} stripped ("
            + ("shown struck through" if self.stripped else "b shows them")
            + ")",
            style=DIM,
        )
        widgets.append(Static(info, classes="article-info"))
        self.target = None
        if self.stripped:
            # the text as read, cut around the highlighted sentence's line so it can be scrolled to
            raw, line = raw_with_stripped_at(article, highlight)
            mark_found(raw, find)
            lines = raw.split("\n", allow_blank=True)
            if line is None:
                widgets.append(Paragraph(raw, classes="raw"))
            else:
                end = line + 1
                while end < len(lines) and lines[end].plain.strip() and highlight is not None:
                    end += 1  # the sentence may run over several lines of the input
                parts = [(lines[:line], False), (lines[line:end], True), (lines[end:], False)]
                for chunk, is_target in parts:
                    if not chunk:
                        continue
                    para = Paragraph(Text("\n").join(chunk), classes="raw")
                    if is_target:
                        para.add_class("target")
                        self.target = para
                    widgets.append(para)
        else:
            texts, target = article_paragraphs(article, highlight, cited)
            for p, text in enumerate(texts):
                para = Paragraph(mark_found(text, find))
                if p == target:
                    para.add_class("target")
                    self.target = para
                widgets.append(para)
        self.mount_all(widgets)
        self.scroll_home(animate=False)
        if self.target is not None:
            self.call_after_refresh(self._scroll_to_target)

    def _scroll_to_target(self) -> None:
        para = self.target
        if para is None or not para.is_attached:
            return
        content = para.content
        offset = target_offset(content, self.find_term) if isinstance(content, Text) else None
        width = para.content_region.width
        if offset is None or width <= 0:
            self.scroll_to_widget(para, animate=False, center=True)
            return
        # A paragraph can be the whole article (a wire story with no blank line):
        # centring the paragraph showed its top, the match 40 lines below it.
        # Centre the line that holds the match (or the sentence's start) instead.
        row = para.virtual_region.y + para.styles.gutter.top + wrapped_row(content, offset, width, self.app.console)
        self.scroll_to(y=max(0, row - self.scrollable_content_region.height // 2), animate=False)

    def toggle_stripped(self) -> None:
        if self.story is not None and self.article is not None:
            self.show(self.story, self.article, self.highlight, not self.stripped, self.cited, self.find_term)

    def plain(self) -> str:
        """What the view shows, as plain text (for tests and copy)."""
        out = []
        for child in self.query(Static):
            content = child.content
            out.append(content.plain if hasattr(content, "plain") else str(content))
        return "\n".join(out)
