"""Read files, directories, JSON/JSONL records and stdin into Articles.

Bad input never stops the run: each unreadable, empty, binary or malformed
input becomes a ``Problem`` (one line for stderr) and the rest goes on.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import logging
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable

from .clean import clean_text, normalise_space, strip_markup
from .records import Article, Problem, Progress
from .segment import TERMINAL

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
# A saved feed by its extension; an ".xml" file (or any other) is a feed when
# its markup starts like one (``_is_feed_file``), since ".xml" holds much else.
FEED_SUFFIXES = {".rss", ".atom"}

# Input limits (README, "Input limits and exit codes").  Beyond them an input
# is refused with one line before any cleaning, so that a huge or degenerate
# input (50 MB with no sentence punctuation, say) costs a second, not minutes
# and gigabytes.  A news article is a few thousand characters; a long report
# a few hundred thousand.
MAX_ARTICLE_CHARS = 1_000_000  # text of one article: a text file, a record's "text", stdin
MAX_PAGE_CHARS = 20_000_000  # an HTML page, markup included, before its text is extracted
MAX_FILE_BYTES = 80_000_000  # a text or HTML file bigger than this is not even read (JSON/JSONL files: no limit, records are checked one by one)

_SENTENCE_END = re.compile(f"[{re.escape(TERMINAL)}]")


@dataclass
class Loaded:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # progress(articles read so far, 0 = total unknown, what)
    progress: Progress | None = None
    files_read: set[str] = field(default_factory=set)  # real paths: a file reached twice (links) is read once
    # earlier JSON outputs of summarize met among the inputs, (where, the output): no articles,
    # but what --seen reads (``pipeline.load_seen``)
    outputs: list[tuple[str, dict]] = field(default_factory=list)

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(len(self.articles), 0, "reading articles")


def stable_id(*parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:10]


# How much messier (charset_normalizer's mess ratio) Windows-1252 may read
# than the detector's best guess and still be taken: the tie margin the
# Latin code pages already had.  Polish in cp1250 or Russian in cp1251 read
# as Windows-1252 score about 1.1, far outside it.
WESTERN_SLACK = 0.05


def decode_bytes(data: bytes) -> str:
    """UTF-8 when it is, else the most plausible charset, never a crash."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
        from charset_normalizer.md import mess_ratio

        matches = list(from_bytes(data))
        if matches:
            best = matches[0]
            # Short Western text is ambiguous between the code pages (a lone
            # "it\x92s" reads as Big5 as cleanly as anything; German "\x84vorbei\x93"
            # came out as cp775); Windows-1252 is by far the likeliest for
            # news, so it wins whenever it reads as cleanly as the best guess.
            try:
                western = data.decode("cp1252")
            except UnicodeDecodeError:  # a byte Windows-1252 leaves undefined
                western = None
            if western is not None and mess_ratio(western) <= best.chaos + WESTERN_SLACK:
                return western
            for match in matches:  # Windows-1252 ruled out: the other Latin pages still win ties
                if match.encoding in ("cp1252", "latin_1", "iso8859_15") and match.chaos <= best.chaos + WESTERN_SLACK:
                    return str(match)
            return str(best)
    except Exception:  # a detector failure must not lose the article
        pass
    return data.decode("cp1252", errors="replace")


# Byte-order marks of the Unicode forms that are not ASCII-compatible, UTF-32
# first (UTF-32 LE's mark begins with UTF-16 LE's).  Windows Notepad's
# "Unicode" is UTF-16 LE with a mark: its NUL bytes had made it "binary".
WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def as_utf8(data: bytes) -> bytes:
    """UTF-16 or UTF-32 data with a byte-order mark as UTF-8, else ``data``
    as it is: the binary check, JSON Lines read line by line and the charset
    guess all read ASCII-compatible bytes.  A character cut at the end (a
    stream read up to a limit) is left out; data that does not decode in the
    mark's form is left as it is (and found binary)."""
    for bom, codec in WIDE_BOMS:
        if data.startswith(bom):
            try:
                return codecs.getincrementaldecoder(codec)().decode(data, final=False).encode("utf-8")
            except UnicodeError:
                return data
    return data


def looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    control = sum(b < 9 or 13 < b < 32 for b in sample)
    return bool(sample) and control / len(sample) > 0.1


