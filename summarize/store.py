"""The news desk's store: one SQLite file that remembers articles, feeds,
stories and what the reader has read.

Guarantees:

- every article goes in with its story assignment in one transaction (WAL
  journal), so a crash mid-ingest loses nothing already committed and leaves
  no half-written article; a story whose summary was not yet recomputed is
  flagged ``stale`` and recomputed on the next write or read;
- articles are deduplicated by URL (fragment dropped) and by a hash of their
  cleaned text; the raw text is kept, so a better cleaner can re-clean;
- the schema is versioned (``schema_version``) and migrated forward; a file
  written by a newer schema is refused with one line, and a database locked
  by another process gives one line after a busy timeout.

Incremental stories: an article is a TF-IDF vector (the clusterer's text:
title twice and the opening words, ``lexicon.analyse`` terms, sublinear tf,
idf from the store's document frequencies at the time it is added,
L2-normalised).  Each story keeps the sum of its members' vectors, indexed
by term, so the mean cosine between a new article and every member of a
story (average linkage, as ``summarize.cluster``) is one indexed query.  The
article joins the best story when that mean reaches ``MERGE_THRESHOLD``,
else it starts a new one.  Story ids never change.

The API the CLI (``summarize.desk``) and the terminal UI use:
``Store.open(path)``, ``add_articles``, ``stories(since=..., unread=...)``
(``StoredStory``: a ``records.Story`` plus ``status`` new/updated/read and
``ties``), ``story(id)`` (full article text, segmented), ``mark_read``,
``feeds`` / ``save_feed``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urldefrag

from .records import Article, Citation, Problem, Progress, Sentence, Story, Summary, SummarySentence, locate_citations

SCHEMA_VERSION = 2
DEFAULT_BUSY_TIMEOUT = 5.0  # seconds; SUMMARIZE_DB_TIMEOUT overrides
MAX_TERMS = 200  # terms kept per article vector
RECLUSTER_GROWTH = 0.1  # re-cluster the whole store once it has grown by this share since the last time
TIE_TERMS = 8



class StoreError(Exception):
    """A store problem, in one line for the user."""


# ---------------------------------------------------------------------------
# schema and migrations: MIGRATIONS[v] takes a database from v-1 to v

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            etag TEXT,
            modified TEXT,
            added_at REAL NOT NULL,
            checked_at REAL,
            status TEXT,
            error TEXT,
            articles INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE stories (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            grown_at REAL,
            size INTEGER NOT NULL DEFAULT 0,
            headline TEXT,
            summary TEXT,
            families TEXT,
            ties TEXT,
            stale INTEGER NOT NULL DEFAULT 1
        )""",
        "CREATE INDEX stories_updated ON stories(updated_at)",
        """CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            url TEXT UNIQUE,
            hash TEXT NOT NULL UNIQUE,
            title TEXT,
            source TEXT,
            date TEXT,
            path TEXT,
            origin TEXT NOT NULL,
            feed TEXT,
            raw_text TEXT,  -- NULL: the same as text (nothing was cleaned away)
            text TEXT NOT NULL,
            removed TEXT,
            credits TEXT,
            sentences TEXT,  -- [[start, end, paragraph], ...]: the segmenter's spans, so reading needs no re-segmenting
            story INTEGER NOT NULL REFERENCES stories(rowid),
            similarity REAL,
            added_at REAL NOT NULL
        )""",
        "CREATE INDEX articles_story ON articles(story)",
        "CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE, df INTEGER NOT NULL DEFAULT 0)",
        """CREATE TABLE story_terms (
            term INTEGER NOT NULL,
            story INTEGER NOT NULL,
            weight REAL NOT NULL,
            docs INTEGER NOT NULL,
            PRIMARY KEY (term, story)
        ) WITHOUT ROWID""",
        "CREATE INDEX story_terms_story ON story_terms(story)",
        "CREATE TABLE reading (story TEXT PRIMARY KEY, read_at REAL NOT NULL, size INTEGER NOT NULL)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    ],
    # the folder an imported OPML list had a feed in, given back by `feeds --export-opml`
    2: ["ALTER TABLE feeds ADD COLUMN folder TEXT"],
}


