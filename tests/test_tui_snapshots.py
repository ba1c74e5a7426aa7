"""Snapshot tests of the reading room's main screens (pytest-textual-snapshot,
the pinned Textual version, a fixed size).  A changed screen fails until the
new picture is looked at and accepted: ``pytest tests/test_tui_snapshots.py
--snapshot-update``; the pictures are in tests/__snapshots__/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import PAGE_A, PAGE_B, PAGE_C
from tests.test_tui import PAGE_D, loaded, no_model_loader, press_alone
import tui.app as tui_app
from tui.app import SummarizeApp

SNAPSHOT_SIZE = (100, 30)


class SteadyApp(SummarizeApp):
    """The app with its measured seconds in the status line shown as "N s",
    the one thing on these screens that changes from run to run."""

    CSS_PATH = str(Path(tui_app.__file__).parent / SummarizeApp.CSS_PATH)  # relative to tui/, not tests/

    def _status_done(self, message) -> None:
        def steady(text: str | None) -> str | None:
            return text and re.sub(r"\d+\.\d+ s\b", "N s", text)

        if isinstance(message, list):  # parts fitted to the width
            super()._status_done([(steady(full), steady(short)) for full, short in message])
        else:
            super()._status_done(steady(message))


@pytest.fixture
def stories(tmp_path):
    """Two stories of two outlets each, as plain text files."""
    root = tmp_path / "corpus"
    for folder, name, text in (("storm", "a.txt", PAGE_A), ("storm", "b.txt", PAGE_B), ("bank", "c.txt", PAGE_C), ("bank", "d.txt", PAGE_D)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_text(text, encoding="utf-8")
    return root


def test_snapshot_story_and_summary(snap_compare, stories):
    async def settle(pilot):
        await loaded(pilot)

    assert snap_compare(SteadyApp([str(stories)], loader=no_model_loader), terminal_size=SNAPSHOT_SIZE, run_before=settle)


def test_snapshot_help_screen(snap_compare, stories):
    async def settle(pilot):
        await loaded(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(SteadyApp([str(stories)], loader=no_model_loader), terminal_size=SNAPSHOT_SIZE, run_before=settle)


def test_snapshot_coverage_tab(snap_compare, stories):
    async def settle(pilot):
        await loaded(pilot)
        await press_alone(pilot, "3")  # on the story list a key waits for a next letter first

    assert snap_compare(SteadyApp([str(stories)], loader=no_model_loader), terminal_size=SNAPSHOT_SIZE, run_before=settle)


def test_snapshot_find_in_story(snap_compare, stories):
    async def settle(pilot):
        await loaded(pilot)
        await pilot.press("enter", "f")
        for ch in "rate":
            await pilot.press(ch)
        await pilot.pause()

    assert snap_compare(SteadyApp([str(stories)], loader=no_model_loader), terminal_size=SNAPSHOT_SIZE, run_before=settle)


def test_snapshot_news_desk(snap_compare, stories, tmp_path):
    """The desk's stories: one read, one new (● new), why together under the headline."""
    from summarize.cli import main as cli_main
    from summarize.store import Store

    db = tmp_path / "desk.sqlite3"
    assert cli_main(["add", "--db", str(db), "-q", str(stories / "bank")]) == 0
    with Store(db) as store:
        store.mark_read()
    assert cli_main(["add", "--db", str(db), "-q", str(stories / "storm")]) == 0

    async def settle(pilot):
        await loaded(pilot)

    app = SteadyApp([], loader=no_model_loader, store=db)
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=settle)
