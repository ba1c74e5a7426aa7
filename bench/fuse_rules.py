"""Every rewrite the fuse check judges, on the seeds and the first N
stories of DUC 2007 update and Multi-News: how many pass, and which ones the
preposition rule (fuse._OF_PHRASE beyond "of") alone turns down, printed for
reading by hand.

    python -m bench.fuse_rules [N]      # N = 4: 9 stories, about 10 minutes on 2 cores
"""
import json
import re
import sys
import time

from bench.abstractive import SEEDS, SETS, _stories
import summarize.fuse as fuse
from summarize.loading import load_model
from summarize.pipeline import Options, abstractive_summary, build_story, load_articles

# The preposition rule's own flag: "joins “sanctions against China”, which no source does"
PREPOSITION_FLAG = re.compile(r"joins “\S+ (against|for|by|from|with|on|over|into|toward|towards) ")


def main(n: int) -> None:
    judged = []
    check = fuse.check

    def recording(text, group, articles, families):
        cand = check(text, group, articles, families)
        judged.append({"text": text, "original": group.sentence.text, "flags": list(cand.sentence.flags), "ok": cand.ok})
        return cand

    fuse.check = recording
    model = load_model(None)
    articles, _ = load_articles([str(SEEDS)])
    items = [("seeds", build_story(articles, Options(max_words=100)))]
    for name, path in SETS.items():
        items += [(name, story) for story, _refs in _stories(path, n, 100)]
    for name, story in items:
        started = time.perf_counter()
        abstractive_summary(story, model, mode="fuse", max_words=100)
        print(name, story.id, f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    only = [c for c in judged if c["flags"] and all(PREPOSITION_FLAG.match(f) for f in c["flags"])]
    print(json.dumps({"rewrites": len(judged), "passed": sum(c["ok"] for c in judged),
                      "flagged_by_the_preposition_rule": sum(any(PREPOSITION_FLAG.match(f) for f in c["flags"]) for c in judged),
                      "turned_down_by_it_alone": len(only)}, indent=1))
    for c in only:
        print("\nREWRITE:", c["text"], "\nSOURCE: ", c["original"], "\nFLAGS:  ", c["flags"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
