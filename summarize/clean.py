"""Strip page boilerplate from article text, keeping every real sentence.

Saved pages arrive as text as often as HTML, so this works on lines, like
jusText works on HTML paragraphs (``clean_text``):

1. each line is classified on its own, by length and stop-word density
   (jusText's stop lists; the language is the one whose list the page's
   words hit most): long lines dense in function words are prose ("good"),
   shorter or sparser ones "near good", short lines "short", and lines
   that carry a furniture phrase on any site (sign-in, cookie, "Register
   now", "Related Articles") or a copyright sign "bad";
2. context, as jusText does it: a heading followed by prose, and a single
   short line between prose lines, are part of the text; a run of short
   lines is a menu or a box;
3. the main region: the stretch of lines with the most prose once every
   line of furniture crossed has been paid for (a maximum-sum segment), plus
   any other stretch with a good share of that much prose, so that a
   "Related stories" box in mid-article does not cut off the rest, while a
   lone sidebar blurb, teaser or comment-box notice stays out;
4. a learned line classifier (``linemodel``, small gradient-boosted trees
   and a linear-chain CRF over the page's lines, stored as JSON) makes the
   final keep/drop choice from each line's features, its neighbours' and
   the rules' classes and main region (see LINE_MODEL_THRESHOLD); furniture
   stays out whatever it says.

Steps 2 to 4 are for saved pages only.  Clean article text (newswire, an
extractor's output: most lines are sentences on their own, see
``looks_like_article``) keeps every prose line and loses only furniture and
an end-of-page tail, so a one-line lead or a short quote is never taken for
page furniture.  On a saved page, a short line that comes back on the same
page is navigation.

Lines that repeat across otherwise different articles are site chrome
(``strip_repeated``).  Everything removed is kept, so a reader can check.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .dateline import compress
from .dates import MONTH_NAME, WEEKDAY_WHOLE
from .lexicon import CJK_CLASS, CJK_RUN, TWO_LETTERS, WIRE_PATTERN, cjk_bigrams, function_words, word_count
from .segment import CLOSERS, HAS_STOP, SENTENCE_STOPS, ends_like_sentence, split_sentences
from .terminal import ESCAPE_SEQUENCE

_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLET = re.compile(r"^\s*(?:[•·▪►◦‣∙*–—-]|\d{1,2}[.)])\s+")
# Bullet glyphs are dropped from a line's start; list numbers ("5. Kristi
# Dosh") and dashes (dialogue: "– „Ok.“") are the article's words and stay.
_BULLET_GLYPH = re.compile(r"^\s*[•·▪►◦‣∙*]\s+")
# Invisible characters that only steer a browser's layout: soft hyphens
# ("réac\xadtion"), zero-width spaces, word joiners, byte-order marks.  They
# split words for every later stage (sentences, quotes, search), so they go
# before anything; a zero-width space read as a space had split "A\u200brwa
# Damon" into "A rwa Damon" (trial E).  The zero-width (non-)joiners U+200C
# and U+200D stay: Persian and Indic scripts spell words with them.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_INVISIBLE = {**_ZERO_WIDTH, ord("\u00ad"): None}
# C1 control characters in text are Windows-1252 bytes read as Latin-1
# somewhere upstream ("didn\x92t", "\x93Never,\x94"): they are read back as
# the quotes and dashes they were (as ftfy's fix_c1_controls does), the five
# bytes Windows-1252 leaves undefined as a space.  Only the 8-bit terminal
# escapes that cannot be mojibake go first, whole: a CSI with parameters
# ("\x9b31m") and an OSC string with its terminator.
_C1_ESCAPE = re.compile(r"\x9b[0-?]+[ -/]*[@-~]|\x9d[^\x07\x9c\n]*(?:\x07|\x9c)")
_C1_AS_CP1252 = {
    byte: " " if char == "\ufffd" else char
    for byte, char in zip(range(0x80, 0xA0), bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace"))
}
# Control characters are no text either, but they stand between words or
# sentences ("...ended.\x07The next"): a terminal escape sequence (whole,
# as ``terminal.strip_controls`` takes it: no "[2J" left), then C0 (all but
# tab and newline; a carriage return is a newline already) and DEL become
# a space, so the sentences on either side still split; form feed and
# vertical tab, which part pages and lines, become a newline.
_INVISIBLE.update(dict.fromkeys([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f], " "))
_INVISIBLE.update({0x0b: "\n", 0x0c: "\n"})
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
# An English month's name or abbreviation ("Jan.", "Sept", "August").
_MONTH = rf"{MONTH_NAME}\.?"
# Other languages' date lines ("Montag, 3. Juni 2024, 14:32 Uhr", "Publié le
# lundi 3 juin 2024 à 14h32", "Lun 3 Jun de junio 2024 14:32h", "3 czerwca
# 2024"): a weekday and a month of German, French, Spanish, Italian or
# Polish, day before month; the English pattern below read none of them.
_FOREIGN_WEEKDAY = (
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi"
    r"|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì"
    r"|sabato|poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela|lun|mar|mié|jue|vie|sáb|dom|mo|di|mi|do|fr|sa|so)\.?"
)
_FOREIGN_MONTH = (
    r"(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember"
    r"|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    r"|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"
    r"|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia"
    r"|jan|feb|mär|apr|jun|jul|aug|sep|okt|nov|dez|janv|févr|avr|juil|sept|oct|déc|ene|abr|ago|dic)\.?"
)
_FOREIGN_DATE_LINE = re.compile(
    rf"^(?:(?:publié|mis à jour|actualizado|publicado|aktualisiert|veröffentlicht|stand)(?: le| el| am)?:?\s+)?"
    rf"(?:{_FOREIGN_WEEKDAY},?\s+)?(?:den\s+)?\d{{1,2}}\.?\s+(?:de\s+)?{_FOREIGN_MONTH}"
    rf"(?:\s+(?:de\s+)?{_FOREIGN_MONTH})?\s+(?:de\s+)?\d{{4}}"
    r"(?:[ ,]+(?:um\s+|à\s+|a las\s+|o\s+|godz\.\s+)?\d{1,2}[:.h]\d{2}\S*(?:\s+uhr)?)?(?=\s|$)",
    re.I,
)
_ENGLISH_DATE_LINE = re.compile(
    rf"^(?:{WEEKDAY_WHOLE},?\s*)?"
    r"(?:\d{1,2}\s+[A-Za-z]+\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}"
    # no year, but a time: "April 22 5:08 am" (a timestamp, not a headline)
    rf"|{_MONTH}\s+\d{{1,2}},?(?=[ ,]+\d{{1,2}}:\d{{2}}))"
    r"(?:[ ,]+\d{1,2}:\d{2}.*)?$",
    re.I,
)


# A date line above the site's menu is the masthead's: the day the page was
# saved ("Sunday, 11 May 2025" over "America Age" and "• Trending", "•
# World", ... on a seed page about September 2022), not the article's.  A
# menu: MASTHEAD_MENU_LINES list items in a row (bulleted: "• World"),
# between the date and the body.  Short lines alone are no menu: a byline
# block ("By Jane Doe", "5 min read", "Share") follows an article's own date.
MASTHEAD_MENU_LINES = 3


def _masthead_date(lines: list["_Line"], at: int, body: int) -> bool:
    run = 0
    for line in lines[at + 1 : body]:
        run = run + 1 if line.item else 0
        if run >= MASTHEAD_MENU_LINES:
            return True
    return False


def _date_line(line: str) -> re.Match | None:
    """The date (and time) a line is or opens with, English or not."""
    return _ENGLISH_DATE_LINE.match(line) or _FOREIGN_DATE_LINE.match(line)

# Lines that are boilerplate wherever they appear, whatever their length.
_BOILERPLATE_ANY = re.compile(
    r"^(?:ALSO READ|READ ALSO|READ MORE|MUST READ|WATCH|LISTEN)\s*[|:]"
    r"|register (?:now|here|for free) to|free unlimited access|^©|^copyright\b"
    r"|^[-—–\s]*ends?[-—–\s]*$|^source link$|^loading\b.*\bloading\b"
    r"|^ai disclaimer\b|generated (?:the content|by (?:an )?(?:ai|artificial intelligence))"
    r"|^(?:share|print|email|tweet|comments?|advertisement|- ?advertisement ?-)$"
    r"|^(?:previous|next) (?:article|post|story)\b|^(?:image|photo) credit"
    # a video player's stand-in, with the video's caption run on after it ("Media playback is
    # unsupported on your device Media caption BBC Economics Editor Kamal Ahmed: ...", BBC
    # pages of Multi-News; a user trial's summary opened with one)
    r"|^media playback is (?:unsupported|not supported) on your device"
    # Twitter's page text where the tweet did not load ("Tweet with a location / You can add
    # location information to your Tweets, ..."; 5 Multi-News dev pages, a trial's headline)
    r"|^tweet with a location$|^you can add location information to your tweets"
    # ... and its other wording ("Add a location to your Tweets / When you tweet with a location,
    # Twitter stores that location. ..."; a trial's --cluster story was headed by it)
    r"|^add a location to your tweets$|^when you tweet with a location, twitter stores"
    # the Internet Archive's notices where a page was not archived ("Starting in 1996, Alexa
    # Internet has been donating their crawl data ..."; 15 Multi-News dev pages, in a trial's
    # summary), and those of its other crawls: "These crawls are part of an effort to archive
    # pages ... Crawls of supported "No More 404" sites." (10 pages), "The seed for Wide00014
    # was: / - Slash pages from every domain on the web: / -- up to a maximum of 100 most highly
    # ranked URLs per domain ...", "This is a set of web collections curated by Mark Graham using
    # the Archive-IT service of the Internet Archive." (a trial's --cluster pile made a story
    # of three of them)
    r"|^starting in 1996, alexa internet has been donating|^this data is currently not publicly accessible"
    r"|^these crawls are part of an effort to archive pages|^crawls of supported \"no more 404\" sites"
    r"|\bwide\d{5}\b|^-* ?slash pages from every domain on the web|highly ranked urls per domain"
    r"|using the archive-it service of the internet archive|the pages that are referenced are changed or taken"
    r"|references to these archived pages will be put|fix all broken links on the web"
    # page text between paragraphs: Politico's "Story Continued Below" (10 Multi-News dev lines),
    # the New York Times's "Advertisement Continue reading the main story" (9), a video's stand-in
    # "Please enable Javascript to watch this video" and the Guardian's share buttons before a
    # photo's caption ("Facebook Twitter Pinterest Photograph: Kevin Winter/Getty Images")
    r"|^story continued below$|^(?:advertisement )?continue reading the main story$"
    r"|^please enable javascript to watch this video|^facebook twitter pinterest\b"
    # the New York Times's newsletter box run into one line ("Newsletter Sign Up Continue reading
    # the main story Please verify you're not a robot by clicking the box. Invalid email ...")
    r"|please verify you(?:'|’)re not a robot|^invalid email address\b|^you must select a newsletter"
    r"|^you agree to receive occasional updates|you will receive emails containing news|^view all new york times newsletters"
    r"|^(?:please re-enter|thank you for subscribing|an error has occurred|please try again later|you may opt-out at any time)\.?$"
    # Politico's sign-up box ("... in your inbox. Email Sign Up By signing up you agree to receive
    # email newsletters or alerts from POLITICO. You can unsubscribe at any time.", 7 Multi-News
    # dev lines, over SHORT_LINE_WORDS) and a paywall's "Already a subscriber? ..."
    r"|by signing up you agree to receive|^you can unsubscribe at any time\.?$|please consider subscribing today"
    # USA TODAY's video player, its button's word run into the video's caption ("CLOSE
    # Bone-chilling cold gripped much of the U.S. as 2018 began, ... Video provided by Newsy";
    # 10 Multi-News dev lines, one a trial's headline); in capitals only, "Close to 500 people
    # ..." being a sentence
    r"|(?-i:^CLOSE (?=\S))"
    # the BBC's picture credit with its caption run on ("Image copyright Getty Images Image caption
    # The band broke up in 1980 ...", 21 Multi-News dev lines, a trial's --cluster headline)
    r"|^image copyright\b"
    # a page template's variable left unfilled ("We have sent a confirmation email to {*
    # data_emailAddress *}.", a trial's story of one sentence)
    r"|\{\*\s*[\w.]+\s*\*\}"
    # the New York Times syndication's sales notes in the wire text ("NEW AMERICA NEWS SERVICE
    # (Distributed by New York Times Special Features) To purchase this material contact New York
    # Times Syndicate Sales Executive ...", "And don't forget to visit The New York Times Syndicate
    # Web site ...": 20 DUC 2007 lines; a trial's --cluster story summarised nothing else)
    r"|distributed by new york times special features|^to purchase this material\b|\bnew york times syndicate\b"
    # a shop's disclosure at the head of a post ("This post contains references to products from
    # one or more of our advertisers. We may receive compensation when you click on links to those
    # products. Terms apply to the offers listed on this page. ...", whose "Terms apply to the
    # offers listed on this page." opened a story's summary in a new-user run; 7 textpages lines)
    r"|references to products from one or more of our advertisers|we may (?:receive|earn) (?:compensation|an? (?:small |affiliate )?commission)"
    r"|\b(?:contains|may contain) affiliate links|\bearns? (?:revenue |a commission )?from qualifying purchases"
    r"|participates in the amazon (?:services llc )?associates? program"
    # a science site's pointer to the paper, under the article ("More information: Marcel J. L.
    # Th. Niekus et al. Middle Paleolithic ...", whose first words made a summary sentence in a
    # new-user run; "Journal reference: PNAS, DOI: ...", 3 Multi-News and 2 textpages lines)
    r"|^more information:\s|^journal reference:|^explore further$",
    re.I,
)
# Phrases that mark a line as site furniture only when the line is short:
# a real sentence may well mention a newsletter or a cookie.
_BOILERPLATE_SHORT = re.compile(
    r"register (?:now|here|for free)|sign (?:in|up)\b|log ?in\b|create an? (?:free )?account"
    r"|subscribe\b|newsletter|(?:join|sign up for|subscribe to) our mailing list|cookie|privacy policy"
    r"|terms of (?:use|service)|all rights reserved|^share (?:this|on)\b|follow us\b|click here|tap here|download (?:our|the) app"
    # a site's own follow line ("Follow CBSMIAMI.COM: Facebook | Twitter", a Multi-News page's title)
    r"|^follow\b.{0,60}\b(?:facebook|twitter|instagram)\b"
    r"|contributed to this report|^(?:additional )?reporting by\b|\bediting by\b|^writing by\b|^compiled by\b"
    r"|trust principles|our standards:|please enter your|leave a (?:comment|reply)|^\d+ comments?$|join the conversation"
    r"|you might also like|^related\b|^popular\b|^trending\b|^most (?:read|popular|viewed)\b"
    r"|^recommended\b|^more (?:from|on|stories)\b|^see also\b"
    # the page pointing past itself ("Read on for the backstage reactions of Jon Cryer, Claire
    # Danes, Louis C.K., Sofia Vergara, and others.", a user trial's summary sentence)
    r"|^(?:read|scroll) on\b|^keep reading\b|^scroll down\b"
    # a button's caption ("Click below to sign the Petition.", a trial's --cluster story)
    r"|^click (?:below|here|on the link|the link)\b"
    r"|for use by clients of|^story filed by|news service$|^&[a-z]{2};|&[a-z]{2};$"
    r"|page (?:was )?not found|could not be found|^error 404\b|^404\b|the page you (?:are looking for|requested)"
    # a short wire editor's note ("(Eds: This story also moved in the ``l'' lifestyle news
    # file.)", after the NYT's &UR; codes; a long one holds the lead: "Eds: UPDATES ... (AP) _
    # An Arctic cold wave ...", which dateline.compress trims) and the NYT budget's "Photo and
    # graphics information and editors' names can be found at the end of this budget." (a
    # DUC 2007 story's headline under --cluster)
    r"|^(?:&[a-z]{2};\s*)*\(eds?:\s|editors' names can be found at the end of this budget",
    re.I,
)
# A furniture phrase ("newsletter", "cookie", "subscribe") condemns a line of
# up to this many words; longer lines are sentences that may mention one.
# Calibrated on textpages dev: 16 -> 30 words gained 0.004 F1 (newsletter
# and follow-us boxes phrased as sentences), 60 no more.
SHORT_LINE_WORDS = 30


# A line this long is several sentences run together (a dump that keeps an
# article on one line, paragraphs joined by spaces): a promotion glued into it
# is cut out rather than the line dropped as furniture.  The trial's Reuters
# article, flattened, lost all of its 900 words to one "Register now to get
# free unlimited access to Reuters.com" (no article left).  Twice the short
# line's words: longer than any promotion line seen on the saved pages.
GLUED_LINE_WORDS = 2 * SHORT_LINE_WORDS
# The promotion, up to the site's address that ends it ("... access to
# Reuters.com Xi did not mention Ukraine ...": no full stop to end it).
_GLUED_PROMO = re.compile(
    r"\s*\b(?:register (?:now|here|for free) to|get free unlimited access)\b[^.!?]{0,80}?"
    r"\b[\w-]+\.(?:com|org|net|co\.uk|com\.au|ca|in)\b\s*",
    re.I,
)


def cut_glued_furniture(line: str) -> tuple[str, list[str]]:
    """A long line less the promotions glued into it (``GLUED_LINE_WORDS``),
    and what was cut: the promotion's own words where they end on the site's
    address, else the sentences that hold one."""
    cut = [m.group(0).strip() for m in _GLUED_PROMO.finditer(line)]
    line = _GLUED_PROMO.sub(" ", line).strip()
    if _BOILERPLATE_ANY.search(line):
        kept = []
        for sentence in split_sentences(line):
            (cut if _BOILERPLATE_ANY.search(sentence) else kept).append(sentence)
        line = " ".join(kept)
    return line, cut


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
    """White space as one space; a zero-width space goes (a title's too)."""
    return _WS.sub(" ", line.translate(_ZERO_WIDTH)).strip()


def is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if len(w) > 3]
    if not words:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75


