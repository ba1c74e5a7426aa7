import json
import subprocess
import sys

import pytest

from summarize.cli import main
from summarize.pipeline import Options, run


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_follows_the_contract_and_quotes_are_verbatim(capsys, pile):
    code, out, err = run_cli(capsys, str(pile / "a.txt"), str(pile / "b.txt"), "--format", "json", "--max-words", "60")
    assert code == 0, err
    data = json.loads(out)
    (story,) = data["stories"]
    assert set(story) >= {"id", "headline", "articles", "summary"}
    assert story["summary"]["method"] == "extractive"
    for article in story["articles"]:
        assert set(article) >= {"id", "path", "source", "title", "url"}
    texts = {a.id: a.text for s in run([str(pile / "a.txt"), str(pile / "b.txt")]).stories for a in s.articles}
    words = 0
    for sentence in story["summary"]["sentences"]:
        words += len(sentence["text"].split())
        assert sentence["citations"]
        for citation in sentence["citations"]:
            assert citation["quote"] in texts[citation["article"]]
    assert words <= 60
    # The evacuation fact is in both outlets: one sentence, both cited.
    assert any(len({c["article"] for c in s["citations"]}) == 2 for s in story["summary"]["sentences"])


def test_story_ids_are_stable(capsys, pile):
    first = json.loads(run_cli(capsys, str(pile), "--format", "json")[1])
    second = json.loads(run_cli(capsys, str(pile), "--format", "json")[1])
    assert [s["id"] for s in first["stories"]] == [s["id"] for s in second["stories"]]


def test_cluster_separates_unrelated_stories(capsys, pile):
    code, out, _ = run_cli(capsys, "--cluster", str(pile), "--format", "json")
    assert code == 0
    stories = json.loads(out)["stories"]
    sizes = sorted(len(s["articles"]) for s in stories)
    assert sizes == [1, 2]


def test_markdown_has_citation_marks_and_a_source_list(capsys, pile):
    code, out, _ = run_cli(capsys, str(pile / "a.txt"), str(pile / "b.txt"), "--format", "markdown")
    assert code == 0
    assert out.startswith("## ")
    assert "[1]" in out and "[2]" in out and "**Sources**" in out
    assert "Daily Planet" in out and "Reuters" in out


def test_markdown_escapes_article_markup(capsys, tmp_path):
    (tmp_path / "x.txt").write_text("A [link](http://evil) and <b>bold</b> claim was made by the council on Monday.\n")
    code, out, _ = run_cli(capsys, str(tmp_path / "x.txt"), "--format", "markdown")
    assert "\\[link\\]" in out and "<b>" not in out


def test_max_sentences_and_text_format(capsys, pile):
    code, out, _ = run_cli(capsys, str(pile / "a.txt"), str(pile / "b.txt"), "--format", "text", "--max-sentences", "2")
    assert code == 0
    assert sum(1 for line in out.splitlines() if line.startswith("  * ")) == 2


def test_bad_input_is_one_line_and_nonzero_but_the_rest_is_kept(capsys, pile, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    code, out, err = run_cli(capsys, str(pile / "a.txt"), str(tmp_path / "empty.txt"), "--format", "json")
    assert code == 1
    assert err.strip().splitlines() == [f"summarize: {tmp_path / 'empty.txt'}: empty file, skipped"]
    assert json.loads(out)["stories"]


def test_nothing_usable_fails_cleanly(capsys, tmp_path):
    code, out, err = run_cli(capsys, str(tmp_path / "missing.txt"))
    assert code == 1 and out == ""
    assert "no such file" in err and "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    assert run_cli(capsys)[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["--max-words", "zero", "x"])
    assert exc.value.code == 2


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys; from summarize.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'transformers', 'sklearn', 'textual', 'tui', 'ray') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("[]")


def test_a_clustered_run_does_not_import_ray(seeds_dir, tmp_path):
    """Ray (the scale extra) is imported by ``--engine ray`` only: a normal
    ``--cluster`` run, in a fresh process, ends with no ray module loaded."""
    out = tmp_path / "stories.json"
    code = (
        "import sys; from summarize.cli import main\n"
        f"status = main(['--cluster', {str(seeds_dir)!r}, '-q', '--format', 'json', '-o', {str(out)!r}])\n"
        "print(status, sorted(m for m in sys.modules if m == 'ray' or m.startswith('ray.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("0 []")
    assert json.loads(out.read_text(encoding="utf-8"))["stories"]


def test_engine_ray_without_ray_is_one_clear_line(pile, tmp_path):
    """Where the scale extra is not installed (``import ray`` fails; here
    blocked in the child), ``--engine ray`` says what to install, exit 1."""
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "from summarize.cli import main\n"
        f"raise SystemExit(main(['--cluster', '--engine', 'ray', {str(pile)!r}]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["summarize: error: --engine ray needs Ray: pip install -e '.[scale]' (the scale extra)"]
    assert done.stdout == ""


def test_seeds_end_to_end(seeds_dir):
    result = run([str(seeds_dir)], Options(max_words=120))
    (story,) = result.stories
    assert len(story.articles) == 5
    sources = {a.source for a in story.articles}
    assert {"Budapest Post", "America Age", "Reuters"} <= sources
    assert story.summary.words <= 120
    junk = ("Register now", "ALSO READ", "ENDS", "Related Articles", "Popular Posts", "Share", "<img", "Disclaimer")
    for sentence in story.summary.sentences:
        assert not any(j in sentence.text for j in junk)
        for c in sentence.citations:
            assert c.quote in story.article(c.article).text
    # Wire copies count once: five outlets, fewer independent sources.
    assert len(story.families) < 5
    assert max(len(s.citations) for s in story.summary.sentences) >= 4


def test_model_list_prints_models_txt_default_first(capsys):
    code, out, _ = run_cli(capsys, "--model", "list")
    assert code == 0
    assert out.splitlines()[0].endswith("(default)")


def test_uncached_hub_model_offline_is_one_clear_line(capsys, pile, monkeypatch, tmp_path):
    pytest.importorskip("transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    code, out, err = run_cli(capsys, str(pile / "a.txt"), "--abstractive", "--model", "nobody/no-such-model-xyz", "-q")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "nobody/no-such-model-xyz" in lines[0] and "Traceback" not in err
    (story,) = json.loads(out)["stories"]  # the extractive summary still comes out
    assert story["summary"]["sentences"] and "abstractive" not in story


@pytest.mark.parametrize("kind", ["not-a-model-dir", "corrupt-gguf", "text-file"])
def test_a_model_that_cannot_load_still_gives_the_extractive_summary(capsys, pile, tmp_path, monkeypatch, kind):
    pytest.importorskip("transformers")
    if kind == "not-a-model-dir":
        bad = tmp_path / "empty-dir"
        bad.mkdir()
        (bad / "config.json").write_text("{not json", encoding="utf-8")
    elif kind == "corrupt-gguf":
        bad = tmp_path / "model.gguf"
        bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 64)
    else:
        bad = tmp_path / "notes.txt"
        bad.write_text("hello", encoding="utf-8")
    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    code, out, err = run_cli(capsys, str(pile / "a.txt"), "--compare", "--format", "json", "--model", str(bad), "-q")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and "abstractive summary skipped" in lines[0], err
    (story,) = json.loads(out)["stories"]
    assert story["summary"]["sentences"] and "abstractive" not in story


def test_output_onto_an_input_is_refused(capsys, pile):
    victim = pile / "b.txt"
    before = victim.read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, str(pile / "a.txt"), str(victim), "-o", str(victim))
    assert code == 2 and out == ""
    assert err.splitlines() == [f"summarize: error: -o {victim} is one of the inputs; refusing to overwrite it"]  # no usage block
    assert victim.read_text(encoding="utf-8") == before
    code, _, err = run_cli(capsys, str(pile), "-o", str(victim))  # inside an input directory
    assert code == 2 and victim.read_text(encoding="utf-8") == before


