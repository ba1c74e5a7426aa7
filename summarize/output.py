"""What the command line writes, for every subcommand and engine: exit
statuses, one-line messages on stderr, the progress bar, the output (stdout
or ``-o``, written atomically) and the one line said when ``-o`` cannot be
written."""

from __future__ import annotations

import contextlib
import os
import sys
import time

from .render import display_text, one_line, plural, strip_controls

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def say(message: str) -> None:
    """One line on stderr.  Messages echo file names and article data, which
    may hold terminal control sequences: those never reach the terminal, and
    a newline in a name is shown as ``\\n`` (``render.one_line``).  A
    progress bar on the line is wiped first ("summarize: interrupted" after
    Ctrl-C was written onto the bar's line)."""
    if _drawn is not None:
        _drawn.close()
    print(one_line(strip_controls(message)), file=sys.stderr)


# More problem lines than this: they end with one line giving their count, so
# that a big run's count is not lost in the scroll (both engines).
COUNT_PROBLEMS = 20


def say_problems(problems: list) -> None:
    """Each input problem on its line, then their count where there are many."""
    for problem in problems:
        say(f"summarize: {problem}")
    if len(problems) > COUNT_PROBLEMS:
        say(f"summarize: {len(problems):,} bad inputs skipped in all")


def say_story_notes(stories: list[tuple[str, str | None]]) -> None:
    """The stories' notes ((headline, note) pairs) on stderr, one line per
    note: one every story has, for the run; one of a single story, with that
    story (a note of some stories read as if for the whole run); one of
    several, with their count (a focus that matched one story of nine had
    printed eight lines, a trial)."""
    holders: dict[str, list[str]] = {}
    for headline, note in stories:
        if note:
            holders.setdefault(note, []).append(headline)
    for note, headlines in holders.items():
        if len(headlines) == len(stories):
            say(f"summarize: {note}")
        elif len(headlines) == 1:
            say(f"summarize: story “{display_text(headlines[0])}”: {note}")
        else:
            say(f"summarize: {len(headlines)} of {plural(len(stories), 'story')}: {note}")


def say_copies_left_out(copies: int) -> None:
    """Articles read but in no story, being copies of another (both engines)."""
    if copies > 0:
        say(f"summarize: {plural(copies, 'article')} left out as {'a copy of another' if copies == 1 else 'copies of others'} in the input")


def refuse(message: str) -> int:
    """A usage error about one option's value: one line saying what is wrong
    (the whole usage block would bury it), exit status 2."""
    say(f"summarize: error: {message}")
    return EXIT_USAGE


LABEL_MIN = 12  # the progress label's cells in the narrowest terminal
LABEL_ROOM = 48  # ... where the bar can shrink to leave them: most labels whole


def _columns() -> int:
    """The width of the terminal stderr writes to (80 where it cannot be told)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def fit_label(text: str, room: int) -> str:
    """``text`` in ``room`` cells: whole, else cut after a whole word with "…"
    (a word longer than the room is cut where it must be)."""
    if len(text) <= room:
        return text
    cut = text[: room - 1]
    if text[room - 1] != " " and not cut.endswith(" ") and " " in cut.strip():  # inside a word
        cut = cut[: cut.rstrip().rfind(" ")]
    cut = cut.rstrip(" :·,;(-")
    return (cut or text[: room - 1]) + "…"


class ProgressBar:
    """A one-line progress bar on stderr, drawn only for a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.drawn = 0.0
        self.last = ""

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if (total <= 0 or done < total) and now - self.drawn < 0.1:
            return  # redraw at most ten times a second
        self.drawn = now
        columns = _columns()
        if total <= 0:  # how much is left is not known yet
            tail = f" {done} so far {now - self.started:5.1f}s"
        else:
            # the bar gives way first in a narrow terminal: a line wider than it wraps, and \r
            # then redraws only its last row, leaving a trail of half lines
            counts = f" {done}/{total} {now - self.started:5.1f}s"
            free = columns - 1 - len(counts) - 3  # less the counts and the bar's brackets
            width = min(24, max(free - LABEL_ROOM, 8)) if free - LABEL_MIN >= 8 else 0
            filled = int(width * min(done, total) / total)
            tail = (f" [{'#' * filled}{'.' * (width - filled)}]" if width else "") + counts
        # the label takes the room the terminal has, padded to 40 cells so that the bar stays put
        # as short labels change, and is cut after a word where it does not fit: a fixed 40-cell
        # cut gave "story 1/1: rewriting sentences: 10 rewri" (a trial)
        room = max(columns - 1 - len(tail), LABEL_MIN)
        label = fit_label(what, room)
        line = f"\r{label:<{min(40, room)}}{tail}"
        if line != self.last:
            global _drawn
            sys.stderr.write(line.ljust(len(self.last)))
            sys.stderr.flush()
            self.last = line
            _drawn = self

    def close(self) -> None:
        global _drawn
        if self.enabled and self.last:
            sys.stderr.write("\r" + " " * (len(self.last) + 1) + "\r")
            self.last = ""
            sys.stderr.flush()
        if _drawn is self:
            _drawn = None


