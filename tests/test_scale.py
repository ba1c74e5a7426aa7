"""--engine ray (summarize/engine_ray.py): the local engine's answer on Ray
Data, windows linked across time, bad records, a killed worker.

One local Ray (2 CPUs) for the module.  Skipped as a whole, with the reason,
where Ray is not installed (the ``scale`` extra); that the default path never
imports Ray is tested in tests/test_cli.py, which always runs."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from summarize.dates import day_of
from summarize.pipeline import Options, run
from summarize.render import story_to_dict

ROOT = Path(__file__).resolve().parents[1]
DUC = ROOT.parent / "shared" / "data" / "duc2007-update" / "dev.jsonl"

ray = pytest.importorskip("ray", reason="ray is not installed (the scale extra: pip install -e '.[scale]')")
# one worker runs them all (pytest-xdist's loadgroup): one local Ray, not one per worker
pytestmark = pytest.mark.xdist_group("ray")

needs_duc = pytest.mark.skipif(not DUC.is_file(), reason="../shared/data/duc2007-update is not beside this checkout")


def test_dates_parse_to_days():
    assert day_of("2000-02-09") == day_of("Wednesday, Feb. 09, 2000") == day_of("9 February 2000") == 10996
    assert day_of("Sept. 19, 2000") == day_of("20000919")
    # the date lines of German, French, Spanish and Polish pages
    assert day_of("Mittwoch, 9. Februar 2000, 14:32 Uhr") == day_of("mercredi 9 février 2000") == 10996
    assert day_of("Miércoles, 9 de febrero de 2000") == day_of("9 lutego 2000") == 10996
    assert day_of(None) is None and day_of("yesterday") is None and day_of("2000-02-31") is None


def test_the_object_store_size_comes_from_the_environment_or_says_what_is_wrong():
    from summarize.engine_ray import OBJECT_STORE_ENV, RaySetupError, object_store_bytes

    assert object_store_bytes({}) is None and object_store_bytes({OBJECT_STORE_ENV: " "}) is None
    assert object_store_bytes({OBJECT_STORE_ENV: "1000"}) == 1000 * 1024 * 1024
    for bad, says in (("1GB", "whole number of MB"), ("50", "at least")):
        with pytest.raises(RaySetupError, match=says):
            object_store_bytes({OBJECT_STORE_ENV: bad})


def test_a_bad_object_store_size_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    from summarize.cli import main
    from summarize.engine_ray import OBJECT_STORE_ENV

    if ray.is_initialized():  # the setting applies to a Ray started for the run
        pytest.skip("a Ray is already running in this process")
    (tmp_path / "a.txt").write_text("The council met on Monday and voted to close the bridge for repairs.", encoding="utf-8")
    monkeypatch.setenv(OBJECT_STORE_ENV, "lots")
    assert main(["--cluster", "--engine", "ray", str(tmp_path / "a.txt")]) == 1
    err = capsys.readouterr().err
    assert "SUMMARIZE_RAY_OBJECT_STORE_MB must be a whole number of MB" in err and "Traceback" not in err


def test_linking_needs_the_windows_to_agree_on_the_overlap():
    from summarize.engine_ray import link_pairs

    # 1 and 2 share four of 2's five overlap articles: joined; 3 holds the fifth
    # (one article of five: not joined); 4 shares three of its four with 5
    # (joined) and one with 4 (not); 6 and 7 share their one
    home = [1, 1, 1, 1, 3, 4, 4, 4, 4, 6]
    copy = [2, 2, 2, 2, 2, 4, 5, 5, 5, 7]
    assert link_pairs(home, copy) == [(1, 2), (4, 5), (6, 7)]
    assert link_pairs([], []) == []


def test_an_overlap_copy_pairs_with_its_own_home_row_when_two_articles_share_a_seq():
    import numpy as np

    from summarize.engine_ray import article_uid, overlap_pairs

    # Two rows sharing a seq (Parquet rows had hashed seqs once, which can
    # collide; seqs are unique now, the uid is a second key): articles A and B both
    # have seq 7.  A sits in window 1's overlap (home cluster 10, copy in
    # window 0's cluster 20); B is at home in window 1 only (cluster 11).
    # Paired by seq alone, the sorted rows read A home, B home, A copy, and
    # A's copy was taken for B's (clusters 11 and 20 joined).
    a, b, c = article_uid(b"A"), article_uid(b"B"), article_uid(b"C")
    seq = np.array([7, 7, 7, 9, 9], dtype=np.int64)
    uid = np.array([a, b, a, c, c], dtype=np.int64)
    code = np.array([10, 11, 20, 12, 21], dtype=np.int64)
    home = np.array([True, True, False, True, False])
    for order in ([0, 1, 2, 3, 4], [2, 1, 0, 4, 3], [4, 2, 3, 1, 0]):
        homes, copies = overlap_pairs(seq[order], uid[order], code[order], home[order])
        assert sorted(zip(homes.tolist(), copies.tolist())) == [(10, 20), (12, 21)]


@pytest.fixture(scope="module")
def local_ray():
    import logging

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield ray
    ray.shutdown()


def _duc_docs(records: int, start: int = 0) -> list[dict]:
    """Flat article records from DUC 2007 update records of different topics
    (each topic's part A)."""
    out = []
    with open(DUC, encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh if line.strip()]
    lines = [r for r in lines if r["id"].endswith("-A")]
    for record in lines[start : start + records]:
        for doc in record["docs"]:
            out.append({"id": f"{record['id']}/{doc['id']}", "title": doc["title"], "text": doc["text"], "topic": record["id"]})
    return out


def _write_jsonl(path: Path, records: list) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
    return path


def _kill_once(marker: str, when=lambda *args: True):
    """A fault hook that kills the calling process (a Ray worker or actor)
    the first time ``when`` holds: it writes its pid to ``marker``, created
    exclusively, so the retry finds it and goes on.  Built here, not at
    module level: Ray pickles the hook by value, and its workers cannot
    import this test module."""

    def kill(*args):
        import os
        import signal

        if not when(*args):
            return
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)

    return kill