def test_output_file_is_written_whole(capsys, pile, tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    target = folder / "out.json"
    target.write_text("old", encoding="utf-8")
    code, out, err = run_cli(capsys, str(pile / "a.txt"), "-o", str(target), "--format", "json")
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["stories"]
    assert [p.name for p in folder.iterdir()] == ["out.json"]  # no temporary file left behind


def test_debug_turns_on_the_modules_loggers(tmp_path, capsys):
    import logging

    from summarize.cli import main

    page = tmp_path / "a.txt"
    page.write_text("Flood waters rose across the valley on Monday, officials said, as rescue teams searched villages.\n")
    logger = logging.getLogger("summarize")
    before = logger.level
    try:
        main([str(page), "--format", "json", "--debug"])
        assert logging.getLogger("summarize.fuse").isEnabledFor(logging.DEBUG)
    finally:
        logger.setLevel(before)


def test_debug_says_what_each_stage_took(tmp_path, caplog):
    """A trial's --debug logged only a skipped input: nothing of reading,
    clustering or ranking, nor how long each took."""
    import logging

    from summarize.pipeline import Options, run

    for name, text in (("a.txt", "Flood waters rose across the valley on Monday, officials said."),
                       ("b.txt", "Flood waters rose across the valley on Monday as rescue teams searched villages.")):
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="summarize"):
        run([str(tmp_path)], Options(cluster=True))
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert re.search(r"read and cleaned 2 articles in [\d.]+ s", said)
    assert re.search(r"clustered 2 articles into 1 story in [\d.]+ s", said)
    assert re.search(r"story \w+: 2 articles, 1 sentence chosen of the articles' 2 in [\d.]+ s", said)


def test_debug_traces_each_story_once_and_changes_no_summary(pile, capsys, caplog):
    """--debug logs why each sentence was taken or left out (rank._Trace),
    once per story: not again for the run that only names a --seen story."""
    import logging

    args = [str(pile / "a.txt"), str(pile / "b.txt"), "--seen", str(pile / "c.txt"), "--format", "json"]
    plain = run_cli(capsys, *args)
    logger = logging.getLogger("summarize")
    before = logger.level
    try:
        with caplog.at_level(logging.DEBUG, logger="summarize"):
            debugged = run_cli(capsys, *args, "--debug")
    finally:
        logger.setLevel(before)
    assert debugged == plain
    said = [r.getMessage() for r in caplog.records if r.name == "summarize.rank"]
    assert sum(line.startswith("trace: ") for line in said) == 1
    assert any(line.lstrip().startswith("taken #1 (shown ") for line in said)
    assert any(line.lstrip().startswith("left out: ") for line in said)


# ---------------------------------------------------------------------------
# untrusted input (issue 10): terminal injection, error lines that say what to do

import re

INJECTED = "\x1b[2J\x1b]0;pwned\x07"
# C0 and C1 control characters (and DEL), newline and tab aside
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def injected(tmp_path):
    """A record whose text, title and outlet carry terminal control sequences,
    in a file whose name carries one too."""
    record = {
        "id": "x1",
        "title": f"Storm {INJECTED}title",
        "source": f"Evil{INJECTED} Outlet",
        "text": (
            f"A powerful storm {INJECTED}struck the coastal town of Port Ellis on Monday, forcing thousands to leave.\n\n"
            "Mayor Ann Lee said the water rose \x9b31mfaster than ever\x1b[0m before dawn, and bells\x07 rang.\n"
        ),
    }
    path = tmp_path / "feed\x1b[31m.jsonl"
    path.write_text(json.dumps(record) + "\n" + "not json \x1b]0;x\x07\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_terminal_control_sequences_never_reach_the_terminal(capsys, injected, fmt):
    code, out, err = run_cli(capsys, str(injected), "--format", fmt, "--quotes")
    assert code == 1  # the bad line is reported
    assert "struck the coastal town" in out and "faster than ever" in out
    assert not CONTROL.search(out), repr(out)
    assert not CONTROL.search(err), repr(err)
    # whole sequences go, not just the ESC: no "[2J" or "]0;pwned" left on screen
    for junk in ("[2J", "2J", "]0;", "pwned", "31m", "[0m"):
        assert junk not in out.replace("\\[", "["), junk
    assert "[2J" not in err and "31m" not in err
    assert "feed.jsonl:2: invalid JSON" in err


def test_compare_output_has_no_control_characters(capsys, injected):
    code, out, err = run_cli(capsys, str(injected), "--format", "text", "--compare", "--model", str(injected.parent / "no-such-model"))
    assert "struck the coastal town" in out
    assert not CONTROL.search(out) and not CONTROL.search(err)


def test_json_keeps_control_characters_as_escaped_data(capsys, injected):
    code, out, _ = run_cli(capsys, str(injected), "--format", "json")
    assert "\x1b" not in out and "\\u001b[2J" in out  # escaped by the encoder, the data kept whole
    (story,) = json.loads(out)["stories"]
    assert INJECTED in story["articles"][0]["title"]


def test_missing_output_directory_says_what_to_do(capsys, pile, tmp_path):
    """Found before any work (a Ray run failed on it only at the end, and
    `stories -o` with Python's errno text: a new-user trial): a usage error."""
    target = tmp_path / "no" / "such" / "dir" / "out.json"
    code, out, err = run_cli(capsys, str(pile / "a.txt"), "-o", str(target))
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert "Errno" not in line and ".tmp" not in line
    assert f"{tmp_path / 'no' / 'such' / 'dir'} does not exist" in line and "mkdir -p" in line
    code, out, err = run_cli(capsys, str(pile / "a.txt"), "-o", str(tmp_path))  # a directory
    assert code == 2 and "Errno" not in err and "is a directory: give a file name" in err
    code, out, err = run_cli(capsys, "stories", "--db", str(tmp_path / "none.sqlite3"), "-o", str(target))
    assert code == 2 and "does not exist" in err and "Errno" not in err


# ---------------------------------------------------------------------------
# network: nothing on the default path opens a socket; no remote code, ever

import socket


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to reach the network fails the test (and is recorded)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args else kwargs)
        raise AssertionError(f"the default path opened a socket: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_default_path_opens_no_socket(capsys, pile, tmp_path, no_network, fmt):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Storm hits Port Ellis</title></head><body><article>"
        "<p>A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to evacuate.</p>"
        "<p>The weather service said winds reached 150 km per hour near the harbour, and the town's power failed.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "The central bank raised its benchmark rate by half a point on Tuesday.", "url": "https://example.com/a"}) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--cluster", str(pile), str(page), str(feed), "--format", fmt, "--quotes", "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out").read_text(encoding="utf-8").strip()
    code, out, err = run_cli(capsys, str(pile / "a.txt"), str(pile / "b.txt"), "--format", fmt, "--focus", "evacuation")
    assert code == 0 and out
    assert not no_network


def test_the_model_loader_never_runs_remote_code(no_network, monkeypatch, tmp_path):
    """Every from_pretrained call the loader makes says trust_remote_code=False
    (a tiny random model built here, loaded through the CLI's loader), and no
    source file asks for remote code anywhere."""
    from pathlib import Path

    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tests.test_condense import save_tiny_llama

    from summarize import loading

    calls = []
    for name in ("AutoTokenizer", "AutoConfig", "AutoModelForCausalLM", "AutoModelForSeq2SeqLM"):
        cls = getattr(transformers, name)
        real = cls.from_pretrained

        def recording(*args, _real=real, _name=name, **kwargs):
            calls.append((_name, kwargs))
            return _real(*args, **kwargs)

        monkeypatch.setattr(cls, "from_pretrained", recording)
    loading.clear_loaded()
    try:
        condenser = loading.load_model(str(save_tiny_llama(tmp_path / "tiny", max_positions=256)))
    finally:
        loading.clear_loaded()
    assert condenser is not None
    assert {name for name, _ in calls} >= {"AutoTokenizer", "AutoConfig", "AutoModelForCausalLM"}
    for name, kwargs in calls:
        assert kwargs.get("trust_remote_code") is False, (name, kwargs)
    assert not no_network
    root = Path(__file__).resolve().parents[1]
    for source in [*root.glob("summarize/*.py"), *root.glob("tui/**/*.py"), *root.glob("bench/*.py")]:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"trust_remote_code\s*=\s*True", text), source


