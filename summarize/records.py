"""Plain data passed between the pipeline stages.

Every stage takes and returns these dataclasses, so each can be tested alone
and the CLI, the terminal UI and the benchmarks all speak the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from .lexicon import count_sources, source_map, word_count

def text_digest(text: str) -> str:
    """An article's text as one fingerprint, white space aside: the JSON
    output gives it, so that ``--seen`` knows an article read in an earlier
    output when it comes again from another folder or under another name."""
    import hashlib

    return hashlib.sha1(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


# What long work reports as it goes: ``progress(done, total, what)``; a CLI
# bar shows ``what`` as it is, the terminal UI reads the model's back
# (``condense.story_step``, ``fuse.rewrite_step``).
Progress = Callable[[int, int, str], None]


@dataclass
class Sentence:
    """One sentence, an exact slice ``article.text[start:end]``."""

    article_id: str
    index: int  # position among the article's sentences
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass
class Article:
    """One input document after ingest and cleaning.

    ``text`` is the cleaned body; every quote the tool shows is a verbatim
    slice of it.  ``raw_text`` and ``removed`` let a reader check the cleaner.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    date: str | None = None
    group: str | None = None  # story label given by the input layout
    story_title: str | None = None  # the title of the story record ("docs") it came in
    in_story_record: bool = False  # came in a story record: the input says its articles are one story
    raw_text: str = ""
    removed: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # wire services credited
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def label(self) -> str:
        """A short human name: outlet, else title, else file name."""
        if self.source:
            return self.source
        if self.title:
            return self.title
        if self.path:
            return self.path.rsplit("/", 1)[-1]
        return self.id


@dataclass
class Citation:
    article: str  # article id
    quote: str  # the source sentence, verbatim from the article text
    sentence_index: int = -1
    similarity: float = 1.0


@dataclass
class SummarySentence:
    text: str
    citations: list[Citation] = field(default_factory=list)
    support: int = 0  # independent sources (wire copies count once)
    score: float = 0.0
    supported: bool | None = None  # set by the attribution check
    flags: list[str] = field(default_factory=list)  # e.g. "number not in sources: 42"
    origin: str | None = None  # abstractive only: "fused" (model rewrite, verified), "kept" (verbatim fallback), "written" (whole story)


@dataclass
class Summary:
    method: str  # "extractive" or "abstractive"
    sentences: list[SummarySentence] = field(default_factory=list)
    model: str | None = None
    mode: str | None = None  # abstractive only: "fuse" or "whole" (summarize.models.MODES)
    focus: str | None = None  # the question the summary answers (--focus)
    seen: int = 0  # articles the reader had read (--seen): their content is left out
    read: list[str] = field(default_factory=list)  # ... those of this story's articles (ids)
    note: str | None = None  # one line for the reader, e.g. the focus matched nothing

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        return sum(word_count(s.text) for s in self.sentences)


def outlet_tally(articles: Iterable[Article]) -> tuple[int, int]:
    """(distinct outlets by name, articles of unknown outlet).  Articles of
    unknown outlet (no source given, none guessed) are not counted as outlets:
    they may all be one outlet's.  A story's counts and each summary
    sentence's (``coverage.sentence_coverage``) come from here."""
    names: set[str] = set()
    unknown = 0
    for a in articles:
        if a.source:
            names.add(a.source.lower())
        else:
            unknown += 1
    return len(names), unknown


@dataclass
class Story:
    id: str
    headline: str
    articles: list[Article]
    summary: Summary
    abstractive: Summary | None = None
    families: list[list[str]] = field(default_factory=list)  # article ids per independent source

    @property
    def outlets(self) -> int:
        """Distinct outlets, by name (``outlet_tally``)."""
        return outlet_tally(self.articles)[0]

    @property
    def articles_without_outlet(self) -> int:
        return outlet_tally(self.articles)[1]

    @property
    def outlets_counting_unknown(self) -> int:
        """The named outlets plus one per article of unknown outlet: what the
        story order ranks by, and what the independent sources are shown
        against (``render.shows_independent``)."""
        return sum(outlet_tally(self.articles))

    @property
    def independent_sources(self) -> int:
        """Newsrooms that did their own reporting: wire copies count once, and
        so do a named outlet's own articles (``lexicon.source_map``)."""
        return count_sources((a.id for a in self.articles), source_map(self))

    # (the list it indexes, its length, id -> article): built on first use,
    # again when ``articles`` is replaced or grows.  The citation panel looks
    # up every cited article, so a scan each time was O(citations x articles).
    _index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def article(self, article_id: str) -> Article:
        index = self._index
        if index is None or index[0] is not self.articles or index[1] != len(self.articles):
            index = self._index = (self.articles, len(self.articles), {a.id: a for a in reversed(self.articles)})
        try:
            return index[2][article_id]
        except KeyError:
            raise KeyError(article_id) from None


@dataclass
class Problem:
    """A bad input that was skipped: reported on stderr, never fatal to the rest."""

    where: str
    message: str
    # left out as expected, not a failure: a saved page's own scripts and pictures
    # (the exit status stays 0; a trial's script read 1 as an error)
    expected: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def locate_citations(summary: "Summary | None", articles: Iterable[Article]) -> None:
    """Point each citation of ``summary`` at the sentence it quotes
    (``sentence_index``) in the articles as they are now segmented.  An index
    that already names its quote is kept (an article can hold one sentence
    twice); otherwise the first sentence with the quote's text, else the same
    words with other white space; else -1 (the quote is not there).  A summary
    kept apart from its articles (the desk's store) comes back with indices
    that name nothing, or that a new segmentation shifted; the article screen
    highlights the sentence at the index, so without this it showed none."""
    if summary is None:
        return
    by_id = {a.id: a for a in articles}
    for s in summary.sentences:
        for c in s.citations:
            article = by_id.get(c.article)
            if article is None:
                continue
            sentences = article.sentences
            if 0 <= c.sentence_index < len(sentences) and sentences[c.sentence_index].text == c.quote:
                continue
            index = next((x.index for x in sentences if x.text == c.quote), -1)
            if index < 0:
                words = c.quote.split()
                index = next((x.index for x in sentences if x.text.split() == words), -1) if words else -1
            c.sentence_index = index


def failed(problems: list[Problem]) -> bool:
    """Whether any problem is a failure (exit status 1), not an expected skip."""
    return any(not p.expected for p in problems)
