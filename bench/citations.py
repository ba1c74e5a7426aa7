"""python -m bench.citations

Are the citations right?  Every cross-article citation of ours' summaries on
the bench.sets clusters (DUC 2003, DUC 2004, DUC 2007 update, TAC 2011,
Multi-News 50), against bench/citation_labels.jsonl: 176 (sentence, quote)
pairs that are not near copies, each labelled blind, from the two texts
alone, as stating the sentence's main claim (S), part of it (P) or not (N).
The file holds hashes of the two texts, not the texts.

Two rows from one run: the citations shown (rank.CITE_COVERAGE and its
companions), and every linked sentence, as they were shown before that
test (the best-linked sentence of each article).  Pairs that no label
covers are counted apart: a change that cites new sentences needs new labels.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

from bench.sets import set_clusters

LABELS = Path(__file__).resolve().parent / "citation_labels.jsonl"


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def cited_pairs(multinews: int) -> set[tuple[str, str, str, str]]:
    """(set, cluster, sentence hash, quote hash) of every cross-article citation."""
    from summarize.rank import summarize_articles

    pairs = set()
    for label, record, articles, budget in set_clusters(multinews):
        summary, _ = summarize_articles(articles, max_words=budget)
        for sentence in summary.sentences:
            for citation in sentence.citations[1:]:
                pairs.add((label, record["id"], _hash(sentence.text), _hash(citation.quote)))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.citations", description=__doc__.split("\n\n")[1])
    parser.add_argument("--multinews", type=int, default=50, help="Multi-News clusters (default 50, as labelled)")
    args = parser.parse_args(argv)
    import summarize.rank as rank

    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[(row["set"], row["cluster"], row["sentence"], row["quote"])] = row["label"]
    totals = Counter(labels.values())
    shown = cited_pairs(args.multinews)
    saved = rank.CITE_COVERAGE, rank.CITE_SHORT_COVERAGE
    rank.CITE_COVERAGE = rank.CITE_SHORT_COVERAGE = 0.0
    try:
        every = cited_pairs(args.multinews)
    finally:
        rank.CITE_COVERAGE, rank.CITE_SHORT_COVERAGE = saved
    print("| citations | states the claim (S) | part of it (P) | not (N) | share of labelled ones right (S) | unlabelled pairs | cross-article citations |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, pairs in (("every linked sentence (before)", every), ("shown (rank.CITE_COVERAGE)", shown)):
        found = Counter(labels[p] for p in pairs if p in labels)
        labelled = sum(found.values())
        print(
            f"| {name} | {found['S']} of {totals['S']} | {found['P']} of {totals['P']} | {found['N']} of {totals['N']} "
            f"| {found['S'] / max(labelled, 1):.2f} | {sum(1 for p in pairs if p not in labels)} | {len(pairs)} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
