"""A small learned line classifier for saved-as-text pages (``clean.py``).

Each line of a saved page is described by language-independent features:
its length, stop-word density (the page's jusText stop list), sentence
ending, capitals, digits and punctuation, whether it repeats on the page,
its rule-based jusText class and main-region decision, the same for the
two lines either side, its position, the distance to the nearest prose line
and to the rules' kept text.  Gradient-boosted trees (scikit-learn's
``GradientBoostingClassifier``, five of them with different subsampling
seeds, raw scores averaged, trained by ``python -m bench.train_lines
--save`` on the textpages dev lines that hold a ``with`` or ``without``
snippet) give the probability that the line is article text.

On top of the trees, a small linear-chain CRF over the page's lines (two
states per line, drop and keep) decides each line together with its
neighbours: a line's keep score is ``CRF_W * logit(tree probability) +
CRF_B``, and the score of each pair of consecutive lines' states comes from
a few features of the two lines (``pair_features``: their rule-based
classes, headings, a colon at the end, the rules' keep).  A line's keep
probability is its marginal under the chain (forward-backward, ``Chain``).
The CRF is trained by ``bench.train_lines`` on tree probabilities from trees
that did not see the page.

The trees and the CRF are stored as plain JSON (``lines_model.json``: per
tree the split features, thresholds, children and leaf values; the CRF's
weights under ``"crf"``), never as a pickle, and read on first use.  A file
without ``"crf"`` gives the trees' probabilities, as before the CRF.

Two kinds of extra columns follow the base features where the file says so
(``Extras``): ``"opening"``, a line's and its neighbours' share of words
found in the article's opening (the rules' first prose lines), and
``"lexicon"``, a logistic regression on the line's words hashed into
2**bits buckets (``Lexicon``), its score for the line and the two lines
either side, stacked under the trees.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from .segment import HAS_STOP, ends_like_sentence

MODEL_PATH = Path(__file__).with_name("lines_model.json")

_CLASSES = ("good", "neargood", "short", "bad")
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")
_CAPWORD = re.compile(r"^[A-ZÄÖÜÀ-Ý]")
_SEP = re.compile(r"[|»›>/•·]")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")
_WEB = re.compile(r"@|https?:|www\.|\.(?:com|de|org|net)\b", re.I)
_SENT_END = re.compile(r"\w[.!?][\"”’'“«»]?\s+\S")
# Distances to the nearest prose / kept line are capped at this many lines.
_FAR = 20


def _own(line, stops: frozenset[str], count: int) -> list[float]:
    t = line.text
    words = t.split()
    n = max(len(words), 1)
    return [
        math.log1p(len(t)),
        math.log1p(len(words)),
        sum(w.lower() in stops for w in words) / n,
        float(ends_like_sentence(t)),
        sum(bool(_CAPWORD.match(w)) for w in words) / n,
        len(_DIGIT.findall(t)) / max(len(t), 1),
        len(_PUNCT.findall(t)) / max(len(t), 1),
        float(count > 1),
        *(float(line.cf_class == c) for c in _CLASSES),
        float(line.class_type == "good"),
        float(line.furniture),
        float(line.end_marker),
        float(line.heading),
        float(bool(HAS_STOP.search(t))),
        float(t.endswith(":")),
        sum(len(w) for w in words) / n / 10,
        float(t[:1].islower()),
        float(bool(_SEP.search(t))),
        float(bool(_TIME.search(t))),
        float(t[:1].isdigit()),
        float(bool(_WEB.search(t))),
        min(len(_SENT_END.findall(t)), 5) / 5,
    ]


_OWN_N = 26
_NEIGH = (0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 17)  # of _own, for the neighbours


def _distance(flags: list[bool]) -> list[int]:
    """Lines to the nearest flagged line (``_FAR`` if none)."""
    n = len(flags)
    out = [_FAR] * n
    last = None
    for i in range(n):
        if flags[i]:
            last = i
        if last is not None:
            out[i] = min(out[i], i - last)
    last = None
    for i in range(n - 1, -1, -1):
        if flags[i]:
            last = i
        if last is not None:
            out[i] = min(out[i], last - i)
    return out


def _window_share(flags: list[bool], w: int) -> list[float]:
    c = [0]
    for f in flags:
        c.append(c[-1] + bool(f))
    n = len(flags)
    return [(c[min(n, i + w + 1)] - c[max(0, i - w)]) / (min(n, i + w + 1) - max(0, i - w)) for i in range(n)]


# ---- optional extra columns (after the base ones; the file says which) ----
# "opening": a line's (and its neighbours') share of words found in the
# article's opening, the rules' first OPENING_LINES prose lines that they keep.
OPENING_LINES = 3
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d")


def _content_words(text: str, stops: frozenset[str]) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in stops and not w.isdigit()}


def opening_features(lines, stops: frozenset[str], keep: list[bool]) -> np.ndarray:
    """Per line: its share of content words found in the opening, the same
    for the lines before and after, and the mean over 3 lines either side."""
    n = len(lines)
    first = [i for i in range(n) if keep[i] and lines[i].cf_class == "good"][:OPENING_LINES]
    opening = set().union(*(_content_words(lines[i].text, stops) for i in first)) if first else set()
    share = np.zeros(n)
    for i, l in enumerate(lines):
        w = _content_words(l.text, stops)
        if w:
            share[i] = len(w & opening) / len(w)
    prev = np.concatenate([[0.0], share[:-1]])
    nxt = np.concatenate([share[1:], [0.0]])
    c = np.concatenate([[0.0], np.cumsum(share)])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - 3, 0), np.minimum(idx + 4, n)
    win = (c[hi] - c[lo]) / np.maximum(hi - lo, 1)
    return np.column_stack([share, prev, nxt, win]).reshape(n, 4)


def _word_buckets(word: str, mask: int, char: tuple[int, int] | None) -> tuple[int, ...]:
    """A word's buckets: the word itself and, where ``char`` is (lo, hi), its
    character n-grams of lo..hi characters with the word's edges marked
    ("<wort>"), each hashed (crc32) into ``mask + 1`` buckets."""
    out = [zlib.crc32(word.encode("utf-8")) & mask]
    if char:
        lo, hi = char
        w = "<" + word + ">"
        for n in range(lo, hi + 1):
            for k in range(len(w) - n + 1):
                out.append(zlib.crc32(("#" + w[k:k + n]).encode("utf-8")) & mask)
    return tuple(out)


def lex_buckets(text: str, bits: int, char: tuple[int, int] | None = None) -> list[int]:
    """The hashed tokens of a line (lower-cased words, digits as 0, and the
    first word marked; with ``char``, the words' character n-grams too),
    distinct, in a space of 2**bits."""
    words = _WORD.findall(_DIGITS.sub("0", text.lower()))
    mask = (1 << bits) - 1
    b = set()
    for w in words:
        b.update(_word_buckets(w, mask, char))
    if words:
        b.add(zlib.crc32(("^" + words[0]).encode("utf-8")) & mask)
    return sorted(b)


class Lexicon:
    """A logistic regression on a line's hashed tokens (binary, L2-normed)."""

    def __init__(self, data: dict):
        self.bits = int(data["bits"])
        self.b = float(data["b"])
        self.char = tuple(data["char"]) if data.get("char") else None
        self.windows = tuple(data.get("windows") or ())
        w = np.zeros(1 << self.bits)
        idx = np.asarray(data["index"], dtype=np.int64)
        w[idx] = np.asarray(data["weight"], dtype=float)
        self.w = w.tolist()
        self._bucket: dict[str, tuple[int, ...]] = {}

    def scores(self, texts: list[str]) -> np.ndarray:
        """Each line's score: b + the mean weight of its distinct buckets times
        sqrt(their count) (``lex_buckets``; a word's buckets are remembered)."""
        w, out, seen, mask, char = self.w, [], self._bucket, (1 << self.bits) - 1, self.char
        if len(seen) > 200_000:
            seen.clear()
        for t in texts:
            words = _WORD.findall(_DIGITS.sub("0", t.lower()))
            b = set()
            for tok in words:
                k = seen.get(tok)
                if k is None:
                    k = seen[tok] = _word_buckets(tok, mask, char)
                b.update(k)
            if words:
                b.add(zlib.crc32(("^" + words[0]).encode("utf-8")) & mask)
            out.append(self.b + (sum(w[k] for k in b) / math.sqrt(len(b)) if b else 0.0))
        return np.array(out)


def lex_columns(score: np.ndarray, windows=()) -> np.ndarray:
    """The line's lexicon score and those of the two lines either side (0 off
    the page); then, for each w of ``windows``, the mean score of the lines
    within w lines either side."""
    n = len(score)
    cols = [score]
    for off in (-2, -1, 1, 2):
        q = np.zeros(n)
        if off < 0:
            q[-off:] = score[:off]
        else:
            q[:-off] = score[off:]
        cols.append(q)
    if windows:
        c = np.concatenate([[0.0], np.cumsum(score)])
        idx = np.arange(n)
        for w in windows:
            lo, hi = np.maximum(idx - w, 0), np.minimum(idx + w + 1, n)
            cols.append((c[hi] - c[lo]) / np.maximum(hi - lo, 1))
    return np.column_stack(cols).reshape(n, 5 + len(windows))


class Extras:
    """Which extra columns follow the base features."""

    def __init__(self, opening: bool = False, lexicon: Lexicon | None = None):
        self.opening, self.lexicon = opening, lexicon


def features(lines, stops: frozenset[str], keep: list[bool], inside: list[bool], tail: list[bool], extras: Extras | None = None) -> np.ndarray:
    """One row of features per line (``clean._Line`` after the context rules)."""
    x = base_features(lines, stops, keep, inside, tail)
    if extras is None:
        return x
    cols = [x]
    if extras.opening:
        cols.append(opening_features(lines, stops, keep))
    if extras.lexicon is not None:
        cols.append(lex_columns(extras.lexicon.scores([l.text for l in lines]), extras.lexicon.windows))
    return np.hstack(cols)


def base_features(lines, stops: frozenset[str], keep: list[bool], inside: list[bool], tail: list[bool]) -> np.ndarray:
    counts = Counter(l.text for l in lines)
    n = len(lines)
    own = [_own(l, stops, counts[l.text]) + [float(keep[i]), float(inside[i]), float(tail[i])] for i, l in enumerate(lines)]
    good = [l.cf_class == "good" for l in lines]
    kept = [i for i in range(n) if keep[i]]
    first_k, last_k = (kept[0], kept[-1]) if kept else (n, -1)
    page = [math.log1p(n), sum(good) / max(n, 1), len(kept) / max(n, 1)]
    med_len = float(np.median([o[0] for o in own])) if own else 0.0
    med_den = float(np.median([o[2] for o in own])) if own else 0.0
    dist_good, dist_kept = _distance(good), _distance(list(keep))
    windows = [(_window_share(good, w), _window_share(list(keep), w)) for w in (3, 6)]
    blank = [0.0] * (len(_NEIGH) + 2) + [1.0]
    rows = []
    for i in range(n):
        row = list(own[i])
        row += [i / max(n - 1, 1), float(i < first_k), float(i > last_k), math.log1p(i), math.log1p(n - 1 - i)]
        row += [min(dist_good[i], _FAR) / _FAR, min(dist_kept[i], _FAR) / _FAR]
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                o = own[j]
                row += [o[k] for k in _NEIGH] + [o[_OWN_N], o[_OWN_N + 1], 0.0]
            else:
                row += blank
        row += page
        # relative to the page: length and density against the page's median
        row += [own[i][0] - med_len, own[i][2] - med_den]
        # wider context: share of prose / kept lines within 3 and 6 lines
        for g, k in windows:
            row += [g[i], k[i]]
        rows.append(row)
    return np.array(rows, dtype=float).reshape(n, -1)


def dump(*models) -> dict:
    """Fitted binary ``GradientBoostingClassifier``s as plain data: one model,
    or several (trained with different subsampling seeds) whose raw scores are
    averaged, which steadies the decision on lines near the threshold."""
    trees = []
    for model in models:
        for est in model.estimators_[:, 0]:
            t = est.tree_
            trees.append({
                "feature": t.feature.tolist(),
                "threshold": t.threshold.tolist(),
                "left": t.children_left.tolist(),
                "right": t.children_right.tolist(),
                "value": (t.value[:, 0, 0] * model.learning_rate / len(models)).tolist(),
            })
    n_features = {int(m.n_features_in_) for m in models}
    if len(n_features) != 1:
        raise ValueError("the models were trained on different features")
    (n,) = n_features
    init = float(np.mean([m._raw_predict_init(np.zeros((1, n)))[0, 0] for m in models]))
    kind = "gradient boosted trees, binary log-loss" + (f", mean of {len(models)} models' raw scores" if len(models) > 1 else "")
    return {"kind": kind, "n_features": n, "init": init, "trees": trees}


class Trees:
    """Gradient-boosted trees read from their JSON dump, laid out as one flat
    array per field over all the trees' nodes, so that every tree takes its
    step down at once: a page's lines go through all the trees in as many
    numpy steps as the deepest tree is deep, not one Python loop per tree.
    A leaf points to itself (feature 0, threshold +inf, both children
    itself), so extra steps leave it where it is."""

    def __init__(self, data: dict):
        self.n_features = data["n_features"]
        self.init = data["init"]
        trees = data["trees"]
        sizes = [len(t["feature"]) for t in trees]
        self.roots = np.cumsum([0] + sizes[:-1]).astype(np.int64)
        feature = np.concatenate([t["feature"] for t in trees]).astype(np.int64)
        leaf = feature < 0
        own = np.arange(len(feature), dtype=np.int64)
        left = np.concatenate([np.asarray(t["left"], np.int64) + r for t, r in zip(trees, self.roots)])
        right = np.concatenate([np.asarray(t["right"], np.int64) + r for t, r in zip(trees, self.roots)])
        self.feature = np.where(leaf, 0, feature)
        self.threshold = np.where(leaf, np.inf, np.concatenate([t["threshold"] for t in trees]))
        self.left = np.where(leaf, own, left)
        self.right = np.where(leaf, own, right)
        self.value = np.concatenate([t["value"] for t in trees])
        self.depth = max(_depth(t["left"], t["right"]) for t in trees)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """P(article text) per row; splits compare float32 features, as scikit-learn's trees do."""
        x = np.asarray(x, dtype=np.float32)
        if x.shape[1] != self.n_features:
            raise ValueError(f"expected {self.n_features} features, got {x.shape[1]}")
        flat = x.ravel()
        row_start = (np.arange(len(x), dtype=np.int64) * self.n_features)[:, None]
        node = np.broadcast_to(self.roots, (len(x), len(self.roots)))
        for _ in range(self.depth):
            value = flat[row_start + self.feature[node]]
            node = np.where(value <= self.threshold[node], self.left[node], self.right[node])
        raw = self.init + self.value[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


def _depth(left: list[int], right: list[int]) -> int:
    """Splits on the longest path from the root (0 for a lone leaf)."""
    deepest, stack = 0, [(0, 0)]
    while stack:
        k, d = stack.pop()
        if left[k] < 0:
            deepest = max(deepest, d)
        else:
            stack += [(left[k], d + 1), (right[k], d + 1)]
    return deepest


# Indices into ``features``' rows (see ``_own``; the rules' keep follows
# the _OWN_N own features).
_GOOD, _SHORT, _BAD, _HEADING, _COLON, _RULES_KEEP = 8, 10, 11, 15, 17, _OWN_N
_CLASS_COLUMNS = slice(8, 12)
PAIR_FEATURES = (
    "bias", "good", "previous good", "short or bad", "previous short or bad", "heading",
    "previous heading", "previous ends with ':'", "rules keep", "previous rules keep",
    "same class as previous", "rules keep both",
)
# A line's logit(tree probability) is taken with the probability clipped to
# [CRF_CLIP, 1 - CRF_CLIP], as the CRF was trained (bench.train_lines).
CRF_CLIP = 1e-6


def pair_features(x: np.ndarray) -> np.ndarray:
    """Per line i, the features of the pair (line i - 1, line i) that score
    the transition into line i (``PAIR_FEATURES``; the first line's
    "previous" values are 0, and its transition is not used).  ``x``: the
    rows of ``features``."""
    n = len(x)
    prev = lambda v: np.concatenate([[0.0], v[:-1]])
    good = x[:, _GOOD]
    short = x[:, _SHORT] + x[:, _BAD]
    head = x[:, _HEADING]
    colon = x[:, _COLON]
    keep = x[:, _RULES_KEEP]
    cls = x[:, _CLASS_COLUMNS].argmax(1)
    same = np.concatenate([[0.0], (cls[1:] == cls[:-1]).astype(float)])
    return np.column_stack([
        np.ones(n), good, prev(good), short, prev(short), head, prev(head), prev(colon),
        keep, prev(keep), same, keep * prev(keep),
    ]).reshape(n, len(PAIR_FEATURES))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), CRF_CLIP, 1 - CRF_CLIP)
    return np.log(p / (1 - p))


