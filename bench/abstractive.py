"""Extractive vs fused abstractive vs whole-story abstractive, side by side.

    python -m bench.abstractive [--n 30] [--whole-n 10] [--model SPEC] [--max-words 100] [--runs 3]

Sets: the seeds (one story, no references), the first N clusters of DUC 2007
update dev and of Multi-News dev (``../shared/data/``).  Every story is built
by the engine (``summarize.pipeline``); the same loaded model then writes
its abstractive summary by grounded fusion (the default, ``mode="fuse"``) and,
for the first ``--whole-n`` stories of each set (it is the slow mode), by
whole-story generation (``mode="whole"``).  Reported per set:

- share of shown abstractive sentences that are supported (fuse: the product's
  default output; whole: flagged, not replaced), and the share actually fused
  rather than kept;
- ROUGE-1/2 recall (rouge-score, stemming on; mean over references, then
  over clusters) of extractive, fused and whole-story summaries, each cut to
  ``--max-words`` words;
- mean words per summary;
- seconds per story of each mode, in this process, model loaded.

Then the whole ``summarize ../shared/seeds --abstractive`` process with the
model cached, ``--runs`` times (median), and the cached model load; and the
seeds' extractive and fused summaries one above the other.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.metrics import cut_words, rouge

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "DUC 2007 update": SHARED / "data" / "duc2007-update" / "dev.jsonl",
    "Multi-News": SHARED / "data" / "multinews" / "dev.jsonl",
}
SEEDS = SHARED / "seeds"


def _log(message: str) -> None:
    print(f"[bench.abstractive] {message}", file=sys.stderr, flush=True)


def _stories(path: Path, n: int, max_words: int):
    """The first ``n`` clusters of a JSONL set as stories, with their references."""
    from bench.data import articles_by_record, read_jsonl
    from summarize.pipeline import Options, build_story

    records = read_jsonl(path)[:n]
    groups = articles_by_record(path, {r["id"] for r in records})
    options = Options(max_words=max_words)
    return [(build_story(groups[r["id"]], options), r["refs"]) for r in records if groups.get(r["id"])]


def run_set(name: str, items, condenser, args) -> dict:
    from summarize.pipeline import abstractive_summary

    row = {"set": name, "stories": len(items), "whole_stories": 0}
    acc = {k: [] for k in ("ext_r1", "ext_r2", "fuse_r1", "fuse_r2", "whole_r1", "whole_r2",
                           "ext_words", "fuse_words", "whole_words", "fuse_s", "whole_s")}
    shown = supported = fused = whole_shown = whole_supported = 0
    for n, (story, refs) in enumerate(items):
        t = time.perf_counter()
        fuse = abstractive_summary(story, condenser, mode="fuse", max_words=args.max_words)
        acc["fuse_s"].append(time.perf_counter() - t)
        shown += len(fuse.sentences)
        supported += sum(bool(s.supported) for s in fuse.sentences)
        fused += sum(s.origin == "fused" for s in fuse.sentences)
        acc["ext_words"].append(story.summary.words)
        acc["fuse_words"].append(fuse.words)
        if refs:
            for key, summary in (("ext", story.summary), ("fuse", fuse)):
                scores = rouge(cut_words(summary.text, args.max_words), refs)
                acc[f"{key}_r1"].append(scores["rouge1_r"])
                acc[f"{key}_r2"].append(scores["rouge2_r"])
        line = f"{name} {n + 1}/{len(items)}: fuse {acc['fuse_s'][-1]:.1f} s, {sum(s.origin == 'fused' for s in fuse.sentences)}/{len(fuse.sentences)} fused"
        if n < args.whole_n:
            t = time.perf_counter()
            whole = abstractive_summary(story, condenser, mode="whole", max_words=args.max_words)
            acc["whole_s"].append(time.perf_counter() - t)
            row["whole_stories"] += 1
            whole_shown += len(whole.sentences)
            whole_supported += sum(bool(s.supported) for s in whole.sentences)
            acc["whole_words"].append(whole.words)
            if refs:
                scores = rouge(cut_words(whole.text, args.max_words), refs)
                acc["whole_r1"].append(scores["rouge1_r"])
                acc["whole_r2"].append(scores["rouge2_r"])
            line += f"; whole {acc['whole_s'][-1]:.1f} s"
        _log(line)
    mean = lambda xs: round(statistics.fmean(xs), 2) if xs else None  # noqa: E731
    row.update({k: mean(v) for k, v in acc.items()})
    row["fuse_supported"] = round(supported / shown, 3) if shown else None
    row["fuse_fused"] = round(fused / shown, 3) if shown else None
    row["whole_supported"] = round(whole_supported / whole_shown, 3) if whole_shown else None
    return row


def whole_process_seconds(runs: int, model: str | None) -> list[float]:
    """``summarize ../shared/seeds --abstractive`` end to end, model cached."""
    cmd = [str(ROOT / ".venv" / "bin" / "summarize"), str(SEEDS), "--abstractive", "--format", "json", "-q"]
    if not Path(cmd[0]).exists():
        cmd[0:1] = [sys.executable, "-m", "summarize"]
    if model:
        cmd += ["--model", model]
    times = []
    for n in range(runs):
        t = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
        _log(f"whole process run {n + 1}/{runs}: {times[-1]:.1f} s (exit {proc.returncode})")
    return times


def cached_load_seconds(model: str | None) -> float | None:
    code = (
        "import json, time; t=time.perf_counter();"
        "from summarize.pipeline import load_condenser;"
        f"load_condenser({model!r});"
        "print(json.dumps(time.perf_counter()-t))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else None


def _fmt(v, pct=False) -> str:
    if v is None:
        return "—"
    return f"{100 * v:.0f}%" if pct else f"{v:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.abstractive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=30, help="clusters per data set (default 30)")
    parser.add_argument("--whole-n", type=int, default=10, help="stories per set also run in whole-story mode (default 10)")
    parser.add_argument("--model", default=None, help="model spec (default: the first in models.txt)")
    parser.add_argument("--max-words", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3, help="whole-process runs on the seeds (median)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args(argv)

    from summarize.pipeline import Options, abstractive_summary, load_condenser, run

    t = time.perf_counter()
    condenser = load_condenser(args.model, progress=lambda d, n, m: _log(m))
    load_in_run = time.perf_counter() - t

    rows = []
    seeds = run([str(SEEDS)], Options(max_words=args.max_words)).stories
    rows.append(run_set("seeds", [(seeds[0], [])], condenser, args))
    seeds_fused = abstractive_summary(seeds[0], condenser, mode="fuse", max_words=args.max_words)
    for name, path in SETS.items():
        _log(f"building {args.n} stories of {name}")
        rows.append(run_set(name, _stories(path, args.n, args.max_words), condenser, args))

    times = whole_process_seconds(args.runs, args.model) if args.runs else []
    cached = cached_load_seconds(args.model)

    print(f"Model {condenser.name}; {args.max_words} words; fuse on every story, whole-story on the first {args.whole_n} of each set.")
    print()
    print("| set | stories | shown supported (fuse) | fused, not kept | supported (whole) | R-1 R ext | R-1 R fuse | R-1 R whole "
          "| R-2 R ext | R-2 R fuse | R-2 R whole | words ext | words fuse | words whole | s/story fuse | s/story whole |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['set']} | {r['stories']} | {_fmt(r['fuse_supported'], True)} | {_fmt(r['fuse_fused'], True)} | "
            f"{_fmt(r['whole_supported'], True)} | {_fmt(r['ext_r1'])} | {_fmt(r['fuse_r1'])} | {_fmt(r['whole_r1'])} | "
            f"{_fmt(r['ext_r2'])} | {_fmt(r['fuse_r2'])} | {_fmt(r['whole_r2'])} | {_fmt(r['ext_words'])} | "
            f"{_fmt(r['fuse_words'])} | {_fmt(r['whole_words'])} | {_fmt(r['fuse_s'])} | {_fmt(r['whole_s'])} |"
        )
    print()
    med = statistics.median(times) if times else None
    print(f"`summarize ../shared/seeds --abstractive`, whole process, model cached: median {_fmt(med)} s of "
          f"{len(times)} runs ({', '.join(f'{x:.1f}' for x in times)}); cached model load {_fmt(cached)} s "
          f"(in this run {load_in_run:.1f} s); {os.cpu_count()} cores.")
    print()
    print("Seeds, extractive:")
    print()
    for n, s in enumerate(seeds[0].summary.sentences, start=1):
        print(f"{n}. {s.text}")
    print()
    print("Seeds, fused abstractive:")
    print()
    for n, s in enumerate(seeds_fused.sentences, start=1):
        print(f"{n}. {s.text} *({s.origin})*")
    if args.json:
        print(json.dumps({"rows": rows, "whole_process_s": times, "cached_load_s": cached}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
