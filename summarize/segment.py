"""Sentence segmentation with syntok.

syntok was measured against pysbd on the seeds and DUC text: it keeps
"sq. km.", "U.S.", "Mr." and closing quotes together, and runs about five
times faster.  Each sentence is an exact character span of the input, so
quotes stay verbatim.
"""

from __future__ import annotations

import re

from syntok import segmenter

from .lexicon import is_stop
from .records import Article, Sentence

# What ends a sentence: the Latin stops, the full-width ones of Chinese and
# Japanese, the Arabic question mark, the Devanagari danda, the Urdu stop,
# the Armenian full stop (։), the Myanmar section mark (။) and the Ethiopic
# full stop (።).  (Thai and Lao end sentences with a space, which is no
# stop: such text is still refused as having no sentence punctuation.)
SENTENCE_STOPS = ".!?。！？؟।۔։။።"
TERMINAL = SENTENCE_STOPS + "…"
CLOSERS = "\"'”’»)]"
# a text with a sentence stop anywhere in it
HAS_STOP = re.compile(f"[{re.escape(SENTENCE_STOPS)}]")


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL and not stripped.endswith(("…", "..."))

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A span that starts mid-clause: a lower-case word, after closing punctuation
# or after a dash (a question or an exclamation inside dashes ends no
# sentence: "part of a series — At 250, Who Will America Be? — reporting on
# threats ...", a new-user run's summary sentence that opened on "—
# reporting").
_STARTS_MID_CLAUSE = re.compile(r"^(?:[\s”’\"')\]]*|\s*(?:—|–|--)\s+)[a-z]")
_HAS_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script
# Titles that stand before a name and that syntok does not know as
# abbreviations, so it ends a sentence on them: "A struggle for control of
# the House is under way, with Rep." | "Dick Armey ...".  Split sentences
# ending on them in the dev sets (DUC 2003/2004/2007, TDT, Multi-News; 38,417
# sentences): Rep. 266, Gov. 50, Lt. 18, Sgt. 13, Maj. 10.  (Sen., Gen.,
# Capt., Col., Dr. and Mr. syntok knows.)  Hon. and Insp. stand before
# Commonwealth ministers' and police officers' names ("Minister of Local
# Government, Hon." | "Ryan Straughn, said ...", a Barbados page of textpages).
# Del. is a delegate to Congress ("press secretary for Del." | "Eleanor Holmes
# Norton", DUC 2007 update; all 4 "Del." before a name in the dev sets).
_ENDS_ON_TITLE = re.compile(
    r"(?:^|[\s(\[“\"‘'`])(?:Reps?|Govs?|Lt|Sgt|Maj|Cpl|Pvt|Cmdr|Rev|Msgr|Supt|Atty|Sens|Gens|Ft|Hon|Insp|Del)\.$"
)
# Newswire typing closes a quotation with two apostrophes (``like this.''),
# and syntok reads them as two single quotes, not as a closing quote, so it
# does not end the sentence after them: "caused his death.'' Hurricane
# warnings were lifted" stayed one sentence (curly and straight closing quotes
# split).  A full stop, ! or ? then '' then a capitalised word ends it.
_MISSED_SENTENCE_END = re.compile(
    r"[.!?](?:''|[“»])(?=\s+[`“\"‘'„«]*[A-ZÀ-ÖØ-Þ])"
    # and a full stop after a percent or currency sign written apart, as
    # French, Spanish and German do: syntok did not end "Le chômage a atteint
    # 7,5 %." before "Le gouvernement ..." (nor "5 €.", "5 $.").
    r"|(?<=\s)[%‰€$£¥]\.(?=\s+(?:[`“\"‘'„«]\s?)*[A-ZÀ-ÖØ-Þ])"
)
# (The same cut after a German closing mark, “ right after the stop, and a
# closing », which syntok also reads as no sentence end: "Das sind wir
# unseren Kindern schuldig.“ The remarks drew applause" stayed one sentence.)
# A month's abbreviation before a day: syntok keeps "Feb. 9" whole but ends
# the sentence on "the Dec." before "6-20 Games" (a range of days).
_ENDS_ON_MONTH = re.compile(r"(?:^|[\s(\[“\"‘'`])(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.$")
_STARTS_WITH_DAY = re.compile(r"^\d{1,2}\b")
# A dateline that syntok ends on its bracket ("PITTSBURGH (KDKA)" | "— A former
# teacher ...", a user trial's summary sentence that opened on the dash): a
# piece that opens on a dash continues a span that ended on no full stop.
_STARTS_WITH_DASH = re.compile(r"^\s*(?:—|–|--|_)\s")
_ENDS_ON_STOP = re.compile(r"[.!?…][\"'”’»)]*\s*$")
_FIRST_WORDS = re.compile(r"[\s“\"‘'`]*([A-Z][\w'’-]*\.?)(?:\s+([A-Z]))?")