def _local_with_abstractive(paths: list[str], model) -> list[dict]:
    """The local engine's stories of ``paths``, each with its fused summary by
    ``model`` (as the Ray engine's abstractive stage writes them), as JSON dicts."""
    from summarize.pipeline import abstractive_summary, load_condenser

    condenser = load_condenser(str(model))
    local = run(paths, Options(cluster=True)).stories
    for story in local:
        story.abstractive = abstractive_summary(story, condenser, mode="fuse", max_words=100)
    return [json.loads(json.dumps(story_to_dict(s), ensure_ascii=False)) for s in local]


def _membership(story_dicts: list[dict]) -> list[frozenset]:
    return sorted((frozenset(a["id"] for a in d["articles"]) for d in story_dicts), key=sorted)


def test_ray_data_spills_a_corpus_bigger_than_its_budget_rather_than_slowing(local_ray):
    """The stories of a big run, with their articles when kept for text or
    Markdown output, can pass Ray Data's own budget (half the object store),
    past which it runs one task at a time."""
    import ray.data

    from summarize.engine_ray import STORE_BUDGET_FRACTION, start_ray

    ray.data.DataContext.get_current().override_object_store_memory_limit_fraction = None
    start_ray()
    assert ray.data.DataContext.get_current().override_object_store_memory_limit_fraction == STORE_BUDGET_FRACTION > 1


@needs_duc
def test_same_answer_as_the_local_engine(local_ray, seeds_dir):
    from summarize.engine_ray import run_ray
    from summarize.pipeline import load_articles

    paths = [str(seeds_dir), str(DUC)]
    result = run(paths, Options(cluster=True))
    local = [json.loads(json.dumps(story_to_dict(s), ensure_ascii=False)) for s in result.stories]
    # a window wider than the data's dates: one block, so the answer must be the local one exactly
    ours = run_ray(paths, Options(cluster=True), window_days=100_000)
    read, _ = load_articles(paths)
    # every article read; the stories hold each text once (DUC re-sent one NYT story under two ids)
    assert ours.articles == len(read) >= sum(len(d["articles"]) for d in local) > 250
    # the same inputs reported (one DUC record is only a syndicate notice: "no article text")
    assert [(p.where, p.message) for p in ours.problems] == [(p.where, p.message) for p in result.problems]
    assert [d["id"] for d in ours.story_dicts] == [d["id"] for d in local]  # same stories, same order
    assert ours.story_dicts == local  # same members, headlines, summaries, citations
    assert [s.id for s in ours.stories] == [d["id"] for d in local]


