"""python -m bench.thresholds [--at 0.07,0.09,...]

The clusterer's merge threshold against every pool with story labels, side
by side: B-cubed precision / recall / F1 per threshold on the DUC 2007
update pool (the tuning pool), all 45 DUC 2007 main topics (topics that span
months: a proxy), the TDT events (DUC 2003/2004 documents by TDT event: the
story-clustering gold), the 36 English news pages of textpages dev as one
pile (each page its own event, so every merge is a false one), and all its
pages in their five languages the same way (two are all furniture and
skipped).  Shows what
``cluster.MERGE_THRESHOLD`` trades; bench/README.md, "Stories".
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .data import pooled, shuffled
from .metrics import bcubed

DEFAULT_THRESHOLDS = "0.07,0.09,0.11,0.13,0.15,0.18"


def text_pages(folder: Path, *, news_only: bool) -> tuple[list, list[str]]:
    """textpages dev pages (the English news ones, or all 496 in their five
    languages), each written to its own file and read as the CLI reads a
    folder; gold: one story per page."""
    from summarize.pipeline import load_articles

    from .textpages import load

    folder.mkdir(parents=True, exist_ok=True)
    for n, page in enumerate(load()):
        if page.get("news") or not news_only:
            (folder / f"{n:03d}.txt").write_text(page["text"], encoding="utf-8")
    articles, _ = load_articles([str(folder)])
    return articles, [a.path for a in articles]


def main(argv: list[str] | None = None) -> None:
    from summarize.cluster import MERGE_THRESHOLD, cluster_articles

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--at", default=DEFAULT_THRESHOLDS, help=f"thresholds, comma separated (default {DEFAULT_THRESHOLDS})")
    args = parser.parse_args(argv)
    thresholds = [float(t) for t in args.at.split(",") if t.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        pools = {
            "DUC 2007 update": shuffled(*pooled("update")),
            "DUC 2007 main (45)": shuffled(*pooled("main")),
            "TDT events": shuffled(*pooled("tdt")),
            "36 English news pages": text_pages(Path(tmp) / "news", news_only=True),
            "494 text pages, 5 languages": text_pages(Path(tmp) / "all", news_only=False),
        }
    print(f"B3 precision / recall / F1 by merge threshold (shipped: {MERGE_THRESHOLD})\n")
    print("| threshold | " + " | ".join(pools) + " |")
    print("|---:|" + "---|" * len(pools))
    for threshold in thresholds:
        cells = []
        for articles, gold in pools.values():
            label = {id(a): n for n, group in enumerate(cluster_articles(articles, threshold)) for a in group}
            p, r, f = bcubed(gold, [label[id(a)] for a in articles])
            cells.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
        mark = "**" if threshold == MERGE_THRESHOLD else ""
        print(f"| {mark}{threshold}{mark} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
