"""Plain helpers the screens share: no widgets here, so they test alone.

Every piece of article text that reaches the screen goes through
:class:`rich.text.Text` built from plain strings (``Text(s)`` / ``append``),
never through markup, so a headline such as ``[bold]x[/]`` shows literally,
and through ``summarize.render.display_text`` (newswire ``TeX quotes'' and
" _ " dashes, odd spaces), as the text and Markdown outputs show it.
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from summarize.clean import line_as_read
from summarize.condense import read_tokens, story_step
from summarize.coverage import outlet_name, sentence_coverage
from summarize.fuse import rewrite_step
from summarize.records import Article, Story, Summary, SummarySentence
from summarize.render import (
    article_counts,
    citation_numbers,
    coverage_line,
    display_text,
    in_quote_marks,
    plural,
    quote_marked,
    read_mark,
    shown_origin,
    source_place,
)

# Styles that read on dark and on light backgrounds alike.
HIGHLIGHT = "bold black on #f0c05a"
CITED = "underline"
MARK = "bold #5fafff"
MARK_CURSOR = "bold reverse #5fafff"
UNSUPPORTED = "bold #ff5f5f"
FLAG = "italic #d7875f"
DIM = "dim"
STRIPPED = "dim strike #d75f5f"
FOUND = "bold reverse #5fd7ff"


def meter(done: int, total: int, width: int = 5) -> Text:
    total = max(total, 1)
    width = min(width, total) if total <= width else width
    filled = round(width * min(done, total) / total)
    out = Text()
    out.append("■" * filled, style="#5fd787")
    out.append("□" * (width - filled), style=DIM)
    return out


def no_named_outlet(story: Story) -> str:
    """Said of a sentence that only articles of unknown outlet carry, in the
    meter and the sources panel alike.  The one named outlet by name: "not
    the named outlet" left a trial asking which."""
    names = {a.source.lower(): a.source for a in reversed(story.articles) if a.source}  # the first spelling
    if len(names) == 1:
        return f"not {display_text(next(iter(names.values())))}"
    return f"none of the {story.outlets} named outlets"


def coverage_meter(story: Story, cov, count_style: str = DIM) -> Text:
    """A sentence's meter and count: "■■□ 2/3 outlets · 1 of unknown outlet",
    or, where no outlet is known, the articles that carry it ("■■ 2/2
    articles").  ``cov``: its ``coverage.SentenceCoverage``."""
    total = story.outlets
    if not total:
        out = meter(len(cov.articles), len(story.articles))
        out.append(f" {len(cov.articles)}/{plural(len(story.articles), 'article')}", style=count_style)
        return out
    out = meter(cov.outlets, total)
    if not cov.outlets and cov.unknown:
        # "0/3 outlets" first read as "nobody reports this" (a TUI trial): say who does
        out.append(f" {plural(cov.unknown, 'article')} of unknown outlet", style=count_style)
        out.append(f" · {no_named_outlet(story)}", style=DIM)
        return out
    out.append(f" {cov.outlets}/{plural(total, 'outlet')}", style=count_style)
    if cov.unknown:
        out.append(f" · {cov.unknown} of unknown outlet", style=DIM)
    return out


# ---------------------------------------------------------------------------
# text builders


# The builders below that name a source take the story's citation numbers as
# ``numbers`` (``citation_numbers(story)``): a caller that builds a line per
# source or per sentence computes them once for the story and passes them in,
# since computing them runs over every article (2,000 source lines were 2,000
# passes over 2,000 articles).  Left out, they are computed for the one call.


def marks_text(
    story: Story, sentence: SummarySentence, cursor: int | None = None, *, numbers: dict[str, int] | None = None
) -> Text:
    """``[1][3]`` for the articles a sentence cites; ``cursor`` marks one."""
    if numbers is None:
        numbers = citation_numbers(story)
    out = Text()
    for n, aid in enumerate(cited_articles(story, sentence, numbers=numbers)):
        out.append(f"[{numbers[aid]}]", style=MARK_CURSOR if n == cursor else MARK)
    return out