# The longest headline in title case: 20 words ("Jamie's war on toxic US food:
# Chef and fitness guru Joe Wicks lead plea to Boris Johnson ..." runs to 30,
# but not in title case); a longer line in title case is a run of names.
HEADLINE_MAX_WORDS = 20


def _headline_like(line: str) -> bool:
    """A line in title case with no full stop at its end (a question mark
    may end a headline), of a headline's length (``HEADLINE_MAX_WORDS``)."""
    return (is_title_case(line) and not line.rstrip(CLOSERS).endswith((".", "…"))
            and word_count(line) <= HEADLINE_MAX_WORDS)


def is_prose(line: str, in_body: bool = True) -> bool:
    """A line that reads as body text on its own: sentences, not a menu or a
    headline (the test for article text; saved pages use the context rules)."""
    words = word_count(line)
    # Several sentences in one long line are body text whatever their ending.
    if words >= 25 and len(_SENTENCE_END.findall(line)) >= 2:
        return True
    if ends_like_sentence(line):
        return words >= 5 or (words >= 3 and line.lstrip()[:1] in "\"“‘'")
    # Inside the body, a real sentence may have lost its final stop: long,
    # lower-case prose, one sentence.  Before the body it is a headline.
    if in_body and words >= 15 and not is_title_case(line):
        return re.search(r"[a-z0-9][.!?][\"”’']?\s+[A-Z]", line) is None
    return False


