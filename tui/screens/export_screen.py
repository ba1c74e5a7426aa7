"""Export dialog: a file name; the format follows its extension (.json JSON,
.txt text, else Markdown).

The full path to be written shows under the box as it is typed, an existing
file is only replaced after a yes in a confirmation dialog, and one of the
inputs (a file named, or one inside a folder named) is never replaced."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from summarize.output import format_for as _format_for
from summarize.output import output_is_an_input
from summarize.render import display_text

from .confirm_screen import ConfirmScreen


def format_for(path: str) -> str:
    """As the CLI's -o reads a name, but a name it does not know is Markdown."""
    return _format_for(path, default="markdown")


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def default_export_path(name: str) -> str:
    """Where the dialog suggests writing ``name``: the launch directory, where
    the CLI's ``-o`` writes too; where that cannot be written (a read-only
    checkout, a directory since removed), the user's Downloads, else home,
    said with "~" (a trial was offered a file it could not write)."""
    try:
        if _writable(Path.cwd()):
            return name
    except OSError:  # the launch directory is gone
        pass
    home = Path.home()
    for folder in (home / "Downloads", home):
        if _writable(folder):
            return str(Path("~") / folder.relative_to(home) / name)
    return name


def full_path(path: str) -> Path:
    """Where ``path`` (as typed: ~, relative) will be written."""
    return Path(path).expanduser().absolute()


def target_text(path: str, inputs: list[str] | None = None) -> Text:
    if not path.strip():
        return Text("Give a file name.")
    target = full_path(path.strip())
    out = Text("→ ")
    out.append(str(target))  # a path is data: plain Text
    if target.is_dir():
        out.append("  (a directory)", style="bold red")
    elif inputs and output_is_an_input(str(target), inputs):
        out.append("  (one of the inputs: it will not be replaced)", style="bold red")
    elif target.exists():
        out.append("  (exists: you will be asked before it is replaced)", style="bold")
    return out


class ExportScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ``(path, format)`` or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    # focused when the screen shows (not in on_mount: a dialog dismissed before it
    # mounted, e.g. Esc typed ahead on a busy machine, has no children left to query)
    AUTO_FOCUS = "#export-path"

    def __init__(self, default_path: str, headline: str, inputs: list[str] | None = None) -> None:
        """``inputs``: the paths the stories were read from, never to be replaced."""
        super().__init__()
        self.default_path = default_path
        self.headline = headline
        self.inputs = list(inputs or [])

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = "Export story"
            yield Label(Text(display_text(self.headline), style="italic"), id="export-headline")
            yield Label(Text("File name (.md, .json or .txt; Enter writes it):"))
            yield Input(self.default_path, id="export-path")
            yield Label(target_text(self.default_path, self.inputs), id="export-target")
            with Horizontal(id="export-buttons"):
                yield Button("Save as .md", id="export-md", variant="primary")
                yield Button("Save as .json", id="export-json")
                yield Button("Cancel", id="export-cancel")

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#export-target", Label).update(target_text(event.value, self.inputs))

    def _finish(self, path: str, fmt: str) -> None:
        """Dismiss with the full path; ask first when it would replace a file."""
        target = full_path(path)
        if target.is_dir():
            self.notify(f"{target} is a directory: give a file name.", severity="error", markup=False)
            return
        if output_is_an_input(str(target), self.inputs):
            self.notify(f"{target} is one of the inputs: give another file name.", severity="error", markup=False)
            return
        if not target.exists():
            self.dismiss((str(target), fmt))
            return
        question = Text(f"{target}", style="bold")
        question.append(" already exists. Replace it?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss((str(target), fmt))

        self.app.push_screen(ConfirmScreen(question, yes="Replace", no="Keep it"), answered)

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if path:
            self._finish(path, format_for(path))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        path = self.query_one(Input).value.strip()
        if event.button.id == "export-cancel" or not path:
            self.dismiss(None)
            return
        fmt = "json" if event.button.id == "export-json" else "markdown"
        stem = str(Path(path).with_suffix("")) if Path(path).suffix.lower() in (".md", ".json", ".markdown") else path
        self._finish(stem + (".json" if fmt == "json" else ".md"), fmt)

    def action_cancel(self) -> None:
        self.dismiss(None)
