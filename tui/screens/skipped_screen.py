"""The inputs that were skipped while reading, and why (palette: "Skipped inputs")."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from summarize.render import plural


def _file_and_folder(where: str) -> tuple[str, str]:
    """("bad.jsonl:2", "/the/folder") of a file's path (a line number kept
    with its name); a web address or a name with no folder stays whole."""
    if "://" in where or "/" not in where.rstrip("/"):
        return where, ""
    folder, _, name = where.rpartition("/")
    return name, folder or "/"


def skipped_table(problems: list[tuple[str, str]]) -> Table | Text:
    """Each input's file name on a line of its own, its folder below it and
    its reason indented: a long path beside its reason folded both into a
    narrow column each, mid-name, and the name is what a reader looks for."""
    if not problems:
        return Text("No input was skipped.")
    table = Table.grid()
    table.add_column(overflow="fold")
    for where, why in problems:
        name, folder = _file_and_folder(where)
        table.add_row(Text(name, style="bold"))  # paths and messages are data: plain Text
        if folder:
            table.add_row(Text(folder.rstrip("/") + "/", style="dim"))
        table.add_row(Text.assemble("  ", why))
    return table


class SkippedScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,enter", "close", "Close")]

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="skipped-box") as box:
            n = len(self.problems)
            box.border_title = f"{plural(n, 'input')} skipped"
            box.border_subtitle = "Esc closes"
            yield Static(skipped_table(self.problems), id="skipped-list")

    def action_close(self) -> None:
        self.dismiss(None)

    def on_click(self, event) -> None:
        if event.widget is self:
            self.dismiss(None)
