"""``summarize --cluster --engine ray``: the same pipeline on Ray (Ray Data).

The ``scale`` extra (``pip install -e '.[scale]'``) brings Ray; nothing on the
default path imports this module.  The stages are the local engine's own
functions, run as Ray Data operators:

1. read + clean (``map_batches``): the inputs become read tasks in input
   order (a file, or a piece of whole lines of a big JSONL file, or a piece
   of the rows of a Parquet file); each runs ``summarize.ingest`` on its
   input, so bad records are the same one-line ``Problem``s as locally and
   never stop the run.  Parquet rows are records, read and numbered as the
   local engine reads the records of a JSON array (``FILE: record N``);
2. sentence splitting (``map_batches``): ``summarize.segment``; the split
   articles are then written to a scratch directory (``SCRATCH_ENV``), one
   folder per time window, and only their (seq, day) go on through Ray: no
   stage holds the corpus in the object store or shuffles it (a sort of the
   whole corpus spilled 34 GB in six minutes at 1,000,000 articles);
3. clustering blocked by time window (one task per window): an article dated
   day ``d`` lives in window ``d // W``; the task of window ``k`` reads its
   folder and the first ``O`` days (the overlap) of window ``k + 1`` as
   copies, so it clusters the days ``[kW, (k+1)W + O)`` with
   ``summarize.cluster`` (site chrome stripped per window, as
   ``summarize.ingest`` does for the whole input), writes its own articles
   with their labels back to the scratch directory and returns the labels.
   A story may span a window plus an overlap; memory is bounded by the
   biggest window, not the corpus;
4. cross-window linking (driver): a cluster in window ``k`` and one in
   ``k + 1`` are one story when they agree on the overlap: the articles they
   share are at least half of the overlap articles of each side
   (``link_pairs``; one article clustered differently in two windows does not
   chain two stories together); union-find over cluster ids; the driver holds
   four integers per article;
5. per-story ranking (one task per group of stories that start in the same
   window, reading only the windows they span): ``pipeline.build_story``;
6. abstractive (only with ``--abstractive``): an actor pool, one model per
   actor (a GPU each when the cluster has GPUs), fed the stories in
   ``BLOCKS_PER_ACTOR`` blocks per actor so that every actor gets work.

Articles with no usable date form one more block of their own, except when
every dated article falls in one window or when most articles have no usable
date: then all of them are clustered in one pass, exactly as the local
engine does.  With one block the answer is
the local engine's: same stories, same summaries, same order.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .dates import day_of
from .pipeline import Options, copies_left_out
from .ingest import empty_directory
from .records import Problem, Story, failed

def _whole_days(name: str, default: int, least: int = 1) -> int:
    """A number of days from the environment, or one line saying what is wrong
    (it was Python's "invalid literal for int() with base 10: 'banana'")."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < least:
        raise ValueError(f"{name} must be a whole number of days ({least} or more), not {raw!r}")
    return int(raw)


WINDOW_DAYS = _whole_days("SUMMARIZE_RAY_WINDOW_DAYS", 30)
OVERLAP_DAYS = _whole_days("SUMMARIZE_RAY_OVERLAP_DAYS", 7, least=0)
CHUNK_BYTES = 4 << 20  # a JSONL file bigger than this is read in pieces of whole lines, a Parquet file in pieces of rows of about this size
UNDATED = -(1 << 40)  # the window of articles with no usable date
SEQ_SHIFT = 32  # seq = task order << 32 | article number within the task: the local input order
# The abstractive pool is fed this many blocks of stories per actor: Ray
# gives each actor whole blocks, and a small pile ranks into one block, which
# one actor would summarise alone while the others idle.  A few per actor
# also evens out stories of unequal length.
BLOCKS_PER_ACTOR = 4

log = logging.getLogger(__name__)


class RaySetupError(RuntimeError):
    """Ray cannot start as asked: one line for the user, no traceback."""


class RayMissing(RaySetupError):
    pass


# A local Ray started for the run keeps its object store (every cleaned,
# split article between the stages) within this many MB when the variable
# is set; past it Ray spills objects to disk.  Ray's own default is 30% of
# RAM, which a big run fills: 100,000 articles peaked at 8.9 GB here, and at
# 5.7 GB with 1,000 MB (bench/README.md, "Scale on Ray").
OBJECT_STORE_ENV = "SUMMARIZE_RAY_OBJECT_STORE_MB"
# Ray Data's budget for stage outputs, as a multiple of the object store:
# far past it, so that a corpus bigger than the store spills rather than
# slows to one task at a time (start_ray).
STORE_BUDGET_FRACTION = 100.0
# The split articles are written here, one folder per time window, and each
# window's task reads its own: a path or URI (s3://...) that every node of a
# cluster reaches.  Unset: a fresh folder in the local temporary directory
# (one machine).  The run removes its folder at the end.
SCRATCH_ENV = "SUMMARIZE_RAY_SCRATCH"
# Ray refuses an object store under about 75 MB.
MIN_OBJECT_STORE_MB = 100


def object_store_bytes(environ=os.environ) -> int | None:
    """The object store size asked for in ``OBJECT_STORE_ENV``, in bytes
    (None: Ray's default)."""
    raw = environ.get(OBJECT_STORE_ENV, "").strip()
    if not raw:
        return None
    try:
        mb = int(raw)
    except ValueError:
        raise RaySetupError(f"{OBJECT_STORE_ENV} must be a whole number of MB, not {raw!r}") from None
    if mb < MIN_OBJECT_STORE_MB:
        raise RaySetupError(f"{OBJECT_STORE_ENV} must be at least {MIN_OBJECT_STORE_MB} MB, not {mb}")
    return mb << 20


@dataclass
class RayResult:
    stories: list[Story] = field(default_factory=list)
    story_dicts: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    articles: int = 0
    windows: int = 0
    links: int = 0  # cluster pairs joined across windows
    written: int = 0  # stories written to a .jsonl / .parquet output
    model_actors: int = 0  # abstractive actors that wrote summaries (collected output only)
    stages: dict = field(default_factory=dict)  # seconds per stage, as the driver sees them


# ---------------------------------------------------------------------------
# read tasks, in the local engine's input order


def _jsonl_pieces(path: str, chunk_bytes: int) -> list[tuple[int, int, int]]:
    """(offset, length, first line number) of pieces of whole lines."""
    pieces = []
    offset, line = 0, 1
    with open(path, "rb") as fh:
        while True:
            data = fh.read(chunk_bytes)
            if not data:
                break
            if not data.endswith(b"\n"):
                data += fh.readline()
            pieces.append((offset, len(data), line))
            offset += len(data)
            line += data.count(b"\n")
    return pieces


def _parquet_pieces(path: str, chunk_bytes: int) -> list[tuple[int, int]]:
    """(first row, number of rows) of pieces of a Parquet file, from its
    footer: consecutive row groups together up to about ``chunk_bytes``
    (their uncompressed size), a bigger row group cut into slices of about
    ``chunk_bytes``.  Raises what pyarrow raises for a file it cannot read."""
    import pyarrow.parquet as pq

    meta = pq.read_metadata(path)
    pieces: list[tuple[int, int]] = []
    start = rows = size = 0  # the piece being gathered
    first = 0  # the first row of the row group at hand
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        n, nbytes = group.num_rows, group.total_byte_size
        if rows and size + nbytes > chunk_bytes:
            pieces.append((start, rows))
            rows = size = 0
        if nbytes > chunk_bytes and n > 1:  # a big row group alone, in slices
            slices = -(-nbytes // chunk_bytes)
            per = -(-n // slices)
            pieces += [(first + s, min(per, n - s)) for s in range(0, n, per)]
        elif n:
            if not rows:
                start = first
            rows, size = rows + n, size + nbytes
        first += n
    if rows:
        pieces.append((start, rows))
    return pieces


def _parquet_problem(path: str, err: Exception) -> Problem:
    """The line for a Parquet file that cannot be read, in the words of
    ``ingest.load_file`` where it has them."""
    if isinstance(err, OSError) and not type(err).__module__.startswith("pyarrow"):
        return Problem(path, f"cannot read ({err.strerror or err}), skipped")
    try:
        if os.path.getsize(path) == 0:
            return Problem(path, "empty file, skipped")
    except OSError:
        pass
    reason = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return Problem(path, f"not a readable Parquet file ({reason}), skipped")


def plan_reads(paths: list[str], chunk_bytes: int = CHUNK_BYTES, stdin=None) -> tuple[list[dict], list[tuple[int, Problem]], dict[int, tuple[str, range]]]:
    """Read tasks (dicts), in input order (``ingest.input_files``, as
    ``ingest.load_paths`` reads them): each its ``order``, the high bits of
    the seqs of what it reads; the problems found on the way, each with the
    seq that puts it where the local engine reports it; and the directories,
    each with the range of its tasks' orders (a directory whose tasks give
    no article is reported, as locally).  A big JSONL file is read in pieces
    of whole lines, a Parquet file in pieces of rows (``_parquet_pieces``),
    each piece a task of its own order that numbers its lines or records on
    from the pieces before it, as the local engine numbers them."""
    from .ingest import JSONL_SUFFIXES, input_files, read_stdin

    tasks: list[dict] = []
    problems: list[tuple[int, Problem]] = []
    directories: dict[int, tuple[str, range]] = {}
    for raw in paths:
        base = {"path": raw, "group": "stdin", "offset": 0, "length": 0, "line": 1, "text": ""}
        if raw == "-":
            text = read_stdin(stdin or sys.stdin)  # never more than the limit; None for binary data, as locally
            tasks.append({**base, "order": len(tasks), "kind": "stdin", "text": text})
            continue
        files, found = input_files(raw)
        # after the tasks before it: the path's own problem, or what its folder walk left out
        problems += [((len(tasks) << SEQ_SHIFT) - 1, problem) for problem in found]
        first = len(tasks)
        for path, group in files:
            path = str(path)
            base = {**base, "path": path, "group": group}
            if path.lower().endswith(".parquet"):
                try:
                    pieces = _parquet_pieces(path, chunk_bytes)
                except Exception as err:  # noqa: BLE001 - pyarrow's errors differ by cause; each is one line
                    problems.append(((len(tasks) << SEQ_SHIFT) - 1, _parquet_problem(path, err)))
                    continue
                for first, rows in pieces:  # offset: the piece's first row; line: its first record number
                    tasks.append({**base, "order": len(tasks), "kind": "parquet", "offset": first, "length": rows, "line": first + 1})
            elif Path(path).suffix.lower() in JSONL_SUFFIXES and os.path.getsize(path) > chunk_bytes:
                for offset, length, line in _jsonl_pieces(path, chunk_bytes):
                    tasks.append({**base, "order": len(tasks), "kind": "jsonl", "offset": offset, "length": length, "line": line})
            else:
                tasks.append({**base, "order": len(tasks), "kind": "file"})
        if Path(raw).is_dir():
            if len(tasks) == first:
                problems.append(((len(tasks) << SEQ_SHIFT) - 1, empty_directory(raw)))
            else:
                directories[len(directories)] = (raw, range(first, len(tasks)))
    return tasks, problems, directories


# ---------------------------------------------------------------------------
# Ray Data operators (module functions: pickled by reference)


def _schema():
    import pyarrow as pa

    return pa.schema([
        ("seq", pa.int64()), ("day", pa.int64()), ("kind", pa.string()),
        ("blob", pa.binary()), ("where", pa.string()), ("message", pa.string()),
    ])


def _rows_table(rows: list[tuple]):
    import pyarrow as pa

    schema = _schema()
    columns = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(columns, schema)], schema=schema)


def _parquet_rows(path: str, first: int, count: int, batch_rows: int = 256):
    """The rows ``first`` to ``first + count - 1`` of a Parquet file, as
    dicts: only the row groups that hold them are read, a batch at a time
    (a row group cannot be entered in its middle: the rows before the slice
    are decoded and dropped)."""
    import pyarrow.parquet as pq

    with pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20) as pf:
        groups, row, skip = [], 0, 0
        for g in range(pf.metadata.num_row_groups):
            n = pf.metadata.row_group(g).num_rows
            if n and row + n > first and row < first + count:
                if not groups:
                    skip = first - row
                groups.append(g)
            row += n
        left = count
        for batch in pf.iter_batches(batch_size=batch_rows, row_groups=groups) if groups else ():
            if skip >= batch.num_rows:
                skip -= batch.num_rows
                continue
            batch = batch.slice(skip, left)
            skip = 0
            yield from batch.to_pylist()
            left -= batch.num_rows
            if left <= 0:
                break


