"""What the reader asks and what the reader has read: a focus question
(``--focus``) and the articles already seen (``--seen``), as the ranker uses
them.

The focus is a bag of stemmed content words, less the words every question
uses ("describe", "include", "reported"); a sentence's relevance is the
IDF-weighted share of those words it carries (a word met only through
another of its family, "separatist" for "separatism", counting half:
``rank.FAMILY_SHARE_OF_WEIGHT``), plus half the mean share of
its neighbours in its article (``rank.RankWeights.focus_context``: an answer
runs on past the sentence that names the question's words), and the
concepts (stem bigrams) that contain one weigh more, and centrality is
measured among the sentences that answer the question (a biased random walk,
rank._biased_walk).  This is the classic query-focused recipe of the DUC
2005-2007 systems: it keeps the ranker's multi-source support, redundancy
control and citations, and only tilts what counts as salient.

What was seen counts as already covered: the concepts the reader would
remember (``Seen.remembered``) weigh less, and a sentence that mostly
restates a seen sentence is left out (the update-summary recipe of DUC 2007
/ TAC 2008), and among the new articles the earlier-dated ones, the first
reports after the reading, are a little preferred
(``rank.RankWeights.seen_lateness``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .attribute import QUOTED_MIN_STEMS, quoted_stems, speaker_words, surname_of
from .clean import foreign_stop_words
from .dates import MONTH_NAME, WEEKDAY_NAME, WEEKDAY_WHOLE
from .lexicon import Acronyms, analyse, content_words, drop_words, lemma_stem, number_values, stem, words
from .records import Article, text_digest

__all__ = ["Focus", "Seen", "focus_of", "seen_of", "tells", "QUESTION_WORDS", "SEEN_REMEMBERED_SHARE"]

# Words of the question itself, not of its subject: DUC topic narratives
# ("Describe ... Include predictions and expectations reported in the
# press") and the way users phrase a focus ("What did X say about Y?").
# Stop words are already gone through lexicon.analyse.
QUESTION_WORDS = frozenset(
    stem(w)
    for w in """
    describe description discuss discussion explain identify include including information inform
    report reported reports reporting press media news article articles
    specific specifically detail details detailed example examples
    happen happened happening occur occurred
    know known provide provided give given list mention mentioned
    regard regarding concerning relate related relating
    effort efforts way ways kind kinds type types aspect aspects
    question questions answer
    """.split()
)


@dataclass
class Focus:
    """The reader's question, as weighted stems."""

    text: str
    terms: frozenset[str]
    # the terms the question writes with a capital inside it ("Honduras" in
    # "How many people died in Honduras?"), less any possessive: the names it
    # is about
    names: frozenset[str] = frozenset()
    # the names a "What did Xi say?" asks to hear speak (_SPEAKER_QUESTION)
    speakers: frozenset[str] = frozenset()
    # of a speaker of several words, the one that tells them apart ("paul" of "Pope John Paul II":
    # attribute.surname_of); "" for one word
    speaker_surname: str = ""
    # what kind of answer the question asks for: "place" (Where ...?), "time"
    # (When ...?), "count" (How many / How much ...?), "reason" (Why ...?), else None
    wants: str | None = None
    # a term -> its lemma's stem where they differ ("meeting" -> "meet" is one,
    # "took" -> "take" another): the story's words meet it by their lemmas too
    lemmas: dict[str, str] = field(default_factory=dict)
    # "How many people ...?": the stems a number must stand near to count what is
    # asked (the word after "how many", and the words of dying when the question
    # asks about deaths); empty: any number answers ("How much ...?")
    counted: frozenset[str] = frozenset()
    # the terms that a story's analysed words (lexicon.analyse) never give: a noun of the stop
    # list ("mine": NOUN_STOP_WORDS) and a name in capitals ("UN": ``acronyms``); ``written`` finds them
    spelled: frozenset[str] = frozenset()
    # the question's names in capitals, in lower case ("un" of "UN"; the term is its stem), which a
    # story writes "U.N." or spells out ("United Nations")
    acronyms: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.terms

    def written(self, text: str) -> set[str]:
        """The terms of ``spelled`` that ``text`` writes: a noun of the stop list
        by its word ("mines"), a name in capitals as the question writes it
        ("UN"), with full stops ("U.N.") or spelled out, the initials of its
        capitalised words ("United Nations")."""
        if not self.spelled:
            return set()
        initials = {stem(a) for a in self.acronyms}
        # a noun by its word in any case; a name in capitals only in capitals ("told us" is no "US"),
        # in any of its forms (lexicon.Acronyms, as the ranker reads a story's names)
        found = {stem(w.lower()) for w in words(text)} & (self.spelled - initials)
        return found | (Acronyms(self.acronyms).terms(text) & initials)


