"""Extractive vs abstractive on DUC 2007 (update task, dev clusters).

    python -m bench.abstractive [--n 20] [--model SPEC] [--max-words 100] [--skip-first-load]

For the first N clusters of ``../shared/data/duc2007-update/dev.jsonl`` this
builds each story with the engine (``summarize.pipeline``), condenses it with
the abstractive model, and reports, side by side:

- ROUGE-1/2/L F1 (``rouge-score``, stemming on; mean over the 4 references,
  then over clusters) of the extractive and the abstractive summary, both cut
  to the same word budget;
- the share of sentences the attribution check flags as unsupported;
- model load time: first load (GGUF conversion, in a child process with an
  empty cache) and cached load (a second child process on that cache);
- generation speed (tokens/s), seconds per story, and peak RSS of this process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "duc2007-update" / "dev.jsonl"


def _log(message: str) -> None:
    print(f"[bench.abstractive] {message}", file=sys.stderr, flush=True)


def measure_loads(model: str | None) -> dict:
    """Load time in fresh processes: first (empty cache) and cached."""
    code = (
        "import json, sys, time; t=time.perf_counter();"
        "from summarize.condense import load_model;"
        f"c=load_model({model!r});"
        "print(json.dumps({'seconds': time.perf_counter()-t, 'first': c.first_load}))"
    )
    out = {}
    with tempfile.TemporaryDirectory(prefix="summarize-cache-") as cache:
        env = dict(os.environ, SUMMARIZE_CACHE=cache)
        for label in ("first", "cached"):
            _log(f"measuring {label} model load in a child process")
            proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
            if proc.returncode != 0:
                out[label] = None
                _log(f"{label} load failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
                continue
            out[label] = json.loads(proc.stdout.strip().splitlines()[-1])["seconds"]
    return out


def rouge_scores(prediction: str, references: list[str], scorer) -> dict:
    out = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
    for ref in references:
        s = scorer.score(ref, prediction)
        for k in out:
            out[k] += 100.0 * s[k].fmeasure / len(references)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.abstractive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="clusters to run (default 20)")
    parser.add_argument("--model", default=None, help="model spec (default: the first in models.txt)")
    parser.add_argument("--max-words", type=int, default=100)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--skip-first-load", action="store_true", help="do not measure the first (uncached) load")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    args = parser.parse_args(argv)

    from rouge_score import rouge_scorer

    from summarize.condense import load_model
    from summarize.pipeline import Options, build_stories, load_articles

    loads = {} if args.skip_first_load else measure_loads(args.model)

    refs, order = {}, []
    with open(args.data, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                refs[rec["id"]] = rec["refs"]
                order.append(rec["id"])
    wanted = order[: args.n]
    _log(f"loading {len(wanted)} clusters from {args.data}")
    articles, _ = load_articles([args.data])
    articles = [a for a in articles if a.group in set(wanted)]
    stories = {s.articles[0].group: s for s in build_stories(articles, Options(max_words=args.max_words))}

    t = time.perf_counter()
    condenser = load_model(args.model, progress=lambda d, n, m: _log(m))
    load_here = time.perf_counter() - t

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {"ext": {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}, "abs": {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}}
    sent = {"ext": [0, 0], "abs": [0, 0]}  # unsupported, total
    words = {"ext": 0, "abs": 0}
    done = 0
    t_all = time.perf_counter()
    try:
        for n, cid in enumerate(wanted, start=1):
            story = stories.get(cid)
            if story is None:
                continue
            t = time.perf_counter()
            abstractive = condenser.condense(story, max_words=args.max_words)
            from summarize.attribute import attribute

            attribute(story.summary, story.articles, story.families or None)
            for key, summary in (("ext", story.summary), ("abs", abstractive)):
                text = " ".join(summary.text.split()[: args.max_words])
                for k, v in rouge_scores(text, refs[cid], scorer).items():
                    totals[key][k] += v
                sent[key][0] += sum(1 for s in summary.sentences if not s.supported)
                sent[key][1] += len(summary.sentences)
                words[key] += summary.words
            done += 1
            _log(f"{n}/{len(wanted)} {cid}: {time.perf_counter() - t:.1f} s, "
                 f"{sum(1 for s in abstractive.sentences if not s.supported)}/{len(abstractive.sentences)} unsupported")
    except KeyboardInterrupt:
        _log(f"interrupted after {done} clusters; reporting those")
    elapsed = time.perf_counter() - t_all
    if not done:
        print("no cluster done")
        return 1

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "clusters": done,
        "model": condenser.name,
        "rouge": {k: {m: round(v / done, 2) for m, v in d.items()} for k, d in totals.items()},
        "unsupported_share": {k: round(v[0] / v[1], 3) if v[1] else 0.0 for k, v in sent.items()},
        "mean_words": {k: round(v / done, 1) for k, v in words.items()},
        "load_first_s": loads.get("first"),
        "load_cached_s": loads.get("cached"),
        "load_in_run_s": round(load_here, 2),
        "tokens_per_s": round(condenser.tokens_per_second, 2),
        "seconds_per_story": round(elapsed / done, 2),
        "peak_rss_mb": round(peak_mb, 1),
    }
    r = result["rouge"]
    print(f"DUC 2007 update dev, {done} clusters, {args.max_words} words, model {condenser.name}")
    print()
    print(f"| summary     | ROUGE-1 | ROUGE-2 | ROUGE-L | unsupported sentences | mean words |")
    print(f"|-------------|--------:|--------:|--------:|----------------------:|-----------:|")
    for key, label in (("ext", "extractive"), ("abs", "abstractive")):
        print(f"| {label:<11} | {r[key]['rouge1']:7.2f} | {r[key]['rouge2']:7.2f} | {r[key]['rougeL']:7.2f} | "
              f"{100 * result['unsupported_share'][key]:20.1f}% | {result['mean_words'][key]:10.1f} |")
    print()

    def s(v):
        return "—" if v is None else f"{v:.1f} s"

    print(f"| model load (first) | model load (cached) | tokens/s | s/story | peak RSS |")
    print(f"|-------------------:|--------------------:|---------:|--------:|---------:|")
    print(f"| {s(result['load_first_s']):>18} | {s(result['load_cached_s']):>19} | {result['tokens_per_s']:8.1f} | "
          f"{result['seconds_per_story']:7.1f} | {result['peak_rss_mb']:5.0f} MB |")
    if args.json:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
