"""The project's exception types, in one place so every caller (CLI, TUI,
benchmarks) recognises them by class, never by name or message."""

from __future__ import annotations


class SummarizeError(Exception):
    """Base of the errors summarize raises on purpose; ``str(exc)`` is one line for the user."""


class ModelUnavailable(SummarizeError):
    """The abstractive model cannot be had (not installed, not cached and offline,
    not a model, corrupt, out of memory)."""


class Cancelled(SummarizeError):
    """The caller's ``should_stop()`` turned True while the model worked."""