def cited_articles(story: Story, sentence: SummarySentence, *, numbers: dict[str, int] | None = None) -> list[str]:
    """Article ids a sentence cites, once each, in citation-number order."""
    if numbers is None:
        numbers = citation_numbers(story)
    return sorted({c.article for c in sentence.citations if c.article in numbers}, key=numbers.get)


# The news desk's reading state, as the story list marks it.
STATUS_MARKS = {"new": ("● new ", "bold #5fd787"), "updated": ("◐ updated ", "bold #f0c05a")}


# A headline takes at most this many rows of the story list; the reader's
# heading shows it whole.  At 80 columns the list is 22 cells wide, and long
# headlines took 4 rows and their counts 2 more: three stories a screen (a trial).
LIST_HEADLINE_ROWS = 2
LIST_COUNT_ROWS = 2


def first_fitting(wordings: list[str], room: int) -> str:
    """The first of ``wordings`` (longest first) that fits ``room`` cells, else the last."""
    return next((w for w in wordings if cell_len(w) <= room), wordings[-1])


def story_prompt(story: Story, status: str | None = None, width: int | None = None) -> Text:
    """The story's entry in the list; with ``width`` (the list's cells) the
    headline is cut, in an ellipsis, to ``LIST_HEADLINE_ROWS`` rows of it."""
    text = Text(overflow="fold")
    mark = ""
    if status in STATUS_MARKS:
        mark, style = STATUS_MARKS[status]
        text.append(mark, style=style)
    headline = display_text(story.headline)
    if width is not None and width > len(mark) + 4:
        rows = textwrap.wrap(mark + headline, width, max_lines=LIST_HEADLINE_ROWS, placeholder=" …")
        headline = " ".join(rows)[len(mark):] if rows else headline
    text.append(headline, style="bold")
    text.append("\n")
    # the whole phrase, as the heading says it: "· 3 independent" read as cut short (a trial);
    # where it would take more than LIST_COUNT_ROWS rows of the list, the counts alone ("5
    # articles · 3 outlets · 2 of unknown outlet"), the heading saying the rest: at 80 columns
    # the seeds' took four rows (a trial)
    counts = coverage_line(story)
    if width is not None and len(textwrap.wrap(counts, width)) > LIST_COUNT_ROWS:
        counts = article_counts(story)
    text.append(counts, style=DIM)
    return text


def ties_text(ties: dict | None, articles: int) -> Text:
    """The news desk's "why together": the terms most of the story's articles share."""
    out = Text()
    terms = (ties or {}).get("terms") or []
    if not terms:
        return out
    out.append("why together: ", style=DIM)
    for n, t in enumerate(terms[:6]):
        if n:
            out.append(" · ", style=DIM)
        out.append(str(t.get("term", "")))  # a word of the articles: data, plain text
        out.append(f" {t.get('articles', '?')}/{articles}", style=DIM)
    return out


# How an abstractive sentence came to be, as the summary list shows it.
ORIGIN_LABELS = {"fused": "≈ fused", "shortened": "≈ shortened", "kept": "= kept verbatim", "written": "✎ written"}
ORIGIN_HELP = {
    "fused": "fused: the model rewrote the sources below into this sentence; it passed the check against them",
    "shortened": "shortened: the model shortened the one source's sentence below; it passed the check against it",
    "kept": "kept: the model's rewrite failed the check against these sources, so the extractive sentence stands",
    "written": "written: the model wrote this sentence from the whole story; checked, not replaced",
}