def looks_like_article(lines: list[str]) -> bool:
    """Clean article text (newswire, an extractor's output), not a saved page:
    most lines are prose on their own (see ARTICLE_PROSE_SHARE)."""
    if not lines:
        return False
    return sum(is_prose(l) for l in lines) >= ARTICLE_PROSE_SHARE * len(lines)


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


# A hard wrap breaks every line at about one width, so a paragraph's last
# line is no longer than its longest other line and a word: a heading over a
# paragraph with no blank line between is no wrap.  A page whose <h1> was the
# lede's first nine words had it glued onto the lede ("... will be no better
# this Famine-threatened North Korea's harvest will be no better this year
# ...", a user trial).  Of the 5,254 blocks of two or more lines in
# ../shared/data, 49 (all saved text pages) are no longer read as one line;
# by reading most are a heading or a sentence over its paragraph ("Das Leben
# in Deutschland für Asylbewerber:").
WRAP_SLACK_CHARS = 15


def _is_wrapped_paragraph(lines: list[str]) -> bool:
    """Hard-wrapped prose: several long lines, no bullets, ends like a
    sentence, its last line within one width (``WRAP_SLACK_CHARS``)."""
    if len(lines) < 2 or any(_BULLET.match(l) for l in lines):
        return False
    body = [normalise_space(l) for l in lines]
    if not ends_like_sentence(body[-1]) or len(body[-1]) > max(len(l) for l in body[:-1]) + WRAP_SLACK_CHARS:
        return False
    long_lines = sum(len(l) >= 40 for l in body[:-1])
    return long_lines == len(body) - 1 and not any(ends_like_sentence(l) for l in body[:-1])


# The article's first lines that a headline is matched against.
TITLE_LEDE_LINES = 3
# A header line that shares no word with this many of the article's first
# lines is no headline, whatever else it has for it: the line a page repeats
# most or the only one without a full stop was "Skip to main content",
# "Please enable Javascript to watch this video", "Feature: Owen S Arthur"
# (a sidebar teaser over a football story) or a menu run together.  At 12
# lines 71 of the 3,317 dev-set titles go (the story's headline falls back to
# its first summary sentence): by my reading about 60 were furniture and
# about 8 real headlines whose article opens without their words ("Kein
# Kipppunkt zugunsten des Klimaschutzes"); at 8 lines 78 went, among them
# more real ones, at 20 lines 63, keeping more menus.
TITLE_BODY_LINES = 12
# What a header line's repeats weigh against the words it shares with them: on
# a saved page the menu and the teasers in the sidebar repeat ("Feature: Owen
# S Arthur" twice over a football story), the headline seldom does, so a
# repeat decides only between lines that share no more of the article's words.
TITLE_REPEAT_WEIGHT = 0.25
# A headline does not end on a full stop, unless on an abbreviation ("U.S.",
# "Inc."); a caption, a notice ("Please enter a search term.") or a sentence
# of the article does, and a caption may add its credit after it ("... in
# the second half. (Katherine Frey/The Washington Post)", "... against
# Dominica. (FILE)": 10 Multi-News and textpages titles were such captions).
# A caption cut short by its site keeps the credit after the ellipsis ("...
# as the Rockies hosted the Pittsburgh Pirates in a baseball... (Associated
# Press)"); an ellipsis alone may end a headline, so only with the credit.
# A word starts where no letter stands before it: a search that tried each
# letter of a long run as a start took minutes on a one-line page (a
# property test's 900 KB line, 45 s in this pattern alone).
_ENDS_ON_FULL_STOP = re.compile(
    r"(?<![^\W\d_])(?:[^\W\d_]{4,}\.[" + re.escape(CLOSERS) + r"]*(?:\s*\([^()]{1,60}\))?"
    r"|[^\W\d_]{2,}(?:\.{3}|…)\s*\([^()]{1,60}\))\s*$"
)


