"""The ``summarize`` command: a thin shell over ``summarize.pipeline``."""

from __future__ import annotations

import argparse
import os
import sys
import time

from . import __version__
from .pipeline import Options, run

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


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
        if total <= 0:  # how much is left is not known yet
            line = f"\r{what[:40]:<40} {done} so far {now - self.started:5.1f}s"
        else:
            filled = int(24 * min(done, total) / total)
            line = f"\r{what[:40]:<40} [{'#' * filled}{'.' * (24 - filled)}] {done}/{total} {now - self.started:5.1f}s"
        if line != self.last:
            sys.stderr.write(line.ljust(len(self.last)))
            sys.stderr.flush()
            self.last = line

    def close(self) -> None:
        if self.enabled and self.last:
            sys.stderr.write("\r" + " " * (len(self.last) + 1) + "\r")
            self.last = ""
            sys.stderr.flush()


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}")
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summarize",
        description="Turn a pile of news articles into stories with cited summaries.",
        epilog=(
            "Inputs: .txt/.md text, .html/.htm pages, .jsonl/.json records (one article each, "
            "'text' required), '-' for standard input, and directories (a directory of directories "
            "is a corpus: one story per subdirectory unless --cluster)."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, or - for stdin")
    parser.add_argument("--cluster", action="store_true", help="pool all articles and find the stories")
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default=None,
        help="output format (default: text on a terminal, json otherwise)",
    )
    parser.add_argument("--max-words", type=positive_int, default=100, help="words per summary (default 100)")
    parser.add_argument("--max-sentences", type=positive_int, default=None, help="sentences per summary")
    parser.add_argument("--quotes", action="store_true", help="show each citation's quote in text/markdown")
    parser.add_argument("--abstractive", action="store_true", help="add a summary written by a local model")
    parser.add_argument("--model", default=None, metavar="ID_OR_PATH", help="abstractive model: models.txt name, hub id, directory or .gguf; 'list' shows models.txt")
    parser.add_argument("--compare", action="store_true", help="show extractive and abstractive side by side")
    parser.add_argument("--tui", action="store_true", help="open the terminal UI")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def launch_tui(argv: list[str]) -> None:
    """The UI lives in its own package; the engine never imports it."""
    args = [a for a in argv if a != "--tui"]
    os.execv(sys.executable, [sys.executable, "-m", "tui", *args])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.tui:
        launch_tui(argv)
    if args.model == "list":
        from .condense import known_models

        for n, info in enumerate(known_models()):
            default = "  (default)" if n == 0 else ""
            print(f"{info.name}  {info.kind}  {info.size}  {info.source}{default}")
        return EXIT_OK
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("summarize: error: give at least one PATH (or - for standard input)", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("text" if sys.stdout.isatty() else "json")
    try:
        return _run(args, fmt)
    except KeyboardInterrupt:
        print("summarize: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one clear line, unless --debug
        if args.debug:
            raise
        print(f"summarize: error: {err}", file=sys.stderr)
        return EXIT_FAILURE


def _run(args, fmt: str) -> int:
    progress = ProgressBar(enabled=not args.quiet)
    options = Options(cluster=args.cluster, max_words=args.max_words, max_sentences=args.max_sentences)
    progress(0, 1, "reading articles")
    result = run(args.paths, options, progress)
    progress.close()
    for problem in result.problems:
        print(f"summarize: {problem}", file=sys.stderr)
    if not result.stories:
        print("summarize: error: no usable article in the input", file=sys.stderr)
        return EXIT_FAILURE
    interrupted = (args.abstractive or args.compare) and _add_abstractive(result.stories, args, progress)
    progress.close()

    text = _render_output(result.stories, args, fmt)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    if interrupted:
        return 130
    return EXIT_FAILURE if result.problems else EXIT_OK


def _render_output(stories, args, fmt: str) -> str:
    from .render import render, to_json

    if not args.compare:
        return render(stories, fmt, quotes=args.quotes)
    from .compare import compare_stats, render_compare

    if fmt == "json":
        return to_json(stories, extra={"comparison": [compare_stats(s) for s in stories]}) + "\n"
    return render_compare(stories, fmt)


def _add_abstractive(stories, args, progress: ProgressBar) -> bool:
    """Condense each story; Ctrl-C keeps the stories already done."""
    from .condense import ModelUnavailable, load_model

    try:
        progress(0, 1, "loading the abstractive model")
        condenser = load_model(args.model)
    except ModelUnavailable as err:
        progress.close()
        raise RuntimeError(str(err)) from None
    total = len(stories)
    try:
        for n, story in enumerate(stories):
            progress(n, total, f"condensing story {n + 1}/{total}")
            story.abstractive = condenser.condense(story, max_words=args.max_words)
        progress(total, total, "condensing stories")
    except KeyboardInterrupt:
        progress.close()
        done = sum(s.abstractive is not None for s in stories)
        print(f"summarize: interrupted; {done} of {total} stories have an abstractive summary", file=sys.stderr)
        return True
    return False