_drawn: ProgressBar | None = None  # the bar now on the terminal's last line, if any


def emit(text: str, output: str | None) -> bool:
    """Write the output to ``-o`` (atomically) or stdout; False, with one line
    saying what to do, when ``-o`` cannot be written."""
    if not output:
        sys.stdout.write(text)
        return True
    try:
        write_atomically(output, text)
    except OSError as err:
        say(f"summarize: error: {cannot_write(output, err)}")
        return False
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def format_for(path: str, default: str = "json") -> str:
    """The output format a file name asks for: .md/.markdown Markdown, .txt
    text, .json JSON, .jsonl JSON Lines (one story a line, as the Ray engine
    writes it), anything else ``default`` (JSON, the format a script reads;
    the reading room's export gives Markdown, the format a person reads)."""
    suffix = os.path.splitext(path)[1].lower()
    return {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".json": "json", ".jsonl": "jsonl"}.get(suffix, default)


def output_is_an_input(output: str, paths: list[str]) -> bool:
    """Would ``-o`` overwrite one of the inputs (a file named, or one inside a directory named)?"""
    if not os.path.exists(output):
        return False
    target = os.path.realpath(output)
    for path in paths:
        if path == "-":
            continue
        real = os.path.realpath(path)
        if real == target or (os.path.isdir(real) and target.startswith(real.rstrip(os.sep) + os.sep)):
            return True
    return False


@contextlib.contextmanager
def replacing(path: str):
    """A temporary file beside ``path`` to write, renamed over ``path`` when
    the block ends, removed if it fails: a failure halfway never leaves a
    truncated file.  The file gets the mode of the one it replaces, or the
    umask's (mkstemp's own is 0600).  Yields the temporary file's name.

    Only a regular file is replaced: ``path`` naming a device, a FIFO or
    /dev/stdout is written in place (the rename made /dev/stdout a plain file
    for every process on the machine), and a link is followed, the file it
    names replaced and the link kept."""
    import stat
    import tempfile

    try:
        kind = os.stat(path).st_mode  # follows links, /dev/stdout's too
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        yield path
        return
    if os.path.islink(path):
        path = os.path.realpath(path)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".summarize-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        yield tmp
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomically(path: str, text: str) -> None:
    """``text`` written to ``path`` through ``replacing``."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)


def unwritable(path: str) -> str | None:
    """Why ``-o PATH`` cannot be written, found before any work is done (a
    Ray run failed on a missing folder only after all of it; a new-user
    trial); None when it looks writable.  The same words as ``cannot_write``."""
    import errno

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        return cannot_write(path, OSError(errno.EISDIR, "is a directory"))
    if not os.path.isdir(folder):
        return cannot_write(path, OSError(errno.ENOENT, "no such directory"))
    if not os.path.exists(path) and not os.access(folder, os.W_OK | os.X_OK):
        return cannot_write(path, OSError(errno.EACCES, "permission denied"))
    return None


def cannot_write(path: str, err: OSError) -> str:
    """Why ``-o PATH`` could not be written, and what to do: one line, not
    Python's errno text."""
    import errno

    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path) or err.errno == errno.EISDIR:
        return f"-o {path} is a directory: give a file name in it, e.g. -o {os.path.join(path, 'stories.json')}"
    if err.errno == errno.ENOENT and not os.path.isdir(folder):
        return f"cannot write -o {path}: the directory {folder} does not exist; create it first (mkdir -p {folder}) or give another path"
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"cannot write -o {path}: no permission to create files in {folder}; give a path in a directory you can write to"
    if err.errno == errno.EROFS:
        return f"cannot write -o {path}: {folder} is on a read-only file system; give a path elsewhere"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write -o {path}: no space left on the device holding {folder}; free some space or write elsewhere"
    reason = (err.strerror or str(err)).lower()
    return f"cannot write -o {path} ({reason}); give another path, or leave out -o to write to standard output"


def render_output(stories, fmt: str, *, quotes: bool = False, compare: bool = False) -> str:
    """The stories as the command prints them: ``--format``, ``--quotes``, ``--compare``."""
    from .render import render, to_json

    if not compare:
        return render(stories, fmt, quotes=quotes)
    from .compare import compare_stats, render_compare

    if fmt in ("json", "jsonl"):  # the comparison is one document
        return to_json(stories, extra={"comparison": [compare_stats(s) for s in stories]}) + "\n"
    return strip_controls(render_compare(stories, fmt))  # article text is data: no control sequence reaches the terminal