def _load_parquet_piece(task: dict, out) -> None:
    """A piece of a Parquet file: its rows are records, keyed and placed
    (``FILE: record N``, N counted from the file's first row) as the local
    engine reads the records of a JSON array."""
    from .ingest import Loaded, _records_to_articles

    path, group, first, count = task["path"], task["group"], task["offset"], task["length"]
    try:
        records = [(f"record {n}", f"{path}: record {n}", r) for n, r in enumerate(_parquet_rows(path, first, count), start=first + 1)]
    except Exception as err:  # noqa: BLE001 - an unreadable piece costs its own line, not the run
        log.warning("%s: rows %d-%d failed: %r", path, first + 1, first + count, err)
        out.problems.append(Problem(f"{path}: records {first + 1}-{first + count}", f"cannot read ({type(err).__name__}: {err}), skipped"))
        return
    try:
        _records_to_articles(records, path, group, out)
    except Exception:  # noqa: BLE001 - a record that breaks the reader costs its own line
        out.articles.clear()
        out.problems.clear()
        for record in records:
            try:
                one = Loaded()
                _records_to_articles([record], path, group, one)
            except Exception as err:  # noqa: BLE001
                log.warning("%s: record failed: %r", record[1], err)
                out.problems.append(Problem(record[1], f"record failed ({type(err).__name__}: {err}), skipped"))
                continue
            out.articles += one.articles
            out.problems += one.problems