def _logaddexp(a: float, b: float) -> float:
    return a + math.log1p(math.exp(b - a)) if a >= b else b + math.log1p(math.exp(a - b))


def chain_marginals(keep_score: np.ndarray, transition: np.ndarray) -> np.ndarray:
    """P(keep) per line of a two-state chain (0 drop, 1 keep) whose path
    score is the sum of ``keep_score[i]`` over kept lines plus
    ``transition[i, a, b]`` for line i - 1 in state a and line i in state b
    (i >= 1; ``transition[0]`` is not used): forward-backward in log space,
    a plain loop over the lines on Python floats (a 2x2 step is cheaper so
    than as numpy calls; a page of 5,000 lines takes about 10 ms)."""
    s = np.asarray(keep_score, dtype=float).tolist()
    n = len(s)
    if n == 0:
        return np.zeros(0)
    t = np.asarray(transition, dtype=float).reshape(n, 4).tolist()  # t00, t01, t10, t11
    lse = _logaddexp
    f0, f1 = [0.0] * n, [0.0] * n  # forward: log-sum of the paths up to line i ending in 0 / 1
    f0[0], f1[0] = 0.0, s[0]
    for i in range(1, n):
        a, b = f0[i - 1], f1[i - 1]
        t00, t01, t10, t11 = t[i]
        f0[i] = lse(a + t00, b + t10)
        f1[i] = lse(a + t01, b + t11) + s[i]
    g0, g1 = [0.0] * n, [0.0] * n  # backward: log-sum of the paths after line i, given its state
    for i in range(n - 2, -1, -1):
        t00, t01, t10, t11 = t[i + 1]
        c0, c1 = g0[i + 1], g1[i + 1] + s[i + 1]
        g0[i] = lse(t00 + c0, t01 + c1)
        g1[i] = lse(t10 + c0, t11 + c1)
    log_z = lse(f0[-1], f1[-1])
    return np.array([math.exp(min(0.0, f1[i] + g1[i] - log_z)) for i in range(n)])


