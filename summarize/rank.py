"""Extractive summary: salient, non-redundant sentences, each citing every
source that reports it.

A sentence's salience combines how many independent sources carry the same
fact (the strongest signal in news), its centrality in the story, and its
position in its article.  Near-duplicates across sources are linked first
(TF-IDF cosine to find candidates, rapidfuzz to confirm), so one wording is
shown and every source is cited with its own verbatim quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from .records import Article, Citation, Sentence, Summary, SummarySentence
from .represent import analyse, cosine_rows, tfidf

MIN_WORDS = 6
MAX_WORDS = 55
# Candidate pairs need this cosine; rapidfuzz then confirms the paraphrase.
LINK_COSINE = 0.35
LINK_FUZZ = 62
# Articles sharing this share of their sentences are copies of one story.
COPY_SHARE = 0.4
REDUNDANT_COSINE = 0.45
REPEAT_SHARE = 0.6


@dataclass
class RankWeights:
    support: float = 1.0
    centrality: float = 1.2
    position: float = 0.9
    dangling: float = 0.35  # penalty: opens with a pronoun or connective


_DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|this|these|those|that|but|and|also|however|meanwhile|still|yet|so|then|his|her|their|its|there)\b",
    re.I,
)


def _words(text: str) -> int:
    return len(text.split())


def _linked(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=str.lower)


class _Families:
    """Union-find over article ids: copies of one wire story count once."""

    def __init__(self, ids: list[str]):
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def independent_families(articles: list[Article], pair_links: dict[tuple[str, str], int]) -> list[list[str]]:
    """Group articles that copy one story (shared sentences) or one wire byline."""
    families = _Families([a.id for a in articles])
    sizes = {a.id: max(len(a.sentences), 1) for a in articles}
    for (a, b), shared in pair_links.items():
        if shared / min(sizes[a], sizes[b]) >= COPY_SHARE:
            families.union(a, b)
    by_wire: dict[str, str] = {}
    for article in articles:
        names = set(article.credits) | ({article.source} if article.source else set())
        for name in names:
            key = name.strip().lower()
            if key in {"reuters", "ap", "afp", "associated press", "bloomberg", "xinhua"}:
                if key in by_wire:
                    families.union(article.id, by_wire[key])
                else:
                    by_wire[key] = article.id
    return families.groups()


def summarize_articles(
    articles: list[Article],
    max_words: int | None = 100,
    max_sentences: int | None = None,
    weights: RankWeights | None = None,
) -> tuple[Summary, list[list[str]]]:
    """The extractive summary of one story, and its independent source families."""
    weights = weights or RankWeights()
    candidates: list[Sentence] = [s for a in articles for s in a.sentences]
    if not candidates:
        return Summary(method="extractive"), [[a.id] for a in articles]
    n_in_article = {a.id: max(len(a.sentences), 1) for a in articles}

    matrix = tfidf([s.text for s in candidates])
    sim = cosine_rows(matrix)
    article_of = np.array([hash(s.article_id) for s in candidates])
    same_article = article_of[:, None] == article_of[None, :]

    # Cross-source links between paraphrases of one fact.
    links: list[dict[str, tuple[int, float]]] = [dict() for _ in candidates]
    pair_links: dict[tuple[str, str], int] = {}
    rows, cols = np.nonzero(np.triu((sim >= LINK_COSINE) & ~same_article, k=1))
    for i, j in zip(rows.tolist(), cols.tolist()):
        a, b = candidates[i], candidates[j]
        ratio = _linked(a.text, b.text)
        if ratio < LINK_FUZZ:
            continue
        strength = ratio / 100.0
        for x, y in ((i, j), (j, i)):
            other = candidates[y]
            best = links[x].get(other.article_id)
            if best is None or strength > best[1]:
                links[x][other.article_id] = (y, strength)
        key = tuple(sorted((a.article_id, b.article_id)))
        pair_links[key] = pair_links.get(key, 0) + 1

    families = independent_families(articles, pair_links)
    family_of = {aid: n for n, group in enumerate(families) for aid in group}

    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    centrality = (matrix @ (centroid / norm if norm else centroid)).ravel()
    if centrality.max() > 0:
        centrality = centrality / centrality.max()

    n_families = max(len(families), 1)
    scores = np.zeros(len(candidates))
    support = np.zeros(len(candidates), dtype=int)
    for i, s in enumerate(candidates):
        fams = {family_of[s.article_id]} | {family_of[aid] for aid in links[i]}
        support[i] = len(fams)
        words = _words(s.text)
        position = 1.0 / (1.0 + s.index / 3.0)
        score = (
            weights.support * ((support[i] - 1) / max(n_families - 1, 1))
            + weights.centrality * centrality[i]
            + weights.position * position
        )
        if _DANGLING.match(s.text):
            score -= weights.dangling
        if words < MIN_WORDS or words > MAX_WORDS or s.text.rstrip("”\"’' )")[-1:] not in ".!?":
            score -= 10.0  # fragments and run-ons only as a last resort
        scores[i] = score

    stems = [set(analyse(s.text)) for s in candidates]

    def repeats(i: int, j: int) -> bool:
        """One sentence mostly restates the other (containment either way)."""
        a, b = stems[i], stems[j]
        if not a or not b:
            return False
        shared = len(a & b)
        return shared / len(a) >= REPEAT_SHARE or shared / len(b) >= REPEAT_SHARE

    chosen: list[int] = []
    blocked: set[int] = set()
    used_words = 0
    for i in np.argsort(-scores, kind="stable").tolist():
        if i in blocked or scores[i] < -5:
            continue
        if any(sim[i, j] >= REDUNDANT_COSINE or repeats(i, j) for j in chosen):
            continue
        words = _words(candidates[i].text)
        if max_words is not None and used_words + words > max_words:
            continue
        chosen.append(i)
        used_words += words
        blocked.update(k for k, _ in links[i].values())
        if max_sentences is not None and len(chosen) >= max_sentences:
            break
    if not chosen:  # one sentence alone is longer than the budget
        chosen = [int(np.argmax(scores))]

    # Read in story order: earlier in the articles first.
    chosen.sort(key=lambda i: (candidates[i].index / n_in_article[candidates[i].article_id], -scores[i]))
    sentences = []
    for i in chosen:
        s = candidates[i]
        text = s.text
        if max_words is not None and _words(text) > max_words:
            text = " ".join(text.split()[:max_words]) + " …"
        citations = [Citation(article=s.article_id, quote=s.text, sentence_index=s.index, similarity=1.0)]
        for aid, (j, strength) in sorted(links[i].items(), key=lambda kv: -kv[1][1]):
            other = candidates[j]
            citations.append(Citation(article=aid, quote=other.text, sentence_index=other.index, similarity=round(strength, 3)))
        sentences.append(SummarySentence(text=text, citations=citations, support=int(support[i]), score=round(float(scores[i]), 4)))
    return Summary(method="extractive", sentences=sentences), families