# A word with a capital that does not open the question or one of its sentences.
_INNER_CAPITAL = re.compile(r"(?<=[^\s.?!:]\s)[A-Z][\w'’-]*")


# scikit-learn's stop list (lexicon.stop_words; it came from an information
# retrieval list that took frequent words whatever their sense) holds a few
# nouns of the news.  In a question they are its subject: "Why did the UN
# want the uranium mine stopped?" lost "mine" (and "UN", the stop word "un"),
# its story's summary carried one term of three, as did the Putin story's by
# "stopping short of endorsing", and the Putin story came first (a trial).
# The focus keeps them as terms, and a story meets them by its words as
# written (``Focus.written``): its analysed words have none of them.
NOUN_STOP_WORDS = frozenset("bill fire mine mill interest system".split())

# A name in capitals inside the question ("UN", "US", "EU"), and the same
# letters in a story: capitals, or capitals with full stops ("U.N.", which
# the tokenizer reads as the words "U" and "N").
_QUESTION_CAPITALS = re.compile(r"(?<=[^\s.?!:]\s)[A-Z]{2,}\b")


# "What did Xi say?", "How did Putin react?", "What has Biden said about
# ...": the question asks for what the named one said, not for any sentence
# that names them.  A trial's "What did Xi say?" was "answered" by three
# quotations of Putin, each naming Xi as the one he spoke to ("say" is a stop
# word, so "xi" was the question's only term).
_SPEAKER_QUESTION = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would|could|might|is|was)\s+(?:the\s+)?(?P<who>(?:[A-Z][\w'’.-]*\s+){1,4})"
    r"(?:also\s+)?(?:say|said|tell|told|think|thought|claim(?:ed)?|announce[d]?|respond(?:ed)?|react(?:ed)?"
    r"|comment(?:ed)?|argue[d]?|promise[d]?|warn(?:ed)?|demand(?:ed)?|propose[d]?|offer(?:ed)?|mean|meant|saying|telling)\b"
)


# The question word that says what kind of answer is wanted: a place, a
# time, a count or a reason.  "Where did the meeting take place?" was
# answered by three sentences about the meeting and none saying where (a
# trial): every one of them carried "meeting".  And a summary answers such a
# question only where one of its sentences tells that kind of thing ("Why
# was Starovoitova killed?" was "answered here" by a summary giving no
# motive, a trial).
_ANSWER_KIND = re.compile(
    r"^\W*(?:(?P<place>where)|(?P<time>when)|(?P<count>how (?:many|much))|(?P<reason>why))\b", re.I
)
# What tells each kind: a place ("in Uzbekistan"), a time ("on Thursday",
# "Sept. 15"), a count ("at least 231 people"; a year is none), a reason
# ("because", "over his", "to protest", "to prevent", "motive"; not "reasons": "turned
# down for technical reasons" answered "Why was Starovoitova killed?").
_TELLS = {
    "place": re.compile(
        rf"\b(?:in|at|near|outside|from|to)\s+(?:the\s+)?(?!(?i:{MONTH_NAME}|{WEEKDAY_NAME}))[A-Z][a-z]+"
    ),
    # a capitalised month with a day ("May 5"), a weekday's whole name, a year, a clock time
    "time": re.compile(
        rf"\b(?:(?=[A-Z])(?:(?i:{MONTH_NAME})\.? \d|(?i:{WEEKDAY_WHOLE}))"
        r"|(?:19|20)\d\d|yesterday|today|tonight|\d{1,2}:\d\d|[ap]\.m\.)"
    ),
    "reason": re.compile(
        r"\b(?:because|due to|as a result of|owing to|motiv\w*|in (?:protest|retaliation|response)|to protest"
        r"|in order to|so that|blamed|over (?:his|her|their|its) "
        # a purpose of keeping something from harm: "demanding the mine be scrapped to prevent it
        # endangering the surrounding Kakadu World Heritage area" (a trial's "Why did the UN want
        # the uranium mine stopped?")
        r"|to (?:prevent|protect|avoid|preserve|safeguard)\b"
        # what an arrest or a trial is for: "on charges of", "on suspicion of", "charged with"
        r"|on (?:\w+ )?(?:charges?|suspicion|counts?) of|charged with|accused of|convicted of)",
        re.I,
    ),
}
_YEARS_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
# The words of dying, one family that no opening shares ("kill", "dead",
# "died", "death"): a trial's "How many people did Hurricane Mitch kill?"
# missed "At least 231 people have been confirmed dead in Honduras" and told
# "killing at least 32" twice.  The ranker meets a question's word of dying
# by any of them.  Stemmed on first use: the stop list behind analyse() is
# scikit-learn's, which the command line's start must not import.
@lru_cache(maxsize=1)
def death_stems() -> frozenset[str]:
    return frozenset(analyse("dead death deaths die died dies dying kill killed killing kills fatalities fatality perished"))


# "How many people ...?": the noun counted (_COUNTED), and a number answers
# only within COUNTED_REACH words of it (or of a word of dying, when the
# question asks about deaths): "The 350-mile wide hurricane was moving west
# at 8 mph" had answered "How many people did Hurricane Mitch kill?" and
# pushed "at least 231 deaths have been blamed on Mitch" out (a trial).
# Three words reach "231 people have died", "killed at least 32" and "72,000
# people".
_COUNTED = re.compile(r"\bhow many\s+([^\W\d_][\w'’-]*)", re.I)
COUNTED_REACH = 3


def tells(kind: str, text: str, counted: frozenset[str] = frozenset()) -> bool:
    """Does ``text`` tell the kind of answer a question asks for
    (``Focus.wants``)?  A count counts ``counted`` when given (``Focus.counted``)."""
    if kind == "count":
        text = _YEARS_ONLY.sub(" ", text)
        if not counted:
            return bool(number_values(text))
        tokens = words(text)
        stems = [stem(t.lower()) for t in tokens]
        return any(
            number_values(t) and counted.intersection(stems[max(0, i - COUNTED_REACH) : i + COUNTED_REACH + 1])
            for i, t in enumerate(tokens)
        )
    return bool(_TELLS[kind].search(text))


def focus_of(text: str | None) -> Focus | None:
    """The focus of a question; None for no question.  A question of only
    question words ("What happened?") has no terms: ``Focus.empty``."""
    if text is None:
        return None
    terms = frozenset(t for t in analyse(text) if t not in QUESTION_WORDS and not t.isdigit())
    flat = " ".join(text.split())
    acronyms = frozenset(m.group(0).lower() for m in _QUESTION_CAPITALS.finditer(flat)) if flat != flat.upper() else frozenset()
    nouns = frozenset(stem(w.lower()) for w in words(text) if w.lower() in NOUN_STOP_WORDS)
    initials = frozenset(stem(a) for a in acronyms)
    spelled = initials | nouns  # an acronym the analyser keeps ("eu") has other spellings too ("E.U.")
    terms |= spelled
    capitalised = " ".join(m.group(0) for m in _INNER_CAPITAL.finditer(flat))
    # a possessive's name is the name ("China's position" asks about China)
    names = frozenset(t.rstrip("'’") for t in analyse(capitalised) if t in terms) | initials
    asked = _SPEAKER_QUESTION.search(" ".join(text.split()))
    # the speaker's words, and a name in capitals ("What did the UN say?") by its letters
    speakers = speaker_words(asked.group("who")) & names if asked else frozenset()
    surname = surname_of(asked.group("who"), speakers) if asked else ""
    kind = _ANSWER_KIND.search(text)
    wants = next((k for k, v in kind.groupdict().items() if v), None) if kind else None
    lemmas = {}
    for w in content_words(text, fold_possessive=False):
        t, lemma = stem(w), lemma_stem(w)
        if t in terms and lemma != t:
            lemmas[t] = lemma
    counted: frozenset[str] = frozenset()
    if wants == "count" and (noun := _COUNTED.search(text)):
        counted = frozenset({stem(noun.group(1).lower())}) | (death_stems() if terms & death_stems() else frozenset())
    return Focus(text=" ".join(text.split()), terms=terms, names=names, speakers=speakers, speaker_surname=surname, wants=wants, lemmas=lemmas,
                 counted=counted, spelled=spelled, acronyms=acronyms)


# A concept of the seen articles is remembered when at least this share of
# the seen articles that have text carry it: the story's facts as the reader
# met them again and again, not every word pair of every article read.
# Tuned on the even topics of duc2007-update parts B/C (python -m
# bench.focus; the experiment of bench/README.md's update section): every
# share from 0.15 to 0.4 gives the same 100-word figures there (B 8.56 ->
# 9.27, C level at 13.97 against discounting every seen concept); 0.2 is
# among the best over 100-250 words.
SEEN_REMEMBERED_SHARE = 0.2


@dataclass
class Seen:
    """What the reader has read: the sentences of those articles, as stem
    sets (for "restates a seen sentence") and the concepts the reader
    would remember (``remembered``: carried by at least
    ``SEEN_REMEMBERED_SHARE`` of the seen articles, and every concept of a
    summary read), which the ranker weighs less."""

    articles: int = 0
    sentences: list[frozenset[str]] = field(default_factory=list)
    remembered: set[tuple[str, str]] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    digests: set[str] = field(default_factory=set)  # ``records.text_digest`` of each text read
    # the words inside each quotation read (``attribute.quoted_stems``), and whether a summary
    # showed it: another outlet's wording of a statement read is no news ("We highly value ..."
    # / "We very much appreciate ...")
    quotations: list[tuple[frozenset[str], bool]] = field(default_factory=list)
    # ``sentences`` from here on are those an earlier summary showed the reader
    shown_from: int = 0
    # the seen sentences that open an article read (its lead: what a reader remembers of it)
    leads: set[int] = field(default_factory=set)
    # what it was built from, so that one story can take the part of it about itself (``for_story``)
    read: list[Article] = field(default_factory=list, repr=False)
    summaries: list[Article] = field(default_factory=list, repr=False)
    _space: list | None = field(default=None, repr=False, compare=False)  # sources' analysed words

    def knows(self, article: Article) -> bool:
        """The same article (by id, or by identical text) was already read."""
        return article.id in self.ids or text_digest(article.text) in self.digests

    def for_story(self, articles: list[Article]) -> "Seen | None":
        """The part of what was read that is about this story (None: nothing).

        With ``--cluster`` the seen pile spans many stories: read as one, every
        story said "new since 40 articles already read" when 10 were about it,
        and a fact needed a fifth of all 40 (not of its own 10) to count as
        remembered.  A seen article belongs to the story when its mean cosine
        to the story's articles reaches the clusterer's merge threshold, the
        test by which it would have joined the story (same text, same
        vectors: ``cluster.article_text``)."""
        from .cluster import MERGE_THRESHOLD, article_text
        from .represent import tfidf_space

        sources = self.read + self.summaries
        if not sources or not articles:
            return None
        if self._space is None:
            self._space = [analyse(article_text(a)) for a in sources]
        # IDF over the seen pile and the story taken as one text: a word both share ("town") weighs
        # less than one only the seen article has, even when only one article was read
        ours = [analyse(article_text(a)) for a in articles]
        vectorizer = tfidf_space(self._space + [[w for words in ours for w in words]])
        if vectorizer is None:  # no word left in any text
            return None
        seen_rows, story_rows = vectorizer.transform(self._space), vectorizer.transform(ours)
        mean = (seen_rows @ story_rows.T).toarray().mean(axis=1)
        story_ids = {a.id for a in articles}
        # an earlier output's article carries only the sentences its summary showed: one of them
        # word for word in the story says it is about the story, though its id (a path's hash)
        # and its few sentences keep it under the threshold
        story_sentences = {" ".join(s.text.split()) for a in articles for s in a.sentences}
        about = [
            a.id in story_ids or m >= MERGE_THRESHOLD or any(" ".join(s.text.split()) in story_sentences for s in a.sentences)
            for a, m in zip(sources, mean)
        ]
        # an earlier output's story is read as a whole: where one of its articles is about this
        # story, all are (only the first carries the sentences its summary showed)
        groups = {a.group for a, keep in zip(self.summaries, about[len(self.read):]) if keep and a.group}
        about[len(self.read):] = [keep or (a.group in groups) for a, keep in zip(self.summaries, about[len(self.read):])]
        read = [a for a, keep in zip(self.read, about) if keep]
        summaries = [a for a, keep in zip(self.summaries, about[len(self.read):]) if keep]
        if not read and not summaries:
            return None
        part = seen_of(read, summaries)
        part.digests |= self.digests  # an earlier output's articles, known by their text wherever they come from
        return part


def seen_of(articles: list[Article], summaries: list[Article] | None = None) -> Seen:
    """The seen side from already-segmented articles, and from ``summaries``:
    articles of which the reader read only what a summary showed (an earlier
    output of summarize), whose every concept is remembered."""
    summaries = summaries or []
    seen = Seen(articles=len(articles) + len(summaries), read=list(articles), summaries=list(summaries))
    carried: dict[tuple[str, str], int] = {}
    with_text = 0
    for n, article in enumerate(articles + summaries):
        if n == len(articles):
            seen.shown_from = len(seen.sentences)
        seen.ids.add(article.id)
        if article.text.strip():
            seen.digests.add(text_digest(article.text))
        mine: set[tuple[str, str]] = set()
        foreign = foreign_stop_words(article.text)  # as the ranker reads a story not in English
        lead_marked = False
        for sentence in article.sentences:
            stems = analyse(drop_words(sentence.text, foreign))
            if stems:
                if n < len(articles) and not lead_marked:
                    seen.leads.add(len(seen.sentences))
                    lead_marked = True
                seen.sentences.append(frozenset(stems))
                mine.update(zip(stems, stems[1:]))
            quoted = quoted_stems(sentence.text)
            if len(quoted) >= QUOTED_MIN_STEMS:
                seen.quotations.append((quoted, n >= len(articles)))
        if n >= len(articles):
            seen.remembered |= mine
        elif mine:
            with_text += 1
            for c in mine:
                carried[c] = carried.get(c, 0) + 1
    seen.remembered |= {c for c, k in carried.items() if k / with_text >= SEEN_REMEMBERED_SHARE}
    if not summaries:
        seen.shown_from = len(seen.sentences)
    # an article met twice (an output given twice, or its folder and its output) is one read:
    # "New since 4 articles already read" after two (a trial)
    seen.articles = len(seen.ids)
    return seen
