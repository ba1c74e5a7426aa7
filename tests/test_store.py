"""The desk's SQLite store: dedup, stable story ids, crash safety, schema, locks."""

import sqlite3

import pytest

from summarize.pipeline import load_articles
from summarize.records import Article
from summarize.store import SCHEMA_VERSION, Store, StoreError, default_path, parse_since


@pytest.fixture(autouse=True)
def no_real_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZE_DB", str(tmp_path / "default.sqlite3"))


@pytest.fixture
def storm(pile):
    articles, _ = load_articles([str(pile / "a.txt"), str(pile / "b.txt")])
    return articles


@pytest.fixture
def bank(pile):
    articles, _ = load_articles([str(pile / "c.txt")])
    return articles


def test_default_path_follows_the_environment(tmp_path):
    assert default_path() == tmp_path / "default.sqlite3"
    with Store() as store:
        assert store.path == tmp_path / "default.sqlite3"
        assert store.schema_version == SCHEMA_VERSION
    assert (tmp_path / "default.sqlite3").exists()


def test_articles_group_into_stories_with_stable_ids(tmp_path, storm, bank):
    with Store(tmp_path / "s.db") as store:
        first = store.add_articles(storm)
        assert len(first.added) == 2 and len(first.new_stories) == 1
        (story_id,) = first.new_stories
        second = store.add_articles(bank)
        assert len(second.new_stories) == 1 and story_id not in second.new_stories
        assert story_id in store.story_ids()
        stories = store.stories()
        assert {s.story.id for s in stories} == {story_id, *second.new_stories}
        storm_story = store.story(story_id)
        assert len(storm_story.story.articles) == 2
        assert storm_story.story.summary.sentences
        assert storm_story.story.articles[0].sentences  # full text, segmented, for a reader
        ties = storm_story.ties
        assert ties["terms"] and any(t["term"] in ("storm", "evacuation", "ellis", "port") for t in ties["terms"])
        assert [a["similarity"] is None for a in ties["articles"]] == [False, False] or ties["articles"][1]["similarity"] > 0


def test_duplicates_by_url_and_by_text(tmp_path, storm):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm)
        again = store.add_articles(storm)
        assert again.added == [] and again.duplicates == 2
        same_text = Article(id="other-id", text=storm[0].text, url="http://elsewhere/x")
        same_url = Article(id="third", text="Entirely different words about a parade.", url=None)
        store.add_articles([same_text])
        assert store.article_count() == 2
        a = Article(id="u1", text="A parade marched through the old town square.", url="http://news.test/p#top")
        b = Article(id="u2", text="Different text, same page.", url="http://news.test/p")
        assert store.add_articles([a, b]).duplicates == 1
        assert store.has_url("http://news.test/p")
        assert store.add_articles([same_url]).added == ["third"]


def test_raw_text_is_kept(tmp_path, storm):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm)
        raw = store.db.execute("SELECT raw_text, text FROM articles").fetchall()
        assert all("Register now" in r[0] or "Reporting by" in r[0] for r in raw)
        assert all("Register now" not in r[1] for r in raw)


def test_a_crash_mid_article_leaves_nothing_half_written(tmp_path, storm, bank, monkeypatch):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_articles(storm)
        original = store.db.executemany

        def explode(sql, rows):
            if sql.lstrip().startswith("INSERT INTO story_terms"):
                raise RuntimeError("power cut")
            return original(sql, rows)

        store.db = _Proxy(store.db, explode)
        with pytest.raises(RuntimeError):
            store.add_articles(bank)
    with Store(path) as store:
        assert store.article_count() == 2
        assert len(store.story_ids()) == 1
        assert store.db.execute("SELECT count(*) FROM story_terms WHERE story NOT IN (SELECT rowid FROM stories)").fetchone()[0] == 0
        assert store.add_articles(bank).added  # and it goes in cleanly afterwards


class _Proxy:
    def __init__(self, db, executemany):
        self._db, self.executemany = db, executemany

    def __getattr__(self, name):
        return getattr(self._db, name)


def test_a_stale_story_is_summarised_on_read(tmp_path, storm):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm, summarise=False)  # as if the run died before its summaries
    with Store(tmp_path / "s.db") as store:
        (story,) = store.stories()
        assert story.story.summary.sentences