def sentence_prompt(
    story: Story,
    number: int,
    sentence: SummarySentence,
    cursor: int | None = None,
    with_meter: bool = False,
    find: str | None = None,
    *,
    numbers: dict[str, int] | None = None,
) -> Text:
    out = Text()
    out.append(f"{number}. ", style="bold")
    out.append_text(mark_found(Text(display_text(sentence.text)), find))
    out.append(" ")
    out.append_text(marks_text(story, sentence, cursor, numbers=numbers))
    if sentence.supported is False:
        out.append("  ✗ not supported by any source", style=UNSUPPORTED)
    elif sentence.flags:
        out.append("  ⚠ " + "; ".join(sentence.flags), style=FLAG)
    if shown_origin(sentence) in ORIGIN_LABELS:
        out.append(f"  {ORIGIN_LABELS[shown_origin(sentence)]}", style=DIM)
    if with_meter and story.articles:
        cov = sentence_coverage(story, Summary("x", [sentence]))[0]
        out.append("\n   ")
        out.append_text(coverage_meter(story, cov))
    return out


def _source_line(numbers: dict[str, int], article: Article) -> Text:
    """"[n] Outlet — Title", the way every view names a source."""
    out = Text()
    out.append(f"[{numbers.get(article.id, '?')}] ", style=MARK)
    out.append(display_text(outlet_name(article)), style="bold")
    if article.title:
        out.append(" — ")
        out.append(display_text(article.title), style="italic")
    return out


def article_heading(story: Story, article: Article, *, numbers: dict[str, int] | None = None) -> Text:
    """Source line, then the article's link (u opens it, c copies it) and its file."""
    out = _source_line(citation_numbers(story) if numbers is None else numbers, article)
    mark = read_mark(story, article)
    if mark:
        out.append(mark, style=DIM)  # read before (--seen): the summary leaves it out
    place = source_place(article)
    # a feed item's place names its link already ("feed.xml (https://...)"): the link once (a trial)
    shown = [place] if place and article.url and article.url in place else [article.url, place]
    for where in dict.fromkeys(w for w in shown if w):
        out.append("\n    ")
        out.append(where, style=DIM)
    return out


def citation_prompt(
    story: Story, article_id: str, quote: str, similarity: float | None = None, *, numbers: dict[str, int] | None = None,
    sentence: str | None = None,
) -> Text:
    """``sentence``: the summary sentence cited, to say where the source gives
    its quotation in other words (``attribute.quotation_differs``)."""
    from summarize.attribute import quotation_differs

    out = _source_line(citation_numbers(story) if numbers is None else numbers, story.article(article_id))
    if similarity is not None and similarity < 0.999:
        out.append(f"  ({similarity:.0%} match)", style=DIM)
    if sentence is not None and (how := quotation_differs(sentence, quote)):
        out.append(f"  ({how})", style=DIM)
    out.append("\n  ")
    out.append(quote_marked(quote), style="italic")
    return out