def _read_one(task: dict):
    """One read task through ``summarize.ingest``: (articles, problems)."""
    from .ingest import Loaded, _load_jsonl_bytes, load_file, load_stdin

    out = Loaded()
    kind, path, group = task["kind"], task["path"], task["group"]
    if kind == "file":
        load_file(Path(path), group, out)
    elif kind == "jsonl":
        with open(path, "rb") as fh:
            fh.seek(task["offset"])
            data = fh.read(task["length"])
        try:
            _load_jsonl_bytes(data, path, group, out, first_line=task["line"])
        except Exception:  # noqa: BLE001 - a record that breaks the reader costs its own line
            out = Loaded()
            for n, raw in enumerate(data.split(b"\n"), start=task["line"]):
                try:
                    _load_jsonl_bytes(raw, path, group, out, first_line=n)
                except Exception as err:  # noqa: BLE001
                    log.warning("%s:%d: record failed: %r", path, n, err)
                    out.problems.append(Problem(f"{path}:{n}", f"record failed ({type(err).__name__}: {err}), skipped"))
    elif kind == "parquet":
        _load_parquet_piece(task, out)
    elif kind == "stdin":
        load_stdin(task["text"], out)
    return out.articles, out.problems


def read_clean(batch, fault: Callable[[dict], None] | None = None):
    """map_batches: read tasks -> cleaned articles (pickled) and problems."""
    rows = []
    for task in batch.to_pylist():
        if fault is not None:
            fault(task)
        articles, problems = _read_one(task)
        base = task["order"] << SEQ_SHIFT
        for n, article in enumerate(articles):
            day = day_of(article.date)
            rows.append((base + n, UNDATED if day is None else day, "article", pickle.dumps(article, protocol=5), "", ""))
        for n, problem in enumerate(problems):
            rows.append((base + n, UNDATED, "problem", b"", problem.where, problem.message))
    return _rows_table(rows)


def split_sentences(batch):
    """map_batches: ``summarize.segment`` on every article."""
    import pyarrow as pa

    from .segment import segment_article

    blobs = batch.column("blob").to_pylist()
    kinds = batch.column("kind").to_pylist()
    out = []
    for kind, blob in zip(kinds, blobs):
        if kind == "article":
            article = pickle.loads(blob)
            segment_article(article)
            blob = pickle.dumps(article, protocol=5)
        out.append(blob)
    return batch.set_column(batch.schema.get_field_index("blob"), "blob", pa.array(out, type=pa.binary()))


# ---------------------------------------------------------------------------
# the scratch directory: articles written once, by window, read per window


def _scratch_fs(root: str):
    """(filesystem, path) for a local directory or a URI that pyarrow knows
    (s3://, gs://, hdfs://: every node of a cluster must reach it)."""
    import pyarrow.fs as pafs

    if "://" in root:
        return pafs.FileSystem.from_uri(root)
    return pafs.LocalFileSystem(), os.path.abspath(root)


