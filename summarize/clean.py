"""Strip page boilerplate from article text, keeping every real sentence.

Saved pages arrive as text as often as HTML, so this works on lines, by
shape rather than by a list of sites: a body line is prose (enough words,
ends like a sentence); menus, headlines of other stories, bylines and
buttons are not.  A few phrases that are boilerplate on any site (sign-in,
cookie, "Register now", "ALSO READ |") and the zone after an article's end
marker ("Related Articles", "Share This Article") are cut as well.  Lines
that repeat across otherwise different articles are site chrome
(``strip_repeated``).  Everything removed is kept, so a reader can check.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .lexicon import WIRE_PATTERN

TERMINAL = ".!?…"
CLOSERS = "\"'”’»)]"
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^\s*(?:[•·▪►◦‣∙*–—-]|\d{1,2}[.)])\s+")
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&[A-Z]{2,3};")  # tags, SGML wire codes
_SENTENCE_END = re.compile(r"[a-z0-9)][.!?][\"”’']?\s+[\"“‘']?[A-Z]")
# Agency sign-off initials closing a story: "... to be stable. (gb)"
_SIGN_OFF = re.compile(r"(?<=[.!?\"”’'])\s*\([a-z]{1,4}(?:-[a-z]{1,4})?\)\s*$")
_WIRE_CODE = re.compile(r"\s*\[n[A-Z0-9]{6,}\]")
_READ_MORE = re.compile(r"\s*(?:\.\.\.\s*)?(?:Read more|Read More|READ MORE|Continue reading|Read the full story)\s*[»›.…]*\s*$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*[A-Z][A-Za-z.]+\.?)?\s*"
    r"\((?P<wire>" + WIRE_PATTERN + r")\)\s*(?:[-–—_]+|:)\s*"
)
_CREDIT = re.compile(r"\((?:with (?:input|inputs|agency inputs) from|source:)\s*(?P<wire>[^)]+)\)", re.I)
_CAPTION = re.compile(r"\((?:[A-Z][\w .&/-]{0,30} )?(?:photo|file photo|image|picture)s?(?: credit)?\)\s*$|^(?:photo|image|picture|caption)\s*(?:credit)?\s*:", re.I)
_DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
    r"(?:\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:[ ,]+\d{1,2}:\d{2}.*)?$",
    re.I,
)

# Lines that are boilerplate wherever they appear, whatever their length.
_BOILERPLATE_ANY = re.compile(
    r"^(?:ALSO READ|READ ALSO|READ MORE|MUST READ|WATCH|LISTEN)\s*[|:]"
    r"|register (?:now|here|for free) to|free unlimited access|^©|^copyright\b"
    r"|^[-—–\s]*ends?[-—–\s]*$|^source link$|^loading\b.*\bloading\b"
    r"|^ai disclaimer\b|generated (?:the content|by (?:an )?(?:ai|artificial intelligence))"
    r"|^(?:share|print|email|tweet|comments?|advertisement|- ?advertisement ?-)$"
    r"|^(?:previous|next) (?:article|post|story)\b|^(?:image|photo) credit",
    re.I,
)
# Phrases that mark a line as site furniture only when the line is short:
# a real sentence may well mention a newsletter or a cookie.
_BOILERPLATE_SHORT = re.compile(
    r"register (?:now|here|for free)|sign (?:in|up)\b|log ?in\b|create an? (?:free )?account"
    r"|subscribe\b|newsletter|cookie|privacy policy|terms of (?:use|service)|all rights reserved"
    r"|^share (?:this|on)\b|follow us\b|click here|tap here|download (?:our|the) app"
    r"|contributed to this report|^(?:additional )?reporting by\b|\bediting by\b|^writing by\b|^compiled by\b"
    r"|trust principles|our standards:|please enter your|leave a (?:comment|reply)|^\d+ comments?$|join the conversation"
    r"|you might also like|^related\b|^popular\b|^trending\b|^most (?:read|popular|viewed)\b"
    r"|^recommended\b|^more (?:from|on|stories)\b|^see also\b"
    r"|for use by clients of|^story filed by|news service$|^&[a-z]{2};|&[a-z]{2};$",
    re.I,
)
SHORT_LINE_WORDS = 16


def is_boilerplate(line: str) -> bool:
    if _BOILERPLATE_ANY.search(line):
        return True
    return word_count(line) <= SHORT_LINE_WORDS and bool(_BOILERPLATE_SHORT.search(line))


# Headings after which the rest of a page is other stories and site chrome.
_END_MARKER = re.compile(
    r"^(?:related(?: articles| stories| posts| news| coverage)?|popular posts|most (?:read|popular|viewed)"
    r"|you (?:might|may) also like|read (?:more|next)|more (?:from|stories|news)\b.*|recommended(?: for you)?"
    r"|share this article|leave a (?:comment|reply)|comments|source link|ai disclaimer\b.*"
    r"|[-—–\s]*ends?[-—–\s]*|please enter your comment!?|previous article\b.*|newsletter)\s*:?$",
    re.I,
)


@dataclass
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)
    title: str | None = None
    source: str | None = None
    date: str | None = None
    credits: list[str] = field(default_factory=list)


def normalise_space(line: str) -> str:
    return _WS.sub(" ", line).strip()


def word_count(line: str) -> int:
    return len(line.split())


def ends_like_sentence(line: str) -> bool:
    stripped = line.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in TERMINAL and not stripped.endswith(("…", "..."))


def is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if len(w) > 3]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75


def is_prose(line: str, in_body: bool = True) -> bool:
    """A line that reads as body text: sentences, not a menu or a headline."""
    words = word_count(line)
    # Several sentences in one long line are body text whatever their ending.
    if words >= 25 and len(_SENTENCE_END.findall(line)) >= 2:
        return True
    if ends_like_sentence(line):
        return words >= 5 or (words >= 3 and line.lstrip()[:1] in "\"“‘'")
    # Inside the body, a real sentence may have lost its final stop: long,
    # lower-case prose, one sentence.  Before the body it is a headline.
    if in_body and words >= 15 and not is_title_case(line):
        inner = re.search(r"[a-z0-9][.!?][\"”’']?\s+[A-Z]", line)
        return inner is None
    return False


def strip_markup(text: str) -> tuple[str, list[str]]:
    """Remove stray HTML tags left in saved text (e.g. raw ``<img ...>``)."""
    removed = [m.group(0) for m in _TAG.finditer(text)]
    return _TAG.sub(" ", text), removed


def _blocks(text: str) -> list[list[str]]:
    blocks, current = [], []
    for raw in text.split("\n"):
        line = normalise_space(raw)
        if line:
            current.append(raw.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_wrapped_paragraph(lines: list[str]) -> bool:
    """Hard-wrapped prose: several long lines, no bullets, ends like a sentence."""
    if len(lines) < 2 or any(_BULLET.match(l) for l in lines):
        return False
    body = [normalise_space(l) for l in lines]
    if not ends_like_sentence(body[-1]):
        return False
    long_lines = sum(len(l) >= 40 for l in body[:-1])
    return long_lines == len(body) - 1 and not any(ends_like_sentence(l) for l in body[:-1])


def _pick_title(candidates: list[str]) -> str | None:
    usable = [
        c for c in candidates
        if word_count(c) >= 4 and not is_boilerplate(c) and ">" not in c and not _DATE_LINE.match(c)
    ]
    if not usable:
        return None
    counts = Counter(usable)
    best = max(counts.values())
    return next(c for c in usable if counts[c] == best)


def _pick_outlet(header: list[str], title: str | None) -> str | None:
    for line in header[:4]:
        if _DATE_LINE.match(line):
            continue
        if line == title:
            return None
        if 1 <= word_count(line) <= 4 and not ends_like_sentence(line) and is_title_case(line) and not is_boilerplate(line):
            return line
        return None
    return None


_COPYRIGHT_OWNER = re.compile(r"©\s*(?:\d{4}\s*)?(?P<owner>[A-Z][\w&.' -]{1,40}?)[.,]?\s*(?:All rights reserved|$)", re.I)


def clean_text(raw: str, title_hint: str | None = None) -> Cleaned:
    """Clean one article's text.  ``title_hint`` is a title known from metadata."""
    text, removed = strip_markup(raw.replace("\r\n", "\n").replace("\r", "\n"))
    kept: list[str] = []
    header: list[str] = []  # short lines before the body starts
    credits: list[str] = []
    source: str | None = None
    date: str | None = None
    in_tail = False  # after an end marker: other stories and site chrome
    tail_prose_run = 0
    seen: set[str] = set()

    for block in _blocks(text):
        lines = [" ".join(normalise_space(l) for l in block)] if _is_wrapped_paragraph(block) else block
        for raw_line in lines:
            line = normalise_space(raw_line)
            bullet = _BULLET.match(line)
            if bullet:
                line = line[bullet.end():]
            line = _WIRE_CODE.sub("", line)
            sign_off = _SIGN_OFF.search(line)
            if sign_off:
                removed.append(sign_off.group(0).strip())
                line = line[: sign_off.start()]
            glued = _READ_MORE.search(line)
            if glued and word_count(line) > 6:
                removed.append(glued.group(0).strip())
                line = line[: glued.start()].rstrip()
            if not line:
                continue
            for match in _CREDIT.finditer(line):
                credits.append(match.group("wire").strip())
            if not kept and date is None and _DATE_LINE.match(line):
                date = line
            owner = _COPYRIGHT_OWNER.search(line)
            if owner and source is None:
                source = owner.group("owner").strip()

            if _END_MARKER.match(line) and (kept or in_tail):
                in_tail, tail_prose_run = True, 0
                removed.append(line)
                continue
            if in_tail:
                # Real body text resumes only with a run of long prose paragraphs.
                if is_prose(line) and word_count(line) >= 15 and not is_boilerplate(line):
                    tail_prose_run += 1
                    if tail_prose_run >= 3:
                        in_tail = False
                else:
                    tail_prose_run = 0
                removed.append(line)
                continue

            if is_boilerplate(line) or _CAPTION.search(line) or not is_prose(line, in_body=bool(kept)):
                if not kept:
                    header.append(line)
                removed.append(line)
                continue
            dateline = _DATELINE.match(line)
            if dateline:
                credits.append(dateline.group("wire"))
                removed.append(line[: dateline.end()].strip())
                line = line[dateline.end():]
            key = line.lower()
            if key in seen:
                removed.append(line)
                continue
            seen.add(key)
            kept.append(line)

    title = title_hint or _pick_title(header)
    outlet = _pick_outlet(header, title) or source
    if outlet is None:
        outlet = next((c for c in credits if re.fullmatch(WIRE_PATTERN, c) and _is_own_byline(c, text)), None)
    return Cleaned(
        text="\n\n".join(kept),
        removed=removed,
        title=title,
        source=outlet,
        date=date,
        credits=_unique(credits),
    )


