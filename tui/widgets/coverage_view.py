"""Coverage at a glance: how many outlets carry each summary sentence, and per
outlet what it reports that no other outlet does."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from summarize.coverage import sentence_coverage, unique_reports
from summarize.records import Story
from summarize.render import citation_numbers, display_text, outlet_counts, plural, shows_independent

from ..data import DIM, MARK, coverage_meter

UNIQUE_SHOWN = 6


def _grid() -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1)
    return table


def coverage_renderable(story: Story) -> tuple[Group, str]:
    """The coverage page, and the same as plain text (for tests and search)."""
    parts: list = []
    plain: list[str] = []

    def add(item) -> None:
        parts.append(item)
        plain.append(item.plain if isinstance(item, Text) else "")

    independent = story.independent_sources
    with_independent = shows_independent(story)
    head = Text("Summary sentences", style="bold underline")
    head.append(f"  — {outlet_counts(story)}", style=DIM)
    if with_independent:
        head.append(f", {plural(independent, 'independent source')}", style=DIM)
    add(head)
    summaries = [("", story.summary)]
    if story.abstractive is not None:
        summaries.append(("Abstractive" + (f" ({story.abstractive.model})" if story.abstractive.model else ""), story.abstractive))
    for label, summary in summaries:
        if label:
            add(Text("\n" + label, style="bold"))
        grid = _grid()
        for cov in sentence_coverage(story, summary):
            line = coverage_meter(story, cov, count_style="bold")
            if with_independent:
                line.append(f" · {cov.independent}/{independent} independent", style=DIM)
            if cov.sentence.supported is False:
                line.append(" · not supported by any source", style="bold #ff5f5f")
            line.append("\n")
            line.append(display_text(cov.sentence.text), style="italic")
            grid.add_row(Text(f"{cov.index + 1}."), line)
            plain.append(line.plain)
        parts.append(grid)

    numbers = citation_numbers(story)
    add(Text("\nWhat each outlet reports that no other outlet does", style="bold underline"))
    reports = unique_reports(story)
    if len(reports) == 1:
        # "APW  141 of 160 sentences found in no other outlet" told nothing (a trial)
        add(Text(f"\n{display_text(reports[0].name)} alone reports this story: no other outlet to compare it with.", style=DIM))
        reports = []
    for report in reports:
        head = Text("\n")
        head.append(display_text(report.name), style="bold")
        n = len(report.unique)
        head.append(f"  {n} of {plural(report.sentences, 'sentence')} found in no other outlet", style=DIM)
        for article in report.articles:
            head.append("\n")
            head.append(f"[{numbers[article.id]}] ", style=MARK)
            head.append(display_text(article.title or article.label), style="italic")
        add(head)
        grid = _grid()
        for article, index in report.unique[:UNIQUE_SHOWN]:
            mark = f"[{numbers[article.id]}]" if len(report.articles) > 1 else "•"
            shown = display_text(article.sentences[index].text)
            grid.add_row(Text(mark, style=MARK), Text(shown))
            plain.append(shown)
        if report.unique:
            parts.append(grid)
        if n > UNIQUE_SHOWN:
            add(Text(f"  … and {n - UNIQUE_SHOWN} more (see the sources view, 2)", style=DIM))
    return Group(*parts), "\n".join(plain)


class CoverageView(VerticalScroll):
    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.story: Story | None = None
        self._cache: dict[tuple[str, bool], tuple[Group, str]] = {}
        self._plain = ""

    def compose(self):
        yield Static(Text("No story selected.", style=DIM), id="coverage-text")

    def show(self, story: Story | None, force: bool = False) -> None:
        if story is self.story and not force:
            return
        self.story = story
        static = self.query_one("#coverage-text", Static)
        if story is None:
            static.update(Text("No story selected.", style=DIM))
            return
        key = (story.id, story.abstractive is not None)
        if key not in self._cache:
            self._cache[key] = coverage_renderable(story)
        renderable, self._plain = self._cache[key]
        static.update(renderable)
        self.scroll_home(animate=False)

    def plain(self) -> str:
        return self._plain
