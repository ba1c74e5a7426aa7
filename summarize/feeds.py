"""Fetching for the news desk: feeds (RSS/Atom through feedparser), pages,
robots.txt, feed lists (plain or OPML).

Only the URLs a user names are fetched, and the pages their feeds list.
Every fetch has a timeout (per connection and overall), a size cap, a
redirect limit and a user agent; a feed is fetched with its last ETag /
Last-Modified, so an unchanged feed costs one 304.  Pages are fetched only
where the site's robots.txt allows it.  Every failure is a ``FetchError``
with one line for the user.
"""

from __future__ import annotations

import html
import re
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from . import __version__

USER_AGENT = f"summarize/{__version__} (news desk; +https://github.com/summarize)"
ROBOTS_AGENT = "summarize"
DEFAULT_TIMEOUT = 20.0  # seconds
DEFAULT_MAX_BYTES = 10 * 2**20
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FetchError(Exception):
    """A fetch or parse failure, in one line for the user."""


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified: body empty)
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    modified: str | None = None


@dataclass
class FeedItem:
    link: str | None
    title: str | None
    summary: str | None  # the feed's own text for the item, markup stripped
    date: str | None
    id: str | None


@dataclass
class Feed:
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    note: str | None = None  # a non-fatal parse problem worth a line
    problem: str | None = None  # the XML error of a feed not well-formed, one line: its health in `feeds`


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def is_other_url(value: str) -> bool:
    """An address of another scheme than the web's ("ftp://host/x",
    "file:///x"), which a reader of paths would take for a file name."""
    return not is_url(value) and _SCHEME.match(value) is not None


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as err:
            if "redirect" in str(err.msg).lower() and "loop" in str(err.msg).lower():
                raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_LimitedRedirects())


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    etag: str | None = None,
    modified: str | None = None,
    accept: str = "*/*",
) -> Fetched:
    """GET ``url``; a 304 comes back as ``status == 304`` with no body."""
    if not is_url(url):
        raise FetchError("only http and https URLs can be fetched")
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"too big ({_mb(int(length))}; the limit is {_mb(max_bytes)})")
            parts, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s")
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"too big (over {_mb(max_bytes)}, the limit)")
                parts.append(chunk)
            return Fetched(
                url=response.geturl(),
                status=response.status,
                body=b"".join(parts),
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag"),
                modified=response.headers.get("Last-Modified"),
            )
    except urllib.error.HTTPError as err:
        if err.code == 304:
            return Fetched(url=url, status=304, etag=etag, modified=modified)
        if err.code in (301, 302, 303, 307, 308):
            raise FetchError(f"more than {MAX_REDIRECTS} redirects") from None
        raise FetchError(f"HTTP {err.code} {err.reason}".strip()) from None
    except urllib.error.URLError as err:
        reason = err.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot connect ({getattr(reason, 'strerror', None) or reason})") from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (ConnectionError, OSError) as err:
        if isinstance(err, FetchError):
            raise
        raise FetchError(f"connection failed ({err.strerror or err})") from None
    except ValueError as err:  # a malformed URL
        raise FetchError(f"bad URL ({err})") from None


def _mb(n: int) -> str:
    """A size as a person reads it ("0.0 MB" said nothing of a 104-byte limit)."""
    if n < 2**10:
        return f"{n} bytes"
    if n < 2**20:
        return f"{n / 2**10:.0f} KB"
    return f"{n / 2**20:.1f} MB"


