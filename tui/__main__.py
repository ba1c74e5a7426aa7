"""``python -m tui PATH...`` (and ``summarize --tui PATH...``): open the reading room."""

from __future__ import annotations

import time

_T0 = time.perf_counter()

import asyncio  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402


def _since_process_start() -> float:
    """Seconds since this process started (Linux /proc); 0 elsewhere.

    ``summarize --tui`` exec's into this module with the same process, so the
    figure covers the whole launch."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - start - (time.perf_counter() - _T0))
    except (OSError, ValueError, IndexError):
        return 0.0


# The name errors are signed with: "summarize --tui" when the CLI started the
# UI (cli.launch_tui says so in the environment), else how it was run.
PROG = os.environ.get("SUMMARIZE_TUI_PROG", "python -m tui")


def build_parser():
    from summarize.cli import build_parser as cli_parser

    parser = cli_parser()
    parser.prog = PROG
    parser.description = "The summarize terminal UI: step through stories, their summaries and their sources."
    # --timing is the CLI's own option (so ``summarize --tui --timing`` parses too)
    return parser


def _leave_a_model_load(app) -> None:
    """Quit while a model was still loading (its first load converts it, for
    half a minute or more): nothing of it is wanted any more, and a load cannot
    be stopped half way, so the process ends now instead of leaving a blank
    terminal until the load is done.  Not while the desk is saving."""
    if not app.model_loading or any(w.group == "desk" and w.is_running for w in app.workers):
        return
    print(f"{PROG}: quit while the model was loading; it loads again next time", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)


def main(argv: list[str] | None = None) -> int:
    started = _T0 - _since_process_start()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    store = None
    if not args.paths:
        from summarize.store import default_path, existing_store

        store = existing_store(args.db)
        if store is None:
            parser.print_usage(sys.stderr)
            if args.db:
                print(f"{PROG}: error: no store at {args.db} (summarize add --db {args.db} SOURCE... makes one)", file=sys.stderr)
            else:
                print(
                    f"{PROG}: error: give at least one PATH (file or directory), or fill the news desk first "
                    f"(summarize add SOURCE...; its store would be {default_path()})",
                    file=sys.stderr,
                )
            return 2
    elif args.db:
        print(f"{PROG}: error: give either PATHs or --db, not both", file=sys.stderr)
        return 2
    if "-" in args.paths:
        print(f"{PROG}: error: the terminal UI cannot read articles from standard input; give files", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        if os.path.islink(missing[0]):  # said as the CLI says it (ingest.broken_link), not "no such file"
            from pathlib import Path

            from summarize.ingest import broken_link

            print(f"{PROG}: error: {broken_link(Path(missing[0]))}".removesuffix(", skipped"), file=sys.stderr)
        else:
            print(f"{PROG}: error: no such file or directory: {missing[0]}", file=sys.stderr)
        return 2

    # what only the CLI's output does: refused, not dropped without a word
    for given, option in ((args.output, "-o"), (args.format, "--format"), (args.quotes, "--quotes"),
                          (args.engine == "ray", "--engine ray"), (args.address, "--address")):
        if given:
            print(f"{PROG}: error: {option} is for the command line's output; the reading room shows the stories "
                  "(export one with e)", file=sys.stderr)
            return 2
    if args.focus is not None and not args.focus.strip():
        print(f"{PROG}: error: --focus needs a question or some words, e.g. --focus \"sanctions on Russia\"", file=sys.stderr)
        return 2
    if store is not None and args.seen:
        print(f"{PROG}: error: --seen goes with PATHs; the news desk knows what you have read", file=sys.stderr)
        return 2

    from summarize.pipeline import Options

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # with output piped it drew escape codes into the pipe and waited for keys that never came
        print(f"{PROG}: error: the terminal UI needs a terminal; without --tui, summarize writes the stories "
              "to standard output", file=sys.stderr)
        return 2

    from .app import SummarizeApp

    # no mode flag: the mode of the last run (remembered), else extractive
    mode = "both" if args.compare else ("abstractive" if args.abstractive else None)
    options = Options(
        cluster=args.cluster, max_words=args.max_words, max_sentences=args.max_sentences,
        focus=args.focus.strip() if args.focus else None, seen=args.seen,
    )
    app = SummarizeApp(
        args.paths, options, model=args.model, mode=mode, abstractive_mode=args.abstractive_mode,
        show_unsupported=args.show_unsupported, timing=args.timing, started=started, store=store,
    )
    # our own loop: asyncio.run would wait, with the screen already blank, for
    # a model load running in a worker thread (see _leave_a_model_load)
    loop = asyncio.new_event_loop()
    app.run(loop=loop)
    _leave_a_model_load(app)
    loop.close()
    if args.timing == "-" and app.timings:
        print(" ".join(f"{k}={v:.3f}s" for k, v in app.timings.items()), file=sys.stderr)
    if app.nothing_usable:
        # the screen that said so is gone: say it again where the shell shows it, and fail as the CLI does
        for where, why in app.problems:
            print(f"{PROG}: {where}: {why}", file=sys.stderr)
        print(f"{PROG}: error: no usable article in the input", file=sys.stderr)
        return app.return_code or 1
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
