"""The DUC 2007 sets as the engine loads them, their splits, and the
perturbed replicas used to reach 10,000 articles."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from summarize.pipeline import load_articles
from summarize.records import Article, Sentence

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
UPDATE = DATA / "duc2007-update" / "dev.jsonl"
MAIN = DATA / "duc2007-main" / "docs.jsonl"
TDT = DATA / "tdt-stories" / "dev.jsonl"
MULTINEWS = DATA / "multinews" / "dev.jsonl"


def data_dir(path: str | None) -> None:
    global DATA, UPDATE, MAIN, TDT, MULTINEWS
    if path:
        DATA = Path(path)
        UPDATE = DATA / "duc2007-update" / "dev.jsonl"
        MAIN = DATA / "duc2007-main" / "docs.jsonl"
        TDT = DATA / "tdt-stories" / "dev.jsonl"
        MULTINEWS = DATA / "multinews" / "dev.jsonl"


def topic_of(record_id: str) -> str:
    """DUC update ids are TOPIC-PART ("D0703A-B"); main ids are the topic."""
    return record_id.split("-")[0]


@dataclass
class SummaryCluster:
    id: str
    topic: str
    articles: list[Article]
    refs: list[str]


def read_jsonl(path: Path) -> list[dict]:
    """The records of a data set file, in order."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def articles_by_record(path: Path, wanted: set[str] | None = None) -> dict[str, list[Article]]:
    """The set's articles as the engine loads them (cleaned, segmented),
    grouped by the record (cluster) they came from."""
    articles, _ = load_articles([str(path)])
    groups: dict[str, list[Article]] = {}
    for a in articles:
        if wanted is None or a.group in wanted:
            groups.setdefault(a.group, []).append(a)
    return groups


def earlier_parts(groups: dict[str, list[Article]], topic: str, part: str) -> list[Article]:
    """The articles of an update topic's parts before ``part`` (B: A's; C:
    A's and B's): what the reader of ``part`` has read."""
    return [a for p in "ABC"[: "ABC".index(part)] for a in groups.get(f"{topic}-{p}", [])]


def summary_clusters() -> list[SummaryCluster]:
    records = read_jsonl(UPDATE)
    by_group = articles_by_record(UPDATE)
    return [SummaryCluster(r["id"], topic_of(r["id"]), by_group.get(r["id"], []), r["refs"]) for r in records]


def update_topics() -> list[str]:
    return sorted({c.topic for c in summary_clusters_ids()})


def summary_clusters_ids():
    with open(UPDATE, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record_id = json.loads(line)["id"]
                yield SummaryCluster(record_id, topic_of(record_id), [], [])


def summary_split(clusters: list[SummaryCluster]) -> dict[str, list[SummaryCluster]]:
    """Split by topic (all parts of a topic on one side): even topics tune, odd held out."""
    topics = sorted({c.topic for c in clusters})
    tune = set(topics[0::2])
    return {
        "tune": [c for c in clusters if c.topic in tune],
        "held-out": [c for c in clusters if c.topic not in tune],
    }


def pooled(which: str) -> tuple[list[Article], list[str]]:
    """Articles pooled from a set, each with its gold topic; the input layout is forgotten.
    ``tdt``: DUC 2003/2004 documents by their TDT event (one news event each,
    the story-clustering gold), where the DUC 2007 pools are topics that span
    months or years (a proxy).  ``multinews``: the 250 Multi-News dev clusters
    (690 articles), each cluster its own story: small stories (1-9 articles)
    on unrelated subjects, with web furniture left in; ``multinews-tune`` and
    ``multinews-heldout`` are its halves (clusters in id order, even / odd)."""
    if which == "update":
        articles, _ = load_articles([str(UPDATE)])
    elif which == "tdt":
        articles, _ = load_articles([str(TDT)])
    elif which.startswith("multinews"):
        articles, _ = load_articles([str(MULTINEWS)])
        if which != "multinews":
            ids = sorted({a.group for a in articles})
            half = set(ids[0::2] if which == "multinews-tune" else ids[1::2])
            articles = [a for a in articles if a.group in half]
    else:
        articles, _ = load_articles([str(MAIN)])
    tuned = set(update_topics())
    if which == "main-heldout":  # the 35 main topics the update set (tuning pool) does not share
        articles = [a for a in articles if topic_of(a.group) not in tuned]
    seen, out = set(), []
    for a in articles:
        if a.id in seen:
            continue
        seen.add(a.id)
        out.append(a)
    gold = [a.group if which == "tdt" or which.startswith("multinews") else topic_of(a.group) for a in out]
    for a in out:
        a.group = None
    return out, gold


def shuffled(articles: list[Article], gold: list[str], seed: int = 13) -> tuple[list[Article], list[str]]:
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    return [articles[i] for i in order], [gold[i] for i in order]


def _rebuild(article_id: str, base: Article, sentences: list[str]) -> Article:
    """An article made of the given sentences, one paragraph each, offsets exact."""
    parts, spans, pos = [], [], 0
    for text in sentences:
        if parts:
            pos += 2
        spans.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    body = "\n\n".join(parts)
    art = Article(id=article_id, text=body, title=base.title, source=base.source, credits=list(base.credits))
    art.sentences = [Sentence(article_id, n, t, s, e, paragraph=n) for n, (t, (s, e)) in enumerate(zip(sentences, spans))]
    return art


def replicate(articles: list[Article], gold: list[str], n: int, seed: int = 7) -> tuple[list[Article], list[str]]:
    """``n`` articles: the originals, then copies lightly perturbed (a sentence or
    two dropped, a later pair swapped, new ids), so a bigger pool keeps the
    topics' shape without being exact duplicates."""
    rng = random.Random(seed)
    out, labels = [], []
    copy = 0
    while len(out) < n:
        for article, label in zip(articles, gold):
            if len(out) >= n:
                break
            if copy == 0:
                out.append(article)
            else:
                sents = [s.text for s in article.sentences]
                if len(sents) > 4:
                    for _ in range(rng.randint(1, 2)):
                        del sents[rng.randrange(1, len(sents))]
                    i = rng.randrange(1, len(sents) - 1)
                    sents[i], sents[i + 1] = sents[i + 1], sents[i]
                out.append(_rebuild(f"{article.id}~{copy}", article, sents))
            labels.append(label)
        copy += 1
    return out, labels
