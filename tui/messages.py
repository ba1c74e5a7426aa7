"""The reading room's messages.  Widgets post ``OpenSource``; the engine's
thread workers (reading, clustering, the desk, focus, the model) post the
rest to the app, which is the only place that changes the screen
(``post_message`` is thread-safe: no worker touches a widget).

Each message is a dataclass, as Textual's own are (``Input.Changed``):
``Message.__post_init__`` does the set-up its ``__init__`` would."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from summarize.records import Story, Summary


@dataclass
class OpenSource(Message):
    """Open an article of ``story`` at one of its sentences."""

    story: Story
    article_id: str
    sentence_index: int


# -- the engine worker: reading and grouping articles, or reading the desk


@dataclass
class EngineStatus(Message):
    """Progress line: ``done`` of ``total`` (total 0: no count known)."""

    text: str
    done: int = 0
    total: int = 0


@dataclass
class ArticlesLoaded(Message):
    count: int
    problems: list[tuple[str, str]]  # (input, why it was skipped)


@dataclass
class StoryReady(Message):
    """One more story; from the desk with its reading state, ties, and for an
    updated story what is new since the reader read it (``since``)."""

    story: Story
    status: str | None = None
    ties: dict | None = None
    since: object = None


@dataclass
class EngineFinished(Message):
    """Every story is in.  ``several``: one line for each story of the input's
    layout that looks like several (``pipeline.stories_within``)."""

    several: list[str] = field(default_factory=list)


@dataclass
class MarkedRead(Message):
    """The desk's store now has these stories read (None: every story)."""

    story_ids: list[str] | None


# -- the focus worker


@dataclass
class Refocused(Message):
    """The story's summary under the new focus (``new``: and its "new since
    read" summary, for an updated desk story)."""

    story: Story
    summary: Summary
    new: Summary | None = None


@dataclass
class FocusDone(Message):
    focus: str | None


# -- the model worker (one story at a time)


@dataclass
class ModelProgress(Message):
    story_id: str
    done: int
    total: int
    text: str


@dataclass
class NoModel(Message):
    """No model can be had (not installed, cannot load): ``reason`` in one line."""

    reason: str


@dataclass
class ModelFailed(Message):
    story_id: str
    error: str


@dataclass
class ModelCancelled(Message):
    story_id: str


@dataclass
class AbstractiveReady(Message):
    story_id: str
    summary: Summary
    written_from: Summary  # the extractive summary the model rewrote
