"""Messages shared by several widgets."""

from __future__ import annotations

from textual.message import Message

from summarize.records import Story


class OpenSource(Message):
    """Open an article of ``story`` at one of its sentences."""

    def __init__(self, story: Story, article_id: str, sentence_index: int) -> None:
        super().__init__()
        self.story = story
        self.article_id = article_id
        self.sentence_index = sentence_index
