"""python -m bench.train_lines [--models gb,lr0.1] [--modes veto] [--thresholds 0.5] | --shipped-path [--folds 5] [--trees-only] | --save [--trees-only]

The learned line classifier of saved-as-text pages (``summarize.linemodel``,
used by ``summarize.clean``): lines of textpages dev that hold a ``with``
snippet are article text (1), a ``without`` snippet boilerplate (0), the
others are not trained on.  Without options: trains each model on the even
pages and scores the cleaner on the odd ones with the real scorer
(bench.textpages), and the other way round, next to the rules alone (modes:
replace = the model alone; veto = the model, but never furniture, end
markers or a page's tail, as shipped; inside, flip, avg: see model_decide).
``--shipped-path``: the same for the shipped model, through clean_text
itself (LINE_MODEL_THRESHOLD, LINE_MODEL_MIN_LINES), trained per fold and
read back from its JSON.  ``--save`` trains the shipped model (five ``gb``
seeds averaged, veto mode, and the CRF over the page's lines on top: see
CRF_L2) on all pages and writes summarize/lines_model.json.
``--trees-only``: the same without the CRF (the model before it).
``--no-opening``, ``--lex-bits 0``: without the opening-overlap columns or
the hashed bag-of-words model under the trees (see OPENING, LEX_BITS);
``--seed-base 5``: the second set of tree seeds; ``--held-thresholds
0.4,0.45,0.5``: with --shipped-path, the held-out figures at each keep
threshold (one training per fold).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time

import numpy as np

import summarize.clean as C
from bench.textpages import load, prf, score
from summarize.linemodel import Extras, Lexicon, dump, features, lex_buckets, lex_columns


_norm = lambda s: " ".join(s.split())


def label(lines, page) -> list[int | None]:
    w = [_norm(s) for s in page["with"]]
    wo = [_norm(s) for s in page["without"]]
    out = []
    for l in lines:
        t = l.text
        pos = any(s in t for s in w)
        neg = any(s in t for s in wo)
        out.append(1 if pos and not neg else 0 if neg and not pos else None)
    return out


@contextlib.contextmanager
def deciding(decide):
    """clean_text with ``decide(lines, stops, keep, inside, tail) -> keep``
    choosing a saved page's lines instead of the shipped choice (keep and
    inside: the rules' decision and main region; tail: the end-of-page tail)."""

    def patched(lines, stops):
        tail = C._tail(lines)
        keep, inside = C._rule_keep(lines, tail)
        return decide(lines, stops, keep, inside, tail)

    orig = C._saved_page_keep
    C._saved_page_keep = patched
    try:
        yield
    finally:
        C._saved_page_keep = orig


def collect(pages):
    """Per page: (features, labels) of the saved-page lines (None for article text)."""
    out = []
    captured = {}

    def grab(lines, stops, keep, inside, tail):
        captured["x"] = features(lines, stops, keep, inside, tail, Extras(opening=OPENING))
        captured["lines"] = lines
        return keep

    with deciding(grab):
        for p in pages:
            captured.clear()
            C.clean_text(p["text"])
            if "x" in captured:
                out.append((captured["x"], label(captured["lines"], p), [l.text for l in captured["lines"]]))
            else:
                out.append(None)
    return out


def stack(data, idx):
    xs, ys = [], []
    for i in idx:
        if data[i] is None:
            continue
        x, y = data[i][:2]
        m = [k for k, v in enumerate(y) if v is not None]
        if m:
            xs.append(x[m])
            ys.append(np.array([y[k] for k in m]))
    return np.vstack(xs), np.concatenate(ys)


def evaluate(pages, idx, decide):
    """Score clean_text with ``decide`` (see ``deciding``) on pages idx."""
    with deciding(decide):
        return score_pages(pages, idx)


