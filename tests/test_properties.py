"""Property tests (hypothesis) on the public functions of ingest, clean,
segment, rank and render, fed random unicode: combining marks, right-to-left
scripts, emoji, zero-width and bidi characters, terminal control sequences,
very long words, punctuation only, huge paragraphs.

What must hold for any input: no exception; sentence spans are valid, ordered
slices of the text; every citation's quote is a verbatim substring of its
article's text; rendered text and Markdown carry no control character; JSON
keeps the text as data.

The run is derandomized (a fixed seed, the same examples every time):
about 500 examples, under a minute on the project's 2-core machine.  A
longer, random run, 200 times the examples (about 100,000, some hours):
``SUMMARIZE_PROPERTY_RUN=long .venv/bin/python -m pytest -m property``
(``SUMMARIZE_PROPERTY_EXAMPLES=N`` sets the examples per test).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from summarize.clean import clean_text, normalise_space, strip_markup, strip_repeated  # noqa: E402
from summarize.ingest import load_paths, make_article  # noqa: E402
from summarize.pipeline import Options, run  # noqa: E402
from summarize.rank import summarize_articles  # noqa: E402
from summarize.records import Article, Story  # noqa: E402
from summarize.render import escape_markdown, for_terminal, render, strip_controls, to_markdown, to_text  # noqa: E402
from summarize.segment import paragraph_spans, segment_article, sentence_spans, split_sentences  # noqa: E402

pytestmark = pytest.mark.property

LONG = os.environ.get("SUMMARIZE_PROPERTY_RUN") == "long"
SCALE = int(os.environ.get("SUMMARIZE_PROPERTY_EXAMPLES", "0"))
# The normal run keeps the whole suite fast (about 500 examples, under a
# minute); the long one draws 200 times as many, about 100,000.
LONG_RUN_TIMES = 200


def examples(n: int) -> settings:
    """``n`` examples in the normal run (fixed seed), 200 times as many (random) in a long one."""
    return settings(
        max_examples=SCALE or (n * LONG_RUN_TIMES if LONG else n),
        derandomize=not LONG,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# ---------------------------------------------------------------------------
# strategies: words from many scripts and the awkward characters between them

WORDS = [
    "storm", "Port", "Ellis", "Monday", "the", "mayor", "said", "U.S.", "Mr.", "4,000", "km", "Reuters",
    "café", "naïve", "e\u0301", "a\u0308\u0301\u0323", "Zoë",  # combining marks
    "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0639\u0627\u0644\u0645",  # Arabic, Hebrew
    "\u4e2d\u6587", "\u65e5\u672c\u8a9e\u3002", "\ud55c\uad6d\uc5b4", "\u0928\u092e\u0938\u094d\u0924\u0947",  # CJK, Hangul, Devanagari
    "\U0001f600", "\U0001f1fa\U0001f1f8", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f",  # emoji, ZWJ
    "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",  # zero-width
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200f",  # bidi controls
    "\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m", "\x9b1m", "\x07", "\x00", "\x08", "\r", "\x0b", "\x0c", "\x7f", "\x85",
    "\u2028", "\u2029",  # line and paragraph separators
    "...", "!!!", "?!", "—", "“", "”", "\"", "'", "(", ")", "[", "]", "*", "_", "`", "#", "<b>", "</p>", "&amp;",
    "[bold]x[/]", "http://example.com/a?b=c", "x" * 300,
]
PUNCT = [".", "!", "?", "", "", ". ", "...", "?\"", ".”", "。"]

word = st.one_of(
    st.sampled_from(WORDS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12),
    st.integers(1, 2000).map(lambda n: "w" * n),  # very long words
)
sentence = st.builds(
    lambda ws, end: " ".join(ws) + end,
    st.lists(word, min_size=1, max_size=20),
    st.sampled_from(PUNCT),
)
paragraph = st.builds(" ".join, st.lists(sentence, min_size=1, max_size=8))
punctuation_only = st.text(st.sampled_from(".,;:!?-—…“”\"'()[]*#_ \n"), min_size=1, max_size=200)
huge_paragraph = st.builds(lambda s, n: " ".join([s] * n), sentence, st.integers(50, 400))  # one paragraph, thousands of words
paragraphs = st.builds("\n\n".join, st.lists(paragraph, min_size=1, max_size=6))
lines = st.builds("\n".join, st.lists(paragraph, min_size=1, max_size=6))
any_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
# one_of picks a branch uniformly: the huge paragraph (slow to segment) is one draw in eight
document = st.one_of(paragraphs, lines, any_text, paragraphs, lines, any_text, punctuation_only, huge_paragraph)
# Plausible news with the awkward characters mixed in, so that the cleaner
# keeps some of it and the ranker has sentences to choose from.
NEWS = [
    "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to evacuate.",
    "Mayor Ann Lee said she had never seen the water rise this fast and ordered the evacuation before dawn.",
    "About 4,000 people were moved to shelters inland, officials said on Tuesday.",
    "The weather service said winds reached 150 km per hour near the harbour.",
]


def _salt(base: str, extras: list[str], positions: list[int]) -> str:
    out = base
    for extra, pos in zip(extras, positions):
        pos = pos % (len(out) + 1)
        out = out[:pos] + extra + out[pos:]
    return out


salted_sentence = st.builds(
    _salt, st.sampled_from(NEWS), st.lists(st.sampled_from(WORDS), max_size=4), st.lists(st.integers(0, 200), min_size=4, max_size=4)
)
news_text = st.builds(
    lambda ss, noise: "\n\n".join(ss + ([noise] if noise else [])),
    st.lists(salted_sentence, min_size=1, max_size=5),
    st.one_of(st.just(""), document),
)


# ---------------------------------------------------------------------------
# render: the one helper that keeps control sequences off the terminal


@examples(150)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300) | document)
def test_strip_controls_leaves_no_control_character(text):
    out = strip_controls(text)
    assert not CONTROL.search(out)
    assert strip_controls(out) == out
    assert len(out) <= len(text)
    assert out.count("\n") == text.count("\n")  # lines stay lines (a tab inside an OSC string goes with it)
    md = escape_markdown(text)
    assert not CONTROL.search(md)


# ---------------------------------------------------------------------------
# clean


@examples(75)
@given(document, st.one_of(st.none(), word))
def test_clean_never_fails(raw, title):
    cleaned = clean_text(raw, title_hint=title)
    assert isinstance(cleaned.text, str)
    normalise_space(raw)
    strip_markup(raw)


@examples(25)
@given(st.lists(news_text, min_size=3, max_size=5))
def test_strip_repeated_keeps_one_result_per_text(texts):
    out = strip_repeated(texts)
    assert len(out) == len(texts)
    for (kept, removed), text in zip(out, texts):
        assert isinstance(kept, str) and isinstance(removed, list)


# ---------------------------------------------------------------------------
# segment


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start >= last, "spans overlap or go backwards"
        last = end


@examples(75)
@given(document)
def test_sentence_spans_are_ordered_slices(text):
    _check_spans(text, sentence_spans(text))
    _check_spans(text, paragraph_spans(text))
    assert split_sentences(text) == [text[s:e] for s, e in sentence_spans(text)]


@examples(50)
@given(st.one_of(document, news_text))
def test_segment_article_sentences_are_exact_slices(text):
    article = segment_article(Article(id="a", text=text))
    last = 0
    for n, s in enumerate(article.sentences):
        assert s.index == n and s.article_id == "a"
        assert 0 <= s.start < s.end <= len(text) and s.start >= last
        assert s.text == text[s.start:s.end]
        last = s.end


# ---------------------------------------------------------------------------
# ingest


@examples(25)
@given(
    st.lists(st.one_of(news_text, document), min_size=1, max_size=3),
    st.lists(st.one_of(st.none(), word), min_size=3, max_size=3),
    st.lists(st.one_of(news_text, document, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))), max_size=3),
)
def test_ingest_never_fails_and_reports_each_bad_record_once(texts, labels, junk):
    title, source, url = labels
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        lines = [json.dumps({"text": t, "title": title, "source": source, "url": url}) for t in texts]
        lines += [j.replace("\n", " ") for j in junk]  # raw lines: most are not JSON
        (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / "page.txt").write_text(texts[0], encoding="utf-8")
        (root / "blob.bin").write_bytes("".join(junk).encode("utf-8", "surrogatepass") + b"\x00\x01")
        loaded = load_paths([str(root)])
        for article in loaded.articles:
            assert article.text.strip()
        locations = [p.where for p in loaded.problems]
        assert len(locations) == len(set(locations)), "a bad input reported twice"
        for problem in loaded.problems:
            assert problem.message and "\n" not in problem.message
        jsonl_count = sum(a.path.endswith("feed.jsonl") for a in loaded.articles)
        jsonl_problems = sum(p.where.startswith(str(root / "feed.jsonl") + ":") for p in loaded.problems)
        nonblank = sum(1 for line in lines if line.strip())
        assert jsonl_count + jsonl_problems == nonblank, "every record is an article or one problem"


@examples(40)
@given(news_text | document, st.one_of(st.none(), word), st.one_of(st.none(), word))
def test_make_article_never_fails(raw, title, source):
    article = make_article(raw, path=None, key=0, group=None, title=title, source=source)
    assert isinstance(article.text, str)


# ---------------------------------------------------------------------------
# rank and render: citations verbatim, output free of control characters


def _story(articles: list[Article]) -> Story:
    summary, families = summarize_articles(articles, max_words=60)
    return Story(id="s", headline=articles[0].title or (summary.sentences[0].text if summary.sentences else "x"),
                 articles=articles, summary=summary, families=families)


@examples(30)
@given(
    st.lists(st.tuples(news_text, st.one_of(st.none(), word), st.one_of(st.none(), word)), min_size=1, max_size=4),
    st.booleans(),
)
def test_citations_are_verbatim_and_renders_are_clean(docs, quotes):
    articles = []
    for n, (text, title, source) in enumerate(docs):
        article = make_article(text, path=f"dir/{n}\x1b[2J.txt", key=n, group=None, title=title, source=source)
        if article.text.strip():
            articles.append(segment_article(article))
    if not articles:
        return
    story = _story(articles)
    by_id = {a.id: a for a in articles}
    for s in story.summary.sentences:
        assert s.citations
        for c in s.citations:
            assert c.quote in by_id[c.article].text, "a quote that is not in its article"
    for out in (to_text([story], quotes=quotes, width=60), to_markdown([story], quotes=quotes)):
        assert not CONTROL.search(out), repr(out)
    data = json.loads(render([story], "json"))
    for s in data["stories"][0]["summary"]["sentences"]:
        for c in s["citations"]:
            assert c["quote"] in by_id[c["article"]].text  # JSON keeps the text whole


@examples(15)
@given(st.lists(news_text, min_size=2, max_size=6))
def test_cluster_pipeline_cites_verbatim_and_renders_clean(texts):
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, text in enumerate(texts):
            path = Path(folder) / f"{n}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        result = run(paths, Options(cluster=True, max_words=50))
        ids = [a.id for s in result.stories for a in s.articles]
        assert len(ids) == len(set(ids)), "an article in two stories"
        for story in result.stories:
            for s in story.summary.sentences:
                for c in s.citations:
                    assert c.quote in story.article(c.article).text
        for fmt in ("text", "markdown"):
            assert not CONTROL.search(render(result.stories, fmt))


@examples(25)
@given(news_text, st.one_of(st.none(), word), st.one_of(st.none(), word))
def test_for_terminal_keeps_sentences_exact(text, title, source):
    article = segment_article(make_article(text, path="x\x1b[31m.txt", key=0, group=None, title=title, source=source))
    for_terminal(article)
    for field in (article.text, article.title or "", article.source or "", article.path or "", article.raw_text):
        assert not CONTROL.search(field)
    for s in article.sentences:
        assert s.text == article.text[s.start:s.end]