def test_sources_of_one_jsonl_file_are_told_apart(tmp_path, capsys):
    """Records of one JSONL file with no outlet or title: each source line names its record."""
    import json as _json

    from summarize.cli import main

    lines = [
        {"id": "APW-1", "text": "A powerful storm struck the coastal town of Port Ellis on Monday. Thousands of residents fled their homes before dawn."},
        {"id": "NYT-2", "text": "A powerful storm struck the coastal town of Port Ellis on Monday. The mayor ordered the evacuation before dawn."},
    ]
    path = tmp_path / "pile.jsonl"
    path.write_text("\n".join(_json.dumps(r) for r in lines), encoding="utf-8")
    assert main([str(path), "--format", "markdown", "-q"]) == 0
    out = capsys.readouterr().out
    assert "(record APW-1)" in out and "(record NYT-2)" in out


def test_json_sentences_carry_their_coverage(tmp_path, capsys):
    """Each summary sentence says how many outlets and independent sources carry it."""
    import json as _json

    from summarize.cli import main

    lines = [
        {"id": "a", "source": "Daily Planet", "text": "A powerful storm struck the coastal town of Port Ellis on Monday. Thousands of residents fled their homes before dawn."},
        {"id": "b", "source": "Morning Star", "text": "A powerful storm struck the coastal town of Port Ellis on Monday. The mayor ordered the evacuation before dawn."},
    ]
    path = tmp_path / "pile.jsonl"
    path.write_text("\n".join(_json.dumps(r) for r in lines), encoding="utf-8")
    assert main([str(path), "--format", "json", "-q"]) == 0
    story = _json.loads(capsys.readouterr().out)["stories"][0]
    for sentence in story["summary"]["sentences"]:
        sources = {story["articles"][[a["id"] for a in story["articles"]].index(c["article"])]["source"] for c in sentence["citations"]}
        assert sentence["outlets"] == len(sources)
        assert 1 <= sentence["independent_sources"] <= sentence["outlets"]
    assert any(s["outlets"] == 2 for s in story["summary"]["sentences"])


def test_db_without_tui_is_a_usage_error(tmp_path, capsys):
    from summarize.cli import main

    page = tmp_path / "a.txt"
    page.write_text("A powerful storm struck the coastal town of Port Ellis on Monday. Thousands fled.", encoding="utf-8")
    assert main(["--db", str(tmp_path / "d.sqlite3"), str(page)]) == 2
    err = capsys.readouterr().err
    assert "--db goes with --tui" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("fmt, line", [("text", "[1] standard input"), ("markdown", "[1] standard input")])
def test_stdin_article_is_named_in_the_sources(capsys, monkeypatch, fmt, line):
    """An article read from "-" has no file, title or link: its source line says where it came from, not a bare "[1]"."""
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("The council approved the budget on Monday. The mayor said taxes will not rise.\n"))
    code, out, err = run_cli(capsys, "-", "--format", fmt, "-q")
    assert code == 0, err
    assert line in out.splitlines()
    assert "The council approved the budget on Monday." in out and "The mayor said taxes will not rise." in out


def test_counts_are_singular_for_one():
    """Every count printed (CLI, text/Markdown, TUI) goes through render.plural: never "1 stories"."""
    from summarize.render import plural

    assert [plural(n, "story") for n in (0, 1, 2)] == ["0 stories", "1 story", "2 stories"]
    assert [plural(n, "article") for n in (1, 5)] == ["1 article", "5 articles"]
    assert plural(1, "independent source") == "1 independent source" and plural(2, "day") == "2 days"
    assert plural(2, "new story", "new stories") == "2 new stories"


