"""python -m bench.seen_variants [--budgets 100,150,200,250] [--concepts] [VARIANTS]

The experiment behind the "tried" list of bench/README.md's update section:
variants of how ``--seen`` changes the ranker, on duc2007-update dev parts B
and C (the same clusters, split and scoring as ``bench.focus.update_table``),
printed as mean ROUGE-2 recall per part and split.  VARIANTS is a Python dict
literal, name -> RankWeights overrides, for example
``'{"growth 0.5": dict(seen_mode="none", seen_growth=0.5)}'``; without it a
standard list runs.  ``--budgets`` averages over several summary lengths
(each cut and scored at its own length): at 100 words a summary is 3-4
sentences and most variants change one sentence in one or two clusters, so
the mean over lengths is the less noisy check.  ``--concepts`` prints how
often a concept of the new articles is in the human update summaries, by
its support in the new articles and its share of the seen ones (tune topics
only).

The knobs (RankWeights.seen_mode, seen_min_articles, seen_growth,
seen_redundancy, seen_summary_words, seen_novelty, seen_novelty_mode,
growth_eps, seen_hump, seen_support, seen_centroid) exist only in the commit
that added this file; the ranker that ships does not have them.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace

from bench.data import articles_by_record, read_jsonl
from bench.focus import UPDATE
from bench.metrics import cut_words, rouge

STANDARD = {
    "shipped (all seen concepts x0.75)": {},
    "no concept discount (x1.0)": dict(seen_mode="none"),
    "all seen concepts x0.5": dict(seen_concepts=0.5),
    "all seen concepts x0.25": dict(seen_concepts=0.25),
    "all seen concepts x0 (removed)": dict(seen_concepts=0.0),
    "all seen concepts x1.5 (boost)": dict(seen_concepts=1.5),
    "seen-summary concepts x0.5": dict(seen_mode="summary", seen_concepts=0.5),
    "seen-summary concepts x0.25": dict(seen_mode="summary", seen_concepts=0.25),
    "seen-summary concepts x0": dict(seen_mode="summary", seen_concepts=0.0),
    "seen-summary (250 w) concepts x0.5": dict(seen_mode="summary", seen_concepts=0.5, seen_summary_words=250),
    "concepts in >=30% of seen articles x0.5": dict(seen_mode="df", seen_min_articles=0.3, seen_concepts=0.5),
    "concepts in >=20% of seen articles x0.5": dict(seen_mode="df", seen_min_articles=0.2, seen_concepts=0.5),
    "growth ((new+0.1)/(seen+0.1))^0.25": dict(seen_mode="none", seen_growth=0.25),
    "growth ^0.5": dict(seen_mode="none", seen_growth=0.5),
    "growth ^1.0": dict(seen_mode="none", seen_growth=1.0),
    "novelty share in static score +0.4": dict(seen_mode="none", seen_novelty=0.4, seen_novelty_mode="all"),
    "novelty vs seen summary +0.4": dict(seen_mode="none", seen_novelty=0.4, seen_novelty_mode="summary"),
    "redundancy vs seen summary": dict(seen_mode="none", seen_redundancy=True),
    "redundancy vs seen summary + its concepts x0.5": dict(seen_mode="summary", seen_concepts=0.5, seen_redundancy=True),
    "centrality to centroid(new) - 0.25 centroid(seen)": dict(seen_mode="none", seen_centroid=0.25),
    "seen articles as support +0.1 each": dict(seen_mode="none", seen_support=0.1),
    "mix of seen and new in a sentence +0.1": dict(seen_mode="none", seen_hump=0.1, seen_novelty_mode="all"),
}


def _jobs():
    from summarize.focus import seen_of

    records = read_jsonl(UPDATE)
    groups = articles_by_record(UPDATE)
    topics = sorted({r["id"].split("-")[0] for r in records})
    jobs = []
    for record in records:
        topic, part = record["id"].split("-")
        if part == "A":
            continue
        earlier = [a for p in "ABC"[: "ABC".index(part)] for a in groups.get(f"{topic}-{p}", [])]
        split = "tune" if topics.index(topic) % 2 == 0 else "held-out"
        jobs.append((part, split, groups.get(record["id"], []), seen_of(earlier), record["refs"]))
    return jobs


def score(jobs, weights, budgets, use_seen=True) -> dict[tuple[str, str], float]:
    from summarize.rank import summarize_articles

    out: dict[tuple[str, str], list[float]] = {}
    for part, split, articles, seen, refs in jobs:
        values = []
        for budget in budgets:
            summary, _ = summarize_articles(articles, max_words=budget, weights=weights, seen=seen if use_seen else None)
            values.append(rouge(cut_words(summary.text, budget), refs)["rouge2_r"])
        out.setdefault((part, split), []).append(statistics.fmean(values))
    return {k: statistics.fmean(v) for k, v in out.items()}


def concept_table(jobs) -> str:
    from summarize.rank import concepts

    cells: dict[tuple[int, int], list[float]] = {}
    for part, split, articles, seen, refs in jobs:
        if split != "tune":
            continue
        ref_concepts = [concepts(r) for r in refs]
        df: dict = {}
        for a in articles:
            for c in set().union(set(), *(concepts(s.text) for s in a.sentences[:30])):
                df[c] = df.get(c, 0) + 1
        n_read = max(len(seen.read), 1)
        for c, d in df.items():
            share = seen.concept_articles.get(c, 0) / n_read
            col = 0 if share == 0 else 1 if share < 0.2 else 2 if share < 0.5 else 3
            cells.setdefault((min(d, 4), col), []).append(sum(c in r for r in ref_concepts) / len(ref_concepts))
    lines = [
        "| new articles carrying it | not seen | in <20% of seen | 20-50% | >=50% |",
        "|---|---:|---:|---:|---:|",
    ]
    for d in range(1, 5):
        row = [f"{100 * statistics.fmean(cells[(d, c)]):.1f} ({len(cells[(d, c)])})" if (d, c) in cells else "-" for c in range(4)]
        lines.append(f"| {d}{'+' if d == 4 else ''} | " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from summarize.rank import RankWeights

    parser = argparse.ArgumentParser(prog="python -m bench.seen_variants")
    parser.add_argument("variants", nargs="?", default=None)
    parser.add_argument("--budgets", default="100")
    parser.add_argument("--concepts", action="store_true")
    args = parser.parse_args(argv)
    jobs = _jobs()
    if args.concepts:
        print("Share of the 4 update references holding a concept of the new articles (x100, tune topics, parts B and C):")
        print(concept_table(jobs))
        return 0
    budgets = [int(b) for b in args.budgets.split(",")]
    variants = eval(args.variants) if args.variants else STANDARD  # noqa: S307 - a bench command line
    print(f"R-2 recall, mean over budgets {budgets}")
    print("| variant | B tune | B held-out | C tune | C held-out |")
    print("|---|---:|---:|---:|---:|")
    rows = [("without --seen", score(jobs, RankWeights(), budgets, use_seen=False))]
    rows += [(name, score(jobs, replace(RankWeights(), **kw), budgets)) for name, kw in variants.items()]
    for name, m in rows:
        print(f"| {name} | {m[('B', 'tune')]:.2f} | {m[('B', 'held-out')]:.2f} | {m[('C', 'tune')]:.2f} | {m[('C', 'held-out')]:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
