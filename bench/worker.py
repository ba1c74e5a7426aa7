"""One measured run in a fresh process, so its time and peak memory are its own.

    python -m bench.worker stories POOL     # POOL: update | main-heldout | main | tdt | multinews[-tune|-heldout]
    python -m bench.worker scale N

Prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import resource
import sys
import time

T0 = time.perf_counter()


def peak_mb() -> float:
    """Peak resident memory of this process.  VmHWM, not ru_maxrss: Linux
    carries ru_maxrss over from the parent across fork + exec."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def labels_of(groups, articles) -> list[int]:
    label = {}
    for n, group in enumerate(groups):
        for a in group:
            label[id(a)] = n
    return [label[id(a)] for a in articles]


def stories(pool: str) -> dict:
    import summarize.cluster  # noqa: F401  (imports are in process_s, not cluster_s)
    from summarize.pipeline import Options, group_articles

    from .data import pooled, shuffled
    from .metrics import ari, bcubed

    articles, gold = shuffled(*pooled(pool))
    t = time.perf_counter()
    groups = group_articles(articles, Options(cluster=True))
    cluster_s = time.perf_counter() - t
    predicted = labels_of(groups, articles)
    p, r, f = bcubed(gold, predicted)
    return {
        "pool": pool,
        "topics": len(set(gold)),
        "articles": len(articles),
        "found": len(groups),
        "b3_p": p,
        "b3_r": r,
        "b3_f1": f,
        "ari": ari(gold, predicted),
        "cluster_s": cluster_s,
    }


def scale(n: int) -> dict:
    import summarize.cluster  # noqa: F401  (imports are in process_s, not the timings)
    import summarize.rank  # noqa: F401
    from summarize.pipeline import Options, build_story, group_articles

    from .data import pooled, replicate, shuffled
    from .metrics import bcubed

    base, gold = pooled("main")
    articles, gold = shuffled(*replicate(base, gold, n))
    options = Options(cluster=True)
    t = time.perf_counter()
    groups = group_articles(articles, options)
    cluster_s = time.perf_counter() - t
    t = time.perf_counter()
    biggest = 0
    for group in groups:
        build_story(group, options)
        biggest = max(biggest, len(group))
    summarise_s = time.perf_counter() - t
    _, _, f = bcubed(gold, labels_of(groups, articles))
    return {
        "articles": len(articles),
        "stories": len(groups),
        "biggest": biggest,
        "cluster_s": cluster_s,
        "summarise_s": summarise_s,
        "b3_f1": f,
    }


def main(argv: list[str]) -> None:
    kind, arg = argv[0], argv[1]
    if len(argv) > 2:
        from .data import data_dir

        data_dir(argv[2])
    out = stories(arg) if kind == "stories" else scale(int(arg))
    out["process_s"] = time.perf_counter() - T0
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
