"""The CRF over a saved page's lines (summarize.linemodel.Chain) and its JSON."""

import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

from summarize import linemodel


def _brute_force_marginals(keep_score, transition):
    """P(keep) per line by summing over every path of the chain."""
    n = len(keep_score)
    z, kept = 0.0, np.zeros(n)
    for states in itertools.product((0, 1), repeat=n):
        score = sum(keep_score[i] for i in range(n) if states[i])
        score += sum(transition[i, states[i - 1], states[i]] for i in range(1, n))
        z += np.exp(score)
        kept += np.exp(score) * np.array(states)
    return kept / z


def test_forward_backward_gives_the_marginals_of_every_path_summed():
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 8):
        keep_score = rng.normal(scale=3, size=n)
        transition = rng.normal(scale=2, size=(n, 2, 2))
        got = linemodel.chain_marginals(keep_score, transition)
        assert np.allclose(got, _brute_force_marginals(keep_score, transition), atol=1e-12)
    # large scores neither overflow nor lose the certain lines
    got = linemodel.chain_marginals(np.array([300.0, -300.0, 0.0]), np.zeros((3, 2, 2)))
    assert np.allclose(got, [1.0, 0.0, 0.5])


def test_without_transitions_the_marginal_is_the_lines_own_probability():
    p = np.array([0.1, 0.5, 0.93, 0.7])
    chain = linemodel.Chain({"w": 1.0, "b": 0.0, "W": np.zeros((len(linemodel.PAIR_FEATURES), 2, 2)).tolist()})
    x = np.zeros((4, 60))
    assert np.allclose(chain.marginals(x, p), p)


def _small_model(crf: bool) -> dict:
    from sklearn.ensemble import GradientBoostingClassifier

    rng = np.random.default_rng(1)
    x = rng.normal(size=(300, 40))
    y = (x[:, 0] + x[:, 8] > 0).astype(int)
    data = linemodel.dump(GradientBoostingClassifier(n_estimators=10, max_depth=2, random_state=0).fit(x, y))
    if crf:
        W = rng.normal(size=(len(linemodel.PAIR_FEATURES), 2, 2))
        data["crf"] = {"kind": "test", "w": 0.7, "b": -0.2, "W": W.tolist()}
    return data


def _page(n=30, seed=2):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 40))
    x[:, 8:12] = np.eye(4)[rng.integers(0, 4, n)]  # one rule-based class per line
    x[:, 26] = rng.integers(0, 2, n)  # the rules' keep
    return x


def test_the_crf_reads_back_from_json_and_gives_the_same_marginals(tmp_path):
    data = _small_model(crf=True)
    path = tmp_path / "lines_model.json"
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    model = linemodel.load.__wrapped__(str(path))
    assert model.crf is not None
    x = _page()
    p = linemodel.Trees(data).predict_proba(x)
    W = np.asarray(data["crf"]["W"])
    transition = np.einsum("nk,kab->nab", linemodel.pair_features(x), W)
    expected = linemodel.chain_marginals(data["crf"]["w"] * linemodel.logit(p) + data["crf"]["b"], transition)
    assert np.allclose(model.predict_proba(x), expected, atol=1e-12)
    assert not np.allclose(model.predict_proba(x), p)  # the chain moved them


def test_a_json_without_the_crf_gives_the_trees_probabilities(tmp_path):
    data = _small_model(crf=False)
    path = tmp_path / "lines_model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    model = linemodel.load.__wrapped__(str(path))
    assert model.crf is None
    x = _page()
    assert np.array_equal(model.predict_proba(x), linemodel.Trees(data).predict_proba(x))


def test_the_stored_model_carries_a_crf_of_the_right_shape():
    data = json.loads(linemodel.MODEL_PATH.read_text(encoding="utf-8"))
    assert np.asarray(data["crf"]["W"]).shape == (len(linemodel.PAIR_FEATURES), 2, 2)
    assert data["crf"]["w"] > 0  # a surer tree says keep more surely


def test_pair_features_compare_each_line_with_the_one_before():
    x = np.zeros((3, 60))
    x[:, 8] = [1, 0, 1]  # good, -, good
    x[1, 10] = 1  # short
    x[:, 26] = [1, 1, 0]  # rules' keep
    f = dict(zip(linemodel.PAIR_FEATURES, linemodel.pair_features(x).T))
    assert f["previous good"].tolist() == [0, 1, 0]
    assert f["previous short or bad"].tolist() == [0, 0, 1]
    assert f["rules keep both"].tolist() == [0, 1, 0]
    assert f["same class as previous"].tolist() == [0, 0, 0]