def windows_of(days, window_days: int, overlap_days: int):
    """(window, in its first ``overlap_days`` days) for each day; undated
    articles are the window ``UNDATED``, which has no overlap.  The read
    stage files articles by it and the driver plans the window tasks by it."""
    import numpy as np

    days = np.asarray(days, dtype=np.int64)
    dated = days != UNDATED
    windows = np.where(dated, days // window_days, UNDATED)
    return windows, dated & (days - windows * window_days < overlap_days)


def _window_dir(window: int) -> str:
    return "undated" if window == UNDATED else f"w{window}"


def _write_file(fs, path: str, table) -> None:
    """Write, then move into place: a worker killed mid-write leaves no half file."""
    import uuid

    import pyarrow.parquet as pq

    fs.create_dir(os.path.dirname(path), recursive=True)
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    pq.write_table(table, tmp, filesystem=fs)
    fs.move(tmp, path)


def _read_files(fs, folder: str, prefix: str = "") -> list:
    """The tables of the Parquet files in ``folder`` whose names start with
    ``prefix`` (none when the folder does not exist)."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    infos = fs.get_file_info(pafs.FileSelector(folder, allow_not_found=True))
    names = sorted(i.path for i in infos if i.type == pafs.FileType.File and i.path.endswith(".parquet")
                   and os.path.basename(i.path).startswith(prefix))
    return [pq.read_table(name, filesystem=fs) for name in names]


def spill_articles(batch, scratch: str, window_days: int, overlap_days: int):
    """map_batches: the split articles go to the scratch directory, one file
    per window (``head``: the window's first ``overlap_days`` days, which the
    window before also clusters; ``body``: the rest); only the small columns
    travel on through Ray.  No stage ever holds or shuffles the corpus: a
    window's task reads its own files."""
    import pyarrow as pa
    import pyarrow.compute as pc

    fs, root = _scratch_fs(scratch)
    articles = batch.filter(pc.equal(batch.column("kind"), "article"))
    if articles.num_rows:
        windows, heads = windows_of(articles.column("day").to_numpy(), window_days, overlap_days)
        first = articles.column("seq")[0].as_py()
        rows: dict[tuple[int, str], list[int]] = {}
        for i, (window, head) in enumerate(zip(windows.tolist(), heads.tolist())):
            rows.setdefault((window, "head" if head else "body"), []).append(i)
        for (window, part), index in rows.items():
            table = articles.take(pa.array(index)).select(["seq", "day", "blob"])
            _write_file(fs, f"{root}/articles/{_window_dir(window)}/{part}-{first}-{articles.num_rows}.parquet", table)
    return batch.drop_columns(["blob"])


def cluster_window(batch, scratch: str, threshold: float | None, link: bool):
    """map_batches, one window a task: read the window's articles (and the
    next window's first days, as copies), cluster them (input order kept,
    site chrome stripped within the window, as ``ingest`` does), write the
    window's own articles with their cluster labels for the ranking, and
    return the labels."""
    import pyarrow as pa

    from .cluster import MERGE_THRESHOLD, cluster_articles
    from .ingest import _strip_site_chrome
    from .segment import segment_article

    task = batch.to_pylist()[0]
    window = task["window"]
    fs, root = _scratch_fs(scratch)
    reads = [(f"{root}/articles/{folder}", "", True) for folder in task["homes"]]
    if link and task["next"]:
        reads.append((f"{root}/articles/{task['next']}", "head", False))  # the next window's overlap, as copies
    tables = [t.append_column("home", pa.array([home] * t.num_rows, pa.bool_()))
              for folder, prefix, home in reads for t in _read_files(fs, folder, prefix) if t.num_rows]
    seqs, homes, blobs = [], [], []
    if tables:
        group = pa.concat_tables(tables).sort_by([("seq", "ascending"), ("home", "descending")])
        del tables
        same: set = set()  # the rows of the current seq: a retried task's file may sit beside its first try's
        for seq, home, blob in zip(*(group.column(c).to_pylist() for c in ("seq", "home", "blob"))):
            if seqs and seq != seqs[-1]:
                same = set()
            if (home, blob) in same:
                continue
            same.add((home, blob))
            seqs.append(seq)
            homes.append(home)
            blobs.append(blob)
        del group
    uids = [article_uid(b) for b in blobs]
    articles = [pickle.loads(b) for b in blobs]
    before = [a.text for a in articles]
    _strip_site_chrome(articles)
    for article, text in zip(articles, before):
        if article.text != text:
            segment_article(article)
    label_of = {}
    for label, members in enumerate(cluster_articles(articles, threshold or MERGE_THRESHOLD)):
        for a in members:
            label_of[id(a)] = label
    labels = [label_of[id(a)] for a in articles]
    own = [i for i, h in enumerate(homes) if h]
    _write_file(fs, f"{root}/clustered/{_window_dir(window)}.parquet", pa.table({
        "seq": pa.array([seqs[i] for i in own], pa.int64()),
        "label": pa.array([labels[i] for i in own], pa.int64()),
        "blob": pa.array([pickle.dumps(articles[i], protocol=5) for i in own], pa.binary()),
    }))
    return pa.table({
        "seq": pa.array(seqs, pa.int64()),
        "uid": pa.array(uids, pa.int64()),
        "window": pa.array([window] * len(seqs), pa.int64()),
        "label": pa.array(labels, pa.int64()),
        "home": pa.array(homes, pa.bool_()),
    })


def article_uid(blob: bytes) -> int:
    """A 64-bit digest of an article's stored bytes.  With its seq it names
    one article in ``overlap_pairs``.  Seqs are unique (the read task's
    order, the article's number in it); the digest is a second key that
    costs 8 bytes an article, so that a copy pairs only with a home row of
    the same bytes even where two rows ever share a seq (Parquet rows had
    hashed seqs once, and 31 bits of hash collide about 230 times in a
    million rows)."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(blob, digest_size=8).digest(), "little", signed=True)


def overlap_pairs(seq, uid, code, home):
    """(home cluster, copy cluster) of every overlap article: the rows of one
    article (the same seq and uid) are its home row and, if it lies in the
    next window's overlap, its copy.  Inputs: one row per clustered article
    row, as the cluster tasks return them (``code``: ``_code(window, label)``)."""
    import numpy as np

    order = np.lexsort((~home, uid, seq))  # per article: its home row first, then its copy
    seq, uid, code, home = seq[order], uid[order], code[order], home[order]
    copies = np.nonzero(~home)[0]
    copies = copies[copies > 0]
    copies = copies[(seq[copies - 1] == seq[copies]) & (uid[copies - 1] == uid[copies]) & home[copies - 1]]
    return code[copies - 1], code[copies]


def _code(window, label):
    return (window.astype("int64") + (1 << 40)) * (1 << 22) + label.astype("int64")


def rank_stories(batch, scratch: str, options: Options, keep_story: bool):
    """map_batches, one task per group of stories that start in the same
    window: read the clustered files of the windows they span, keep their
    articles, and build each story in input order (``build_story``)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .pipeline import build_story, focus_order
    from .render import story_to_dict

    task = batch.to_pylist()[0]
    fs, root = _scratch_fs(scratch)
    codes = np.asarray(task["codes"], dtype=np.int64)  # sorted (window, label) codes of the task's stories
    story_of = np.asarray(task["stories"], dtype=np.int64)  # the story of each code
    members: dict[int, list[tuple[int, bytes]]] = {}
    for window in task["windows"]:  # every window task wrote its file, so each is there
        table = pq.read_table(f"{root}/clustered/{_window_dir(window)}.parquet", filesystem=fs)
        code = _code(np.full(table.num_rows, window, dtype=np.int64), table.column("label").to_numpy())
        at = np.minimum(np.searchsorted(codes, code), len(codes) - 1)  # a task has at least one story
        seqs = table.column("seq").to_numpy()
        blob = table.column("blob")
        for i in np.nonzero(codes[at] == code)[0]:
            members.setdefault(int(story_of[at[i]]), []).append((int(seqs[i]), blob[int(i)].as_py()))
    out = {k: [] for k in SORT_KEYS + ["json", "story"]}
    for rows in members.values():
        rows.sort(key=lambda r: r[0])
        story = build_story([pickle.loads(b) for _, b in rows], options)
        focus = focus_order(story) if options.focus else (0, 0.0)
        for key, value in zip(SORT_KEYS, (focus[0], float(focus[1]), -len(story.families or story.articles), -story.outlets_counting_unknown,
                                          -len(story.articles), story.headline, rows[0][0])):
            out[key].append(value)
        out["json"].append(json.dumps(story_to_dict(story), ensure_ascii=False))
        out["story"].append(pickle.dumps(story, protocol=5) if keep_story else b"")
    types = [pa.int64(), pa.float64(), pa.int64(), pa.int64(), pa.int64(), pa.string(), pa.int64(), pa.string(), pa.binary()]
    return pa.table({k: pa.array(v, t) for (k, v), t in zip(out.items(), types)})


SORT_KEYS = ["focus0", "focus1", "k1", "k2", "k3", "headline", "first"]


class Abstractive:
    """Actor: one model per actor; each story gets its abstractive summary
    (tests/test_scale.py runs two, on a tiny random model built there)."""

    def __init__(self, model: str | None, mode: str | None, max_words: int | None, show_unsupported: bool,
                 fault: Callable[[], None] | None = None):
        from .pipeline import load_condenser

        self.condenser = load_condenser(model)
        self.mode, self.max_words, self.show_unsupported = mode, max_words, show_unsupported
        self.fault = fault  # called before each batch (tests kill the actor from it)

    def __call__(self, batch):
        import pyarrow as pa

        if self.fault is not None:
            self.fault()

        from .pipeline import abstractive_summary
        from .render import story_to_dict

        stories, texts = [], []
        for blob in batch.column("story").to_pylist():
            story = pickle.loads(blob)
            story.abstractive = abstractive_summary(
                story, self.condenser, mode=self.mode, max_words=self.max_words, show_unsupported=self.show_unsupported
            )
            stories.append(pickle.dumps(story, protocol=5))
            texts.append(json.dumps(story_to_dict(story), ensure_ascii=False))
        batch = batch.set_column(batch.schema.get_field_index("json"), "json", pa.array(texts, pa.string()))
        batch = batch.set_column(batch.schema.get_field_index("story"), "story", pa.array(stories, pa.binary()))
        import ray

        # the actor's id, not its pid: two machines can run actors with one pid
        return batch.append_column("actor", pa.array([ray.get_runtime_context().get_actor_id()] * len(stories), pa.string()))


# ---------------------------------------------------------------------------
# the driver


# How long to wait for a cluster's head to answer before saying it cannot be
# reached: Ray itself retries for minutes, printing a warning line a second.
CONNECT_SECONDS = 10


def _reachable(address: str) -> None:
    """Fail in one line when ``--address HOST:PORT`` (or ray://HOST:PORT)
    does not answer ("auto" and the like are Ray's to resolve)."""
    import socket

    where = address.split("://", 1)[-1]
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_SECONDS).close()
    except OSError as err:
        raise RaySetupError(
            f"no Ray cluster answers at {address} ({err.strerror or err}); start one there (ray start --head) "
            "or leave out --address for a local Ray"
        ) from None


