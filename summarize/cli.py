"""The ``summarize`` command: a thin shell over ``summarize.pipeline``."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from . import __version__
from .pipeline import Options, copies_left_out, run, several_stories_note
from .records import failed
from .render import plural
from .output import (
    format_for,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    ProgressBar,
    emit,
    output_is_an_input,
    refuse,
    unwritable,
    render_output,
    say,
    say_copies_left_out,
    say_problems,
    say_story_notes,
)

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
            "'text' required), saved RSS/Atom feeds (.rss/.atom/.xml: one article per item), '-' for "
            "standard input, and directories (a directory of directories is a corpus: one story per "
            "subdirectory unless --cluster; a folder's scripts, styles and pictures, and a saved page's "
            "NAME_files folder, are skipped).  "
            "The news desk keeps a store of articles and stories: summarize add (feeds, pages, files), "
            "summarize stories, summarize feeds; each with --help."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, or - for stdin")
    parser.add_argument("--cluster", action="store_true", help="pool all articles and find the stories")
    parser.add_argument(
        "--format", choices=("text", "markdown", "json"), default=None,
        help="output format (default: with -o, by the file's extension, .md Markdown, .txt text, .jsonl one story a line, else JSON; text on a terminal; JSON when piped)",
    )
    parser.add_argument("--max-words", type=positive_int, default=100, help="words per summary (default 100; Chinese and Japanese: 1.6 characters a word)")
    parser.add_argument("--max-sentences", type=positive_int, default=None, help="sentences per summary")
    parser.add_argument("--quotes", action="store_true", help="show each citation's quote in text/markdown")
    parser.add_argument("--focus", metavar="TEXT", default=None, help="a question: summaries favour what answers it; with --cluster, the stories that answer it come first")
    parser.add_argument("--seen", metavar="PATH", action="append", default=[], help="articles already read (any input, or an earlier JSON output of summarize): summaries say what is new; repeatable")
    parser.add_argument("--abstractive", action="store_true", help="add a summary written by a local model")
    parser.add_argument("--model", default=None, metavar="ID_OR_PATH", help="abstractive model: models.txt name, hub id, directory or .gguf (implies --abstractive); 'list' shows models.txt")
    parser.add_argument(
        "--abstractive-mode", choices=("fuse", "whole"), default=None,
        help="fuse: rewrite each summary sentence from the sources that carry it, keep it verbatim where the "
        "rewrite is unsupported (default for small models); whole: write the whole story anew, flag "
        "unsupported sentences (default for the large summarisers in models.txt); implies --abstractive",
    )
    parser.add_argument(
        "--show-unsupported", action="store_true",
        help="fuse mode: show the model's rejected rewrites with their flags instead of the kept sentences (implies --abstractive)",
    )
    parser.add_argument("--compare", action="store_true", help="show extractive and abstractive side by side")
    parser.add_argument(
        "--engine", choices=("local", "ray"), default="local",
        help="local (default): this process; ray: with --cluster, the pipeline on Ray Data, clustering by time window "
        "(the scale extra: pip install -e '.[scale]')",
    )
    parser.add_argument("--address", metavar="ADDR", default=None, help="with --engine ray: a running Ray cluster (default: a local Ray for this run)")
    parser.add_argument("--tui", action="store_true", help="open the terminal UI (with no PATH: the news desk's stories)")
    parser.add_argument(
        "--db", metavar="PATH", default=None,
        help="with --tui and no PATH: the news desk's store to read (default: $SUMMARIZE_DB, else the one "
        "summarize add keeps in the user's data directory)",
    )
    parser.add_argument(
        "--timing", nargs="?", const="-", default=None, metavar="FILE",
        help="with --tui: append launch-to-first-story timings (JSON lines) to FILE (stderr without FILE); "
        "with --engine ray: the seconds of each stage, one JSON line",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and the debug log")
    parser.add_argument("--version", action="version", version=f"summarize {__version__}")
    return parser


def launch_tui(argv: list[str]) -> None:
    """The UI lives in its own package; the engine never imports it."""
    args = [a for a in argv if a != "--tui"]
    os.environ["SUMMARIZE_TUI_PROG"] = "summarize --tui"
    os.execv(sys.executable, [sys.executable, "-m", "tui", *args])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("add", "stories", "feeds"):  # the news desk (summarize/desk.py)
        from .desk import desk_main

        return desk_main(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.tui:
        launch_tui(argv)
    if args.debug:  # every module's logger (fusion verdicts, model dtype, ...) on stderr
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("summarize").setLevel(logging.DEBUG)
    if args.model == "list":
        from .models import known_models

        for n, info in enumerate(known_models()):
            default = "  (default)" if n == 0 else ""
            print(f"{info.name}  {info.kind}  {info.mode}  {info.size}  {info.source}{default}")
        return EXIT_OK
    if args.db:
        return refuse("--db goes with --tui or with the desk's commands (summarize add / stories / feeds)")
    if not args.paths:
        parser.print_usage(sys.stderr)
        print("summarize: error: give at least one PATH (or - for standard input)", file=sys.stderr)
        return EXIT_USAGE
    if args.output and output_is_an_input(args.output, args.paths):
        return refuse(f"-o {args.output} is one of the inputs; refusing to overwrite it")
    if args.output and (why := unwritable(args.output)):
        return refuse(why)
    if args.output and args.output.lower().endswith(".parquet") and args.engine != "ray":
        # it wrote JSON text into the .parquet file
        return refuse("Parquet output is written by the Ray engine: add --engine ray --cluster (the scale extra)")
    if args.output and args.output.lower().endswith((".jsonl", ".parquet")) and args.engine == "ray" and args.format not in (None, "json"):
        return refuse(f"--format {args.format} does not go with -o {args.output}: the Ray engine writes it one story a row")
    if "-" in args.paths and "-" in args.seen:
        # standard input is read once: the second reader found it empty ("no text on standard input", a trial)
        return refuse("standard input can be read once: give - as a PATH or to --seen, not both")
    if args.focus is not None and not args.focus.strip():
        return refuse("--focus needs a question or some words, e.g. --focus \"sanctions on Russia\"")
    if args.address and args.engine != "ray":
        return refuse("--address goes with --engine ray (a running Ray cluster)")
    if args.timing is not None and args.engine != "ray":
        return refuse("--timing goes with --tui or --engine ray")
    fmt = args.format or (format_for(args.output) if args.output else "text" if sys.stdout.isatty() else "json")
    try:
        return _run(args, fmt)
    except KeyboardInterrupt:
        say("summarize: interrupted")
        return 130
    except Exception as err:  # one clear line, unless --debug
        if args.debug:
            raise
        say(f"summarize: error: {err}")
        return EXIT_FAILURE


def _run(args, fmt: str) -> int:
    if args.engine == "ray":  # summarize/engine_ray.py; Ray is imported only there
        from .engine_ray import run_cli

        return run_cli(args, fmt)
    progress = ProgressBar(enabled=not args.quiet)
    options = Options(
        cluster=args.cluster, max_words=args.max_words, max_sentences=args.max_sentences, focus=args.focus, seen=args.seen
    )
    progress(0, 1, "reading articles")
    result = run(args.paths, options, progress)
    progress.close()
    say_problems(result.problems)
    say_story_notes([(s.headline, s.summary.note) for s in result.stories])
    say_copies_left_out(copies_left_out(result.articles_read, (len(s.articles) for s in result.stories)))
    if not args.cluster:
        say_several_stories(result.stories)
    if not result.stories:
        print("summarize: error: no usable article in the input", file=sys.stderr)
        return EXIT_FAILURE
    interrupted = False
    model_missing = False
    if args.abstractive or args.compare or args.show_unsupported or args.abstractive_mode or args.model:
        try:
            model_missing = _add_abstractive(result.stories, args, progress)
        except _Interrupted:
            interrupted = True
    progress.close()

    if not emit(render_output(result.stories, fmt, quotes=args.quotes, compare=args.compare), args.output):
        return EXIT_FAILURE
    if interrupted:
        return 130
    return EXIT_FAILURE if (failed(result.problems) or model_missing) else EXIT_OK


def say_several_stories(stories) -> None:
    """One line for each story of the input's layout that looks like several
    (``pipeline.stories_within``): --cluster would split it."""
    for story in stories:
        if note := several_stories_note(story):
            say(f"summarize: {note}")


def _add_abstractive(stories, args, progress: ProgressBar) -> bool:
    """Add each story's abstractive summary; Ctrl-C keeps the stories already
    done.  A model that cannot load (or runs out of memory) is one line on
    stderr: the extractive summaries still come out.  Returns True when the
    run was cut short (interrupted or no model)."""
    from .errors import ModelUnavailable
    from .pipeline import abstractive_summary, load_condenser

    total = len(stories)
    try:
        progress(0, 1, "loading the abstractive model")
        condenser = load_condenser(args.model)
        for n, story in enumerate(stories):
            def story_progress(done: int, steps: int, what: str, _n=n) -> None:
                progress(_n * max(steps, 1) + done, total * max(steps, 1), f"story {_n + 1}/{total}: {what}")

            story.abstractive = abstractive_summary(
                story, condenser, mode=args.abstractive_mode, max_words=args.max_words,
                show_unsupported=args.show_unsupported, progress=story_progress,
            )
        progress(total, total, "abstractive summaries")
    except ModelUnavailable as err:
        progress.close()
        done = sum(s.abstractive is not None for s in stories)
        print(f"summarize: abstractive summary skipped: {err}", file=sys.stderr)
        if done:
            say(f"summarize: {done} of {plural(total, 'story')} {'has' if done == 1 else 'have'} an abstractive summary")
        return True
    except KeyboardInterrupt:
        progress.close()
        done = sum(s.abstractive is not None for s in stories)
        say(f"summarize: interrupted; {done} of {plural(total, 'story')} {'has' if done == 1 else 'have'} an abstractive summary")
        raise _Interrupted() from None
    return False


class _Interrupted(Exception):
    """Ctrl-C during the model: output what is done, then exit 130."""
