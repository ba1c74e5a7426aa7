"""Wire datelines at the start of a sentence ("BRUSSELS, January 22
(Xinhua) --", "(CNN) --", "新华社成都9月5日电"): the place and the agency the
sentence was filed from, which the summary shows without them.  The quote a
citation gives stays the verbatim source sentence.  Used by the ranker (the
shown sentence) and by attribution (a rewrite that starts where the source
does, after its dateline)."""

from __future__ import annotations

import re

from .lexicon import TWO_LETTERS, WIRE_PATTERN

__all__ = ["compress"]

# A wire dateline opening a sentence: "BRUSSELS, January 22 (Xinhua) --",
# "ISTANBUL, Turkey _", "WASHINGTON (AP) --".
# Xinhua's puts the region in brackets and may leave no space after its
# dashes: "ISTANBUL (Turkey), August 21 (Xinhua) -- Blaze ...", "CANBERRA,
# November 27 (Xinhua) --The Australian government's ...".
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?: \([A-Z][A-Za-z .'-]+\))?(?:, [A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+)*)?"
    r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?(?: \([A-Za-z .-]+\))? ?(?:(?:--|_|—|–|-) +|-- ?(?=[A-Z]))(?=[A-Z\"“‘'(0-9`])"
)


# The same with an editor's note and byline before it, as some AP copy opens:
# "Eds: UPDATES with four more deaths in Poland AP Photo By ALISON MUTLER
# Associated Press Writer BUCHAREST, Romania (AP) _ An Arctic cold wave ...".
# Only a named agency's tag ends it, within 40 words and no sentence's end
# (a stop after a lower-case letter: "By JOHN A. SMITH" is none).
_SENTENCE_END = re.compile(r"[a-z][.!?]\s")
_WIRE_TAG = re.compile(rf"\((?:{WIRE_PATTERN})\) ?(?:--|_|—|–|-) ")
_NOTED_DATELINE = re.compile(
    rf"^(?:\S+\s+){{0,40}}?[A-Z][A-Za-z.'-]*(?:,? [A-Z][A-Za-z.'-]+)*(?:,? [A-Z][a-z]{{2,8}}\.? \d{{1,2}})? \((?:{WIRE_PATTERN})\) ?(?:--|_|—|–|-) +(?=[A-Z\"“‘'(0-9])"
)

# A Chinese wire dateline: "新华社成都9月5日电（记者王某）", "中新网9月5日电 ".
_CJK_DATELINE = re.compile(r"^[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日电(?:（[^）]{1,30}）)?\s*")

# A dateline or agency tag in brackets, "(CNN) --", "(OMAHA, Neb.) _", and
# what a sentence split leaves of one: the wire's dash alone ("_ Aaron J.
# McKinney killed ...", "-- A fourth uranium mine ..."; "_" and "--" are
# wire typing, never a dialogue dash), or an editors' label ("EDITORS: Jerry
# Seinfeld is back in his hometown ...", an NYT advisory).  All of them
# opened shown sentences on DUC 2007 and Multi-News clusters.  A network's
# or station's tag may come without its dash: "(CNN) A Detroit man pleaded
# not guilty ...", "(WANE) The Fort Wayne mother ..." (Multi-News).
_BRACKETED_DATELINE = re.compile(
    r"^\([A-Z][A-Za-z.,' -]{1,40}\) ?(?:--|_|—|–|-) +(?=[A-Z\"“‘'(0-9`])"
    r"|^\([A-Z]{2,6}\) +(?=[A-Z\"“‘'(0-9`])"
    r"|^(?:--|_) +(?=[A-Z\"“‘'(0-9`])"
    r"|^(?:EDITORS|Editors): +(?=[A-Z\"“‘'(0-9`])"
)


def compress(text: str) -> str:
    """The sentence as shown: the source sentence less its wire dateline.
    The quote cited stays the verbatim source sentence."""
    m = _DATELINE.match(text) or _CJK_DATELINE.match(text) or _BRACKETED_DATELINE.match(text)
    if not m and _WIRE_TAG.search(text):  # the cheap test first: few sentences hold a tag
        m = _NOTED_DATELINE.match(text)
        if m and _SENTENCE_END.search(text[: m.end()]):
            m = None
    if m and _HERE.search(text, m.end()) and TWO_LETTERS.search(text, 0, m.end()):  # a place named, not a lone dash
        return text  # "on trial here": the dateline says where
    return text[m.end():] if m and len(text) - m.end() > 20 else text


# "here" points at the dateline's place ("WASHINGTON _ The New Economy is on
# trial here along with Microsoft Corp."): shown without it, the sentence
# says nowhere (a reader's audit).
_HERE = re.compile(r"\bhere\b", re.I)