def start_ray(address: str | None = None, num_cpus: int | None = None) -> None:
    """Join ``address`` (a running cluster: ``ray start --head``), else start a
    local Ray for this run with the machine's CPUs (and the object store size
    of ``OBJECT_STORE_ENV``, if set); reuse one already started."""
    try:
        import ray
    except ImportError:
        raise RayMissing("--engine ray needs Ray: pip install -e '.[scale]' (the scale extra)") from None
    if not ray.is_initialized():
        kwargs = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
        if address:
            _reachable(address)
            ray.init(address=address, **kwargs)
        else:
            store = object_store_bytes()
            if store:
                kwargs["object_store_memory"] = store
            ray.init(num_cpus=num_cpus or os.cpu_count(), **kwargs)
    logging.getLogger("ray").setLevel(logging.ERROR)
    import ray.data

    # Importing ray.data configures its loggers afresh: its console handler
    # prints every dataset's plan and timing at INFO, between our progress bar
    # and the user's output. Ray's own log files keep them; the terminal shows
    # them only with --debug.
    for handler in logging.getLogger("ray.data").handlers:
        if handler.name == "console":
            handler.setLevel(logging.INFO if log.isEnabledFor(logging.DEBUG) else logging.ERROR)

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    # The stages are materialised (every split article is kept for the
    # windows), so their output is the corpus.  Ray Data's budget for it is
    # half the object store, past which it runs one task at a time instead of
    # letting Ray spill to disk: 1,000,000 articles on this machine went
    # from two read tasks to one at 3.5 GB (bench/README.md, "Scale on Ray").
    ctx.override_object_store_memory_limit_fraction = STORE_BUDGET_FRACTION
    try:  # task-based sort shuffle: no aggregator actors to start (seconds on a small machine)
        from ray.data.context import ShuffleStrategy

        ctx.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    except (ImportError, AttributeError):
        pass


