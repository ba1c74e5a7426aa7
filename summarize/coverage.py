"""How a story is covered: how many outlets (and independent sources) carry
each summary sentence, and what each outlet reports that no other does.

Engine work, next to the source-family helpers of ``summarize.lexicon``: the
TUI's coverage view shows it, and the JSON output carries each sentence's
counts (``render.summary_to_dict``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .lexicon import content_words as _content_words
from .clean import foreign_stop_words
from .lexicon import count_sources, drop_words, is_cjk, source_map, stem
from .records import Article, Story, Summary, SummarySentence, outlet_tally


def outlet_key(article: Article) -> str:
    """Who wrote it, to group articles by: the outlet's name, else one group
    per article (``Story.outlets`` counts only the named ones)."""
    return article.source.lower() if article.source else f"#{article.id}"


def outlet_name(article: Article) -> str:
    """The outlet, else a clear "unknown outlet" (the title is shown beside it)."""
    return article.source or "unknown outlet"


def outlets_of(story: Story) -> dict[str, list[Article]]:
    groups: dict[str, list[Article]] = {}
    for article in story.articles:
        groups.setdefault(outlet_key(article), []).append(article)
    return groups


@dataclass
class SentenceCoverage:
    index: int
    sentence: SummarySentence
    outlets: int  # distinct named outlets citing it
    independent: int  # distinct independent sources citing it (``lexicon.source_map``)
    articles: list[str]  # article ids cited, in story order
    unknown: int = 0  # articles of unknown outlet citing it


def sentence_coverage(story: Story, summary: Summary) -> list[SentenceCoverage]:
    sources = source_map(story)
    by_id = {a.id: a for a in story.articles}
    order = {a.id: n for n, a in enumerate(story.articles)}
    out = []
    for n, s in enumerate(summary.sentences):
        ids = sorted({c.article for c in s.citations if c.article in by_id}, key=order.get)
        tally = outlet_tally(by_id[i] for i in ids)
        out.append(
            SentenceCoverage(
                index=n,
                sentence=s,
                outlets=tally[0],
                independent=count_sources(ids, sources),
                articles=ids,
                unknown=tally[1],
            )
        )
    return out


# ---------------------------------------------------------------------------
# what each outlet reports that no other outlet does

MIN_WORD = 3  # shorter words (but numbers) are too vague to tell outlets apart
LANGUAGE_SAMPLE_CHARS = 2000  # of each article, to tell the story's language


def content_words(text: str) -> set[str]:
    """Stemmed content words (``summarize.lexicon``), numbers and words of
    at least ``MIN_WORD`` letters; Chinese and Japanese character bigrams
    (``lexicon.cjk_bigrams``) all count, a bigram being their usual word."""
    return {stem(w) for w in _content_words(text) if len(w) >= MIN_WORD or w.isdigit() or is_cjk(w)}


@dataclass
class OutletReport:
    key: str
    name: str
    articles: list[Article]
    unique: list[tuple[Article, int]] = field(default_factory=list)  # (article, sentence index)
    sentences: int = 0


def unique_reports(story: Story, min_words: int = 5, overlap: float = 0.5) -> list[OutletReport]:
    """Per outlet, its sentences that no sentence of another outlet carries.

    A sentence counts as carried elsewhere when at least ``overlap`` of its
    content words appear in one sentence of another outlet's article, or when
    the summary cites it together with another outlet.  Very short sentences
    (fewer than ``min_words`` content words) are left out: they are rarely facts.
    """
    groups = outlets_of(story)
    # summary citations that tie an article sentence to another outlet
    tied: set[tuple[str, int]] = set()
    by_id = {a.id: a for a in story.articles}
    for summary in (story.summary, story.abstractive):
        if summary is None:
            continue
        for s in summary.sentences:
            keys = {outlet_key(by_id[c.article]) for c in s.citations if c.article in by_id}
            if len(keys) > 1:
                tied.update((c.article, c.sentence_index) for c in s.citations)

    entries: list[tuple[str, Article, int, set[str]]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    # In a story not in English, its language's stop words go too ("und die"
    # is in every German sentence): the lexicon's stop list is English.
    foreign = foreign_stop_words(" ".join(a.text[:LANGUAGE_SAMPLE_CHARS] for a in story.articles))
    for key, arts in groups.items():
        for article in arts:
            for sent in article.sentences:
                words = content_words(drop_words(sent.text, foreign))
                n = len(entries)
                entries.append((key, article, sent.index, words))
                for w in words:
                    postings[w].append(n)

    reports = []
    for key, arts in groups.items():
        report = OutletReport(key=key, name=outlet_name(arts[0]), articles=arts)
        for n, (k, article, index, words) in enumerate(entries):
            if k != key:
                continue
            report.sentences += 1
            if len(words) < min_words or (article.id, index) in tied:
                continue
            hits: Counter[int] = Counter()
            for w in words:
                for m in postings[w]:
                    if entries[m][0] != key:
                        hits[m] += 1
            best = max(hits.values(), default=0)
            if best < overlap * len(words):
                report.unique.append((article, index))
        reports.append(report)
    reports.sort(key=lambda r: (-len(r.unique), r.name.lower()))
    return reports
