"""Command palette provider: every action of the reading room, and jump to a story."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from summarize.render import article_counts, display_text

from .actions import palette_actions

if TYPE_CHECKING:
    from .app import SummarizeApp

class SummarizeCommands(Provider):
    @property
    def _app(self) -> "SummarizeApp":
        return self.app  # type: ignore[return-value]

    def _entries(self):
        for action in palette_actions():
            if not self._app.offers(action.action):
                continue
            yield action.label, None, action.help, partial(self._app.run_action, action.action)
        for story in self._app.story_list.ordered():
            name = "Story: " + display_text(story.headline)
            # headlines are data: plain Text, never markup
            yield name, Text(name), article_counts(story), partial(self._app.goto_story, story.id)

    async def discover(self) -> Hits:
        for name, display, help_text, callback in self._entries():
            yield DiscoveryHit(display or name, callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, display, help_text, callback in self._entries():
            score = matcher.match(name)
            if score > 0:
                # our own action names may be highlighted; a headline stays plain Text (it is data,
                # and Matcher.highlight would parse it as markup)
                shown = display if display is not None else matcher.highlight(name)
                yield Hit(score, shown, callback, text=name, help=help_text)
