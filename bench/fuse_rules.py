"""Every rewrite the fuse check judges, on the seeds and the first N
stories of DUC 2007 update and Multi-News: how many pass, and for each of the
check's newer rules how many rewrites it flags and which ones it alone turns
down (printed for reading by hand): the preposition rule (fuse._OF_PHRASE
beyond "of"), a place made the doer (fuse._demoted_subject), a number moved
off its word (fuse._moved_numbers) and "a" made "the" (fuse._made_definite).

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

# Each rule's own flag: "joins “sanctions against China”, which no source does", "makes “The
# Cromartie” the subject, ...", "drops “February”, which “8.8” stands by ...", "names “A strong
# earthquake” as “the earthquake”, ..."
RULE_FLAGS = {
    "preposition": re.compile(r"joins “\S+ (against|for|by|from|with|on|over|into|toward|towards) "),
    "subject": re.compile(r"makes “.*” the subject, where its source has"),
    "number": re.compile(r"drops “.*”, which “.*” stands by in its source"),
    "definite": re.compile(r"names “.*” as “the .*”, as if met before"),
}


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
    alone = {name: [c for c in judged if c["flags"] and all(rule.match(f) for f in c["flags"])]
             for name, rule in RULE_FLAGS.items()}
    print(json.dumps({"rewrites": len(judged), "passed": sum(c["ok"] for c in judged),
                      "flagged_by": {name: sum(any(rule.match(f) for f in c["flags"]) for c in judged)
                                     for name, rule in RULE_FLAGS.items()},
                      "turned_down_by_it_alone": {name: len(cs) for name, cs in alone.items()}}, indent=1))
    for name, cs in alone.items():
        for c in cs:
            print(f"\n[{name}] REWRITE:", c["text"], "\nSOURCE: ", c["original"], "\nFLAGS:  ", c["flags"])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