class _Clock:
    """Seconds since the last call, into ``stages[name]`` (and the log)."""

    def __init__(self, stages: dict):
        import time

        self.stages, self.time = stages, time.perf_counter
        self.last = self.time()

    def __call__(self, name: str) -> None:
        now = self.time()
        self.stages[name] = round(now - self.last, 3)
        self.last = now
        log.info("ray engine: %s %.2f s", name, self.stages[name])


def link_pairs(home_codes, copy_codes) -> list[tuple[int, int]]:
    """Cluster pairs to join across a window boundary.  Each overlap article
    is in a cluster of its home window (``home_codes[i]``) and, as a copy, in
    one of the window before (``copy_codes[i]``).  Two clusters are joined
    when the articles they share are at least half of the overlap articles of
    each: an article or two that the two windows cluster differently do not
    chain two stories together (single-link chaining over every shared
    article merged 147 stories into 83 on the 10,000-article scale pile)."""
    import numpy as np

    home_codes = np.asarray(home_codes, dtype=np.int64)
    copy_codes = np.asarray(copy_codes, dtype=np.int64)
    if home_codes.size == 0:
        return []
    pairs, shared = np.unique(np.stack([home_codes, copy_codes], axis=1), axis=0, return_counts=True)
    homes, home_n = np.unique(home_codes, return_counts=True)
    copies, copy_n = np.unique(copy_codes, return_counts=True)
    n_home = home_n[np.searchsorted(homes, pairs[:, 0])]
    n_copy = copy_n[np.searchsorted(copies, pairs[:, 1])]
    keep = 2 * shared >= np.maximum(n_home, n_copy)
    return [(int(a), int(b)) for a, b in pairs[keep]]


class _Union:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


@dataclass(frozen=True)
class _RunSettings:
    """What ``run_ray`` was asked for, as the stages read it."""

    options: Options
    window_days: int
    overlap_days: int
    link: bool
    output: str | None
    keep_stories: bool
    abstractive: dict | None


def run_ray(
    paths: list[str],
    options: Options | None = None,
    *,
    address: str | None = None,
    window_days: int = WINDOW_DAYS,
    overlap_days: int = OVERLAP_DAYS,
    link: bool = True,
    chunk_bytes: int | None = None,
    output: str | None = None,
    keep_stories: bool = True,
    abstractive: dict | None = None,
    stdin=None,
    fault: Callable[[dict], None] | None = None,
) -> RayResult:
    """The Ray engine.  ``output`` ending in .jsonl / .parquet: the stories are
    written there, one per line / row, in order (nothing is kept in memory).
    ``abstractive``: keyword arguments of ``Abstractive`` (model, mode, ...),
    plus ``actors``.  ``fault``: called in every read task (tests kill the
    worker from it)."""
    start_ray(address)  # first: without Ray, the one line saying what to install
    import ray.data as rd

    options = options or Options(cluster=True)
    result = RayResult()
    if options.seen and options.seen_read is None:
        from .pipeline import load_seen

        options.seen_read, result.problems = load_seen(options.seen)
    tasks, planned, directories = plan_reads(paths, chunk_bytes or CHUNK_BYTES, stdin=stdin)
    # (seq, rank, problem): sorted, the local engine's order of problem lines
    found = [(seq, 2, problem) for seq, problem in planned]
    if not tasks:
        result.problems += [p for _, _, p in found]
        return result
    ds = rd.from_items(tasks, override_num_blocks=len(tasks)).map_batches(
        read_clean, batch_size=1, batch_format="pyarrow", fn_kwargs={"fault": fault}
    )
    clock = _Clock(result.stages)
    scratch = _make_scratch()
    try:
        settings = _RunSettings(options, window_days, overlap_days, link, output, keep_stories, abstractive)
        return _run_stages(ds, scratch, settings, result, clock, found, directories)
    finally:
        _remove_scratch(scratch)


def _make_scratch() -> str:
    """A fresh scratch directory under ``SCRATCH_ENV`` (a path or URI every
    node reaches), else under the local temporary directory."""
    import tempfile
    import uuid

    base = os.environ.get(SCRATCH_ENV, "").strip()
    if not base:
        import ray

        if len([n for n in ray.nodes() if n.get("Alive")]) > 1:
            raise RaySetupError(f"a Ray cluster of several machines needs {SCRATCH_ENV}: a directory or URI (s3://...) that every node can reach")
        return tempfile.mkdtemp(prefix="summarize-ray-")
    if "://" not in base:
        base = os.path.abspath(base)  # the workers' working folder is not the driver's
    name = f"summarize-ray-{uuid.uuid4().hex}"
    try:
        fs, root = _scratch_fs(base)
        fs.create_dir(f"{root.rstrip('/')}/{name}", recursive=True)
    except Exception as err:  # noqa: BLE001 - pyarrow's errors differ by filesystem; each is one line for the user
        raise RaySetupError(f"{SCRATCH_ENV}={base}: cannot make a folder there ({err})") from None
    return f"{base.rstrip('/')}/{name}"