def test_newer_schema_is_refused_in_one_line(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(StoreError) as err:
        Store(path)
    assert "newer summarize" in str(err.value) and "\n" not in str(err.value)


def test_foreign_files_are_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a summarize store"):
        Store(junk)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE x (y)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not a summarize store"):
        Store(other)


def test_a_locked_store_gives_one_line_after_the_timeout(tmp_path, storm):
    path = tmp_path / "s.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, timeout=0.2) as store:
            with pytest.raises(StoreError) as err:
                store.add_articles(storm)
        assert "locked by another process" in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(path) as store:
        assert store.article_count() == 0


def test_reading_state_new_updated_read(tmp_path, storm, bank):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm[:1])
        (only,) = store.stories()
        assert only.status == "new"
        store.mark_read([only.story.id], at=only.updated_at + 1)
        assert store.stories()[0].status == "read"
        assert store.stories(unread=True) == []
        store.add_articles(storm[1:], now=only.updated_at + 2, recluster=False)
        assert store.stories()[0].status == "updated"
        assert store.read_article_ids() == {storm[0].id}
        store.add_articles(bank, now=only.updated_at + 3)
        assert [s.status for s in store.stories()] == ["new", "updated"]  # newest update first
        assert store.last_read() == only.updated_at + 1
        assert len(store.stories(since=only.updated_at + 2.5)) == 1


def test_parse_since():
    assert parse_since("1d", now=100000.0) == 100000.0 - 86400
    assert parse_since("90m", now=10000.0) == 10000.0 - 5400
    assert parse_since("2026-12-01") > 0
    with pytest.raises(ValueError):
        parse_since("yesterday")


def test_recluster_keeps_ids_by_overlap(tmp_path, storm, bank):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm + bank)
        before = {s.story.id: {a.id for a in s.story.articles} for s in store.stories()}
        change = store.recluster()
        after = {s.story.id: {a.id for a in s.story.articles} for s in store.stories()}
        assert after == before and change["new"] == [] and change["gone"] == []


def test_migrations_run_forward_and_keep_data(tmp_path, storm, monkeypatch):
    import summarize.store as store_module

    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_articles(storm)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, SCHEMA_VERSION + 1, ["ALTER TABLE articles ADD COLUMN lang TEXT"])
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert store.article_count() == 2
        assert store.db.execute("SELECT count(lang) FROM articles").fetchone()[0] == 0


def test_a_first_schema_store_gets_feed_folders_and_keeps_its_feeds(tmp_path, monkeypatch):
    import summarize.store as store_module

    path = tmp_path / "old.db"
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    with Store(path) as store:
        store.save_feed("https://example.org/feed.xml", title="Example", status="ok")
    monkeypatch.undo()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        store.file_feeds({"https://example.org/feed.xml": "News", "https://example.org/unknown.xml": "Other"})
        (row,) = store.feeds()
        assert (row["url"], row["title"], row["folder"]) == ("https://example.org/feed.xml", "Example", "News")


def test_existing_store(tmp_path):
    from summarize.store import existing_store

    assert existing_store() is None
    Store().close()
    assert existing_store() == tmp_path / "default.sqlite3"
    assert existing_store(tmp_path / "elsewhere.db") is None


def test_reclean_from_raw_text(tmp_path, storm):
    with Store(tmp_path / "s.db") as store:
        store.add_articles(storm)
        assert store.reclean() == 0  # the same cleaner: nothing changes
        store.db.execute("UPDATE articles SET text = text || ' Register now for more.'")
        assert store.reclean() == 2
        assert all("Register now" not in r[0] for r in store.db.execute("SELECT text FROM articles"))
        (story,) = store.stories()
        assert story.story.summary.sentences


def test_a_stored_summary_s_citations_name_the_sentences_they_quote(tmp_path, storm):
    """The reading room highlights the cited sentence by its index: the store
    gave every citation back as -1, and a desk source opened on nothing."""
    import json

    def check(story):
        cited = [c for s in story.summary.sentences for c in s.citations]
        assert cited
        for c in cited:
            assert story.article(c.article).sentences[c.sentence_index].text == c.quote

    with Store(tmp_path / "s.db") as store:
        (story_id,) = store.add_articles(storm).new_stories
        check(store.story(story_id).story)
        row = store.db.execute("SELECT summary FROM stories WHERE id = ?", (story_id,)).fetchone()
        saved = json.loads(row[0])
        assert all("sentence_index" in c for s in saved["sentences"] for c in s["citations"])
        # a summary saved before the store kept the index: found again by its quote
        for s in saved["sentences"]:
            for c in s["citations"]:
                del c["sentence_index"]
        store.db.execute("UPDATE stories SET summary = ? WHERE id = ?", (json.dumps(saved), story_id))
        check(store.story(story_id).story)
