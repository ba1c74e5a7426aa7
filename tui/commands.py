"""Command palette provider: every action of the reading room, and jump to a story."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import SummarizeApp

# (name, help, action string run on the app)
ACTIONS = [
    ("Summary view", "the story's summary with citation marks", "view('summary')"),
    ("Sources view", "every article of the story, cleaned text in full", "view('sources')"),
    ("Coverage view", "outlets per summary sentence, what each outlet reports alone", "view('coverage')"),
    ("Extractive summary", "sentences taken verbatim from the sources", "set_mode('extractive')"),
    ("Abstractive summary", "written by the local model, checked against the sources", "set_mode('abstractive')"),
    ("Side by side", "extractive and abstractive summaries together", "set_mode('both')"),
    ("Cancel the model", "stop writing the abstractive summary", "cancel_model"),
    ("Toggle stripped boilerplate", "show what the cleaner removed from the article", "toggle_stripped"),
    ("Export story as Markdown", "same output as summarize --format markdown", "export('markdown')"),
    ("Export story as JSON", "same output as summarize --format json", "export('json')"),
    ("Filter stories", "type words to narrow the story list", "filter"),
    ("Toggle dark / light", "switch the colour theme", "toggle_dark"),
    ("Help", "keys and what the screens show", "help"),
    ("Skipped inputs", "the inputs that could not be read, and why", "show_skipped"),
]


class SummarizeCommands(Provider):
    @property
    def _app(self) -> "SummarizeApp":
        return self.app  # type: ignore[return-value]

    def _entries(self):
        for name, help_text, action in ACTIONS:
            yield name, None, help_text, partial(self._app.run_action, action)
        for story in self._app.story_list.ordered():
            name = "Story: " + story.headline
            # headlines are data: plain Text, never markup
            yield name, Text(name), f"{len(story.articles)} articles · {story.outlets} outlets", partial(
                self._app.goto_story, story.id
            )

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