def _remove_scratch(scratch: str) -> None:
    try:
        fs, root = _scratch_fs(scratch)
        fs.delete_dir(root)
    except Exception as err:  # noqa: BLE001 - a scratch left behind is worth a log line, not a failed run
        log.warning("could not remove the scratch directory %s: %s", scratch, err)


def _run_stages(ds, scratch, run: _RunSettings, result, clock, found, directories) -> RayResult:
    """The stages after the read plan: split and spill, cluster each window,
    link, rank, and optionally summarise with the model."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import ray
    import ray.data as rd

    ds = (
        ds.map_batches(split_sentences, batch_format="pyarrow")
        .map_batches(spill_articles, batch_format="pyarrow",
                     fn_kwargs={"scratch": scratch, "window_days": run.window_days, "overlap_days": run.overlap_days})
        .materialize()
    )
    clock("read_clean_split")
    table = pa.concat_tables(list(ds.iter_batches(batch_format="pyarrow")))  # (seq, day, kind, where, message): no text
    del ds
    is_article = pc.equal(table.column("kind"), "article")
    bad = table.filter(pc.invert(is_article))
    found += [(r["seq"], 0, Problem(r["where"], r["message"])) for r in bad.select(["seq", "where", "message"]).to_pylist()]
    articles = table.filter(is_article)
    seqs, days = articles.column("seq").to_numpy(), articles.column("day").to_numpy()
    del table, bad, articles, is_article
    orders = np.unique(seqs >> SEQ_SHIFT)
    for raw, span in directories.values():
        if not np.any((orders >= span.start) & (orders < span.stop)):
            found.append(((span.stop << SEQ_SHIFT) - 1, 1, empty_directory(raw)))
    result.problems += [p for _, _, p in sorted(found, key=lambda x: (x[0], x[1]))]
    result.articles = int(days.size)
    if not result.articles:
        return result
    windows, heads = windows_of(days, run.window_days, run.overlap_days)
    dated = days != UNDATED
    dated_windows = np.unique(windows[dated])
    # one block, as the local engine, when every dated article falls in one
    # window or when most articles carry no usable date (time says nothing then)
    if dated_windows.size <= 1 or int(dated.sum()) * 2 < days.size:
        present = [_window_dir(w) for w in np.unique(windows).tolist()]
        jobs = [{"window": int(dated_windows[0]) if dated_windows.size else 0, "homes": present, "next": ""}]
    else:
        homes = set(dated_windows.tolist())
        overlapped = np.unique(windows[heads]).tolist() if run.link else []  # their window before clusters them too
        windows = sorted(homes | {w - 1 for w in overlapped})
        jobs = [{"window": w, "homes": [_window_dir(w)] if w in homes else [], "next": _window_dir(w + 1)} for w in windows]
        if not dated.all():
            jobs.append({"window": UNDATED, "homes": [_window_dir(UNDATED)], "next": ""})
    del seqs, days, dated, heads
    clustered = (
        rd.from_items(jobs, override_num_blocks=len(jobs))
        .map_batches(cluster_window, batch_size=1, batch_format="pyarrow",
                     fn_kwargs={"scratch": scratch, "threshold": run.options.cluster_threshold, "link": run.link})
        .materialize()
    )
    clock("cluster_windows")
    # link clusters across windows: an overlap article's two clusters are one story
    labels = list(clustered.iter_batches(batch_format="numpy"))
    del clustered
    seq = np.concatenate([b["seq"] for b in labels])
    uid = np.concatenate([b["uid"] for b in labels])
    window = np.concatenate([b["window"] for b in labels])
    label = np.concatenate([b["label"] for b in labels])
    home = np.concatenate([b["home"] for b in labels])
    del labels
    code = _code(window, label)
    result.windows = int(np.unique(window).size)
    keys = np.unique(code)
    union = _Union()
    for a, b in link_pairs(*overlap_pairs(seq, uid, code, home)):
        result.links += union.union(a, b)
    roots = np.array([union.find(int(k)) for k in keys], dtype=np.int64)
    clock("link")

    # rank: the stories, grouped by the first window they have articles in;
    # each task reads only the windows its stories span
    code, window = code[home], window[home]
    story = roots[np.searchsorted(keys, code)]
    # one row per cluster: its story, its code, its window (sorted by story)
    c_story, c_code, c_window = np.unique(np.stack([story, code, window], axis=1), axis=0).T
    stories, starts = np.unique(c_story, return_index=True)
    c_first = np.minimum.reduceat(c_window, starts)[np.searchsorted(stories, c_story)]
    order = np.lexsort((c_code, c_first))  # by first window, then code: each task's codes come sorted
    jobs = [
        {"codes": c_code[part].tolist(), "stories": c_story[part].tolist(), "windows": np.unique(c_window[part]).tolist()}
        for part in np.split(order, np.flatnonzero(np.diff(c_first[order])) + 1)
    ]
    several = len(stories) > 1  # then each story weighs only the seen articles about it
    del c_story, c_code, c_window, c_first, seq, uid, code, home, window, story
    keep = run.keep_stories and not (run.output and _file_output(run.output))
    stories = rd.from_items(jobs, override_num_blocks=len(jobs)).map_batches(
        rank_stories, batch_size=1, batch_format="pyarrow",
        fn_kwargs={
            "scratch": scratch, "options": replace(run.options, seen_by_story=several),
            "keep_story": keep or bool(run.abstractive),
        },
    )
    if run.abstractive:
        spec = dict(run.abstractive)
        actors = spec.pop("actors", None) or 1
        per_actor = spec.pop("cpus_per_actor", None) or 1
        resources = ray.cluster_resources()
        gpus = 1 if resources.get("GPU", 0) >= 1 else 0
        if not gpus:
            # actors hold their CPUs for the whole run: leave one to the stages that feed them,
            # or the pool waits for stories that no free CPU can build
            room = max(1, int((resources.get("CPU", 1) - 1) / per_actor))
            if actors > room:
                log.warning("abstractive: %d actors asked, %d fit beside the other stages", actors, room)
                actors = room
        stories = stories.repartition(actors * BLOCKS_PER_ACTOR).map_batches(
            Abstractive, batch_size=1, batch_format="pyarrow", fn_constructor_kwargs=spec,
            concurrency=actors, num_gpus=gpus, num_cpus=0 if gpus else per_actor,
        )
    stories = stories.sort(SORT_KEYS)
    if run.output and _file_output(run.output):
        result.written = write_stories(stories, run.output)
        clock("rank_sort_write")
        return result
    actors_seen: set[str] = set()
    for batch in stories.iter_batches(batch_format="pyarrow"):
        if "actor" in batch.schema.names:
            actors_seen.update(batch.column("actor").to_pylist())
        for text, blob in zip(batch.column("json").to_pylist(), batch.column("story").to_pylist()):
            result.story_dicts.append(json.loads(text))
            if keep:
                result.stories.append(pickle.loads(blob))
    result.model_actors = len(actors_seen)
    if run.abstractive:
        log.info("abstractive: %d actor(s) wrote summaries", result.model_actors)
    clock("rank_sort_collect")
    return result


def _file_output(path: str) -> bool:
    return path.lower().endswith((".jsonl", ".parquet"))


def write_stories(stories, output: str) -> int:
    """The stories in order, one JSON object a line (.jsonl) or one row each
    (.parquet: id, headline, articles, story = the story's JSON), written to
    a temporary file beside ``output`` and renamed over it
    (``output.replacing``)."""
    from .output import replacing

    written = 0
    with replacing(output) as tmp:
        if output.lower().endswith(".jsonl"):
            with open(tmp, "w", encoding="utf-8") as fh:
                for batch in stories.iter_batches(batch_format="pyarrow"):
                    for text in batch.column("json").to_pylist():
                        fh.write(text + "\n")
                        written += 1
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([("id", pa.string()), ("headline", pa.string()), ("articles", pa.int64()), ("story", pa.string())])
            with pq.ParquetWriter(tmp, schema) as writer:
                for batch in stories.iter_batches(batch_format="pyarrow"):
                    texts = batch.column("json").to_pylist()
                    dicts = [json.loads(t) for t in texts]
                    writer.write_table(pa.table({
                        "id": [d["id"] for d in dicts], "headline": [d["headline"] for d in dicts],
                        "articles": [len(d["articles"]) for d in dicts], "story": texts,
                    }, schema=schema))
                    written += len(texts)
    return written


# ---------------------------------------------------------------------------
# the command line (summarize --engine ray; cli.py routes here)


def run_cli(args, fmt: str) -> int:
    from .output import EXIT_FAILURE, EXIT_OK, emit, refuse, render_output, say, say_copies_left_out, say_problems, say_story_notes
    if not args.cluster:
        return refuse("--engine ray finds the stories itself: give --cluster")
    if args.tui or args.compare:
        return refuse("--engine ray does not do --tui or --compare; use the local engine")
    options = Options(
        cluster=True, max_words=args.max_words, max_sentences=args.max_sentences, focus=args.focus, seen=args.seen
    )
    abstractive = None
    if args.abstractive or args.abstractive_mode or args.show_unsupported or args.model:  # each implies it, as locally
        abstractive = {"model": args.model, "mode": args.abstractive_mode, "max_words": args.max_words,
                       "show_unsupported": args.show_unsupported}
    try:
        result = run_ray(
            args.paths, options, address=args.address, output=args.output, abstractive=abstractive,
            keep_stories=fmt != "json",  # JSON is written from the stories' dicts: the objects need not travel
        )
    except RaySetupError as err:
        say(f"summarize: error: {err}")
        return EXIT_FAILURE
    if args.timing:  # the stages' seconds, one JSON line (stderr with no FILE)
        line = json.dumps({"engine": "ray", "articles": result.articles, "windows": result.windows, "links": result.links, **result.stages})
        if args.timing == "-":
            say(f"summarize: timing {line}")
        else:
            with open(args.timing, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
    say_problems(result.problems)  # as the local engine says them
    say_story_notes([(d["headline"], d["summary"].get("note")) for d in result.story_dicts])  # as the local engine says them
    if result.story_dicts:  # (a .jsonl / .parquet output keeps no stories to count)
        say_copies_left_out(copies_left_out(result.articles, (len(d["articles"]) for d in result.story_dicts)))
    if args.output and _file_output(args.output):
        if not result.written:
            print("summarize: error: no usable article in the input", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_FAILURE if failed(result.problems) else EXIT_OK
    if not result.story_dicts:
        print("summarize: error: no usable article in the input", file=sys.stderr)
        return EXIT_FAILURE
    if fmt == "json":
        text = json.dumps({"stories": result.story_dicts}, ensure_ascii=False, indent=2) + "\n"
    else:
        text = render_output(result.stories, fmt, quotes=args.quotes, compare=args.compare)
    if not emit(text, args.output):
        return EXIT_FAILURE
    return EXIT_FAILURE if failed(result.problems) else EXIT_OK
