"""python -m bench.dump OUT.json [--against EARLIER.json] [--multinews N]

Every dev-set summary the benchmarks score, written to one JSON file with
its citations: DUC 2003, DUC 2004, DUC 2007 update (generic), TAC 2011,
Multi-News (the first N), duc2007-focus generic and with its question, and
duc2007-update parts B and C with ``--seen`` the earlier parts.

It is the check for a change meant to keep behaviour: dump before, dump
after, and ``--against`` names every summary that differs (exit 1 if any).
ROUGE says whether a change helps; this says whether it changed anything.
Where some differ, it prints both dumps' ROUGE-2 recall per set, scored as
bench.sets and bench.focus score them (the same figures, in a third of the
time), so a change that moves a few summaries is measured at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.data import articles_by_record, earlier_parts, read_jsonl
from bench.sets import DATA, set_clusters


def _summary_record(summary) -> dict:
    return {
        "text": summary.text,
        "note": summary.note,
        "sentences": [
            {"text": s.text, "support": s.support, "citations": [[c.article, c.quote] for c in s.citations]}
            for s in summary.sentences
        ],
    }


@dataclass
class Scored:
    """What a dumped summary is scored against: its set, references and budget."""

    label: str
    refs: list[str]
    budget: int


def dump(multinews: int) -> tuple[dict[str, dict], dict[str, Scored]]:
    from bench.focus import dated_by_id
    from summarize.focus import focus_of, seen_of
    from summarize.rank import summarize_articles

    out: dict[str, dict] = {}
    scored: dict[str, Scored] = {}
    for label, record, articles, budget in set_clusters(multinews):
        summary, _ = summarize_articles(articles, max_words=budget)
        out[f"{label} {record['id']}"] = _summary_record(summary)
        scored[f"{label} {record['id']}"] = Scored(label, record["refs"], budget)
    print("bench.sets' sets: done", file=sys.stderr)
    focus_file = DATA / "duc2007-focus" / "dev.jsonl"
    groups = articles_by_record(focus_file)
    for record in read_jsonl(focus_file):
        articles = groups.get(record["id"], [])
        summary, _ = summarize_articles(articles, max_words=250, focus=focus_of(record["focus"]))
        out[f"focus {record['id']}"] = _summary_record(summary)
        scored[f"focus {record['id']}"] = Scored("duc2007-focus, --focus", record["refs"], 250)
    print("duc2007-focus: done", file=sys.stderr)
    update_file = DATA / "duc2007-update" / "dev.jsonl"
    groups = dated_by_id(articles_by_record(update_file))  # as bench.focus: --seen reads the dates
    for record in read_jsonl(update_file):
        topic, part = record["id"].split("-")
        if part == "A":
            continue
        earlier = earlier_parts(groups, topic, part)
        summary, _ = summarize_articles(groups.get(record["id"], []), max_words=100, seen=seen_of(earlier))
        out[f"update --seen {record['id']}"] = _summary_record(summary)
        scored[f"update --seen {record['id']}"] = Scored(f"duc2007-update {part}, --seen", record["refs"], 100)
    print("duc2007-update --seen: done", file=sys.stderr)
    return out, scored


def rouge2_by_set(summaries: dict[str, dict], scored: dict[str, Scored]) -> dict[str, float]:
    """Mean ROUGE-2 recall per set of the summaries a dump holds, each cut to
    its budget as the benches cut it (a summary the dump lacks scores 0)."""
    from bench.metrics import cut_words, rouge

    by_set: dict[str, list[float]] = {}
    for name, what in scored.items():
        text = summaries.get(name, {}).get("text", "")
        by_set.setdefault(what.label, []).append(rouge(cut_words(text, what.budget), what.refs)["rouge2_r"])
    return {label: sum(values) / len(values) for label, values in by_set.items()}


def differences(before: dict[str, dict], after: dict[str, dict]) -> list[str]:
    names = sorted(set(before) | set(after))
    return [name for name in names if before.get(name) != after.get(name)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dump", description=__doc__.split("\n\n")[1])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path, help="an earlier dump: name every summary that differs")
    parser.add_argument("--multinews", type=int, default=50, help="Multi-News clusters (default 50, as bench.sets)")
    args = parser.parse_args(argv)
    summaries, scored = dump(args.multinews)
    args.out.write_text(json.dumps(summaries, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"{len(summaries)} summaries -> {args.out}")
    if args.against is None:
        return 0
    earlier = json.loads(args.against.read_text(encoding="utf-8"))
    changed = differences(earlier, summaries)
    for name in changed:
        print(f"differs: {name}")
    print(f"{len(changed)} of {len(summaries)} differ from {args.against}")
    if changed:
        before, after = rouge2_by_set(earlier, scored), rouge2_by_set(summaries, scored)
        print("\n| set | ROUGE-2 recall, earlier | now |\n|---|---:|---:|")
        for label in after:
            print(f"| {label} | {before[label]:.2f} | {after[label]:.2f} |")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