def default_path() -> Path:
    """``$SUMMARIZE_DB``, else ``desk.sqlite3`` in the user's data directory."""
    env = os.environ.get("SUMMARIZE_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("summarize")) / "desk.sqlite3"


def existing_store(path: str | os.PathLike | None = None) -> Path | None:
    """The store at ``path`` (default: ``default_path()``) if there is one:
    for a reader (the TUI) that opens the store only when it exists."""
    target = Path(path) if path else default_path()
    return target if target.is_file() else None


def normalise_url(url: str | None) -> str | None:
    if not url:
        return None
    url = urldefrag(url.strip())[0]
    return url or None


def content_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.lower().split()).encode("utf-8", "surrogatepass")).hexdigest()


def parse_since(value: str, now: float | None = None) -> float:
    """'30m', '12h', '1d', '2w' ago, or an ISO date/time: a Unix time."""
    now = time.time() if now is None else now
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*", value or "")
    if m:
        unit = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}[m.group(2)]
        return now - float(m.group(1)) * unit
    from datetime import datetime, timezone

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--since {value!r}: give a span such as 30m, 12h, 1d, 2w, or a date such as 2026-12-01") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


@dataclass
class AddResult:
    added: list[str] = field(default_factory=list)  # article ids
    duplicates: int = 0
    new_stories: set[str] = field(default_factory=set)
    updated_stories: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    reclustered: bool = False  # settle re-grouped the whole store

    def merge(self, other: "AddResult") -> None:
        self.added += other.added
        self.duplicates += other.duplicates
        self.new_stories |= other.new_stories
        self.updated_stories |= other.updated_stories - self.new_stories
        self.problems += other.problems


@dataclass
class StoredStory:
    story: Story
    status: str  # "new" (never read), "updated" (gained articles since read), "read"
    created_at: float
    updated_at: float
    ties: dict
    origins: dict[str, str]  # article id -> "page", "feed summary", "file"

    def to_dict(self) -> dict:
        """The JSON contract's story (summarize.render) plus the desk's keys."""
        from datetime import datetime, timezone

        from .render import story_to_dict

        out = story_to_dict(self.story)
        for article in out["articles"]:
            article["origin"] = self.origins.get(article["id"])
        iso = lambda t: datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")
        out["status"] = self.status
        out["new"] = self.status == "new"
        out["updated"] = self.status == "updated"
        out["created_at"] = iso(self.created_at)
        out["updated_at"] = iso(self.updated_at)
        out["ties"] = self.ties
        return out


def _vector_terms(article: Article) -> Counter:
    from .cluster import article_text
    from .lexicon import analyse

    return Counter(analyse(article_text(article)))


def weigh(counts: Counter, dfs: dict[str, int], total: int) -> dict[str, float]:
    """An article's L2-normalised vector: sublinear tf times smoothed idf
    (as scikit-learn's), its ``MAX_TERMS`` heaviest terms.  As the batch
    clusterer (``cluster.vectorize``) does, a store of 200 articles or more
    leaves out terms only one article has, and one of 20 or more the terms
    in more than half of them."""
    low = 2 if total >= 200 else 1
    high = 0.5 * total if total >= 20 else float("inf")
    weights = {
        t: (1.0 + math.log(c)) * (math.log((1 + total) / (1 + dfs[t])) + 1.0)
        for t, c in counts.items()
        if low <= dfs[t] <= high
    }
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def _summary_to_json(summary: Summary) -> str:
    from .render import summary_to_dict

    data = summary_to_dict(summary)
    # The store keeps what the output leaves out: which sentence of its article
    # each citation quotes (the reading room highlights that sentence).
    for item, sentence in zip(data["sentences"], summary.sentences):
        for cited, citation in zip(item["citations"], sentence.citations):
            cited["sentence_index"] = citation.sentence_index
    return json.dumps(data, ensure_ascii=False)


def _summary_from_json(text: str | None) -> Summary:
    if not text:
        return Summary(method="extractive")
    data = json.loads(text)
    sentences = [
        SummarySentence(
            text=s["text"],
            citations=[
                Citation(article=c["article"], quote=c["quote"], sentence_index=c.get("sentence_index", -1), similarity=c.get("similarity", 1.0))
                for c in s.get("citations", [])
            ],
            support=s.get("support", 0),
            score=s.get("score", 0.0),
            supported=s.get("supported"),
            flags=list(s.get("flags", [])),
            origin=s.get("origin"),
        )
        for s in data.get("sentences", [])
    ]
    return Summary(
        method=data.get("method", "extractive"), sentences=sentences, model=data.get("model"), mode=data.get("mode"), note=data.get("note")
    )