def score_pages(pages, idx) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and empty outputs of clean_text on pages idx."""
    tp, fn, fp, empty = _counts(pages, idx)
    return (*prf(tp, fn, fp), empty)


def make_model(kind):
    from sklearn.ensemble import GradientBoostingClassifier, HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind.startswith("lr"):
        c = float(kind[2:] or 1.0)
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000))
    if kind == "hgbs":
        return HistGradientBoostingClassifier(max_iter=150, max_depth=3, learning_rate=0.05, min_samples_leaf=40, l2_regularization=1.0, random_state=0)
    if kind == "gbd":  # deterministic: no subsampling
        return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, random_state=0)
    if kind == "gbslow":
        return GradientBoostingClassifier(n_estimators=300, max_depth=3, learning_rate=0.05, subsample=0.8, random_state=0)
    if kind.startswith("gb"):
        seed = int(kind[2:] or 0)
        return GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, subsample=0.8, random_state=seed)
    if kind == "hgb":
        return HistGradientBoostingClassifier(max_iter=200, max_depth=4, learning_rate=0.08, random_state=0)
    raise ValueError(kind)


def model_decide(model, threshold, mode):
    def decide(lines, stops, keep, inside, tail):
        x = features(lines, stops, keep, inside, tail, Extras(opening=OPENING))  # no lexicon on this path
        p = model.predict_proba(x)[:, 1]
        if mode == "replace":
            return [bool(v >= threshold) for v in p]
        if mode == "veto":  # furniture, end markers and the page's tail stay out
            return [bool(v >= threshold) and not (lines[i].furniture or lines[i].end_marker or tail[i]) for i, v in enumerate(p)]
        if mode == "avg":  # the model's probability averaged with the rules' decision
            return [bool((v + keep[i]) / 2 >= threshold) for i, v in enumerate(p)]
        if mode == "inside":  # only within the main region
            return [bool(v >= threshold) and inside[i] for i, v in enumerate(p)]
        if mode == "flip":  # rules, overridden only where the model is sure
            return [bool(v >= threshold) if (v >= threshold + 0.2 or v < threshold - 0.2) else keep[i] for i, v in enumerate(p)]
        raise ValueError(mode)
    return decide


def augment(x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Stage two's features: the line's own and its neighbours' stage-one probabilities."""
    n = len(p)
    cols = [p]
    for off in (-3, -2, -1, 1, 2, 3):
        q = np.full(n, 0.0)
        if off < 0:
            q[-off:] = p[:off]
        else:
            q[:-off] = p[off:]
        cols.append(q)
    for w in (2, 5):
        c = np.concatenate([[0.0], np.cumsum(p)])
        lo = np.maximum(np.arange(n) - w, 0)
        hi = np.minimum(np.arange(n) + w + 1, n)
        cols.append((c[hi] - c[lo]) / (hi - lo))
    return np.hstack([x, np.column_stack(cols)])


class Stacked:
    """Stage one on the line's features; stage two adds the neighbours' stage-one output."""

    def __init__(self, kind1, kind2):
        self.kind1, self.kind2 = kind1, kind2

    def fit_pages(self, data, idx):
        folds = [idx[0::2], idx[1::2]]
        xs, ys = [], []
        for a, b in ((0, 1), (1, 0)):
            x, y = stack(data, folds[a])
            m = make_model(self.kind1).fit(x, y)
            for i in folds[b]:
                if data[i] is None:
                    continue
                xi, yi = data[i][:2]
                mask = [k for k, v in enumerate(yi) if v is not None]
                if not mask:
                    continue
                x2 = augment(xi, m.predict_proba(xi)[:, 1])
                xs.append(x2[mask]); ys.append(np.array([yi[k] for k in mask]))
        x, y = stack(data, idx)
        self.m1 = make_model(self.kind1).fit(x, y)
        self.m2 = make_model(self.kind2).fit(np.vstack(xs), np.concatenate(ys))
        return self

    def predict_proba(self, x):
        return self.m2.predict_proba(augment(x, self.m1.predict_proba(x)[:, 1]))


