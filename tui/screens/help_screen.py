"""The help screen: what the reading room shows, and every key."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..actions import help_rows

INTRO = (
    "summarize turns a pile of articles into stories. The left column lists them, biggest "
    "and best-covered first; type there to filter. The right side shows the selected story: "
    "its summary (every sentence carries citation marks [n], one per source article), the "
    "sources themselves, and coverage (how many outlets report each sentence, and what each "
    "outlet reports alone). The counts: articles are the story's inputs (a copy of another is "
    "left out, and the status line says so); outlets are the publications named among them "
    "(\"outlet unknown\" where none is); independent sources are the newsrooms that did their "
    "own reporting, copies of one wire text and one outlet's articles counting once, shown "
    "where they are fewer than the articles."
)

def help_text() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, rows in help_rows():
        table.add_row(Text(section, style="bold underline"), "")
        for keys, what in rows:
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
