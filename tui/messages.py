"""The reading room's messages.  Widgets post ``OpenSource``; the engine's
thread workers (reading, clustering, the desk, focus, the model) post the
rest to the app, which is the only place that changes the screen
(``post_message`` is thread-safe: no worker touches a widget)."""

from __future__ import annotations

from textual.message import Message

from summarize.records import Story, Summary


class OpenSource(Message):
    """Open an article of ``story`` at one of its sentences."""

    def __init__(self, story: Story, article_id: str, sentence_index: int) -> None:
        super().__init__()
        self.story = story
        self.article_id = article_id
        self.sentence_index = sentence_index


# -- the engine worker: reading and grouping articles, or reading the desk


class EngineStatus(Message):
    """Progress line: ``done`` of ``total`` (total 0: no count known)."""

    def __init__(self, text: str, done: int = 0, total: int = 0) -> None:
        super().__init__()
        self.text, self.done, self.total = text, done, total


class ArticlesLoaded(Message):
    def __init__(self, count: int, problems: list[tuple[str, str]]) -> None:
        super().__init__()
        self.count = count
        self.problems = problems  # (input, why it was skipped)


class StoryReady(Message):
    """One more story; from the desk with its reading state, ties, and for an
    updated story what is new since the reader read it (``since``)."""

    def __init__(self, story: Story, status: str | None = None, ties: dict | None = None, since=None) -> None:
        super().__init__()
        self.story, self.status, self.ties, self.since = story, status, ties, since


class EngineFinished(Message):
    pass


class MarkedRead(Message):
    """The desk's store now has these stories read (None: every story)."""

    def __init__(self, story_ids: list[str] | None) -> None:
        super().__init__()
        self.story_ids = story_ids


# -- the focus worker


class Refocused(Message):
    """The story's summary under the new focus (``new``: and its "new since
    read" summary, for an updated desk story)."""

    def __init__(self, story: Story, summary: Summary, new: Summary | None = None) -> None:
        super().__init__()
        self.story, self.summary, self.new = story, summary, new


class FocusDone(Message):
    def __init__(self, focus: str | None) -> None:
        super().__init__()
        self.focus = focus


# -- the model worker (one story at a time)


class ModelProgress(Message):
    def __init__(self, story_id: str, done: int, total: int, text: str) -> None:
        super().__init__()
        self.story_id, self.done, self.total, self.text = story_id, done, total, text


class NoModel(Message):
    """No model can be had (not installed, cannot load): ``reason`` in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class ModelFailed(Message):
    def __init__(self, story_id: str, error: str) -> None:
        super().__init__()
        self.story_id, self.error = story_id, error


class ModelCancelled(Message):
    def __init__(self, story_id: str) -> None:
        super().__init__()
        self.story_id = story_id


class AbstractiveReady(Message):
    def __init__(self, story_id: str, summary: Summary) -> None:
        super().__init__()
        self.story_id, self.summary = story_id, summary
