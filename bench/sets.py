"""python -m bench.sets [--quick] [--multinews N]

Every dev set of ../shared/data with reference summaries, in one run: ours,
Lead, LexRank and TextRank on each, plus the published systems of the set's
peers file where it has one (DUC 2004: the SumRepo systems and NIST's Lead;
TAC 2011 MultiLing: the 2011 participants), all cut to the set's word budget
and scored the same way (rouge-score, stemmed, recall, mean over clusters).
Prints ROUGE-1/2 recall per system and set, and ours' rank by ROUGE-2.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import time
from pathlib import Path

from bench.data import articles_by_record, read_jsonl
from bench.metrics import cut_words, rouge

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

# (label, file, word budget, peers file or None)
SETS = [
    ("DUC 2003", "duc2003/dev.jsonl", 100, None),
    ("DUC 2004", "duc2004/dev.jsonl", 100, "duc2004/peers.jsonl"),
    ("DUC 2007 update", "duc2007-update/dev.jsonl", 100, None),
    ("TAC 2011 MultiLing", "tac2011-multiling/dev.jsonl", 250, "tac2011-multiling/peers.jsonl"),
    ("Multi-News", "multinews/dev.jsonl", 260, None),
]


def set_clusters(multinews: int):
    """(set label, record, its articles, the set's word budget) of every
    cluster of ``SETS`` (Multi-News: the first ``multinews``)."""
    for label, file, budget, _ in SETS:
        records = read_jsonl(DATA / file)[: multinews if label == "Multi-News" else None]
        groups = articles_by_record(DATA / file, {r["id"] for r in records})
        for record in records:
            articles = groups.get(record["id"], [])
            if articles:
                yield label, record, articles, budget


def _peers(path: Path) -> dict[str, dict[str, str]]:
    out = {}
    for record in read_jsonl(path):
        peers = record["peers"]
        out[record["id"]] = peers if isinstance(peers, dict) else ast.literal_eval(peers)
    return out


def run_set(label: str, file: str, budget: int, peers_file: str | None, limit: int | None) -> list[dict]:
    from bench.systems import Sumy, lead, lead_round_robin, ours
    records = read_jsonl(DATA / file)[:limit]
    groups = articles_by_record(DATA / file, {r["id"] for r in records})
    systems = {
        "ours": ours,
        "Lead (latest article)": lead,
        "Lead (round-robin)": lead_round_robin,
        "LexRank (sumy)": Sumy("lexrank"),
        "TextRank (sumy)": Sumy("textrank"),
    }
    peers = _peers(DATA / peers_file) if peers_file else {}
    scores: dict[str, dict[str, list[float]]] = {}
    seconds: dict[str, float] = {}
    for record in records:
        arts = groups.get(record["id"], [])
        if not arts:
            continue
        outputs = {}
        for name, system in systems.items():
            t = time.perf_counter()
            outputs[name] = system(arts, budget)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
        for name, text in peers.get(record["id"], {}).items():
            outputs[f"peer {name}"] = text
        for name, text in outputs.items():
            r = rouge(cut_words(text, budget), record["refs"])
            entry = scores.setdefault(name, {"r1": [], "r2": []})
            entry["r1"].append(r["rouge1_r"])
            entry["r2"].append(r["rouge2_r"])
    rows = []
    for name, entry in scores.items():
        rows.append({
            "set": label, "system": name, "clusters": len(entry["r2"]), "budget": budget,
            "r1": statistics.fmean(entry["r1"]), "r2": statistics.fmean(entry["r2"]),
            "s_per_cluster": seconds[name] / len(entry["r2"]) if name in seconds else None,
        })
    rows.sort(key=lambda r: -r["r2"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def report(all_rows: list[list[dict]]) -> str:
    lines = []
    summary = ["| set | clusters | words | ours R-2 R | rank of ours (by R-2 R) | best system | its R-2 R |", "|---|---:|---:|---:|---|---|---:|"]
    for rows in all_rows:
        if not rows:
            continue
        label, budget = rows[0]["set"], rows[0]["budget"]
        mine = next(r for r in rows if r["system"] == "ours")
        best = rows[0]
        summary.append(
            f"| {label} | {mine['clusters']} | {budget} | {mine['r2']:.2f} | {mine['rank']} of {len(rows)} | {best['system']} | {best['r2']:.2f} |"
        )
        lines += [f"### {label} dev, {budget} words, ROUGE recall", "", "| rank | system | clusters | R-1 R | R-2 R | s / cluster |", "|---:|---|---:|---:|---:|---:|"]
        for r in rows:
            sec = f"{r['s_per_cluster']:.3f}" if r["s_per_cluster"] is not None else "—"
            lines.append(f"| {r['rank']} | {r['system']} | {r['clusters']} | {r['r1']:.2f} | {r['r2']:.2f} | {sec} |")
        lines.append("")
    return "\n".join(["### Every dev set: ours' rank", "", *summary, "", *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sets", description=__doc__.split("\n\n")[1])
    parser.add_argument("--quick", action="store_true", help="3 clusters per set")
    parser.add_argument("--multinews", type=int, default=100, help="Multi-News clusters (default 100 of 250)")
    args = parser.parse_args(argv)
    all_rows = []
    for label, file, budget, peers in SETS:
        limit = 3 if args.quick else (args.multinews if label == "Multi-News" else None)
        all_rows.append(run_set(label, file, budget, peers, limit))
    print(report(all_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