def _pick_title(candidates: list[str], lede: str = "", body: str = "") -> str | None:
    """The headline among the header's lines: one the page repeats (the
    title bar and the heading), and above all one that names what the
    article's first lines tell (a headline shares their words; "Skip to main
    content", a blog's motto or a byline does not).  Ties go to the first
    line.  A line that shares no word with the article's first lines
    (``body``) is none."""
    # a breadcrumb trail ends on the page's own name: "Blog » News » open3 »
    # Publikumsvoting beim Wiener Content Award gestartet"
    named = [_BREADCRUMB.split(c)[-1].strip() for c in candidates]
    candidates = [_SLASH_TRAIL.sub("", c) for c in named]
    # the page's name at the end of a trail of slashes counts from two words ("Home / Essays /
    # 2017 / January / Aggression Fotografie"): a trail names the page, a menu line does not
    trailed = {c for c, whole in zip(candidates, named) if c != whole}
    usable = [
        c for c in candidates
        if word_count(c) >= (TRAIL_TITLE_MIN_WORDS if c in trailed else TITLE_MIN_WORDS)
        and not is_boilerplate(c) and not _date_line(c) and not _PHOTO_CREDIT.search(c)
    ]
    if not any(_could_be_headline(c) for c in usable):
        return None
    counts = Counter(usable)
    # the lede less its dateline: "AUSTIN (KXAN) — Texas voters approved ..." made the menu's
    # "KXAN, CW Austin, KBVO Channels & Schedule" the headline of a station's page
    told = _title_words(compress(lede))

    def score(line: str) -> float:
        repeats = TITLE_REPEAT_WEIGHT * counts[line]
        if not _could_be_headline(line):
            return repeats - 1.0
        # shared words over the square root of the line's: a long headline
        # that names the story beats a short scoreline ("HEAT 121, THUNDER 106")
        words = _title_words(line)
        return repeats + (len(words & told) / math.sqrt(len(words)) if words else 0.0)

    best = max(usable, key=score)
    if told and not _title_words(best) & _title_words(body):  # body holds the lede
        return None
    return best.strip(TITLE_EDGE_MARKS) or None


# A headline has four words or more: fewer is a menu's or a section's name
# ("Sport", "Aktuelle Meldungen"); at the end of a trail, two.
TITLE_MIN_WORDS = 4
TRAIL_TITLE_MIN_WORDS = 2

# Separators and arrows a saved title bar or a "previous post" link leaves at a
# title's ends: "Letters to the Editor |", "← SW081 – Europaqual".
TITLE_EDGE_MARKS = " |/–—-·•←→"


def _could_be_headline(line: str) -> bool:
    """Not a caption, a notice or a sentence of the article (a full stop
    after a word at its end), nor a byline or a time stamp (a full date or a
    time of day in it: "Published on May 3, 2015", "Do 24. Mai 2018, 08:30 |
    ANZEIGE", "In this July 1, 2017, photo, ...")."""
    return not (_ENDS_ON_FULL_STOP.search(line) or _FULL_DATE.search(line) or _CLOCK_TIME.search(line))


_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}(?:h\b|\b)")  # "04:41h" in Spanish
# A breadcrumb trail ("Home > News", "Sie sind hier: Startseite » Essen »
# Essen Teil 2") and a photo's credit ("Trybunał Konstytucyjny /
# Shutterstock"): no headline (the new-user trial's foreign pages).
_BREADCRUMB = re.compile(r">|\s[»›]\s")
# A trail of slashes, two steps or more of a few words each, before the page's
# name: "Home / Fit & Gesund / Diät & Ernährung / Wie kann ich schnell
# abnehmen? ..." (a German page's headline in a new-user run); one slash is
# no trail ("Trump / Russia" or a photo's credit).
_SLASH_TRAIL = re.compile(r"^(?:[^/\n]{1,30}?\s/\s){2,}")
_PHOTO_CREDIT = re.compile(
    r"(?:/|\||©|\bFoto:|\bPhoto:)\s*(?:Shutterstock|Getty(?: Images)?|iStock(?:photo)?|AFP|AP(?: Photo)?|Reuters|dpa|EPA|"
    r"Imago|Alamy|picture alliance|Keystone|ANSA|PAP|Agencja Gazeta|Forum|East News)\b[^\n]{0,40}$"
    # any photographer's name after a dash at the end ("... Bürgermeisterin Großgemeinde im Kreis
    # Fulda. - Foto: Hendrik Urbin", a German page's caption taken for its headline)
    r"|\s[-–—|]\s*(?:Foto|Photo|Bild|Fotos|Photos)\s*:\s*[^\n]{1,40}$",
    re.I,
)


def _title_words(text: str) -> set[str]:
    """A line's words of four letters or more, lower case: enough to tell a
    headline's subject from a menu's in any language, without a stop list.
    Chinese and Japanese runs give their character bigrams instead."""
    found = {w.lower() for w in _TITLE_WORD.findall(text)}
    for run in CJK_RUN.findall(text):
        found.update(cjk_bigrams(run))
    return found


_TITLE_WORD = re.compile(rf"[^\W\d_{CJK_CLASS}]{{4,}}")


# A header line that is no outlet's name: a byline ("By ROBERT W. BLACK",
# "(by Wang Jinyu)"), or a line that starts or ends on a mark ("EDITORS:",
# "NEW YORK _", "Search for:"); a name ends on a letter, a figure or ")".
_NOT_A_NAME = re.compile(r"^[\W_]*by\b|^[\W_]|[^\w)]$|_$", re.I)
# A saved page's first line is as often a link of its menu as the site's
# name: "Home", "Menü", "Direkt zum Inhalt", "Skip to Content", "E-Paper"
# were 29 of the 74 outlets guessed on textpages dev.  An outlet's name
# counts its articles as one source, so a label must not pass for one.
_NAVIGATION_LABEL = re.compile(
    r"^(?:home(?: ?page)?|start(?:seite)?|inicio|portada|accueil|strona g\w+|menu|menü|men[uú] principal|navigation"
    r"|(?:direkt |springe )?zum (?:haupt)?inhalt|inhalt|skip to (?:main )?content|skip navigation|aller au contenu"
    r"|ir al contenido|przejdź do treści|close|schlie(?:ß|ss)en|search|suche|buscar|rechercher|szukaj"
    r"|log ?in|anmelden|einloggen|connexion|zaloguj się|register|registrieren|abo(?:nnemente?|nnieren)?|subscribe"
    r"|e-?paper|news|nachrichten|aktuelles|actualités|noticias|wiadomości|beiträge|posts|blog|magazin(?:e)?"
    r"|copyright|impressum|kontakt|contact|facebook|twitter|instagram|youtube|linkedin|likes?|teilen|share"
    r"|anzeige|werbung|reklama|advertisement|publicidad|gutscheine|deutsch|english|español|français|polski"
    r"|edition:? \w+|ausgabe:? \w+|(?:\d+\. )?(?:bundesliga|liga)|politics|politik|sport)$",
    re.I,
)


