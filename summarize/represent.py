"""TF-IDF representations shared by the clusterer and the ranker."""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*\d|\d")


def content_words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower().strip("'’-") for m in WORD.finditer(text)) if w and w not in ENGLISH_STOP_WORDS]


def _light_stem(word: str) -> str:
    """Crude suffix folding so "sanction"/"sanctions", "invaded"/"invasion" meet."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def analyse(text: str) -> list[str]:
    return [_light_stem(w) for w in content_words(text)]


def tfidf(texts: list[str], *, min_df: int = 1, max_df: float = 1.0, max_features: int | None = None) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, with a light stemmer and no stop words."""
    vectorizer = TfidfVectorizer(
        analyzer=analyse, sublinear_tf=True, min_df=min_df, max_df=max_df, max_features=max_features, dtype=np.float32
    )
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty after analysis
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