def _wire_story():
    """A story whose quotes carry their own quote marks, a no-break space and newswire typing."""
    from summarize.records import Article, Citation, Story, Summary, SummarySentence

    a = Article(id="a1", text="", source="Wire", title="ATLANTA _ ``Talks'' resume")
    b = Article(id="b1", text="", source="Herald")
    first = SummarySentence(
        text="ATLANTA _ Newt Gingrich said ``we will win,'' on Monday.",
        citations=[
            Citation("a1", "ATLANTA _ Newt Gingrich said ``we will win,'' on Monday."),
            Citation("b1", "“We highly value the balanced position,” Putin told Xi."),
        ],
    )
    second = SummarySentence(
        text="The talks resume on Friday.",
        citations=[Citation("a1", "The talks resume on Friday."), Citation("b1", "He added, “The Prime\u00a0Minister agreed.”")],
    )
    third = SummarySentence(
        text="The vote was close.",
        citations=[Citation("a1", "The vote was close."), Citation("b1", "The\tvote was\u00a0very close.")],
    )
    return Story(id="s1", headline="Gingrich _ ``we will win''", articles=[a, b], summary=Summary("extractive", [first, second, third]))


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_quotes_read_naturally_and_newswire_typing_is_shown_as_typography(fmt):
    """--quotes adds no second pair of quote marks around a quote that has its
    own, shows odd spaces as spaces, and ``TeX quotes'' / " _ " as “ ” / " — ";
    the JSON keeps every quote verbatim."""
    from summarize.render import render, story_to_dict

    story = _wire_story()
    out = render([story], fmt, quotes=True)
    assert "“We highly value the balanced position,” Putin told Xi." in out
    assert "He added, “The Prime Minister agreed.”" in out
    assert "“The vote was very close.”" in out  # a quote with no marks of its own gets a pair
    assert "““" not in out and "””" not in out and "\u00a0" not in out and "\t" not in out
    assert "ATLANTA — Newt Gingrich said “we will win,” on Monday." in out
    assert "Gingrich — “we will win”" in out
    # a quote holding double marks goes in single ones, not in a second pair of doubles
    assert "‘ATLANTA — “Talks” resume’" in out and "“ATLANTA" not in out
    assert "``" not in out and "''" not in out and " _ " not in out and "\\_" not in out
    # and the wire's single ones: "The Good News About `Going Postal'" (a trial's headline)
    from summarize.render import display_text

    assert display_text("The Good News About `Going Postal'") == "The Good News About ‘Going Postal’"
    assert display_text("He said `Don't go' and left.") == "He said ‘Don't go’ and left."
    # the wire's closing mark typed to open a quotation opens it ("''few dozen miles''", a trial)
    assert display_text("a ''few dozen miles'' away") == "a “few dozen miles” away"
    assert display_text("``It was ''fine'' then,'' she said.") == "“It was “fine” then,” she said."
    data = story_to_dict(story)  # the contract: quotes and text verbatim
    assert data["headline"] == "Gingrich _ ``we will win''"
    assert data["summary"]["sentences"][1]["citations"][1]["quote"] == "He added, “The Prime\u00a0Minister agreed.”"
    assert data["summary"]["sentences"][0]["text"] == "ATLANTA _ Newt Gingrich said ``we will win,'' on Monday."