def _pick_outlet(header: list[str], title: str | None, footer_names: str = "") -> str | None:
    """The masthead: a short capitalised line at the top of the header, above
    some other line (the headline, a tagline, a menu).  A header of one line
    (dates aside) is the story's own heading, right over the body, not an
    outlet: newswire has no masthead ("NATIONAL FORECAST" over a weather
    story, "Editors" over an advisory).  On a saved page this loses a site
    name alone over the text (2 of 496 textpages dev pages).

    A saved page's first short line is more often the first link of its menu
    ("Foren", "World", "Navigation und Service": about 80 of the 120 mastheads
    guessed on textpages dev) than the site's name, and a wrong name would
    join unrelated pages into one source.  So the line is a masthead only
    with evidence: the page's copyright line names it (``footer_names``:
    "© 2024 America Age"), or a tagline follows it ("Budapest Post" over
    "Cum Deo pro Patria et Libertate"), where a menu has another label."""
    if sum(not _date_line(line) for line in header) == 1:
        return None
    lines = [line for line in header if not _date_line(line)]
    for n, line in enumerate(lines[:4]):
        if line == title:
            return None
        if (
            1 <= word_count(line) <= 4
            and not ends_like_sentence(line)
            and is_title_case(line)
            and not is_boilerplate(line)
            and not _NOT_A_NAME.search(line)
            and not _NAVIGATION_LABEL.match(line)
            and (line.lower() in footer_names.lower() or _over_headline(lines[n + 1] if n + 1 < len(lines) else "", title))
        ):
            return line
        return None
    return None


def _over_headline(line: str, title: str | None) -> bool:
    """The line under a masthead: the headline, or a site's motto, a phrase
    of several words, some of them lower case (a menu's labels are
    capitalised words), not a label ending in a colon ("Springe direkt zu:")."""
    if line and line == title:
        return True
    return (
        word_count(line) >= TAGLINE_MIN_WORDS
        and any(len(word) > 2 and word.isalpha() and word.islower() for word in line.split())
        and not line.rstrip().endswith(":")
        and not is_boilerplate(line)
        and not _URL_IN_LINE.search(line)
    )


# A tagline has at least this many words: "Journal von Andrea Bottlinger",
# "Beauty, Bücher und mehr..." (two-word lines under a menu label are the
# next labels: "Week's top", "About Me").
TAGLINE_MIN_WORDS = 3
_URL_IN_LINE = re.compile(r"\b[\w-]+\.(?:com|de|org|net|at|ch|fr|es|pl|info|io)\b/", re.I)


# A copyright line of the page's footer: "© 2023 MediaNews Group", "Copyright
# © 2022 SPOX. Alle Rechte vorbehalten.", "© Copyright 2020 Meredith
# Corporation".  Only a line that starts with it: "... © Burkard Meyer" after
# a caption credits a photographer, not the outlet.  The page's last such
# line is taken (the footer's, below any photo credit).
_YEARS = r"\d{4}(?:\s*[-–]\s*\d{4})?"
_RIGHTS = r"all rights reserved|alle rechte vorbehalten|tous droits r[ée]serv[ée]s|todos los derechos reservados|wszelkie prawa zastrzeżone"
# Stock-photo agencies sign pictures, not pages: "© Getty Images" under a
# photo is no outlet even as the page's last copyright line.
_PHOTO_AGENCY = r"getty\b|istock|shutterstock|stock\.adobe|adobe ?stock|unsplash|pixabay|pexels|thinkstock|imago\b|picture.alliance|dpa\b"
_COPYRIGHT_OWNER = re.compile(
    rf"^\s*(?:copyright\s*(?:{_YEARS}\s*)?|prawa autorskie\s*)?(?:©|\(c\))\s*(?:copyright\s*)?(?:{_YEARS}\s*)?(?:copyright\s*)?(?:by\s+)?"
    rf"(?P<owner>(?!{_RIGHTS}|copyright\b|{_PHOTO_AGENCY})[^\W\d_][\w&.'’ -]{{1,50}}?)"
    # the name ends at the years or the rights that follow it ("© Phys.org
    # 2003 - 2020 powered by Science X Network" names Phys.org)
    rf"(?:(?:\s*[-–,]\s*|\s+){_YEARS}\b.*|\s*[.,]?\s*(?:[-–|]\s*)?(?:(?:{_RIGHTS})\b.*|$))",
    re.I,
)


# A line that carries two or more dates in a few words is a time stamp
# ("PUBLISHED: January 16, 2023 at 4:30 p.m. | UPDATED: January 17, 2023 at
# 3:58 a.m.") or an archive list's entry ("Jul 13, 2015 Save the Arctic Jul
# 13, 2015"), not a sentence a summary should tell: 471 such lines on
# textpages dev (2 in the main text: a press release's reference, a speech's
# place and date), 1 in the DUC/TAC/Multi-News newswire (a table row).  The
# ranker leaves them out (rank.summarize_articles); the cleaner keeps what
# its line classifier keeps.
_FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\s+\d{{4}}"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})\b",
    re.I,
)
DATE_STAMP_MAX_WORDS = 16


def is_date_stamp(line: str) -> bool:
    return word_count(line) <= DATE_STAMP_MAX_WORDS and len(_FULL_DATE.findall(line)) >= 2


# An AP editorial code left at the end of a story: "Mitch _ once, 2nd graf pvs".
_WIRE_TRAILER = re.compile(
    r"(?<=[.!?\"”’'])\s+[^.!?]{0,40}\b(?:\d+(?:st|nd|rd|th) (?:graf|grafs|ld)|grafs? \d+|pvs|writethru|pickup|precede)\b[^.!?]{0,40}$",
    re.I,
)

# ---------------------------------------------------------------------------
# line classification: jusText's, on lines instead of HTML paragraphs

# jusText's own defaults (justext.core): a line under LENGTH_LOW characters
# is "short"; stop-word density at or above STOPWORDS_HIGH is prose, between
# STOPWORDS_LOW and STOPWORDS_HIGH near prose.  On textpages dev, F1 moved
# by at most 0.005 over 60-80 characters and 0.25-0.36 densities: kept.
LENGTH_LOW = 70
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
# jusText calls a paragraph "good" only above 200 characters; a saved-text
# line is one block and news paragraphs are often shorter, so on textpages
# dev 200 left most article lines "near good" and whole pages empty: any
# line of LENGTH_LOW characters with prose density is good here.
GOOD_LINE_CHARS = LENGTH_LOW
# A long line that ends like a sentence is near prose from this stop-word
# density (named things, figures and quotes are sparse in function words);
# textpages dev: +0.03 recall at 0.10.
SENTENCE_STOPWORDS = 0.10
# A short line that is a whole sentence of this many words, dense in stop
# words, is near prose (textpages dev: 6 over 4, 5 and none).
SHORT_SENTENCE_WORDS = 6
# Runs of short lines between prose lines: one is a subheading, dateline or
# caption in the text; two or more are a menu or a box (textpages dev:
# F1 0.80 at 1 line, falling with longer runs).
MAX_SHORT_RUN = 1
# A short heading is text when the very next line is prose (jusText looks
# 200 characters ahead, which on saved text takes whole menus with it).
HEADING_LOOKAHEAD_LINES = 1

