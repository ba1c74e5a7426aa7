"""A summary as a list of sentences, each with its citation marks.

↑/↓ move between sentences, ←/→ between the citation marks of the sentence,
Enter opens the source article of the mark under the cursor.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summarize.records import Story, Summary, SummarySentence
from summarize.render import citation_numbers

from ..actions import bindings
from ..messages import OpenSource
from ..data import cited_articles, sentence_prompt


class SentenceList(OptionList):
    BINDINGS = bindings("sentences")

    class Moved(Message):
        """The reader is now on ``sentence`` (and citation mark ``cursor``)."""

        def __init__(self, pane: "SentenceList", story: Story, summary: Summary, index: int, cursor: int) -> None:
            super().__init__()
            self.pane = pane
            self.story = story
            self.summary = summary
            self.index = index
            self.cursor = cursor

        @property
        def sentence(self) -> SummarySentence:
            return self.summary.sentences[self.index]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self.summary: Summary | None = None
        self.cursor = 0
        self.find_term: str | None = None  # marked in every sentence while the find box is open

    def show(self, story: Story | None, summary: Summary | None) -> None:
        same = story is self.story and summary is self.summary
        self.story, self.summary = story, summary
        if same and self.option_count:
            return
        self.cursor = 0
        self.clear_options()
        if story is None or summary is None:
            return
        numbers = self._numbers = citation_numbers(story)
        first = self._own_mark(0)
        self.add_options(
            Option(
                sentence_prompt(story, n + 1, s, first if n == 0 else None, True, self.find_term, numbers=numbers),
                id=f"s{n}",
            )
            for n, s in enumerate(summary.sentences)
        )
        if summary.sentences:
            self.highlighted = 0

    @property
    def sentence(self) -> SummarySentence | None:
        if self.summary is None or self.highlighted is None or self.highlighted >= len(self.summary.sentences):
            return None
        return self.summary.sentences[self.highlighted]

    def _render_prompt(self, index: int, cursor: int | None, numbers: dict[str, int] | None = None) -> None:
        if self.story is None or self.summary is None or index >= min(len(self.summary.sentences), self.option_count):
            return
        prompt = sentence_prompt(
            self.story, index + 1, self.summary.sentences[index], cursor, True, self.find_term, numbers=numbers
        )
        self.replace_option_prompt_at_index(index, prompt)

    def set_find(self, term: str | None) -> None:
        """Mark ``term`` in every sentence (None: no marks)."""
        if term == self.find_term:
            return
        self.find_term = term
        if self.story is None:
            return
        numbers = citation_numbers(self.story)
        for n in range(self.option_count):
            self._render_prompt(n, self.cursor if n == self.highlighted else None, numbers)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        if old is not None and old != new:
            self._render_prompt(old, None)
        self.cursor = 0 if new is None else self._own_mark(new)
        if new is not None:
            self._render_prompt(new, self.cursor)
            self._announce()

    _numbers: dict[str, int] | None = None  # the shown story's citation numbers (show() works them out)

    def _own_mark(self, index: int) -> int:
        """The mark of sentence ``index``'s own source, its first citation (the
        word-for-word one), where the cursor starts: Enter opens it, and the
        sources panel, which lists it first, starts on it.  The marks go by
        number, so it need not be the first mark ([1] a 65% match, [3] its own)."""
        if self.story is None or self.summary is None or index >= len(self.summary.sentences):
            return 0
        sentence = self.summary.sentences[index]
        ids = cited_articles(self.story, sentence, numbers=self._numbers)
        own = next((c.article for c in sentence.citations if c.article in ids), None)
        return ids.index(own) if own is not None else 0

    def _announce(self) -> None:
        if self.story is not None and self.summary is not None and self.highlighted is not None:
            self.post_message(self.Moved(self, self.story, self.summary, self.highlighted, self.cursor))

    def on_focus(self) -> None:
        self._announce()

    def _on_resize(self) -> None:
        # the line cache is rebuilt for the new width: keep the reader's sentence in view
        # (else "Sentence 4 of 4" below while the list shows 1-2)
        super()._on_resize()
        self.call_after_refresh(self.scroll_to_highlight)

    def action_mark(self, step: int) -> None:
        sentence = self.sentence
        if sentence is None or self.story is None:
            return
        count = len(cited_articles(self.story, sentence))
        if not count:
            return
        self.cursor = (self.cursor + step) % count
        self._render_prompt(self.highlighted, self.cursor)
        self._announce()

    def set_cursor(self, cursor: int) -> None:
        """Follow the citation panel when the reader moves there."""
        if self.highlighted is None or cursor == self.cursor:
            return
        self.cursor = cursor
        self._render_prompt(self.highlighted, cursor)

    def action_open(self) -> None:
        sentence = self.sentence
        if sentence is None or self.story is None:
            return
        ids = cited_articles(self.story, sentence)
        if not ids:
            self.app.bell()
            self.notify("No source carries this sentence.", severity="warning", markup=False)
            return
        aid = ids[min(self.cursor, len(ids) - 1)]
        index = next((c.sentence_index for c in sentence.citations if c.article == aid), -1)
        self.post_message(OpenSource(self.story, aid, index))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # a click only moves the reader onto the sentence; Enter (bound above) opens
        event.stop()
