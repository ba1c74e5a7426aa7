"""TF-IDF representations shared by the clusterer and the ranker."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import analyse


def tfidf(texts: list[str], *, min_df: int = 1, max_df: float = 1.0, max_features: int | None = None) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of stemmed content words (``lexicon.analyse``)."""
    return tfidf_model(texts, min_df=min_df, max_df=max_df, max_features=max_features)[1]


def tfidf_model(
    texts: list[str], *, min_df: int = 1, max_df: float = 1.0, max_features: int | None = None
) -> tuple[TfidfVectorizer | None, sparse.csr_matrix]:
    """``tfidf``, with the fitted vectoriser to place other texts in the same
    space (None when every text was empty after analysis)."""
    vectorizer = TfidfVectorizer(
        analyzer=analyse, sublinear_tf=True, min_df=min_df, max_df=max_df, max_features=max_features, dtype=np.float32
    )
    try:
        return vectorizer, vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty after analysis
        return None, sparse.csr_matrix((len(texts), 1), dtype=np.float32)
