"""Scale: the local engine vs ``--engine ray`` on one machine.

    python -m bench.scale_ray --n 10000,100000            # see bench/README.md, "Scale on Ray"
    python -m bench.scale_ray --n 10000 --engines ray     # one engine only

Articles are the DUC 2007 main articles replicated with light perturbation up
to N (``bench.data.replicate``, as ``python -m bench --only scale`` and
``bench.soak`` make them), shuffled, and dated: ``--per-day`` articles a day
from 2000-01-01 in the shuffled order, so a 30-day window (the Ray engine's
default) holds about 30 x per-day articles whatever N is.  They are written
as JSON Lines files of 5,000 records.

Each engine runs the real command, ``summarize --cluster DIR --format json
-o OUT -q [--engine ray]``, as a child process.  Time is the child's wall
time; memory is the peak, sampled every 0.25 s, of the summed PSS
(proportional set size: shared pages such as Ray's object store counted
once) of the child and all its descendants (Ray's GCS, raylet and workers
are descendants of a local Ray).  A run still going after ``--limit``
seconds is stopped and reported as such.  Then the two engines' stories are
compared: B-cubed F1 of each engine's stories against the gold topics (the
DUC topic each article was copied from; written beside the pile), and of
Ray's story membership against the local engine's.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PER_FILE = 5000
START_DAY = 10957  # 2000-01-01

log = logging.getLogger(__name__)


def generate(n: int, per_day: int, out_dir: Path, data: str | None) -> int:
    from .data import data_dir, pooled, replicate, shuffled

    data_dir(data)
    base, gold = pooled("main")
    articles, labels = shuffled(*replicate(base, gold, n))
    import datetime as dt

    ids = [f"scale-{k}-{article.id}" for k, article in enumerate(articles)]
    # the gold topics beside the pile (not in it: the pile is the engines' input)
    (out_dir.parent / f"{out_dir.name}.gold.json").write_text(json.dumps(dict(zip(ids, labels))), encoding="utf-8")

    epoch = dt.date(1970, 1, 1)
    for part in range(0, len(articles), PER_FILE):
        with open(out_dir / f"pile-{part // PER_FILE:03d}.jsonl", "w", encoding="utf-8") as fh:
            for k, article in enumerate(articles[part : part + PER_FILE], start=part):
                date = (epoch + dt.timedelta(days=START_DAY + k // per_day)).isoformat()
                record = {"id": ids[k], "title": article.title, "source": article.source, "date": date, "text": article.text}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(articles)


def _tree_pss_mb(pid: int) -> float:
    """Summed PSS of ``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        except (OSError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024.0


def run_engine(engine: str, pile: Path, out: Path, limit: float) -> dict:
    command = [sys.executable, "-m", "summarize", "--cluster", str(pile), "--format", "json", "-q", "-o", str(out)]
    stages = out.with_suffix(".stages.jsonl")
    if engine == "ray":
        command += ["--engine", "ray", "--timing", str(stages)]
    t = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    peak = 0.0
    timed_out = False
    while child.poll() is None:
        peak = max(peak, _tree_pss_mb(child.pid))
        if time.perf_counter() - t > limit:
            timed_out = True
            os.killpg(child.pid, 9)  # its own session: Ray's processes go with it
            break
        time.sleep(0.25)
    child.wait()
    wall = time.perf_counter() - t
    err = child.stderr.read().decode("utf-8", "replace").strip().splitlines() if child.stderr else []
    row = {"engine": engine, "wall_s": round(wall, 1), "peak_mb": round(peak), "exit": child.returncode, "timed_out": timed_out}
    # exit 1 with the stories written: some records were skipped and reported (a copy
    # left with no sentence punctuation), as the command does for any bad input
    row["skipped"] = sum(1 for line in err if line.startswith("summarize: ") and line.endswith("skipped"))
    if not timed_out and child.returncode in (0, 1) and out.exists():
        stories = json.loads(out.read_text(encoding="utf-8"))["stories"]
        row["stories"] = len(stories)
        row["biggest"] = max((len(s["articles"]) for s in stories), default=0)
        row["placed"] = sum(len(s["articles"]) for s in stories)
        if stages.exists():
            row["stages"] = json.loads(stages.read_text(encoding="utf-8").splitlines()[-1])
    elif not timed_out:
        row["stderr"] = err[-3:]
    return row


def membership(path: Path) -> dict[str, int]:
    stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    return {a["id"]: n for n, s in enumerate(stories) for a in s["articles"]}


def measure(n: int, engines: list[str], per_day: int, limit: float, data: str | None, keep: str | None) -> list[dict]:
    from .metrics import bcubed

    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="summarize-scale-ray-"))
    pile = folder / f"pile-{n}"
    if pile.exists():
        shutil.rmtree(pile)
    pile.mkdir(parents=True)
    # generated in a child, so this parent (and the engines' memory) stays small
    command = [sys.executable, "-m", "bench.scale_ray", "--generate", str(n), "--per-day", str(per_day), "--dir", str(pile)]
    if data:
        command += ["--data", data]
    subprocess.run(command, check=True)
    rows = []
    outs = {}
    for engine in engines:
        out = folder / f"stories-{n}-{engine}.json"
        outs[engine] = out
        row = {"articles": n, "days": -(-n // per_day), **run_engine(engine, pile, out, limit)}
        log.info("%s", row)
        print(json.dumps(row), file=sys.stderr, flush=True)
        rows.append(row)
    gold = json.loads((folder / f"{pile.name}.gold.json").read_text(encoding="utf-8"))
    for r in rows:
        if "stories" in r:
            found = membership(outs[r["engine"]])
            ids = sorted(gold)
            r["b3_gold"] = round(bcubed([gold[i] for i in ids], [found.get(i, -1) for i in ids])[2], 3)
    done = [r["engine"] for r in rows if "stories" in r]
    if "local" in done and "ray" in done:
        local, ray = membership(outs["local"]), membership(outs["ray"])
        ids = sorted(local)
        if sorted(ray) == ids:
            _, _, f1 = bcubed([local[i] for i in ids], [ray[i] for i in ids])
            for r in rows:
                r["b3_vs_local"] = round(f1, 3)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | days | engine | wall s | peak MB (PSS, all processes) | stories | biggest | articles placed | B3 F1 vs gold topics | Ray vs local B3 F1 | per article ms |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r["timed_out"]:
            lines.append(f"| {r['articles']:,} | {r['days']} | {r['engine']} | > {r['wall_s']} (stopped) | >= {r['peak_mb']:,} | | | | | | |")
            continue
        if "stories" not in r:
            lines.append(f"| {r['articles']:,} | {r['days']} | {r['engine']} | {r['wall_s']} | {r['peak_mb']:,} | failed (exit {r['exit']}) | | | | | |")
            continue
        lines.append(
            f"| {r['articles']:,} | {r['days']} | {r['engine']} | {r['wall_s']} | {r['peak_mb']:,} | {r['stories']:,} | {r['biggest']:,} | "
            f"{r['placed']:,} | {r.get('b3_gold', '')} | {r.get('b3_vs_local', '')} | {1000 * r['wall_s'] / r['articles']:.2f} |"
        )
    by_n: dict[int, dict[str, dict]] = {}
    for r in rows:
        by_n.setdefault(r["articles"], {})[r["engine"]] = r
    lines.append("")
    for n, pair in by_n.items():
        if "local" in pair and "ray" in pair and not pair["local"]["timed_out"] and not pair["ray"]["timed_out"]:
            lines.append(
                f"- {n:,}: Ray / local wall time {pair['ray']['wall_s'] / pair['local']['wall_s']:.2f}x, "
                f"peak memory {pair['ray']['peak_mb'] / max(pair['local']['peak_mb'], 1):.2f}x"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale_ray", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="10000,100000", help="article counts, comma-separated (default 10000,100000)")
    parser.add_argument("--engines", default="local,ray", help="local,ray (default both)")
    parser.add_argument("--per-day", type=int, default=300, help="articles dated each day (default 300)")
    parser.add_argument("--limit", type=float, default=1200, help="stop a run after this many seconds (default 1200)")
    parser.add_argument("--data", default=None, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--keep", default=None, metavar="DIR", help="build the piles and outputs in DIR and keep them")
    parser.add_argument("--generate", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--dir", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate is not None:
        generate(args.generate, args.per_day, Path(args.dir), args.data)
        return 0
    rows = []
    for n in (int(x) for x in args.n.split(",") if x.strip()):
        rows += measure(n, args.engines.split(","), args.per_day, args.limit, args.data, args.keep)
    print(table(rows))
    for r in rows:
        if r.get("skipped"):
            print(f"- {r['articles']:,} on {r['engine']}: {r['skipped']} records skipped and reported (exit 1; the stories were written)")
        if "stages" in r:
            print(f"- {r['articles']:,} on Ray, seconds by stage: {r['stages']}")
    print(json.dumps(rows))
    return 0 if all("stories" in r or r["timed_out"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
