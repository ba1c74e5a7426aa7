"""Export dialog: a file name; the format follows its extension (.json or Markdown)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label


def format_for(path: str) -> str:
    return "json" if Path(path).suffix.lower() == ".json" else "markdown"


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ``(path, format)`` or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default_path: str, headline: str) -> None:
        super().__init__()
        self.default_path = default_path
        self.headline = headline

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export story"
            yield Label(Text(self.headline, style="italic"), id="export-headline")
            yield Label(Text("File (.md → Markdown, .json → JSON, as the CLI writes them):"))
            yield Input(self.default_path, id="export-path")
            with Horizontal(id="export-buttons"):
                yield Button("Markdown", id="export-md", variant="primary")
                yield Button("JSON", id="export-json")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if path:
            self.dismiss((path, format_for(path)))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        path = self.query_one(Input).value.strip()
        if event.button.id == "export-cancel" or not path:
            self.dismiss(None)
            return
        fmt = "json" if event.button.id == "export-json" else "markdown"
        stem = str(Path(path).with_suffix("")) if Path(path).suffix.lower() in (".md", ".json", ".markdown") else path
        self.dismiss((stem + (".json" if fmt == "json" else ".md"), fmt))

    def action_cancel(self) -> None:
        self.dismiss(None)
