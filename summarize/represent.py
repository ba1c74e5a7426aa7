"""TF-IDF representations shared by the clusterer and the ranker."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import analyse


def _vectorizer(analyzer) -> TfidfVectorizer:
    """The one TF-IDF weighting of the project (sublinear counts, float32)."""
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)


def tfidf(texts: list[str], *, min_df: int = 1, max_df: float = 1.0, max_features: int | None = None) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of stemmed content words (``lexicon.analyse``)."""
    vectorizer = _vectorizer(analyse).set_params(min_df=min_df, max_df=max_df, max_features=max_features)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty after analysis
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def tfidf_of_words(word_lists: list[list[str]]) -> sparse.csr_matrix:
    """``tfidf`` of texts already analysed (lists of words): the ranker has
    its sentences' words at hand, and reads them twice (``rank``: the story's
    names in capitals as one term, for the redundancy check)."""
    try:
        return _vectorizer(list).fit_transform(word_lists).tocsr()
    except ValueError:  # no word in any text
        return sparse.csr_matrix((len(word_lists), 1), dtype=np.float32)


def tfidf_space(word_lists: list[list[str]]) -> TfidfVectorizer | None:
    """The same weighting fitted on texts already analysed (lists of words),
    to place other analysed texts in it; None when no text has a word."""
    vectorizer = _vectorizer(list)
    try:
        return vectorizer.fit(word_lists)
    except ValueError:
        return None
