"""`--seen` on one pile with `--cluster`, against `--seen` story by story.

A reader who runs ``summarize --cluster today/ --seen yesterday/`` gives one
seen pile for every story. This puts the duc2007-update dev topics' part B
(then C) articles in one pile, the earlier parts of every topic in one seen
pile, clusters, and scores the story holding most of each topic's articles
(100 words, ROUGE-2 recall, mean of 4 refs) beside ``--seen`` run on the topic
alone. It also prints how many seen articles each story took and whether they
were its own topic's (``Seen.for_story``).

    .venv/bin/python -m bench.seen_pile      # about 1 minute
"""

from __future__ import annotations

import statistics

from bench.data import articles_by_record, earlier_parts, read_jsonl
from bench.focus import UPDATE, _split
from bench.metrics import cut_words, rouge


def main() -> int:
    from summarize.focus import seen_of
    from summarize.pipeline import Options, build_stories
    from summarize.rank import summarize_articles

    records = read_jsonl(UPDATE)
    groups = articles_by_record(UPDATE)
    topics = sorted({r["id"].split("-")[0] for r in records})
    scores: dict[tuple[str, str, str], list[float]] = {}
    taken: dict[str, list[int]] = {}
    own = {"B": [0, 0, 0], "C": [0, 0, 0]}  # seen articles taken from the story's topic, from others, of its topic missed
    for part in "BC":
        recs = [r for r in records if r["id"].endswith("-" + part)]
        earlier = {r["id"][:-2]: earlier_parts(groups, r["id"][:-2], part) for r in recs}
        topic_of_seen = {a.id: t for t, arts in earlier.items() for a in arts}
        seen = seen_of([a for arts in earlier.values() for a in arts])
        pile = [a for r in recs for a in groups.get(r["id"], [])]
        for system, options in (
            ("ours, --seen, one pile", Options(cluster=True, max_words=100, seen_read=seen)),
            ("ours, without, one pile", Options(cluster=True, max_words=100)),
        ):
            stories = list(build_stories(pile, options))
            for r in recs:
                topic = r["id"][:-2]
                ids = {a.id for a in groups.get(r["id"], [])}
                story = max(stories, key=lambda s: len(ids & {a.id for a in s.articles}))
                score = rouge(cut_words(story.summary.text, 100), r["refs"])["rouge2_r"]
                scores.setdefault((system, part, _split(topic, topics)), []).append(score)
                if options.seen_read is not None:
                    mine = seen.for_story(story.articles)
                    got = [topic_of_seen.get(a.id) for a in (mine.read if mine else [])]
                    taken.setdefault(part, []).append(len(got))
                    own[part][0] += sum(t == topic for t in got)
                    own[part][1] += sum(t != topic for t in got)
                    own[part][2] += len(earlier[topic]) - sum(t == topic for t in got)
        for r in recs:
            topic = r["id"][:-2]
            summary, _ = summarize_articles(groups[r["id"]], max_words=100, seen=seen_of(earlier[topic]))
            scores.setdefault(("ours, --seen, topic by topic", part, _split(topic, topics)), []).append(
                rouge(cut_words(summary.text, 100), r["refs"])["rouge2_r"]
            )
    print("| system | part | tune R-2 R | held-out R-2 R |")
    print("|---|---|---:|---:|")
    for system in ("ours, --seen, topic by topic", "ours, --seen, one pile", "ours, without, one pile"):
        for part in "BC":
            tune = statistics.mean(scores[(system, part, "tune")])
            held = statistics.mean(scores[(system, part, "held-out")])
            print(f"| {system} | {part} | {tune:.2f} | {held:.2f} |")
    print()
    print("| part | seen articles in the pile | taken per story (min-median-max) | of the story's topic (precision) | of its topic's taken (recall) |")
    print("|---|---:|---|---:|---:|")
    for part in "BC":
        tp, fp, fn = own[part]
        counts = taken[part]
        total = sum(1 for r in records if r["id"].endswith("-" + part) for p in "ABC"[: "ABC".index(part)] for _ in groups.get(f"{r['id'][:-2]}-{p}", []))
        print(f"| {part} | {total} | {min(counts)}-{statistics.median(counts):g}-{max(counts)} | {tp / max(tp + fp, 1):.3f} | {tp / max(tp + fn, 1):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
