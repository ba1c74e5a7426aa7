"""summarize add / stories / feeds against a local HTTP server on 127.0.0.1
that serves the seeds as pages and an RSS feed listing them."""

import html
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarize.cli import main
from tests.conftest import PAGE_C

ETAG = '"seeds-v1"'
MODIFIED = formatdate(1_700_000_000, usegmt=True)


def page_of(text: str) -> bytes:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head = lines[:10]
    title = next((line for line in head if head.count(line) > 1), lines[0])
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    ).encode("utf-8")


def rss(items, title="Seeds", encoding="utf-8") -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{link}</link><description>{html.escape(d)}</description>"
        f"<pubDate>{formatdate(1_700_000_000 + n * 60, usegmt=True)}</pubDate></item>"
        for n, (t, link, d) in enumerate(items)
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
        f"<link>http://example.test/</link><description>test</description>{entries}</channel></rss>"
    )
    return text.encode(encoding)


class Site:
    def __init__(self, seeds_dir):
        self.routes: dict[str, tuple[int, str, bytes, dict]] = {}
        self.hits: list[str] = []
        self.seed_pages = []
        self.together = threading.Barrier(2)
        for n, path in enumerate(sorted(seeds_dir.glob("*.txt"))):
            page = page_of(path.read_text(encoding="utf-8"))
            self.add(f"/seeds/{n}.html", page)
            self.seed_pages.append(f"/seeds/{n}.html")
        self.add("/robots.txt", b"User-agent: *\nDisallow: /private/\n", "text/plain")

    def add(self, path, body, content_type="text/html; charset=utf-8", status=200, headers=None):
        self.routes[path] = (status, content_type, body, headers or {})

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def site(seeds_dir):
    state = Site(seeds_dir)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            state.hits.append(self.path)
            if self.path.startswith("/slow"):
                time.sleep(2)
            if self.path.startswith("/together/"):  # answered only once another request waits here too
                try:
                    state.together.wait(timeout=5)
                except threading.BrokenBarrierError:
                    pass
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            status, content_type, body, headers = route
            if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a client that gave up (timeout test) is no error
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    titles = ["Putin and Xi meet"] * len(state.seed_pages)
    state.add(
        "/feed.xml",
        rss([(t, state.url(p), "Putin told Xi he understood China's concerns about Ukraine.") for t, p in zip(titles, state.seed_pages)]),
        "application/rss+xml",
        headers={"ETag": ETAG, "Last-Modified": MODIFIED},
    )
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_DB", str(tmp_path / "never-used.sqlite3"))
    return str(tmp_path / "desk.sqlite3")


def stories_json(db, capsys, *extra):
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["stories"]


def add(db, capsys, *sources):
    capsys.readouterr()
    code = main(["add", "--db", db, "-q", *sources])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_done_when_feed_then_stories_then_another_event(site, db, capsys, tmp_path):
    code, out, err = add(db, capsys, site.url("/feed.xml"))
    assert code == 0, err
    assert "added 5 articles: 1 new story" in out
    (story,) = stories_json(db, capsys)
    assert len(story["articles"]) == 5
    # the list reads no article text: no fingerprint of "" for every article (a trial)
    assert "da39a3ee5e6b4b0d" not in {a["digest"] for a in story["articles"]}
    assert story["new"] is True and story["status"] == "new"
    assert {a["origin"] for a in story["articles"]} == {"page"}
    assert all(a["url"].startswith(site.url("/seeds/")) for a in story["articles"])
    assert story["summary"]["sentences"] and story["summary"]["sentences"][0]["citations"]
    assert story["ties"]["terms"] and any(t["term"] in ("putin", "china", "xi", "ukraine") for t in story["ties"]["terms"])
    assert sum(a["similarity"] is not None for a in story["ties"]["articles"]) >= 4
    first_id = story["id"]

    pages_before = sum(h.startswith("/seeds/") for h in site.hits)
    code, out, err = add(db, capsys, site.url("/feed.xml"))
    assert code == 0
    assert "added 0 articles" in out and "feed unchanged" in err  # conditional GET: a 304
    assert sum(h.startswith("/seeds/") for h in site.hits) == pages_before
    (again,) = stories_json(db, capsys)
    assert again["id"] == first_id and len(again["articles"]) == 5

    site.add("/other.html", page_of("Central bank raises interest rates again\n\n" + PAGE_C * 2))
    code, out, err = add(db, capsys, site.url("/other.html"))
    assert code == 0, err
    stories = stories_json(db, capsys)
    assert len(stories) == 2
    assert stories[0]["headline"].startswith("Central bank")  # newest update first
    assert stories[1]["id"] == first_id and len(stories[1]["articles"]) == 5

    code, out, err = add(db, capsys, "--recluster")
    assert code == 0 and "re-clustered: 2 stories" in out  # it said only "added 0 articles"

    # reading state: mark read, then nothing is new
    assert main(["stories", "--db", db, "--format", "json", "--mark-read"]) == 0
    assert all(s["status"] == "read" for s in stories_json(db, capsys))
    assert stories_json(db, capsys, "--unread") == []