SHIPPED = "gb"  # see make_model
# The shipped model averages this many of them (seeds 0..n-1 of their
# subsampling).  One model's decision on a line near the threshold moves
# with the seed (a German "Das könnte Sie auch interessieren" under a
# story: 0.27 to 0.58 over five seeds); the average does not, for the same
# held-out F1 (textpages dev, 5 folds: 0.886 one model, 0.887 five).
SHIPPED_SEEDS = 5


# The trees' extra columns (the command line can turn them off):
# OPENING: a line's and its neighbours' share of words found in the article's
# opening (linemodel.opening_features); LEX_BITS: a hashed bag-of-words
# logistic regression of the line (2**LEX_BITS weights, C = LEX_C; 0 for
# none), stacked under the trees: the training pages' scores come from
# lexicons that did not see the page (with_lexicon), as the CRF's
# probabilities do.  Calibrated on textpages dev, 5 folds held out through
# clean_text, two sets of tree seeds (0-4, 5-9), at threshold 0.45 / 0.5:
# without them F1 0.892 / 0.893 and 0.892 / 0.893; with both 0.900 / 0.897
# and 0.897 / 0.899, recall at 0.45 0.903 and 0.899.
OPENING = True
LEX_BITS = 14
LEX_C = 3.0
# LEX_CHAR: (lo, hi), the lexicon also hashes its words' character n-grams of
# lo..hi characters ("<wort>"; None: words only).  Words only, 2**12, C 1 (the
# model before): the lexicon alone, 5 folds out of fold, AUC 0.886 on the
# labelled lines; 2**16 words only 0.883; n-grams 3-5 in 2**14 0.906 (C 0.3
# 0.896, C 3 0.908, C 10 0.905), 2**15 0.906, 2**16 0.903, 2-4 0.898, 3-6
# 0.909.  Through clean_text, 5 folds, three tree seed sets, at 0.45: F1
# 0.900 / 0.897 / 0.899 -> 0.9025 / 0.9012 / 0.9039 (bench/README.md).
LEX_CHAR = (3, 5)
LEX_WINDOWS = ()  # the mean lexicon score within w lines either side, for each w (not measured)
# Experiment knobs: SEED_BASE: the trees' subsampling seeds are SEED_BASE ..
# SEED_BASE + SHIPPED_SEEDS - 1 (and the CRF's out-of-fold trees use
# SEED_BASE; --seed-base 5 is the second seed set).  (The CRF's keep score
# also from a few of the line's features, --crf-emit, was tried at b6f38e2:
# no gain beyond noise; see bench/README.md.)
SEED_BASE = 0


def fit_shipped(x, y) -> dict:
    """The shipped trees, as the plain data of summarize/lines_model.json."""
    return dump(*(make_model(f"{SHIPPED}{seed}").fit(x, y) for seed in range(SEED_BASE, SEED_BASE + SHIPPED_SEEDS)))


