"""The words: one tokeniser, one stemmer, one stop list, one list of news
agencies and one family map, shared by the cleaner, the clusterer, the
ranker, the attribution check, the comparison and the TUI.

Before this module each of those kept its own copy, and the copies drifted:
four stemmers, three stop lists, and two agency lists (the cleaner knew 13
agencies, the ranker 6, so a "(PTI)" credit the cleaner stripped was never
grouped with its copies).

Importing this module is cheap (``re`` and ``functools`` only): the cleaner
imports it on the ``summarize --help`` path.  scikit-learn's stop list is
loaded on first use (:func:`stop_words`), by which time the TF-IDF code has
usually imported scikit-learn anyway.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

__all__ = [
    "CJK_CLASS",
    "CJK_RUN",
    "is_cjk",
    "has_cjk",
    "cjk_bigrams",
    "words",
    "drop_words",
    "CJK_CHARS_PER_WORD",
    "word_count",
    "first_words",
    "stem",
    "EXTRA_STOP_WORDS",
    "stop_words",
    "is_stop",
    "content_words",
    "analyse",
    "content_stems",
    "Acronyms",
    "acronyms_of",
    "NOT_ACRONYMS",
    "canon_number",
    "number_values",
    "WIRE_SERVICES",
    "WIRE_PATTERN",
    "wire_key",
    "family_map",
    "Groups",
    "source_map",
    "count_sources",
]

# ---------------------------------------------------------------------------
# tokens

# Chinese and Japanese write no spaces between words.  Their characters (Han
# ideographs, with 々 〆 〇; hiragana; katakana with its long-vowel mark ー,
# but not the ・ that parts foreign names) are "CJK" here.  Hangul is not:
# Korean puts spaces between words, so it is read like any other script.
CJK_CLASS = (
    "\u3005-\u3007"  # 々 〆 〇
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30fa\u30fc-\u30ff"  # katakana, less the middle dot ・ (U+30FB)
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff"  # CJK unified ideographs, extension A
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0003134f"  # ideographs of the supplementary planes
)
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")

# Combining marks, which Python's ``\w`` leaves out although they are part of
# the word: the vowel signs and viramas of Devanagari, Bengali, Tamil and the
# other Indic scripts (whole blocks here, their dandas । ॥ aside: a sentence
# ends on them), Thai, Lao, Tibetan, Myanmar and Khmer vowels and tones,
# Hebrew points, Arabic harakat, and the combining accents of decomposed
# Latin ("e" + U+0301).  Without them "दिल्ली" read as the letters द, ल, ल,
# and every Hindi article shared "words" with every other: four Hindi
# articles on three events made one story.
MARK_CLASS = (
    "\u0300-\u036f\u0483-\u0489"  # combining accents; Cyrillic titlo
    "\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7"  # Hebrew points
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed"  # Arabic
    "\u0900-\u0963\u0966-\u0dff"  # Devanagari to Sinhala, less the dandas
    "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd"  # Thai, Lao
    "\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0fbc"  # Tibetan
    "\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d"  # Myanmar
    "\u17b4-\u17d3"  # Khmer
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # more combining marks
)
MARK = re.compile(f"[{MARK_CLASS}]")
_LETTER = rf"(?:[^\W\d_{CJK_CLASS}]|[{MARK_CLASS}])"

# A word: letters, with inner apostrophes and hyphens ("don't", "far-right");
# or a number with inner separators ("1,000", "3.5").  Letters are any
# script's (Orbán stays one word); digits never join letters ("G7" -> G, 7).
# A run of CJK characters is one match, which ``words`` reads as the
# character bigrams of ``cjk_bigrams`` (a Latin word or a number inside it
# parts it: "苹果公司iPhone销量" -> 苹果公司, iPhone, 销量).  Without CJK in a
# text this matches exactly what it did before the CJK runs were told apart.
@lru_cache(maxsize=1)
def _cjk_aware_word() -> re.Pattern:
    """``WORD``, compiled at its first use: its CJK classes take several
    milliseconds to compile, a cost every start of the CLI paid, and most
    text (all without CJK) is read by ``_SPACED_WORD``."""
    return re.compile(rf"{_LETTER}(?:{_LETTER}|['’\-])*{_LETTER}|{_LETTER}|\d[\d,.]*\d|\d|[{CJK_CLASS}]+")


def __getattr__(name: str):
    if name == "WORD":
        return _cjk_aware_word()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The same for text without CJK, where it matches what ``WORD`` does, with
# the plain letter class: a quarter faster, and most text has no CJK.
_SPACED_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*[^\W\d_]|[^\W\d_]|\d[\d,.]*\d|\d")
# ... and for text with combining marks (``MARK_CLASS``), which is rare
# outside the scripts that need them: the same with marks as letters.
_MARKED_LETTER = rf"(?:[^\W\d_]|[{MARK_CLASS}])"
_MARKED_WORD = re.compile(rf"{_MARKED_LETTER}(?:{_MARKED_LETTER}|['’\-])*{_MARKED_LETTER}|{_MARKED_LETTER}|\d[\d,.]*\d|\d")
_POSSESSIVE = re.compile(r"['’]s$")


def is_cjk(token: str) -> bool:
    """Whether ``token`` starts with a CJK character (a bigram of ``words``)."""
    return bool(token) and CJK_RUN.match(token) is not None


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK character (ASCII text, most newswire,
    answered without a scan)."""
    return not text.isascii() and CJK_RUN.search(text) is not None


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a run of CJK characters, a lone
    character as itself: "四川地震" -> 四川, 川地, 地震.

    The standard dependency-free way to index text without word spaces
    (Lucene's CJKAnalyzer, and the bigram runs of TREC and NTCIR Chinese and
    Japanese retrieval): no dictionary, no segmenter, and every two-character
    word, the most common length, is a token of its own.  The bigrams that
    straddle two words are noise that IDF weighs down.  Bigrams are never
    stemmed (the stemmer's suffixes are Latin) and no stop list holds them.
    """
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def words(text: str, *, fold_possessive: bool = True) -> list[str]:
    """The words of ``text``, case kept; a possessive 's is dropped
    ("Obama's" -> "Obama") unless ``fold_possessive`` is false.  Chinese and
    Japanese runs give their character bigrams (``cjk_bigrams``)."""
    cjk = has_cjk(text)
    if cjk:
        pattern = _cjk_aware_word()
    elif not text.isascii() and MARK.search(text):
        pattern = _MARKED_WORD
    else:
        pattern = _SPACED_WORD
    out = []
    for w in pattern.findall(text):
        if cjk and CJK_RUN.match(w):
            out.extend(cjk_bigrams(w))
            continue
        # one apostrophe: "Russia’s" and "Russia's" were two terms (russia’ / russia'), in
        # the clusterer and the ranker both, wherever outlets typeset them apart
        w = w.replace("’", "'")
        if fold_possessive:
            w = _POSSESSIVE.sub("", w)
        w = w.strip("'-")
        if w:
            out.append(w)
    return out


# How many CJK characters make one word when text is measured in words (the
# summary's budget, a "short line" of the cleaner).  Chinese words run one
# to four characters, two most often, so segmented news text averages
# roughly one and a half to two characters a word, and translators reckon
# about as many characters to an English word; 1.6 is taken, for Japanese
# too.  An estimate, not calibrated on data here: no dev set is Chinese or
# Japanese.
CJK_CHARS_PER_WORD = 1.6
_WORD_CHAR = re.compile(r"\w")
# Two letters in a row, of any script: a word's mark, which a number, a
# counter ("2.4K") or a wire's lone dash lacks (clean, dateline).
TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


def word_count(text: str) -> int:
    """The words of ``text`` as a budget counts them: its whitespace-separated
    tokens, exactly ``len(text.split())``, when it has no CJK character.
    Otherwise each CJK run is taken out and counts ``CJK_CHARS_PER_WORD``
    characters a word (rounded up, over the whole text), and what is left
    counts its whitespace-separated tokens that hold a letter or digit (the
    full-width 。 and ， between Chinese clauses are no words)."""
    if not has_cjk(text):
        return len(text.split())
    cjk = 0
    for m in CJK_RUN.finditer(text):
        cjk += m.end() - m.start()
    rest = sum(1 for token in CJK_RUN.sub(" ", text).split() if _WORD_CHAR.search(token))
    return rest + math.ceil(cjk / CJK_CHARS_PER_WORD)


def first_words(text: str, n: int) -> str:
    """The start of ``text`` that ``word_count`` measures as at most ``n``
    words, its whitespace folded to single spaces: exactly
    ``" ".join(text.split()[:n])`` when it has no CJK character.  With CJK, a
    run is cut between characters where the count would pass ``n``."""
    tokens = text.split()
    if not has_cjk(text):
        return " ".join(tokens[:n])
    out: list[str] = []
    used = 0
    for token in tokens:
        if used >= n:
            break
        count = word_count(token)
        if used + count <= n:
            out.append(token)
            used += count
            continue
        # The longest prefix of the token that still fits (the count only
        # grows as the prefix does).
        lo, hi = 0, len(token)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if used + word_count(token[:mid]) <= n:
                lo = mid
            else:
                hi = mid - 1
        if lo:
            out.append(token[:lo])
        break
    return " ".join(out)


# ---------------------------------------------------------------------------
# the stemmer

_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")
_STEM_KEEP = 3  # a suffix comes off only when more than this many letters stay
_E_KEEP = 4  # a final "e" comes off only when the stem is longer than this


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Fold a lower-case word's common suffixes so its forms meet:
    "sanctions"/"sanction", "declared"/"declare"/"declares".

    At most one suffix of ``_SUFFIXES`` comes off, when more than
    ``_STEM_KEEP`` letters remain, then a final "e" of a stem longer than
    ``_E_KEEP`` letters.  Crude on purpose: it only has to make forms meet,
    never to produce a word.

    Why not a library stemmer: the Snowball (Porter 2) English stemmer
    (``snowballstemmer`` 3.1.1) was measured in this function's place with
    ``python -m bench`` (DUC 2007) and lost.  Summaries, held-out half:
    ROUGE-2 recall 10.68 against 11.32 here (R-1 recall 37.14 against 37.75;
    the tune half gained 0.13 R-2).  Stories, B-cubed F1: held-out pool
    0.916 against 0.929, all 45 topics 0.912 against 0.921 (tune pool 0.972
    against 0.961); and clustering took twice as long.
    """
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + _STEM_KEEP and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    if len(word) > _E_KEEP and word.endswith("e"):
        word = word[:-1]
    return word


# ---------------------------------------------------------------------------
# stop words

# scikit-learn's English list is the base.  It lacks a few words that every
# news sentence carries and that say nothing about its content: reporting
# verbs ("said", "told", "according"), honorifics ("Mr"), the "s"/"t" left of
# a clitic, and some function words the list happens to miss ("did", "just").
# Measured in the ranker (python -m bench): held-out ROUGE-2 recall 11.15
# without them, 11.32 with them.
EXTRA_STOP_WORDS = frozenset(
    """said says say told tell according mr mrs ms dr s t did does doing having just theirs""".split()
)


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    """scikit-learn's ENGLISH_STOP_WORDS plus :data:`EXTRA_STOP_WORDS`
    (imported on first call, so this module stays light to import)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | EXTRA_STOP_WORDS


@lru_cache(maxsize=None)
def function_words(language: str) -> frozenset[str]:
    """A language's function words (pronouns, articles, auxiliaries,
    prepositions) from the ``stop-words`` package, 33 languages; empty when
    it has no list for ``language`` (a jusText language name: "German").

    Why not jusText's list, which the cleaner reads for the same language:
    it is a list of frequent words, made to tell prose from menus, and holds
    the news itself ("berlin", "krieg", "regierung", "präsident" in German;
    "paris", "guerre" in French), while German's lacks "ich" and "wir".  As
    the ranker's and clusterer's stop list it hid a story's key words and
    let first-person posts on a holiday, a cake and a phone make one story."""
    try:
        from stop_words import StopWordError, get_stop_words
    except ImportError:  # pragma: no cover - a dependency of the project
        return frozenset()
    try:
        return frozenset(w.lower() for w in get_stop_words(language.lower()))
    except StopWordError:
        return frozenset()


def drop_words(text: str, dropped: frozenset[str]) -> str:
    """``text`` less its whitespace-separated tokens whose word (lower case,
    its punctuation aside) is in ``dropped``: another language's stop words
    taken out before analysis, since ``stop_words`` is English."""
    if not dropped:
        return text
    return " ".join(t for t in text.split() if t.strip(_TOKEN_PUNCTUATION).lower() not in dropped)


_TOKEN_PUNCTUATION = "\"'“”‘’„«»‹›()[]{}.,;:!?¿¡-–—…"


def is_stop(word: str) -> bool:
    """Whether a lower-case word is a stop word."""
    return word in stop_words()


def content_words(text: str, *, fold_possessive: bool = True, acronyms: "Acronyms | None" = None) -> list[str]:
    """Lower-cased words of ``text`` that are not stop words.  With
    ``acronyms`` (``acronyms_of``), each way of writing one of its names
    ("U.N.", "UN", "United Nations") is one word, the name's letters ("un"),
    stop word or not."""
    stops = stop_words()
    if acronyms is not None:
        spans = acronyms.spans(text)
        if spans:
            out: list[str] = []
            at = 0
            for start, end, letters in spans:
                out += content_words(text[at:start], fold_possessive=fold_possessive)
                out.append(letters)
                at = end
            return out + content_words(text[at:], fold_possessive=fold_possessive)
    return [lw for lw in (w.lower() for w in words(text, fold_possessive=fold_possessive)) if lw not in stops]


def analyse(text: str, acronyms: "Acronyms | None" = None) -> list[str]:
    """Stemmed content words: the TF-IDF analyser of the clusterer and ranker
    (with ``acronyms``: a name's every form one term, ``content_words``).

    Possessives stay their own terms here ("Obama's" -> "obama'"), as they
    were when the ranker's weights were tuned: folding them into the name
    measured -1.1 ROUGE-2 recall on the held-out half of the benchmark
    (``python -m bench``: 11.32 -> 10.24; +0.5 on the tune half).
    """
    return [stem(w) for w in content_words(text, fold_possessive=False, acronyms=acronyms)]


# ---------------------------------------------------------------------------
# names in capitals: "U.N." / "UN" / "United Nations"

# A name in capitals, with full stops or without: "U.N.", "U.S.A.", "U.N" (its
# last stop taken by the sentence's), "UN", "NATO".  The tokeniser reads "U.N."
# as the words "U" and "N", and the stop list holds "un", "us", "it", "who".
# Not inside a word or a possessive ("NATO's" stays the term it was), nor
# right after a full stop ("e.U.S" is none).
_DOTTED_CAPITALS = re.compile(r"(?<![\w'’.])[A-Z](?:\.[A-Z])+\.?(?![\w'’])")
_BARE_CAPITALS = re.compile(r"(?<![\w'’.])[A-Z]{2,}(?![\w'’])")
# capitals that are no name: the hours ("A.M.", "PM") and "OK"; Roman
# numerals ("Pope John Paul II", "World War II") are counted as no name
# either (their term is the one the analyser gave them before)
NOT_ACRONYMS = frozenset({"am", "pm", "ok"})
ROMAN_NUMERAL = re.compile(r"[IVX]+")
# the word before and after a match, to tell a name in capitals from a run of
# capitals ("THE ASSOCIATED PRESS", "NEW YORK (AP) --")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z\n]*$")
_WORD_AFTER = re.compile(r"^[^A-Za-z\n]*([A-Za-z]+)")
NEIGHBOUR_WINDOW = 80  # characters either side of a match where those words are looked for
# The small words a spelled-out name may hold between its capitalised words
# and leave out of its initials: "Organization of Petroleum Exporting
# Countries", "National League for Democracy", "Energy Resources of
# Australia" (the Jabiluka story's ERA).  Only for names of three letters or
# more: on the dev sets' 120 stories (bench.sets) the two-letter names they
# gave were mostly wrong ("Gulf of Mexico" for GM, "Piccard and Jones" for PJ,
# "House and Republican" for HR; "District of Columbia" for DC the one right).
SPELLED_INNER_WORDS = ("of", "the", "and", "for")
SPELLED_INNER_MIN_LETTERS = 3
# A name of two letters spelled out is made of dictionary words ("United
# Nations", "United States", "South Carolina", "New York"); a person or a
# brand seldom is: on the dev sets' stories "Stephen Colbert" was read as SC,
# "Chevy Tahoe" as CT and "Ueli Steck" as US, each word of which but the
# first is no English word in simplemma's dictionary.  Three letters or more
# are rarely a person's initials.
SPELLED_DICTIONARY_MAX_LETTERS = 2


@lru_cache(maxsize=65536)
def _dictionary_word(word: str) -> bool:
    """A lower-case English word of simplemma's dictionary (loaded on first call)."""
    import simplemma

    return simplemma.is_known(word, lang="en")


@lru_cache(maxsize=8192)
def _capitals_in(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, lower-case letters) of each name ``text`` writes in
    capitals: "U.N.", "UN".  A word in capitals is a name only where neither
    word beside it on its line is in capitals too: a headline in capitals
    ("TROOPS TO SAVE US") or a dateline ("NEW YORK (AP) --") is no row of
    names.  With full stops it is a name anywhere ("U.N. VOTES")."""
    out = []
    for m in _DOTTED_CAPITALS.finditer(text):
        out.append((m.start(), m.end(), m.group(0).replace(".", "").lower()))
    for m in _BARE_CAPITALS.finditer(text):
        # the words beside it, on its line, within NEIGHBOUR_WINDOW characters: the whole line
        # searched backwards for each match took a minute on a 2 MB text of one line (a property test)
        preceding = text[max(0, m.start() - NEIGHBOUR_WINDOW) : m.start()]
        preceding = preceding[preceding.rfind("\n") + 1 :]
        following = text[m.end() : m.end() + NEIGHBOUR_WINDOW].split("\n", 1)[0]
        before = _WORD_BEFORE.search(preceding)
        after = _WORD_AFTER.search(following)
        if any(w and len(w.group(1)) > 1 and w.group(1).isupper() for w in (before, after)):
            continue
        out.append((m.start(), m.end(), m.group(0).lower()))
    return tuple(sorted(
        (s, e, letters) for s, e, letters in out
        if letters not in NOT_ACRONYMS and not ROMAN_NUMERAL.fullmatch(letters.upper())
    ))


# Two or more capitalised words in a row, with ``SPELLED_INNER_WORDS`` between
# them or none: where a spelled-out name may stand.
_CAPITALISED_WORD = r"[A-Z][a-z]+(?![\w'’-])"
_INNER_GAP = r"\s+(?:(?:" + "|".join(SPELLED_INNER_WORDS) + r")\s+)*"
_CAPITALISED_CHAIN = re.compile(rf"(?<![\w'’-]){_CAPITALISED_WORD}(?:{_INNER_GAP}{_CAPITALISED_WORD})+")
_CHAIN_WORD = re.compile(_CAPITALISED_WORD)
_INNER_WORD = re.compile(r"\s[a-z]")


def _spelled_runs(text: str, letters: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, letters) of each run of capitalised words whose initials
    are one of ``letters`` ("United Nations" for "un"), the first no stop
    word ("In India" is no "II"; "Under New York law" no "UN"), with
    ``SPELLED_INNER_WORDS`` between them only for a name of three letters or
    more.  One pass over the text, whatever ``letters`` holds: a pile's
    clusterer knows hundreds of names."""
    longest = max((len(x) for x in letters), default=0)
    found = []
    for chain in _CAPITALISED_CHAIN.finditer(text) if longest >= 2 else ():
        words = list(_CHAIN_WORD.finditer(chain.group(0)))
        base = chain.start()
        for i in range(len(words) - 1):
            first = words[i]
            if first.group(0).lower() in stop_words():
                continue
            initials, inner = first.group(0)[0].lower(), False
            for j in range(i + 1, min(len(words), i + longest)):
                word = words[j]
                initials += word.group(0)[0].lower()
                inner = inner or bool(_INNER_WORD.search(chain.group(0), words[j - 1].end(), word.start()))
                if (
                    initials in letters
                    and (not inner or len(initials) >= SPELLED_INNER_MIN_LETTERS)
                    and not ROMAN_NUMERAL.fullmatch(initials.upper())
                    and (
                        len(initials) > SPELLED_DICTIONARY_MAX_LETTERS
                        or all(_dictionary_word(w.group(0).lower()) for w in words[i : j + 1])
                    )
                ):
                    found.append((base + first.start(), base + word.end(), initials))
    return found


@dataclass(frozen=True)
class Acronyms:
    """The names a story writes in capitals, as their lower-case letters
    ("un", "us", "nato"), and so the forms of each that ``spans`` finds:
    with full stops, without, and spelled out by capitalised words whose
    initials they are.  One canonical term per name, where the analyser
    read "U.N." as "u", "n", "UN" as the stop word "un" and "United Nations"
    as "unit", "nation": two sentences of one fact did not meet (a trial's
    Jabiluka summary told the U.N. committee's demand twice)."""

    letters: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "letters", frozenset(self.letters))  # any iterable of letters; kept hashable

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, letters) of each name in ``text``, in order, none
        overlapping (the longest first: "United States Geological Survey" is
        "usgs" where the story writes USGS)."""
        return list(_spans(self.letters, text))

    def terms(self, text: str) -> set[str]:
        """The names ``text`` writes, in any form, as stems (``analyse``'s terms)."""
        return {stem(letters) for _, _, letters in self.spans(text)}


@lru_cache(maxsize=8192)
def _spans(letters: frozenset[str], text: str) -> tuple[tuple[int, int, str], ...]:
    """``Acronyms.spans``, kept: the ranker reads each sentence several times
    (its TF-IDF row, its concepts, its words, its claim).  A tuple, so that
    no caller can change what the cache holds; each gets its own list."""
    found = list(_capitals_in(text))
    if letters:
        found += _spelled_runs(text, letters)
    out: list[tuple[int, int, str]] = []
    for s, e, name in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if not out or s >= out[-1][1]:
            out.append((s, e, name))
    return tuple(out)


def acronyms_of(texts: Iterable[str] | str) -> Acronyms:
    """The names in capitals that a story's texts (or one text) write."""
    if isinstance(texts, str):
        texts = [texts]
    return Acronyms(frozenset(letters for t in texts for _, _, letters in _capitals_in(t)))


@lru_cache(maxsize=65536)
def lemma_stem(word: str) -> str:
    """The stem of a lower-case English word's lemma: "met" -> "meet", "died"
    -> "die", "took" -> "take", "children" -> "child", forms the suffix
    stemmer leaves apart.  simplemma's dictionary (loaded on first call)."""
    import simplemma

    return stem(simplemma.lemmatize(word, lang="en").lower())


def canon_number(token: str) -> str | None:
    """"1,000" -> "1000", "3.50" -> "3.5"; None when ``token`` is no number."""
    t = token.replace(",", "")
    try:
        v = float(t)
    except ValueError:
        return None
    return str(int(v)) if v == int(v) else repr(v)


# Number words, for the figures a sentence gives (number_values).
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "half": 0.5, "twice": 2, "once": 1, "single": 1, "double": 2,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
_CARDINALS = {k: v for k, v in _NUMBER_WORDS.items() if k in {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "dozen"}}
# Words too common as non-numbers to flag on the summary side ("one of", "first time").
_WEAK_NUMBER_WORDS = {"one", "once", "single", "first", "second", "half", "double", "twice", "zero"}


def _fmt(v: float) -> str:
    return str(int(v)) if v == int(v) else repr(v)


def number_values(text: str, lenient: bool = False) -> dict[str, str]:
    """Canonical value -> as written, for digits, number words and
    combinations ("four thousand", "3.5 million", "twenty-five"): what the
    attribution check compares and the ranker's paraphrase test tells apart.
    ``lenient`` (the sources' side) also records every part and every number
    word."""
    pieces: list[str] = []
    for w in words(text):
        pieces.extend(p for p in w.split("-") if p) if "-" in w else pieces.append(w)
    found: dict[str, str] = {}
    i = 0
    while i < len(pieces):
        lw = pieces[i].lower()
        value = None
        if lw[0].isdigit():
            c = canon_number(lw)
            value = float(c) if c is not None else None
        elif lw in _CARDINALS:
            value = float(_CARDINALS[lw])
        elif lw in _NUMBER_WORDS:
            if lenient or lw not in _WEAK_NUMBER_WORDS:
                found.setdefault(_fmt(_NUMBER_WORDS[lw]), pieces[i])
            i += 1
            continue
        elif lw in _SCALES and lenient:
            found.setdefault(_fmt(_SCALES[lw]), pieces[i])
        if value is None:
            i += 1
            continue
        j = i + 1
        parts = [pieces[i]]
        if lenient:
            found.setdefault(_fmt(value), pieces[i])
        # twenty four / twenty-four
        if value in (20, 30, 40, 50, 60, 70, 80, 90) and j < len(pieces) and 0 < _CARDINALS.get(pieces[j].lower(), 0) < 10:
            value += _CARDINALS[pieces[j].lower()]
            parts.append(pieces[j])
            j += 1
        while j < len(pieces) and pieces[j].lower() in _SCALES:
            value *= _SCALES[pieces[j].lower()]
            parts.append(pieces[j])
            j += 1
        if len(parts) == 1 and not lenient and lw in _WEAK_NUMBER_WORDS:
            i = j
            continue
        found.setdefault(_fmt(value), " ".join(parts))
        i = j
    return found



def content_stems(text: str) -> list[str]:
    """Stemmed content words, possessives folded ("Obama's" meets "Obama")
    and numbers in one canonical form ("1,000" meets "1000"): what the
    attribution check and the comparison align on."""
    return [(canon_number(w) or w) if w[0].isdigit() else stem(w) for w in content_words(text)]


# ---------------------------------------------------------------------------
# news agencies

# Wire services, by the short name they sign with in a dateline
# ("BRUSSELS (Xinhua) --") or a credit ("(With inputs from PTI)"), with the
# longer names an outlet field may carry instead.
WIRE_SERVICES: dict[str, tuple[str, ...]] = {
    "Reuters": ("Thomson Reuters",),
    "AP": ("Associated Press", "The Associated Press"),
    "AFP": ("Agence France-Presse", "Agence France Presse"),
    "Xinhua": ("Xinhua News Agency",),
    "Bloomberg": ("Bloomberg News",),
    "UPI": ("United Press International",),
    "dpa": ("Deutsche Presse-Agentur",),
    "ANI": ("Asian News International",),
    "PTI": ("Press Trust of India",),
    "IANS": ("Indo-Asian News Service",),
    "TASS": ("ITAR-TASS",),
    "Kyodo": ("Kyodo News",),
    "Yonhap": ("Yonhap News Agency",),
}
# The short names, as a regex alternation (case-sensitive: "AP", not "ap").
WIRE_PATTERN = "|".join(re.escape(name) for name in WIRE_SERVICES)
_WIRE_KEYS = {
    alias.lower(): short.lower() for short, aliases in WIRE_SERVICES.items() for alias in (short, *aliases)
}


def wire_key(name: str) -> str | None:
    """The agency a source or credit names, as its lower-case short name
    ("Press Trust of India" -> "pti"), else None."""
    return _WIRE_KEYS.get(" ".join(name.split()).lower())


# ---------------------------------------------------------------------------
# independent source families


class Groups:
    """Union-find: items joined into groups, such as the copies of one wire
    story (``rank.independent_families``) or one newsroom's reports
    (``source_map``)."""

    def __init__(self, items: Iterable):
        self.parent = {i: i for i in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list]:
        out: dict = {}
        for x in self.parent:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def family_map(articles, families: Iterable[Iterable[str]] | None = None) -> dict[str, int]:
    """Article id -> index of its independent source family.

    ``articles`` is a Story (its ``articles`` and ``families`` are used) or a
    list of articles with ``families`` (lists of article ids; copies of one
    wire story share a family).  An article no family lists is a family of
    its own.
    """
    if hasattr(articles, "articles"):  # a Story
        if families is None:
            families = articles.families
        articles = articles.articles
    groups = [list(fam) for fam in families or []]
    mapping: dict[str, int] = {}
    for n, fam in enumerate(groups):
        for aid in fam:
            mapping.setdefault(aid, n)
    alone = len(groups)
    for article in articles:
        if article.id not in mapping:
            mapping[article.id] = alone
            alone += 1
    return mapping


def source_map(articles, families: Iterable[Iterable[str]] | None = None) -> dict[str, int]:
    """Article id -> its independent source, the newsroom that did the
    reporting: copies of one story (a family of ``family_map``) and the
    articles of one named outlet are one source.  An article of unknown
    outlet is its family's source, not one of its own and not nobody's: the
    seeds' unnamed page that credits "input from Reuters" is in the Reuters
    family (``rank.independent_families`` joins the articles that credit one
    agency), an unnamed page of text of its own is a source of its own.
    Every "independent sources" figure shown (a story's, a
    sentence's ``support``, the comparison's) counts these.  ``articles`` as
    for ``family_map``."""
    if hasattr(articles, "articles"):  # a Story
        if families is None:
            families = articles.families
        articles = articles.articles
    fam = family_map(articles, families)
    newsrooms = Groups(fam.values())
    first: dict[str, int] = {}
    for a in articles:
        if a.source:
            newsrooms.union(fam[a.id], first.setdefault(a.source.lower(), fam[a.id]))
    return {a.id: newsrooms.find(fam[a.id]) for a in articles}


def count_sources(article_ids: Iterable[str], sources: dict[str, int]) -> int:
    """Independent sources among ``article_ids`` (``sources``: ``source_map``)."""
    return len({sources.get(a, a) for a in article_ids})


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 story", "2 stories", "0 articles": every count the tools print goes
    through here, so none says "1 stories"."""
    if n == 1:
        return f"{n} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{n} {many}"