def test_text_output_marks_new_and_exports_opml(site, db, capsys, tmp_path):
    add(db, capsys, site.url("/feed.xml"))
    capsys.readouterr()
    assert main(["stories", "--db", db, "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("[new] ")
    assert main(["stories", "--db", db, "--format", "markdown", "--since", "1h"]) == 0
    assert capsys.readouterr().out.startswith("## (new) ")
    assert main(["feeds", "--db", db, "--export-opml"]) == 0
    opml = capsys.readouterr().out
    assert 'xmlUrl="' + site.url("/feed.xml") + '"' in opml and 'text="Seeds"' in opml
    # the exported OPML reads back as a feed list
    (tmp_path / "feeds.opml").write_text(opml, encoding="utf-8")
    code, out, err = add(db, capsys, "--feeds", str(tmp_path / "feeds.opml"))
    assert code == 0 and "added 0 articles" in out
    assert main(["feeds", "--db", db]) == 0
    assert "5 articles" in capsys.readouterr().out


def test_opml_folders_come_back_on_export(site, db, capsys, tmp_path):
    """`feeds --export-opml` flattened the imported list's folders (trial E, finding 19)."""
    status, content_type, body, headers = site.routes["/feed.xml"]
    site.add("/world.xml", body.replace(b"<title>Seeds</title>", b"<title>World</title>"), content_type)
    listing = tmp_path / "subs.opml"
    listing.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>'
        f'<outline text="News"><outline type="rss" text="Seeds" xmlUrl="{site.url("/feed.xml")}"/>'
        f'<outline text="Abroad"><outline type="rss" text="World" xmlUrl="{site.url("/world.xml")}"/></outline></outline>'
        f'<outline type="rss" text="Gone" xmlUrl="{site.url("/gone.xml")}"/></body></opml>',
        encoding="utf-8",
    )
    add(db, capsys, "--feeds", str(listing))
    assert main(["feeds", "--db", db, "--export-opml"]) == 0
    opml = capsys.readouterr().out
    import xml.etree.ElementTree as ET

    body = ET.fromstring(opml).find("body")
    top = {o.get("text"): o for o in body.findall("outline")}
    assert top["News"].get("xmlUrl") is None
    assert [o.get("xmlUrl") for o in top["News"].findall("outline") if o.get("xmlUrl")] == [site.url("/feed.xml")]
    (abroad,) = [o for o in top["News"].findall("outline") if o.get("text") == "Abroad"]
    assert [o.get("xmlUrl") for o in abroad.findall("outline")] == [site.url("/world.xml")]
    assert any(o.get("xmlUrl") == site.url("/gone.xml") for o in body.findall("outline"))  # no folder: at the top


def test_plain_feed_list_and_local_files(site, db, capsys, tmp_path_factory, pile):
    listing = tmp_path_factory.mktemp("lists") / "feeds.txt"
    listing.write_text(f"# my feeds\n{site.url('/feed.xml')}\n", encoding="utf-8")
    code, out, err = add(db, capsys, "--feeds", str(listing), str(pile))
    assert code == 0, err
    assert "added 8 articles" in out
    stories = stories_json(db, capsys)
    sizes = sorted(len(s["articles"]) for s in stories)
    assert sizes == [1, 2, 5]
    origins = {a["origin"] for s in stories for a in s["articles"]}
    assert origins == {"page", "file"}


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_bad_inputs_one_line_each(site, db, capsys):
    site.add("/html-feed.xml", page_of("Just a page\n\nNothing to see here at all."))
    code, out, err = add(db, capsys, site.url("/html-feed.xml"))
    assert code == 1 and "not an RSS or Atom feed (the server sent an HTML page)" in one_line(err)

    code, out, err = add(db, capsys, site.url("/missing.xml"))
    assert code == 1 and "HTTP 404" in one_line(err)

    code, out, err = add(db, capsys, "--timeout", "0.3", site.url("/slow/feed.xml"))
    assert code == 1 and "timed out after 0.3 s" in one_line(err)

    site.add("/big.html", b"<html><body>" + b"<p>word </p>" * 300_000 + b"</body></html>")
    code, out, err = add(db, capsys, "--max-mb", "1", site.url("/big.html"))
    assert code == 1 and "too big" in one_line(err)
    code, out, err = add(db, capsys, "--max-mb", "0.0001", site.url("/big.html"))
    assert code == 1 and "the limit is 104 bytes" in one_line(err)  # it said "0.0 MB"

    site.add("/loop.html", b"", status=302, headers={"Location": "/loop.html"})
    code, out, err = add(db, capsys, site.url("/loop.html"))
    assert code == 1 and "more than 5 redirects" in one_line(err)

    site.add("/private/page.html", page_of("Secret\n\n" + PAGE_C))
    code, out, err = add(db, capsys, site.url("/private/page.html"))
    assert code == 1 and "robots.txt disallows" in one_line(err)

    code, out, err = add(db, capsys, site.url("/seeds/0.html"), site.url("/seeds/0.html"))
    assert code == 0 and "named twice, read once" in one_line(err)
    assert "added 1 article" in out
    # the rest was processed alongside a bad one, and nothing was duplicated
    code, out, err = add(db, capsys, site.url("/missing.xml"), site.url("/seeds/0.html"), site.url("/seeds/1.html"))
    assert code == 1 and "HTTP 404" in err and "added 1 article" in out and "already in the store" in err
    assert "1 already stored" in out  # the summary line counts the page it did not fetch again
    stories = stories_json(db, capsys)
    assert sum(len(s["articles"]) for s in stories) == 2


def test_non_utf8_feed(site, db, capsys):
    site.add(
        "/latin1.xml",
        rss([("Café owners protest", site.url("/seeds/2.html"), "Le café est fermé.")], title="Noticias del día", encoding="iso-8859-1"),
        "application/rss+xml",
    )
    code, out, err = add(db, capsys, site.url("/latin1.xml"))
    assert code == 0, err
    assert main(["feeds", "--db", db]) == 0
    assert "Noticias del día" in capsys.readouterr().out


def test_page_that_cannot_be_fetched_keeps_the_feed_summary(site, db, capsys):
    text = "The river burst its banks near Millbrook on Sunday, flooding hundreds of homes and closing the main bridge."
    site.add("/gone.xml", rss([("Flood in Millbrook", site.url("/nowhere.html"), text)]), "application/rss+xml")
    code, out, err = add(db, capsys, site.url("/gone.xml"))
    assert code == 0
    assert "kept the feed's summary" in one_line(err) and "HTTP 404" in err
    (story,) = stories_json(db, capsys)
    assert story["articles"][0]["origin"] == "feed summary"
    assert story["summary"]["sentences"][0]["text"].startswith("The river burst")
    # the page comes back (and the feed changed): its text replaces the summary, same story
    site.add("/nowhere.html", page_of("Flood in Millbrook\n\n" + (text + " Rescue teams worked through the night to reach stranded families. ") * 2))
    site.add("/gone.xml", rss([("Flood in Millbrook", site.url("/nowhere.html"), text), ("Flood update", site.url("/nowhere.html#x"), text)]), "application/rss+xml")
    code, out, err = add(db, capsys, site.url("/gone.xml"))
    assert code == 0 and "replaces the feed's summary" in err
    (again,) = stories_json(db, capsys)
    assert again["id"] == story["id"] and again["articles"][0]["origin"] == "page"
    assert "Rescue teams" in " ".join(s["text"] for s in again["summary"]["sentences"])


def test_newer_schema_and_missing_store_one_line(db, capsys, tmp_path):
    import sqlite3

    from summarize.store import SCHEMA_VERSION, Store

    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 5,))
    con.commit()
    con.close()
    assert main(["stories", "--db", db]) == 1
    line = one_line(capsys.readouterr().err)
    assert "newer summarize" in line
    assert main(["stories", "--db", str(tmp_path / "none.db")]) == 1
    assert "no store at" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "none.db").exists()


