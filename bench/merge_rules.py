"""python -m bench.merge_rules [--shares 1,0.4,0.5,0.6,0.7]

The clusterer's ``cluster.MAX_TERM_SHARE`` (no one word may carry more of a
merge's linkage) against every pool with story labels: B-cubed P / R / F1,
one row per setting (1: the rule off), the shipped one last; a few minutes
(bench/README.md, "Stories").  The SIZE_MARGIN rows of that section's table
come from commit c0e0cca's version of this script.
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
    parser.add_argument("--shares", default="1,0.4,0.5,0.6,0.7")
    args = parser.parse_args(argv)
    shipped = cluster.MAX_TERM_SHARE
    rows = [s for s in dict.fromkeys(float(x) for x in args.shares.split(",")) if s != shipped] + [shipped]
    pools = {name: shuffled(*pooled(name)) for name in POOLS}
    print("| MAX_TERM_SHARE | " + " | ".join(POOLS) + " |")
    print("|---:|" + "---|" * len(POOLS))
    for share in rows:
        cluster.MAX_TERM_SHARE = share
        cells = [score(*pools[name]) for name in POOLS]
        bold = "**" if share == shipped else ""
        print(f"| {bold}{share:g}{bold} | " + " | ".join(cells) + " |", flush=True)
    cluster.MAX_TERM_SHARE = shipped


if __name__ == "__main__":
    main()