class Store:
    """One SQLite store.  ``Store(path)`` opens (and creates or migrates) it."""

    def __init__(self, path: str | os.PathLike | None = None, *, timeout: float | None = None, threshold: float | None = None):
        from .cluster import MERGE_THRESHOLD

        self.path = Path(path) if path else default_path()
        if timeout is None:
            timeout = float(os.environ.get("SUMMARIZE_DB_TIMEOUT", DEFAULT_BUSY_TIMEOUT))
        self.timeout = timeout
        self.threshold = MERGE_THRESHOLD if threshold is None else threshold
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a store file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"{self.path}: cannot create its folder ({err.strerror or err})") from None
        try:
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the store ({err})") from None
        self.db.row_factory = sqlite3.Row
        with self._errors():
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS query_terms (term INTEGER PRIMARY KEY, weight REAL NOT NULL)")

    # -- plumbing ----------------------------------------------------------

    def _errors(self):
        store = self

        class _Guard:
            def __enter__(self):
                return self

            def __exit__(self, kind, err, tb):
                if err is None or not isinstance(err, sqlite3.Error):
                    return False
                message = str(err)
                if "locked" in message or "busy" in message:
                    raise StoreError(
                        f"{store.path}: the store is locked by another process (waited {store.timeout:g} s); try again when it is done"
                    ) from None
                if "not a database" in message or "malformed" in message:
                    raise StoreError(f"{store.path}: not a summarize store, or a damaged one ({message})") from None
                if "readonly" in message or "unable to open" in message:
                    raise StoreError(f"{store.path}: cannot write the store ({message})") from None
                raise StoreError(f"{store.path}: store error ({message})") from None

        return _Guard()

    def _transaction(self):
        store = self

        class _Tx:
            def __enter__(self):
                store.db.execute("BEGIN IMMEDIATE")
                return store.db

            def __exit__(self, kind, err, tb):
                if err is None:
                    store.db.execute("COMMIT")
                else:
                    try:
                        store.db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                return False

        return _Tx()

    def _migrate(self) -> None:
        db = self.db
        exists = db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
        version = db.execute("SELECT version FROM schema_version").fetchone()[0] if exists else 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer summarize (store schema {version}, this version reads up to {SCHEMA_VERSION}); upgrade summarize to use it"
            )
        if version == SCHEMA_VERSION:
            return
        if not exists:
            other = db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
            if other:
                raise StoreError(f"{self.path}: an SQLite file that is not a summarize store; refusing to touch it")
        with self._transaction():
            if not exists:
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                db.execute("INSERT INTO schema_version VALUES (0)")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (step,))

    @property
    def schema_version(self) -> int:
        return self.db.execute("SELECT version FROM schema_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value", (key, value))

    # -- articles ----------------------------------------------------------

    def story_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM stories").fetchone()[0]

    def article_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def has_url(self, url: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE url=?", (normalise_url(url),)).fetchone() is not None

    def origin_of_url(self, url: str) -> str | None:
        row = self.db.execute("SELECT origin FROM articles WHERE url=?", (normalise_url(url),)).fetchone()
        return row[0] if row else None

    def replace_text(self, url: str, article: Article, origin: str) -> bool:
        """Give the stored article at ``url`` a new text (e.g. the page's in
        place of the feed's summary), keeping its id and story; the story is
        re-summarised.  False when no such article, or the text is a copy of
        another stored one."""
        if not article.sentences:
            from .segment import segment_article

            segment_article(article)
        digest = content_hash(article.text)
        with self._errors(), self._transaction():
            row = self.db.execute("SELECT rowid, story FROM articles WHERE url=?", (normalise_url(url),)).fetchone()
            if row is None or self.db.execute("SELECT 1 FROM articles WHERE hash=? AND rowid<>?", (digest, row["rowid"])).fetchone():
                return False
            self.db.execute(
                """UPDATE articles SET text=?, raw_text=?, hash=?, title=COALESCE(?, title), source=COALESCE(?, source),
                   removed=?, credits=?, sentences=?, origin=? WHERE rowid=?""",
                (
                    article.text, article.raw_text if article.raw_text and article.raw_text != article.text else None, digest,
                    article.title, article.source,
                    json.dumps(article.removed, ensure_ascii=False) if article.removed else None,
                    json.dumps(article.credits, ensure_ascii=False) if article.credits else None,
                    json.dumps([[x.start, x.end, x.paragraph] for x in article.sentences]), origin, row["rowid"],
                ),
            )
            self.db.execute("UPDATE stories SET stale = 1 WHERE rowid = ?", (row["story"],))
        return True

    def add_articles(
        self,
        articles: Iterable[Article],
        *,
        origin: str = "file",
        origins: dict[str, str] | None = None,
        feed: str | None = None,
        summarise: bool = True,
        recluster: bool | None = None,
        progress: Progress | None = None,
        now: float | None = None,
    ) -> AddResult:
        """Store each article and put it in a story, one transaction per
        article; then recompute the summaries of the stories that grew.
        ``origins`` maps an article id to its origin when they differ.
        ``recluster``: re-cluster the whole store afterwards (None: when it
        has grown by ``RECLUSTER_GROWTH`` since the last re-cluster)."""
        result = AddResult()
        articles = list(articles)
        with self._errors():
            for n, article in enumerate(articles, start=1):
                self._add_one(article, (origins or {}).get(article.id, origin), feed, result, now)
                if progress:
                    progress(n, len(articles), "storing articles")
            self.settle(result, recluster=recluster, summarise=summarise, progress=progress, now=now)
        return result

    def _add_one(self, article: Article, origin: str, feed: str | None, result: AddResult, now: float | None) -> None:
        db = self.db
        url = normalise_url(article.url)
        digest = content_hash(article.text)
        counts = _vector_terms(article)
        if not article.text.strip():
            result.problems.append(Problem(url or article.path or article.id, "no article text, skipped"))
            return
        if not article.sentences:
            from .segment import segment_article

            segment_article(article)
        now = time.time() if now is None else now
        with self._transaction():
            duplicate = db.execute(
                "SELECT 1 FROM articles WHERE hash=? UNION ALL SELECT 1 FROM articles WHERE id=? "
                "UNION ALL SELECT 1 FROM articles WHERE url=? LIMIT 1",
                (digest, article.id, url),
            ).fetchone()
            if duplicate:
                result.duplicates += 1
                return
            total = int(self._meta("articles", "0")) + 1
            self._set_meta("articles", str(total))
            term_ids: dict[str, int] = {}
            dfs: dict[str, int] = {}
            db.executemany(
                "INSERT INTO terms(term, df) VALUES(?, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1", [(t,) for t in counts]
            )
            if counts:
                rows = []
                terms = list(counts)
                for start in range(0, len(terms), 500):
                    chunk = terms[start : start + 500]
                    rows += db.execute(
                        f"SELECT id, term, df FROM terms WHERE term IN ({','.join('?' * len(chunk))})", chunk
                    ).fetchall()
                for row in rows:
                    term_ids[row["term"]] = row["id"]
                    dfs[row["term"]] = row["df"]
            vector = weigh(counts, dfs, total)
            # candidate stories: the mean cosine to their members (average linkage)
            db.execute("DELETE FROM query_terms")
            db.executemany("INSERT INTO query_terms VALUES(?, ?)", [(term_ids[t], w) for t, w in vector.items()])
            best = db.execute(
                """SELECT s.rowid, s.id, SUM(st.weight * q.weight) / s.size AS score
                   FROM query_terms q CROSS JOIN story_terms st ON st.term = q.term CROSS JOIN stories s ON s.rowid = st.story
                   GROUP BY st.story ORDER BY score DESC LIMIT 1"""
            ).fetchone()
            if best is not None and best["score"] >= self.threshold:
                story_row, story_id, similarity = best["rowid"], best["id"], float(best["score"])
                db.execute("UPDATE stories SET size = size + 1, updated_at = ?, grown_at = ?, stale = 1 WHERE rowid = ?", (now, now, story_row))
                if story_id not in result.new_stories:
                    result.updated_stories.add(story_id)
            else:
                story_id = "s" + hashlib.sha1(f"{article.id}\x1f{digest}".encode()).hexdigest()[:11]
                story_row = db.execute(
                    "INSERT INTO stories(id, created_at, updated_at, size, stale) VALUES(?, ?, ?, 1, 1)", (story_id, now, now)
                ).lastrowid
                similarity = None
                result.new_stories.add(story_id)
            db.executemany(
                """INSERT INTO story_terms(term, story, weight, docs) VALUES(?, ?, ?, 1)
                   ON CONFLICT(term, story) DO UPDATE SET weight = weight + excluded.weight, docs = docs + 1""",
                [(term_ids[t], story_row, w) for t, w in vector.items()],
            )
            db.execute(
                """INSERT INTO articles(id, url, hash, title, source, date, path, origin, feed, raw_text, text, removed,
                   credits, sentences, story, similarity, added_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    article.id, url, digest, article.title, article.source, article.date, article.path, origin, feed,
                    article.raw_text if article.raw_text and article.raw_text != article.text else None, article.text,
                    json.dumps(article.removed, ensure_ascii=False) if article.removed else None,
                    json.dumps(article.credits, ensure_ascii=False) if article.credits else None,
                    json.dumps([[x.start, x.end, x.paragraph] for x in article.sentences]) if article.sentences else None,
                    story_row, similarity, now,
                ),
            )
            if feed:
                db.execute("UPDATE feeds SET articles = articles + 1 WHERE url = ?", (feed,))
        result.added.append(article.id)

    def settle(
        self, result: AddResult, *, recluster: bool | None = None, summarise: bool = True,
        progress: Progress | None = None, now: float | None = None,
    ) -> None:
        """After articles went in (``add_articles(..., summarise=False,
        recluster=False)`` calls): re-cluster when due (or asked), fix the
        result's new/updated story ids accordingly, recompute summaries."""
        with self._errors():
            if recluster or (recluster is None and result.added and self.due_for_recluster()):
                before = {r[0] for r in self.db.execute("SELECT id FROM stories")} - result.new_stories
                change = self.recluster(progress=progress, now=now)
                now_there = {r[0] for r in self.db.execute("SELECT id FROM stories")}
                result.new_stories = (result.new_stories | set(change["new"])) & now_there
                result.updated_stories = (result.updated_stories | set(change["grown"])) & before & now_there
                result.reclustered = True
            if summarise:
                self.refresh(progress=progress)

    def reclean(self, progress: Progress | None = None) -> int:
        """Clean every article again from its raw text with today's cleaner
        (``ingest.make_article``); articles whose text changes get new text,
        hash and sentences, and their stories are re-summarised.  Returns
        how many changed.  Story membership stays as it is (``recluster``
        re-groups)."""
        from .ingest import make_article
        from .segment import segment_article

        changed = 0
        with self._errors():
            rows = self.db.execute(
                "SELECT rowid, id, raw_text, text, title, source, url, path, date, story FROM articles ORDER BY rowid"
            ).fetchall()
            for n, row in enumerate(rows, start=1):
                raw = row["raw_text"] if row["raw_text"] is not None else row["text"]
                is_html = raw.lstrip()[:15].lower().startswith(("<!doctype html", "<html"))
                fresh = make_article(
                    raw, path=row["path"], key=0, group=None, title=row["title"], source=row["source"], url=row["url"],
                    date=row["date"], article_id=row["id"], is_html=is_html,
                )
                if not fresh.text.strip() or fresh.text == row["text"]:
                    continue
                segment_article(fresh)
                digest = content_hash(fresh.text)
                with self._transaction():
                    if self.db.execute("SELECT 1 FROM articles WHERE hash=? AND rowid<>?", (digest, row["rowid"])).fetchone():
                        continue  # it now reads as a copy of another article: leave it be
                    self.db.execute(
                        "UPDATE articles SET text=?, hash=?, raw_text=?, removed=?, credits=?, sentences=? WHERE rowid=?",
                        (
                            fresh.text, digest, raw if raw != fresh.text else None,
                            json.dumps(fresh.removed, ensure_ascii=False) if fresh.removed else None,
                            json.dumps(fresh.credits, ensure_ascii=False) if fresh.credits else None,
                            json.dumps([[x.start, x.end, x.paragraph] for x in fresh.sentences]), row["rowid"],
                        ),
                    )
                    self.db.execute("UPDATE stories SET stale = 1 WHERE rowid = ?", (row["story"],))
                changed += 1
                if progress:
                    progress(n, len(rows), "cleaning again")
        self.refresh(progress=progress)
        return changed

    # -- re-clustering -----------------------------------------------------

    def due_for_recluster(self) -> bool:
        total = int(self._meta("articles", "0"))
        last = int(self._meta("reclustered_at", "0"))
        return total > last and total - last >= RECLUSTER_GROWTH * total

    def recluster(self, progress: Progress | None = None, now: float | None = None) -> dict:
        """Cluster every stored article afresh (``summarize.cluster``, the
        batch clusterer) and map the new clusters onto the old story ids by
        overlap (largest overlap first, each old id used once), so a story
        keeps its id while most of its articles stay together.  Vectors are
        re-weighted with today's document frequencies.  Returns the ids of
        new stories, stories that gained or lost articles, and stories gone."""
        from .cluster import cluster_articles

        now = time.time() if now is None else now
        with self._errors():
            rows = self.db.execute("SELECT rowid, id, title, text, story FROM articles ORDER BY rowid").fetchall()
            if not rows:
                return {"new": [], "grown": [], "shrunk": [], "gone": []}
            if progress:
                progress(0, 1, "re-clustering the store")
            articles = [Article(id=r["id"], text=r["text"], title=r["title"]) for r in rows]
            old_of = {r["id"]: r["story"] for r in rows}
            groups = cluster_articles(articles, self.threshold)
            overlap = Counter((g, old_of[a.id]) for g, members in enumerate(groups) for a in members)
            target: dict[int, int] = {}
            taken: set[int] = set()
            for (g, old), _ in sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0])):
                if g not in target and old not in taken:
                    target[g] = old
                    taken.add(old)
            terms = {r["term"]: (r["id"], r["df"]) for r in self.db.execute("SELECT id, term, df FROM terms")}
            dfs = {t: v[1] for t, v in terms.items()}
            total = len(rows)
            old_rows = {r["rowid"]: r["id"] for r in self.db.execute("SELECT rowid, id FROM stories")}
            old_members: dict[int, set[str]] = {}
            for r in rows:
                old_members.setdefault(r["story"], set()).add(r["id"])
            change = {"new": [], "grown": [], "shrunk": [], "gone": []}
            with self._transaction():
                self.db.execute("DELETE FROM story_terms")
                for g, members in enumerate(groups):
                    vectors = [weigh(_vector_terms(a), dfs, total) for a in members]
                    summed: Counter = Counter()
                    docs: Counter = Counter()
                    for v in vectors:
                        summed.update(v)
                        docs.update(v.keys())
                    ids = {a.id for a in members}
                    if g in target:
                        row = target[g]
                        before = old_members.get(row, set())
                        grew, lost = bool(ids - before), bool(before - ids)
                        if grew or lost:
                            self.db.execute(
                                "UPDATE stories SET size=?, stale=1, updated_at=CASE WHEN ? THEN ? ELSE updated_at END, "
                                "grown_at=CASE WHEN ? THEN ? ELSE grown_at END WHERE rowid=?",
                                (len(members), grew, now, grew, now, row),
                            )
                            change["grown" if grew else "shrunk"].append(old_rows[row])
                    else:
                        first = members[0]
                        story_id = "s" + hashlib.sha1(f"{first.id}\x1f{content_hash(first.text)}".encode()).hexdigest()[:11]
                        while self.db.execute("SELECT 1 FROM stories WHERE id=?", (story_id,)).fetchone():
                            story_id = "s" + hashlib.sha1(story_id.encode()).hexdigest()[:11]
                        row = self.db.execute(
                            "INSERT INTO stories(id, created_at, updated_at, size, stale) VALUES(?, ?, ?, ?, 1)",
                            (story_id, now, now, len(members)),
                        ).lastrowid
                        change["new"].append(story_id)
                    self.db.executemany(
                        "INSERT INTO story_terms(term, story, weight, docs) VALUES(?, ?, ?, ?)",
                        [(terms[t][0], row, w, docs[t]) for t, w in summed.items()],
                    )
                    for a, v in zip(members, vectors):
                        similarity = None
                        if len(members) > 1:
                            similarity = (sum(w * summed[t] for t, w in v.items()) - 1.0) / (len(members) - 1)
                        self.db.execute(
                            "UPDATE articles SET story=?, similarity=? WHERE id=?", (row, similarity, a.id),
                        )
                for row, story_id in old_rows.items():
                    if row not in taken:
                        self.db.execute("DELETE FROM stories WHERE rowid=?", (row,))
                        change["gone"].append(story_id)
                self._set_meta("reclustered_at", str(total))
        return change

    # -- stories -----------------------------------------------------------

    def _articles_of(self, story_row: int, full: bool) -> list[sqlite3.Row]:
        columns = "id, url, title, source, date, path, origin, similarity, added_at" + (", text, raw_text, removed, credits, sentences" if full else "")
        return self.db.execute(f"SELECT {columns} FROM articles WHERE story = ? ORDER BY added_at, rowid", (story_row,)).fetchall()

    @staticmethod
    def _article_of(row: sqlite3.Row, full: bool) -> Article:
        article = Article(
            id=row["id"], text=row["text"] if full else "", title=row["title"], source=row["source"], url=row["url"],
            path=row["path"], date=row["date"],
        )
        if full:
            from .segment import segment_article

            article.raw_text = row["raw_text"] if row["raw_text"] is not None else row["text"]
            article.removed = json.loads(row["removed"] or "[]")
            article.credits = json.loads(row["credits"] or "[]")
            if row["sentences"]:
                text = article.text
                article.sentences = [
                    Sentence(article.id, n, text[start:end], start, end, paragraph)
                    for n, (start, end, paragraph) in enumerate(json.loads(row["sentences"]))
                ]
            else:
                segment_article(article)
        return article

    def refresh(self, progress: Progress | None = None, max_words: int | None = 100) -> int:
        """Recompute the summary, headline and ties of every story flagged
        stale (those that grew); returns how many."""
        from .pipeline import Options, build_story

        with self._errors():
            stale = self.db.execute("SELECT rowid, id FROM stories WHERE stale = 1").fetchall()
            for n, row in enumerate(stale, start=1):
                members = self._articles_of(row["rowid"], full=True)
                articles = [self._article_of(r, True) for r in members]
                if not articles:
                    continue
                built = build_story(articles, Options(max_words=max_words))
                ties = self._ties(row["rowid"], members, articles)
                with self._transaction():
                    self.db.execute(
                        "UPDATE stories SET headline=?, summary=?, families=?, ties=?, stale=0 WHERE rowid=?",
                        (
                            built.headline, _summary_to_json(built.summary), json.dumps(built.families, ensure_ascii=False),
                            json.dumps(ties, ensure_ascii=False), row["rowid"],
                        ),
                    )
                if progress:
                    progress(n, len(stale), "summarising stories")
        return len(stale)

    def _ties(self, story_row: int, members: list[sqlite3.Row], articles: list[Article]) -> dict:
        """What ties the story's articles: the terms most of them share (shown
        as the commonest word each stem stands for), and the similarity with
        which each article joined."""
        from .lexicon import content_words, first_words, stem

        size = len(members)
        rows = self.db.execute(
            """SELECT t.term, st.weight, st.docs FROM story_terms st JOIN terms t ON t.id = st.term
               WHERE st.story = ? AND st.docs >= ? ORDER BY st.docs * st.weight DESC LIMIT ?""",
            (story_row, 2 if size > 1 else 1, TIE_TERMS),
        ).fetchall()
        wanted = {r["term"] for r in rows}
        surface: dict[str, Counter] = {t: Counter() for t in wanted}
        for article in articles:
            for word in content_words(f"{article.title or ''}\n{first_words(article.text, 400)}", fold_possessive=False):
                key = stem(word)
                if key in surface:
                    surface[key][word] += 1
        terms = [
            {"term": surface[r["term"]].most_common(1)[0][0] if surface[r["term"]] else r["term"], "articles": r["docs"], "weight": round(r["weight"] / size, 4)}
            for r in rows
        ]
        joined = [{"article": m["id"], "similarity": None if m["similarity"] is None else round(m["similarity"], 4)} for m in members]
        return {"terms": terms, "articles": joined, "threshold": self.threshold, "linkage": "average"}

    def _reading(self) -> dict[str, tuple[float, int]]:
        return {r["story"]: (r["read_at"], r["size"]) for r in self.db.execute("SELECT story, read_at, size FROM reading")}

    def stories(self, since: float | None = None, unread: bool = False, limit: int | None = None) -> list[StoredStory]:
        """The stories, newest update first, with new/updated flags from the
        reading state.  ``since``: updated at or after that Unix time;
        ``unread``: only new and updated ones."""
        with self._errors():
            if self.db.execute("SELECT 1 FROM stories WHERE stale = 1 LIMIT 1").fetchone():
                self.refresh()  # a run cut short before its summaries
            query = "SELECT * FROM stories"
            params: list = []
            if since is not None:
                query += " WHERE updated_at >= ?"
                params.append(since)
            query += " ORDER BY updated_at DESC, rowid DESC"
            if limit:
                query += f" LIMIT {int(limit)}"
            reading = self._reading()
            out = []
            for row in self.db.execute(query, params).fetchall():
                stored = self._stored(row, reading, full=False)
                if unread and stored.status == "read":
                    continue
                out.append(stored)
            return out

    def story(self, story_id: str, full: bool = True) -> StoredStory:
        """One story; ``full``: its articles' text, segmented (for a reader)."""
        with self._errors():
            row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                raise KeyError(story_id)
            if row["stale"]:
                self.refresh()
                row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
            return self._stored(row, self._reading(), full=full)

    def _stored(self, row: sqlite3.Row, reading: dict, full: bool) -> StoredStory:
        members = self._articles_of(row["rowid"], full=full)
        articles = [self._article_of(m, full) for m in members]
        story = Story(
            id=row["id"], headline=row["headline"] or (articles[0].label if articles else row["id"]), articles=articles,
            summary=_summary_from_json(row["summary"]), families=json.loads(row["families"] or "[]"),
        )
        if full:
            # a summary saved before the store kept sentence indices has none
            # (every citation -1): find each quote among its article's sentences
            locate_citations(story.summary, articles)
        read = reading.get(row["id"])
        if read is None:
            status = "new"
        elif row["updated_at"] > read[0] or row["size"] > read[1]:
            status = "updated"
        else:
            status = "read"
        return StoredStory(
            story=story, status=status, created_at=row["created_at"], updated_at=row["updated_at"],
            ties=json.loads(row["ties"] or "{}"), origins={m["id"]: m["origin"] for m in members},
        )

    def story_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM stories ORDER BY rowid")]

    def mark_read(self, story_ids: Iterable[str] | None = None, at: float | None = None) -> int:
        """Remember that the reader has read these stories (all, by default)
        as they are now; returns how many."""
        at = time.time() if at is None else at
        with self._errors(), self._transaction():
            if story_ids is None:
                rows = self.db.execute("SELECT id, size FROM stories").fetchall()
            else:
                ids = list(story_ids)
                rows = []
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    rows += self.db.execute(f"SELECT id, size FROM stories WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            self.db.executemany(
                "INSERT INTO reading(story, read_at, size) VALUES(?, ?, ?) ON CONFLICT(story) DO UPDATE SET read_at=excluded.read_at, size=excluded.size",
                [(r["id"], at, r["size"]) for r in rows],
            )
            self._set_meta("last_read", repr(at))
        return len(rows)

    def last_read(self) -> float | None:
        """When the reader last marked stories read (None: never)."""
        value = self._meta("last_read")
        return float(value) if value else None

    def read_article_ids(self) -> set[str]:
        """Articles the reader has seen: those of stories read, as they were
        when read (for "new since last read")."""
        out: set[str] = set()
        for story, read_at, _ in self.db.execute(
            "SELECT s.rowid, r.read_at, r.size FROM reading r JOIN stories s ON s.id = r.story"
        ).fetchall():
            out |= {r[0] for r in self.db.execute("SELECT id FROM articles WHERE story = ? AND added_at <= ?", (story, read_at))}
        return out

    # -- feeds -------------------------------------------------------------

    def feed(self, url: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()

    def feeds(self) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM feeds ORDER BY added_at, url").fetchall()

    def file_feeds(self, folders: dict[str, str]) -> None:
        """Put each known feed in its folder (url -> "News/World"), as the
        reader's imported list has it; a URL that is no feed of the store is
        left alone."""
        with self._errors(), self._transaction():
            self.db.executemany("UPDATE feeds SET folder = ? WHERE url = ?", [(f, url) for url, f in folders.items()])

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed; its articles and stories stay. False when unknown."""
        with self._errors(), self._transaction():
            return self.db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def save_feed(
        self, url: str, *, title: str | None = None, etag: str | None = None, modified: str | None = None,
        status: str | None = None, error: str | None = None, keep_validators: bool = False,
    ) -> None:
        """Record a feed and the outcome of its last fetch (its health)."""
        now = time.time()
        with self._errors(), self._transaction():
            row = self.feed(url)
            if row is None:
                self.db.execute(
                    "INSERT INTO feeds(url, title, etag, modified, added_at, checked_at, status, error) VALUES(?,?,?,?,?,?,?,?)",
                    (url, title, etag, modified, now, now, status, error),
                )
            else:
                if keep_validators:
                    etag, modified = row["etag"], row["modified"]
                self.db.execute(
                    "UPDATE feeds SET title=COALESCE(?, title), etag=?, modified=?, checked_at=?, status=?, error=? WHERE url=?",
                    (title, etag, modified, now, status, error, url),
                )
