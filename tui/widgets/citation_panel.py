"""Which sources carry the sentence under the cursor, with the quoted source sentences."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from summarize.coverage import sentence_coverage
from summarize.records import Citation, Story, Summary
from summarize.render import citation_numbers, plural, shown_origin, shows_independent

from ..actions import bindings
from ..messages import OpenSource
from ..data import DIM, FLAG, ORIGIN_HELP, UNSUPPORTED, cited_articles, citation_prompt, no_named_outlet


class CitationList(OptionList):
    BINDINGS = bindings("citations")


class CitationPanel(Vertical):
    """Header line plus one option per citing article (Enter or a click opens it)."""

    class CursorMoved(Message):
        def __init__(self, cursor: int) -> None:
            super().__init__()
            self.cursor = cursor

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self.entries: list[Citation] = []
        self.marks: list[str] = []  # the articles of the sentence's marks, in their order
        self._syncing = False

    def compose(self) -> ComposeResult:
        yield Static(Text("Move onto a summary sentence to see its sources.", style=DIM), id="cite-head")
        yield CitationList(id="citations")

    def clear(self, message: str = "") -> None:
        self.story = None
        self.entries = []
        self.marks = []
        self.query_one("#cite-head", Static).update(Text(message, style=DIM))
        self.query_one(CitationList).clear_options()

    def show(self, story: Story, summary: Summary, index: int, cursor: int) -> None:
        sentence = summary.sentences[index]
        self.story = story
        cov = sentence_coverage(story, summary)[index]
        head = Text()
        head.append(f"Sentence {index + 1} of {len(summary.sentences)}", style="bold")
        head.append(f" ({summary.method})", style=DIM)
        head.append(" · carried by ")
        if story.outlets and not cov.outlets and cov.unknown:  # not "0 of 3 outlets": who carries it
            head.append(f"{cov.unknown}", style="bold")
            head.append(f" {'article' if cov.unknown == 1 else 'articles'} of unknown outlet, {no_named_outlet(story)}")
        elif story.outlets:
            head.append(f"{cov.outlets}", style="bold")
            head.append(f" of {plural(story.outlets, 'outlet')}")
            if cov.unknown:
                head.append(f" and {plural(cov.unknown, 'article')} of unknown outlet")
        else:  # no outlet known: the articles that carry it
            head.append(f"{len(cov.articles)}", style="bold")
            head.append(f" of {plural(len(story.articles), 'article')}, outlet unknown")
        if shows_independent(story):
            # "3 of 3 outlets · 1 of unknown outlet (2 of 3 independent sources)" read as three counts
            # of one thing (a user trial): the independent count is the story's, said so
            head.append(f" · {cov.independent} of the story's {plural(story.independent_sources, 'independent source')}")
        if shown_origin(sentence) in ORIGIN_HELP:
            head.append("\n" + ORIGIN_HELP[shown_origin(sentence)], style=DIM)
        if sentence.supported is False:
            head.append("\n✗ not supported by any source", style=UNSUPPORTED)
        for flag in sentence.flags:
            head.append("\n⚠ " + flag, style=FLAG)
        if not sentence.citations:
            head.append("\nNo source sentence carries it.", style=DIM)
        self.query_one("#cite-head", Static).update(head)
        numbers = citation_numbers(story)
        # the sentence's marks ([1][3]) go by citation number; the panel lists the sources as the
        # JSON does, in the sentence's citation order: its own (word-for-word) source first, then
        # the others by match.  By number, a trial found a 65% match above the sentence's source.
        self.marks = cited_articles(story, sentence, numbers=numbers)
        self.entries = [c for c in sentence.citations if c.article in numbers]
        box = self.query_one(CitationList)
        box.clear_options()
        box.add_options(
            Option(citation_prompt(story, c.article, c.quote, c.similarity, numbers=numbers, sentence=sentence.text), id=f"c{n}")
            for n, c in enumerate(self.entries)
        )
        self.follow(cursor)

    def follow(self, cursor: int) -> None:
        """Highlight the first citation of the article under the sentence's mark cursor."""
        if not self.entries or self.story is None:
            return
        target = self.marks[min(cursor, len(self.marks) - 1)]
        index = next(n for n, c in enumerate(self.entries) if c.article == target)
        box = self.query_one(CitationList)
        self._syncing = True
        box.highlighted = index
        self._syncing = False

    @on(OptionList.OptionHighlighted, "#citations")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self._syncing or not self.entries:
            return
        c = self.entries[event.option_index]
        self.post_message(self.CursorMoved(self.marks.index(c.article)))  # the mark of its article

    @on(OptionList.OptionSelected, "#citations")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.story is None or not self.entries:
            return
        c = self.entries[event.option_index]
        self.post_message(OpenSource(self.story, c.article, c.sentence_index))
