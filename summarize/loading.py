"""Loading a model once per process: from the hub cache, a local directory or
a GGUF file (dequantised on first use, then cached as safetensors under
``models.cache_dir()`` so later runs skip the conversion).

torch and transformers are imported inside functions only, so importing this
module costs nothing and ``summarize --help`` stays fast."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import threading
import logging
import time
from pathlib import Path

from .condense import Condenser
from .errors import ModelUnavailable
from .models import _Source, _hub_cached, _hub_reachable, cache_dir, resolve
from .records import Progress

log = logging.getLogger(__name__)

__all__ = ["clear_loaded", "load_model"]

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

    _use_free_cores()
    model_dir, load_kwargs, first_load = _materialise(source, report)
    try:
        condenser = _load_dir(source, model_dir, load_kwargs, report, device)
    except ModelUnavailable:
        raise
    except MemoryError:
        raise ModelUnavailable(f"model {source.name}: not enough memory to load it") from None
    except Exception as exc:  # a corrupt or foreign file fails in many ways: one line for each
        if type(exc).__name__ == "OutOfMemoryError":  # torch's, without importing its module path
            raise ModelUnavailable(f"model {source.name}: not enough memory to load it") from None
        raise ModelUnavailable(f"model {source.name}: cannot be loaded: {one_line(exc)}") from None
    if source.kind == "gguf" and first_load:
        _save_gguf_copy(condenser, Path(source.location), report)
    _to_compute_dtype(condenser)
    if max_input_tokens:
        condenser.max_input_tokens = max_input_tokens
    condenser.load_seconds = time.perf_counter() - t0
    condenser.first_load = first_load
    report(3, 3, f"model {source.name} ready in {condenser.load_seconds:.1f} s")
    return condenser


DTYPE_ENV = "SUMMARIZE_DTYPE"  # float32 or bfloat16: overrides the choice below


def _to_compute_dtype(condenser: "Condenser") -> None:
    """bfloat16 weights where the processor multiplies them natively (CPUs
    with AVX-512 BF16 or AMX, recent GPUs), else float32.  On this project's
    2-core AVX-512 BF16 machine the packaged model's prompt pass took half the
    time (8 rows of 316 tokens: 5.1 s -> 2.8 s) and the seeds fused the same
    sentences; the cache on disk stays float32."""
    import torch

    wanted = os.environ.get(DTYPE_ENV, "").strip().lower()
    if wanted not in ("", "float32", "bfloat16"):
        raise ModelUnavailable(f"{DTYPE_ENV}={wanted!r}: use float32 or bfloat16")
    if not wanted:
        if str(condenser.device).startswith("cuda"):
            native = torch.cuda.is_bf16_supported()
        else:
            try:
                native = bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
            except (AttributeError, RuntimeError):
                native = False
        wanted = "bfloat16" if native else "float32"
    condenser.model.to(getattr(torch, wanted))
    log.debug("model %s computes in %s", condenser.name, wanted)


def one_line(exc: BaseException) -> str:
    """The first line of an exception's message, else its class name."""
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


def model_threads(cores: int, load: float) -> int:
    """How many threads torch should compute with: the cores the process may
    use that other work leaves free (the load average, whole processes), at
    least one.  Generation on CPU is
    bound by matrix products, but on busy cores torch's threads wait on each
    other: with the load average near 7 on this project's 2-core machine the
    seeds' model pass took 424 s on 2 threads and 297 s on 1 (quiet: 30-32 s
    on 2, 36-38 s on 1)."""
    return max(1, min(cores, cores - int(load)))  # a busy process adds 1 to the load; a passing one, less


def _use_free_cores() -> None:
    import torch

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    threads = model_threads(cores, load)
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    log.debug("model computes on %d of %d cores (load average %.1f)", threads, cores, load)


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
        mode=source.mode,
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