def _title_before_name(previous: str, piece: str) -> bool:
    """``previous`` ends on a title and ``piece`` starts with a name: a
    capitalised word that is not a stop word ("The", "He" start a sentence),
    or two capitalised words ("Bill Archer": the stop list has "bill")."""
    if not _ENDS_ON_TITLE.search(previous):
        return False
    match = _FIRST_WORDS.match(piece)
    if not match:
        return False
    return bool(match.group(2)) or not is_stop(match.group(1).rstrip(".").lower())


# A German date puts the day first, as an ordinal with its full stop: "Am 3.
# Oktober 2026 sprach er ...", which syntok ended after "3.".
_ENDS_ON_ORDINAL_DAY = re.compile(r"(?:^|[\s(\[])\d{1,2}\.$")
_STARTS_WITH_GERMAN_MONTH = re.compile(
    r"^(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
)


# Abbreviations of other languages that syntok ends a sentence on, none of
# which ends one (the new-user trial's Spanish, French and Polish texts):
# "La Dra." | "López confirmó ...", "coûtera env." | "1,2 milliard", "przy
# ul." | "Długiej", "67 tys." | "dawek".  (Polish "r." for "rok" is left
# out: "w 2020 r." does end sentences.)
_ENDS_ON_FOREIGN_ABBREVIATION = re.compile(
    r"(?:^|[\s(\[„«\"])(?:Dra|Dras|Sra|Srta|Sres|Lic|Ing|Arq|Excmo|Excma|Mons|Pr|env|av|bd|boul|cf|ul|pl|tys|mln|mld|godz"
    r"|ks|św|prof|nr|tzw|np|ang|niem|franc|ca|bzw|evtl|ggf|inkl|vgl)\.$",
)


def _day_before_month(previous: str, piece: str) -> bool:
    """``previous`` ends on a day's ordinal and ``piece`` starts with a
    month's name ("Am 3." | "Oktober 2026 sprach er")."""
    return bool(_ENDS_ON_ORDINAL_DAY.search(previous) and _STARTS_WITH_GERMAN_MONTH.match(piece))


def _month_before_day(previous: str, piece: str) -> bool:
    """``previous`` ends on a month's abbreviation and ``piece`` starts with
    the day ("the Dec." | "6-20 Games")."""
    return bool(_ENDS_ON_MONTH.search(previous) and _STARTS_WITH_DAY.match(piece))


# Sentence ends that syntok, which splits on a full stop before a capital,
# does not see: the full-width stops of Chinese and Japanese ("。", "！",
# "？", no space after them) and the Arabic question mark, the Devanagari
# danda and the Urdu full stop, which close sentences in scripts without
# capitals.  (A Latin full stop before an Arabic or Cyrillic word syntok
# splits on.)
_SCRIPT_STOP = re.compile(r"[。！？][」』”’）)\]\"']*(?=\S)|[؟।۔։။።][”’\"')\]]*(?=\s+\S)")