def fit_lexicon(data, idx) -> dict:
    """The hashed bag-of-words logistic regression on the labelled lines of pages idx."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows, cols, vals, ys = [], [], [], []
    for i in idx:
        if data[i] is None:
            continue
        _, y, texts = data[i]
        for t, v in zip(texts, y):
            if v is None:
                continue
            b = lex_buckets(t, LEX_BITS, LEX_CHAR)
            r = len(ys)
            ys.append(v)
            rows += [r] * len(b)
            cols += b
            vals += [1 / np.sqrt(len(b))] * len(b)
    x = csr_matrix((vals, (rows, cols)), shape=(len(ys), 1 << LEX_BITS))
    m = LogisticRegression(C=LEX_C, max_iter=3000).fit(x, np.array(ys))
    w = m.coef_[0]
    nz = np.flatnonzero(np.abs(w) >= 5e-5)
    out = {"bits": LEX_BITS, "b": float(m.intercept_[0]), "index": nz.tolist(), "weight": np.round(w[nz], 4).tolist()}
    if LEX_CHAR:
        out["char"] = list(LEX_CHAR)
    if LEX_WINDOWS:
        out["windows"] = list(LEX_WINDOWS)
    return out


def with_lexicon(data, idx) -> list:
    """data with the lexicon columns added to pages idx, each page's scores
    from a lexicon trained on the other parts of idx (by page number modulo
    CRF_INNER_FOLDS), as stacking asks."""
    out = list(data)
    for g in sorted({i % CRF_INNER_FOLDS for i in idx}):
        rest = [i for i in idx if i % CRF_INNER_FOLDS != g]
        lexicon = Lexicon(fit_lexicon(data, rest))
        for i in idx:
            if i % CRF_INNER_FOLDS == g and data[i] is not None:
                x, y, texts = data[i]
                out[i] = (np.hstack([x, lex_columns(lexicon.scores(texts), lexicon.windows)]), y, texts)
    return out


# ---- the CRF over a saved page's lines (summarize.linemodel.Chain) ----
# Two states per line; a line's keep score is w * logit(tree probability) + b,
# the transition into line i pair_features(x)[i] @ W (W: pairs x 2 x 2).
# Trained on the labelled lines only, the unlabelled ones marginalised (a
# transition "skips" them), by L-BFGS on the mean log-likelihood per
# labelled line plus these L2 penalties (over the same count), b free.
# Calibrated on textpages dev, 5 folds held out through clean_text, against
# the trees' probability alone (F1 0.886): one constant 2x2 transition,
# F1 0.888-0.889; transitions from the pair features with CRF_L2_TRANSITIONS
# 0.1, 0.891-0.892; with 1.0, 0.893 over two sets of tree seeds, 4 folds
# of 5 up.  Lines are decided by their marginal at LINE_MODEL_THRESHOLD.
CRF_L2 = 0.01
CRF_L2_TRANSITIONS = 1.0
CRF_ITERATIONS = 30  # of L-BFGS (strong Wolfe line search), from zeros
# The training pages' tree probabilities come from trees that did not see
# the page (on a page they were trained on the trees are surer than on a new
# one, and the CRF would learn to trust them too much): the training pages
# are split by page number modulo CRF_INNER_FOLDS, and each part's
# probabilities come from one model of the shipped kind (seed 0) trained on
# the other parts.  With --shipped-path --folds 5 these are the other outer
# folds, as in the experiment that calibrated the CRF.
CRF_INNER_FOLDS = 5
_NEG = -1e4  # log-score of a state a labelled line cannot take


def _log_z(em, trans):
    """log Z of one chain: em (T, 2) state scores, trans (T, 2, 2) the
    transition into line i (trans[0] unused; the chain starts in state 0's
    row).  A parallel (log-depth) scan of 2x2 log-semiring matrices."""
    import torch

    dt = em.dtype
    m = trans + em[:, None, :]  # m_i[a, b] = T_i(a, b) + e_i(b)
    first = torch.stack([em[0], torch.full((2,), _NEG, dtype=dt)])
    m = torch.cat([first[None], m[1:]])
    eye = torch.tensor([[0.0, _NEG], [_NEG, 0.0]], dtype=dt)
    size = 1
    while size < len(m):
        size *= 2
    if size > len(m):
        m = torch.cat([m, eye.expand(size - len(m), 2, 2)])
    r = [[m[:, a, b] for b in (0, 1)] for a in (0, 1)]
    while r[0][0].shape[0] > 1:
        x = [[v[0::2] for v in row] for row in r]
        y = [[v[1::2] for v in row] for row in r]
        r = [[torch.logaddexp(x[a][0] + y[0][c], x[a][1] + y[1][c]) for c in (0, 1)] for a in (0, 1)]
    return torch.logaddexp(r[0][0][0], r[0][1][0])


def fit_crf(items) -> dict:
    """The CRF's weights (the ``"crf"`` of lines_model.json) from pages given
    as (tree probabilities, features, labels: 1, 0 or None) per line."""
    import torch

    from summarize.linemodel import PAIR_FEATURES, logit, pair_features

    torch.set_num_threads(2)
    dt = torch.float64
    u = np.concatenate([logit(p) for p, _, _ in items])
    pairs = []
    for _, x, _ in items:
        f = pair_features(x)
        f[0] = 0.0  # a page's first line: no transition from the page before
        pairs.append(f)
    u, pf = torch.tensor(u, dtype=dt), torch.tensor(np.vstack(pairs), dtype=dt)
    y = torch.tensor(np.concatenate([[-1 if v is None else v for v in yy] for _, _, yy in items]))
    clamp = torch.stack([torch.where(y == 1, _NEG, 0.0), torch.where(y == 0, _NEG, 0.0)], -1).to(dt)
    n_labelled = int((y >= 0).sum())
    w = torch.zeros(1, dtype=dt, requires_grad=True)
    b = torch.zeros(1, dtype=dt, requires_grad=True)
    W = torch.zeros(len(PAIR_FEATURES), 2, 2, dtype=dt, requires_grad=True)
    opt = torch.optim.LBFGS([w, b, W], max_iter=CRF_ITERATIONS, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        s = u * w + b
        em = torch.stack([torch.zeros_like(s), s], -1)
        trans = torch.einsum("nk,kab->nab", pf, W)
        ll = _log_z(em + clamp, trans) - _log_z(em, trans)
        loss = (-ll + CRF_L2 * (w ** 2).sum() + CRF_L2_TRANSITIONS * (W ** 2).sum()) / n_labelled
        loss.backward()
        return loss

    opt.step(closure)
    kind = (f"linear-chain CRF over a page's lines, keep score w * logit(tree probability) + b, "
            f"transitions pair_features @ W ({', '.join(PAIR_FEATURES)})")
    return {"kind": kind, "w": w.item(), "b": b.item(), "W": W.detach().tolist()}


def out_of_fold_probabilities(data, idx) -> dict[int, np.ndarray]:
    """Tree probabilities for pages idx from models that did not see them (see CRF_INNER_FOLDS)."""
    out = {}
    for g in sorted({i % CRF_INNER_FOLDS for i in idx}):
        rest = [i for i in idx if i % CRF_INNER_FOLDS != g]
        model = make_model(f"{SHIPPED}{SEED_BASE}").fit(*stack(data, rest))
        for i in idx:
            if i % CRF_INNER_FOLDS == g and data[i] is not None:
                out[i] = model.predict_proba(data[i][0])[:, 1]
    return out


def fit_shipped_model(data, idx, crf: bool = True) -> dict:
    """The shipped model trained on pages idx (``collect``'s data): the trees
    (``fit_shipped``) and, unless crf is False, the CRF over them."""
    lexicon = None
    if LEX_BITS:
        lexicon = fit_lexicon(data, idx)
        data = with_lexicon(data, idx)
    dumped = fit_shipped(*stack(data, idx))
    if OPENING:
        dumped["opening"] = True
    if lexicon:
        dumped["lexicon"] = lexicon
    if crf:
        p = out_of_fold_probabilities(data, idx)
        items = [(p[i], data[i][0], data[i][1]) for i in idx
                 if data[i] is not None and len(data[i][1]) >= C.LINE_MODEL_MIN_LINES]
        dumped["crf"] = fit_crf(items)
    return dumped


def save(pages, crf: bool = True) -> int:
    import json

    data = collect(pages)
    dumped = fit_shipped_model(data, list(range(len(pages))), crf)
    from summarize.linemodel import MODEL_PATH
    with open(MODEL_PATH, "w", encoding="utf-8") as fh:
        json.dump(dumped, fh, separators=(",", ":"))
        fh.write("\n")
    _, y = stack(data, list(range(len(pages))))
    print(f"{len(y)} lines ({int(y.sum())} text) of {len(pages)} pages -> {MODEL_PATH}")
    if crf:
        print("crf: w %.4f b %.4f" % (dumped["crf"]["w"], dumped["crf"]["b"]))
    return 0


def shipped_path(pages, folds: int = 2, crf: bool = True, thresholds=(C.LINE_MODEL_THRESHOLD,)) -> int:
    """Held-out figures through the shipped code: the model (trees and CRF)
    trained on the other folds, dumped to JSON, read back by
    summarize.linemodel and applied by clean_text itself
    (LINE_MODEL_THRESHOLD, vetoes), scored on one fold.  Two folds are the
    even and odd pages; with more, page i is in fold i % folds, and the
    pooled figure is closer to the shipped model's (each fold's model sees
    (folds - 1) / folds of the pages)."""
    import json

    import summarize.linemodel as L

    data = collect(pages)
    orig, orig_t = L.load, C.LINE_MODEL_THRESHOLD
    pooled = {t: [0, 0, 0, 0] for t in thresholds}
    news = {t: [0, 0, 0, 0] for t in thresholds}
    bare = {t: [0, 0, 0, 0] for t in thresholds}
    size = 0
    try:
        for f in range(folds):
            test = [i for i in range(len(pages)) if i % folds == f]
            train = [i for i in range(len(pages)) if i % folds != f]
            text = json.dumps(fit_shipped_model(data, train, crf))
            size = max(size, len(text))
            model = L.LineModel(json.loads(text))
            L.load = lambda path=None: model
            name = ("odd->even", "even->odd")[f] if folds == 2 else f"fold {f + 1} of {folds}"
            for t in thresholds:
                C.LINE_MODEL_THRESHOLD = t
                tp, fn, fp, empty = _counts(pages, test)
                pooled[t] = [a + b for a, b in zip(pooled[t], (tp, fn, fp, empty))]
                news[t] = [a + b for a, b in zip(news[t], _counts(pages, [i for i in test if pages[i].get("news")]))]
                if C.EMPTY_PAGE_FALLBACK:  # the same without it
                    C.EMPTY_PAGE_FALLBACK = False
                    try:
                        bare[t] = [a + b for a, b in zip(bare[t], _counts(pages, test))]
                    finally:
                        C.EMPTY_PAGE_FALLBACK = True
                print(f"{name} through clean_text, threshold {t}: P %.3f R %.3f F1 %.3f empty %d" % (*prf(tp, fn, fp), empty), flush=True)
    finally:
        L.load, C.LINE_MODEL_THRESHOLD = orig, orig_t
    print(f"model JSON, largest fold: {size} characters")
    if folds > 2:
        for t in thresholds:
            print(f"pooled over {folds} folds, threshold {t}: P %.4f R %.4f F1 %.4f empty %d" % (*prf(*pooled[t][:3]), pooled[t][3]))
            if C.EMPTY_PAGE_FALLBACK:
                print("  without the empty-page fallback: P %.4f R %.4f F1 %.4f empty %d" % (*prf(*bare[t][:3]), bare[t][3]))
            print(f"English news pages ({sum(bool(p.get('news')) for p in pages)}), pooled, threshold {t}: P %.3f R %.3f F1 %.3f empty %d"
                  % (*prf(*news[t][:3]), news[t][3]))
    return 0


def _counts(pages, idx) -> tuple[int, int, int, int]:
    tp = fn = fp = empty = 0
    for i in idx:
        out = C.clean_text(pages[i]["text"]).text
        a, b, c, _ = score(pages[i], out)
        tp, fn, fp = tp + a, fn + b, fp + c
        empty += not out.strip()
    return tp, fn, fp, empty


def main(argv=None):
    global SEED_BASE, OPENING, LEX_BITS, LEX_C, LEX_CHAR, LEX_WINDOWS
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", default="lr,gb")
    ap.add_argument("--modes", default="replace")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6")
    ap.add_argument("--shipped-path", action="store_true", help="cross-half check through clean_text itself with the dumped trees")
    ap.add_argument("--folds", type=int, default=2, help="with --shipped-path: page i is held out in fold i %% FOLDS (2: the even and odd halves)")
    ap.add_argument("--save", action="store_true", help="train on all pages and write summarize/lines_model.json")
    ap.add_argument("--trees-only", action="store_true", help="with --save or --shipped-path: the trees without the CRF over them")
    ap.add_argument("--seed-base", type=int, default=0, help="the trees' seeds start here (a second seed set: 5)")
    ap.add_argument("--no-opening", action="store_true", help="without the opening-overlap columns")
    ap.add_argument("--lex-bits", type=int, default=LEX_BITS, help="the hashed bag-of-words model stacked under the trees: 2**N buckets (0: none)")
    ap.add_argument("--lex-c", type=float, default=LEX_C)
    ap.add_argument("--lex-char", default=None, help="LO,HI: the lexicon also hashes the words' character n-grams of LO..HI characters (0: words only)")
    ap.add_argument("--lex-windows", default=None, help="W,...: also the mean lexicon score within W lines either side")
    ap.add_argument("--held-thresholds", default=None, help="with --shipped-path: score at each of these keep thresholds")
    args = ap.parse_args(argv)
    SEED_BASE, OPENING, LEX_BITS, LEX_C = args.seed_base, not args.no_opening, args.lex_bits, args.lex_c
    if args.lex_windows:
        LEX_WINDOWS = tuple(int(v) for v in args.lex_windows.split(","))
    if args.lex_char:
        LEX_CHAR = tuple(int(v) for v in args.lex_char.split(",")) if args.lex_char != "0" else None
    pages = load()
    if args.save:
        return save(pages, not args.trees_only)
    if args.shipped_path:
        th = tuple(map(float, args.held_thresholds.split(","))) if args.held_thresholds else (C.LINE_MODEL_THRESHOLD,)
        return shipped_path(pages, args.folds, not args.trees_only, th)
    t = time.time()
    data = collect(pages)
    print(f"collected in {time.time() - t:.0f}s", file=sys.stderr)
    even, odd = list(range(0, len(pages), 2)), list(range(1, len(pages), 2))
    rule = lambda lines, stops, keep, inside, tail: keep
    for name, idx in (("even", even), ("odd", odd)):
        print(f"rules on {name}: P %.3f R %.3f F1 %.3f empty %d" % evaluate(pages, idx, rule))
    for kind in args.models.split(","):
        for train, test, name in ((even, odd, "even->odd"), (odd, even, "odd->even")):
            if "+" in kind:
                m = Stacked(*kind.split("+")).fit_pages(data, train)
            else:
                x, y = stack(data, train)
                m = make_model(kind).fit(x, y)
            for mode in args.modes.split(","):
                for th in map(float, args.thresholds.split(",")):
                    r = evaluate(pages, test, model_decide(m, th, mode))
                    print(f"{kind} {mode} t={th} {name}: P %.3f R %.3f F1 %.3f empty %d" % r, flush=True)


def oracle(pages):
    """Upper bound: labelled lines as labelled, the rest as the rules say."""
    def decide_for(p):
        def d(lines, stops, keep, inside, tail):
            y = label(lines, p)
            return [bool(v) if v is not None else keep[i] for i, v in enumerate(y)]
        return d
    for name, idx in (("even", range(0, len(pages), 2)), ("odd", range(1, len(pages), 2))):
        tot = [0, 0, 0]
        for i in idx:
            with deciding(decide_for(pages[i])):
                tot = [a + b for a, b in zip(tot, _counts(pages, [i]))]
        print(name, "oracle P %.3f R %.3f F1 %.3f" % prf(*tot))


if __name__ == "__main__":
    main()