# Main region.  Prose lines score their length; crossing a line of
# furniture costs its length times GAP_CHAR_COST plus GAP_LINE_COST.
# Another stretch is kept too when its score is SECOND_REGION_SHARE of the
# main one's.  Calibrated on textpages dev (even and odd pages agree):
# costs 0.25-2 per char and 25-100 per line span F1 0.83-0.85 and trade
# precision for recall; shares 0.1-0.25 stay within 0.005.
GAP_CHAR_COST = 1.0
GAP_LINE_COST = 50
SECOND_REGION_SHARE = 0.15
# After an end marker ("Related Articles", "Leave a comment") the article
# resumes only with this many prose lines in a row (a box in mid-article
# is followed by the rest of the text; a page's tail is not).
RESUME_PROSE_LINES = 3
# A page with no prose line is still an article when a sentence of this many
# words (the "8+ word sentence" on DUC/TAC newswire) introduces it.
LIST_INTRO_WORDS = 8
# Text in which at least this share of the lines is prose on its own
# (``is_prose``) is article text, not a saved page: every prose line (and
# subheading) is kept and only furniture and end-of-page tails go, with no
# main-region choice
# (that choice dropped one-line leads such as "ATLANTA _ Newt Gingrich is a
# bachelor again." and cost DUC 2007 update 0.2 ROUGE-2).  Calibrated on
# textpages dev (all but one of 496 pages have under 0.67 of their lines
# prose, most under 0.15) against the DUC/TAC newswire (nine in ten
# articles at 0.85 or more).
ARTICLE_PROSE_SHARE = 0.7
# On a saved page, a line of up to this many words that comes back on the
# same page is navigation (a menu at the top and again at the foot, a
# teaser's title over its blurb) wherever it stands; longer ones are most
# often the headline, shown twice.  Textpages dev: F1 0.864 -> 0.866-0.867
# for 2 to 6 words, both halves up, English news unchanged (with no word
# limit: 0.866, but headlines lost and English news 0.871 -> 0.866).
REPEATED_LINE_WORDS = 6
# On a saved page (not article text, see ARTICLE_PROSE_SHARE) the lines kept
# are those that the learned line classifier (``linemodel``: gradient-boosted
# trees on language-independent features of the line and its neighbours,
# the rules' classes and main region among them) gives at least this
# probability of being article text; furniture, end markers and a page's
# tail stay out whatever it says.  The plain 0.5 of a probability, not tuned.
# Textpages dev, trained on one half and scored on the other: even pages
# F1 0.860 -> 0.876, odd pages 0.875 -> 0.888, no more empty outputs
# (``python -m bench.train_lines``; the shipped model is trained on all).
# The probability is the line's keep marginal under the CRF over the page's
# lines that lines_model.json carries beside the trees (``linemodel.Chain``),
# the trees' own where it carries none: 5 folds held out through clean_text
# (``python -m bench.train_lines --shipped-path --folds 5``), F1 0.886 with
# the trees' probability, 0.893 with the CRF's marginal.  With the opening
# and bag-of-words columns under the trees (bench.train_lines OPENING,
# LEX_BITS), over two sets of tree seeds: at 0.5 P 0.906 / 0.909, R 0.888 /
# 0.890, F1 0.897 / 0.899; at 0.45 P 0.897 / 0.895, R 0.903 / 0.899, F1
# 0.900 / 0.897; at 0.4 F1 0.897 / 0.896 (R 0.910 / 0.909).  0.45 for the
# issue's recall, at the same F1.  With the words' character n-grams of 3-5
# characters in the bag of words (2**14 buckets, C 3; bench.train_lines
# LEX_CHAR), three sets of tree seeds (0-4, 5-9, 10-14; ``--shipped-path
# --folds 5 --held-thresholds 0.4,0.45,0.5 --seed-base 0|5|10``): at 0.45
# P 0.900 / 0.902 / 0.904, R 0.905 / 0.9005 / 0.904, F1 0.9025 / 0.901 /
# 0.904 (0.900 / 0.897 / 0.899 before); at 0.5 F1 0.905 / 0.903 / 0.903 but
# R 0.899 / 0.892 / 0.8945; at 0.4 F1 0.901 / 0.901 / 0.902, R 0.913 / 0.911
# / 0.916.  Still 0.45.
LINE_MODEL_THRESHOLD = 0.45
# ... on a saved page of at least this many lines.  Saved web pages are long
# (textpages dev: one page in 496 under 15 lines, 19 in 20 over 47); short
# texts that miss the article gate are newswire of odd shape (a digest of
# headlines by paper), which the model, trained on web pages, knows nothing
# of: the rules keep them as before.  Dev cross-half F1 within 0.001.
LINE_MODEL_MIN_LINES = 15
# Where the model keeps no prose line and the rules keep nothing, the page
# would come out empty; it keeps instead the model's best run of lines (a
# gallery page whose text is all short captions: textpages dev page 221),
# where one of them ends like a sentence (not a list of tags: page 182,
# whose saved text holds no article, stays empty).  Only in-sample: a model
# not trained on page 221 gives its captions 0.03-0.10 and the page stays
# empty; held-out P / R / F1 the same to four decimals (bench/README.md).
EMPTY_PAGE_FALLBACK = True
# Language guessing reads at most this many words (bounded time on any input).
LANGUAGE_SAMPLE_WORDS = 3000
# Text without spaces between words (Chinese, Japanese): a line of this many
# characters ending like a sentence is prose; stop words cannot be counted.
UNSPACED_LINE_CHARS = 25


@lru_cache(maxsize=1)
def _stop_index() -> dict[str, tuple[str, ...]]:
    """Every stop word of jusText's lists -> the languages that list it."""
    import justext

    index: dict[str, list[str]] = defaultdict(list)
    for lang in sorted(justext.get_stoplists()):
        for word in justext.get_stoplist(lang):
            index[word].append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


@lru_cache(maxsize=None)
def stoplist(language: str) -> frozenset[str]:
    import justext

    return justext.get_stoplist(language)


def _language_hits(text: str) -> Counter[str]:
    """How many of the text's words each jusText stop list holds."""
    index = _stop_index()
    # Each distinct word looked up once (a common word is in dozens of
    # lists), in order of first appearance, so ties break as word by word.
    words = Counter(w.lower() for w in text.split(maxsplit=LANGUAGE_SAMPLE_WORDS)[:LANGUAGE_SAMPLE_WORDS])
    hits: Counter[str] = Counter()
    for word, count in words.items():
        for lang in index.get(word, ()):
            hits[lang] += count
    return hits


def guess_language(text: str) -> str:
    """The jusText stop list the text's words hit most (English if none)."""
    hits = _language_hits(text)
    return hits.most_common(1)[0][0] if hits else "English"


# Text is taken for another language than English only when the English
# list holds under this share of the best list's hits.  Some lists hold
# English words (Marathi's took 72 of 2,820 DUC/TAC/Multi-News articles), but
# on English text the English list's hits were at least 0.69 of the best
# list's (0.87 but for one article); on the 410 textpages dev pages in other
# languages they were under 0.6 on all but four.
FOREIGN_TEXT_ENGLISH_SHARE = 0.6


def foreign_stop_words(text: str, *, common: bool = False) -> frozenset[str]:
    """The function words of the text's language when that is not English
    (the lexicon's own stop list is English), else none: the language's list
    of ``lexicon.function_words``, or jusText's where that has none.

    ``common`` adds jusText's list, the language's most frequent words, news
    words among them ("berlin", "regierung", "jahr"): what the clusterer
    leaves out, since unrelated stories share them.  Over the 349 German
    textpages dev pages, unrelated pages all, ``--cluster`` put 201 pages in
    stories of two or more with jusText's list alone, 207 with the function
    words alone, 185 with both.  The ranker keeps the news words: with them
    hidden, "Der Präsident verurteilte den Angriff auf die Bevölkerung" was no
    paraphrase of "Der Präsident sprach von einem Angriff auf die Bevölkerung"."""
    language = foreign_language(text)
    return stop_words_of(language, common=common) if language else frozenset()


def stop_words_of(language: str, *, common: bool = False) -> frozenset[str]:
    """``foreign_stop_words`` for a language already known."""
    words = function_words(language)
    if common or not words:
        words = words | stoplist(language)
    return words


def foreign_language(text: str) -> str | None:
    """The text's language (a jusText name) when it is not English, by the
    ``FOREIGN_TEXT_ENGLISH_SHARE`` rule; None for English."""
    hits = _language_hits(text)
    if not hits:
        return None
    language, best = hits.most_common(1)[0]
    if language == "English" or hits["English"] >= FOREIGN_TEXT_ENGLISH_SHARE * best:
        return None
    return language


