"""python -m bench.focus_variants SPLIT 'JSON list of RankWeights overrides' [--budgets 150,200,250,300]

Experiment (branch wip-focus): --focus variants behind RankWeights knobs
(focus_expansion, expansion_*, focus_bias, title_weight, qtf_power, bm25_b,
focus_walk, walk_*), scored on duc2007-focus dev: R-2 recall per budget and
the mean over budgets, for the tune (even) or held-out (odd) topics.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

from bench.data import articles_by_record, read_jsonl
from bench.focus import FOCUS, _split
from bench.metrics import cut_words, rouge
from summarize import focus as focus_module
from summarize.focus import focus_of
from summarize.lexicon import analyse
from summarize.rank import RankWeights, summarize_articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.focus_variants")
    parser.add_argument("split", choices=("tune", "held-out"))
    parser.add_argument("variants", help='JSON list, e.g. \'[{}, {"focus_walk": 0.75}]\'')
    parser.add_argument("--budgets", default="150,200,250,300")
    parser.add_argument("--extra-question-words", default="", help="more words left out of the focus")
    args = parser.parse_args(argv)
    if args.extra_question_words:
        from summarize.lexicon import stem

        focus_module.QUESTION_WORDS = focus_module.QUESTION_WORDS | frozenset(stem(w) for w in args.extra_question_words.split())
    budgets = [int(b) for b in args.budgets.split(",")]
    records = read_jsonl(FOCUS)
    groups = articles_by_record(FOCUS)
    topics = sorted(r["id"] for r in records)
    for v in json.loads(args.variants):
        weights = replace(RankWeights(), **v)
        per: dict[int, list[float]] = {b: [] for b in budgets}
        for r in records:
            if _split(r["id"], topics) != args.split:
                continue
            f = focus_of(r["focus"])
            title = r["focus"].split(". ", 1)[0] if ". " in r["focus"] else ""
            f.title_terms = frozenset(t for t in analyse(title) if t not in focus_module.QUESTION_WORDS)
            for b in budgets:
                s, _ = summarize_articles(groups[r["id"]], max_words=b, focus=f, weights=weights)
                per[b].append(rouge(cut_words(s.text, b), r["refs"])["rouge2_r"])
        means = {b: sum(x) / len(x) for b, x in per.items()}
        print(args.split, v, " ".join(f"{b}:{m:.2f}" for b, m in means.items()), f"mean {sum(means.values()) / len(means):.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
