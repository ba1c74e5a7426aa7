"""python -m bench.cohesion [--ratios 0.4,0.45] [--pile DIR]

A study, not shipped (bench/README.md, "Cohesion-relative linkage, tried"):
the clusterer's average linkage with one more condition, that two clusters
of two articles or more merge only when their mean cross cosine is at least
``ratio`` times the looser one's mean internal cosine (the mean over its
own pairs).  B-cubed P / R / F1 on every pool with story labels, shipped
(ratio 0) first.  ``--pile DIR`` also prints, for a folder read as the CLI
reads it, every merge of two multi-article clusters the shipped clusterer
makes (the cross cosine against the threshold and each side's cohesion):
what a trial's false merge is made of.
"""

from __future__ import annotations

import argparse
import heapq
import tempfile
from pathlib import Path

import numpy as np

from .data import pooled, shuffled
from .metrics import bcubed


def merge(matrix, edges, threshold: float, ratio: float = 0.0, log: list | None = None) -> list[int]:
    """``cluster.merge_clusters`` (average linkage) plus the cohesion
    condition; ``log`` collects (cross, size a, size b, cohesion a,
    cohesion b, members a, members b) of each merge of two clusters of two
    or more."""
    n, width = matrix.shape
    matrix = matrix.tocsr()
    idx = [matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]].copy() for i in range(n)]
    val = [matrix.data[matrix.indptr[i] : matrix.indptr[i + 1]].astype(np.float64) for i in range(n)]
    square = [float(v @ v) for v in val]  # |summed vector|^2
    diagonal = square[:]  # the members' own dot products
    size, parent, version = [1] * n, list(range(n)), [0] * n
    members = [[i] for i in range(n)]
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for i, j in edges:
        neighbours[i].add(j)
        neighbours[j].add(i)
    dense = np.zeros(width)

    def cohesion(c: int) -> float:
        return (square[c] - diagonal[c]) / (size[c] * (size[c] - 1))

    heap = [(-s, i, j, 0, 0) for (i, j), s in edges.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, i, j, vi, vj = heapq.heappop(heap)
        if parent[i] != i or parent[j] != j or version[i] != vi or version[j] != vj:
            continue
        if size[i] > 1 and size[j] > 1:
            looser = min(cohesion(i), cohesion(j))
            if -negative < ratio * looser:
                continue
            if log is not None:
                log.append((-negative, size[i], size[j], cohesion(i), cohesion(j), list(members[i]), list(members[j])))
        if len(neighbours[i]) < len(neighbours[j]):
            i, j = j, i
        parent[j] = i
        dense[idx[i]] = val[i]
        dense[idx[j]] += val[j]
        merged = np.union1d(idx[i], idx[j])
        idx[i], val[i] = merged, dense[merged].copy()
        square[i] = float(val[i] @ val[i])
        diagonal[i] += diagonal[j]
        size[i] += size[j]
        members[i] += members[j]
        version[i] += 1
        idx[j] = val[j] = None
        for other in neighbours[j]:
            if other != i:
                neighbours[other].discard(j)
                neighbours[other].add(i)
                neighbours[i].add(other)
        neighbours[i].discard(j)
        neighbours[j] = set()
        for other in neighbours[i]:
            s = float(dense[idx[other]] @ val[other]) / (size[i] * size[other])
            if s >= threshold:
                a, b = (i, other) if i < other else (other, i)
                heapq.heappush(heap, (-s, a, b, version[a], version[b]))
        dense[merged] = 0.0

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    return [root(i) for i in range(n)]


def main(argv: list[str] | None = None) -> None:
    from summarize.cluster import MERGE_THRESHOLD, neighbour_graph, vectorize
    from summarize.pipeline import load_articles

    from .thresholds import text_pages

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratios", default="0.35,0.38,0.4,0.45,0.5,0.55,0.6")
    parser.add_argument("--pile", help="a folder to trace (the merges of two multi-article clusters)")
    args = parser.parse_args(argv)
    if args.pile:
        articles, _ = load_articles([args.pile])
        matrix = vectorize(articles)
        log: list = []
        merge(matrix, neighbour_graph(matrix), MERGE_THRESHOLD, 0.0, log)
        name = lambda k: Path(articles[k].path or articles[k].id).name  # noqa: E731
        print(f"{args.pile}: {len(articles)} articles; merges of two clusters of 2 or more (threshold {MERGE_THRESHOLD})\n")
        for cross, na, nb, ca, cb, a, b in log:
            print(f"cross {cross:.3f}  {na} + {nb}  cohesion {ca:.3f} / {cb:.3f}  cross / looser {cross / min(ca, cb):.2f}")
            print(f"    {', '.join(sorted(map(name, a)))}\n  + {', '.join(sorted(map(name, b)))}")
        print()
    with tempfile.TemporaryDirectory() as tmp:
        pools = {
            "DUC 2007 update": shuffled(*pooled("update")),
            "DUC 2007 main held-out (35)": shuffled(*pooled("main-heldout")),
            "DUC 2007 main (45)": shuffled(*pooled("main")),
            "TDT events": shuffled(*pooled("tdt")),
            "36 English news pages": text_pages(Path(tmp) / "news", news_only=True),
            "494 text pages": text_pages(Path(tmp) / "all", news_only=False),
        }
    graphs = {}
    for key, (articles, gold) in pools.items():
        matrix = vectorize(articles)
        graphs[key] = (matrix, neighbour_graph(matrix), gold)
    print(f"B3 precision / recall / F1, threshold {MERGE_THRESHOLD}, by cohesion ratio (0: shipped)\n")
    print("| ratio | " + " | ".join(pools) + " |")
    print("|---:|" + "---|" * len(pools))
    for ratio in [0.0] + [float(r) for r in args.ratios.split(",") if r.strip()]:
        cells = []
        for matrix, edges, gold in graphs.values():
            p, r, f = bcubed(gold, merge(matrix, edges, MERGE_THRESHOLD, ratio))
            cells.append(f"{p:.3f} / {r:.3f} / {f:.3f}")
        print(f"| {ratio:g} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
