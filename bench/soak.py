"""Soak: a big, dirty pile through ``summarize --cluster``.

    python -m bench.soak --n 10000            # about 1 minute on 2 cores
    python -m bench.soak --n 100000           # see bench/README.md, "Soak"

Good articles are the DUC 2007 main articles, replicated with light
perturbation up to N (``bench.data.replicate``, as the scale table does),
written as JSON Lines records with unique ids, in several files.  Mixed in
are broken records, about ``--bad`` of the total: lines of bad JSON, binary
lines, records with empty or blank text, records with no text, records that
are not objects, and a few huge ones (over the 1,000,000-character limit);
plus an empty file and a binary file beside the JSON Lines.

The pile goes through the real command, ``summarize --cluster DIR --format
json -o OUT -q``, as a child process; then the soak checks that every good
article is in exactly one story, that every bad record or file is reported
exactly once on stderr (``FILE:LINE: message``), and prints the child's
time and peak memory (``os.wait4`` rusage of that child: the soak's parent
stays small, since the data are written by another child first).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAD_KINDS = ("bad-json", "binary", "empty-text", "blank-text", "no-text", "not-object")
PER_FILE = 5000  # records per JSON Lines file


def generate(n: int, bad_share: float, seed: int, out_dir: Path, data: str | None) -> dict:
    """Write the pile; return what was written (good ids, bad places)."""
    from summarize.ingest import MAX_ARTICLE_CHARS

    from .data import data_dir, pooled, replicate, shuffled

    data_dir(data)
    base, gold = pooled("main")
    # A perturbed copy of a table (DUC's "Facts About the Turkish Earthquake"
    # less its one sentence) has no sentence punctuation left, and the tool
    # rightly skips it ("no sentences"): such a copy is no good record.
    articles = [a for a in shuffled(*replicate(base, gold, n + n // 100 + 10))[0] if re.search(r"[.!?]", a.text)][:n]
    rng = random.Random(seed)
    n_bad = int(round(n * bad_share))
    n_huge = max(1, n // 5000)
    kinds = [rng.choice(BAD_KINDS) for _ in range(n_bad - n_huge)] + ["huge"] * n_huge
    rows: list[tuple[str, object]] = [("good", a) for a in articles] + [(k, None) for k in kinds]
    rng.shuffle(rows)
    good_ids: list[str] = []
    bad: list[str] = []  # "FILE:LINE" of each bad record
    for part in range(0, len(rows), PER_FILE):
        name = out_dir / f"pile-{part // PER_FILE:03d}.jsonl"
        with open(name, "wb") as fh:
            for number, (kind, article) in enumerate(rows[part:part + PER_FILE], start=1):
                if kind == "good":
                    record_id = f"soak-{len(good_ids)}-{article.id}"
                    good_ids.append(record_id)
                    line = json.dumps({"id": record_id, "title": article.title, "source": article.source, "text": article.text}, ensure_ascii=False).encode()
                else:
                    bad.append(f"{name}:{number}")
                    line = {
                        "bad-json": lambda: b'{"text": "An unfinished record about ' + str(number).encode(),
                        "binary": lambda: bytes(rng.randrange(256) for _ in range(200)).replace(b"\n", b"\x00") + b"\x00",
                        "empty-text": lambda: b'{"text": ""}',
                        "blank-text": lambda: b'{"text": "   \\n\\n  \\t "}',
                        "no-text": lambda: b'{"title": "A record without text"}',
                        "not-object": lambda: b'["a", "list", "not", "a", "record"]',
                        "huge": lambda: json.dumps({"text": "All work and no play. " * (MAX_ARTICLE_CHARS // 22 + 10)}).encode(),
                    }[kind]()
                fh.write(line + b"\n")
    (out_dir / "empty.txt").write_bytes(b"")
    (out_dir / "blob.txt").write_bytes(bytes(range(256)) * 64)
    bad += [str(out_dir / "empty.txt"), str(out_dir / "blob.txt")]
    return {"good": good_ids, "bad": bad, "kinds": {k: kinds.count(k) for k in sorted(set(kinds))}}


def _generate_child(args) -> int:
    manifest = generate(args.n, args.bad, args.seed, Path(args.dir), args.data)
    Path(args.dir, "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return 0


def soak(n: int, bad_share: float, seed: int, data: str | None, keep: str | None) -> dict:
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="summarize-soak-"))
    pile = folder / "pile"
    if pile.exists():
        shutil.rmtree(pile)
    pile.mkdir(parents=True)
    t = time.perf_counter()
    command = [sys.executable, "-m", "bench.soak", "--generate", "--n", str(n), "--bad", str(bad_share), "--seed", str(seed), "--dir", str(pile)]
    if data:
        command += ["--data", data]
    subprocess.run(command, check=True)
    generate_s = time.perf_counter() - t
    manifest = json.loads((pile / "manifest.json").read_text(encoding="utf-8"))
    (pile / "manifest.json").unlink()
    size_mb = sum(p.stat().st_size for p in pile.iterdir()) / 1e6

    out = folder / "stories.json"
    err_path = folder / "stderr.txt"
    summarize = [sys.executable, "-m", "summarize", "--cluster", str(pile), "--format", "json", "-q", "-o", str(out)]
    t = time.perf_counter()
    with open(err_path, "wb") as err:
        child = subprocess.Popen(summarize, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
    wall_s = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)

    stories = json.loads(out.read_text(encoding="utf-8"))["stories"] if out.exists() else []
    placed: dict[str, int] = {}
    for story in stories:
        for article in story["articles"]:
            placed[article["id"]] = placed.get(article["id"], 0) + 1
    good = manifest["good"]
    missing = [g for g in good if g not in placed]
    twice = [g for g in good if placed.get(g, 0) > 1]
    strangers = [a for a in placed if a not in set(good)]

    lines = err_path.read_text(encoding="utf-8", errors="replace").splitlines()
    reported: dict[str, int] = {}
    for line in lines:
        m = re.match(r"summarize: (.+?:\d+|[^:]+\.txt): ", line)
        if m:
            reported[m.group(1)] = reported.get(m.group(1), 0) + 1
    bad = manifest["bad"]
    unreported = [b for b in bad if reported.get(b, 0) == 0]
    reported_twice = [b for b in bad if reported.get(b, 0) > 1]
    other_lines = [ln for ln in lines if not re.match(r"summarize: (.+?:\d+|[^:]+\.txt): ", ln) or re.match(r"summarize: (.+?:\d+|[^:]+\.txt): ", ln).group(1) not in set(bad)]
    result = {
        "articles": n,
        "bad": len(bad),
        "bad_kinds": manifest["kinds"],
        "input_mb": round(size_mb, 1),
        "exit": code,
        "stories": len(stories),
        "good_in_one_story": len(good) - len(missing) - len(twice),
        "good_missing": len(missing),
        "good_in_two_stories": len(twice),
        "unknown_articles": len(strangers),
        "bad_reported_once": len(bad) - len(unreported) - len(reported_twice),
        "bad_unreported": len(unreported),
        "bad_reported_twice": len(reported_twice),
        "other_stderr_lines": len(other_lines),
        "generate_s": round(generate_s, 1),
        "wall_s": round(wall_s, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "ok": not missing and not twice and not strangers and not unreported and not reported_twice and code == 1,
        "examples": {"missing": missing[:3], "unreported": unreported[:3], "other_stderr": other_lines[:3]},
    }
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def table(r: dict) -> str:
    return "\n".join([
        "| articles | bad records / files | input MB | stories | good in exactly one story | bad reported once | exit | wall s | CPU s | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {r['articles']:,} | {r['bad']:,} | {r['input_mb']} | {r['stories']:,} | {r['good_in_one_story']:,} / {r['articles']:,} "
        f"| {r['bad_reported_once']:,} / {r['bad']:,} | {r['exit']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']:,} |",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="good articles (default 10000)")
    parser.add_argument("--bad", type=float, default=0.05, help="broken records, as a share of N (default 0.05)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--data", default=None, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--keep", default=None, metavar="DIR", help="build the pile in DIR and keep it, with stories.json and stderr.txt")
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dir", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        return _generate_child(args)
    result = soak(args.n, args.bad, args.seed, args.data, args.keep)
    print(table(result))
    print()
    print(f"bad kinds: {result['bad_kinds']} (+ an empty file and a binary file)")
    print(f"good missing {result['good_missing']}, in two stories {result['good_in_two_stories']}, unknown {result['unknown_articles']}; "
          f"bad unreported {result['bad_unreported']}, reported twice {result['bad_reported_twice']}; other stderr lines {result['other_stderr_lines']}")
    if not result["ok"]:
        print(f"FAILED: {result['examples']}")
    print(json.dumps({k: v for k, v in result.items() if k != "examples"}))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