def test_a_control_character_removed_for_display_leaves_no_double_space(capsys, tmp_path):
    from summarize.render import strip_controls

    assert strip_controls("The mayor \x07 said") == "The mayor said"
    assert strip_controls("said \x1b[31mtaxes\x1b[0m will") == "said taxes will"
    assert strip_controls("x\x1b[2J\x1b[H y") == "x y" and strip_controls("tab\t\x07\tkeep") == "tab\t\tkeep"
    assert strip_controls("ended.\x07The next") == "ended. The next"  # a bell between sentences parts them
    assert strip_controls("\x1b[31mred\x1b[0m alert\x07") == "red alert"
    # bidirectional overrides showed a source name reversed ("Daily \u202eeman\u202c"); the marks stay
    assert strip_controls("Daily \u202eeman\u202c") == "Daily eman" and strip_controls("a\u2066b\u2069c") == "abc"
    assert strip_controls("\u05e9\u05dc\u05d5\u05dd \u200f") == "\u05e9\u05dc\u05d5\u05dd \u200f"
    page = tmp_path / "bell.txt"
    page.write_text("The mayor \x07 said on Monday that taxes will not rise next year. The council approved the budget.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, str(page), "--format", "text", "-q")
    assert code == 0, err
    assert "The mayor said on Monday" in out and "  said" not in out
    code, out, _ = run_cli(capsys, str(page), "--format", "json", "-q")
    # the cleaner made the BEL a space (spaces collapse): no control character in the article text
    assert json.loads(out)["stories"][0]["summary"]["sentences"][0]["text"].startswith("The mayor said on Monday")


def test_a_control_character_between_sentences_splits_them_in_the_output(capsys, tmp_path):
    """"...ended.\x07The next ..." is two sentences in the summary, with no
    control character left, in the JSON as in the text output."""
    first = "The fighting in the northern hills ended on Monday after three weeks of shelling."
    second = "The next morning officials counted the damage across the whole region."
    page = tmp_path / "bell.txt"
    page.write_text(f"{first}\x07{second}\x1dRelief workers said the roads were open again.\n", encoding="utf-8")
    code, out, err = run_cli(capsys, str(page), "--format", "json", "--max-sentences", "5", "-q")
    assert code == 0, err
    (story,) = json.loads(out)["stories"]
    texts = [s["text"] for s in story["summary"]["sentences"]]
    assert first in texts and second in texts, texts
    assert not any(CONTROL.search(t) for t in texts)
    assert all(not CONTROL.search(c["quote"]) for s in story["summary"]["sentences"] for c in s["citations"])
    code, out, err = run_cli(capsys, str(page), "--format", "text", "--max-sentences", "5", "-q")
    assert code == 0 and f"{first} [1]" in out and "ended.The" not in out


def test_one_document_in_two_records_is_one_source(capsys, tmp_path):
    """An export can hold one record twice (in two story records); ids key the
    citations and the sources list, so each id stays one article."""
    from tests.conftest import PAGE_A, PAGE_B

    storm = {"id": "wire-1", "text": PAGE_B, "source": "Reuters"}
    records = [
        {"id": "s1", "docs": [{"id": "p-1", "text": PAGE_A, "source": "Daily Planet"}, storm]},
        {"id": "s2", "docs": [storm, {"id": "wire-1", "text": PAGE_B.replace("until Friday.", "until Friday.\n\nForecasters said the storm would weaken by Thursday."), "source": "Reuters"}]},
    ]
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--cluster", str(pile), "--format", "json")
    assert code == 0, err
    (story,) = json.loads(out)["stories"]
    ids = [a["id"] for a in story["articles"]]
    assert sorted(ids) == ["p-1", "wire-1", "wire-1~2"]
    cited = {c["article"] for s in story["summary"]["sentences"] for c in s["citations"]}
    assert cited <= set(ids)
    code, out, _ = run_cli(capsys, "--cluster", str(pile), "--format", "markdown")
    numbers = re.findall(r"^\[(\d+)\] ", out, flags=re.M)
    assert numbers == ["1", "2", "3"]


def test_a_record_equal_to_an_ids_second_text_is_dropped_too(capsys, tmp_path):
    """Every text seen for an id counts, not only the first: id X with text A,
    X with B, X with B again is two articles, X and X~2 (not X~3 beside
    them); a new text is the next number."""
    from summarize.pipeline import distinct_articles
    from summarize.records import Article
    from tests.conftest import PAGE_A, PAGE_B

    dated = PAGE_B.replace("until Friday.", "until Friday.\n\nForecasters said the storm would weaken by Thursday.")
    storm, storm_dated = ({"id": "wire-1", "text": text, "source": "Reuters"} for text in (PAGE_B, dated))
    records = [
        {"id": "s1", "docs": [{"id": "p-1", "text": PAGE_A, "source": "Daily Planet"}, storm]},
        {"id": "s2", "docs": [storm, storm_dated]},
        {"id": "s3", "docs": [storm_dated]},
    ]
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--cluster", str(pile), "--format", "json")
    assert code == 0, err
    (story,) = json.loads(out)["stories"]
    assert sorted(a["id"] for a in story["articles"]) == ["p-1", "wire-1", "wire-1~2"]
    assert "summarize: 2 articles left out as copies of others in the input" in err  # 5 read, 3 listed: said, not lost

    kept = distinct_articles([Article(id="x", text=t) for t in ("A", "B", "B", "A", "C", "B", "C")])
    assert [(a.id, a.text) for a in kept] == [("x", "A"), ("x~2", "B"), ("x~3", "C")]


def test_records_without_an_outlet_are_not_counted_as_outlets(tmp_path, capsys):
    """Four records of one JSONL file with no source, none guessed: the story
    does not read "4 outlets" but "outlet unknown", alike in the text,
    Markdown and JSON outputs; their independent sources are their own
    reports (wire copies once), the same figure as each sentence's support."""
    texts = [
        "A powerful storm struck the coastal town of Port Ellis on Monday. The mayor ordered the evacuation before dawn.",
        "Residents of Port Ellis fled a powerful storm on Monday. Shelters opened in the interior of the state.",
        "Officials said the storm that hit Port Ellis on Monday forced about 4,000 people into shelters.",
        "Winds of 150 km per hour battered Port Ellis as the storm came ashore on Monday. The harbour was closed.",
    ]
    path = tmp_path / "pile.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"r{n}", "text": t}) for n, t in enumerate(texts)), encoding="utf-8")
    code, out, err = run_cli(capsys, str(path), "--format", "json", "-q")
    assert code == 0, err
    (story,) = json.loads(out)["stories"]
    assert (story["outlets"], story["articles_without_outlet"]) == (0, 4)
    independent = story["independent_sources"]
    assert 1 <= independent <= 4
    # the independent sources are said only where copies make them fewer than the articles
    counts = "4 articles · outlet unknown" + (f" · {independent} independent sources" if independent < 4 else "")
    code, out, _ = run_cli(capsys, str(path), "--format", "text", "-q")
    assert out.splitlines()[2] == counts
    code, out, _ = run_cli(capsys, str(path), "--format", "markdown", "-q")
    assert f"*{counts}*" in out.splitlines()
    for s in story["summary"]["sentences"]:
        assert s["outlets"] == 0
        assert s["articles_without_outlet"] == len({c["article"] for c in s["citations"]})
        assert 1 <= s["independent_sources"] == s["support"]


def test_articles_of_unknown_outlet_beside_named_ones_are_told_apart():
    """Two named outlets (one with two articles of its own, which count once)
    and two articles of unknown outlet, one a copy of a named outlet's: 2
    outlets and "2 of unknown outlet" said, not counted as outlets; 3
    independent sources (the Gazette, the Herald with its copy, the other
    unnamed article's own report)."""
    from summarize.records import Article, Story, Summary
    from summarize.render import coverage_line, story_to_dict

    arts = [
        Article(id="a", text="x", source="Gazette"),
        Article(id="b", text="y", source="gazette"),  # the same outlet
        Article(id="c", text="z", source="Herald"),
        Article(id="d", text="u"),
        Article(id="e", text="v"),
    ]
    story = Story(id="s", headline="h", articles=arts, summary=Summary("extractive"), families=[["a"], ["b"], ["c", "d"], ["e"]])
    assert (story.outlets, story.articles_without_outlet, story.independent_sources) == (2, 2, 3)
    assert coverage_line(story) == "5 articles · 2 outlets · 2 of unknown outlet · 3 independent sources"
    data = story_to_dict(story)
    assert (data["outlets"], data["independent_sources"], data["articles_without_outlet"]) == (2, 3, 2)
    wire = Story(id="w", headline="h", articles=arts[2:], summary=Summary("extractive"), families=[["c"], ["d", "e"]])
    assert coverage_line(wire) == "3 articles · 1 outlet · 2 of unknown outlet · 2 independent sources"  # d, e: copies
    same = Story(id="o", headline="h", articles=arts[:2], summary=Summary("extractive"), families=[["a"], ["b"]])
    assert coverage_line(same) == "2 articles · 1 outlet"  # one outlet's two reports are one source


def test_o_writes_the_format_its_extension_names_with_the_umask_s_mode(tmp_path, capsys):
    """From a script, -o stories.md wrote JSON (the format followed stdout,
    not the file), and every -o file was 0600 (mkstemp's mode)."""
    import os
    import stat

    src = tmp_path / "a.txt"
    src.write_text(
        "The central bank raised its main interest rate by half a point on Tuesday to fight inflation.\n\n"
        "Shares in Tokyo fell sharply after the announcement by the bank.\n",
        encoding="utf-8",
    )
    old = os.umask(0o022)
    try:
        for name, starts in (("s.md", "## "), ("s.json", "{"), ("s.txt", "The central bank")):
            assert main([str(src), "-q", "-o", str(tmp_path / name)]) == 0
            out = tmp_path / name
            assert out.read_text(encoding="utf-8").startswith(starts), name
            assert stat.S_IMODE(out.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_summarize_tui_signs_its_errors_as_summarize_tui(tmp_path):
    """`summarize --tui /missing` said "python -m tui: error: ..." (a
    new-user trial): the user typed summarize --tui."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--tui", str(tmp_path / "missing")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("summarize --tui: error: no such file or directory")


def test_a_story_record_s_title_is_the_story_s_headline(tmp_path, capsys):
    """{"title": "Quake story", "docs": [...]}: the headline was the first
    summary sentence, the record's own title ignored (a new-user trial)."""
    record = {"id": "q1", "title": "Quake story", "docs": [
        {"id": "a", "text": "A strong earthquake struck the coast on Monday, killing at least ten people."},
        {"id": "b", "text": "At least ten people died when a strong earthquake struck the coast on Monday."},
    ]}
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    assert main([str(path), "--format", "json", "-q"]) == 0
    (story,) = json.loads(capsys.readouterr().out)["stories"]
    assert story["headline"] == "Quake story"


def test_a_message_after_a_progress_bar_starts_on_a_clean_line(monkeypatch):
    """Ctrl-C during the bar wrote "summarize: interrupted" onto the bar's line
    (a new-user trial): any message wipes a bar that is drawn first."""
    import io

    from summarize.output import ProgressBar, say

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    bar = ProgressBar(enabled=True)
    bar(3, 10, "summarising stories")
    say("summarize: interrupted")
    last = screen.getvalue().split("\r")[-1]
    assert last == "summarize: interrupted\n"


@pytest.mark.parametrize("columns", [120, 80, 60, 40, 30])
def test_the_progress_label_is_never_cut_inside_a_word_and_the_line_fits(monkeypatch, columns):
    """A fixed 40-cell cut showed "story 1/1: rewriting sentences: 10 rewri" (a
    trial); a line wider than the terminal wraps, and each redraw leaves a row."""
    import io

    import summarize.output
    from summarize.output import ProgressBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setattr(summarize.output, "_columns", lambda: columns)
    what = "story 1/1: rewriting sentences: 10 rewrites"
    ProgressBar(enabled=True)(3, 10, what)
    line = screen.getvalue().split("\r")[-1]
    assert len(line) < columns
    shown = line.split("  ")[0].split(" [")[0].rstrip()
    kept = shown.removesuffix("…")
    assert shown == what or (shown.endswith("…") and what.startswith(kept) and not what[len(kept)].isalnum())
    if columns >= 80:
        assert shown == what and "[" in line  # whole, the bar beside it


def test_o_writes_into_a_fifo_or_through_a_link_and_replaces_only_regular_files(tmp_path, capsys):
    """-o renamed its temporary file over whatever it named: /dev/stdout became
    a plain file for the whole machine (as root), a FIFO's reader got nothing,
    and a link was replaced by a file (a new-user trial)."""
    import os
    import threading

    from summarize.output import write_atomically

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    write_atomically(str(fifo), '{"stories": []}\n')
    reader.join(timeout=10)
    assert got == ['{"stories": []}\n'] and stat_kind(fifo) == "fifo"
    target = tmp_path / "target.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomically(str(link), "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def stat_kind(path) -> str:
    import stat

    mode = path.lstat().st_mode
    return "fifo" if stat.S_ISFIFO(mode) else "link" if stat.S_ISLNK(mode) else "file" if stat.S_ISREG(mode) else "other"


def test_jsonl_output_is_one_story_a_line_and_parquet_needs_the_ray_engine(capsys, pile, tmp_path):
    """The local engine wrote one indented JSON document to -o x.jsonl (Ray
    writes a story a line) and JSON text into -o x.parquet, exit 0 (a new-user
    trial)."""
    out = tmp_path / "stories.jsonl"
    code, _, err = run_cli(capsys, "--cluster", str(pile), "-o", str(out), "-q")
    assert code == 0, err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 2 and all(json.loads(line)["summary"]["sentences"] for line in lines)
    code, _, err = run_cli(capsys, "--cluster", str(pile), "-o", str(tmp_path / "x.parquet"), "-q")
    assert code == 2 and "Parquet output is written by the Ray engine" in err
    assert not (tmp_path / "x.parquet").exists()


def test_a_title_less_story_s_headline_is_its_lead_s_main_clause():
    """8 of 12 title-less headlines were the first summary sentence cut off
    with "…" over the same sentence in full (a reader's audit)."""
    from summarize.pipeline import headline_of_sentence

    assert headline_of_sentence(
        "Typhoon Babs raced toward southern China on Saturday, leaving behind a trail of destruction."
    ) == "Typhoon Babs raced toward southern China on Saturday"
    assert headline_of_sentence(
        "About 10,000 Turkish soldiers have crossed into northern Iraq to attack Kurdish rebels, and the government said it might act."
    ) == "About 10,000 Turkish soldiers have crossed into northern Iraq to attack Kurdish rebels"
    # a break inside an aside, or too early, is no end of the main clause
    aside = "Supertyphoon Babs, armed with winds over 150 mph and gusting, slammed into Luzon on Wednesday."
    assert headline_of_sentence(aside) == aside
    early = "Police said, leaving the scene, that the suspect fled."
    assert headline_of_sentence(early) == early
    # a reason after the main clause goes; a long sentence with no break is cut near 100 characters
    assert headline_of_sentence(
        "Indonesian President B.J. Habibie finds attending a summit of Asia-Pacific leaders difficult because of the arrest."
    ) == "Indonesian President B.J. Habibie finds attending a summit of Asia-Pacific leaders difficult"
    long = ("Investigators looking into the crash last month of Swissair Flight 111 off the coast of Nova Scotia "
            "have found heat damage in wires from the plane's cockpit.")
    cut = headline_of_sentence(long)
    assert cut == "Investigators looking into the crash last month of Swissair Flight 111 off the coast of Nova Scotia …"
    # an absolute phrase ends the main clause; an introductory phrase is none (a trial)
    assert headline_of_sentence(
        "Hurricane Mitch cut through the Honduran coast like a ripsaw Thursday, its devastating winds whipping up seas."
    ) == "Hurricane Mitch cut through the Honduran coast like a ripsaw Thursday"
    intro = "In a season of crashing banks, plunging rubles and bouncing paychecks, maybe it is not the ultimate insult."
    assert headline_of_sentence(intro) == intro


def test_a_story_keeps_its_own_headline_under_a_focus_and_when_all_of_it_was_read(tmp_path):
    """A user trial: with --focus the headline became the focus's first
    sentence (the TUI kept the story's, so the two disagreed), and a story
    whose every article was read was headed "APW", its outlet."""
    from summarize.pipeline import Options, run

    pile = tmp_path / "pile"
    pile.mkdir()
    texts = [
        "Typhoon Babs raced toward southern China on Saturday, leaving behind a trail of destruction in the Philippines. "
        "Officials said 150 people were killed in the Philippines.",
        "Typhoon Babs raced toward southern China on Saturday after killing 150 people in the Philippines. "
        "Schools in Hong Kong were ordered shut as the storm approached.",
    ]
    for n, text in enumerate(texts):
        (pile / f"{n}.txt").write_text(text + "\n")
    plain = run([str(pile)], Options(max_sentences=1)).stories[0].headline
    focused = run([str(pile)], Options(max_sentences=1, focus="Were schools in Hong Kong shut?")).stories[0]
    assert "Hong Kong" in focused.summary.text and focused.headline == plain
    read = run([str(pile)], Options(max_sentences=1, seen=[str(pile)])).stories[0]
    assert not read.summary.sentences and read.headline == plain


def test_a_site_label_taken_for_a_title_is_not_the_headline():
    from summarize.pipeline import pick_headline
    from summarize.records import Article

    label = Article(id="a", text="x", title="Scribbles from NSFWCORP Staff")
    lead = "The young woman says the mayoral candidate sent her lewd messages, prosecutors said."
    summary = lead + " Weiner apologised on Tuesday."
    assert pick_headline([label, Article(id="b", text="y")], lead, summary) == lead
    titled = Article(id="c", text="z", title="Weiner sent lewd messages, woman says")
    assert pick_headline([label, titled], lead, summary) == "Weiner sent lewd messages, woman says"


def test_the_sources_list_gives_each_article_s_date():
    """"Today" in a summary sentence is read against its source's date; the
    cleaner takes a page's date line out of the text, so the list gives it."""
    from summarize.records import Article
    from summarize.render import source_name

    dated = Article(id="a", text="x", source="Wikinews", title="Aftershock hits Chile", date="Sunday, November 28, 2010", path="a.txt")
    assert source_name(dated) == "Wikinews — “Aftershock hits Chile” — Sunday, November 28, 2010 — a.txt"
    assert source_name(Article(id="b", text="x", source="AP", path="b.txt")) == "AP — b.txt"


def test_quotes_say_where_a_source_words_the_quotation_otherwise(capsys, seeds_dir):
    """A user trial: "We highly appreciate ..." cited sources that say "We
    highly value ...", and nothing told a reader checking the quotation marks."""
    seeds = seeds_dir
    code, out, _ = run_cli(capsys, str(seeds), "--format", "text", "--quotes")
    assert code == 0
    assert "(quoted in other words) " in out and "We highly value" in out.split("(quoted in other words) ", 1)[1][:80]
    code, out, _ = run_cli(capsys, str(seeds), "--format", "json")
    cited = [c for s in json.loads(out)["stories"][0]["summary"]["sentences"] for c in s["citations"]]
    assert {c.get("quotation") for c in cited} == {None, "quoted in other words", "without the quotation"}


def test_an_earlier_output_given_as_input_says_what_it_is_and_where_it_goes(capsys, pile, tmp_path):
    """A trial: yesterday's JSON output as input said 'record 1: record has no
    "text" string, skipped', then "no usable article"; it is recognised, in
    one line with the hint to pass it to --seen."""
    earlier = tmp_path / "yday.json"
    assert main([str(pile), "--format", "json", "-o", str(earlier), "-q"]) == 0
    code, out, err = run_cli(capsys, str(earlier), "--format", "json", "-q")
    assert code == 1 and not out
    assert err.splitlines() == [
        f"summarize: {earlier}: an earlier JSON output of summarize (its stories, not articles), skipped; "
        "pass it to --seen to leave out what it covered",
        "summarize: error: no usable article in the input",
    ]


def test_summarize_tui_names_a_broken_link_as_one(tmp_path):
    """A dangling link named was "no such file or directory" (a trial): the
    terminal UI says what the CLI says of it."""
    (tmp_path / "dangling.txt").symlink_to("/nonexistent-summarize-test")
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", "--tui", str(tmp_path / "dangling.txt")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"summarize --tui: error: {tmp_path / 'dangling.txt'}: broken link (to /nonexistent-summarize-test, which does not exist)\n"
    )


def test_a_folder_that_looks_like_several_stories_says_that_cluster_splits_it(tmp_path, capsys):
    """Without --cluster a folder is one story; a trial's folder of 27
    articles on 9 events came out one story with no hint.  Now one line says
    so, and a folder of one story, or --cluster, says nothing."""
    from tests.conftest import PAGE_A, PAGE_B, PAGE_C

    folder = tmp_path / "pile"
    folder.mkdir()
    bank_too = PAGE_C.replace("Economists had expected a smaller rise of a quarter point.",
                              "Analysts said the rise would slow lending to households and firms.")
    for name, text in (("a.txt", PAGE_A), ("b.txt", PAGE_B), ("c.txt", PAGE_C), ("d.txt", bank_too)):
        (folder / name).write_text(text, encoding="utf-8")
    code, out, err = run_cli(capsys, str(folder), "--format", "json")
    assert code == 0 and "pile: its 4 articles look like 2 stories; --cluster groups them" in err
    code, out, err = run_cli(capsys, str(folder), "--format", "json", "--cluster")
    assert code == 0 and "look like" not in err and len(json.loads(out)["stories"]) == 2
    (folder / "c.txt").unlink()
    (folder / "d.txt").unlink()
    storm_too = PAGE_B.replace("Power was cut", "Electricity was cut")
    (folder / "c.txt").write_text(storm_too, encoding="utf-8")
    (folder / "d.txt").write_text(PAGE_A.replace("thousands evacuated", "thousands flee"), encoding="utf-8")
    code, out, err = run_cli(capsys, str(folder), "--format", "json")
    assert code == 0 and "look like" not in err


# --- JSON and wide Unicode told by their content: stdin, pipes, other names -----------------

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
WIRE = [
    {"id": "w1", "title": "Storm floods Port Ellis", "source": "AP",
     "text": "A powerful storm flooded the coastal town of Port Ellis on Monday, officials said. Thousands of residents fled."},
    {"id": "w2", "title": "Port Ellis counts the damage", "source": "Reuters",
     "text": "The storm that flooded Port Ellis on Monday destroyed two hundred homes, the mayor said. Rescue teams searched the river."},
]


def summarize_piped(data: bytes, *args: str) -> subprocess.CompletedProcess:
    """The CLI's real entry point with ``data`` on standard input (this checkout's package)."""
    return subprocess.run([sys.executable, "-m", "summarize", *args], input=data, capture_output=True, timeout=120, cwd=CHECKOUT)


def test_records_piped_in_or_under_another_name_are_read_as_records(capsys, tmp_path):
    """JSON Lines piped in ("cat wire.jsonl | summarize -") or a JSON file
    saved as "wire.out" were summarised as prose: a headline '"title": ...',
    bullets '* "text": ...' (a user trial).  They are records, as in a .jsonl
    or .json file; prose that opens with a brace stays prose."""
    lines = "".join(json.dumps(r) + "\n" for r in WIRE).encode("utf-8")
    for data in (lines, json.dumps(WIRE, indent=2).encode("utf-8")):
        done = summarize_piped(data, "-", "--format", "json", "-q")
        assert done.returncode == 0, done.stderr
        story = json.loads(done.stdout)["stories"][0]
        assert [a["id"] for a in story["articles"]] == ["w1", "w2"]
        assert "title" not in story["headline"] and not any('"text"' in s["text"] for s in story["summary"]["sentences"])
    renamed = tmp_path / "wire.out"
    renamed.write_text(json.dumps({"articles": WIRE}), encoding="utf-8")
    code, out, err = run_cli(capsys, str(renamed), "--format", "json", "-q")
    assert code == 0, err
    assert sorted(a["id"] for a in json.loads(out)["stories"][0]["articles"]) == ["w1", "w2"]
    prose = b"{Editor's note} A powerful storm flooded the coastal town of Port Ellis on Monday, officials said.\n"
    done = summarize_piped(prose, "-", "--format", "json", "-q")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["stories"][0]["articles"]) == 1