def test_ray_data_s_progress_lines_stay_off_the_terminal_unless_debugging(local_ray, seeds_dir):
    """Ray Data printed each dataset's plan and timing ("INFO streaming_executor.py
    ... Starting execution of Dataset") on the terminal, even with -q; they are
    for --debug."""
    import io
    import logging

    from summarize.engine_ray import run_ray

    def console_of_a_run() -> str:
        run_ray([str(seeds_dir)], Options(cluster=True))
        (console,) = [h for h in logging.getLogger("ray.data").handlers if h.name == "console"]
        printed = io.StringIO()
        console.setStream(printed)
        run_ray([str(seeds_dir)], Options(cluster=True))
        return printed.getvalue()

    assert console_of_a_run() == ""
    ours = logging.getLogger("summarize.engine_ray")
    level = ours.level
    ours.setLevel(logging.DEBUG)  # what --debug does
    try:
        assert "Starting execution" in console_of_a_run()
    finally:
        ours.setLevel(level)


@needs_duc
def test_the_command_gives_the_local_json(local_ray, seeds_dir, capsys):
    """``summarize --cluster --engine ray`` on the seeds plus a DUC pile, with
    the default windows: the local command's JSON, byte for byte."""
    from summarize.cli import main

    args = ["--cluster", str(seeds_dir), str(DUC), "--format", "json", "--max-words", "80"]
    status = main(args)
    local = capsys.readouterr()
    assert main(args + ["--engine", "ray"]) == status
    ours = capsys.readouterr()
    assert ours.out == local.out
    # the same problem lines (one DUC record is only a syndicate notice: "no article text")
    assert ours.err == local.err
    assert len(json.loads(local.out)["stories"]) > 10


@needs_duc
def test_a_focus_some_stories_do_not_answer_is_reported_as_locally(local_ray, seeds_dir, capsys):
    """Ray printed one line, "nothing in these articles matches the focus", as
    if for the run, where the local engine names each story it is about (a
    new-user trial)."""
    from summarize.cli import main

    args = ["--cluster", str(seeds_dir), str(DUC), "--format", "json", "--focus", "Putin China", "-q"]
    status = main(args)
    local = capsys.readouterr().err
    assert main(args + ["--engine", "ray"]) == status
    ours = capsys.readouterr().err
    assert "stories: nothing in these articles matches the focus" in local
    assert ours == local


def test_clusters_link_across_windows(local_ray, tmp_path):
    """Four topics whose articles are dated two days apart over 18-20 days:
    windows of 5 days cut every topic; linking across the 4-day overlaps
    puts each back together, as the local engine (which ignores dates) does."""
    from summarize.engine_ray import run_ray

    docs = _duc_docs(4, start=0)
    by_topic: dict[str, int] = Counter()
    for doc in docs:
        n = by_topic[doc["topic"]]
        by_topic[doc["topic"]] += 1
        doc["date"] = f"2001-03-{1 + 2 * n:02d}"
    path = _write_jsonl(tmp_path / "dated.jsonl", docs)
    local = run([str(path)], Options(cluster=True))
    linked = run_ray([str(path)], Options(cluster=True), window_days=5, overlap_days=4)
    assert linked.windows >= 4 and linked.links > 0
    ids = [a["id"] for d in linked.story_dicts for a in d["articles"]]
    assert sorted(ids) == sorted(d["id"] for d in docs)  # none lost, none twice
    assert _membership(linked.story_dicts) == _membership([story_to_dict(s) for s in local.stories])
    unlinked = run_ray([str(path)], Options(cluster=True), window_days=5, overlap_days=4, link=False)
    assert len(unlinked.story_dicts) > len(linked.story_dicts)  # without the links, stories break at the windows


@needs_duc
def test_bad_records_are_skipped_counted_and_reported(local_ray, tmp_path, capsys):
    from summarize.cli import main

    docs = _duc_docs(2)
    lines: list = list(docs)
    lines.insert(7, '{"id": "broken", "text": "unterminated')
    lines.insert(15, {"id": "no-text", "title": "a record without text"})
    path = _write_jsonl(tmp_path / "pile.jsonl", lines)
    import summarize.engine_ray as engine

    old = engine.CHUNK_BYTES
    engine.CHUNK_BYTES = 8_000  # many read tasks, the bad records in two of them
    try:
        out = tmp_path / "stories.jsonl"
        code = main(["--cluster", "--engine", "ray", str(path), "-o", str(out)])
    finally:
        engine.CHUNK_BYTES = old
    err = capsys.readouterr().err.splitlines()
    assert code == 1  # the run went on; bad input makes the exit status 1, as locally
    assert f"summarize: {path}:8: invalid JSON (unterminated string starting at column 26), line skipped" in err
    assert f'summarize: {path}:16: record has no "text" string, skipped' in err
    assert len(err) == 2
    stories = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [a["id"] for s in stories for a in s["articles"]]
    assert sorted(ids) == sorted(d["id"] for d in docs)


