import json
import re

import pytest

from summarize.ingest import load_paths
from summarize.pipeline import Options, group_articles, load_articles


def test_directory_of_files_is_one_story_and_outlets_are_found(pile):
    loaded = load_paths([str(pile)])
    assert not loaded.problems
    assert len(loaded.articles) == 3
    assert {a.group for a in loaded.articles} == {pile.name}
    by_name = {a.path.rsplit("/", 1)[-1]: a for a in loaded.articles}
    assert by_name["a.txt"].source == "Daily Planet"
    assert by_name["b.txt"].source == "Reuters"


def test_directory_of_directories_is_a_corpus(tmp_path, pile):
    corpus = tmp_path / "corpus"
    (corpus / "storm").mkdir(parents=True)
    (corpus / "bank").mkdir()
    (corpus / "storm" / "a.txt").write_text((pile / "a.txt").read_text())
    (corpus / "storm" / "b.txt").write_text((pile / "b.txt").read_text())
    (corpus / "bank" / "c.txt").write_text((pile / "c.txt").read_text())
    (corpus / "loose.txt").write_text((pile / "c.txt").read_text())
    articles, problems = load_articles([str(corpus)])
    assert not problems
    groups = group_articles(articles, Options())
    assert sorted(len(g) for g in groups) == [1, 1, 2]
    assert {a.group for a in articles} == {"storm", "bank", "corpus (loose files)"}


def test_jsonl_bad_line_is_reported_with_file_and_line_and_the_rest_kept(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = {"text": "The mayor opened the new bridge on Sunday morning.", "title": "Bridge opens", "source": "Gazette", "id": "g1"}
    lines = [json.dumps(good)] * 6 + ["{not json"] + [json.dumps({**good, "id": "g2"})]
    path.write_text("\n".join(lines) + "\n")
    loaded = load_paths([str(path)])
    assert len(loaded.articles) == 7
    assert [str(p) for p in loaded.problems] == [f"{path}:7: invalid JSON (expecting property name enclosed in double quotes at column 2), line skipped"]
    assert loaded.articles[0].source == "Gazette" and loaded.articles[0].id == "g1"


def test_bad_json_file_says_what_is_wrong_and_where_in_one_whole_line(tmp_path):
    """json's own msg is a fragment ("Unterminated string starting at"); the line says the column too."""
    path = tmp_path / "export.json"
    path.write_text('{"text": "The mayor opened the bridge.', encoding="utf-8")
    loaded = load_paths([str(path)])
    assert [str(p) for p in loaded.problems] == [f"{path}:1: invalid JSON (unterminated string starting at column 10), file skipped"]
    assert not loaded.articles


def test_record_without_text_is_reported(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"title": "no text"}, {"text": "A council voted to build a new school next year."}]))
    loaded = load_paths([str(path)])
    assert len(loaded.articles) == 1
    assert "record 1" in str(loaded.problems[0]) and "text" in str(loaded.problems[0])


def test_empty_binary_missing_and_non_utf8_inputs(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "latin.txt").write_bytes("Le café a ouvert ses portes à Genève mardi dernier.".encode("latin-1"))
    loaded = load_paths([str(tmp_path / "empty.txt"), str(tmp_path / "blob.txt"), str(tmp_path / "latin.txt"), str(tmp_path / "nope.txt")])
    messages = [str(p) for p in loaded.problems]
    assert any("empty.txt: empty file" in m for m in messages)
    assert any("blob.txt: binary file" in m for m in messages)
    assert any("nope.txt: no such file" in m for m in messages)
    assert [a.text for a in loaded.articles] == ["Le café a ouvert ses portes à Genève mardi dernier."]


def test_a_parquet_file_on_the_local_engine_says_which_engine_reads_it(tmp_path):
    (tmp_path / "rows.parquet").write_bytes(b"PAR1" + b"\x00" * 64 + b"PAR1")
    loaded = load_paths([str(tmp_path / "rows.parquet")])
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path / 'rows.parquet'}: a Parquet file is read by the Ray engine only (--engine ray, with the scale extra), skipped"
    ]