def test_an_earlier_output_piped_in_or_renamed_is_the_one_line_that_points_to_seen(capsys, pile, tmp_path):
    """"cat day1.json | summarize -" and "summarize day1.out" summarised an
    earlier output as prose (a user trial): it is the line a .json file gets."""
    earlier = tmp_path / "day1.json"
    assert main([str(pile), "--format", "json", "-o", str(earlier), "-q"]) == 0
    renamed = tmp_path / "day1.out"
    renamed.write_bytes(earlier.read_bytes())
    hint = "an earlier JSON output of summarize (its stories, not articles), skipped; pass it to --seen to leave out what it covered"
    code, out, err = run_cli(capsys, str(renamed), "--format", "json", "-q")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"summarize: {renamed}: {hint}", "summarize: error: no usable article in the input"]
    done = summarize_piped(earlier.read_bytes(), "-", "--format", "json", "-q")
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode().splitlines() == [f"summarize: stdin: {hint}", "summarize: error: no usable article in the input"]


def test_seen_reads_an_earlier_output_from_stdin_or_a_pipe(capsys, pile, tmp_path):
    """"--seen -" (and /dev/stdin, <(cat day1.json)) with an output piped in
    said "New since 1 article already read" and changed nothing, where
    "--seen day1.json" knew every article (a user trial)."""
    import os
    import threading

    earlier = tmp_path / "day1.json"
    assert main([str(pile / "a.txt"), str(pile / "b.txt"), "--format", "json", "-o", str(earlier), "-q"]) == 0
    capsys.readouterr()
    story_files = [str(pile / "a.txt"), str(pile / "b.txt")]
    code, _, by_file = run_cli(capsys, *story_files, "--seen", str(earlier), "--format", "text", "-q")
    assert code == 0 and "every article here was already read" in by_file
    for seen in ("-", "/dev/stdin"):
        done = summarize_piped(earlier.read_bytes(), *story_files, "--seen", seen, "--format", "text", "-q")
        assert done.returncode == 0, done.stderr
        assert done.stderr.decode() == by_file, seen
    fifo = tmp_path / "pipe"  # what <(cat day1.json) names
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(earlier.read_bytes()))
    writer.start()
    try:
        result = run(story_files, Options(seen=[str(fifo)]))
    finally:
        writer.join(timeout=10)
    assert not result.problems and result.stories[0].summary.seen == 2


