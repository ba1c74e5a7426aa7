"""TF-IDF representations shared by the clusterer and the ranker."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexicon import Acronyms, analyse


def _vectorizer(analyzer) -> TfidfVectorizer:
    """The one TF-IDF weighting of the project (sublinear counts, float32)."""
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)


def tfidf(
    texts: list[str], *, min_df: int = 1, max_df: float = 1.0, max_features: int | None = None,
    acronyms: Acronyms | None = None,
) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of stemmed content words (``lexicon.analyse``;
    with ``acronyms``, a name's every form one term)."""
    analyzer = analyse if acronyms is None else (lambda text: analyse(text, acronyms))
    vectorizer = _vectorizer(analyzer).set_params(min_df=min_df, max_df=max_df, max_features=max_features)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty after analysis
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)


def tfidf_space(word_lists: list[list[str]]) -> TfidfVectorizer | None:
    """The same weighting fitted on texts already analysed (lists of words),
    to place other analysed texts in it; None when no text has a word."""
    vectorizer = _vectorizer(list)
    try:
        return vectorizer.fit(word_lists)
    except ValueError:
        return None
