"""python -m bench.merge_rules [--margins 0,0.02,0.04,0.06,0.08] [--shares 1,0.4,0.5,0.6,0.7]

The clusterer's two small-merge rules against every pool with story labels:
``cluster.SIZE_MARGIN`` (two clusters of a and b articles need the threshold
plus margin / (a * b)) and ``cluster.MAX_TERM_SHARE`` (no one word may carry
more of a merge's linkage).  B-cubed P / R / F1, one row per setting, each
knob varied with the other at its shipped value, the shipped pair last;
a few minutes (bench/README.md, "Stories").
"""

from __future__ import annotations

import argparse

from .data import pooled, shuffled
from .metrics import bcubed

POOLS = ["update", "main-heldout", "main", "tdt", "multinews-tune", "multinews-heldout", "multinews"]


def score(articles, gold) -> str:
    from summarize.cluster import cluster_articles

    label = {id(a): n for n, group in enumerate(cluster_articles(articles)) for a in group}
    p, r, f = bcubed(gold, [label[id(a)] for a in articles])
    return f"{p:.3f} / {r:.3f} / {f:.3f}"


def main(argv: list[str] | None = None) -> None:
    from summarize import cluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--margins", default="0,0.02,0.04,0.06,0.08")
    parser.add_argument("--shares", default="1,0.4,0.5,0.6,0.7")
    args = parser.parse_args(argv)
    shipped = (cluster.SIZE_MARGIN, cluster.MAX_TERM_SHARE)
    rows = [(0.0, 1.0)]
    rows += [(float(m), shipped[1]) for m in args.margins.split(",")]
    rows += [(shipped[0], float(s)) for s in args.shares.split(",")]
    rows = list(dict.fromkeys(r for r in rows if r != shipped)) + [shipped]
    pools = {name: shuffled(*pooled(name)) for name in POOLS}
    print("| SIZE_MARGIN | MAX_TERM_SHARE | " + " | ".join(POOLS) + " |")
    print("|---:|---:|" + "---|" * len(POOLS))
    for margin, share in rows:
        cluster.SIZE_MARGIN, cluster.MAX_TERM_SHARE = margin, share
        cells = [score(*pools[name]) for name in POOLS]
        bold = "**" if (margin, share) == shipped else ""
        print(f"| {bold}{margin:g}{bold} | {bold}{share:g}{bold} | " + " | ".join(cells) + " |", flush=True)
    cluster.SIZE_MARGIN, cluster.MAX_TERM_SHARE = shipped


if __name__ == "__main__":
    main()