# How htmldate (through trafilatura) finds a page's date: in what the page
# states (its metadata, a <time> or a date element, the URL), never by
# "extensive search", trafilatura's default, which takes any year in the
# body or the footer for a date: a trial page without a date was dated
# 2013-01-01 from "where in 2013, he unveiled ..." and 2022-01-01 from
# "(c) 2022".  A year alone is no date.
HTML_DATE_SEARCH = {"original_date": True, "extensive_search": False}


def _from_html(html: str) -> tuple[str, dict]:
    """Main text and metadata of a page, by trafilatura."""
    import datetime

    import trafilatura

    doc = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True, with_metadata=True,
        # max_date: today, as trafilatura's own parameters have it (a later date is a typo)
        date_extraction_params={**HTML_DATE_SEARCH, "max_date": datetime.date.today().isoformat()},
    )
    if doc is None:
        return "", {}
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if _title_part_as_sitename(html, meta.get("sitename")):
        meta["sitename"] = None
    return meta.get("text") or "", meta


def _title_part_as_sitename(html: str, sitename: str | None) -> bool:
    """Whether trafilatura's site name is its guess from the <title>, not a
    domain.  With no site-name meta tag it takes the first side of the title's
    separator that holds a full stop, meant for "example.com", so
    "U.S. stocks tumble as Asia sells off | Wire One" made the headline the
    outlet (trial E): a name with a space is no domain, and a title without a
    full stop gives no outlet either."""
    if not sitename or not any(c.isspace() for c in sitename) or "." not in sitename:
        return False  # no name, or one the title guess could not give
    from trafilatura.metadata import extract_sitename
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None or extract_sitename(tree) != sitename:
        return False
    # the same name in a meta tag (og:site_name, application-name) is the page's own
    return not any(" ".join((m.get("content") or "").split()) == sitename for m in tree.iter("meta"))


def make_article(
    raw: str,
    *,
    path: str | None,
    key: object,
    group: str | None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    date: str | None = None,
    article_id: str | None = None,
    is_html: bool = False,
    limit: bool = False,
) -> Article:
    """One Article from one input's text.  ``limit``: raise ``TooLong`` (a
    ValueError whose text is one line for the user) for an input over the
    limits above, before the extractor and the cleaner see it."""
    text_in = raw
    if limit:
        check_length(raw, is_html)
    if is_html:
        text_in, meta = _from_html(raw)
        if limit:
            check_length(text_in, False)
        title = title or meta.get("title")
        source = source or meta.get("sitename")
        url = url or meta.get("url")
        date = date or meta.get("date")
    if title:
        title = normalise_space(strip_markup(title)[0]) or None
    cleaned = clean_text(text_in, title_hint=title)
    return Article(
        # the file itself, however its path is spelled ("seeds", "./seeds", a link, another working
        # folder): the id was the path as typed, so --seen and scripts lost track of the same article
        id=str(article_id) if article_id else stable_id(os.path.realpath(path) if path else path, key),
        text=cleaned.text,
        title=title or cleaned.title,
        source=source or cleaned.source,
        url=url,
        path=path,
        date=date or cleaned.date,
        group=group,
        raw_text=raw,
        removed=cleaned.removed,
        credits=cleaned.credits,
    )


class TooLong(ValueError):
    """An input over the documented limits (``str()`` is the reason, one line)."""


def check_length(text: str, is_html: bool = False) -> None:
    limit, what = (MAX_PAGE_CHARS, "page") if is_html else (MAX_ARTICLE_CHARS, "article")
    if len(text) > limit:
        raise TooLong(
            f"{len(text):,} characters, over the limit of {limit:,} for one {what}; "
            "split it into articles (one JSON Lines record each)"
        )


def _why_empty(article: Article) -> str:
    """Why an input gave no article: no sentences at all, or the cleaner
    took everything (menus, links, captions)."""
    if not article.raw_text.strip():
        return "empty text"
    if not _SENTENCE_END.search(article.raw_text):
        return "no sentences: the text has no sentence punctuation (. ! ?)"
    return "no article text left after cleaning"