def test_fitting_the_crf_gives_weights_the_model_reads():
    pytest.importorskip("torch")
    from bench.train_lines import fit_crf

    rng = np.random.default_rng(3)
    items = []
    for _ in range(4):  # pages whose article text is one block of lines
        n = 40
        y = np.zeros(n, int)
        y[10:30] = 1
        p = np.clip(0.5 + (y - 0.5) * 0.4 + rng.normal(scale=0.25, size=n), 0.01, 0.99)
        x = _page(n, seed=int(rng.integers(100)))
        labels = [None if k % 5 == 0 else int(v) for k, v in enumerate(y)]
        items.append((p, x, labels))
    crf = fit_crf(items)
    chain = linemodel.Chain(json.loads(json.dumps(crf)))
    assert chain.w > 0
    p, x, labels = items[0]
    m = chain.marginals(x, p)
    assert ((m >= 0) & (m <= 1)).all() and len(m) == len(p)


def test_the_cleaner_does_not_import_torch():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys; sys.path.insert(0, 'tests'); from summarize import clean, linemodel; "
        "from test_clean import _SAVED_PAGE; calls = []; stored = linemodel.load(); "
        "linemodel.load = lambda path=None: calls.append(1) or stored; clean.clean_text(_SAVED_PAGE); "
        "print(bool(calls) and stored.crf is not None, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.split() == ["True", "False"]


def _lines(texts, good):
    from summarize.clean import _Line

    return [_Line(text=t, cf_class="good" if g else "short") for t, g in zip(texts, good)]


def test_the_opening_columns_share_the_words_of_the_rules_first_prose_lines():
    lines = _lines(
        ["Menu Home Sport", "Flooding closes the Danube bridge at Passau", "The Danube bridge stays closed",
         "Cookies help us deliver services", "Passau flooding continues"],
        [False, True, True, True, True],
    )
    keep = [False, True, False, True, True]
    # the opening: the first OPENING_LINES prose lines that the rules keep (lines 1, 3 and 4)
    x = linemodel.opening_features(lines, frozenset({"the", "at", "us"}), keep)
    assert x.shape == (5, 4)
    assert x[0, 0] == 0.0  # no word of the menu in the opening
    assert x[2, 0] == 0.5  # danube and bridge of danube, bridge, stays, closed
    assert x[1, 1] == x[0, 0] and x[1, 2] == x[2, 0]  # the neighbours' shares


def test_the_lexicon_reads_back_from_json_and_scores_hashed_words():
    data = {"bits": 6, "b": -0.5, "index": [1, 5], "weight": [0.25, -1.0]}
    lex = linemodel.Lexicon(json.loads(json.dumps(data)))
    buckets = linemodel.lex_buckets("Kommentare 12 Kommentare", 6)
    assert buckets == linemodel.lex_buckets("kommentare 34 KOMMENTARE", 6)  # case and digits folded
    w = dict(zip(data["index"], data["weight"]))
    expected = -0.5 + sum(w.get(k, 0.0) for k in buckets) / np.sqrt(len(buckets))
    assert np.isclose(lex.scores(["Kommentare 12 Kommentare"])[0], expected)
    assert lex.scores([""])[0] == -0.5


def test_the_lexicon_can_hash_the_words_character_ngrams_too():
    words = linemodel.lex_buckets("Kommentare 12", 16)
    grams = linemodel.lex_buckets("Kommentare 12", 16, (3, 5))
    assert set(words) <= set(grams) and len(grams) > len(words)
    # "<kommentare>" has 10 + 9 + 8 n-grams of 3 to 5 characters, "<00>" 2 + 1
    assert len(grams) <= len(words) + 27 + 3
    assert linemodel.lex_buckets("Kommentaren", 16, (3, 5)) != linemodel.lex_buckets("Kommentare", 16, (3, 5))
    data = {"bits": 16, "b": 0.1, "index": grams[:3], "weight": [0.5, -0.25, 1.0], "char": [3, 5], "windows": [1]}
    lex = linemodel.Lexicon(json.loads(json.dumps(data)))
    w = dict(zip(data["index"], data["weight"]))
    expected = 0.1 + sum(w.get(k, 0.0) for k in grams) / np.sqrt(len(grams))
    assert np.isclose(lex.scores(["Kommentare 12"])[0], expected)
    cols = linemodel.lex_columns(np.array([1.0, 2.0, 3.0]), lex.windows)
    assert cols.shape == (3, 6) and np.allclose(cols[:, 5], [1.5, 2.0, 2.5])  # the mean over 1 line either side


def test_the_stored_model_names_its_extra_columns_and_reads_them():
    data = json.loads(linemodel.MODEL_PATH.read_text(encoding="utf-8"))
    model = linemodel.LineModel(data)
    assert model.extras.opening and model.extras.lexicon is not None
    base = 108  # linemodel.base_features' columns
    assert data["n_features"] == base + 4 + 5