_PARA = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the blank-line separated paragraphs."""
    spans, pos = [], 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans or [(0, 0)]


def article_paragraphs(
    article: Article, highlight: int | None = None, cited: set[int] | None = None
) -> tuple[list[Text], int | None]:
    """The cleaned text as styled paragraphs, and the index of the paragraph
    that holds sentence ``highlight`` (None if there is none).  Each styled
    sentence and each stretch between them goes through ``display_text`` on
    its own, so the styles stay on their sentences though the shown text may
    be shorter (``` `` ``` is one “)."""
    spans = paragraphs(article.text)
    cited = cited or set()
    marked = []  # (start, end, style) of the sentences to style, in text order
    for sent in sorted(article.sentences, key=lambda s: s.start):
        style = HIGHLIGHT if sent.index == highlight else (CITED if sent.index in cited else None)
        if style is not None:
            marked.append((sent.start, sent.end, style))
    target = None
    texts = []
    for p, (a, b) in enumerate(spans):
        text, pos = Text(), a
        for start, end, style in marked:
            start, end = max(start, a, pos), min(end, b)
            if start >= end:
                continue
            text.append(display_text(article.text[pos:start]))
            text.append(display_text(article.text[start:end]), style=style)
            pos = end
            if style == HIGHLIGHT and target is None:
                target = p
        text.append(display_text(article.text[pos:b]))
        texts.append(text)
    return texts, target


def raw_with_stripped(article: Article, highlight: int | None = None) -> Text:
    """The text as read, with every line the cleaner removed struck through
    (and sentence ``highlight`` marked as in the cleaned view), typeset by
    ``display_text`` like every other view (no raw newswire ``quotes'')."""
    return raw_with_stripped_at(article, highlight)[0]


def _find_sentence(raw: str, sentence: str) -> tuple[int, int] | None:
    """Where a cleaned sentence sits in the text as read: verbatim, else with
    any run of whitespace matching any other (the cleaner re-flows lines)."""
    at = raw.find(sentence)
    if at >= 0:
        return at, at + len(sentence)
    words = sentence.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), raw)
    return (m.start(), m.end()) if m else None


def raw_with_stripped_at(article: Article, highlight: int | None = None) -> tuple[Text, int | None]:
    """``raw_with_stripped`` and the line (0-based) where the highlighted
    sentence starts, None when it cannot be found in the text as read."""
    removed = Counter(line_as_read(line) for line in article.removed)
    raw = article.raw_text or article.text
    out = Text()
    span = None
    if highlight is not None and 0 <= highlight < len(article.sentences):
        sent = article.sentences[highlight]
        span = _find_sentence(raw, article.text[sent.start : sent.end])
    target_line = None
    pos = 0  # offset of the current line in ``raw``
    for n, line in enumerate(raw.splitlines(keepends=True)):
        body = (line.splitlines() or [""])[0]
        key = line_as_read(body)
        if key and removed.get(key):
            removed[key] -= 1
            out.append("✗ ", style=STRIPPED)
            out.append(display_text(body), style=STRIPPED)
        else:
            out.append("  " if key else "")
            if span is not None and span[0] < pos + len(body) and span[1] > pos:
                a, b = max(span[0], pos) - pos, min(span[1], pos + len(body)) - pos
                out.append(display_text(body[:a]))
                out.append(display_text(body[a:b]), style=HIGHLIGHT)
                out.append(display_text(body[b:]))
                if target_line is None:
                    target_line = n
            else:
                out.append(display_text(body))
        out.append("\n")
        pos += len(line)
    leftovers = [k for k, v in removed.items() for _ in range(v) if k]
    if leftovers:
        out.append("\nAlso removed (not found line by line in the input):\n", style="bold")
        for line in leftovers:
            out.append("✗ ", style=STRIPPED)
            out.append(display_text(line) + "\n", style=STRIPPED)
    return out, target_line


# ---------------------------------------------------------------------------
# links and quotes

_LINK_SCHEMES = {"http", "https"}


def link_of(article: Article | None) -> str | None:
    """The article's web address when it is one a browser may open (http or
    https, a host, no space or control character), else None.  Article
    metadata is data: a ``javascript:`` or ``file:`` link is never opened."""
    from urllib.parse import urlsplit

    url = (article.url or "").strip() if article is not None else ""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in _LINK_SCHEMES and parts.netloc else None


def source_credit(story: Story, article: Article, *, numbers: dict[str, int] | None = None) -> str:
    """``[n] Outlet, "Title", link or file`` in plain text, the way a quote is credited."""
    if numbers is None:
        numbers = citation_numbers(story)
    out = f"[{numbers.get(article.id, '?')}] {outlet_name(article)}"
    if article.title:
        out += f", {in_quote_marks(article.title)}"
    where = link_of(article) or source_place(article)
    if where:
        out += f", {where}"
    return out


def quote_for_clipboard(story: Story, sentence: SummarySentence) -> str:
    """A summary sentence and, under it, each source's verbatim quote and credit."""
    lines = [sentence.text]
    by_id = {a.id: a for a in story.articles}
    numbers = citation_numbers(story)
    seen = set()
    for c in sentence.citations:
        if c.article in seen or c.article not in by_id:
            continue
        seen.add(c.article)
        lines.append(f"  — {source_credit(story, by_id[c.article], numbers=numbers)}: {in_quote_marks(c.quote)}")
    return "\n".join(lines)


