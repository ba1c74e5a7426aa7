"""python -m bench.desk [--articles 10000] [--big 100000] [--quick]

The news desk's store (summarize/store.py), measured:

- ingest throughput: DUC 2007 main (1,125 articles) replicated with light
  perturbation (bench/data.py) to N articles, shuffled, added in batches of
  500 (as a day's feeds would come) through ``Store.add_articles``: storing,
  incremental stories, the automatic re-cluster (every 10% growth) and the
  summaries of the stories that grew, all counted; articles/s and the store's
  size per 10,000 articles;
- time to add one article to that store (three new articles, one at a time,
  each with its story's summary recomputed; median);
- incremental stories against batch clustering: tdt-stories dev (352 TDT
  documents, 29 events), articles fed one at a time in date order (the date
  is in the document id), B-cubed F1 of the store's stories against
  ``summarize.cluster.cluster_articles`` on the same articles, with the
  automatic re-cluster (the default) and without it (pure incremental);
  also at every 25th article, against batch clustering of the articles fed
  so far (mean and worst difference), since the end state right after a
  re-cluster would flatter the incremental path.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from summarize.cluster import cluster_articles
from summarize.pipeline import load_articles
from summarize.store import Store, content_hash

from .data import DATA, pooled, replicate, shuffled
from .metrics import bcubed

RESULTS = Path(__file__).resolve().parent / "results"


def store_size(path: Path) -> int:
    with Store(path) as store:
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def ingest(n: int, folder: Path, batch: int = 500) -> dict:
    base, gold = pooled("main")
    articles, gold = shuffled(*replicate(base, gold, n + 3))
    extra, articles = articles[n:], articles[:n]
    path = folder / f"desk-{n}.sqlite3"
    t0 = time.perf_counter()
    reclusters = 0
    phases = {"store_s": 0.0, "recluster_s": 0.0, "summaries_s": 0.0}
    with Store(path) as store:
        for start in range(0, n, batch):
            t = time.perf_counter()
            result = store.add_articles(articles[start : start + batch], summarise=False, recluster=False)
            phases["store_s"] += time.perf_counter() - t
            t = time.perf_counter()
            if store.due_for_recluster():
                store.settle(result, summarise=False)
                reclusters += 1
            phases["recluster_s"] += time.perf_counter() - t
            t = time.perf_counter()
            store.refresh()
            phases["summaries_s"] += time.perf_counter() - t
        stories = len(store.story_ids())
    ingest_s = time.perf_counter() - t0
    size = store_size(path)
    one = add_one_each(path, extra)
    with Store(path) as store:
        biggest = store.db.execute("SELECT max(size) FROM stories").fetchone()[0]
    return {
        "articles": n,
        "stories": stories,
        "biggest_story": biggest,
        "reclusters": reclusters,
        "ingest_s": ingest_s,
        "articles_per_s": n / ingest_s,
        **phases,
        "store_mb_per_10k": size / 2**20 * 10_000 / n,
        "add_one_s": statistics.median(one),
        "add_one_all_s": one,
    }


def add_one_each(path: Path, extra) -> list[float]:
    """Seconds to add each article alone, the ordinary way, to the store at ``path``."""
    seconds = []
    with Store(path) as store:
        for article in extra:
            t = time.perf_counter()
            store.add_articles([article])
            seconds.append(time.perf_counter() - t)
    return seconds


def big_store(n: int, folder: Path) -> dict:
    """A store of ``n`` articles built without summaries or re-clusters
    (incremental assignment only, to get there in reasonable time), then
    one article added the ordinary way."""
    base, gold = pooled("main")
    articles, _ = shuffled(*replicate(base, gold, n + 3))
    extra, articles = articles[n:], articles[:n]
    path = folder / f"big-{n}.sqlite3"
    t0 = time.perf_counter()
    with Store(path) as store:
        for start in range(0, n, 1000):
            store.add_articles(articles[start : start + 1000], summarise=False, recluster=False)
        store.db.execute("INSERT INTO meta(key, value) VALUES('reclustered_at', ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (str(n),))
        store.db.execute("UPDATE stories SET stale = 0")
    build_s = time.perf_counter() - t0
    size = store_size(path)
    one = add_one_each(path, extra)
    return {"articles": n, "build_s": build_s, "store_mb_per_10k": size / 2**20 * 10_000 / n, "add_one_s": statistics.median(one), "add_one_all_s": one}


def date_key(article) -> str:
    m = re.search(r"(\d{8})\.(\d{4})", article.id)
    return m.group(1) + m.group(2) if m else article.id


def incremental(folder: Path) -> dict:
    articles, _ = load_articles([str(DATA / "tdt-stories" / "dev.jsonl")])
    seen, pool = set(), []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            pool.append(a)
    pool.sort(key=date_key)
    gold = [a.group for a in pool]
    for a in pool:
        a.group = None
    t = time.perf_counter()
    groups = cluster_articles(pool)
    batch_s = time.perf_counter() - t
    label = {a.id: n for n, g in enumerate(groups) for a in g}
    out = {"articles": len(pool), "batch": dict(zip(("p", "r", "f1"), bcubed(gold, [label[a.id] for a in pool])))}
    out["batch"]["stories"] = len(groups)
    out["batch"]["s"] = batch_s
    # the batch clustering of the articles fed so far, at every checkpoint
    checkpoints = list(range(CHECK_EVERY, len(pool), CHECK_EVERY)) + [len(pool)]
    batch_at = {}
    for k in checkpoints:
        label_k = {a.id: n for n, g in enumerate(cluster_articles(pool[:k])) for a in g}
        batch_at[k] = bcubed(gold[:k], [label_k[a.id] for a in pool[:k]])[2]
    for name, recluster in (("incremental", None), ("incremental, no re-cluster", False)):
        path = folder / f"tdt-{recluster}.sqlite3"
        elapsed = 0.0
        deltas = []
        with Store(path) as store:
            for k, a in enumerate(pool, start=1):
                t = time.perf_counter()
                store.add_articles([a], summarise=False, recluster=recluster)
                elapsed += time.perf_counter() - t
                if k in batch_at:
                    predicted = predicted_of(store, pool[:k])
                    deltas.append(bcubed(gold[:k], predicted)[2] - batch_at[k])
            stored = store.article_count()
            predicted = predicted_of(store, pool)
        p, r, f = bcubed(gold, predicted)
        out[name] = {
            "p": p, "r": r, "f1": f, "stories": len(set(predicted)), "s": elapsed, "stored": stored,
            "delta_mean": statistics.mean(deltas), "delta_worst": min(deltas), "checkpoints": len(deltas),
        }
    return out


CHECK_EVERY = 25


def predicted_of(store: Store, articles) -> list[str]:
    """Each article's story id; an article whose text is already stored
    (TDT has a few such copies) counts in the story of its stored copy."""
    story_of = dict(store.db.execute("SELECT a.hash, s.id FROM articles a JOIN stories s ON s.rowid = a.story").fetchall())
    return [story_of[content_hash(a.text)] for a in articles]


def table(result: dict) -> str:
    lines = ["| measure | value |", "|---|---:|"]
    for ing in result.get("ingest", []):
        n = f"{ing['articles']:,}"
        lines += [
            f"| ingest throughput, {n} articles in batches of 500 (store + stories + re-clusters + summaries) | {ing['articles_per_s']:.0f} articles/s ({ing['ingest_s']:.0f} s; {ing['stories']} stories, {ing['reclusters']} re-clusters) |",
            f"| of which: storing and placing each article / re-clusters / summaries of stories that grew | {ing['store_s']:.0f} s ({n.replace(',', '')} / {ing['store_s']:.0f} = {ing['articles'] / ing['store_s']:.0f} articles/s) / {ing['recluster_s']:.0f} s / {ing['summaries_s']:.0f} s |",
            f"| store size per 10,000 articles | {ing['store_mb_per_10k']:.0f} MB |",
            f"| add one article to a store of {n} (its story re-summarised; median of 3) | {ing['add_one_s']:.2f} s (biggest story {ing['biggest_story']} articles) |",
        ]
    for big in result.get("big", []):
        n = f"{big['articles']:,}"
        lines += [
            f"| build a store of {n} (incremental only, no summaries) | {big['build_s']:.0f} s; {big['store_mb_per_10k']:.0f} MB per 10,000 |",
            f"| add one article to a store of {n} (median of 3) | {big['add_one_s']:.2f} s |",
        ]
    inc = result.get("incremental")
    if inc:
        lines.append(f"| tdt-stories dev ({inc['articles']} articles, date order): batch clustering B-cubed F1 | {inc['batch']['f1']:.3f} (P {inc['batch']['p']:.3f} R {inc['batch']['r']:.3f}, {inc['batch']['stories']} stories) |")
        for name in ("incremental", "incremental, no re-cluster"):
            row = inc[name]
            lines.append(
                f"| {name}, one article per add: B-cubed F1 | {row['f1']:.3f} (P {row['p']:.3f} R {row['r']:.3f}, {row['stories']} stories, {row['s']:.1f} s; Δ vs batch {row['f1'] - inc['batch']['f1']:+.3f}) |",
            )
            lines.append(
                f"| {name}: Δ F1 vs batch on the articles fed so far, every {CHECK_EVERY} articles (mean / worst of {row['checkpoints']}) | {row['delta_mean']:+.3f} / {row['delta_worst']:+.3f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.desk", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="store size for throughput and add-one (default 10000)")
    parser.add_argument("--big", type=int, default=0, help="also time add-one on a store of this many (e.g. 100000; long)")
    parser.add_argument("--quick", action="store_true", help="1,000 articles, a smoke run")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    n = 1000 if args.quick else args.articles
    folder = Path(tempfile.mkdtemp(prefix="bench-desk-"))
    result: dict = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count()}
    try:
        result["incremental"] = incremental(folder)
        print(table(result), flush=True)
        if not args.skip_ingest:
            result["ingest"] = [ingest(n, folder)]
            print(table({"ingest": result["ingest"]}), flush=True)
        if args.big:
            result["big"] = [big_store(args.big, folder)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(table(result))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "desk.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