def test_utf16_and_utf32_text_with_a_byte_order_mark_is_text_on_stdin_too():
    """Notepad's "Unicode" (UTF-16 LE with a mark) piped in was "binary data
    on standard input" (a user trial)."""
    text = "Le maire a annoncé lundi la réouverture du pont. Les travaux ont duré trois ans.\n"
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        done = summarize_piped(data, "-", "--format", "json", "-q")
        assert done.returncode == 0, (encoding, done.stderr)
        assert "réouverture du pont" in json.loads(done.stdout)["stories"][0]["summary"]["sentences"][0]["text"]


def test_standard_input_given_twice_is_a_usage_error(capsys):
    """`cat day2.jsonl | summarize - --seen -` said "no text on standard input"
    and exit 1 (a trial): the first reader had taken it all."""
    code, out, err = run_cli(capsys, "-", "--seen", "-")
    assert code == 2 and "standard input can be read once" in err and out == ""


def test_a_story_cut_to_a_tiny_budget_keeps_its_title_as_headline(capsys, pile):
    """`--max-words 4` named the story by its cut summary, "Russian President
    Vladimir …", where 5 words and more named it by the article's title (a trial)."""
    for words in ("3", "40"):
        code, out, err = run_cli(capsys, str(pile / "a.txt"), str(pile / "b.txt"), "--format", "json", "--max-words", words)
        assert code == 0 and json.loads(out)["stories"][0]["headline"] == "Storm hits coastal town, thousands evacuated"


