"""Every key and command of the reading room, once.

The key bindings of each screen and widget, the help screen and the command
palette are all built from ``ACTIONS`` (harlequin keeps one action registry
the same way), so the three cannot drift apart.

``scope`` says where a key is bound: ``app`` (global; the palette offers
those marked ``palette``), ``article`` (the article screen), ``stories``,
``filter``, ``sentences``, ``citations``, ``find`` (that widget).  An entry
with no ``keys`` is offered by the palette only; one with no ``action``
documents a key Textual itself handles (↑ ↓, Tab).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    scope: str
    action: str  # the action string Textual runs ("" = documentation only)
    keys: str  # Textual key names, comma separated ("" = palette only)
    label: str  # footer and palette name
    help: str = ""  # help screen and palette help ("" = not on the help screen)
    section: str = "Everywhere"  # help screen heading
    key_display: str | None = None  # how the help screen names the keys
    show: bool = False  # in the footer
    palette: bool = False  # in the command palette
    priority: bool = False
    footer_key: str | None = None  # how the footer names the key (Textual's own name if None)
    in_help: bool = True  # False: another row of the help screen already says it


# Help-screen order, section by section.
ACTIONS: tuple[Action, ...] = (
    # ---- story list
    Action("doc", "", "up,down", "Choose a story", "choose a story (its summary shows on the right)", "Story list",
           "↑ ↓  / click"),
    # The keys named here are the app's own printable keys that act on the
    # story list too (story_list.LIST_LETTERS are the ones that type there);
    # tests/test_tui.py keeps the list true.
    Action("doc", "", "", "Filter", "type to filter the stories by the words of their headlines, titles, outlets and summaries (Esc clears); a key of "
           "its own pressed alone (or twice) does its job, a word typed on from it goes to the filter, / first types anything "
           "(q m e w d N F 1 2 3; b in the sources view, x while the model writes, r after focusing)", "Story list", "letters"),
    Action("stories", "select", "enter", "Read", "read the story: move to its summary", "Story list", "Enter / →",
           show=True),
    Action("stories", "open", "right", "Read", section="Story list"),
    Action("stories", "clear_filter", "escape", "Clear filter", section="Story list"),
    Action("filter", "to_list", "down", "Stories", section="Story list", show=True, footer_key="↓"),
    Action("filter", "clear", "escape", "Clear filter", section="Story list", show=True),
    Action("doc", "", "", "Desk marks", "a news desk's store: ● new, ◐ updated since you read it; opening a story "
           "(Enter) marks it read", "Story list", "● ◐"),
    # priority: the app runs it as the key arrives, so the keys typed right after
    # it (a paste) already go to the filter box, not to the widget that had the focus
    Action("app", "filter", "slash", "Filter", "filter the stories from anywhere", "Story list", "/",
           show=True, palette=True, footer_key="/", priority=True),
    Action("app", "to_stories", "escape", "Stories", "back to the story list", "Story list", "Esc"),
    # ---- summary
    Action("doc", "", "up,down", "Move", "move between summary sentences; the panel below lists the sources carrying "
           "it", "Summary", "↑ ↓"),
    Action("sentences", "mark(-1)", "left", "Prev source", "move between the sentence's citation marks", "Summary",
           "← →"),
    Action("sentences", "mark(1)", "right", "Next source", section="Summary"),
    Action("sentences", "open", "enter,o", "Open", "open the source article at the quoted sentence", "Summary",
           "Enter / o / click a source", show=True),
    Action("citations", "select", "enter,o", "Open", section="Summary", show=True),
    Action("app", "cycle_mode", "m", "Mode", "extractive → abstractive → side by side", "Summary",
           show=True),
    Action("app", "set_mode('extractive')", "", "Extractive summary", "sentences taken verbatim from the sources",
           "Summary", palette=True),
    Action("app", "set_mode('abstractive')", "", "Abstractive summary",
           "written by the local model, checked against the sources", "Summary", palette=True),
    Action("app", "set_mode('both')", "", "Side by side", "extractive and abstractive summaries together", "Summary",
           palette=True),
    Action("app", "toggle_new", "N", "New since read", "an updated desk story: what is new since you read it ↔ "
           "the whole story", "Summary", "N (Shift+n)", palette=True),
    Action("app", "focus", "F", "Focus…", "focus the summaries on a question or topic (empty: general again)",
           "Summary", "F (Shift+f)", palette=True),
    Action("app", "cancel_model", "x", "Cancel model", "cancel the abstractive model while it works", "Summary",
           show=True, palette=True),
    Action("app", "rewrite", "r", "Rewrite", "after a focus: the abstractive summary stays as it was, marked; r writes it "
           "again from the summary on show", "Summary", palette=True),
    # ---- views
    Action("app", "view('summary')", "1", "Summary view", "the story's summary with citation marks", "Views", "1",
           palette=True),
    Action("app", "view('sources')", "2", "Sources view", "every article of the story, cleaned text in full", "Views",
           "2", palette=True),
    Action("app", "view('coverage')", "3", "Coverage view", "outlets per summary sentence, what each outlet reports "
           "alone", "Views", "3", palette=True),
    Action("app", "toggle_stripped", "b", "Boilerplate", "show / hide the boilerplate the cleaner stripped "
           "(sources view)", "Views", show=True, palette=True),
    Action("app", "toggle_stories", "w", "Stories on/off", "hide / show the story list (more room to read)", "Views",
           palette=True),
    # ---- find, links, copy
    Action("app", "find_letter", "f", "Find", "find in the story: summary and every source", "Find, links, copy",
           "f / Ctrl+F", show=True),
    Action("app", "find", "ctrl+f", "Find in story", "find in the story: summary and every source",
           "Find, links, copy", palette=True, in_help=False),
    Action("find", "step(1)", "down", "Next match", "in the find box: next match, ↑ previous, Esc closes",
           "Find, links, copy", "↓ / Enter", show=True, footer_key="↓"),
    Action("find", "step(-1)", "up,shift+enter", "Prev match", section="Find, links, copy", show=True,
           footer_key="↑"),
    Action("find", "close", "escape", "Close find", section="Find, links, copy", show=True),
    Action("app", "copy_quote", "y", "Copy quote", "copy the sentence under the cursor with its sources",
           "Find, links, copy", palette=True),
    Action("app", "copy_url", "c", "Copy link", "copy the link of the source in view", "Find, links, copy",
           palette=True),
    Action("app", "open_link", "u", "Open link", "open the source in view in the web browser", "Find, links, copy",
           palette=True),
    # ---- an opened article
    Action("article", "back", "escape,backspace,q", "Back", "back from an article to where you were", "Article",
           "Esc / Backspace", show=True),
    # The article screen's footer fits 80 columns with f1 Help in it: b (the
    # info line says "b shows them"), p and u are on the help screen only.
    Action("article", "toggle_stripped", "b", "Boilerplate", "show / hide the stripped boilerplate", "Article"),
    Action("article", "next_source(1)", "n", "Next source", "next / previous source carrying the sentence",
           "Article", "n  p", show=True),
    Action("article", "next_source(-1)", "p", "Prev source", section="Article"),
    Action("article", "find", "f,slash,ctrl+f", "Find", "find in the article", "Article", "f  /", show=True),
    Action("article", "copy_quote", "y", "Copy quote", "copy the highlighted sentence with its source", "Article",
           show=True),
    Action("article", "copy_url", "c", "Copy link", "copy the article's link", "Article"),
    Action("article", "open_link", "u", "Open link", "open the article in the web browser", "Article"),
    # ---- everywhere
    Action("doc", "", "tab", "Panes", "move between the panes", "Everywhere", "Tab / Shift+Tab"),
    Action("app", "export", "e", "Export", "export the story (Markdown or JSON, as the CLI writes it)", show=True),
    Action("app", "export('markdown')", "", "Export story as Markdown", "same output as summarize --format markdown",
           palette=True),
    Action("app", "export('json')", "", "Export story as JSON", "same output as summarize --format json",
           palette=True),
    Action("app", "mark_all_read", "", "Mark all stories read", "the news desk: clear every new / updated mark",
           palette=True),
    Action("app", "toggle_dark", "d", "Dark/Light", "dark / light", palette=True),
    Action("app", "show_skipped", "", "Skipped inputs", "the inputs that could not be read, and why", palette=True),
    Action("doc", "", "ctrl+p", "Palette", "command palette (every action, and jump to a story)", key_display="Ctrl+P"),
    Action("app", "help", "f1", "Help", "this help", key_display="? / F1", show=True, palette=True),
    Action("app", "help_letter", "question_mark", "Help", footer_key="?"),
    Action("app", "quit_letter", "q", "Quit", "quit", key_display="q / Ctrl+Q", show=True, palette=True),
    Action("app", "quit", "ctrl+q", "Quit", priority=True),
)


def bindings(scope: str) -> list[Binding]:
    """The key bindings of one scope, for a ``BINDINGS`` class attribute."""
    return [
        Binding(a.keys, a.action, a.label, show=a.show, key_display=a.footer_key, priority=a.priority)
        for a in ACTIONS
        if a.scope == scope and a.keys and a.action
    ]


def help_rows() -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(section, [(keys, what they do)])]`` in registry order."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for a in ACTIONS:
        if not a.help or not a.in_help or not (a.keys or a.key_display):
            continue
        keys = a.key_display or a.keys.split(",")[0]
        sections.setdefault(a.section, []).append((keys, a.help))
    return list(sections.items())


def palette_actions() -> list[Action]:
    return [a for a in ACTIONS if a.palette]
