"""The focus box: a question or topic the summaries should answer (the CLI's
``--focus``).  Enter applies it, an empty box goes back to the general
summaries, Esc leaves everything as it was."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class FocusScreen(ModalScreen[str | None]):
    """Dismisses with the focus ("" clears it), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    # focused when the screen shows (not in on_mount: a dialog dismissed before it
    # mounted, e.g. Esc typed ahead on a busy machine, has no children left to query)
    AUTO_FOCUS = "#focus-input"

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="focus-box") as box:
            box.border_title = "Focus the summaries"
            box.border_subtitle = "Enter applies · empty: general summaries · Esc cancels"
            yield Static(Text("A question or a topic; every story's summary favours the sentences that answer it, "
                             "still cited, and the stories that answer it come first."))
            yield Input(self.current, placeholder="e.g. What did Putin say about China's position?", id="focus-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