def guess_stoplist(text: str) -> frozenset[str]:
    return stoplist(guess_language(text))


@dataclass
class _Line:
    text: str
    furniture: bool = False  # a boilerplate phrase, caption or copyright line
    end_marker: bool = False
    heading: bool = False
    cf_class: str = ""  # context-free: good | neargood | short | bad
    class_type: str = ""  # after context
    lead: bool = False  # a one-sentence line that opens a paragraph of prose
    item: bool = False  # a bulleted list item ("• World"), its glyph taken off


def _short_sentence(text: str) -> bool:
    """A whole sentence too short to be prose by length ("ATLANTA -- Jerry
    Springer knows how to fight."): text when prose follows it."""
    return ends_like_sentence(text) and word_count(text) >= SHORT_SENTENCE_WORDS and not is_title_case(text)


_INTRODUCES = re.compile(f"[{re.escape(SENTENCE_STOPS)}:：][\"”’']?$")


def _unspaced(text: str) -> bool:
    return len(text) >= 10 and text.count(" ") * 20 < len(text)


def _classify(line: _Line, stops: frozenset[str]) -> str:
    text = line.text
    if line.furniture or line.end_marker:
        return "bad"
    sentence = ends_like_sentence(text)
    if _unspaced(text):
        return "good" if sentence and len(text) >= UNSPACED_LINE_CHARS else "short"
    words = text.split()
    density = sum(w.lower() in stops for w in words) / len(words)
    if len(text) < LENGTH_LOW or (not sentence and is_title_case(text)):
        if sentence and len(words) >= SHORT_SENTENCE_WORDS and density >= STOPWORDS_LOW:
            return "neargood"
        return "short"
    if density >= STOPWORDS_HIGH:
        # A long line with no sentence punctuation anywhere (a tag list, a
        # run of link titles) is near prose at best (textpages dev: +0.003).
        return "good" if len(text) >= GOOD_LINE_CHARS and HAS_STOP.search(text) else "neargood"
    if density >= STOPWORDS_LOW or (sentence and density >= SENTENCE_STOPWORDS):
        return "neargood"
    return "bad"


def _neighbour(lines: list[_Line], i: int, step: int, ignore_neargood: bool) -> str:
    i += step
    while 0 <= i < len(lines):
        c = lines[i].class_type
        if c in ("good", "bad") or (c == "neargood" and not ignore_neargood):
            return c
        i += step
    return "bad"


def _revise(lines: list[_Line]) -> None:
    """jusText's context-sensitive pass, with runs of short lines for blocks."""
    n = len(lines)
    for line in lines:
        line.class_type = line.cf_class
    for i, line in enumerate(lines):
        if line.class_type == "short" and (line.heading or _short_sentence(line.text)):
            if any(lines[j].class_type == "good" for j in range(i + 1, min(n, i + 1 + HEADING_LOOKAHEAD_LINES))):
                line.class_type = "neargood"
                line.lead = not line.heading
    i = 0
    while i < n:
        if lines[i].class_type != "short":
            i += 1
            continue
        j = i
        while j < n and lines[j].class_type == "short":
            j += 1
        prev, nxt = _neighbour(lines, i, -1, True), _neighbour(lines, j - 1, 1, True)
        if j - i > MAX_SHORT_RUN:
            cls = "bad"
        elif prev == "good" and nxt == "good":
            cls = "good"
        elif prev == "bad" and nxt == "bad":
            cls = "bad"
        elif (prev == "bad" and _neighbour(lines, i, -1, False) == "neargood") or (
            nxt == "bad" and _neighbour(lines, j - 1, 1, False) == "neargood"
        ):
            cls = "good"
        else:
            cls = "bad"
        for k in range(i, j):
            lines[k].class_type = cls
        i = j
    for i, line in enumerate(lines):
        if line.class_type == "neargood":
            both_bad = _neighbour(lines, i, -1, True) == "bad" and _neighbour(lines, i, 1, True) == "bad"
            line.class_type = "bad" if both_bad else "good"


def _best_segment(values: list[float], lo: int, hi: int) -> tuple[float, tuple[int, int] | None]:
    best, span, run, start = 0.0, None, 0.0, lo
    for i in range(lo, hi):
        if run <= 0:
            run, start = 0.0, i
        run += values[i]
        if run > best:
            best, span = run, (start, i + 1)
    return best, span


def _tail(lines: list[_Line]) -> list[bool]:
    """Lines after an end marker ("Related Articles", "Leave a comment") that
    follows prose: other stories and site chrome, until the article resumes
    with RESUME_PROSE_LINES prose lines in a row (a single short line, such
    as a subheading, does not break the row)."""
    tail = [False] * len(lines)
    in_tail, seen_prose, run = False, False, []
    for i, line in enumerate(lines):
        prose = line.cf_class in ("good", "neargood")
        if line.end_marker and seen_prose:
            in_tail, run = True, []
        elif in_tail:
            if prose:
                run.append(i)
                if len(run) >= RESUME_PROSE_LINES:
                    in_tail = False
                    for k in range(run[0], i + 1):
                        tail[k] = False
                    continue
            elif line.cf_class != "short" or (i and lines[i - 1].cf_class == "short"):
                run = []
        seen_prose = seen_prose or prose
        tail[i] = in_tail or line.end_marker
    return tail


def _main_region(lines: list[_Line], tail: list[bool]) -> list[bool]:
    """Which lines are in the main region (see the module's docstring)."""
    values = []
    for line, in_tail in zip(lines, tail):
        if line.class_type == "good" and not in_tail:
            values.append(len(line.text) if line.cf_class in ("good", "neargood") or line.lead else 0.0)
        else:
            values.append(-(len(line.text) * GAP_CHAR_COST + GAP_LINE_COST))
    best, span = _best_segment(values, 0, len(values))
    inside = [False] * len(lines)
    if span is None:
        # No prose-length line at all (a short note, a one-paragraph item):
        # every sentence-like line that is neither furniture nor tail.
        return [l.cf_class in ("good", "neargood") and not t and bool(HAS_STOP.search(l.text)) for l, t in zip(lines, tail)]
    spans, todo = [span], [(0, span[0]), (span[1], len(values))]
    while todo:
        lo, hi = todo.pop()
        score, other = _best_segment(values, lo, hi)
        if other is not None and score >= SECOND_REGION_SHARE * best:
            spans.append(other)
            todo += [(lo, other[0]), (other[1], hi)]
    for a, b in spans:
        for k in range(a, b):
            inside[k] = not tail[k]
    return inside


def _rule_keep(lines: list[_Line], tail: list[bool]) -> tuple[list[bool], list[bool]]:
    """The rules' decision on a saved page: (keep, inside the main region);
    ``tail``: ``_tail(lines)``."""
    inside = _main_region(lines, tail)
    keep = [inside[i] and (l.class_type == "good" or l.cf_class == "neargood") for i, l in enumerate(lines)]
    return keep, inside