def test_directory_with_nothing_usable(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    loaded = load_paths([str(tmp_path)])
    assert not loaded.articles
    assert any("holds no usable article" in str(p) for p in loaded.problems)


def test_html_page_goes_through_the_extractor(tmp_path):
    body = "".join(
        f"<p>Paragraph {n}: the committee heard evidence from witnesses about the flood defences on day {n}.</p>" for n in range(1, 6)
    )
    html = (
        "<!doctype html><html><head><title>Flood inquiry hears evidence</title>"
        '<meta property="og:site_name" content="Valley News"><script>var x = "<p>not text</p>";</script></head>'
        f"<body><nav><a href='/'>Home</a><a href='/w'>World</a></nav><article><h1>Flood inquiry hears evidence</h1>{body}</article>"
        "<footer>© 2024 Valley News. All rights reserved. Cookie settings</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html)
    loaded = load_paths([str(tmp_path / "page.html")])
    article = loaded.articles[0]
    assert article.title == "Flood inquiry hears evidence"
    assert article.source == "Valley News"
    assert "Paragraph 3: the committee heard evidence" in article.text
    assert "var x" not in article.text and "Cookie" not in article.text and "Home" not in article.text


def test_stdin(monkeypatch):
    import io

    loaded = load_paths(["-"], stdin=io.StringIO("The river burst its banks overnight, flooding dozens of homes."))
    assert loaded.articles[0].path is None
    assert loaded.articles[0].text.startswith("The river burst")


def test_load_articles_reports_progress_per_article(pile):
    calls = []
    articles, _ = load_articles([str(pile)], progress=lambda done, total, what: calls.append((done, total, what)))
    reading = [c for c in calls if c[2] == "reading articles"]
    splitting = [c for c in calls if c[2] == "splitting sentences"]
    assert [c[0] for c in reading] == [1, 2, 3] and all(c[1] == 0 for c in reading)
    assert splitting[-1] == (3, 3, "splitting sentences")


def test_every_record_error_is_file_colon_line(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"text": "A storm struck the coastal town of Port Ellis on Monday, officials said."}),
            "not json",
            json.dumps({"title": "no text here"}),
            json.dumps({"docs": [{"text": "The river rose two metres overnight in the valley town."}, {"title": "x"}]}),
            "[1, 2]",
        ]) + "\n",
        encoding="utf-8",
    )
    messages = [str(p) for p in load_paths([str(path)]).problems]
    assert messages == [
        f"{path}:2: invalid JSON (expecting value at column 1), line skipped",
        f"{path}:3: record has no \"text\" string, skipped",
        f"{path}:4: doc 2: record has no \"text\" string, skipped",
        f"{path}:5: record is not a JSON object, skipped",
    ]
    for m in messages:  # FILE:LINE: message, never "line N"
        assert re.match(re.escape(str(path)) + r":\d+: \S", m) and ":line " not in m


def test_a_record_the_cleaner_empties_is_reported_at_its_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "The mayor opened the new bridge on Sunday morning, to loud applause."}) + "\n"
        + json.dumps({"text": "word " * 300}) + "\n",
        encoding="utf-8",
    )
    loaded = load_paths([str(path)])
    assert len(loaded.articles) == 1
    assert [str(p) for p in loaded.problems] == [f"{path}:2: no sentences: the text has no sentence punctuation (. ! ?), skipped"]


