"""A find box docked under the reader: it finds as the reader types; Enter or
↓ goes to the next match, ↑ (or Shift+Enter) to the previous one, Esc closes
it.  The screen that owns it answers ``FindBar.Find`` and reports back with
``show_count``."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult

from ..actions import bindings
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class FindInput(Input):
    BINDINGS = bindings("find")

    @property
    def bar(self) -> "FindBar":
        return self.parent  # type: ignore[return-value]

    def action_close(self) -> None:
        self.bar.close()

    def action_step(self, step: int) -> None:
        self.bar.find(step)


class FindBar(Horizontal):
    class Find(Message):
        """Find ``term``: ``step`` 0 the first match, 1 the next, -1 the previous."""

        def __init__(self, bar: "FindBar", term: str, step: int) -> None:
            super().__init__()
            self.bar = bar
            self.term = term
            self.step = step

        @property
        def control(self) -> "FindBar":
            return self.bar

    class Closed(Message):
        def __init__(self, bar: "FindBar") -> None:
            super().__init__()
            self.bar = bar

        @property
        def control(self) -> "FindBar":
            return self.bar

    def __init__(self, placeholder: str = "find in this story", **kwargs) -> None:
        super().__init__(**kwargs)
        self.placeholder = placeholder
        self.display = False

    def compose(self) -> ComposeResult:
        yield Label("Find ", classes="find-label")
        yield FindInput(placeholder=self.placeholder, classes="find-input", select_on_focus=True)
        yield Label("", classes="find-count")

    @property
    def term(self) -> str:
        return self.query_one(FindInput).value.strip() if self.display else ""

    def open(self) -> None:
        self.display = True
        self.query_one(FindInput).focus()
        if self.term:
            self.find(0)

    def close(self) -> None:
        self.display = False
        self.post_message(self.Closed(self))

    def find(self, step: int) -> None:
        term = self.term
        if term:
            self.post_message(self.Find(self, term, step))
        else:
            self.query_one(".find-count", Label).update("")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find(0)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(1)

    def show_count(self, position: int | None, total: int, where: str = "") -> None:
        """``position`` 0-based, None when there is no match; ``where`` names it."""
        label = self.query_one(".find-count", Label)
        if not total:
            label.update(Text("no match", style="bold #ff5f5f"))
            return
        out = Text(f"{(position or 0) + 1} of {total}")
        if where:
            out.append(" · ")
            out.append(where)  # an outlet's name is data: plain text
        out.append("   Enter/↓ next · ↑ previous · Esc closes", style="dim")
        label.update(out)
