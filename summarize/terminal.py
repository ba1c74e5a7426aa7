"""What may reach a terminal.  Article text, titles, outlets and file names
are data: terminal escape sequences and control characters in them are
removed before any of it is shown (every text, Markdown and TUI output and
every stderr line that echoes them), and by the cleaner from the text it
keeps.  JSON keeps the data whole (its encoder escapes them)."""

from __future__ import annotations

import re

__all__ = ["ESCAPE_SEQUENCE", "has_controls", "strip_controls"]

# Terminal escape sequences, whole, in their 7-bit (ESC ...) and 8-bit (C1)
# forms: CSI ("ESC [ 2 J", clear screen), OSC/DCS/SOS/PM/APC strings up to
# their terminator ("ESC ] 0 ; title BEL", set the window title; hyperlinks),
# and the short "ESC x" ones.  Removing the whole sequence leaves no "[2J" on
# screen.  An OSC string with no terminator on its line loses only its opener.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])(?:[^\x07\x1b\x90\x98\x9b-\x9f\n]*(?:\x07|\x1b\\|\x9c))?"
    r"|\x1b[ -/]*[0-~]?"
)
# The bidirectional overrides, embeddings and isolates (U+202A-202E,
# U+2066-2069): a source name "Daily \u202eeman\u202c" showed reversed.  Text
# in Arabic or Hebrew reads right to left without them; the marks U+200E/200F
# stay.  Removed like an escape sequence: no space where they stood.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What is left of C0 and C1, and DEL; newline and tab stay.
_PLAIN_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL = re.compile(f"{_PLAIN_CONTROL.pattern}|{_BIDI.pattern}")
# A run of sequences and control characters, with a space either side of it
# if there is one: "said \x07 that" must not become "said  that".
_CONTROL_RUN = re.compile(rf"( ?)(?:{ESCAPE_SEQUENCE.pattern}|{_CONTROL.pattern})+( ?)")


def strip_controls(text: str) -> str:
    """``text`` as it may reach a terminal: escape sequences and C0/C1 control
    characters (all but newline and tab) removed, leaving no double space
    where they were.  Article text, titles, outlets and file names are data:
    every text, Markdown and TUI output and every stderr line that echoes
    them goes through here.  JSON does not (its
    encoder escapes them, and the data stays whole)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL_RUN.sub(lambda m: _control_gap(m, text), text)


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _control_gap(m: re.Match, text: str) -> str:
    """What a run of control characters leaves: the space beside it if it has
    one; else, between two characters, a space where a plain control character
    stood ("ended.\x07The" -> "ended. The", as the cleaner splits it) and
    nothing where only escape sequences did ("\x1b[31mred\x1b[0m")."""
    if m.group(1) or m.group(2):
        return m.group(1) or m.group(2)
    if m.start() == 0 or m.end() == len(text) or text[m.start() - 1].isspace() or text[m.end()].isspace():
        return ""
    if not _PLAIN_CONTROL.search(_BIDI.sub("", ESCAPE_SEQUENCE.sub("", m.group(0)))):
        return ""
    return " "