class Chain:
    """The CRF over a page's lines, from its JSON (``"crf"``: ``w``, ``b``
    and ``W``, len(PAIR_FEATURES) x 2 x 2 transition weights)."""

    def __init__(self, data: dict):
        self.w = float(data["w"])
        self.b = float(data["b"])
        self.W = np.asarray(data["W"], dtype=float)
        if self.W.shape != (len(PAIR_FEATURES), 2, 2):
            raise ValueError(f"expected {len(PAIR_FEATURES)}x2x2 transition weights, got {self.W.shape}")

    def marginals(self, x: np.ndarray, p: np.ndarray) -> np.ndarray:
        """P(keep) per line, from the rows of ``features`` and the trees' probabilities."""
        transition = np.einsum("nk,kab->nab", pair_features(x), self.W)
        return chain_marginals(self.w * logit(p) + self.b, transition)


class LineModel:
    """The stored model: the trees, and the CRF over them where the file has one."""

    def __init__(self, data: dict):
        self.trees = Trees(data)
        self.crf = Chain(data["crf"]) if data.get("crf") else None
        lex = data.get("lexicon")
        self.extras = Extras(bool(data.get("opening")), Lexicon(lex) if lex else None)

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """P(article text) per line of one page (in order): the CRF's keep
        marginal, or the trees' probability where there is no CRF."""
        p = self.trees.predict_proba(x)
        return p if self.crf is None else self.crf.marginals(x, p)


@lru_cache(maxsize=1)
def load(path: str | None = None) -> LineModel | None:
    """The stored model, or None where its file is missing."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    with open(p, encoding="utf-8") as fh:
        return LineModel(json.load(fh))