class Robots:
    """robots.txt per site, fetched once per run, by whichever fetching
    thread asks first (the others wait for that site's answer)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT):
        self.timeout = timeout
        self.sites: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            site_lock = self._site_locks.setdefault(site, threading.Lock())
        with site_lock:
            self._learn(site)
        parser = self.sites[site]
        return parser is None or parser.can_fetch(ROBOTS_AGENT, url)

    def _learn(self, site: str) -> None:
        if site not in self.sites:
            parser = urllib.robotparser.RobotFileParser(site + "/robots.txt")
            try:
                got = fetch(site + "/robots.txt", timeout=self.timeout, max_bytes=512 * 1024, accept="text/plain")
                parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
            except FetchError as err:
                text = str(err)
                if text.startswith(("HTTP 401", "HTTP 403")):
                    parser.disallow_all = True
                else:  # no robots.txt (404) or unreachable: nothing forbids it
                    parser.allow_all = True
            self.sites[site] = parser


# ---------------------------------------------------------------------------
# feeds

_FEED_HINT = re.compile(r"(?:/(?:feed|feeds|rss|atom)(?:/|$|\.)|\.(?:xml|rss|atom|rdf)$)", re.I)


def looks_like_feed_url(url: str) -> bool:
    return bool(_FEED_HINT.search(urlsplit(url).path))


def looks_like_html(body: bytes, content_type: str = "") -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    ct = content_type.lower()
    if any(k in ct for k in ("rss", "atom", "rdf")):
        return True
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return False
    return any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))


# Block elements end a paragraph; inline ones (<strong>, <a>, <em>) join the
# text they sit in with nothing added ("<strong>start on Saturday</strong>."
# had become "start on Saturday ."); script and style say nothing.  A "read
# more" link says nothing either ("Engineers inspected the pier on Sunday
# read more .", a trial).  Parsed, not matched: "costs < 5% of sales rose to
# > 9%" is text, and a pattern for tags had taken it as one (a trial).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table td th tr ul".split()
)
_SILENT_TAGS = frozenset("script style noscript template".split())
_ITEM_ENDS = frozenset(".!?:;…\"”’')")
# A link that only points on ("read more", "Continue reading →", "View the full
# story", "More »"), not one that is part of the sentence: "Residents can <a>see
# the council report</a> online." kept its words (a review: "see" or "view" and
# any 20 characters had dropped them).
_MORE_LINK = re.compile(
    r"^\W*(?:(?:read|see|view|show)\s+(?:more|all|(?:the\s+)?(?:full|whole|entire|rest|original|article|story|post)\b)"
    r"|continue reading\b|more\b(?!\s+than\b)).{0,20}$|^\W*more\W*$",
    re.I,
)


class _FeedText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0
        self.link: list[str] | None = None  # the text of the <a> being read
        self.item: int | None = None  # where the <li> being read began in parts

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SILENT_TAGS:
            self.silent += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "li":
                self.item = len(self.parts)
        elif tag == "a":
            self.link = []

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENT_TAGS:
            self.silent = max(self.silent - 1, 0)
        elif tag in _BLOCK_TAGS:
            if tag == "li" and self.item is not None:
                # a list item is a statement of the article ("Car washing is banned"): it ends
                # as one, or the cleaner reads the list as a page's link list and drops it with
                # every paragraph after it (a trial's feed kept one sentence of five)
                said = "".join(self.parts[self.item:]).rstrip()
                if said and said[-1] not in _ITEM_ENDS:
                    self.parts.append(".")
                self.item = None
            self.parts.append("\n")
        elif tag == "a" and self.link is not None:
            text = "".join(self.link)
            self.link = None
            if not _MORE_LINK.match(text.strip()):
                self.parts.append(text)
            elif self.parts:
                self.parts[-1] = self.parts[-1].rstrip(" ")  # "on Sunday <a>read more</a>." -> "on Sunday."

    def handle_data(self, data: str) -> None:
        if self.silent:
            return
        (self.link if self.link is not None else self.parts).append(data)


def plain(text: str | None) -> str | None:
    """Feed text with its markup stripped and entities decoded: a paragraph
    per block element, inline elements joined into their sentence."""
    if not text:
        return None
    # A line end alone is a space, as in HTML: a hard-wrapped description had
    # been cut into paragraphs mid-sentence, and the cleaner dropped the first
    # half as a stray line.  A blank line stays a paragraph break.
    text = "\n".join(" ".join(part.split("\n")) for part in re.split(r"\n[ \t\r]*\n", text.replace("\r\n", "\n")))
    parser = _FeedText()
    parser.feed(text)
    parser.close()
    if parser.link:
        parser.parts.extend(parser.link)
    text = "".join(parser.parts)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", text)  # no terminal control sequence from a feed
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out = "\n\n".join(line for line in lines if line)
    return out or None


def parse_feed(body: bytes, content_type: str = "", url: str = "") -> Feed:
    """The feed's items; ``FetchError`` when the body is not RSS or Atom."""
    import feedparser

    if looks_like_html(body, content_type) and not looks_like_feed(body, ""):
        raise FetchError("not an RSS or Atom feed (the server sent an HTML page)")
    parsed = feedparser.parse(body, response_headers={"content-type": content_type} if content_type else None)
    reason = xml_error(parsed.bozo_exception) if parsed.bozo else None
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise FetchError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    note = problem = None
    if parsed.bozo:
        from feedparser.exceptions import NonXMLContentType, ThingsNobodyCaresAboutButMe

        # feedparser keeps one of these only where its strict XML parser then read the
        # whole feed (a parse error replaces it): nothing is wrong with the feed itself
        if isinstance(parsed.bozo_exception, NonXMLContentType):
            note = f"served as {content_type.split(';')[0].strip() or 'no media type'}; read as a feed"
        elif isinstance(parsed.bozo_exception, ThingsNobodyCaresAboutButMe):
            note = f"{reason}; read as a feed"
        else:
            problem = f"feed is {reason}" if reason.startswith("not well-formed") else f"feed is not well-formed ({reason})"
            note = f"{problem}; read what could be read"
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link and url:
            link = urljoin(url, link)
        summary = None
        if entry.get("content"):
            summary = plain(" ".join(c.get("value", "") for c in entry["content"]))
        summary = summary or plain(entry.get("summary") or entry.get("description"))
        date = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            date = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
        items.append(FeedItem(link=link, title=plain(entry.get("title")), summary=summary, date=date, id=entry.get("id")))
    return Feed(title=plain(parsed.feed.get("title")), items=items, note=note, problem=problem)