def test_text_without_sentences_says_so(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text(" ".join(["storm", "town", "river", "council"] * 20_000), encoding="utf-8")
    (problem,) = load_paths([str(path)]).problems
    assert str(problem) == f"{path}: no sentences: the text has no sentence punctuation (. ! ?), skipped"


def test_inputs_over_the_size_limit_are_refused_before_cleaning(tmp_path, monkeypatch):
    import time

    from summarize import ingest

    big = tmp_path / "big.txt"
    big.write_text("storm town river council " * (ingest.MAX_ARTICLE_CHARS // 25 + 10), encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"text": "The mayor opened the new bridge on Sunday morning, to loud applause."}) + "\n"
        + json.dumps({"text": "x " * (ingest.MAX_ARTICLE_CHARS // 2 + 1)}) + "\n",
        encoding="utf-8",
    )
    cleaned = []
    real = ingest.clean_text
    monkeypatch.setattr(ingest, "clean_text", lambda text, **kw: cleaned.append(len(text)) or real(text, **kw))
    started = time.perf_counter()
    loaded = load_paths([str(big), str(feed)])
    assert time.perf_counter() - started < 5
    assert max(cleaned) <= ingest.MAX_ARTICLE_CHARS  # the cleaner never saw the big ones
    messages = [str(p) for p in loaded.problems]
    assert len(messages) == 2 and len(loaded.articles) == 1
    assert messages[0].startswith(f"{big}: ") and f"over the limit of {ingest.MAX_ARTICLE_CHARS:,}" in messages[0]
    assert messages[1].startswith(f"{feed}:2: ") and "over the limit" in messages[1] and messages[1].endswith("skipped")
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)  # a text file past the byte limit is not even read
    monkeypatch.setattr(type(big), "read_bytes", lambda self: pytest.fail("read a file over the byte limit"))
    (problem,) = load_paths([str(big)]).problems
    assert "bytes, over the limit of 1,000 for one text or HTML file" in str(problem)


def test_a_binary_or_mis_encoded_record_costs_its_line_not_the_file(tmp_path):
    good = [json.dumps({"text": f"Record {n}: the café on the harbour reopened on Monday after the storm.", "id": f"g{n}"}, ensure_ascii=False) for n in range(3)]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        good[0].encode() + b"\n" + b"\x00\x01\x02\xff\xfe binary junk \x00" * 20 + b"\n"
        + good[1].encode() + b"\n" + '{"text": "Caf\xe9 latin-1 record about the harbour storm on Monday."}'.encode("latin-1") + b"\n"
        + good[2].encode() + b"\n"
    )
    loaded = load_paths([str(path)])
    assert [a.id for a in loaded.articles if a.id.startswith("g")] == ["g0", "g1", "g2"]
    assert all("café" in a.text for a in loaded.articles if a.id.startswith("g"))  # not mis-decoded by the bad line
    assert len(loaded.articles) == 4 and any("Café latin-1" in a.text for a in loaded.articles)
    assert [str(p) for p in loaded.problems] == [f"{path}:2: binary data, not a JSON record, line skipped"]


def test_identical_short_copies_are_not_stripped_as_site_chrome(tmp_path):
    text = "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands to evacuate."
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    loaded = load_paths([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")])
    assert [a.text for a in loaded.articles] == [text] * 3 and not loaded.problems


def test_stdin_over_the_limit_is_refused_without_reading_it_all():
    import io

    from summarize import ingest

    class Endless(io.TextIOBase):
        """A stream of news with no end: only the limit may be read."""

        def __init__(self):
            self.given = 0

        def read(self, size=-1):
            assert size is not None and size >= 0, "read all of an endless stream"
            self.given += size
            return ("The river rose. " * (size // 16 + 1))[:size]

    stream = Endless()
    loaded = load_paths(["-"], stdin=stream)
    assert not loaded.articles and stream.given <= ingest.MAX_ARTICLE_CHARS + 1
    assert [str(p) for p in loaded.problems] == [
        f"stdin: more than {ingest.MAX_ARTICLE_CHARS:,} characters, over the limit for one article; split it into articles (one JSON Lines record each), skipped"
    ]


def test_a_story_finds_its_articles_by_id_after_its_list_changes():
    from dataclasses import replace

    from summarize.records import Article, Story, Summary

    first, twin, other = Article("a", "One."), Article("a", "Two."), Article("b", "Three.")
    story = Story(id="s", headline="h", articles=[first, twin], summary=Summary("extractive"))
    assert story.article("a") is first  # the first of two with one id, as a scan finds it
    with pytest.raises(KeyError):
        story.article("b")
    story.articles.append(other)  # the list grows
    assert story.article("b") is other
    story.articles = [twin]  # the list is replaced (the TUI does this)
    assert story.article("a") is twin
    copy = replace(story)  # without the index, equal all the same
    assert copy == story and copy.article("a") is twin


def test_short_western_text_in_windows_1252_is_read_as_such_and_other_code_pages_are_kept():
    from summarize.ingest import decode_bytes

    # a lone curly apostrophe read as Big5, German quotes read as cp775, before
    assert decode_bytes(b"It\x92s over.") == "It’s over."
    assert decode_bytes(b"Der B\xfcrgermeister sagte, es sei \x84vorbei\x93.") == "Der Bürgermeister sagte, es sei „vorbei“."
    polish = "Zażółć gęślą jaźń – powiedział minister w środę."
    russian = "Как дела у министра сегодня утром"
    assert decode_bytes(polish.encode("cp1250")) == polish
    assert decode_bytes(russian.encode("cp1251")) == russian


def test_a_hindi_article_is_read_and_summarised(tmp_path):
    """The danda (।) ends a Hindi sentence: the text was rejected as having
    "no sentence punctuation", and each sentence would have ranked as a
    fragment."""
    from summarize.pipeline import Options, build_story, load_articles

    path = tmp_path / "hi.txt"
    path.write_text(
        "प्रधानमंत्री ने आज कहा कि सरकार अगले साल अर्थव्यवस्था में बड़े सुधार करेगी। "
        "मंत्री ने कहा कि सुधार कई क्षेत्रों में लागू होंगे और किसानों को लाभ मिलेगा।\n\n"
        "विपक्ष ने कहा कि सरकार की योजना में कई कमियां हैं और इसे बदला जाना चाहिए।\n",
        encoding="utf-8",
    )
    articles, problems = load_articles([str(path)])
    assert not problems and len(articles[0].sentences) == 3
    story = build_story(articles, Options())
    assert story.summary.sentences and all(s.text.endswith("।") for s in story.summary.sentences)


def test_binary_data_on_standard_input_is_refused_as_a_binary_file_is(tmp_path):
    """Random bytes on stdin were summarised (a headline of mojibake, exit 0)
    while the same bytes in a file were "binary file, not text, skipped"; and
    stdin is read as a file is, so a Latin-1 byte is a letter (a new-user trial)."""
    import io
    import random

    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(20_000))
    loaded = load_paths(["-"], stdin=io.TextIOWrapper(io.BytesIO(noise), encoding="utf-8", errors="replace"))
    assert not loaded.articles
    assert [str(p) for p in loaded.problems] == ["stdin: binary data on standard input, not text, skipped"]
    latin = "Café owners said on Monday that prices will not rise next year in the town.\n".encode("latin-1")
    loaded = load_paths(["-"], stdin=io.TextIOWrapper(io.BytesIO(latin), encoding="utf-8", errors="replace"))
    assert loaded.articles and "Café owners" in loaded.articles[0].text


def test_a_file_reached_twice_or_saved_twice_is_one_article(tmp_path):
    """A folder with a link back to itself gave two stories of one text, and a
    copy or a link beside the original gave "4 articles" of 3, one outlet
    listed three times (a new-user trial)."""
    from summarize.pipeline import Options, run

    text = "Storm hits Port Ellis\n\nA powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands to flee. Officials said 4,000 people were moved to shelters.\n"
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "a.txt").write_text(text, encoding="utf-8")
    (loop / "self").symlink_to(loop, target_is_directory=True)
    result = run([str(loop)], Options())
    assert len(result.stories) == 1 and len(result.stories[0].articles) == 1
    copies = tmp_path / "copies"
    copies.mkdir()
    (copies / "a.txt").write_text(text, encoding="utf-8")
    (copies / "copy.txt").write_text(text, encoding="utf-8")
    (copies / "link.txt").symlink_to(copies / "a.txt")
    (copies / "b.txt").write_text("Flood in Dagupan\n\nThe river burst its banks in Dagupan on Tuesday and flooded two streets, the mayor said.\n", encoding="utf-8")
    for options in (Options(), Options(cluster=True)):
        stories = run([str(copies)], options).stories
        assert sorted(len(s.articles) for s in stories) in ([2], [1, 1]), options


def test_the_lines_of_a_jsonl_file_are_reported_in_line_order(tmp_path):
    """Bad JSON was reported before records without text, so line 2 came
    before line 1 on stderr and in the TUI's list (a new-user trial)."""
    f = tmp_path / "x.jsonl"
    f.write_text('{"text": 5}\n{bad json\n{"title": "no text"}\n\x00\x01\n', encoding="utf-8")
    loaded = load_paths([str(f)])
    assert [p.where.rsplit(":", 1)[-1] for p in loaded.problems] == ["1", "2", "3", "4"]


def test_a_fifo_inside_a_folder_is_reported_not_read(tmp_path):
    """Named on the command line a FIFO was reported; inside a folder it was
    passed over without a word (a new-user trial), and reading one would wait
    for ever."""
    import os

    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "a.txt").write_text("A storm struck the coastal town of Port Ellis on Monday, officials said.\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    loaded = load_paths([str(folder)])
    assert len(loaded.articles) == 1
    assert [str(p) for p in loaded.problems] == [f"{folder / 'pipe.txt'}: not a regular file or directory, skipped"]


def test_an_article_s_id_does_not_depend_on_how_its_path_is_spelled(tmp_path, monkeypatch):
    """"seeds", "." from inside it, the absolute path and a link gave four ids
    for one file, so an earlier output given to --seen from another folder
    matched nothing (a new-user trial)."""
    folder = tmp_path / "pile"
    folder.mkdir()
    (folder / "a.txt").write_text("A storm struck the coastal town of Port Ellis on Monday, officials said.\n", encoding="utf-8")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    ids = {load_paths(["pile"]).articles[0].id, load_paths([str(folder)]).articles[0].id, load_paths(["link"]).articles[0].id}
    monkeypatch.chdir(folder)
    ids.add(load_paths(["."]).articles[0].id)
    assert len(ids) == 1


def test_numbers_and_lists_in_a_record_s_fields_are_kept_as_text(tmp_path):
    """"id": 7 and "date": 20240101 (a database export) were dropped without a
    word, the article getting a hash for an id: a script could not join back
    to its rows (a new-user trial)."""
    f = tmp_path / "rows.jsonl"
    f.write_text(json.dumps({"id": 7, "source": ["AP", "Reuters"], "date": 20240101, "title": True,
                             "text": "A storm struck the coastal town of Port Ellis on Monday, officials said."}) + "\n", encoding="utf-8")
    (article,) = load_paths([str(f)]).articles
    assert article.id == "7" and article.source == "AP, Reuters" and article.date == "20240101"


STORY = (
    "The mayor opened the new bridge over the river on Sunday morning. "
    "Thousands of people walked across it before the first cars were let on. "
    "The bridge took four years to build and cost more than planned.\n"
)


def test_a_saved_page_folder_reads_the_page_and_not_its_scripts_styles_or_pictures(tmp_path):
    """A trial: "Save Page As... complete" gives page.html and page_files/;
    the scripts' comments had become the top story.  The page's folder is
    one skipped line, a loose script another; the page is the one article,
    in the folder's own story."""
    saved = tmp_path / "saved"
    (saved / "page_files").mkdir(parents=True)
    (saved / "page.html").write_text(f"<html><head><title>Bridge opens</title></head><body><article><p>{STORY}</p></article></body></html>")
    (saved / "page_files" / "app.js").write_text("// This is a script, and not included directly in the page. It sets the theme.\n")
    (saved / "page_files" / "style.css").write_text("/* Browser default font-size is 16px, this way 1 rem = 10px. */\n")
    (saved / "page_files" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (saved / "theme.min.js").write_text("/* A loose script. It is not news. */ var a = 1;\n")
    loaded = load_paths([str(saved)])
    assert [a.path for a in loaded.articles] == [str(saved / "page.html")]
    assert loaded.articles[0].group == "saved"
    assert [str(p) for p in loaded.problems] == [
        f"{saved / 'page_files'}: the saved page page.html's own files (scripts, style sheets, pictures), not articles, skipped",
        f"{saved / 'theme.min.js'}: a script, style sheet, font or picture (a web page's own file), not an article, skipped",
    ]
    # said, and expected: the command succeeds (a trial's script read status 1 as a failure)
    from summarize.cli import main
    from summarize.records import failed

    assert all(p.expected for p in loaded.problems) and not failed(loaded.problems)
    assert main([str(saved), "--format", "json", "-o", str(tmp_path / "out.json"), "-q"]) == 0
    (saved / "empty.txt").write_text("")
    assert main([str(saved), "--format", "json", "-o", str(tmp_path / "out.json"), "-q"]) == 1  # an empty file still fails


def test_a_folder_named_like_a_page_folder_without_its_page_is_read(tmp_path):
    (tmp_path / "corpus" / "notes_files").mkdir(parents=True)
    (tmp_path / "corpus" / "notes_files" / "a.txt").write_text(STORY)
    loaded = load_paths([str(tmp_path / "corpus")])
    assert not loaded.problems and len(loaded.articles) == 1


def test_a_script_named_on_the_command_line_is_still_read_as_text(tmp_path):
    """Only a folder walk leaves a page's own files out: a file named is asked for."""
    (tmp_path / "story.js").write_text(STORY)
    loaded = load_paths([str(tmp_path / "story.js")])
    assert not loaded.problems and len(loaded.articles) == 1


def test_a_broken_link_is_reported_in_a_folder_and_when_named(tmp_path):
    """A trial: a dangling link in a folder was passed over in silence, and
    named it was "no such file or directory"."""
    (tmp_path / "good.txt").write_text(STORY)
    (tmp_path / "dangling.txt").symlink_to("/nonexistent-summarize-test")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(STORY.replace("mayor", "governor"))
    (tmp_path / "sub" / "gone.txt").symlink_to(tmp_path / "missing.txt")
    why = "which does not exist), skipped"
    loaded = load_paths([str(tmp_path)])
    assert len(loaded.articles) == 2
    assert sorted(str(p) for p in loaded.problems) == [
        f"{tmp_path / 'dangling.txt'}: broken link (to /nonexistent-summarize-test, {why}",
        f"{tmp_path / 'sub' / 'gone.txt'}: broken link (to {tmp_path / 'missing.txt'}, {why}",
    ]
    named = load_paths([str(tmp_path / "dangling.txt")])
    assert [str(p) for p in named.problems] == [f"{tmp_path / 'dangling.txt'}: broken link (to /nonexistent-summarize-test, {why}"]


def _page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Xi visits Kazakhstan</title>{head}</head><body><article>"
        "<h1>Xi visits Kazakhstan</h1>"
        "<p>Before arriving at the summit, Xi visited Kazakhstan, where in 2013, he unveiled his flagship "
        "Belt and Road Initiative, a massive infrastructure project stretching from East Asia to Europe.</p>"
        "<p>Officials in Astana said the talks covered trade and energy, and both sides promised more flights.</p>"
        f"{body}</article><footer><p>© 2022 Example News. All rights reserved.</p></footer></body></html>"
    )


def test_a_page_without_a_stated_date_gets_none_from_a_year_in_its_text(tmp_path):
    """A trial: a page with no date was dated 2013-01-01 from "where in 2013"
    in its body (2022-01-01 from its "© 2022" footer): htmldate's extensive
    search, trafilatura's default.  A stated date is still read."""
    (tmp_path / "undated.html").write_text(_page(""))
    (tmp_path / "dated.html").write_text(_page("", '<meta property="article:published_time" content="2022-09-15T10:00:00Z">'))
    loaded = load_paths([str(tmp_path / "undated.html"), str(tmp_path / "dated.html")])
    assert not loaded.problems
    assert [a.date for a in loaded.articles] == [None, "2022-09-15"]


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>World feed</title>
<item><title>Putin acknowledges China concerns</title><link>https://example.org/a</link>
<description>&lt;p&gt;Russian President Vladimir Putin said on Thursday he understands Chinese President Xi Jinping has
concerns about the situation in Ukraine.&lt;/p&gt;&lt;p&gt;Putin spoke at a &lt;b&gt;summit&lt;/b&gt; in Uzbekistan.&lt;/p&gt;</description>
<pubDate>Thu, 15 Sep 2022 14:00:00 GMT</pubDate></item>
<item><title>Hurricane hits Honduras</title><link>https://example.org/b</link>
<description>Hurricane Mitch hit Honduras on Thursday, killing at least 32 people. Officials said 150,000 people fled their homes.</description></item>
<item><title>Only a link</title><link>https://example.org/c</link></item>
</channel></rss>
"""


def test_a_saved_feed_is_one_article_per_item(tmp_path):
    """A trial: a saved RSS file was read as one text, its items run together
    with their links.  Each item is an article: its title, link, date, the
    channel as the source, its text with the markup stripped."""
    (tmp_path / "feed.xml").write_text(RSS)
    loaded = load_paths([str(tmp_path / "feed.xml")])
    assert [str(p) for p in loaded.problems] == [
        f"{tmp_path / 'feed.xml'}: item 3: feed item has no text, only a link (summarize add fetches a feed's pages), skipped"
    ]
    putin, mitch = loaded.articles
    assert (putin.title, putin.url, putin.date, putin.source) == (
        "Putin acknowledges China concerns", "https://example.org/a", "2022-09-15T14:00:00Z", "World feed")
    assert putin.text.startswith("Russian President Vladimir Putin said on Thursday")
    assert "Putin spoke at a summit in Uzbekistan." in putin.text and "<" not in putin.text
    assert "example.org" not in putin.text + mitch.text
    assert (mitch.title, mitch.url, mitch.date) == ("Hurricane hits Honduras", "https://example.org/b", None)
    assert putin.id != mitch.id and putin.group == mitch.group == "input"
    from summarize.render import source_place  # the items of one file are told apart by their links

    assert source_place(putin) == f"{tmp_path / 'feed.xml'} (https://example.org/a)"


def test_a_saved_feed_is_known_by_its_markup_and_its_items_cluster_apart(tmp_path):
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom desk</title>'
        '<entry><title>Putin acknowledges China concerns</title><link href="https://example.org/a"/><id>a</id>'
        "<updated>2022-09-15T14:00:00Z</updated><summary>Russian President Vladimir Putin said on Thursday he understands "
        "Chinese President Xi Jinping has concerns about the situation in Ukraine. Putin spoke at a summit in Uzbekistan.</summary></entry>"
        '<entry><title>Hurricane hits Honduras</title><link href="https://example.org/b"/><id>b</id>'
        "<updated>1998-10-30T10:00:00Z</updated><summary>Hurricane Mitch hit Honduras on Thursday, killing at least 32 people. "
        "Officials said 150,000 people fled their homes.</summary></entry></feed>"
    )
    (tmp_path / "export").write_text(atom)
    articles, problems = load_articles([str(tmp_path / "export")])
    assert not problems and [a.source for a in articles] == ["Atom desk", "Atom desk"]
    assert len(group_articles(articles, Options())) == 1
    assert sorted(len(g) for g in group_articles(articles, Options(cluster=True))) == [1, 1]


def test_an_xml_file_that_is_no_feed_is_read_as_text(tmp_path):
    (tmp_path / "notes.xml").write_text(STORY)
    loaded = load_paths([str(tmp_path / "notes.xml")])
    assert not loaded.problems and len(loaded.articles) == 1 and loaded.articles[0].title is None


def test_a_feed_s_markup_is_read_as_a_page_reads_it():
    """A trial's feeds: "costs < 5% of sales rose to > 9%" lost its words
    between the signs (a pattern took them for a tag); "<strong>start on
    Saturday</strong>." became "start on Saturday ."; a "read more" link
    stayed in the sentence; a list made the cleaner drop every paragraph
    after it."""
    from summarize.clean import clean_text
    from summarize.feeds import plain

    assert plain("profit fell as costs < 5% of sales rose to > 9% of sales.") == "profit fell as costs < 5% of sales rose to > 9% of sales."
    assert plain("The coach said he would <strong>start on Saturday</strong>.") == "The coach said he would start on Saturday."
    assert plain('Engineers inspected the pier on Sunday <a href="x">read more</a>.') == "Engineers inspected the pier on Sunday."
    assert plain('Read the <a href="x">council report</a> here.') == "Read the council report here."
    assert plain('Residents can <a href="x">see the council report</a> online.') == "Residents can see the council report online."
    assert plain('<a href="x">More than 40 schools</a> closed.') == "More than 40 schools closed."
    for more in ("Read more »", "Continue reading →", "View the full story", "More", "read the rest of this entry", "See more photos"):
        assert plain(f'The pier reopened on Sunday. <a href="x">{more}</a>') == "The pier reopened on Sunday.", more
    assert plain("<p>One.</p><script>alert(1)</script><p>Two &amp; three.</p>") == "One.\n\nTwo & three."
    body = ("<h2>Drought deepens</h2><p>The water authority announced rationing on Sunday, its director, Anna Kim, said.</p>"
            "<ul><li>Gardens may be watered twice a week</li><li>Car washing is banned</li></ul>"
            "<p>Reservoirs stand at 18&nbsp;percent, the lowest since 1976.</p>")
    text = plain(body)
    assert text.split("\n\n") == ["Drought deepens", "The water authority announced rationing on Sunday, its director, Anna Kim, said.",
                                  "Gardens may be watered twice a week.", "Car washing is banned.",
                                  "Reservoirs stand at 18 percent, the lowest since 1976."]
    assert "Reservoirs stand at 18 percent" in clean_text(text).text


def test_utf16_and_utf32_files_with_a_byte_order_mark_are_text(tmp_path):
    """Windows Notepad's "Unicode" (UTF-16 LE with a mark) was "binary file,
    not text, skipped" (a user trial); UTF-16 BE and UTF-32 too, and JSON
    Lines saved so are records."""
    text = "Le maire a annoncé lundi la réouverture du pont. Les travaux ont duré trois ans."
    files = {
        "le.txt": b"\xff\xfe" + text.encode("utf-16-le"),
        "be.txt": b"\xfe\xff" + text.encode("utf-16-be"),
        "le32.txt": b"\xff\xfe\x00\x00" + text.encode("utf-32-le"),
        "rows.jsonl": b"\xff\xfe" + (json.dumps({"id": "r1", "text": text}, ensure_ascii=False) + "\r\n").encode("utf-16-le"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    loaded = load_paths([str(tmp_path / name) for name in files])
    assert not loaded.problems
    assert [a.text for a in loaded.articles] == [text] * 4 and loaded.articles[3].id == "r1"


def test_only_text_that_parses_as_json_is_read_as_records():
    """Sniffing (for stdin and names other than .json/.jsonl) takes JSON that
    parses, a JSON Lines file by its first line; prose with a brace stays prose."""
    from summarize.ingest import json_kind

    assert json_kind(' \n[{"text": "x"}]') == "json"
    assert json_kind('{"text": "a"}\n{"text": "b"}\n{broken\n') == "jsonl"
    assert json_kind("{Editor's note} The storm hit on Monday.") is None
    assert json_kind("[1] The storm hit on Monday.\n[2] It rained.") is None
    assert json_kind("The storm hit on Monday.") is None


def test_a_headline_with_a_full_stop_in_the_page_title_is_not_the_outlet(tmp_path):
    """A trial: "<title>U.S. stocks tumble as Asia sells off | Wire One" gave
    the headline as the outlet (trafilatura takes a title side with a full
    stop for a domain), as "Dr. Smith quits | The Guardian" did; a title with
    no full stop gave none.  A domain there, or the name in a site-name meta
    tag, is still the outlet; a fetched page falls back to its feed's name."""
    from summarize.desk import _page_article

    pages = {
        "us.html": _page("").replace("<title>Xi visits Kazakhstan", "<title>U.S. stocks tumble as Asia sells off | Wire One"),
        "dr.html": _page("").replace("<title>Xi visits Kazakhstan", "<title>Dr. Smith quits | The Guardian"),
        "domain.html": _page("").replace("<title>Xi visits Kazakhstan", "<title>Xi visits Kazakhstan | wireone.example"),
        "meta.html": _page("", '<meta property="og:site_name" content="U.S. News">').replace(
            "<title>Xi visits Kazakhstan", "<title>Xi visits Kazakhstan | U.S. News"
        ),
    }
    for name, html in pages.items():
        (tmp_path / name).write_text(html)
    loaded = load_paths([str(tmp_path / name) for name in pages])
    assert [a.source for a in loaded.articles] == [None, None, "wireone.example", "U.S. News"]
    fetched = _page_article("https://wireone.example/a", pages["us.html"].encode(), title=None, source="Wire One")
    assert fetched.source == "Wire One"


def test_a_folder_walk_stays_out_of_symlink_loops_and_says_so_once(tmp_path):
    """A trial: ``ln -s .. loopt/up`` read every file of the parent, while the
    same link a level down was passed over in silence; and loopB -> loopB2 ->
    loopB was "broken link (to loopB2, which does not exist)".  A link to a
    folder that holds it is a loop, one line each; a link to other content
    (a sibling folder) is followed, as ``find -L`` does."""
    from summarize.ingest import input_files

    folder = tmp_path / "loopt"
    (folder / "inner").mkdir(parents=True)
    (tmp_path / "sib").mkdir()
    (tmp_path / "outside.txt").write_text(STORY)
    (tmp_path / "sib" / "s.txt").write_text(STORY.replace("mayor", "governor"))
    (folder / "b.txt").write_text(STORY.replace("mayor", "senator"))
    (folder / "inner" / "a.txt").write_text(STORY.replace("mayor", "judge"))
    (folder / "up").symlink_to("..")
    (folder / "inner" / "up").symlink_to("..")
    (folder / "inner" / "sib").symlink_to("../../sib")
    (folder / "zinner").symlink_to("inner")
    (folder / "loopB").symlink_to("loopB2")
    (folder / "loopB2").symlink_to("loopB")
    files, problems = input_files(str(folder))
    assert sorted(str(f.relative_to(folder)) for f, _ in files) == ["b.txt", "inner/a.txt", "inner/sib/s.txt"]
    assert sorted(str(p) for p in problems) == [
        f"{folder / 'inner' / 'up'}: symlink loop (to .., a folder that holds it), skipped",
        f"{folder / 'loopB2'}: symlink loop (to loopB, which leads back to it), skipped",
        f"{folder / 'loopB'}: symlink loop (to loopB2, which leads back to it), skipped",
        f"{folder / 'up'}: symlink loop (to .., a folder that holds it), skipped",
        f"{folder / 'zinner'}: link to a folder read already ({folder / 'inner'}), skipped",
    ]
    named = load_paths([str(folder / "loopB")])
    assert [p.message for p in named.problems] == ["symlink loop (to loopB2, which leads back to it), skipped"]
