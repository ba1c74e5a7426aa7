"""summarize: multi-document news summarisation with cited sources."""

__version__ = "0.1.0"