def test_an_earlier_output_one_story_a_line_is_read_as_seen(tmp_path, capsys, pile):
    """`-o stories.jsonl` writes one story a line; given to --seen, each line
    had been 'record has no "text" string' and nothing was left out (a trial)."""
    earlier = tmp_path / "stories.jsonl"
    code, out, err = run_cli(capsys, str(pile), "--cluster", "-q", "-o", str(earlier))
    assert code == 0 and len(earlier.read_text(encoding="utf-8").splitlines()) == 2
    code, out, err = run_cli(capsys, str(pile), "--cluster", "--seen", str(earlier), "--format", "json")
    assert 'no "text"' not in err and "every article here was already read" in err
    assert all(not s["summary"]["sentences"] for s in json.loads(out)["stories"])


def test_a_file_name_with_a_newline_stays_on_one_line_in_messages_and_sources(capsys, tmp_path):
    """A trial: a binary file named "bad\\nname.txt" gave two stderr lines
    ("summarize: nl/bad", "name.txt: binary file, ..."), and the Markdown
    Sources list broke its entry over two lines.  The newline shows as \\n."""
    from conftest import PAGE_A

    (tmp_path / "new\nline.txt").write_text(PAGE_A, encoding="utf-8")
    (tmp_path / "bad\nname\x1b[31mRED.txt").write_bytes(b"\x00\x01binary" * 100)
    _, out, err = run_cli(capsys, str(tmp_path), "--format", "markdown")
    assert [line for line in err.splitlines() if "binary" in line] == [
        f"summarize: {tmp_path}/bad\\nnameRED.txt: binary file, not text, skipped"
    ]
    sources = out[out.index("**Sources**"):]
    assert "/new\\\\nline.txt\n" in sources  # the Markdown escape of "\n": shown as \n
    assert "new\nline" not in out


def test_many_bad_records_end_with_their_count_as_on_ray(capsys, tmp_path):
    """The Ray engine ends many problem lines with their count, the local one
    did not (trial E, finding 19): both say it now."""
    record = {"id": "ok", "text": "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands to leave their homes."}
    lines = [json.dumps(record)] + ['{"text": "broken %d' % n for n in range(25)]
    path = tmp_path / "pile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, str(path))
    assert code == 1 and "Port Ellis" in out
    problems = [line for line in err.splitlines() if "invalid JSON" in line]
    assert len(problems) == 25
    assert "summarize: 25 bad inputs skipped in all" in err.splitlines()
    few = tmp_path / "few.jsonl"
    few.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, str(few))
    assert "skipped in all" not in err
