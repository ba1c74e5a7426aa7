"""python -m bench.merge_rules [--shares 1,0.4,0.5,0.6,0.7] [--margins 0,0.04,0.06,0.08] [--small-piles [--held-out] [--full-piles 150,300,600]]

The clusterer's small-merge rules against every pool with story labels:
B-cubed P / R / F1, one row per setting, the shipped one last; a few
minutes (bench/README.md, "Stories").  ``--shares``: ``cluster.MAX_TERM_SHARE``
(no one word may carry more of a merge's linkage; 1: the rule off).
``--margins``: ``cluster.SIZE_MARGIN`` instead (0: the rule off).
``--small-piles``: ``cluster.SIZE_MARGIN`` in small piles drawn from the
tune pools (``--held-out``: the held-out ones), by pile size: B3 F1 with no
margin, then the change with the margin at full strength in every pile and
scaled up to each ``--full-piles`` size (``cluster.MARGIN_FULL_PILE``); how
MARGIN_FULL_PILE was chosen.  The constant-margin rows of the README's table
come from commit c0e0cca's version of this script.
"""

from __future__ import annotations

import argparse
import random

from .data import pooled, shuffled
from .metrics import bcubed

POOLS = ["update", "main-heldout", "main", "tdt", "multinews-tune", "multinews-heldout", "multinews"]
SIZES = [10, 20, 40, 80, 160, 240]
PER_STORY = 5  # the "stories x5" piles: up to 5 articles of each story drawn, as the Ray windows of tests/test_scale.py hold 4-5


def score(articles, gold) -> tuple[float, float, float]:
    from summarize.cluster import cluster_articles

    label = {id(a): n for n, group in enumerate(cluster_articles(articles)) for a in group}
    return bcubed(gold, [label[id(a)] for a in articles])


def cells(p: float, r: float, f: float) -> str:
    return f"{p:.3f} / {r:.3f} / {f:.3f}"


def draw(articles, gold, n: int, seed: int, per_story: int | None) -> tuple[list, list]:
    """``n`` articles at random, or ``n // per_story`` stories at random with
    up to ``per_story`` articles each."""
    rng = random.Random(seed)
    if per_story is None:
        picked = rng.sample(range(len(articles)), min(n, len(articles)))
    else:
        by: dict[str, list[int]] = {}
        for i, g in enumerate(gold):
            by.setdefault(g, []).append(i)
        stories = rng.sample(sorted(by), min(len(by), max(1, n // per_story)))
        picked = [i for s in stories for i in rng.sample(by[s], min(per_story, len(by[s])))]
        rng.shuffle(picked)
    return [articles[i] for i in picked], [gold[i] for i in picked]


def small_piles(names: list[str], full_piles: list[int], draws: int) -> None:
    from summarize import cluster

    shipped = cluster.size_margin
    settings = {"no margin": lambda n: 0.0, f"{cluster.SIZE_MARGIN:g} everywhere": lambda n: cluster.SIZE_MARGIN}
    for full in full_piles:
        settings[f"full from {full}"] = lambda n, full=full: cluster.SIZE_MARGIN * min(1.0, n / full)
    print("| pool | drawn | articles | " + " | ".join(settings) + " |")
    print("|---|---|---:|" + "---:|" * len(settings))
    try:
        for name in names:
            articles, gold = pooled(name)
            for how, per in (("at random", None), (f"stories x{PER_STORY}", PER_STORY)):
                for n in SIZES:
                    piles = [draw(articles, gold, n, 1000 * n + k, per) for k in range(draws)]
                    row = []
                    for margin in settings.values():
                        cluster.size_margin = margin
                        row.append(sum(score(*pile)[2] for pile in piles) / draws)
                    size = sum(len(p[0]) for p in piles) / draws
                    out = [f"{row[0]:.3f}"] + [f"{x - row[0]:+.3f}" for x in row[1:]]
                    print(f"| {name} | {how} | {size:.0f} | " + " | ".join(out) + " |", flush=True)
                    if n // (per or 1) >= len(set(gold) if per else gold):  # all drawn: a bigger size repeats the row
                        break
    finally:
        cluster.size_margin = shipped


def main(argv: list[str] | None = None) -> None:
    from summarize import cluster

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shares", default="1,0.4,0.5,0.6,0.7")
    parser.add_argument("--margins", help="rows of SIZE_MARGIN instead of MAX_TERM_SHARE")
    parser.add_argument("--small-piles", action="store_true")
    parser.add_argument("--held-out", action="store_true", help="with --small-piles: draw from the held-out pools")
    parser.add_argument("--full-piles", default="150,300,600")
    parser.add_argument("--draws", type=int, default=20)
    args = parser.parse_args(argv)
    if args.small_piles:
        names = ["main-heldout", "multinews-heldout"] if args.held_out else ["update", "multinews-tune"]
        small_piles(names, [int(x) for x in args.full_piles.split(",")], args.draws)
        return
    setting = "SIZE_MARGIN" if args.margins else "MAX_TERM_SHARE"
    shipped = getattr(cluster, setting)
    values = args.margins or args.shares
    rows = [s for s in dict.fromkeys(float(x) for x in values.split(",")) if s != shipped] + [shipped]
    pools = {name: shuffled(*pooled(name)) for name in POOLS}
    print(f"| {setting} | " + " | ".join(POOLS) + " |")
    print("|---:|" + "---|" * len(POOLS))
    try:
        for value in rows:
            setattr(cluster, setting, value)
            row = [cells(*score(*pools[name])) for name in POOLS]
            bold = "**" if value == shipped else ""
            print(f"| {bold}{value:g}{bold} | " + " | ".join(row) + " |", flush=True)
    finally:
        setattr(cluster, setting, shipped)


if __name__ == "__main__":
    main()
