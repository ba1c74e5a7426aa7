"""python -m bench.focus_learn dump | fit | eval ...

Experiment (issue 12, branch wip-focus12, not to merge): a learned sentence
scorer for --focus.  ``dump`` writes, for every duc2007-focus dev topic, the
features the ranker computes for each candidate sentence (rank.X_DUMP) and
each sentence's reference bigram hits; ``fit`` fits a linear model on the
TUNE (even) topics only; ``eval`` scores the summariser with the learned
scorer in place of the hand weights (rank.X_LEARNED) on tune and held-out,
R-2 recall at 150/200/250/300 words and their mean.
"""

from __future__ import annotations

import argparse
import json
import pickle
from dataclasses import replace

import numpy as np

from bench.data import articles_by_record, read_jsonl
from bench.focus import FOCUS, _split
from bench.metrics import cut_words, rouge
from summarize import focus as focus_module
from summarize import rank as rank_module
from summarize.rank import RankWeights, summarize_articles

CACHE = "/tmp/focus_learn.pkl"


def _tok(text: str) -> list[str]:
    import bench.metrics as m

    if m._SCORER is None:
        rouge("a b", ["a b"])
    return m._SCORER._tokenizer.tokenize(text)


def _bigrams(toks: list[str]) -> set[tuple[str, str]]:
    return set(zip(toks, toks[1:]))


def dump() -> None:
    records = read_jsonl(FOCUS)
    groups = articles_by_record(FOCUS)
    topics = sorted(r["id"] for r in records)
    out = []
    for r in records:
        rank_module.X_DUMP = []
        summarize_articles(groups[r["id"]], max_words=250, focus=focus_module.focus_of(r["focus"]))
        d = rank_module.X_DUMP[0]
        refs = [_bigrams(_tok(x)) for x in r["refs"]]
        hits, words = [], []
        for t in d["text"]:
            toks = _tok(t)
            bg = _bigrams(toks)
            hits.append(sum(len(bg & ref) for ref in refs) / len(refs))
            words.append(max(len(toks), 1))
        out.append({"id": r["id"], "split": _split(r["id"], topics), "feats": d["feats"], "static": d["static"],
                    "hits": np.array(hits), "words": np.array(words), "text": d["text"]})
    rank_module.X_DUMP = None
    pickle.dump(out, open(CACHE, "wb"))
    print("dumped", len(out), "topics")


def _label(t: dict, kind: str) -> np.ndarray:
    if kind == "density":
        y = t["hits"] / t["words"]
    elif kind == "sqrt":
        y = t["hits"] / np.sqrt(t["words"])
    else:
        y = t["hits"]
    return y


def fit(kind: str, names: list[str], model: str = "ols", sound_only: bool = True, norm: str = "z") -> dict:
    data = pickle.load(open(CACHE, "rb"))
    idx = [rank_module.X_FEATURE_NAMES.index(n) for n in names]
    xs, ys = [], []
    for t in data:
        if t["split"] != "tune":
            continue
        keep = t["static"] > -rank_module.LAST_RESORT / 2 if sound_only else np.ones(len(t["hits"]), bool)
        y = _label(t, kind)[keep]
        if norm == "z":
            y = (y - y.mean()) / (y.std() or 1.0)
        xs.append(t["feats"][keep][:, idx])
        ys.append(y)
    X, y = np.vstack(xs), np.concatenate(ys)
    if model == "logistic":
        from sklearn.linear_model import LogisticRegression

        thr = np.quantile(y, 0.8)
        m = LogisticRegression(max_iter=2000).fit(X, y > thr)
        coef = m.coef_[0]
    else:
        from sklearn.linear_model import LinearRegression

        m = LinearRegression().fit(X, y)
        coef = m.coef_
    return {n: float(c) for n, c in zip(names, coef)}


def topk_quality(coef: dict, k: int = 20) -> tuple[float, float]:
    """Reference bigram hits a word of the top-k sentences, tune / held-out."""
    data = pickle.load(open(CACHE, "rb"))
    w = np.array([coef.get(n, 0.0) for n in rank_module.X_FEATURE_NAMES])
    res = {"tune": [], "held-out": []}
    for t in data:
        keep = np.where(t["static"] > -rank_module.LAST_RESORT / 2)[0]
        score = t["feats"][keep] @ w
        top = keep[np.argsort(-score)[:k]]
        res[t["split"]].append(t["hits"][top].sum() / t["words"][top].sum())
    return float(np.mean(res["tune"])), float(np.mean(res["held-out"]))


def evaluate(spec: dict | None, splits: list[str], budgets: list[int], per_topic: bool = False) -> dict:
    records = read_jsonl(FOCUS)
    groups = articles_by_record(FOCUS)
    topics = sorted(r["id"] for r in records)
    generic = spec == "generic"
    rank_module.X_LEARNED = None if generic else spec
    out = {}
    for split in splits:
        per = {b: [] for b in budgets}
        tops = []
        for r in records:
            if _split(r["id"], topics) != split:
                continue
            f = None if generic else focus_module.focus_of(r["focus"])
            for b in budgets:
                s, _ = summarize_articles(groups[r["id"]], max_words=b, focus=f)
                per[b].append(rouge(cut_words(s.text, b), r["refs"])["rouge2_r"])
            tops.append((r["id"], sum(per[b][-1] for b in budgets) / len(budgets), per[250][-1] if 250 in per else None))
        means = {b: float(np.mean(x)) for b, x in per.items()}
        out[split] = {"per_budget": means, "mean": float(np.mean(list(means.values()))), "topics": tops}
        print(f"  {split}: " + " ".join(f"{b}:{m:.2f}" for b, m in means.items()) + f"  mean {out[split]['mean']:.2f}", flush=True)
        if per_topic:
            print("    " + " ".join(f"{i}:{m:.2f}/{x:.2f}" for i, m, x in tops), flush=True)
    rank_module.X_LEARNED = None
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.focus_learn")
    p.add_argument("cmd", choices=("dump", "fit", "eval"))
    p.add_argument("--label", default="density")
    p.add_argument("--features", default=",".join(rank_module.X_FEATURE_NAMES))
    p.add_argument("--model", default="ols")
    p.add_argument("--norm", default="z")
    p.add_argument("--scales", default="0.85")
    p.add_argument("--mix", type=float, default=1.0)
    p.add_argument("--coef", default=None, help="JSON coefficients instead of fitting")
    p.add_argument("--splits", default="tune,held-out")
    p.add_argument("--budgets", default="150,200,250,300")
    p.add_argument("--per-topic", action="store_true")
    a = p.parse_args(argv)
    if a.cmd == "dump":
        dump()
        return 0
    names = a.features.split(",")
    coef = json.loads(a.coef) if a.coef else fit(a.label, names, a.model, norm=a.norm)
    print("coef", json.dumps({k: round(v, 4) for k, v in coef.items()}))
    print("top-20 hits/word tune %.3f held-out %.3f" % topk_quality(coef))
    if a.cmd == "fit":
        return 0
    for scale in (float(x) for x in a.scales.split(",")):
        spec = None if scale < 0 else {"coef": coef, "scale": scale, "mix": a.mix}
        if scale == -2:
            spec = "generic"
        print("scale", scale, "mix", a.mix, flush=True)
        evaluate(spec, a.splits.split(","), [int(b) for b in a.budgets.split(",")], a.per_topic)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