def _is_own_byline(wire: str, text: str) -> bool:
    """A dateline "City (Reuters) -" makes the wire the outlet; "(With input from" does not."""
    return bool(re.search(r"\(" + re.escape(wire) + r"\)\s*(?:[-–—_]+|:)", text))


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def strip_repeated(texts: list[str], min_articles: int = 3) -> list[tuple[str, list[str]]]:
    """Drop paragraphs repeated across otherwise different articles.

    Site chrome (a newsletter blurb, an "About us" line) recurs verbatim in
    unrelated pages of one site; a syndicated wire story also recurs, but
    together with most of its other paragraphs.  Only the former is dropped.
    """
    paragraphs = [[p for p in t.split("\n\n") if p] for t in texts]
    where: dict[str, set[int]] = defaultdict(set)
    for i, paras in enumerate(paragraphs):
        for p in paras:
            where[p].add(i)
    chrome = set()
    for p, docs in where.items():
        if len(docs) < min_articles:
            continue
        sample = sorted(docs)[:12]  # enough to tell chrome from a wire copy
        shared_other = [
            len(set(paragraphs[a]) & set(paragraphs[b])) - 1
            for a in sample for b in sample if a < b
        ]
        if sum(shared_other) / max(len(shared_other), 1) < 1:
            chrome.add(p)
    results = []
    for paras in paragraphs:
        keep = [p for p in paras if p not in chrome]
        results.append(("\n\n".join(keep), [p for p in paras if p in chrome]))
    return results
