"""Textual's Header, safe on a screen that is dismissed while it is still being built."""

from __future__ import annotations

from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class ScreenHeader(Header):
    """The title bar of a screen that can go away before it has mounted (an
    article opened and closed again at once: Enter then Esc typed ahead).

    Textual's ``Header`` (8.2.x) keeps its title up to date with an async watcher
    that runs later, from the app's and the screen's queues, and looks up its
    title child with ``query_one``.  On a screen dismissed before the header
    mounted, that child was never mounted, and the late lookup crashed the app
    with ``NoMatches``.  This header watches the same titles with a plain
    method that runs at once and updates whatever title child it has (none on
    a screen already being removed)."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header._on_mount: see the class docstring
        Widget._on_mount(self, event)  # what Header's own base does on mount
        if not self.is_attached:
            return  # mounted after its screen was removed: no title to keep
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._show_title)
            self.watch(owner, "sub_title", self._show_title)

    def _show_title(self) -> None:
        if not self.is_attached:
            return
        for title in self.query(HeaderTitle):
            title.update(self.format_title())