def test_usage_errors(db, capsys):
    assert main(["add", "--db", db]) == 2
    assert main(["stories", "--db", db, "--since", "yesterday"]) == 2
    capsys.readouterr()


def test_plain_summarize_is_untouched(pile, capsys):
    assert main([str(pile), "--cluster", "--format", "json", "-q"]) == 0
    assert len(json.loads(capsys.readouterr().out)["stories"]) == 2


def test_locked_store_one_line(db, capsys, pile, monkeypatch):
    import sqlite3

    from summarize.store import Store

    Store(db).close()
    monkeypatch.setenv("SUMMARIZE_DB_TIMEOUT", "0.2")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = add(db, capsys, str(pile / "c.txt"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "locked by another process (waited 0.2 s)" in one_line(err)
    code, out, err = add(db, capsys, str(pile / "c.txt"))
    assert code == 0 and "added 1 article" in out


def test_control_sequences_never_reach_the_terminal(site, db, capsys):
    site.add("/esc.html", page_of("Rates \x1b[2J\x1b]0;pwned\x07 rise again\n\n" + PAGE_C * 2))
    site.add("/esc.xml", rss([("Rates \x1b[31m rise", site.url("/esc.html"), "x")], title="Evil \x1b[2J feed"), "application/rss+xml")
    add(db, capsys, site.url("/esc.xml"))
    for command in (["stories", "--format", "text"], ["stories", "--format", "markdown"], ["feeds"]):
        assert main([*command, "--db", db]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out


def test_a_bad_line_in_a_feed_list_is_reported_and_the_rest_are_read(site, db, capsys, tmp_path_factory):
    """A list with a typo on one line added nothing at all: the good feed
    was never tried (a new-user trial)."""
    listing = tmp_path_factory.mktemp("lists") / "feeds.txt"
    listing.write_text(f"{site.url('/feed.xml')}\nnot a url\n", encoding="utf-8")
    code, out, err = add(db, capsys, "--feeds", str(listing))
    assert code == 1
    assert "line 2: not a feed URL: 'not a url'" in one_line(err)
    assert "added 0 articles" not in out and "added" in out


def test_an_address_of_another_scheme_is_named_as_such(db, capsys):
    """"ftp://x/y" was read as a file path and reported as "ftp:/x/y: no such
    file or directory" (a new-user trial)."""
    code, out, err = add(db, capsys, "ftp://x/y")
    assert code == 1 and "ftp://x/y: only http:// and https:// addresses are fetched" in one_line(err)



def test_a_feed_down_on_its_first_fetch_is_kept_retried_and_can_be_removed(site, db, capsys, tmp_path_factory):
    """A feed list read while one server was down: that feed was forgotten, so
    `feeds` did not list it and `add --refresh` never tried it again (a
    new-user trial). It is the reader's feed: listed with its error, fetched
    by --refresh once it is up, and `feeds --remove` drops one the reader no
    longer wants."""
    feed = site.url("/later.xml")
    listing = tmp_path_factory.mktemp("lists") / "feeds.txt"
    listing.write_text(feed + "\n", encoding="utf-8")
    code, out, err = add(db, capsys, "--feeds", str(listing))
    assert code == 1 and "HTTP 404" in one_line(err)
    capsys.readouterr()
    assert main(["feeds", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert feed in listed and "error: HTTP 404" in listed

    site.routes["/later.xml"] = site.routes["/feed.xml"]
    code, out, err = add(db, capsys, "--refresh")
    assert code == 0 and "added 5 articles" in out
    assert main(["feeds", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert feed in listed and "5 articles" in listed and "\tok" in listed

    assert main(["feeds", "--db", db, "--remove", feed]) == 0
    assert "removed 1 feed; its articles stay" in capsys.readouterr().err  # "their", for one (trial E, finding 20)
    assert main(["feeds", "--db", db]) == 0
    assert feed not in capsys.readouterr().out
    assert len(stories_json(db, capsys)) >= 1  # the articles stay
    assert main(["feeds", "--db", db, "--remove", feed]) == 1
    assert "not a feed of this store" in capsys.readouterr().err


def test_unread_shows_what_an_updated_story_adds_since_it_was_read(site, db, capsys):
    """`stories --unread` printed an updated story's whole summary, what the
    reader had read included; the reading room showed only what is new (a
    new-user trial). Now both show what the new articles add; --whole gives
    the whole summary."""
    code, out, err = add(db, capsys, *(site.url(f"/seeds/{i}.html") for i in range(3)))
    assert code == 0 and "added 3 articles: 1 new story" in out, err
    assert main(["stories", "--db", db, "--format", "json", "--mark-read"]) == 0
    code, out, err = add(db, capsys, *(site.url(f"/seeds/{i}.html") for i in range(3, 5)))
    assert code == 0 and "1 updated" in out, err
    capsys.readouterr()
    assert main(["stories", "--db", db, "--unread", "--format", "text"]) == 0
    new = capsys.readouterr().out
    assert "[updated]" in new and "New since 3 articles already read" in new
    assert main(["stories", "--db", db, "--unread", "--format", "text", "--whole"]) == 0
    whole = capsys.readouterr().out
    assert "[updated]" in whole and "already read" not in whole and whole != new


def test_a_page_saved_as_utf16_is_read_as_text(seeds_dir):
    """Files with a UTF-16 byte-order mark were read as text and pages the
    desk fetched were not: the same page gave no article."""
    from summarize.desk import _page_article

    text = sorted(seeds_dir.glob("*.txt"))[0].read_text(encoding="utf-8")
    page = page_of(text).decode("utf-8").replace("charset='utf-8'", "charset='utf-16'")
    article = _page_article("http://example.test/a.html", page.encode("utf-16"), title=None)
    assert article is not None and "Putin" in article.text


def test_a_feed_whose_items_are_all_stored_counts_them_as_already_stored(site, db, capsys):
    """The same items under a new URL, or a 301 to a known feed, said "0
    already stored" (trial E, finding 9)."""
    code, out, err = add(db, capsys, site.url("/feed.xml"))
    assert code == 0 and "added 5 articles" in out, err
    status, content_type, body, headers = site.routes["/feed.xml"]
    site.add("/copy.xml", body, content_type)
    site.add("/moved.xml", b"", status=301, headers={"Location": "/feed.xml"})
    for path in ("/copy.xml", "/moved.xml"):
        code, out, err = add(db, capsys, site.url(path))
        assert code == 0, err
        assert "added 0 articles: 0 new stories, 0 updated; 5 already stored" in out


def test_a_malformed_feed_shows_its_xml_error_in_its_health(site, db, capsys):
    """A feed that is not well-formed was listed as "ok", and after a
    refresh that got a 304 as "unchanged" (trial E, finding 10)."""
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Unclosed & bad</title><description>text'
    site.add("/broken.xml", body, "application/rss+xml", headers={"ETag": '"broken-v1"'})
    code, out, err = add(db, capsys, site.url("/broken.xml"))
    assert "feed is not well-formed (invalid token) at line 1, column" in err
    for again in (False, True):
        if again:
            code, out, err = add(db, capsys, "--refresh")
            assert "feed unchanged" in err
        assert main(["feeds", "--db", db]) == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert line.startswith(site.url("/broken.xml"))
        assert line.endswith("\tmalformed: feed is not well-formed (invalid token) at line 1, column 110")


@pytest.mark.parametrize("media", ["text/plain", "application/octet-stream"])
def test_a_valid_feed_served_as_another_type_is_not_called_malformed(site, db, capsys, media):
    """A well-formed RSS served as text/plain was reported as "feed is not
    well-formed (text/plain is not an XML media type); read what could be
    read", though it was read in full (trial E, finding 11)."""
    status, content_type, body, headers = site.routes["/feed.xml"]
    site.add("/plain-feed", body, media)
    code, out, err = add(db, capsys, "--feed", site.url("/plain-feed"))
    assert code == 0 and "added 5 articles" in out
    assert one_line(err).endswith(f"/plain-feed: served as {media}; read as a feed")
    assert main(["feeds", "--db", db]) == 0
    assert capsys.readouterr().out.rstrip("\n").endswith("\tok")


def test_a_feed_that_fails_is_kept_and_the_line_says_so(site, db, capsys, tmp_path_factory):
    """"gone.xml: HTTP 404 File not found, skipped" was printed of a feed that
    was then kept in `feeds`; and a .xml URL that sent an HTML page was not
    kept while one that sent HTTP 500 was (trial E, finding 14). Every URL
    taken as a feed that fails is kept, and its line says so."""
    site.add("/down.xml", b"", status=500)
    site.add("/page.xml", page_of("Just a page\n\nNothing to see here at all."))
    listing = tmp_path_factory.mktemp("lists") / "subs.opml"
    listing.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>'
        f'<outline type="rss" text="Gone" xmlUrl="{site.url("/gone.xml")}"/>'
        f'<outline type="rss" text="Down" xmlUrl="{site.url("/down.xml")}"/></body></opml>',
        encoding="utf-8",
    )
    code, out, err = add(db, capsys, "--feeds", str(listing), site.url("/page.xml"))
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.endswith("; feed kept, tried again by add --refresh") for line in lines), err
    assert "skipped" not in err
    assert main(["feeds", "--db", db]) == 0
    listed = capsys.readouterr().out
    for path, why in (("/gone.xml", "HTTP 404"), ("/down.xml", "HTTP 500"), ("/page.xml", "the server sent an HTML page")):
        (line,) = [line for line in listed.splitlines() if line.startswith(site.url(path))]
        assert "\terror: " in line and why in line


def test_feeds_are_fetched_at_once(site, db, capsys):
    """`add --refresh` fetched feeds one after another: two slow feeds cost
    20 s each (trial E, finding 15). Here each of two feeds is answered only
    once the other has been asked for too: one at a time, the first times out."""
    status, content_type, body, headers = site.routes["/feed.xml"]
    site.add("/together/a.xml", body, content_type)
    site.add("/together/b.xml", body.replace(b"<title>Seeds</title>", b"<title>Seeds B</title>"), content_type)
    code, out, err = add(db, capsys, "--timeout", "3", site.url("/together/a.xml"), site.url("/together/b.xml"))
    assert code == 0, err
    assert "added 5 articles" in out and "5 already stored" in out  # b's items were a's: in the order named
    assert main(["feeds", "--db", db]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in listed] == [site.url("/together/a.xml"), site.url("/together/b.xml")]
    assert all(line.endswith("\tok") for line in listed)


def test_a_store_in_a_folder_that_does_not_exist_is_a_usage_error(pile, capsys, tmp_path, monkeypatch):
    """`add --db /path/with/no/such/dir/x.db` made the folders and a new
    store: a typo made a new store (trial E, finding 16). Only the default
    location is made as needed."""
    missing = tmp_path / "no" / "such" / "x.db"
    monkeypatch.delenv("SUMMARIZE_DB", raising=False)
    code, out, err = add(str(missing), capsys, str(pile / "c.txt"))
    assert code == 2 and f"--db {missing}: the folder {missing.parent} does not exist" in one_line(err)
    assert not (tmp_path / "no").exists()
    monkeypatch.setenv("SUMMARIZE_DB", str(missing))
    capsys.readouterr()
    assert main(["add", "-q", str(pile / "c.txt")]) == 2
    assert "$SUMMARIZE_DB" in one_line(capsys.readouterr().err) and not (tmp_path / "no").exists()
    monkeypatch.delenv("SUMMARIZE_DB")
    assert main(["add", "-q", str(pile / "c.txt")]) == 0  # the default store, in the (test's) data directory
    assert "added 1 article" in capsys.readouterr().out


def test_removing_feeds_says_its_for_one_and_their_for_several(site, db, capsys):
    """"removed 1 feed; their articles stay" (trial E, finding 20)."""
    status, content_type, body, headers = site.routes["/feed.xml"]
    site.add("/copy.xml", body, content_type)
    add(db, capsys, site.url("/feed.xml"), site.url("/copy.xml"))
    assert main(["feeds", "--db", db, "--remove", site.url("/feed.xml")]) == 0
    assert "removed 1 feed; its articles stay in " in one_line(capsys.readouterr().err)
    add(db, capsys, site.url("/feed.xml"))
    assert main(["feeds", "--db", db, "--remove", site.url("/feed.xml"), "--remove", site.url("/copy.xml")]) == 0
    assert "removed 2 feeds; their articles stay in " in one_line(capsys.readouterr().err)
