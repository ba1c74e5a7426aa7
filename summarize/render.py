"""Stories to JSON (the contract in DESIGN.md), Markdown and plain text."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

from .lexicon import CJK_CLASS, plural
from .records import Story, Summary, text_digest
from .terminal import has_controls, strip_controls

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def one_line(text: str) -> str:
    """``text`` (a file name, a message naming one) kept to one line: a
    newline in it is shown as ``\\n``.  A file may be named "bad\\nname.txt";
    printed as it is, it broke a one-line stderr message in two and a
    Markdown source entry (trial E)."""
    return text.replace("\n", "\\n")


# Newswire typing (the DUC sets): ``TeX quotes'' and " _ " for a dash.
_WIRE_DASH = re.compile(r"(?<=\S) _ (?=\S)")
# Every whitespace character but space and newline: tab, no-break space, the
# Unicode spaces (thin, figure, ideographic ...).
_ODD_SPACE = re.compile(r"[^\S\n ]")
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‚‹›")
_DOUBLE_QUOTE_MARKS = frozenset("\"“”«»„")


_WIRE_SINGLE_QUOTE = re.compile(r"`([^`]*?)'(?!\w)")
# The wire's closing mark typed where an opening one belongs: at the start or
# after a space or bracket, before a word ("''few dozen miles''", shown as
# "”few dozen miles”" by a trial).
_WIRE_OPENING_CLOSER = re.compile(r"(?<![^\s(\[])''(?=[^\s'])")


def display_text(text: str) -> str:
    """Article text as a reader should see it on screen: ``strip_controls``,
    then ``` ``like this'' ``` as “like this” (and ```` `this' ```` as ‘this’), a spaced " _ " as " — ", and a
    no-break or other odd space as a plain one.  Display only: the JSON, the
    ranking and every quote stay verbatim; the text, Markdown and TUI outputs
    all show sentences, quotes, headlines and titles through here."""
    text = strip_controls(text)
    if "``" in text or "''" in text:
        text = _WIRE_OPENING_CLOSER.sub("“", text.replace("``", "“")).replace("''", "”")
    if "`" in text:  # the wire's single quotes: "The Good News About `Going Postal'" (a trial's headline)
        text = _WIRE_SINGLE_QUOTE.sub(r"‘\1’", text)
    if " _ " in text:
        text = _WIRE_DASH.sub(" — ", text)
    return _ODD_SPACE.sub(" ", text)


def shown_origin(sentence) -> str | None:
    """How an abstractive sentence came to be, as a reader is told it: a
    verified rewrite ("fused" in the JSON) of a sentence that one article
    alone reports had nothing to fuse, so it is "shortened"."""
    if sentence.origin == "fused" and len({c.article for c in sentence.citations}) == 1:
        return "shortened"
    return sentence.origin


def in_quote_marks(quote: str) -> str:
    """“quote”, unless it starts or ends with a quote mark of its own (“We
    value it,” Putin said / He added, “No.”), where another pair would double
    them.  A quote that holds double marks inside goes in single ones (‘... has
    “questions and concerns” on Ukraine.’), not in a second pair of doubles.
    The text itself is left as it is (a copied quote stays verbatim)."""
    if quote[:1] in _QUOTE_MARKS or quote[-1:] in _QUOTE_MARKS:
        return quote
    if any(mark in quote for mark in _DOUBLE_QUOTE_MARKS):
        return f"‘{quote}’"
    return f"“{quote}”"


def quote_marked(quote: str) -> str:
    """A citation's quote as shown: ``display_text`` in ``in_quote_marks``."""
    return in_quote_marks(display_text(quote))


def for_terminal(article):
    """The article as a screen shows it (the TUI): ``strip_controls`` on its
    text, the cleaner's record and its labels, and its sentences split again
    where the text changed, so that every span and quote built from it later
    is still a verbatim slice of what is shown."""
    from .segment import segment_article

    changed = has_controls(article.text)
    for name in ("text", "raw_text", "id", "title", "source", "url", "path", "date", "group"):
        value = getattr(article, name)
        if isinstance(value, str) and has_controls(value):
            setattr(article, name, strip_controls(value))
    article.removed = [strip_controls(r) for r in article.removed]
    article.credits = [strip_controls(c) for c in article.credits]
    if changed:
        segment_article(article)
    return article


def escape_markdown(text: str) -> str:
    """Article text is data: no link, tag or emphasis of its own may render,
    and no control character reaches the terminal."""
    return _MD_SPECIAL.sub(r"\\\1", strip_controls(text))


def summary_to_dict(summary: Summary) -> dict:
    out = {"method": summary.method, "sentences": []}
    if summary.model:
        out["model"] = summary.model
    if summary.mode:
        out["mode"] = summary.mode
    if summary.focus:
        out["focus"] = summary.focus
    if summary.seen:
        out["seen_articles"] = summary.seen
    if summary.read:
        out["read_articles"] = list(summary.read)
    if summary.note:
        out["note"] = summary.note
    from .attribute import quotation_differs

    for s in summary.sentences:
        citations = []
        for c in s.citations:
            citation = {"article": c.article, "quote": c.quote, "similarity": c.similarity}
            if how := quotation_differs(s.text, c.quote):
                citation["quotation"] = how  # the source words the sentence's quotation otherwise
            citations.append(citation)
        item = {
            "text": s.text,
            "citations": citations,
            "support": s.support,
            "score": s.score,
        }
        if s.supported is not None:
            item["supported"] = s.supported
        if s.flags or s.origin:  # abstractive sentences always say what backs them
            item["flags"] = list(s.flags)
        if s.origin:
            item["origin"] = s.origin
        out["sentences"].append(item)
    return out


def story_to_dict(story: Story) -> dict:
    out = {
        "id": story.id,
        "headline": story.headline,
        "articles": [
            {"id": a.id, "path": a.path, "source": a.source, "title": a.title, "url": a.url, "date": a.date,
             "digest": text_digest(a.text) if a.text else None}  # the desk's list reads no text: no fingerprint of ""
            for a in story.articles
        ],
        "outlets": story.outlets,
        "independent_sources": story.independent_sources,
        "articles_without_outlet": story.articles_without_outlet,
        "summary": summary_to_dict(story.summary),
    }
    if story.abstractive is not None:
        out["abstractive"] = summary_to_dict(story.abstractive)
    _add_coverage(story, out)
    return out


def _add_coverage(story: Story, out: dict) -> None:
    """Each sentence's coverage: how many outlets and independent sources carry it."""
    from .coverage import sentence_coverage

    for key, summary in (("summary", story.summary), ("abstractive", story.abstractive)):
        if summary is None or key not in out:
            continue
        for item, cov in zip(out[key]["sentences"], sentence_coverage(story, summary)):
            item["outlets"] = cov.outlets
            item["independent_sources"] = cov.independent
            item["articles_without_outlet"] = cov.unknown


def to_json(stories: list[Story], extra: dict | None = None) -> str:
    payload = {"stories": [story_to_dict(s) for s in stories]}
    if extra:
        payload.update(extra)
    return json.dumps(payload, ensure_ascii=False, indent=2)


def citation_numbers(story: Story) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(story.articles, start=1)}


def citation_marks(numbers: dict[str, int], sentence) -> str:
    """"[1][3]": the source numbers a summary sentence cites; none for a
    sentence no source supports (``nearest_sources`` names its nearest)."""
    if sentence.supported is False:
        return ""
    seen = sorted({numbers[c.article] for c in sentence.citations if c.article in numbers})
    return "".join(f"[{n}]" for n in seen)


def nearest_sources(numbers: dict[str, int], sentence) -> str:
    """"; nearest: [5]" for a sentence no source supports, where attribution
    found the nearest ones: a mark beside "NOT SUPPORTED" read as a citation
    to a trial's reader skimming the model's summary."""
    seen = sorted({numbers[c.article] for c in sentence.citations if c.article in numbers})
    return f"; nearest: {''.join(f'[{n}]' for n in seen)}" if seen and sentence.supported is False else ""


def source_list_markdown(story: Story) -> list[str]:
    numbers = citation_numbers(story)
    lines = ["**Sources**", ""]
    lines += [f"[{numbers[a.id]}] {escape_markdown(source_name(a))}{read_mark(story, a)}  " for a in story.articles]
    return lines


def read_mark(story: Story, article) -> str:
    """" (read)" after a source the reader had read (--seen), whose sentences
    the summary leaves out: a trial's update listed them as any other."""
    return " (read)" if article.id in story.summary.read else ""


def source_list_text(story: Story, width: int) -> list[str]:
    numbers = citation_numbers(story)
    lines = ["Sources:"]
    for a in story.articles:
        lines.extend(fill(f"[{numbers[a.id]}] {strip_controls(source_name(a))}{read_mark(story, a)}", width, subsequent_indent="    ").split("\n"))
    return lines


def outlet_counts(story: Story) -> str:
    """"5 outlets", "outlet unknown" (no article's outlet is known), or "5
    outlets · 2 of unknown outlet": articles of unknown outlet are not
    claimed as outlets of their own."""
    unknown = story.articles_without_outlet
    if not story.outlets:
        return "outlet unknown"
    return f"{plural(story.outlets, 'outlet')} · {unknown} of unknown outlet" if unknown else plural(story.outlets, "outlet")


def article_counts(story: Story) -> str:
    """"12 articles · 5 outlets" (see ``outlet_counts``): the story's size,
    worded alike in the text and Markdown outputs, the TUI's story list,
    heading and command palette."""
    return f"{plural(len(story.articles), 'article')} · {outlet_counts(story)}"


def shows_independent(story: Story) -> bool:
    """Whether the views add the independent sources after the outlets: where
    they differ from one source per outlet and per article of unknown outlet
    (wire copies count once, one outlet's reports are one source): "12
    articles · 5 outlets · 4 independent sources", "2 articles · outlet
    unknown · 1 independent source", the seeds' "5 articles · 3 outlets · 2
    of unknown outlet · 3 independent sources"."""
    return story.independent_sources != story.outlets_counting_unknown


def independent_count(story: Story) -> str | None:
    """"4 independent sources" where ``shows_independent``, else None."""
    return plural(story.independent_sources, "independent source") if shows_independent(story) else None


def coverage_line(story: Story) -> str:
    """"12 articles · 5 outlets · 4 independent sources": ``article_counts``,
    then ``independent_count`` where there is one."""
    independent = independent_count(story)
    return f"{article_counts(story)} · {independent}" if independent else article_counts(story)


def source_place(article) -> str | None:
    """Where an article came from: its file (and the record, for a file of
    many records, so six records of one JSONL file stay six sources), else
    its link, else "standard input".  An item of a saved feed is its file
    and its link: the items of one feed file are many sources."""
    if article.path:
        from .ingest import FEED_SUFFIXES, JSON_SUFFIXES, JSONL_SUFFIXES  # what ingest reads as files of records

        path = one_line(article.path)
        suffix = Path(article.path).suffix.lower()
        if suffix in JSONL_SUFFIXES | JSON_SUFFIXES:
            return f"{path} (record {article.id})"
        if article.url and suffix in FEED_SUFFIXES | {".xml"}:
            return f"{path} ({article.url})"
        return path
    if article.url:
        return article.url
    if article.group == "stdin":  # ingest.load_stdin: no file, no link
        return "standard input"
    return None


_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")


def display_date(date: str) -> str:
    """An article's date as a reader reads it: an ISO time stamp
    ("2026-12-06T09:00:00Z", a feed's) as "2026-12-06 09:00 UTC"; any other
    form as the article gives it."""
    m = _TIMESTAMP.match(date.strip())
    if not m:
        return display_text(date)
    zone = m.group(3)
    zone = " UTC" if zone in ("Z", "+00:00", "+0000", "-00:00") else (f" {zone}" if zone else "")
    return f"{m.group(1)} {m.group(2)}{zone}"


def source_name(article) -> str:
    """Outlet — “Title” — date — where it came from (``source_place``).  The
    date as the article gives it: a summary sentence that says "today" or
    "on Friday" is read against it (the cleaner takes a page's date line out
    of its text)."""
    bits = [display_text(article.source)] if article.source else []
    if article.title:
        bits.append(in_quote_marks(display_text(article.title)))
    if article.date:
        bits.append(display_date(article.date))
    place = source_place(article)
    if place:
        bits.append(place)
    return " — ".join(bits) or f"article {article.id}"  # never a bare "[1]"


def _summary_lines_md(story: Story, summary: Summary, numbers: dict[str, int], quotes: bool) -> list[str]:
    from .attribute import quotation_differs

    lines = []
    for n, s in enumerate(summary.sentences, start=1):
        mark = citation_marks(numbers, s)
        flag = ""
        if s.supported is False:
            flag = f" **(not supported by any source{nearest_sources(numbers, s)})**"
        elif s.flags:
            flag = " *(" + escape_markdown("; ".join(s.flags)) + ")*"
        lines.append(f"{n}. {escape_markdown(display_text(s.text))}{f' {mark}' if mark else ''}{flag}".rstrip())
        if quotes:
            for c in s.citations:
                if c.quote != s.text:
                    other = f"*({how})* " if (how := quotation_differs(s.text, c.quote)) else ""
                    lines.append(f"    - [{numbers.get(c.article, '?')}] {other}{escape_markdown(quote_marked(c.quote))}")
    return lines


def _reader_lines(story: Story) -> list[str]:
    """What the summary was asked for (--focus, --seen), and its note.  With a
    focus, whether the summary answers it or only touches on it (the order
    of ``pipeline.focus_order``): "Focus: ..." over each of eleven stories
    said nothing of which answered it (a user trial)."""
    from .pipeline import focus_order

    summary = story.summary
    lines = []
    if summary.focus:
        how = ("(answered here)", "(touched on here)", "")[focus_order(story)[0]]
        lines.append(f"Focus: {summary.focus} {how}".rstrip())
    if summary.seen:
        lines.append(f"New since {plural(summary.seen, 'article')} already read")
    if summary.note:
        lines.append(f"Note: {summary.note}")
    return lines


def to_markdown(stories: list[Story], quotes: bool = False) -> str:
    out = []
    for story in stories:
        numbers = citation_numbers(story)
        out.append(f"## {escape_markdown(display_text(story.headline))}")
        out.append("")
        out.append(f"*{coverage_line(story)}*")
        out.append("")
        for line in _reader_lines(story):
            out.append(f"*{escape_markdown(line)}*")
            out.append("")
        out.extend(_summary_lines_md(story, story.summary, numbers, quotes))
        if story.abstractive is not None:
            out.append("")
            model = f" ({escape_markdown(story.abstractive.model)})" if story.abstractive.model else ""
            out.append(f"**Abstractive{model}**")
            out.append("")
            if story.abstractive.note:
                out.append(f"*Note: {escape_markdown(story.abstractive.note)}*")
                out.append("")
            out.extend(_summary_lines_md(story, story.abstractive, numbers, quotes))
        out.append("")
        out.extend(source_list_markdown(story))
        out.append("")
    return strip_controls("\n".join(out).rstrip() + "\n")


# A wide character (Chinese, Japanese, Korean, full-width forms) takes two
# terminal cells.  Chinese and Japanese lines break between any two of their
# characters, but not before closing punctuation ("。", "」"); Korean, which
# spaces its words, breaks at spaces like Latin text.
_ANY_BREAK = f"{CJK_CLASS}\u3000-\u303f\uff01-\uff65"
_CLOSING = "、。，．・：；？！）」』】〉》”’ー"
_WIDE_CHUNK = rf"\s+|[{_ANY_BREAK}][{_CLOSING}]*|[^\s{_ANY_BREAK}]+"  # compiled at its first use (re's cache)


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """``textwrap.fill`` measured in terminal cells, so a line of Chinese or
    Japanese (two cells a character, no spaces to break at) fits the width
    too; text without wide characters is wrapped by textwrap itself."""
    from rich.cells import cell_len  # here, not at the CLI's start
    if cell_len(text) == len(text):
        return textwrap.fill(text, width=width, initial_indent=initial_indent, subsequent_indent=subsequent_indent)
    lines: list[str] = []
    line, used = initial_indent, cell_len(initial_indent)
    start = True
    for chunk in re.findall(_WIDE_CHUNK, text):
        size = cell_len(chunk)
        if chunk.isspace():
            if not start:
                line, used = line + " ", used + 1
            continue
        if used + size > width and not start:
            lines.append(line.rstrip())
            line, used = subsequent_indent, cell_len(subsequent_indent)
        line, used = line + chunk, used + size
        start = False
    lines.append(line.rstrip())
    return "\n".join(lines)


def headline_lines(story: Story, width: int) -> list[str]:
    """The headline wrapped to ``width`` and its rule: at 80 columns an
    88-character headline ran past the rule (a trial), in the text output
    and in ``--compare`` alike."""
    from rich.cells import cell_len

    headline = fill(display_text(story.headline), width)
    return [headline, "=" * min(max(cell_len(line) for line in headline.splitlines() or [""]), width)]


def to_text(stories: list[Story], quotes: bool = False, width: int | None = None) -> str:
    from .attribute import quotation_differs

    width = width or min(shutil.get_terminal_size((100, 24)).columns, 100)
    out = []
    for story in stories:
        numbers = citation_numbers(story)
        out.extend(headline_lines(story, width))
        out.append(coverage_line(story))
        out.append("")
        for line in _reader_lines(story):
            out.append(fill(strip_controls(line), width))
            out.append("")
        for label, summary in (("", story.summary), ("Abstractive", story.abstractive)):
            if summary is None:
                continue
            if label:
                out.append(f"{label}{f' ({strip_controls(summary.model)})' if summary.model else ''}:")
                if summary.note:
                    out.append(fill(f"Note: {strip_controls(summary.note)}", width, initial_indent="  ", subsequent_indent="  "))
            for s in summary.sentences:
                mark = citation_marks(numbers, s)
                flag = f" (NOT SUPPORTED by any source{nearest_sources(numbers, s)})" if s.supported is False else ""
                if s.flags and s.supported is not False:
                    flag = " (" + strip_controls("; ".join(s.flags)) + ")"
                out.append(fill(f"{display_text(s.text)}{f' {mark}' if mark else ''}{flag}", width, initial_indent="  * ", subsequent_indent="    "))
                if quotes:
                    for c in s.citations:
                        if c.quote != s.text:
                            number = f"[{numbers.get(c.article, '?')}] "
                            other = f"({how}) " if (how := quotation_differs(s.text, c.quote)) else ""
                            out.append(fill(other + quote_marked(c.quote), width, initial_indent="      " + number, subsequent_indent=" " * (6 + len(number))))
            out.append("")
        out.extend(source_list_text(story, width))
        out.append("")
    return strip_controls("\n".join(out).rstrip() + "\n")


def render(stories: list[Story], fmt: str, quotes: bool = False) -> str:
    if fmt == "json":
        return to_json(stories) + "\n"
    if fmt == "jsonl":  # -o x.jsonl: one story a line, as the Ray engine writes it
        return "".join(json.dumps(story_to_dict(s), ensure_ascii=False) + "\n" for s in stories)
    if fmt == "markdown":
        return to_markdown(stories, quotes=quotes)
    return to_text(stories, quotes=quotes)