def _split_after_script_stops(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span ``start:end`` cut after each ``_SCRIPT_STOP``."""
    return _cut_after(_SCRIPT_STOP, text, start, end)


def _split_after_missed_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span ``start:end`` cut after each ``.''`` (or " %.") that a
    capitalised word follows (``_MISSED_SENTENCE_END``), the spaces
    between left out."""
    return _cut_after(_MISSED_SENTENCE_END, text, start, end)


def _cut_after(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span ``start:end`` cut after each match of ``pattern``, the
    spaces between left out."""
    pieces = []
    for match in pattern.finditer(text, start, end):
        pieces.append((start, match.end()))
        start = match.end()
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    return pieces


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph (or any text)."""
    spans: list[list[int]] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if not tokens:
                continue
            whole = (tokens[0].offset, tokens[-1].offset + len(tokens[-1].value))
            cuts = [p for q in _split_after_missed_ends(text, *whole) for p in _split_after_script_stops(text, *q)]
            for start, end in cuts:
                piece = text[start:end]
                # The piece continues the previous span when it starts mid-clause
                # (rewritten copies break "provided. by the Ministry"), when the
                # previous span ends on a title before this piece's name ("with
                # Rep." | "Dick Armey") or on a month before its day ("the
                # Dec." | "6-20 Games") or a day before its month ("Am 3." |
                # "Oktober"), or when it is a stray closing quote.
                if spans and (
                    _STARTS_MID_CLAUSE.match(piece)
                    or _title_before_name(tail := text[max(spans[-1][0], spans[-1][1] - 8):spans[-1][1]], piece)
                    or _month_before_day(tail, piece)
                    or _day_before_month(tail, piece)
                    or _ENDS_ON_FOREIGN_ABBREVIATION.search(tail)
                    or not _HAS_LETTER.search(piece)
                    or (_STARTS_WITH_DASH.match(piece) and not _ENDS_ON_STOP.search(text[spans[-1][0]:spans[-1][1]]))
                ):
                    spans[-1][1] = end
                    continue
                spans.append([start, end])
    return _balance_quotes(text, [(s, e) for s, e in spans])


def open_quote(piece: str) -> str:
    """The kind of quotation the piece opens and does not close: "low"
    (German and Polish „...“ / „...”), "guillemet" («...»), "curly" (“...”
    or a straight mark that opens the piece), or "" for none."""
    if piece.count("„") > piece.count("“") + piece.count("”"):
        return "low"
    if piece.count("«") > piece.count("»"):
        return "guillemet"
    if "„" not in piece:
        curly = piece.count("“") - piece.count("”")
        straight = piece.count('"') % 2
        if curly > 0 or (straight and piece.lstrip().startswith('"')):
            return "curly"
    return ""


def closes_quote(piece: str, kind: str) -> bool:
    """Whether the piece closes a quotation of ``kind`` it did not open."""
    if kind == "low":  # its closing mark is “ or ”, which open nothing here
        return piece.count("“") + piece.count("”") > piece.count("„")
    if kind == "guillemet":
        return piece.count("»") > piece.count("«")
    curly = piece.count("“") - piece.count("”")
    straight = piece.count('"') % 2 == 1
    if curly > 0 or (straight and piece.lstrip().startswith('"')):
        return False  # it opens one of its own
    return curly < 0 or straight


def _balance_quotes(text: str, spans: list[tuple[int, int]], reach: int = 4) -> list[tuple[int, int]]:
    """Keep a quotation that runs over several sentences in one piece, so no
    shown sentence starts or ends inside someone else's words: “...”,
    straight marks, and the German, Polish, French and Russian „...“, «...»
    (a German quote's closing “ is the English opening mark)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        kind = open_quote(text[start:end])
        if kind:
            for j in range(i + 1, min(i + 1 + reach, len(spans))):
                if closes_quote(text[spans[j][0]:spans[j][1]], kind):
                    end = spans[j][1]
                    i = j
                    break
        out.append((start, end))
        i += 1
    return out


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def segment_article(article: Article) -> Article:
    """Fill ``article.sentences`` from ``article.text``; paragraphs never merge."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(article.text)):
        for s, e in sentence_spans(article.text[p_start:p_end]):
            start, end = p_start + s, p_start + e
            sentences.append(
                Sentence(
                    article_id=article.id,
                    index=len(sentences),
                    text=article.text[start:end],
                    start=start,
                    end=end,
                    paragraph=number,
                )
            )
    article.sentences = sentences
    return article
