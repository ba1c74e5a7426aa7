"""What the reading room remembers between runs: theme, summary mode and the
story the reader was on.  One small JSON file in the user's state directory
(platformdirs); a missing or damaged file is the same as a first run."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path

log = logging.getLogger(__name__)

STATE_FILE = "tui.json"


@dataclass
class Remembered:
    theme: str | None = None
    mode: str | None = None  # extractive / abstractive / both
    story_id: str | None = None  # stable across runs on a store; per run on files
    headline: str | None = None  # finds the story again when ids change


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("summarize")) / STATE_FILE


def load(path: Path | None) -> Remembered:
    if path is None:
        return Remembered()
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Remembered()
    except (OSError, ValueError) as err:
        log.debug("ignoring the remembered state in %s: %s", path, err)
        return Remembered()
    if not isinstance(data, dict):
        return Remembered()
    known = {f.name for f in fields(Remembered)}
    return Remembered(**{k: v for k, v in data.items() if k in known and (v is None or isinstance(v, str))})


def save(path: Path | None, state: Remembered) -> None:
    """Atomically (a temporary file, then a rename); a failure is logged, never raised."""
    if path is None:
        return
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(state), out)
        os.replace(tmp, path)
    except OSError as err:
        log.debug("cannot remember the reading state in %s: %s", path, err)
