"""Extractive vs abstractive, side by side (``summarize --compare``).

``compare_stats(story)`` gives per-story figures: words, sentences supported
by the sources, sources cited (and independent sources) for each version, and
how much the two agree (ROUGE-L F1 and content-word F1 between the two texts,
and the share of abstractive sentences that restate an extractive one).
``render_compare(stories, fmt)`` shows both versions with citation marks and
unsupported sentences marked, for fmt "text" (two columns sized to the
terminal) or "markdown" (a two-column table plus a stats table).
"""

from __future__ import annotations

import copy
import re
import shutil
import textwrap

from .attribute import attribute
from .lexicon import content_stems, count_sources, source_map, stem, words
from .records import Story, Summary
from .render import (
    citation_marks,
    citation_numbers,
    display_text,
    escape_markdown,
    headline_lines,
    nearest_sources,
    shown_origin,
    source_list_markdown,
    source_list_text,
)

__all__ = ["compare_stats", "render_compare", "agreement"]

def _tokens(text: str) -> list[str]:
    """Every word, stemmed, stop words kept: the sequence ROUGE-L compares."""
    return [stem(w.lower()) for w in words(text)]


def _lcs(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b, start=1):
            cur.append(prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _f1(p_num: float, p_den: float, r_num: float, r_den: float) -> float:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def agreement(extractive: Summary, abstractive: Summary) -> dict:
    """How much two summaries say the same thing (symmetric figures, 0..1)."""
    a, b = _tokens(extractive.text), _tokens(abstractive.text)
    lcs = _lcs(a, b)
    rouge_l = _f1(lcs, len(b), lcs, len(a))
    ca, cb = content_stems(extractive.text), content_stems(abstractive.text)
    common = sum(min(ca.count(t), cb.count(t)) for t in set(ca) & set(cb))
    token_f1 = _f1(common, len(cb), common, len(ca))
    ext_sets = [set(content_stems(s.text)) for s in extractive.sentences]
    aligned = 0
    for s in abstractive.sentences:
        stems = set(content_stems(s.text))
        if stems and any(len(stems & e) / len(stems) >= 0.5 for e in ext_sets):
            aligned += 1
    n = len(abstractive.sentences)
    return {
        "rouge_l": round(rouge_l, 3),
        "token_f1": round(token_f1, 3),
        "aligned_sentences": aligned,
        "aligned_share": round(aligned / n, 3) if n else 0.0,
    }


def _attributed(summary: Summary, story: Story) -> Summary:
    if all(s.supported is not None for s in summary.sentences):
        return summary
    return attribute(copy.deepcopy(summary), story.articles, story.families or None)


def _version_stats(summary: Summary, story: Story) -> dict:
    summary = _attributed(summary, story)
    cited = sorted({c.article for s in summary.sentences for c in s.citations if s.supported})
    return {
        "method": summary.method,
        "model": summary.model,
        "words": summary.words,
        "sentences": len(summary.sentences),
        "supported": sum(1 for s in summary.sentences if s.supported),
        "flagged": sum(1 for s in summary.sentences if s.flags),
        "fused": sum(1 for s in summary.sentences if s.origin == "fused" and s.supported),
        # of the fused, those whose sentence one article alone reports
        "shortened": sum(1 for s in summary.sentences if shown_origin(s) == "shortened" and s.supported),
        "kept": sum(1 for s in summary.sentences if s.origin == "kept"),
        # --show-unsupported: rewrites that failed the check, shown anyway
        "failed_shown": sum(1 for s in summary.sentences if s.origin == "fused" and not s.supported),
        "sources": len(cited),
        "independent_sources": count_sources(cited, source_map(story)),
    }


def compare_stats(story: Story) -> dict:
    """Figures for one story; ``abstractive``/``agreement`` are None when the
    story has no abstractive summary.  Sources count only the citations of
    supported sentences."""
    out = {
        "story": story.id,
        "headline": story.headline,
        "extractive": _version_stats(story.summary, story),
        "abstractive": None,
        "agreement": None,
    }
    if story.abstractive is not None:
        out["abstractive"] = _version_stats(story.abstractive, story)
        out["agreement"] = agreement(story.summary, story.abstractive)
    return out


# ---------------------------------------------------------------------------
# rendering




ORIGIN_NOTES = {
    "fused": "fused: rewritten from the sources cited, checked against them",
    "shortened": "shortened: rewritten from the one source cited, checked against it",
    "kept": "kept: the model's rewrite failed the check, so the extractive sentence stands",
}


def _sentence_label(s, numbers: dict[str, int]) -> tuple[str, str]:
    """(sentence with marks, note) — the note says whether the model's rewrite
    was fused or kept, and why an unsupported one fails."""
    marks = citation_marks(numbers, s)
    if s.supported is False:
        why = "; ".join(s.flags)  # attribution flags every unsupported sentence
        return f"✗ {display_text(s.text)}", f"UNSUPPORTED: {why}{nearest_sources(numbers, s)}"
    return f"{display_text(s.text)} {marks}".rstrip(), ORIGIN_NOTES.get(shown_origin(s) or "", "")


def _stats_rows(stats: dict) -> list[tuple[str, str, str]]:
    e, a = stats["extractive"], stats["abstractive"]

    def both(fn):
        return fn(e), (fn(a) if a else "—")

    rows = [
        ("words", *both(lambda v: str(v["words"]))),
        ("supported sentences", *both(lambda v: f"{v['supported']}/{v['sentences']}")),
        ("sentences flagged", *both(lambda v: str(v["flagged"]))),
        ("fused / kept", "—", _fused_kept(a)),
        ("sources cited", *both(lambda v: f"{v['sources']} ({v['independent_sources']} independent)")),
    ]
    return rows


def _fused_kept(a: dict | None) -> str:
    """Fused and kept sentences; a story written whole has neither."""
    if not a:
        return "—"
    if not (a["fused"] or a["kept"] or a["failed_shown"]):
        return "— (written whole)"
    out = f"{a['fused']} / {a['kept']}"
    if a.get("shortened"):
        out += f" ({a['shortened']} of the fused shortened from one source)"
    if a["failed_shown"]:
        out += f" · {a['failed_shown']} failed the check, shown"
    return out


def _agreement_line(stats: dict) -> str:
    ag = stats["agreement"]
    if not ag:
        return "agreement: no abstractive summary"
    return (
        f"agreement: ROUGE-L F1 {ag['rouge_l']:.2f} · content-word F1 {ag['token_f1']:.2f} · "
        f"{ag['aligned_sentences']}/{stats['abstractive']['sentences']} abstractive sentences restate an extractive one"
    )


def _column(summary: Summary | None, numbers: dict[str, int], width: int) -> list[list[str]]:
    """One block of wrapped lines per sentence."""
    if summary is None:
        return [["(no abstractive summary)"]]
    if not summary.sentences:
        return [["(empty)"]]
    blocks = []
    for n, s in enumerate(summary.sentences, start=1):
        text, note = _sentence_label(s, numbers)
        lines = textwrap.wrap(text, width=width, initial_indent=f"{n:>2}. ", subsequent_indent="    ") or [""]
        if note:
            bullet = "    ! " if s.supported is False else "    · "
            lines += textwrap.wrap(note, width=width, initial_indent=bullet, subsequent_indent="      ")
        blocks.append(lines)
    return blocks


def _render_text(stories: list[Story], width: int | None = None) -> str:
    width = width or shutil.get_terminal_size((120, 24)).columns
    width = max(40, min(width, 200))
    side_by_side = width >= 70
    col = (width - 3) // 2 if side_by_side else width
    out: list[str] = []
    for story in stories:
        numbers = citation_numbers(story)
        stats = compare_stats(story)
        out.extend(headline_lines(story, width))
        abs_title = "ABSTRACTIVE"
        if story.abstractive is not None and story.abstractive.model:
            abs_title += f" ({story.abstractive.model})"
        left = _column(story.summary, numbers, col)
        right = _column(story.abstractive, numbers, col)
        if side_by_side:
            out.append(f"{'EXTRACTIVE'[:col]:<{col}} │ {abs_title[:col]}")
            out.append(f"{'─' * col}─┼─{'─' * col}")
            for i in range(max(len(left), len(right))):
                lb = left[i] if i < len(left) else []
                rb = right[i] if i < len(right) else []
                for j in range(max(len(lb), len(rb))):
                    lt = lb[j] if j < len(lb) else ""
                    rt = rb[j] if j < len(rb) else ""
                    out.append(f"{lt:<{col}} │ {rt}".rstrip())
        else:
            for title, blocks in (("EXTRACTIVE", left), (abs_title, right)):
                out.append(title)
                out.extend(line for block in blocks for line in block)
                out.append("")
        out.append("")
        rows = _stats_rows(stats)
        label_w = max(len(r[0]) for r in rows)
        val_w = max(len("extractive"), *(len(r[1]) for r in rows))
        out.append(f"{'':<{label_w}}  {'extractive':<{val_w}}  abstractive")
        indent = " " * (label_w + val_w + 4)
        for name, e, a in rows:
            # the abstractive column wraps under itself ("3 / 1 (2 of the fused shortened from
            # one source)" ran to 88 columns at 80, a trial)
            out.append(textwrap.fill(f"{name:<{label_w}}  {e:<{val_w}}  {a}", width=width, subsequent_indent=indent))
        out.extend(textwrap.wrap(_agreement_line(stats), width=width))
        if story.abstractive is not None and story.abstractive.note:
            out.extend(textwrap.wrap(f"note: {story.abstractive.note}", width=width))
        out.append("")
        out.extend(source_list_text(story, width))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Escaped and on one line, for a table cell."""
    return escape_markdown(re.sub(r"\s+", " ", display_text(text))).strip()


def _md_cell(s, numbers: dict[str, int]) -> str:
    if s is None:
        return ""
    marks = citation_marks(numbers, s)
    cell = _md(s.text) + (f" {marks}" if marks else "")
    if s.supported is False:
        why = "; ".join(s.flags)  # attribution flags every unsupported sentence
        cell = f"⚠ {cell} **(unsupported: {_md(why)}{nearest_sources(numbers, s)})**"
    elif shown_origin(s) in ORIGIN_NOTES:
        cell += f" *({shown_origin(s)})*"
    return cell


def _render_markdown(stories: list[Story]) -> str:
    out: list[str] = []
    for story in stories:
        numbers = citation_numbers(story)
        stats = compare_stats(story)
        out.append(f"## {_md(story.headline)}")
        out.append("")
        model = ""
        if story.abstractive is not None and story.abstractive.model:
            model = f" ({_md(story.abstractive.model)})"
        out.append(f"| # | Extractive | Abstractive{model} |")
        out.append("|---|---|---|")
        ext = story.summary.sentences
        abs_ = story.abstractive.sentences if story.abstractive is not None else []
        for i in range(max(len(ext), len(abs_), 1)):
            e = _md_cell(ext[i] if i < len(ext) else None, numbers)
            a = _md_cell(abs_[i] if i < len(abs_) else None, numbers)
            if story.abstractive is None and i == 0:
                a = "*(no abstractive summary)*"
            out.append(f"| {i + 1} | {e} | {a} |")
        out.append("")
        out.append("| | Extractive | Abstractive |")
        out.append("|---|---|---|")
        for name, e, a in _stats_rows(stats):
            out.append(f"| {name} | {e} | {a} |")
        out.append("")
        out.append(f"*{_md(_agreement_line(stats))}*")
        out.append("")
        out.extend(source_list_markdown(story))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_compare(stories: list[Story], fmt: str) -> str:
    """Both versions of every story side by side; fmt "text" or "markdown"."""
    if fmt in ("markdown", "md"):
        return _render_markdown(stories)
    if fmt == "text":
        return _render_text(stories)
    raise ValueError(f"unknown compare format {fmt!r} (text or markdown)")