MAX_ERROR_CHARS = 160  # a feed's error shares a line of `feeds` with its URL, title, count and date


def xml_error(err: BaseException | None) -> str:
    """A parser's complaint in one short line, with where it is
    ("invalid token at line 1, column 89")."""
    text = " ".join(str(getattr(err, "getMessage", lambda: err)()).split())
    line = getattr(err, "getLineNumber", lambda: None)()
    if isinstance(line, int) and line > 0:
        text += f" at line {line}, column {err.getColumnNumber()}"
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


# ---------------------------------------------------------------------------
# feed lists: plain (one URL a line, # comments) or OPML


def read_feed_list(path: str, bad: list[str] | None = None, folders: dict[str, str] | None = None) -> list[str]:
    """The feed URLs of a plain list or an OPML file; ``ValueError`` with one
    line when it holds none.  A line of a plain list that is no URL is put in
    ``bad`` (with its line number) and the rest are read: one typo must not
    lose a whole list.  ``folders`` gets each OPML feed's folder ("News",
    "News/World" for one inside another), which an export gives back."""
    with open(path, "rb") as fh:
        data = fh.read()
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith("<"):
        import xml.etree.ElementTree as ET

        if "<!ENTITY" in text:
            raise ValueError(f"{path}: OPML with entity declarations is not read")
        try:
            root = ET.fromstring(data)
        except ET.ParseError as err:
            raise ValueError(f"{path}: not a readable OPML file ({err})") from None
        body = root.find("body")
        urls = []
        for url, folder in _opml_feeds(body if body is not None else root, ()):
            urls.append(url)
            if folders is not None and folder and url not in folders:
                folders[url] = "/".join(folder)
    else:
        urls = []
        for number, line in enumerate(text.splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if is_url(line):
                urls.append(line)
            elif bad is not None:
                bad.append(f"line {number}: not a feed URL: {line!r}")
            else:
                raise ValueError(f"{path}: line {number}: not a feed URL: {line!r}")
    if not urls:
        raise ValueError(f"{path}: no feed URL in it")
    return list(dict.fromkeys(urls))


def _opml_feeds(node, folder: tuple[str, ...]):
    """(url, folder path) of each feed outline under ``node``, in order: an
    outline with no feed URL is a folder named by its text."""
    for outline in node.findall("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url") or "").strip()
        if url and is_url(url):
            yield url, folder
        name = " ".join((outline.get("text") or outline.get("title") or "").split())
        yield from _opml_feeds(outline, folder + (name,) if not url and name else folder)


def export_opml(feeds: list[tuple[str, str | None, str | None]], title: str = "summarize feeds") -> str:
    """OPML 2.0 for (url, title, folder) triples: what feed readers import,
    each feed in the folder its imported list had it ("News/World": a folder
    inside another)."""
    from xml.sax.saxutils import quoteattr

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{html.escape(title)}</title></head>",
        "  <body>",
    ]
    tree: dict = {}  # folder name -> its subtree; "" -> the feeds at this level
    for url, name, folder in feeds:
        node = tree
        for part in (folder or "").split("/"):
            if part:
                node = node.setdefault(part, {})
        node.setdefault("", []).append((url, name))

    def write(node: dict, depth: int) -> None:
        pad = "  " * depth
        for url, name in node.get("", []):
            label = quoteattr(name or url)
            lines.append(f'{pad}<outline type="rss" text={label} title={label} xmlUrl={quoteattr(url)}/>')
        for part, sub in node.items():
            if part:
                lines.append(f"{pad}<outline text={quoteattr(part)} title={quoteattr(part)}>")
                write(sub, depth + 1)
                lines.append(f"{pad}</outline>")

    write(tree, 2)
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"