def _record_article(record: dict, *, path: str | None, key: object, group: str | None) -> Article:
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError('record has no "text" string')
    if path is None:  # no file (standard input): a record without an id is known by its text, not its line
        key = stable_id(key, text)
    def str_or_none(k: str) -> str | None:
        """A field as text: a number is written out (database exports give
        ids and dates as numbers: "id": 7 was dropped, and the article got a
        hash for an id); a list of strings (several outlets or authors) is
        joined; anything else is no value."""
        value = record.get(k)
        if isinstance(value, bool):
            return None
        if isinstance(value, (int, float)):
            value = str(value)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        return value if isinstance(value, str) and value.strip() else None

    return make_article(
        text,
        path=path,
        key=key,
        group=group,
        title=str_or_none("title"),
        source=str_or_none("source"),
        url=str_or_none("url"),
        date=str_or_none("date"),
        article_id=str_or_none("id"),
        is_html=bool(record.get("html")) or text.lstrip().startswith("<"),
        limit=True,
    )


def _records_to_articles(records: Iterable[tuple[object, str, object]], path: str | None, group: str | None, out: Loaded) -> None:
    """Records are articles; a record with a "docs" list is a story of its own.

    ``records`` yields (key, where, record): ``key`` makes the article id
    stable, ``where`` says where the record is for an error line, in one
    format for every input, ``FILE:LINE`` (JSON Lines) or ``FILE: record N``
    (a JSON array), then ``: message``."""
    for key, where, record in records:
        if not isinstance(record, dict):
            out.problems.append(Problem(where, "record is not a JSON object, skipped"))
            continue
        if isinstance(record.get("docs"), list):
            story = str(record.get("id") or record.get("title") or f"{Path(path).stem if path else 'stdin'}:{key}")
            title = record["title"].strip() if isinstance(record.get("title"), str) and record["title"].strip() else None
            for n, doc in enumerate(record["docs"]):
                try:
                    article = _record_article(doc, path=path, key=f"{key}/{n}", group=story)
                    article.story_title, article.in_story_record = title, True
                    _add_record(article, f"{where}: doc {n + 1}", out)
                except (ValueError, AttributeError) as err:
                    out.problems.append(Problem(f"{where}: doc {n + 1}", f"{err}, skipped"))
            continue
        try:
            _add_record(_record_article(record, path=path, key=key, group=group), where, out)
        except ValueError as err:
            out.problems.append(Problem(where, f"{err}, skipped"))
        out.tick()


def _add_record(article: Article, where: str, out: Loaded) -> None:
    if article.text.strip():
        out.articles.append(article)
    else:
        out.problems.append(Problem(where, f"{_why_empty(article)}, skipped"))


def json_problem(err: json.JSONDecodeError) -> str:
    """What is wrong with a JSON text, whole: ``err.msg`` alone is a fragment
    ("Unterminated string starting at") whose position lives only in
    ``str(err)``.  The line is in the ``FILE:LINE`` prefix already, so this
    names the column: "invalid JSON (unterminated string starting at column 9)"."""
    what = err.msg[:1].lower() + err.msg[1:]
    joint = " " if what.endswith(" at") else " at "
    return f"invalid JSON ({what}{joint}column {err.colno})"


def _load_jsonl(text: str, path: str | None, group: str | None, out: Loaded, name: str | None = None) -> None:
    """JSON Lines from text; ``path`` None: no file (standard input, a pipe),
    ``name`` says where in the problem lines."""
    name = name or str(path)
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((f"line {number}", f"{name}:{number}", json.loads(line)))
        except json.JSONDecodeError as err:
            out.problems.append(Problem(f"{name}:{number}", f"{json_problem(err)}, line skipped"))
    if not _own_output_lines(records, name, out):
        _records_to_articles(records, path, group, out)


def _own_output_lines(records: list, name: str, out: Loaded) -> bool:
    """Are these JSON Lines summarize's own stories, one a line (``-o
    stories.jsonl``)?  Then they are an earlier output, as the JSON form is:
    read as records, each line had been 'record has no "text" string' (a
    trial's --seen)."""
    return _take_output({"stories": [record for _, _, record in records]}, name, out)


def _take_output(data: object, name: str, out: Loaded) -> bool:
    """Keep ``data`` as an earlier output of summarize when it is one
    (``is_own_output``): one skipped line that points to --seen, and the
    output in ``out.outputs`` for --seen to read; True when it was."""
    if not is_own_output(data):
        return False
    out.problems.append(Problem(name, OWN_OUTPUT))
    out.outputs.append((name, data))
    return True


