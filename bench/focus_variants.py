"""python -m bench.focus_variants SPLIT 'JSON list of overrides' [--budgets 150,200,250,300]

Experiment (branch wip-focus3; restored on wip-focus12 for issue 12, where
it scored {"w.coverage": X} and {"w.support": X} with a focus, and
{"rank.FOCUS_ECHO_SHARE": 2.0} to turn the question-echo rule off; the X_*
constants below are gone from summarize.rank): --focus variants behind the X_* constants of
summarize.rank (all off by default: X_CONTEXT neighbour relevance, X_CTX_MODE,
X_CTX_WHERE, X_DOC article relevance, X_POWER, X_QCOV question-term coverage,
X_MMR, X_PARTS / X_ASPECT question parts, X_FOLD possessives, X_PER_ARTICLE,
X_SPREAD_WALK / X_SPREAD_MEAN, X_RED, X_QBIGRAM) and
{"focus.EXTRA_QUESTION_WORDS": "..."}, scored on duc2007-focus dev,
R-2 recall per budget and the mean over budgets, for the tune (even) or
held-out (odd) topics.  An override is {"rank.NAME": value} (a module
constant of summarize.rank), {"focus.NAME": value} or {"w.NAME": value}
(a RankWeights field).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

from bench.data import articles_by_record, read_jsonl
from bench.focus import FOCUS, _split
from bench.metrics import cut_words, rouge
from summarize import focus as focus_module
from summarize import rank as rank_module
from summarize.rank import RankWeights, summarize_articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.focus_variants")
    parser.add_argument("split", choices=("tune", "held-out"))
    parser.add_argument("variants")
    parser.add_argument("--budgets", default="150,200,250,300")
    parser.add_argument("--per-topic", action="store_true", help="also each topic's mean over the budgets")
    args = parser.parse_args(argv)
    budgets = [int(b) for b in args.budgets.split(",")]
    records = read_jsonl(FOCUS)
    groups = articles_by_record(FOCUS)
    topics = sorted(r["id"] for r in records)
    chosen = [r for r in records if _split(r["id"], topics) == args.split]
    defaults = {}
    for v in json.loads(args.variants):
        for mod in (rank_module, focus_module):
            for k, val in defaults.items():
                if k[0] is mod:
                    setattr(mod, k[1], val)
        w = {}
        for key, val in v.items():
            where, name = key.split(".", 1)
            if where == "w":
                w[name] = val
                continue
            mod = rank_module if where == "rank" else focus_module
            if name == "EXTRA_QUESTION_WORDS":
                from summarize.lexicon import stem

                name, val = "QUESTION_WORDS", focus_module.QUESTION_WORDS | frozenset(stem(x) for x in val.split())
            defaults.setdefault((mod, name), getattr(mod, name))
            setattr(mod, name, val)
        weights = replace(RankWeights(), **w)
        per: dict[int, list[float]] = {b: [] for b in budgets}
        topic_means = []
        for r in chosen:
            f = focus_module.focus_of(r["focus"])
            for b in budgets:
                s, _ = summarize_articles(groups[r["id"]], max_words=b, focus=f, weights=weights)
                per[b].append(rouge(cut_words(s.text, b), r["refs"])["rouge2_r"])
            topic_means.append(sum(per[b][-1] for b in budgets) / len(budgets))
        means = {b: sum(x) / len(x) for b, x in per.items()}
        print(args.split, json.dumps(v), " ".join(f"{b}:{m:.2f}" for b, m in means.items()), f"mean {sum(means.values()) / len(means):.2f}", flush=True)
        if args.per_topic:
            print("   per topic:", " ".join(f"{x:.2f}" for x in topic_means), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
