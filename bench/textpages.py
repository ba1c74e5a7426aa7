"""python -m bench.textpages [--data DIR] [--split]

Boilerplate removal on saved-as-text web pages (no HTML), scored the way
trafilatura scores itself: each ``with`` snippet found in a system's output
is a true positive (else a false negative), each ``without`` snippet found
is a false positive (else a true negative); precision, recall and F1 over
all snippets of all pages.  Data: ../shared/data/textpages/dev.jsonl (see
../shared/data/README.md).  Systems: no cleaning, keep lines of 70+
characters, trafilatura and jusText on the text wrapped in ``<p>`` per line,
and ours (``summarize.clean.clean_text``).  Rows: all pages, the English
news pages (``news`` true) and, with ``--split``, the even and odd pages.

``--newswire`` instead measures what the cleaner takes from clean newswire:
every article of the DUC and TAC sets in ../shared/data, the articles it
empties although they have a sentence of 8+ words, and the share of
characters it removes.
"""

from __future__ import annotations

import argparse
import html
import json
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent

# jusText's stop lists by the data set's ``lang`` names ("other": guessed).
_JUSTEXT_LANG = {
    "German": "German", "English": "English", "Spanish": "Spanish", "French": "French",
    "Polish": "Polish", "Italian": "Italian", "Portuguese": "Portuguese", "Finnish": "Finnish",
}


def load(data: str | None = None) -> list[dict]:
    base = Path(data) if data else ROOT.parent / "shared" / "data"
    with open(base / "textpages" / "dev.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def wrap(text: str) -> str:
    """The saved text as an HTML page: one ``<p>`` per non-empty line."""
    paras = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    return f"<html><body>\n{paras}</body></html>"


def no_cleaning(page: dict) -> str:
    return page["text"]


def seventy_chars(page: dict) -> str:
    return "\n".join(line for line in page["text"].split("\n") if len(line.strip()) >= 70)


def trafilatura_wrapped(page: dict) -> str:
    import trafilatura

    return trafilatura.extract(wrap(page["text"])) or ""


def justext_wrapped(page: dict) -> str:
    import justext

    lang = _JUSTEXT_LANG.get(page["lang"])
    if lang is None:
        from summarize.clean import guess_stoplist

        stoplist = guess_stoplist(page["text"])
    else:
        stoplist = justext.get_stoplist(lang)
    paragraphs = justext.justext(wrap(page["text"]).encode("utf-8"), stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def ours(page: dict) -> str:
    from summarize.clean import clean_text

    return clean_text(page["text"]).text


SYSTEMS: dict[str, Callable[[dict], str]] = {
    "no cleaning": no_cleaning,
    "keep lines of 70+ characters": seventy_chars,
    "trafilatura on the text wrapped in <p>": trafilatura_wrapped,
    "jusText on the same wrapped text": justext_wrapped,
    "ours (summarize.clean.clean_text)": ours,
}


def score(page: dict, output: str) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) for one page, as trafilatura's tests/comparison.py
    counts, with runs of white space (no-break spaces included) made one
    space on both sides, so that a cleaner that normalises space is not
    penalised for it."""
    output = " ".join(output.split())
    tp = sum(" ".join(s.split()) in output for s in page["with"])
    fp = sum(" ".join(s.split()) in output for s in page["without"])
    return tp, len(page["with"]) - tp, fp, len(page["without"]) - fp


def prf(tp: int, fn: int, fp: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def run(pages: list[dict], systems: dict[str, Callable[[dict], str]] | None = None, split: bool = False) -> list[dict]:
    systems = systems or SYSTEMS
    subsets: dict[str, list[int]] = {
        f"all ({len(pages)})": list(range(len(pages))),
        f"English news ({sum(p['news'] for p in pages)})": [i for i, p in enumerate(pages) if p["news"]],
    }
    if split:
        subsets[f"even pages ({len(pages[0::2])})"] = list(range(0, len(pages), 2))
        subsets[f"odd pages ({len(pages[1::2])})"] = list(range(1, len(pages), 2))
    rows = []
    for name, system in systems.items():
        system(pages[0])  # imports and first-call set-up are not timed
        outputs, seconds = [], []
        for page in pages:
            t = time.perf_counter()
            outputs.append(system(page))
            seconds.append(time.perf_counter() - t)
        for label, idx in subsets.items():
            counts = [score(pages[i], outputs[i]) for i in idx]
            tp, fn, fp = (sum(c[k] for c in counts) for k in range(3))
            p, r, f = prf(tp, fn, fp)
            empty = sum(1 for i in idx if not outputs[i].strip())
            rows.append({
                "system": name, "pages": label, "precision": p, "recall": r, "f1": f,
                "empty": empty, "pages_per_s": len(idx) / max(sum(seconds[i] for i in idx), 1e-9),
            })
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| system, on the saved text | pages | precision | recall | F1 | empty outputs | pages / s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    order = list(dict.fromkeys(r["pages"] for r in rows))
    for r in sorted(rows, key=lambda r: order.index(r["pages"])):
        lines.append(
            f"| {r['system']} | {r['pages']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | "
            f"{r['empty']} | {r['pages_per_s']:.0f} |"
        )
    return "\n".join(lines)


_SENTENCE = __import__("re").compile(r"[^.!?]*[.!?]")


def newswire(data: str | None = None) -> str:
    """Articles of the DUC/TAC sets emptied by the cleaner, and characters removed."""
    from summarize.clean import clean_text

    base = Path(data) if data else ROOT.parent / "shared" / "data"
    lines = ["| set | articles | emptied with an 8+ word sentence | characters removed |", "|---|---:|---:|---:|"]
    total = [0, 0, 0, 0]
    for path in sorted(base.glob("*/*.jsonl")):
        if not path.parent.name.startswith(("duc", "tac")) or path.name == "peers.jsonl":
            continue
        n = dropped = raw_chars = kept_chars = 0
        for line in path.open(encoding="utf-8"):
            for doc in json.loads(line).get("docs", []):
                raw = doc["text"]
                cleaned = clean_text(raw).text
                n += 1
                raw_chars += len(" ".join(raw.split()))
                kept_chars += len(" ".join(cleaned.split()))
                if not cleaned.strip() and any(len(s.split()) >= 8 for s in _SENTENCE.findall(raw)):
                    dropped += 1
                    print(f"emptied: {path.parent.name} {doc.get('id')}: {raw[:100]!r}")
        total = [total[0] + n, total[1] + dropped, total[2] + raw_chars, total[3] + kept_chars]
        lines.append(f"| {path.parent.name}/{path.name} | {n} | {dropped} | {1 - kept_chars / max(raw_chars, 1):.2%} |")
    lines.append(f"| all | {total[0]} | {total[1]} | {1 - total[3] / max(total[2], 1):.2%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.textpages", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the data folder (default ../shared/data)")
    parser.add_argument("--split", action="store_true", help="also score the even and odd pages apart")
    parser.add_argument("--newswire", action="store_true", help="instead: what the cleaner removes from DUC/TAC newswire")
    parser.add_argument("--only", default=None, help="comma list of systems by a word of their name (e.g. ours,70)")
    args = parser.parse_args(argv)
    if args.newswire:
        print(newswire(args.data))
        return 0
    systems = SYSTEMS
    if args.only:
        words = [w.strip().lower() for w in args.only.split(",")]
        systems = {k: v for k, v in SYSTEMS.items() if any(w in k.lower() for w in words)}
    print(table(run(load(args.data), systems, split=args.split)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