def _saved_page_keep(lines: list[_Line], stops: frozenset[str]) -> list[bool]:
    """A saved page's lines to keep: the learned line classifier's (see
    LINE_MODEL_THRESHOLD), the rules' where its file is missing."""
    from . import linemodel

    tail = _tail(lines)
    keep, inside = _rule_keep(lines, tail)
    model = linemodel.load()
    if model is None or len(lines) < LINE_MODEL_MIN_LINES:
        return keep
    p = model.predict_proba(linemodel.features(lines, stops, keep, inside, tail, getattr(model, "extras", None)))
    learned = [
        bool(p[i] >= LINE_MODEL_THRESHOLD) and not (l.furniture or l.end_marker or tail[i])
        for i, l in enumerate(lines)
    ]
    # Short lines alone are no article (a 404 page, a cookie notice): the
    # model must keep a prose line, or the rules decide.
    if not any(k and l.cf_class in ("good", "neargood") for k, l in zip(learned, lines)):
        if any(keep) or not EMPTY_PAGE_FALLBACK:
            return keep
        # The rules keep nothing either: rather than an empty page, the
        # model's best run of kept lines (see EMPTY_PAGE_FALLBACK).
        run = _best_run(learned, p)
        return run if any(k and ends_like_sentence(l.text) for k, l in zip(run, lines)) else keep
    return learned


def _best_run(learned: list[bool], p) -> list[bool]:
    """Only the run of consecutive ``learned`` lines whose probabilities
    above LINE_MODEL_THRESHOLD add up most (nothing where none is learned)."""
    best, best_score, start, score = None, 0.0, None, 0.0
    for i, k in enumerate(list(learned) + [False]):
        if k:
            if start is None:
                start, score = i, 0.0
            score += float(p[i]) - LINE_MODEL_THRESHOLD
        elif start is not None:
            if score > best_score:
                best, best_score = (start, i), score
            start = None
    out = [False] * len(learned)
    if best:
        out[best[0]:best[1]] = [True] * (best[1] - best[0])
    return out


def _lines(text: str) -> list[str]:
    out = []
    for block in _blocks(text):
        lines = [" ".join(normalise_space(l) for l in block)] if _is_wrapped_paragraph(block) else block
        out.extend(lines)
    return out


def line_as_read(raw_line: str) -> str:
    """A line as the cleaner judges it (and lists it in ``removed``): white
    space runs made one space, a bullet glyph taken off ("• Trending" is
    "Trending"), so the TUI can find a removed line in the text as read."""
    line = normalise_space(raw_line)
    bullet = _BULLET_GLYPH.match(line)
    return line[bullet.end():] if bullet else line


def clean_text(raw: str, title_hint: str | None = None) -> Cleaned:
    """Clean one article's text.  ``title_hint`` is a title known from metadata."""
    text = _C1_ESCAPE.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = ESCAPE_SEQUENCE.sub(" ", text.translate(_C1_AS_CP1252))
    text, removed = strip_markup(text.translate(_INVISIBLE))
    credits: list[str] = []
    source: str | None = None
    footer_names: list[str] = []  # the page's copyright lines, which name its owner
    date: str | None = None
    lines: list[_Line] = []
    for raw_line in _lines(text):
        line = _WIRE_CODE.sub("", line_as_read(raw_line))
        for pattern in (_SIGN_OFF, _WIRE_TRAILER):
            cut = pattern.search(line)
            if cut:
                removed.append(cut.group(0).strip())
                line = line[: cut.start()]
        if word_count(line) > GLUED_LINE_WORDS and _BOILERPLATE_ANY.search(line):
            line, cut = cut_glued_furniture(line)
            removed.extend(cut)
        glued = _READ_MORE.search(line)
        if glued and word_count(line) > 6:
            removed.append(glued.group(0).strip())
            line = line[: glued.start()].rstrip()
        if not line:
            continue
        for match in _CREDIT.finditer(line):
            credits.append(match.group("wire").strip())
        owner = _COPYRIGHT_OWNER.match(line)
        if owner:
            source = owner.group("owner").strip()
        if "\xa9" in line or "copyright" in line.lower():
            footer_names.append(line)
        end = bool(_END_MARKER.match(line))
        furniture = is_boilerplate(line) or bool(_CAPTION.search(line)) or "\xa9" in line
        heading = not end and not ends_like_sentence(line) and word_count(line) <= 15
        item = bool(_BULLET_GLYPH.match(normalise_space(raw_line)))
        lines.append(_Line(line, furniture=furniture, end_marker=end, heading=heading, item=item))

    english = False
    if lines:
        language = guess_language(" ".join(l.text for l in lines[:2000]))
        stops, english = stoplist(language), language == "English"
        article = looks_like_article([l.text for l in lines])
        if not article:
            # Navigation repeated on the page (see REPEATED_LINE_WORDS); not
            # in article text, where a short line said twice is a quote.
            counts = Counter(l.text for l in lines)
            for line in lines:
                if counts[line.text] > 1 and word_count(line.text) <= REPEATED_LINE_WORDS:
                    line.furniture = True
        for line in lines:
            line.cf_class = _classify(line, stops)
        _revise(lines)
        if article:
            tail, body = _tail(lines), False
            keep = []
            for l, t in zip(lines, tail):
                # Prose lines, and the short lines the context rules make
                # text (a subheading over a paragraph): DUC 2007 update
                # ROUGE-2 11.27 -> 11.33, Multi-News (50) 17.94 -> 18.05.
                text_line = l.cf_class == "short" and l.class_type == "good"
                keep.append(not (t or l.furniture) and (is_prose(l.text, in_body=body) or text_line))
                body = body or keep[-1]
        else:
            keep = _saved_page_keep(lines, stops)
    else:
        keep = []

    # A line with no word of two letters is a counter or a number ("2.4K" and
    # "53", a science page's share counts, were its article's first lines and
    # kept its headline out of the header): no text.
    keep = [k and bool(TWO_LETTERS.search(l.text)) for k, l in zip(keep, lines)]

    # Headings kept ahead of the first prose line are the page's headline:
    # they go with the header, where the title is picked from.  So do lines in
    # title case with no full stop at their end: a list of other stories'
    # headlines over the article ("Bitcoin and Cryptocurrencies Navigate a
    # Price Maze, Confined to a Corridor", a site's trending list, whose
    # "Florida Man ..." became the story's headline in a new-user run).  In
    # English only: German capitalises its nouns, and on German pages the
    # rule took lines of the article (textpages recall 0.945 -> 0.942).
    first_prose = next((i for i, l in enumerate(lines) if keep[i] and not (
        (l.heading and not HAS_STOP.search(l.text)) or (english and _headline_like(l.text)))), None)
    if first_prose is not None:
        for i in range(first_prose):
            keep[i] = False
    if lines and not any(keep) and any(
        _INTRODUCES.search(l.text) and word_count(l.text) >= LIST_INTRO_WORDS and not l.furniture for l in lines
    ):
        # No prose at all, but a list introduced by a sentence ("Winners of
        # the awards presented Sunday night:"): all that is not furniture.
        keep = [not (l.furniture or l.end_marker) for l in lines]

    kept: list[str] = []
    header: list[str] = []  # lines before the body starts
    seen: set[str] = set()
    stamps: list[tuple[int, str]] = []  # the header's date lines, where they stand in ``lines``
    body = next((i for i, k in enumerate(keep) if k), len(lines))
    for at, (line, keep_it) in enumerate(zip(lines, keep)):
        value = line.text
        if not keep_it:
            if not kept:
                header.append(value)
                stamp = _date_line(value)
                if stamp:
                    stamps.append((at, stamp.group(0).strip()))
            removed.append(value)
            continue
        dateline = _DATELINE.match(value)
        if dateline:
            credits.append(dateline.group("wire"))
            removed.append(value[: dateline.end()].strip())
            value = value[dateline.end():]
        key = value.lower()
        if key in seen:
            removed.append(value)
            continue
        seen.add(key)
        kept.append(value)

    title = title_hint or _pick_title(header, " ".join(kept[:TITLE_LEDE_LINES]), " ".join(kept[:TITLE_BODY_LINES]))
    if date is None:
        date = next((d for at, d in stamps if not _masthead_date(lines, at, body)), None)
    outlet = _pick_outlet(header, title, "\n".join(footer_names)) or source
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
