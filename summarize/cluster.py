"""Group articles that report the same event into stories.

Articles become TF-IDF vectors (title counted twice); each keeps only its
nearest neighbours above a floor, found in row blocks so memory stays
linear; then average-linkage merging runs on that sparse graph (a missing
edge counts as similarity 0), which resists the chaining that makes
single-link clustering claim two unrelated stories corroborate each other.
"""

from __future__ import annotations

import heapq

import numpy as np

from .records import Article
from .represent import tfidf

NEIGHBOURS = 20
EDGE_FLOOR = 0.08
MERGE_THRESHOLD = 0.14
BLOCK_ROWS = 1024


def article_text(article: Article, max_words: int = 400) -> str:
    title = article.title or ""
    body = " ".join(article.text.split()[:max_words])
    return f"{title}\n{title}\n{body}"


def neighbour_graph(matrix, k: int = NEIGHBOURS, floor: float = EDGE_FLOOR) -> dict[tuple[int, int], float]:
    """Top-k cosine neighbours per row, computed in blocks of rows."""
    edges: dict[tuple[int, int], float] = {}
    n = matrix.shape[0]
    transposed = matrix.T.tocsc()
    for start in range(0, n, BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).toarray()
        for offset, row in enumerate(block):
            i = start + offset
            row[i] = 0.0
            if k < n - 1:
                top = np.argpartition(-row, k)[:k]
            else:
                top = np.arange(n)
            for j in top[row[top] >= floor].tolist():
                key = (i, j) if i < j else (j, i)
                edges[key] = float(row[j])
    return edges


def average_linkage(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Merge clusters while their mean pairwise similarity stays >= threshold."""
    size = [1] * n
    parent = list(range(n))
    # total similarity between live clusters over known edges
    between: list[dict[int, float]] = [dict() for _ in range(n)]
    for (i, j), s in edges.items():
        between[i][j] = s
        between[j][i] = s
    heap = [(-s, i, j) for (i, j), s in edges.items() if s >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    while heap:
        neg, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]):
            continue
        current = between[i].get(j, 0.0) / (size[i] * size[j])
        if abs(current + neg) > 1e-9:  # stale entry
            continue
        # merge j into i
        if len(between[i]) < len(between[j]):
            i, j = j, i
        alive[j] = False
        parent[j] = i
        size[i] += size[j]
        for other, total in between[j].items():
            if other == i:
                continue
            between[other].pop(j, None)
            merged = between[i].get(other, 0.0) + total
            between[i][other] = merged
            between[other][i] = merged
        between[i].pop(j, None)
        between[j] = {}
        for other, total in between[i].items():
            mean = total / (size[i] * size[other])
            if mean >= threshold:
                a, b = (i, other) if i < other else (other, i)
                heapq.heappush(heap, (-mean, a, b))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    return [root(i) for i in range(n)]


def cluster_articles(articles: list[Article], threshold: float = MERGE_THRESHOLD) -> list[list[Article]]:
    """Stories as lists of articles, biggest first."""
    if len(articles) <= 1:
        return [list(articles)] if articles else []
    min_df = 2 if len(articles) >= 200 else 1
    matrix = tfidf([article_text(a) for a in articles], min_df=min_df, max_df=0.5 if len(articles) >= 20 else 1.0)
    labels = average_linkage(len(articles), neighbour_graph(matrix), threshold)
    groups: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels):
        groups.setdefault(label, []).append(article)
    return sorted(groups.values(), key=len, reverse=True)