def article_quote(story: Story, article: Article, index: int) -> str:
    """One sentence of an article, quoted and credited."""
    sent = article.sentences[index]
    return f"{in_quote_marks(article.text[sent.start : sent.end])} — {source_credit(story, article)}"


# ---------------------------------------------------------------------------
# find


@dataclass(frozen=True)
class Match:
    """A sentence holding the term: of the summary (``article`` None) or of an article."""

    article: str | None
    index: int


def _holds(text: str, term: str) -> bool:
    return term.casefold() in text.casefold()


def find_matches(story: Story, term: str, summary: Summary | None = None, article_id: str | None = None) -> list[Match]:
    """Every sentence of the story that holds ``term`` (any case): the
    summary's sentences first, then each article's in story order; with
    ``article_id``, that article's sentences only."""
    term = term.strip()
    if not term:
        return []
    out: list[Match] = []
    if article_id is None and summary is not None:
        out += [Match(None, n) for n, s in enumerate(summary.sentences) if _holds(s.text, term)]
    for article in story.articles:
        if article_id is not None and article.id != article_id:
            continue
        out += [Match(article.id, s.index) for s in article.sentences if _holds(article.text[s.start : s.end], term)]
    return out


def mark_found(text: Text, term: str | None) -> Text:
    """``text`` with every occurrence of ``term`` (any case) marked."""
    if term and term.strip():
        text.highlight_words([term.strip()], FOUND, case_sensitive=False)
    return text


def slug(text: str, limit: int = 48) -> str:
    """A file name from a headline: its words joined by "-", cut after a
    whole word within ``limit`` characters ("...-concerns-ov" read as a typo)."""
    s = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    if len(s) > limit:
        cut = s[: limit + 1]
        s = cut[: cut.rfind("-")] if "-" in cut else s[:limit]
    return s.rstrip("-") or "story"


# ---------------------------------------------------------------------------
# the model's progress, as a reader follows it

# The engine reports each batch of each try of the fuse method on its own
# ("second try at sentences: 3 rewrites (batch 1 of 2): 24/43 tokens"), and a
# bar that followed it started over three times (a TUI trial).  One bar goes
# over the whole job instead: each try gets a share of it.  Later tries run
# only for the sentences the check turned down, fewer and often none, so the
# first gets most; a job that needs no later try jumps from its share to the end.
# The reports are read back with the engine's own readers (fuse.rewrite_step,
# condense.story_step), which sit beside the code that words them.
TRY_SHARES = ((0.0, 0.7), (0.7, 0.9), (0.9, 1.0))
TRY_WORDS = ("first", "second", "third")


def model_progress(done: int, total: int, message: str, sentences: int) -> tuple[float | None, str]:
    """The engine's progress report of an abstractive summary as one share of
    the whole job (None: unknown) and a line without token counts.
    ``sentences``: the extractive summary's, which the fuse method rewrites."""
    step = rewrite_step(message)
    if step:
        lo, hi = TRY_SHARES[step.round_]
        share = lo + (hi - lo) * (step.batch - 1 + step.tokens) / step.batches
        # a later try rewrites only the sentences whose rewrites the check turned
        # down; its rewrites per sentence vary (the model, the outlets), so no count
        what = plural(sentences, "sentence") if step.round_ == 0 and sentences else "the sentences"
        if step.round_:
            what += " the check turned down"
        text = f"rewriting {what} · {TRY_WORDS[step.round_]} try"
        if step.batches > 1:
            text += f" (part {step.batch} of {step.batches})"
        return share, text
    whole = story_step(message)
    if whole:
        if whole.stage == "start":
            return 0.0, "writing the summary with " + whole.model
        if whole.stage == "done":
            return 1.0, "checking the summary against the sources"
        return whole.tokens, "writing the summary"
    text, _ = read_tokens(message)
    return (min(done / total, 1.0) if total > 1 or (total == 1 and done) else None), text