def _holds_json_lines(data: bytes, sample: int = 20) -> bool:
    """Does one of the first lines parse as JSON (a JSON Lines file with some
    binary records, not a binary file)?"""
    for line in data[:1 << 16].split(b"\n")[:sample]:
        try:
            json.loads(line)
            return True
        except ValueError:
            continue
    return False


def _load_jsonl_bytes(data: bytes, path: str, group: str | None, out: Loaded, first_line: int = 1) -> None:
    """JSON Lines from bytes, decoded line by line: UTF-8 (the JSON Lines
    rule) where it is, else the line's most plausible charset; a line of
    binary data is one problem, like a line of bad JSON.  ``first_line``: the
    line number of ``data``'s first line (a piece of a bigger file)."""
    records = []
    start = len(out.problems)
    for number, raw in enumerate(data.split(b"\n"), start=first_line):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            line = None
        if b"\x00" in raw or (line is None and looks_binary(raw)):
            out.problems.append(Problem(f"{path}:{number}", "binary data, not a JSON record, line skipped"))
            continue
        if line is None:
            line = decode_bytes(raw)
        try:
            records.append((f"line {number}", f"{path}:{number}", json.loads(line)))
        except json.JSONDecodeError as err:
            out.problems.append(Problem(f"{path}:{number}", f"{json_problem(err)}, line skipped"))
    if _own_output_lines(records, path, out):
        return
    _records_to_articles(records, path, group, out)
    # lines that are no JSON are found first, records without text after: report them in line order
    out.problems[start:] = sorted(out.problems[start:], key=lambda p: _line_number(p.where, path))


def _line_number(where: str, path: str) -> int:
    """The line of a problem at "PATH:LINE" or "PATH:LINE: doc N" (0 without one)."""
    digits = where[len(path) + 1:].split(":", 1)[0] if where.startswith(f"{path}:") else ""
    return int(digits) if digits.isdigit() else 0


OWN_OUTPUT = "an earlier JSON output of summarize (its stories, not articles), skipped; pass it to --seen to leave out what it covered"


def is_own_output(data: object) -> bool:
    """Is this JSON summarize's own output (``{"stories": [{"headline": ...,
    "summary": ...}, ...]}``)?  Its articles carry no text: read as input, each
    story had been 'record has no "text" string' (a trial)."""
    stories = data.get("stories") if isinstance(data, dict) else None
    return bool(stories) and isinstance(stories, list) and all(
        isinstance(s, dict) and "headline" in s and "summary" in s and "text" not in s for s in stories
    )


def _load_json(text: str, path: str | None, group: str | None, out: Loaded, name: str | None = None) -> None:
    """A JSON document's records (``path``, ``name``: as for ``_load_jsonl``)."""
    name = name or str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        # Many ".json" exports are really JSON Lines.
        if "\n" in text.strip():
            _load_jsonl(text, path, group, out, name)
        else:
            out.problems.append(Problem(f"{name}:{err.lineno}", f"{json_problem(err)}, file skipped"))
        return
    _load_json_data(data, path, group, out, name)


