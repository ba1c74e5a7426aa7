"""python -m bench.focus [--quick]

Query-focused and update summaries on the DUC 2007 dev sets, side by side
in one run:

- duc2007-focus (23 topics x 25 articles, 4 human summaries each, 250 words):
  ours generic, ours with the topic's question as ``--focus``, LexRank, Lead;
- duc2007-update parts B and C (100 words): ours with ``--seen`` (the earlier
  parts' articles), ours without, LexRank; the same two of ours again with
  the topic's question as ``--focus`` (the DUC 2007 update task gave its
  summarisers the question too); and what the human update summaries hold:
  the share of their word pairs (ROUGE-2 precision) in the new articles'
  sentences that restate a sentence read, against the others, and by the
  share of remembered concepts (``focus.Seen.remembered``) a sentence holds.

Topics split as in the main bench: even topics tune, odd topics held out;
the focus weights (rank.RankWeights.relevance / focus_concepts / focus_walk /
focus_context) were tuned on the even topics only.  Ranking time with and
without the focus is timed on the same stories, to show what the focus costs.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bench.data import articles_by_record as _by_group
from bench.data import earlier_parts
from bench.data import read_jsonl as _records
from bench.metrics import cut_words, rouge

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FOCUS = DATA / "duc2007-focus" / "dev.jsonl"
UPDATE = DATA / "duc2007-update" / "dev.jsonl"


# The LDC document id carries the article's date ("APW19981231.0443"), as a
# feed item or a page carries its own; the data set gives no other.  --seen
# reads it (rank.RankWeights.seen_lateness); the generic summaries do not.
_LDC_DATE = re.compile(r"^[A-Z_]+?(\d{8})\.\d+$")


def dated_by_id(groups: dict) -> dict:
    for articles in groups.values():
        for a in articles:
            m = _LDC_DATE.match(a.id)
            if a.date is None and m:
                a.date = m.group(1)
    return groups


def _split(topic: str, topics: list[str]) -> str:
    return "tune" if topics.index(topic) % 2 == 0 else "held-out"


def _mean(xs: list[float]) -> float:
    return statistics.fmean(xs) if xs else float("nan")


def focus_table(quick: bool) -> list[dict]:
    from bench.systems import Sumy, lead
    from summarize.focus import focus_of
    from summarize.rank import RankWeights, summarize_articles

    records = _records(FOCUS)[: 4 if quick else None]
    groups = _by_group(FOCUS)
    topics = sorted(r["id"] for r in records)
    lexrank = Sumy("lexrank")
    budget = 250
    scores: dict[tuple[str, str], list[float]] = {}
    seconds: dict[str, list[float]] = {"generic": [], "focus": []}

    def score(system: str, part: str, text: str, refs: list[str]) -> None:
        r = rouge(cut_words(text, budget), refs)
        for key in ("rouge1_r", "rouge2_r"):
            scores.setdefault((system, part, key), []).append(r[key])

    for record in records:
        articles = groups.get(record["id"], [])
        part = _split(record["id"], topics)
        refs = record["refs"]
        t = time.perf_counter()
        generic, _ = summarize_articles(articles, max_words=budget)
        seconds["generic"].append(time.perf_counter() - t)
        t = time.perf_counter()
        focused, _ = summarize_articles(articles, max_words=budget, focus=focus_of(record["focus"]))
        seconds["focus"].append(time.perf_counter() - t)
        score("ours, generic", part, generic.text, refs)
        # The focus drops the lead prior (rank.RankWeights.focus_position): this
        # row shows how much of its gain is the question and how much the prior.
        unled, _ = summarize_articles(articles, max_words=budget, weights=replace(RankWeights(), position=0.0))
        score("ours, generic, no lead prior", part, unled.text, refs)
        score("ours, --focus", part, focused.text, refs)
        score("LexRank (sumy)", part, lexrank(articles, budget), refs)
        score("Lead (latest article)", part, lead(articles, budget), refs)
    rows = []
    for system in ("ours, --focus", "ours, generic", "ours, generic, no lead prior", "LexRank (sumy)", "Lead (latest article)"):
        for part in ("tune", "held-out"):
            if (system, part, "rouge2_r") in scores:
                rows.append({
                    "system": system, "split": part, "topics": len(scores[(system, part, "rouge2_r")]),
                    "r1": _mean(scores[(system, part, "rouge1_r")]), "r2": _mean(scores[(system, part, "rouge2_r")]),
                })
    rows.append({"timing": True, "generic_s": statistics.median(seconds["generic"]), "focus_s": statistics.median(seconds["focus"])})
    return rows


# What the update evidence counts: sentences of at least this many content words
# (as rank.SEEN_QUOTE_MIN_STEMS: a shorter one says little either way).
EVIDENCE_MIN_STEMS = 4


def _remembered_bucket(share: float) -> str:
    return "none" if share == 0 else "under 0.2" if share < 0.2 else "0.2 to 0.4" if share < 0.4 else "0.4 or more"


def update_table(quick: bool) -> tuple[list[dict], list[dict]]:
    """The update rows, and the evidence rows: what the human update summaries reward."""
    from rouge_score import rouge_scorer

    from bench.systems import Sumy
    from summarize.focus import focus_of, seen_of
    from summarize.lexicon import analyse
    from summarize.rank import _candidates, _restates_seen, _seen_index, summarize_articles

    records = _records(UPDATE)
    groups = dated_by_id(_by_group(UPDATE))
    topics = sorted({r["id"].split("-")[0] for r in records})
    if quick:
        topics = topics[:2]
    lexrank = Sumy("lexrank")
    pairs = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    budget = 100
    scores: dict[tuple[str, str, str], list[float]] = {}
    evidence: dict[tuple[str, str], list[float]] = {}
    for record in records:
        topic, part_letter = record["id"].split("-")
        if topic not in topics or part_letter == "A":
            continue
        earlier = earlier_parts(groups, topic, part_letter)
        articles = groups.get(record["id"], [])
        split = _split(topic, topics)
        seen, question = seen_of(earlier), focus_of(record["focus"])
        systems = (
            ("ours, --seen", summarize_articles(articles, max_words=budget, seen=seen)[0].text),
            ("ours, without", summarize_articles(articles, max_words=budget)[0].text),
            ("LexRank (sumy)", lexrank(articles, budget)),
            ("ours, --seen, the question as --focus", summarize_articles(articles, max_words=budget, seen=seen, focus=question)[0].text),
            ("ours, without, the question as --focus", summarize_articles(articles, max_words=budget, focus=question)[0].text),
        )
        for system, text in systems:
            r = rouge(cut_words(text, budget), record["refs"])
            for where in (split, "all"):
                scores.setdefault((system, part_letter, where), []).append(r["rouge2_r"])
                scores.setdefault((system, part_letter, "r1" + where), []).append(r["rouge1_r"])
        index = _seen_index(seen)
        for sentence in _candidates(articles):
            stems = analyse(sentence.text)
            if len(set(stems)) < EVIDENCE_MIN_STEMS:
                continue
            precision = 100.0 * _mean([pairs.score(ref, sentence.text)["rouge2"].precision for ref in record["refs"]])
            told = _restates_seen(set(stems), seen, index, sentence.text)
            evidence.setdefault(("restates a sentence read" if told else "restates none", ""), []).append(precision)
            concepts = set(zip(stems, stems[1:]))
            share = len(concepts & seen.remembered) / len(concepts) if concepts else 0.0
            evidence.setdefault(("share of its concepts remembered", _remembered_bucket(share)), []).append(precision)
    rows = []
    for system in [name for name, _ in systems]:
        for part_letter in "BC":
            for split in ("tune", "held-out", "all"):
                if (system, part_letter, split) in scores:
                    rows.append({
                        "system": system, "part": part_letter, "split": split,
                        "clusters": len(scores[(system, part_letter, split)]),
                        "r1": _mean(scores[(system, part_letter, "r1" + split)]), "r2": _mean(scores[(system, part_letter, split)]),
                    })
    order = ["", "none", "under 0.2", "0.2 to 0.4", "0.4 or more"]
    evidence_rows = [
        {"kind": kind, "bucket": bucket, "sentences": len(xs), "precision": _mean(xs)}
        for (kind, bucket), xs in sorted(evidence.items(), key=lambda kv: (kv[0][0] != "restates a sentence read", kv[0][0], order.index(kv[0][1])))
    ]
    return rows, evidence_rows


def report(focus_rows: list[dict], update_rows: list[dict], evidence_rows: list[dict] | None = None) -> str:
    lines = [
        "### Query-focused: duc2007-focus dev, 250 words, ROUGE recall (rouge-score, stemmed, mean of 4 refs)",
        "",
        "| system | split | topics | R-1 R | R-2 R |",
        "|---|---|---:|---:|---:|",
    ]
    timing = next(r for r in focus_rows if r.get("timing"))
    for r in focus_rows:
        if not r.get("timing"):
            lines.append(f"| {r['system']} | {r['split']} | {r['topics']} | {r['r1']:.2f} | {r['r2']:.2f} |")
    lines += [
        "",
        f"Ranking time per story (median): generic {timing['generic_s'] * 1000:.1f} ms, with --focus "
        f"{timing['focus_s'] * 1000:.1f} ms ({timing['focus_s'] / timing['generic_s']:.2f}x).",
        "",
        "### Update: duc2007-update dev parts B and C, 100 words, ROUGE recall",
        "",
        "| system | part | split | clusters | R-1 R | R-2 R |",
        "|---|---|---|---:|---:|---:|",
    ]
    for r in update_rows:
        lines.append(f"| {r['system']} | {r['part']} | {r['split']} | {r['clusters']} | {r['r1']:.2f} | {r['r2']:.2f} |")
    if evidence_rows:
        lines += [
            "",
            "### What the human update summaries hold: the new articles' sentences (parts B and C, all clusters)",
            "",
            f"ROUGE-2 precision of each sentence of {EVIDENCE_MIN_STEMS}+ content words against the part's human summaries (mean of 4)",
            "",
            "| sentence | sentences | ROUGE-2 P |",
            "|---|---:|---:|",
        ]
        for r in evidence_rows:
            label = r["kind"] + (f": {r['bucket']}" if r["bucket"] else "")
            lines.append(f"| {label} | {r['sentences']} | {r['precision']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.focus", description=__doc__.split("\n\n")[1])
    parser.add_argument("--quick", action="store_true", help="a few topics only (smoke run)")
    parser.add_argument("--only", choices=("focus", "update"), default=None)
    args = parser.parse_args(argv)
    focus_rows = focus_table(args.quick) if args.only in (None, "focus") else [{"timing": True, "generic_s": 1, "focus_s": 1}]
    update_rows, evidence_rows = update_table(args.quick) if args.only in (None, "update") else ([], [])
    print(report(focus_rows, update_rows, evidence_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
