"""The help screen: what the reading room shows, and every key."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = (
    "summarize turns a pile of articles into stories. The left column lists them, biggest "
    "and best-covered first; type there to filter. The right side shows the selected story: "
    "its summary (every sentence carries citation marks [n], one per source article), the "
    "sources themselves, and coverage (how many outlets report each sentence, and what each "
    "outlet reports alone)."
)

# (keys, what they do) — shown in this order
KEYS = [
    ("Story list", ""),
    ("↑ ↓  / click", "choose a story (its summary shows on the right)"),
    ("letters", "filter the stories (Esc clears)"),
    ("Enter / →", "read the story: move to its summary"),
    ("Summary", ""),
    ("↑ ↓", "move between summary sentences; the panel below lists the sources carrying it"),
    ("← →", "move between the sentence's citation marks"),
    ("Enter / o / click a source", "open the source article at the quoted sentence"),
    ("Esc / Backspace", "back from an article to where you were"),
    ("m", "extractive → abstractive → side by side"),
    ("x", "cancel the abstractive model while it works"),
    ("Views", ""),
    ("1  2  3", "summary · sources · coverage"),
    ("b", "show / hide the boilerplate the cleaner stripped (sources, article)"),
    ("n  p", "in an article: next / previous source carrying the sentence"),
    ("Everywhere", ""),
    ("Tab / Shift+Tab", "move between the panes"),
    ("e", "export the story (Markdown or JSON, as the CLI writes it)"),
    ("d", "dark / light"),
    ("Ctrl+P", "command palette (every action, and jump to a story)"),
    ("? / F1", "this help"),
    ("q / Ctrl+Q", "quit"),
]


def help_text() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, what in KEYS:
        if not what:
            table.add_row(Text(keys, style="bold underline"), "")
        else:
            table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Help"
            box.border_subtitle = "Esc closes"
            yield Static(Text(INTRO), id="help-intro")
            yield Static(help_text(), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_click(self, event) -> None:
        if event.widget is self:
            self.dismiss(None)
