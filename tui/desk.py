"""The news desk's store as the reading room reads it: each story with its
reading state (new / updated / read), what ties its articles, and for an
updated story the summary of what is new since the reader read it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from summarize.focus import Seen
from summarize.pipeline import Options, summary_since_read
from summarize.records import Story, Summary, locate_citations
from summarize.render import for_terminal, has_controls, strip_controls


@dataclass
class SinceRead:
    """An updated desk story: its whole summary, and the summary of what its
    new articles add to those the reader had read (the CLI's ``--seen``)."""

    seen: Seen
    whole: Summary
    new: Summary
    showing_new: bool = True

    @property
    def shown(self) -> Summary:
        return self.new if self.showing_new else self.whole

    @classmethod
    def of(cls, story: Story, read_ids: set[str], options: Options) -> "SinceRead | None":
        since = summary_since_read(story.articles, read_ids, options)
        if since is None:
            return None
        seen, new = since
        return cls(seen=seen, whole=story.summary, new=new)


@dataclass
class DeskStory:
    story: Story
    status: str  # new / updated / read
    ties: dict
    since: SinceRead | None


def read_stories(path: Path, options: Options) -> Iterator:
    """Yields the number of articles in the store first, then ``(n, total,
    DeskStory)`` per story, newest update first.  Text from the store is
    data: what reaches the screen has no control sequence."""
    from summarize.store import Store

    with Store(path) as store:
        listed = store.stories()
        read_ids = store.read_article_ids() if any(e.status == "updated" for e in listed) else set()
        yield sum(len(entry.story.articles) for entry in listed)
        for n, entry in enumerate(listed, start=1):
            stored = store.story(entry.story.id, full=True)
            story = stored.story
            story.articles = [for_terminal(a) for a in story.articles]
            story.headline = strip_controls(story.headline)
            if any(has_controls(c.quote) for s in story.summary.sentences for c in s.citations):
                # for_terminal split those articles again: the quotes (and the
                # sentences they name) must be what the screen shows
                for s in story.summary.sentences:
                    for c in s.citations:
                        c.quote = strip_controls(c.quote)
                locate_citations(story.summary, story.articles)
            since = SinceRead.of(story, read_ids, options) if stored.status == "updated" else None
            yield n, len(listed), DeskStory(story, stored.status, stored.ties, since)


def mark_read(path: Path, story_ids: list[str] | None) -> None:
    """Remember in the store that the reader has read these stories (None: all)."""
    from summarize.store import Store

    with Store(path) as store:
        store.mark_read(story_ids)