def _load_json_data(data: object, path: str | None, group: str | None, out: Loaded, name: str) -> None:
    """The records of a parsed JSON document."""
    if _take_output(data, name, out):
        return
    if isinstance(data, dict):
        # A wrapper object holding a list of records; a lone record (one with
        # "docs" included) is taken as it is.
        for key in ("articles", "items", "documents", "stories"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        out.problems.append(Problem(name, "JSON holds no article records, skipped"))
        return
    _records_to_articles(((f"record {i + 1}", f"{name}: record {i + 1}", r) for i, r in enumerate(data)), path, group, out)


def json_kind(text: str) -> str | None:
    """"json" when the text is one JSON document, "jsonl" when its first line
    is a JSON object (JSON Lines records, a bad line further on reported as
    in a .jsonl file), else None.  Only text that opens with "{" or "[" and
    parses: prose that merely starts with a brace stays text."""
    return _sniff_json(text)[0]


def _sniff_json(text: str) -> tuple[str | None, object]:
    """``json_kind`` and, for one JSON document, the document parsed (the
    loader then reads it without parsing it again)."""
    if not _opens_json(text):
        return None, None
    body = text.lstrip("\ufeff \t\r\n")
    try:
        return "json", json.loads(body)
    except (ValueError, RecursionError):
        pass
    try:
        return ("jsonl" if isinstance(json.loads(body.split("\n", 1)[0]), dict) else None), None
    except (ValueError, RecursionError):
        return None, None


def load_sniffed(text: str, path: str | None, group: str | None, out: Loaded, name: str | None = None) -> bool:
    """Read ``text`` as records when it is JSON (``json_kind``), as a .json or
    .jsonl file is (an earlier output of summarize included); True when it
    was.  For what comes without a telling name: standard input, a pipe, a
    file saved as "day1.out" (a trial had summarised such JSON as prose)."""
    kind, data = _sniff_json(text)
    if kind == "json":
        _load_json_data(data, path, group, out, name or str(path))
    elif kind == "jsonl":
        _load_jsonl(text, path, group, out, name)
    return kind is not None


def _is_feed_file(data: bytes, suffix: str) -> bool:
    """A saved RSS or Atom feed: its extension says so (.rss, .atom), or its
    markup starts with a feed's element (``feeds.looks_like_feed``: ``<rss``,
    ``<feed``, ``<rdf:RDF``), whatever the extension (.xml, .txt, none)."""
    from .feeds import looks_like_feed

    if suffix in FEED_SUFFIXES:
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and looks_like_feed(data)


def _load_feed(data: bytes, path: str, group: str | None, out: Loaded) -> None:
    """A saved feed, one article per item, read by ``feeds.parse_feed`` (the
    parser ``summarize add`` uses): the item's title, its link as the url, its
    date, the channel's title as the source, its content or summary with the
    markup stripped as the text.  A trial had read a feed as one text, its
    items run together.  The items keep the file's story group, as a JSON
    file's records do: ``--cluster`` gives each its story."""
    from .feeds import FetchError, parse_feed

    try:
        feed = parse_feed(data)
    except FetchError as err:
        out.problems.append(Problem(path, f"{err}, skipped"))
        return
    if feed.note:
        log.info("%s: %s", path, feed.note)
    if not feed.items:
        out.problems.append(Problem(path, "feed holds no items, skipped"))
        return
    keys: set[str] = set()
    for n, item in enumerate(feed.items, start=1):
        where = f"{path}: item {n}"
        if not item.summary:
            out.problems.append(Problem(where, "feed item has no text, only a link (summarize add fetches a feed's pages), skipped"))
            continue
        key = item.id or item.link or f"item {n}"
        if key in keys:  # two items of one id: each its own article id
            key = f"{key} (item {n})"
        keys.add(key)
        try:
            article = make_article(
                item.summary, path=path, key=key, group=group,
                title=item.title, source=feed.title, url=item.link, date=item.date, limit=True,
            )
        except TooLong as err:
            out.problems.append(Problem(where, f"{err}, skipped"))
            continue
        _add_record(article, where, out)


def load_file(path: Path, group: str | None, out: Loaded) -> None:
    name = str(path)
    try:
        suffix = path.suffix.lower()
        if suffix == ".parquet":  # the local engine has no pyarrow (it comes with the scale extra)
            out.problems.append(Problem(name, "a Parquet file is read by the Ray engine only (--engine ray, with the scale extra), skipped"))
            return
        if not path.is_file():  # a FIFO or a device in a folder: reading it could wait for ever
            out.problems.append(Problem(name, "not a regular file or directory, skipped"))
            return
        size = path.stat().st_size
        if size > MAX_FILE_BYTES and suffix not in JSONL_SUFFIXES | JSON_SUFFIXES:
            out.problems.append(Problem(name, f"{size:,} bytes, over the limit of {MAX_FILE_BYTES:,} for one text or HTML file; split it into articles (one JSON Lines record each), skipped"))
            return
        data = as_utf8(path.read_bytes())
    except OSError as err:
        out.problems.append(Problem(name, f"cannot read ({err.strerror or err}), skipped"))
        return
    if not data.strip():
        out.problems.append(Problem(name, "empty file, skipped"))
        return
    if suffix in JSONL_SUFFIXES and not (looks_binary(data) and not _holds_json_lines(data)):
        # line by line: a binary or mis-encoded record costs its own line, not the file
        _load_jsonl_bytes(data, name, group, out)
        out.tick()
        return
    if looks_binary(data):
        out.problems.append(Problem(name, "binary file, not text, skipped"))
        return
    if suffix not in JSON_SUFFIXES | HTML_SUFFIXES and _is_feed_file(data, suffix):
        _load_feed(data, name, group, out)
        out.tick()
        return
    text = decode_bytes(data)
    if suffix in JSON_SUFFIXES:
        _load_json(text, name, group, out)
    elif suffix in HTML_SUFFIXES or not load_sniffed(text, name, group, out):
        is_html = suffix in HTML_SUFFIXES or (
            suffix not in TEXT_SUFFIXES and text.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
        )
        try:
            article = make_article(text, path=name, key=0, group=group, is_html=is_html, limit=True)
        except TooLong as err:
            out.problems.append(Problem(name, f"{err}, skipped"))
            return
        if article.text.strip():
            out.articles.append(article)
        else:
            out.problems.append(Problem(name, f"{_why_empty(article)}, skipped"))
    out.tick()


# A web page's own files, which a folder walk leaves out: what "Save Page
# As... (complete)" puts beside the page, and what a site mirror holds.  They
# are code, style sheets, fonts and pictures, never an article; read as text a
# script's comments had become the top story.  A file of these kinds named on
# the command line is still read (as text when it is text): it was asked for.
ASSET_SUFFIXES = {
    ".js", ".mjs", ".cjs", ".ts", ".map", ".json5", ".wasm",  # scripts and their source maps
    ".css", ".scss", ".sass", ".less",  # style sheets
    ".woff", ".woff2", ".ttf", ".otf", ".eot",  # fonts
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp", ".tif", ".tiff",  # pictures
    ".mp3", ".mp4", ".m4a", ".ogg", ".oga", ".webm", ".wav",  # sound and video
}
# The folder a browser saves a page's files in, beside the page: Firefox and
# Chrome name it after the page, "<name>_files" for "<name>.html".
PAGE_FILES_SUFFIX = "_files"
ASSET_SKIPPED = "a script, style sheet, font or picture (a web page's own file), not an article, skipped"


def _is_asset(path: Path) -> bool:
    return path.suffix.lower() in ASSET_SUFFIXES


def _page_files_of(folder: Path) -> Path | None:
    """The saved page whose own files ``folder`` holds ("page_files" beside
    "page.html"), else None."""
    if not folder.name.endswith(PAGE_FILES_SUFFIX):
        return None
    stem = folder.name[: -len(PAGE_FILES_SUFFIX)]
    for suffix in sorted(HTML_SUFFIXES):
        page = folder.with_name(stem + suffix)
        if page.is_file():
            return page
    return None


def _folders_to_walk(folders: list[Path], problems: list[Problem]) -> list[Path]:
    """``folders`` less a saved page's own files ("page_files" beside
    "page.html"), each of which is said once in ``problems``."""
    kept = []
    for folder in folders:
        page = _page_files_of(folder)
        if page is None:
            kept.append(folder)
        else:
            problems.append(Problem(
                str(folder), f"the saved page {page.name}'s own files (scripts, style sheets, pictures), not articles, skipped",
                expected=True,
            ))
    return kept


def _walk_entry(path: Path, group: str, files: list[tuple[Path, str]], problems: list[Problem]) -> None:
    """A file met in a folder walk: kept, or skipped with its reason
    (a page's own file, a broken link)."""
    if path.is_symlink() and not path.exists():
        problems.append(broken_link(path))
    elif _is_asset(path):
        problems.append(Problem(str(path), ASSET_SKIPPED, expected=True))
    else:
        files.append((path, group))


def broken_link(path: Path) -> Problem:
    """A symbolic link to nothing: said so, where it had been passed over in
    silence in a folder and called "no such file" when named.  Links that lead
    back to each other (loopB -> loopB2 -> loopB) are a loop, not "broken
    (to loopB2, which does not exist)", as a trial was told."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Problem(str(path), f"symlink loop (to {target}, which leads back to it), skipped")
    return Problem(str(path), f"broken link (to {target}, which does not exist), skipped")


def _holds(folder: str, path: str) -> bool:
    """Is ``path`` the real folder ``folder`` or inside it?"""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _linked_folder_problem(link: Path, walked: set[str], named: str) -> Problem | None:
    """Why a folder walk does not follow the symlinked folder ``link``, or None
    to follow it.  A link to the folder named, to one that holds it or holds
    the link (``ln -s .. up``) is a loop: followed, it had read every file of
    the parent (trial E).  A link to a folder already walked would read it
    twice.  A link to other content, inside the folder named or outside it, is
    followed, as ``find -L`` does: somebody put it there to be read."""
    real = os.path.realpath(link)
    if _holds(real, named) or _holds(real, os.path.realpath(link.parent)):
        return Problem(str(link), f"symlink loop (to {os.readlink(link)}, a folder that holds it), skipped", expected=True)
    if real in walked:
        return Problem(str(link), f"link to a folder read already ({real}), skipped", expected=True)
    return None


def _visible_files(
    directory: Path, group: str, files: list[tuple[Path, str]], problems: list[Problem], walked: set[str], named: str,
) -> None:
    """The files under ``directory``, following its symlinked folders but for
    loops and folders walked already (``walked``, real paths)."""
    walked.add(os.path.realpath(directory))
    for root, dirs, names in os.walk(directory, followlinks=True):
        here = Path(root)
        kept = []
        for sub in _folders_to_walk([here / d for d in sorted(dirs) if not d.startswith(".")], problems):
            if sub.is_symlink():
                problem = _linked_folder_problem(sub, walked, named)
                if problem:
                    problems.append(problem)
                    continue
            walked.add(os.path.realpath(sub))
            kept.append(sub.name)
        dirs[:] = kept
        for n in sorted(names):
            if not n.startswith("."):
                _walk_entry(here / n, group, files, problems)


def input_files(raw_path: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The files one command-line path stands for, in reading order, each with
    its story group (see ``load_paths``); and the problems found on the way:
    the path's own (missing, a broken link), or the files a folder walk
    leaves out (a saved page's own files, broken links)."""
    path = Path(raw_path)
    if path.is_dir():
        files: list[tuple[Path, str]] = []
        problems: list[Problem] = []
        entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        named = os.path.realpath(path)
        walked = {named}
        subdirs = []
        for sub in _folders_to_walk([p for p in entries if p.is_dir()], problems):
            problem = _linked_folder_problem(sub, walked, named) if sub.is_symlink() else None
            if problem:
                problems.append(problem)
            else:
                subdirs.append(sub)
        # load_file reports a FIFO or a device; a broken link is reported here
        loose = [p for p in entries if not p.is_dir() and (p.exists() or p.is_symlink())]
        for sub in subdirs:
            problem = _linked_folder_problem(sub, walked, named) if sub.is_symlink() else None
            if problem:  # a link to a folder walked already
                problems.append(problem)
                continue
            _visible_files(sub, sub.name, files, problems, walked, named)
        group = path.resolve().name if not subdirs else f"{path.resolve().name} (loose files)"
        for f in loose:
            _walk_entry(f, group, files, problems)
        return files, problems
    if path.is_file():
        return [(path, "input")], []
    if path.exists():
        return [], [Problem(str(path), "not a regular file or directory, skipped")]
    if path.is_symlink():
        return [], [broken_link(path)]
    return [], [Problem(str(path), "no such file or directory")]


def empty_directory(raw_path: str) -> Problem:
    return Problem(str(Path(raw_path)), "directory holds no usable article")


def _opens_json(text: str) -> bool:
    """Does a stream open like JSON?  Then it is read whole, as a JSON file is
    (records are checked one by one), not cut at one article's limit."""
    return text.lstrip("\ufeff \t\r\n").startswith(("{", "["))


def read_stdin(stream: IO[str]) -> str | None:
    """Standard input as text, read as a file is (its bytes, UTF-16/32 by
    their byte-order mark, the file's charset guess), at most what
    ``MAX_ARTICLE_CHARS + 1`` characters can take unless it opens like JSON;
    None when it is binary data.  A stream without bytes beneath (a test's
    StringIO) is read as text."""
    raw_stream = getattr(stream, "buffer", None)
    if raw_stream is None:
        text = stream.read(MAX_ARTICLE_CHARS + 1)
        if _opens_json(text):
            text += stream.read()
        return None if looks_binary(text[:4096].encode("utf-8", "replace")) else text
    return read_bytes_stream(raw_stream)


def read_bytes_stream(raw_stream: IO[bytes]) -> str | None:
    """A byte stream (standard input, a named pipe) as ``read_stdin`` reads it."""
    data = raw_stream.read(4 * MAX_ARTICLE_CHARS + 4)  # UTF-8 takes at most 4 bytes a character
    if _opens_json(as_utf8(data[:256]).decode("utf-8", "replace")):
        data += raw_stream.read()
    data = as_utf8(data)
    if looks_binary(data):
        return None
    return decode_bytes(data)


def load_stdin(text: str | None, out: Loaded, name: str = "stdin") -> None:
    """The text read from standard input (``read_stdin``) as one article, or
    as records when it is JSON (``load_sniffed``).  ``name``: where it came
    from in the problem lines (a named pipe's path)."""
    where = " on standard input" if name == "stdin" else ""
    if text is None:
        out.problems.append(Problem(name, f"binary data{where}, not text, skipped"))
        return
    if load_sniffed(text, None, "stdin", out, name):
        return
    if len(text) > MAX_ARTICLE_CHARS:
        out.problems.append(Problem(name, f"more than {MAX_ARTICLE_CHARS:,} characters, over the limit for one article; split it into articles (one JSON Lines record each), skipped"))
        return
    if not text.strip():
        out.problems.append(Problem(name, f"no text{where}"))
        return
    try:
        article = make_article(text, path=None, key=stable_id(text), group="stdin", limit=True)
    except TooLong as err:
        out.problems.append(Problem(name, f"{err}, skipped"))
        return
    if article.text.strip():
        out.articles.append(article)
    else:
        out.problems.append(Problem(name, f"{_why_empty(article)}, skipped"))


def is_stream(raw_path: str) -> bool:
    """A named pipe or a character device named on the command line
    (``<(cat day1.json)``, ``/dev/stdin`` on a pipe): read once, as standard
    input is.  Met in a folder walk one is still skipped (it could wait for
    ever, and nobody asked for it)."""
    try:
        mode = os.stat(raw_path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def load_stream(raw_path: str, out: Loaded) -> None:
    """A named pipe or device (``is_stream``), read as standard input is."""
    try:
        with open(raw_path, "rb") as fh:
            text = read_bytes_stream(fh)
    except OSError as err:
        out.problems.append(Problem(raw_path, f"cannot read ({err.strerror or err}), skipped"))
        return
    load_stdin(text, out, raw_path)


def load_paths(paths: list[str], stdin: IO[str] | None = None, progress: Progress | None = None) -> Loaded:
    """Load every input.  Layout gives story groups (see DESIGN.md):
    a directory of files is one story; a directory of directories is a
    corpus, one story per subdirectory plus one for its loose files; files
    named on the command line together form one story."""
    out = Loaded(progress=progress)
    for raw_path in paths:
        if raw_path == "-":
            load_stdin(read_stdin(stdin or sys.stdin), out)  # never more than the limit in memory
            continue
        if is_stream(raw_path):
            load_stream(raw_path, out)
            continue
        files, problems = input_files(raw_path)
        out.problems += problems
        before = len(out.articles)
        for f, group in files:
            real = os.path.realpath(f)
            if real in out.files_read:  # a link (or a link loop) back to a file already read
                log.info("%s is %s, already read: skipped", f, real)
                continue
            out.files_read.add(real)
            load_file(f, group, out)
        if len(out.articles) == before and Path(raw_path).is_dir():
            out.problems.append(empty_directory(raw_path))
    _strip_site_chrome(out.articles)
    return out


def _strip_site_chrome(articles: list[Article]) -> None:
    from .clean import strip_repeated

    if len(articles) < 3:
        return
    for article, (text, chrome) in zip(articles, strip_repeated([a.text for a in articles])):
        # An article that is nothing but paragraphs other articles repeat (three
        # copies of one short wire item) keeps them: they are its news.
        if chrome and text.strip():
            article.text = text
            article.removed.extend(chrome)
