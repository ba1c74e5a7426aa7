"""Scores: ROUGE (rouge-score, stemming on), B-cubed, ARI, and the word cut."""

from __future__ import annotations

from collections import Counter

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
_SCORER = None


def cut_words(text: str, budget: int = 100) -> str:
    """Every system's output is cut the same way: the first ``budget`` words."""
    return " ".join(text.split()[:budget])


def rouge(prediction: str, references: list[str]) -> dict[str, float]:
    """F1 and recall of ROUGE-1/2/L, each the mean over the references, in points."""
    global _SCORER
    if _SCORER is None:
        from rouge_score import rouge_scorer

        _SCORER = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    out = {f"{t}_{m}": 0.0 for t in ROUGE_TYPES for m in ("f", "r")}
    for ref in references:
        scores = _SCORER.score(ref, prediction)
        for t in ROUGE_TYPES:
            out[f"{t}_f"] += 100.0 * scores[t].fmeasure / len(references)
            out[f"{t}_r"] += 100.0 * scores[t].recall / len(references)
    return out


def bcubed(gold: list, predicted: list) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1: per-item scores, averaged over items."""
    assert len(gold) == len(predicted)
    pair = Counter(zip(gold, predicted))
    g_size = Counter(gold)
    p_size = Counter(predicted)
    n = len(gold)
    precision = sum(pair[(g, p)] / p_size[p] for g, p in zip(gold, predicted)) / n
    recall = sum(pair[(g, p)] / g_size[g] for g, p in zip(gold, predicted)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ari(gold: list, predicted: list) -> float:
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(gold, predicted))
