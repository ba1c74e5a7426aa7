"""python -m bench [--quick] [--scale 100,1000,10000] [--budget 100]

Prints one Markdown report (summaries, stories, scale) and writes it, with
every number, to bench/results/bench-<time>.json and bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def summaries(budget: int, quick: bool) -> list[dict]:
    from .data import summary_clusters, summary_split
    from .metrics import cut_words, rouge
    from .systems import systems

    split = summary_split(summary_clusters())
    if quick:
        split = {k: v[:3] for k, v in split.items()}
    runners = systems()
    warm = next(iter(split.values()))[0].articles
    for run in runners.values():  # imports and first-call set-up are not timed
        run(warm, budget)
    rows = []
    for name, run in runners.items():
        for part, clusters in split.items():
            totals: dict[str, float] = {}
            seconds = 0.0
            for c in clusters:
                t = time.perf_counter()
                text = run(c.articles, budget)
                seconds += time.perf_counter() - t
                for k, v in rouge(cut_words(text, budget), c.refs).items():
                    totals[k] = totals.get(k, 0.0) + v / len(clusters)
            rows.append({"system": name, "split": part, "clusters": len(clusters), **totals, "s_per_cluster": seconds / len(clusters)})
    return rows


def _worker(args: list[str], data: str | None) -> dict:
    cmd = [sys.executable, "-m", "bench.worker", *args] + ([data] if data else [])
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    wall = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"bench worker {' '.join(args)} failed:\n{done.stderr}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["process_s"] = wall  # the whole process: start-up, imports, loading, work
    return out


def fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}"


def report(result: dict) -> str:
    lines = []
    s = result.get("summaries")
    if s:
        lines += [
            f"### Summaries: DUC 2007 update, {result['budget']} words, ROUGE F1 / recall (rouge-score, stemmed, mean of 4 refs)",
            "",
            "| system | split | clusters | R-1 F | R-1 R | R-2 F | R-2 R | R-L F | R-L R | s / cluster |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s:
            lines.append(
                f"| {r['system']} | {r['split']} | {r['clusters']} | {fmt(r['rouge1_f'])} | {fmt(r['rouge1_r'])} | "
                f"{fmt(r['rouge2_f'])} | {fmt(r['rouge2_r'])} | {fmt(r['rougeL_f'])} | {fmt(r['rougeL_r'])} | {fmt(r['s_per_cluster'], 3)} |"
            )
        lines.append("")
        from .systems import BASELINES

        for part in dict.fromkeys(r["split"] for r in s):
            mine = next(r for r in s if r["system"] == "ours" and r["split"] == part)
            base = [r for r in s if r["system"] in BASELINES and r["split"] == part]
            best2 = max(base, key=lambda r: r["rouge2_r"])
            best1 = max(base, key=lambda r: r["rouge1_r"])
            lex = next(r for r in s if r["system"] == "LexRank (sumy)" and r["split"] == part)
            lines.append(
                f"- {part}: ours vs best baseline: R-2 recall {mine['rouge2_r'] - best2['rouge2_r']:+.2f} ({best2['system']}), "
                f"R-1 recall {mine['rouge1_r'] - best1['rouge1_r']:+.2f} ({best1['system']}); "
                f"speed {lex['s_per_cluster'] / max(mine['s_per_cluster'], 1e-9):.1f}x LexRank"
            )
        lines.append("")
    st = result.get("stories")
    if st:
        lines += [
            "### Stories: pooled, shuffled, `--cluster`, against gold topics",
            "",
            "| pool | topics | articles | stories found | B3 P | B3 R | B3 F1 | ARI | cluster s | process s | peak MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in st:
            lines.append(
                f"| {r['label']} | {r['topics']} | {r['articles']} | {r['found']} | {fmt(r['b3_p'], 3)} | {fmt(r['b3_r'], 3)} | "
                f"{fmt(r['b3_f1'], 3)} | {fmt(r['ari'], 3)} | {fmt(r['cluster_s'])} | {fmt(r['process_s'])} | {r['peak_mb']:.0f} |"
            )
        lines.append("")
    sc = result.get("scale")
    if sc:
        lines += [
            "### Scale: cluster + summarise every story (DUC main, replicated with light perturbation)",
            "",
            "| articles | stories | biggest | cluster s | summarise s | cluster + summarise s | process s | peak MB | B3 F1 |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in sc:
            lines.append(
                f"| {r['articles']} | {r['stories']} | {r['biggest']} | {fmt(r['cluster_s'])} | {fmt(r['summarise_s'])} | "
                f"{fmt(r['cluster_s'] + r['summarise_s'])} | {fmt(r['process_s'])} | {r['peak_mb']:.0f} | {fmt(r['b3_f1'], 3)} |"
            )
        lines.append("")
    tp = result.get("textpages")
    if tp:
        from .textpages import table

        lines += ["### Text pages: boilerplate removal on saved-as-text pages (textpages dev, trafilatura's scoring)", "", table(tp), ""]
    return "\n".join(lines)


POOLS = [
    ("update", "DUC 2007 update (tune)"),
    ("main-heldout", "DUC 2007 main, 35 topics not in update (held-out)"),
    ("main", "DUC 2007 main, all 45 topics"),
    ("tdt", "TDT events (DUC 2003/2004 documents, 29 events)"),
    ("multinews-tune", "Multi-News dev, 125 clusters (tune half)"),
    ("multinews-heldout", "Multi-News dev, the other 125 clusters (held-out half)"),
    ("multinews", "Multi-News dev, all 250 clusters"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 clusters per split, update pool only, scale 100: a smoke run")
    parser.add_argument("--scale", default=None, help="article counts for the scale table (default 100,1000,10000; quick: 100)")
    parser.add_argument("--budget", type=int, default=100, help="words per summary (default 100)")
    parser.add_argument("--only", default="summaries,stories,scale", help="which parts to run (comma list; also: textpages)")
    parser.add_argument("--data", default=None, help="the data folder (default ../shared/data)")
    args = parser.parse_args(argv)
    if args.data:
        from .data import data_dir

        data_dir(args.data)
    from . import data

    if not data.UPDATE.is_file():  # a checkout not beside ../shared: one line, not a traceback (trial F)
        print(f"python -m bench: no data at {data.DATA} (the project's ../shared/data); give --data FOLDER", file=sys.stderr)
        return 2
    parts = set(args.only.split(","))
    scale = args.scale or ("100" if args.quick else "100,1000,10000")
    result: dict = {"budget": args.budget, "quick": args.quick, "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    if "summaries" in parts:
        result["summaries"] = summaries(args.budget, args.quick)
    if "stories" in parts:
        result["stories"] = []
        for pool, label in POOLS[:1] if args.quick else POOLS:
            result["stories"].append({"label": label, **_worker(["stories", pool], args.data)})
    if "scale" in parts:
        result["scale"] = [_worker(["scale", n.strip()], args.data) for n in scale.split(",") if n.strip()]
    if "textpages" in parts:
        from .textpages import load, run

        result["textpages"] = run(load(args.data))
    text = report(result)
    print(text)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"bench-{stamp}.json").write_text(json.dumps(result, indent=1))
    (out / "latest.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
