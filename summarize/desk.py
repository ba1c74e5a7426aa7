"""The news desk subcommands: ``summarize add``, ``summarize stories``,
``summarize feeds``.  ``summarize.cli.main`` hands them over here, so
``summarize PATH...`` stays exactly as it was.

    summarize add [--db DB] [--feeds FILE] [--feed URL] SOURCE...
    summarize stories [--db DB] [--since 1d] [--unread] [--mark-read] [--format text|markdown|json]
    summarize feeds [--db DB] [--export-opml] [-o FILE]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .lexicon import word_count
from .output import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, ProgressBar, format_for, refuse, say, unwritable, write_atomically
from .records import Article, Problem
from .render import plural
from .render import strip_controls as safe  # feed and page text is data: no control sequence reaches the screen

COMMANDS = ("add", "stories", "feeds")
# Fetches at once (not measured for a best value): enough that a few slow feeds (trial E:
# one never answered, one trickled, 20 s each) overlap with the rest of a refresh, and
# close to the 6 connections a host a browser opens, as a feed's pages share one site.
FETCH_WORKERS = 8
# what a fetch asks for: a feed of a URL taken as one, else a page
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, */*;q=0.5"


def positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}")
    if number <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="summarize", description="The news desk: a store of articles and stories that remembers.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", metavar="PATH", default=None, help="the store (default: $SUMMARIZE_DB, else desk.sqlite3 in the user's data directory)")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
        p.add_argument("--debug", action="store_true", help="show tracebacks and the debug log")

    add = sub.add_parser("add", help="add files, directories, JSON/JSONL, feed or page URLs to the store")
    add.add_argument("sources", nargs="*", metavar="SOURCE", help="files, directories, JSON/JSONL, feed URLs, page URLs")
    add.add_argument("--feeds", metavar="FILE", action="append", default=[], help="a list of feed URLs, one a line, or an OPML file; repeatable")
    add.add_argument("--feed", metavar="URL", action="append", default=[], help="a URL that must be a feed (not a page); repeatable")
    add.add_argument("--refresh", action="store_true", help="fetch again every feed the store knows (conditional GET)")
    add.add_argument("--timeout", type=positive_float, default=None, metavar="SECONDS", help="per fetch (default 20)")
    add.add_argument("--max-mb", type=positive_float, default=None, metavar="MB", help="largest page or feed fetched (default 10)")
    add.add_argument("--recluster", action="store_true", help="re-cluster the whole store now (ids kept by overlap)")
    common(add)

    stories = sub.add_parser("stories", help="the stories in the store, newest update first")
    stories.add_argument("--since", metavar="WHEN", default=None, help="updated within a span (30m, 12h, 1d, 2w) or since a date")
    stories.add_argument("--unread", action="store_true", help="only stories new or updated since you last read them")
    stories.add_argument("--mark-read", action="store_true", help="remember the stories shown as read")
    stories.add_argument("--whole", action="store_true", help="an updated story's whole summary (default in text and Markdown: what is new since you read it)")
    stories.add_argument("--format", choices=("text", "markdown", "json"), default=None, help="default: text on a terminal, json otherwise")
    stories.add_argument("--limit", type=int, default=None, metavar="N", help="at most N stories")
    stories.add_argument("--quotes", action="store_true", help="show each citation's quote in text/markdown")
    stories.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    common(stories)

    feeds = sub.add_parser("feeds", help="the store's feeds and their health; --export-opml for a feed reader")
    feeds.add_argument("--export-opml", action="store_true", help="print the feeds as OPML")
    feeds.add_argument("--remove", metavar="URL", action="append", default=[], help="stop following a feed (its articles stay in the store); repeatable")
    feeds.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    common(feeds)
    return parser


def desk_main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.debug:
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("summarize").setLevel(logging.DEBUG)
    if args.command == "add" and not (args.sources or args.feeds or args.feed or args.refresh or args.recluster):
        print("usage: summarize add [--db DB] [--feeds FILE] [--feed URL] SOURCE...", file=sys.stderr)
        print("summarize: error: give at least one SOURCE (file, directory, feed or page URL), --feeds FILE or --refresh", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "stories" and args.limit is not None and args.limit < 1:
        return refuse("--limit must be at least 1")
    if args.command == "add" and (why := missing_store_folder(args.db)):
        return refuse(why)
    output = getattr(args, "output", None)
    if output and (why := unwritable(output)):
        return refuse(why)
    since = None
    if args.command == "stories" and args.since:
        from .store import parse_since

        try:
            since = parse_since(args.since)
        except ValueError as err:
            return refuse(str(err))
    try:
        if args.command == "add":
            return run_add(args)
        if args.command == "stories":
            return run_stories(args, since)
        return run_feeds(args)
    except KeyboardInterrupt:
        print("summarize: interrupted (what was stored stays stored)", file=sys.stderr)
        return 130
    except Exception as err:  # one clear line, unless --debug
        if args.debug:
            raise
        say(f"summarize: error: {err}")
        return EXIT_FAILURE


def missing_store_folder(db: str | None) -> str | None:
    """Why a store the reader named (--db, $SUMMARIZE_DB) is not made: its
    folder does not exist.  A typo in the path had quietly made a new,
    empty store and every folder on its way (trial E); only the default
    location is made as needed.  None when the store can be made."""
    named = db or os.environ.get("SUMMARIZE_DB")
    if not named:
        return None
    path = Path(named).expanduser()
    folder = path.absolute().parent
    if path.exists() or folder.is_dir():
        return None
    how = f"--db {named}" if db else f"$SUMMARIZE_DB ({named})"
    return f"{how}: the folder {folder} does not exist; check the path, or create it first (mkdir -p {folder})"


def _open_store(args, must_exist: bool = False):
    from .store import Store, StoreError, default_path

    path = args.db or default_path()
    if must_exist and not Path(path).exists():
        raise StoreError(f"no store at {path} yet (summarize add --db {path} SOURCE... makes one)")
    return Store(path)


# ---------------------------------------------------------------------------
# add


@dataclass
class Gathered:
    articles: list[Article] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    already_stored: int = 0  # pages named again and feed items already stored: not fetched, counted with the store's duplicates


def run_add(args) -> int:
    from .feeds import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Robots, is_other_url, is_url, read_feed_list
    from .store import AddResult

    progress = ProgressBar(enabled=not args.quiet)
    problems: list[Problem] = []
    notes: list[str] = []
    feed_urls: list[str] = list(args.feed)
    folders: dict[str, str] = {}  # an OPML list's folders, kept for `feeds --export-opml`
    for path in args.feeds:
        bad: list[str] = []
        try:
            feed_urls += read_feed_list(path, bad, folders)
        except OSError as err:
            problems.append(Problem(path, f"cannot read the feed list ({err.strerror or err})"))
        except ValueError as err:
            problems.append(Problem(path, str(err).split(": ", 1)[-1]))
        problems.extend(Problem(path, line) for line in bad)
    local: list[str] = []
    urls: list[str] = []
    named: set[str] = set()
    for source in [*args.sources, *feed_urls]:
        key = source.strip()
        if key in named:
            notes.append(f"{key}: named twice, read once")
            continue
        named.add(key)
        if is_other_url(key) and not os.path.exists(key):
            problems.append(Problem(key, "only http:// and https:// addresses are fetched"))
            continue
        (urls if is_url(key) else local).append(key)
    forced_feeds = set(feed_urls)

    timeout = args.timeout or DEFAULT_TIMEOUT
    max_bytes = int(args.max_mb * 2**20) if args.max_mb else DEFAULT_MAX_BYTES
    total = AddResult()
    with _open_store(args) as store:
        if args.refresh:
            for row in store.feeds():
                if row["url"] not in named:
                    named.add(row["url"])
                    urls.append(row["url"])
                    forced_feeds.add(row["url"])
        if local:
            from .pipeline import load_articles

            progress(0, 1, "reading articles")
            articles, trouble = load_articles(local, progress=progress)
            own = {str(store.path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
            problems += [p for p in trouble if str(Path(p.where).resolve()) not in own]  # the store itself is no article
            total.merge(store.add_articles(articles, origin="file", summarise=False, recluster=False, progress=progress))
        robots = Robots(timeout=timeout)
        # Every named feed and page is fetched at once by a few threads (two slow feeds cost
        # 20 s each, one after the other: a 43 s refresh in trial E); the store is read and
        # written here in the main thread only, URL by URL in the order named, so the output
        # and the stories do not depend on which server answers first.
        plans = [_plan(store, url, url in forced_feeds) for url in urls]
        pool = ThreadPoolExecutor(max_workers=FETCH_WORKERS, thread_name_prefix="fetch")
        try:
            fetches = [None if plan.done else pool.submit(_fetch_planned, plan, robots, timeout, max_bytes) for plan in plans]
            for n, (plan, fetching) in enumerate(zip(plans, fetches)):
                progress(n, len(plans), f"fetching {plan.url}")
                got = _gather_url(store, plan, fetching.result() if fetching else None, pool, robots, timeout, max_bytes, progress)
                problems += got.problems
                notes += got.notes
                total.duplicates += got.already_stored
                if got.articles:
                    feed = plan.url if store.feed(plan.url) is not None else None
                    total.merge(
                        store.add_articles(got.articles, origins=got.origins, origin="page", feed=feed, summarise=False, recluster=False, progress=progress)
                    )
        finally:
            pool.shutdown(wait=False, cancel_futures=True)  # an interrupted add does not wait for the rest
        if folders:
            store.file_feeds(folders)
        problems += total.problems
        total.problems = []
        store.settle(total, recluster=True if args.recluster else None, progress=progress)
        progress.close()
        for note in notes:
            say(f"summarize: {note}")
        for problem in problems:
            say(f"summarize: {problem}")
        n = len(total.added)
        print(
            f"added {plural(n, 'article')}: {plural(len(total.new_stories), 'new story', 'new stories')}, "
            f"{len(total.updated_stories)} updated; {total.duplicates} already stored; "
            f"{plural(store.article_count(), 'article')} in {store.path}"
            + (f"; re-clustered: {plural(store.story_count(), 'story', 'stories')}" if args.recluster and total.reclustered else "")
        )
    return EXIT_FAILURE if problems else EXIT_OK


@dataclass
class Planned:
    """A URL to fetch, with what the store knows of it (read in the main
    thread: the store's connection stays there)."""

    url: str
    row: object  # the store's feeds row (etag, last-modified, health), or None
    is_feed: bool  # by the reader (--feed, a feed list), by the store, or by its path
    done: Gathered | None = None  # answered without a fetch: a page already stored


def _plan(store, url: str, must_be_feed: bool) -> Planned:
    from .feeds import looks_like_feed_url

    row = store.feed(url)
    plan = Planned(url, row, must_be_feed or row is not None or looks_like_feed_url(url))
    if not plan.is_feed and store.has_url(url):
        plan.done = Gathered(notes=[f"{url}: already in the store"], already_stored=1)
    return plan


def _fetch_planned(plan: Planned, robots, timeout: float, max_bytes: int):
    """In a worker thread, network only: the ``Fetched`` answer, a
    ``FetchError``, or None where robots.txt forbids the page."""
    from .feeds import FetchError, fetch

    if not plan.is_feed and not robots.allowed(plan.url):
        return None
    row = plan.row
    try:
        return fetch(
            plan.url, timeout=timeout, max_bytes=max_bytes,
            etag=row["etag"] if row is not None else None, modified=row["modified"] if row is not None else None,
            accept=FEED_ACCEPT if plan.is_feed else PAGE_ACCEPT,
        )
    except FetchError as err:
        return err


def _fetch_page(link: str | None, robots, timeout: float, max_bytes: int):
    """In a worker thread: a feed item's page (``Fetched``), or why not (a line)."""
    from .feeds import FetchError, fetch

    if not link:
        return "the item has no link"
    if not robots.allowed(link):
        return "robots.txt disallows fetching it"
    try:
        return fetch(link, timeout=timeout, max_bytes=max_bytes, accept=PAGE_ACCEPT)
    except FetchError as err:
        return str(err)


def _gather_url(store, plan: Planned, got, pool, robots, timeout, max_bytes, progress) -> Gathered:
    """One URL named by the user, once fetched (``got``, from
    ``_fetch_planned``): a feed (its items' pages, fetched by ``pool``, or
    their own summaries where a page cannot be had) or a page."""
    from .feeds import FetchError, Fetched, looks_like_feed, parse_feed

    if plan.done is not None:
        return plan.done
    out = Gathered()
    url, row, is_feed = plan.url, plan.row, plan.is_feed
    if got is None:
        out.problems.append(Problem(url, "robots.txt disallows fetching this page, skipped"))
        return out
    if isinstance(got, FetchError):
        if is_feed:
            _keep_failed_feed(store, url, got, out)
        else:
            out.problems.append(Problem(url, f"{got}, skipped"))
        return out
    if got.status == 304:
        out.notes.append(f"{url}: feed unchanged since the last fetch")
        # the same body as last time: a feed that was not well-formed still is, and `feeds` says so
        broken = row is not None and row["status"] == "malformed"
        store.save_feed(url, status="malformed" if broken else "unchanged", error=row["error"] if broken else None, keep_validators=True)
        return out
    named_feed = is_feed
    if not is_feed and looks_like_feed(got.body, got.content_type):
        is_feed = True
    if not is_feed:
        article = _page_article(url, got.body, title=None)
        if article is None:
            out.problems.append(Problem(url, "no article text could be extracted from the page, skipped"))
        else:
            article.url = url
            out.articles.append(article)
            out.origins[article.id] = "page"
        return out
    try:
        feed = parse_feed(got.body, got.content_type, got.url)
    except FetchError as err:
        if named_feed:
            _keep_failed_feed(store, url, err, out)
        else:  # a page whose text looked like a feed: no subscription was asked for
            out.problems.append(Problem(url, f"{err}, skipped"))
        return out
    if feed.note:
        out.notes.append(f"{url}: {feed.note}")
    store.save_feed(
        url, title=feed.title, etag=got.etag, modified=got.modified, status="malformed" if feed.problem else "ok", error=feed.problem
    )
    seen_links: set[str] = set()
    wanted = []  # (item, whether it is stored from the feed's summary: its page is tried once more)
    for item in feed.items:
        link = item.link
        if link:
            if link in seen_links:
                continue
            seen_links.add(link)
            if store.has_url(link):
                if store.origin_of_url(link) == "feed summary":
                    wanted.append((item, True))
                else:
                    out.already_stored += 1  # counted as a page named again is: "0 already stored" hid a known feed
                continue  # already stored: not fetched again
        wanted.append((item, False))
    pages = pool.map(lambda pair: _fetch_page(pair[0].link, robots, timeout, max_bytes), wanted)
    for n, ((item, upgrade), page) in enumerate(zip(wanted, pages), start=1):
        progress(n, len(wanted), f"fetching {url} items")
        link = item.link
        article = None
        if isinstance(page, Fetched):
            article = _page_article(link, page.body, title=item.title, date=item.date, source=feed.title)
        if upgrade:
            # stored from the feed's summary: the page's text replaces it once it can be had
            if article is not None and store.replace_text(link, article, origin="page"):
                out.notes.append(f"{link}: the page can now be fetched; its text replaces the feed's summary")
            else:
                out.already_stored += 1
            continue
        if article is not None:
            out.articles.append(article)
            out.origins[article.id] = "page"
            continue
        why = page if isinstance(page, str) else "no article text could be extracted"
        fallback = _summary_article(item, feed.title, url)
        if fallback is None:
            out.problems.append(Problem(link or url, f"page could not be fetched ({why}) and the feed gives no summary, skipped"))
            continue
        out.articles.append(fallback)
        out.origins[fallback.id] = "feed summary"
        out.notes.append(f"{link or url}: page could not be fetched ({why}); kept the feed's summary")
    return out


def _keep_failed_feed(store, url: str, err: Exception, out: Gathered) -> None:
    """A URL taken as a feed that fails, whether its server is down (404, 500,
    timeout) or sends no feed (an HTML page), is still the reader's
    subscription: listed by `feeds` with its error, tried again by `add
    --refresh`, dropped with `feeds --remove`.  The line says so: it said
    "skipped" of a feed it kept (trial E)."""
    out.problems.append(Problem(url, f"{err}; feed kept, tried again by add --refresh"))
    store.save_feed(url, status="error", error=str(err), keep_validators=True)


def _page_article(url: str, body: bytes, *, title: str | None, date: str | None = None, source: str | None = None) -> Article | None:
    from .ingest import as_utf8, decode_bytes, looks_binary, make_article, stable_id
    from .segment import segment_article

    body = as_utf8(body)  # a page saved as UTF-16 with its mark, as files are read
    if not body.strip() or looks_binary(body):
        return None
    text = decode_bytes(body)
    is_html = text.lstrip()[:200].lower().startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<meta", "<div", "<p"))
    try:
        article = make_article(text, path=None, key=url, group=None, title=title, url=url, date=date, is_html=is_html, article_id=stable_id(url))
    except Exception:  # an extractor failure loses this page, not the run
        return None
    if not article.text.strip() or word_count(article.text) < 20:
        return None
    if source and not article.source:
        article.source = source
    segment_article(article)
    return article


def _summary_article(item, feed_title: str | None, feed_url: str) -> Article | None:
    from .ingest import make_article, stable_id
    from .segment import segment_article

    if not item.summary or word_count(item.summary) < 5:
        return None
    key = item.link or item.id or item.summary
    article = make_article(
        item.summary, path=None, key=key, group=None, title=item.title, url=item.link, date=item.date,
        source=feed_title, article_id=stable_id(key),
    )
    if not article.text.strip():
        return None
    segment_article(article)
    return article


# ---------------------------------------------------------------------------
# stories and feeds


def run_stories(args, since: float | None) -> int:
    from datetime import datetime, timezone
    import json

    from .render import render

    fmt = args.format or (format_for(args.output) if args.output else "text" if sys.stdout.isatty() else "json")
    with _open_store(args, must_exist=True) as store:
        shown = store.stories(since=since, unread=args.unread, limit=args.limit)
        if fmt == "json":
            last = store.last_read()
            payload = {
                "stories": [s.to_dict() for s in shown],
                "store": str(store.path),
                "last_read": datetime.fromtimestamp(last, timezone.utc).isoformat(timespec="seconds") if last else None,
            }
            text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        elif shown:
            from dataclasses import replace

            from .pipeline import Options, summary_since_read

            read_ids = store.read_article_ids() if not args.whole and any(s.status == "updated" for s in shown) else set()
            marked = []
            for s in shown:
                story = s.story
                if s.status == "updated" and read_ids:
                    # what its new articles add to those read, as the reading room shows it
                    full = store.story(story.id, full=True).story
                    since = summary_since_read(full.articles, read_ids, Options())
                    if since is not None:
                        story = replace(story, summary=since[1])
                if s.status != "read":
                    mark = f"[{s.status}]" if fmt == "text" else f"({s.status})"  # Markdown would escape brackets
                    story = replace(story, headline=f"{mark} {story.headline}")
                marked.append(story)
            text = safe(render(marked, fmt, quotes=args.quotes))
        else:
            text = ""
        if args.output:

            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
        if not shown and fmt != "json":
            print("summarize: no stories" + (" to show with these filters" if (since or args.unread) else " in the store yet (summarize add SOURCE...)"), file=sys.stderr)
        if args.mark_read and shown:
            store.mark_read([s.story.id for s in shown])
    return EXIT_OK


def run_feeds(args) -> int:
    from datetime import datetime, timezone

    from .feeds import export_opml

    with _open_store(args, must_exist=True) as store:
        if args.remove:
            unknown = [url for url in args.remove if not store.remove_feed(url)]
            for url in unknown:
                print(f"summarize: {safe(url)}: not a feed of this store (summarize feeds lists them)", file=sys.stderr)
            gone = len(args.remove) - len(unknown)
            if gone:
                print(f"removed {plural(gone, 'feed')}; {'its' if gone == 1 else 'their'} articles stay in {store.path}", file=sys.stderr)
            return EXIT_FAILURE if unknown else EXIT_OK
        rows = store.feeds()
        if args.export_opml:
            text = export_opml([(r["url"], r["title"], r["folder"]) for r in rows])
        else:
            lines = []
            for r in rows:
                checked = datetime.fromtimestamp(r["checked_at"], timezone.utc).strftime("%Y-%m-%d %H:%M") if r["checked_at"] else "never"
                health = r["status"] or "unknown"
                if r["error"]:
                    health += f": {r['error']}"
                lines.append(f"{r['url']}\t{r['title'] or ''}\t{plural(r['articles'], 'article')}\tchecked {checked}\t{health}")
            text = safe("\n".join(lines) + ("\n" if lines else ""))
            if not rows:
                print("summarize: the store has no feeds yet (summarize add FEED_URL or --feeds FILE)", file=sys.stderr)
        if args.output:

            write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
    return EXIT_OK