@needs_duc
def test_many_bad_records_each_one_line_then_the_count(local_ray, tmp_path, capsys):
    from summarize.cli import main

    docs = _duc_docs(1)
    lines: list = list(docs) + ['{"text": "broken %d' % n for n in range(25)]
    path = _write_jsonl(tmp_path / "pile.jsonl", lines)
    assert main(["--cluster", "--engine", "ray", str(path), "-o", str(tmp_path / "out.json")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == [f"summarize: {path}:{len(docs) + n}: invalid JSON (unterminated string starting at column 10), line skipped" for n in range(1, 26)]
    assert err[-1] == "summarize: 25 bad inputs skipped in all"
    stories = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["stories"]
    assert sorted(a["id"] for s in stories for a in s["articles"]) == sorted(d["id"] for d in docs)


@needs_duc
def test_a_killed_worker_is_retried_and_no_article_is_lost_or_doubled(local_ray, tmp_path):
    from summarize.engine_ray import run_ray

    docs = _duc_docs(3)
    path = _write_jsonl(tmp_path / "pile.jsonl", docs)
    marker = str(tmp_path / "killed")

    kill_once = _kill_once(marker, when=lambda task: task["order"] == 2)  # the worker process dies mid-task
    result = run_ray([str(path)], Options(cluster=True), chunk_bytes=10_000, fault=kill_once)
    assert os.path.exists(marker)  # a worker was killed
    assert int(open(marker).read()) != os.getpid()
    ids = [a["id"] for d in result.story_dicts for a in d["articles"]]
    assert Counter(ids) == Counter(d["id"] for d in docs)  # every article exactly once
    assert result.problems == []


@needs_duc
def test_parquet_in_and_out(local_ray, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarize.engine_ray import run_ray

    docs = _duc_docs(2)
    pq.write_table(pa.Table.from_pylist([{k: d[k] for k in ("id", "title", "text")} for d in docs]), tmp_path / "in.parquet")
    out = tmp_path / "stories.parquet"
    result = run_ray([str(tmp_path / "in.parquet")], Options(cluster=True), output=str(out))
    table = pq.read_table(out)
    assert result.written == table.num_rows > 0
    ids = [a["id"] for text in table.column("story").to_pylist() for a in json.loads(text)["articles"]]
    assert sorted(ids) == sorted(d["id"] for d in docs)


def test_a_parquet_file_is_read_in_pieces_of_rows_at_its_place_in_the_input(tmp_path):
    """Small row groups go together into one read task, a big one is cut into
    slices; each piece has its own order, at the file's place among the other
    inputs, and numbers its records on from the pieces before it
    (``FILE: record N``, as the local engine numbers a JSON array's); a file
    that is not Parquet is one problem line at its place."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarize.engine_ray import SEQ_SHIFT, _parquet_pieces, _read_one, plan_reads

    rows = [{"id": f"r{n}", "text": f"Story number {n} is told here. " * (1 + n % 5)} for n in range(60)]
    rows[7] = {"id": "r7", "text": None}
    table = pa.Table.from_pylist(rows)
    path = tmp_path / "b.parquet"
    with pq.ParquetWriter(path, table.schema) as writer:
        for start, stop in ((0, 1), (1, 3), (3, 40), (40, 41), (41, 60)):  # row groups of 1, 2, 37, 1 and 19 rows
            writer.write_table(table.slice(start, stop - start))
    (tmp_path / "a.txt").write_text("The council met on Monday and voted to close the bridge.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("The bridge reopened on Friday after repairs.", encoding="utf-8")
    (tmp_path / "d.parquet").write_text("not Parquet at all", encoding="utf-8")
    (tmp_path / "e.txt").write_text("The mayor thanked the crews.", encoding="utf-8")
    chunk = 800
    pieces = _parquet_pieces(str(path), chunk)
    assert pieces[0] == (0, 3)  # the first two row groups together
    assert sum(n for _, n in pieces) == 60 and all(b == a + n for (a, n), (b, _) in zip(pieces, pieces[1:]))
    assert any(first > 3 and first + n < 40 for first, n in pieces)  # the 37-row group in slices
    names = [str(tmp_path / n) for n in ("a.txt", "b.parquet", "c.txt", "d.parquet", "e.txt")]
    tasks, problems, _ = plan_reads(names, chunk)
    assert [t["order"] for t in tasks] == list(range(len(tasks)))
    assert [t["path"] for t in tasks] == names[:1] + names[1:2] * len(pieces) + names[2:3] + names[4:]
    assert [(t["offset"], t["length"]) for t in tasks if t["kind"] == "parquet"] == pieces
    [(seq, problem)] = problems  # after c.txt's task, before e.txt's
    assert seq >> SEQ_SHIFT == tasks[-1]["order"] - 1 and problem.where == names[3]
    assert problem.message.startswith("not a readable Parquet file (")
    ids, lines = [], []
    for task in tasks[1:-2]:
        articles, bad = _read_one(task)
        ids += [a.id for a in articles]
        lines += [f"{p.where}: {p.message}" for p in bad]
    assert ids == [f"r{n}" for n in range(60) if n != 7]  # row order
    assert lines == [f'{path}: record 8: record has no "text" string, skipped']


@needs_duc
def test_parquet_rows_come_in_row_order_at_the_file_s_place_in_the_input(local_ray, tmp_path):
    """``a.jsonl b.parquet c.txt``: the stories hold their articles, and the
    problem lines come, in the local engine's order: a's, then b's rows in
    row order, then c's; the Parquet rows are read as the local engine reads
    the same records in a JSON array (``b.json``), each bad row one line
    ``b.parquet: record N``.  The rows are shuffled (their order is no hash
    order) and the file is read in several pieces."""
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarize.engine_ray import run_ray

    docs = _duc_docs(2)
    first, second = docs[:10], docs[10:]
    record = lambda d, **more: {**{k: d.get(k) for k in ("id", "title", "text")}, "docs": None, **more}
    rows = [record(d) for d in first[4:] + second[:-1]]
    random.Random(7).shuffle(rows)
    rows.insert(3, record({"id": "no-text", "title": "a row without text"}))
    rows.insert(9, record({"id": "blank", "title": "a blank row", "text": "   "}))
    docs_of_row = [{k: d.get(k) for k in ("id", "title", "text")} for d in first[2:4] + [{"id": "lost", "title": "no text"}]]
    rows.insert(12, record({"id": "pair"}, docs=docs_of_row))  # a story of its own, as in a JSON record
    table = pa.Table.from_pylist(rows)
    parquet = tmp_path / "b.parquet"
    pq.write_table(table, parquet, row_group_size=4)
    twin = tmp_path / "b.json"  # the same records, as the local engine reads them
    twin.write_text(json.dumps(table.to_pylist()), encoding="utf-8")
    a = _write_jsonl(tmp_path / "a.jsonl", [first[0], '{"id": "broken", "text": "unterminated', first[1]])
    c = tmp_path / "c.txt"
    c.write_text(f"{second[-1]['title']}\n\n{second[-1]['text']}", encoding="utf-8")

    local = run([str(a), str(twin), str(c)], Options(cluster=True))
    ours = run_ray([str(a), str(parquet), str(c)], Options(cluster=True), window_days=100_000, chunk_bytes=3_000)
    as_parquet = lambda text: text.replace(str(twin), str(parquet))
    assert [(p.where, p.message) for p in ours.problems] == [(as_parquet(p.where), p.message) for p in local.problems]
    assert [p.where for p in ours.problems] == [f"{a}:2", f"{parquet}: record 4", f"{parquet}: record 10", f"{parquet}: record 13: doc 3"]
    mine = [[x["id"] for x in d["articles"]] for d in ours.story_dicts]
    assert mine == [[x.id for x in s.articles] for s in local.stories]
    assert sum(map(len, mine)) == len(docs) > 15
    assert ours.story_dicts == json.loads(as_parquet(json.dumps([story_to_dict(s) for s in local.stories], ensure_ascii=False)))


@needs_duc
def test_abstractive_stage_runs_on_an_actor_pool(local_ray, seeds_dir, tmp_path):
    """The actor pool (two asked, one model each: a tiny random Llama built
    here): every story gets the abstractive summary the local engine writes
    with the same model, and both actors share the work (the stories are
    split into blocks for them: a pile this small ranks into one block)."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from summarize.engine_ray import run_ray
    from tests.test_condense import save_tiny_llama

    model = save_tiny_llama(tmp_path / "tiny-llama", max_positions=512)
    pile = tmp_path / "pile.jsonl"
    pile.write_text("\n".join(json.dumps(d) for d in _duc_docs(3)), encoding="utf-8")
    paths = [str(seeds_dir), str(pile)]
    spec = {"model": str(model), "mode": "fuse", "max_words": 100, "show_unsupported": False}
    ours = run_ray(paths, Options(cluster=True), window_days=100_000, abstractive={**spec, "actors": 2, "cpus_per_actor": 0.5})
    assert len(ours.story_dicts) >= 4 and all("abstractive" in d for d in ours.story_dicts)
    assert ours.story_dicts == _local_with_abstractive(paths, model)
    assert ours.model_actors == 2


@needs_duc
def test_a_killed_model_actor_is_restarted_and_every_story_summarised_once(local_ray, seeds_dir, tmp_path):
    """The abstractive actor dies mid-run (its process killed in its first
    batch): Ray Data restarts it and retries the batch; every story comes out
    once, each with the summary the local engine writes with the same model."""
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from summarize.engine_ray import run_ray
    from tests.test_condense import save_tiny_llama

    model = save_tiny_llama(tmp_path / "tiny-llama", max_positions=512)
    pile = _write_jsonl(tmp_path / "pile.jsonl", _duc_docs(2))
    paths = [str(pile)]
    marker = str(tmp_path / "killed")

    kill_once = _kill_once(marker)  # the actor's process dies in its first batch
    spec = {"model": str(model), "mode": "fuse", "max_words": 100, "show_unsupported": False}
    ours = run_ray(paths, Options(cluster=True), window_days=100_000,
                   abstractive={**spec, "fault": kill_once, "actors": 1, "cpus_per_actor": 0.5})
    assert os.path.exists(marker) and int(open(marker).read()) != os.getpid()  # the actor was killed
    assert len(ours.story_dicts) >= 2 and all("abstractive" in d for d in ours.story_dicts)
    assert ours.story_dicts == _local_with_abstractive(paths, model)


def test_a_retried_task_s_files_beside_its_first_try_s_count_each_article_once(tmp_path):
    """A read task retried after its worker died may write its window files
    again under other names (other batch boundaries): the window's task
    reads both and must still cluster, write and return each article once."""
    import pickle

    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarize.engine_ray import _rows_table, cluster_window, spill_articles
    from summarize.records import Article
    from summarize.segment import segment_article

    articles = [segment_article(Article(id=d["id"], text=d["text"], title=d["title"])) for d in _duc_docs(2)[:12]]
    rows = [(n, 11_000 + n % 3, "article", pickle.dumps(a, protocol=5), "", "") for n, a in enumerate(articles)]
    table = _rows_table(rows)
    scratch = str(tmp_path / "scratch")
    spill_articles(table, scratch, window_days=30, overlap_days=0)  # the first try, one batch
    for half in (table.slice(0, 5), table.slice(5)):  # the retry, two batches
        spill_articles(half, scratch, window_days=30, overlap_days=0)
    window = 11_000 // 30
    assert len(list((tmp_path / "scratch" / "articles" / f"w{window}").iterdir())) == 3
    job = pa.Table.from_pylist([{"window": window, "homes": [f"w{window}"], "next": ""}])
    labels = cluster_window(job, scratch, threshold=None, link=True)
    assert sorted(labels.column("seq").to_pylist()) == list(range(len(articles)))
    written = pq.read_table(tmp_path / "scratch" / "clustered" / f"w{window}.parquet")
    assert sorted(written.column("seq").to_pylist()) == list(range(len(articles)))


def test_the_scratch_folder_follows_the_setting_and_is_removed(local_ray, tmp_path, monkeypatch, capsys):
    from summarize.cli import main
    from summarize.engine_ray import SCRATCH_ENV, run_ray

    path = _write_jsonl(tmp_path / "pile.jsonl", _duc_docs(2))
    base = tmp_path / "scratch"
    base.mkdir()
    monkeypatch.setenv(SCRATCH_ENV, str(base))
    result = run_ray([str(path)], Options(cluster=True))
    assert len(result.story_dicts) >= 2
    assert list(base.iterdir()) == []  # the run's own folder is gone
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(SCRATCH_ENV, str(blocker))
    assert main(["--cluster", "--engine", "ray", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and SCRATCH_ENV in err[0] and "Traceback" not in err[0], err


def test_an_address_nobody_answers_at_is_one_line_not_minutes_of_retries(capsys):
    """--address to a cluster that is not there ran past 2 minutes printing
    Ray's connection warnings (a new-user trial)."""
    from summarize.engine_ray import RaySetupError, _reachable

    with pytest.raises(RaySetupError, match="no Ray cluster answers at 127.0.0.1:1"):
        _reachable("127.0.0.1:1")  # a real socket: nothing listens on port 1
    _reachable("auto")  # Ray's to resolve
