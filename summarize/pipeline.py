"""The engine's public API: paths in, stories out.

The CLI, the terminal UI and the benchmarks all call this module, so the
behaviour they show is one and the same.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator

from .attribute import spoken_by
from .focus import Seen, focus_of, seen_of, tells
from .ingest import OWN_OUTPUT, load_paths
from .lexicon import plural
from .records import Article, Problem, Progress, Story, Summary
from .segment import segment_article

log = logging.getLogger(__name__)


@dataclass
class Options:
    cluster: bool = False
    max_words: int | None = 100
    max_sentences: int | None = None
    cluster_threshold: float | None = None
    focus: str | None = None  # the reader's question (--focus)
    seen: list[str] = field(default_factory=list)  # paths of articles already read (--seen)
    seen_read: Seen | None = None  # what those paths hold; filled by run() (or the caller)
    # several stories in the run: each weighs only the seen articles about it (Seen.for_story);
    # set by the engines, since a story alone cannot tell
    seen_by_story: bool = False


@dataclass
class Result:
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    articles_read: int = 0  # before copies were left out (``distinct_articles``)


def copies_left_out(articles_read: int, story_sizes: Iterable[int]) -> int:
    """Articles read but in no story (``story_sizes``: each story's article
    count): copies of another (``distinct_articles``, in both engines).  The
    reader is told, since "27 articles" over stories listing 22 looked like a
    loss."""
    return max(articles_read - sum(story_sizes), 0)


def load_articles(paths: list[str], stdin=None, progress: Progress | None = None) -> tuple[list[Article], list[Problem]]:
    """Read, clean and segment every input; ``progress`` hears about each article
    (total 0 while reading, since a JSONL file's record count is unknown)."""
    started = time.perf_counter()
    loaded = load_paths(paths, stdin=stdin, progress=progress)
    read = time.perf_counter()
    total = len(loaded.articles)
    for n, article in enumerate(loaded.articles, start=1):
        segment_article(article)
        if progress is not None:
            progress(n, total, "splitting sentences")
    log.debug("read and cleaned %s in %.2f s (%s skipped); sentences split in %.2f s",
              plural(total, "article"), read - started, plural(len(loaded.problems), "input"), time.perf_counter() - read)
    return loaded.articles, loaded.problems


def group_articles(articles: list[Article], options: Options) -> list[list[Article]]:
    """Stories by input layout, or found by the clusterer with ``--cluster``."""
    if options.cluster:
        from .cluster import MERGE_THRESHOLD, cluster_articles

        started = time.perf_counter()
        found = cluster_articles(articles, options.cluster_threshold or MERGE_THRESHOLD)
        log.debug("clustered %s into %s in %.2f s (merge threshold %.2f)", plural(len(articles), "article"), plural(len(found), "story"),
                  time.perf_counter() - started, options.cluster_threshold or MERGE_THRESHOLD)
        return found
    groups: dict[str, list[Article]] = {}
    for article in articles:
        groups.setdefault(article.group or "input", []).append(article)
    return list(groups.values())


# A story that the input's layout made (a folder, a file) is likely several
# when the clusterer splits its articles into at least SEVERAL_MIN_GROUPS
# groups of two or more articles, none of them holding more than
# SEVERAL_LARGEST_SHARE of the articles, and those groups have next to
# nothing in common: the mean TF-IDF cosine between their centroids under
# SEVERAL_MEAN_COSINE.  A trial's folder of 27 articles on 9 events came out
# one story whose summary jumped from Myanmar to a hurricane, with no word
# that --cluster would have split it (its groups: mean cosine 0.05).  The
# groups alone fired on 16 of the 65 one-topic sets of DUC 2003, 2004, 2007
# and TDT (a topic followed over weeks is several events to the clusterer);
# their groups' mean cosine is 0.12-0.33, and that of 60 random mixes of two
# of those topics 0.03-0.20: under 0.1, no one-topic set and 34 of the 60
# mixes are said to be several (/tmp study, 2026-12-07).  Stories of fewer
# than SEVERAL_MIN_ARTICLES articles are not checked.
SEVERAL_MIN_ARTICLES = 4
SEVERAL_MIN_GROUPS = 2
SEVERAL_LARGEST_SHARE = 0.75
SEVERAL_MEAN_COSINE = 0.1


def stories_within(story: Story) -> int:
    """How many stories the clusterer finds among a story's articles when
    they look like several (see ``SEVERAL_MEAN_COSINE``); 1 otherwise, and for a
    story record of the input (its own ``docs``: the input said it is one)."""
    articles = story.articles
    if len(articles) < SEVERAL_MIN_ARTICLES or any(a.in_story_record for a in articles):
        return 1
    import numpy as np

    from .cluster import MERGE_THRESHOLD, cluster_articles
    from .represent import tfidf

    groups = cluster_articles(articles, MERGE_THRESHOLD)
    big = [g for g in groups if len(g) >= 2]
    if len(big) < SEVERAL_MIN_GROUPS or max(len(g) for g in groups) > SEVERAL_LARGEST_SHARE * len(articles):
        return 1
    rows = tfidf([a.text for a in articles]).toarray()
    at = {a.id: n for n, a in enumerate(articles)}
    centroids = []
    for group in big:
        c = rows[[at[a.id] for a in group]].mean(axis=0)
        centroids.append(c / (np.linalg.norm(c) or 1.0))
    cosines = [float(a @ b) for i, a in enumerate(centroids) for b in centroids[i + 1 :]]
    return len(groups) if sum(cosines) / len(cosines) < SEVERAL_MEAN_COSINE else 1


def several_stories_note(story: Story) -> str | None:
    """The line that says a story of the input's layout looks like several
    (``stories_within``), naming its folder, or its file (a file given alone
    was "input"); None when it looks like one."""
    found = stories_within(story)
    if found <= 1:
        return None
    where = story.articles[0].group
    if where in (None, "input"):
        paths = {a.path for a in story.articles}
        where = paths.pop().rsplit("/", 1)[-1] if len(paths) == 1 and None not in paths else "the input"
    return f"{where}: its {len(story.articles)} articles look like {found} stories; --cluster groups them"


def story_id(articles: list[Article]) -> str:
    return hashlib.sha1("\x1f".join(sorted(a.id for a in articles)).encode()).hexdigest()[:12]


def pick_headline(articles: list[Article], fallback: str, summary_text: str = "") -> str:
    """The title closest to what all the titles share; a title that shares
    no word with the summary (a site's label such as "Scribbles from
    NSFWCORP Staff", taken for a page's title) is none.  Without a title,
    ``fallback`` (the summary's first sentence) as a headline:
    ``headline_of_sentence``."""
    from .lexicon import analyse

    titles = [a.title for a in articles if a.title]
    if titles and summary_text:
        words = set(analyse(summary_text))
        titles = [t for t in titles if words & set(analyse(t))]
    if not titles:
        return headline_of_sentence(fallback)
    if len(titles) <= 2:
        return titles[0]
    from .represent import tfidf

    matrix = tfidf(titles)
    centroid = matrix.mean(axis=0).A.ravel()
    scores = matrix @ centroid
    return titles[int(scores.argmax())]


# Where a lead sentence's main clause ends and what it adds begins: "Typhoon
# Babs raced toward southern China on Saturday, leaving behind a trail of
# destruction ...".  A title-less story's headline is its first summary
# sentence, and a reader's audit found 8 of 12 such headlines cut off with
# "…" over the same sentence in full; up to the break they read as headlines.
# A reason or an aside after the main clause goes too ("... finds attending a
# summit of Asia-Pacific leaders "difficult" because of his concerns about the
# arrest of ...": a user trial's headline, cut at 150 characters).
# An absolute phrase goes too ("Hurricane Mitch cut through the Honduran
# coast like a ripsaw Thursday, its devastating winds ...", a trial's
# headline cut at 100 characters instead).
_HEADLINE_BREAK = re.compile(
    r"; |, (?:and|but|while|as|after|saying|who|which)\b|, [a-z]+ing\b|, (?:its|their) | — | -- | _ | because\b"
)
# A head that opens with a preposition is an introductory phrase, not the
# main clause: "In a season of crashing banks, plunging rubles, ..." was a
# trial's headline.
_INTRODUCTORY = re.compile(r"(?:In|On|At|After|Before|As|With|Without|Despite|Amid|During|Since|For|From|Like|Unlike|Under|Over|Following)\b")
# A headline cut at a break keeps at least this many words.
HEADLINE_MIN_WORDS = 6
# A sentence with no break longer than HEADLINE_SENTENCE_CHARS is cut at a
# word to HEADLINE_CUT_CHARS: the story list shows it in one or two lines, and
# the summary under it gives the whole sentence (news headlines run 60-100
# characters; 150 took four lines of an 80-column list; one a little over 100
# is kept whole rather than cut for a word or two).
HEADLINE_SENTENCE_CHARS = 120
HEADLINE_CUT_CHARS = 100


def headline_of_sentence(sentence: str) -> str:
    """A sentence as a headline: up to the end of its main clause when a
    break follows at least HEADLINE_MIN_WORDS words outside any aside (an
    even number of ", " before it); else the whole sentence."""
    from .lexicon import word_count

    text = sentence.strip()
    for m in _HEADLINE_BREAK.finditer(text):
        head = text[: m.start()]
        if word_count(head) >= HEADLINE_MIN_WORDS and head.count(", ") % 2 == 0 and not _INTRODUCTORY.match(head):
            text = head
            break
    if len(text) > HEADLINE_SENTENCE_CHARS:
        text = text[: HEADLINE_CUT_CHARS + 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
    return text


def story_summary(articles: list[Article], options: Options, explain: bool = True) -> tuple[Summary, list[list[str]]]:
    """The extractive summary of one story's articles under ``options`` (focus,
    seen, length), and its source families: a story re-summarised for a new
    focus (the TUI's focus box) gets exactly what ``build_story`` gives.
    ``explain``: the ranker's --debug trace (not for a run that only names the story)."""
    from .rank import summarize_articles

    seen = options.seen_read
    if options.seen_by_story and seen is not None:
        seen = seen.for_story(articles)  # the seen pile spans the stories too: each weighs what was read about it
    return summarize_articles(
        articles,
        max_words=options.max_words,
        max_sentences=options.max_sentences,
        focus=focus_of(options.focus),
        seen=seen,
        explain=explain,
    )


def summary_since_read(articles: list[Article], read_ids: set[str], options: Options) -> tuple[Seen, Summary] | None:
    """A story that grew after the reader read it: what its new articles add
    to the ones read (``--seen`` with those), for the desk's CLI and TUI alike.
    None when the reader read none of it, or all of it."""
    read = [a for a in articles if a.id in read_ids]
    if not read or len(read) == len(articles):
        return None
    seen = seen_of(read)
    base = Options(max_words=options.max_words, max_sentences=options.max_sentences, focus=options.focus)
    new, _ = story_summary(articles, replace(base, seen_read=seen))
    return seen, new


def distinct_articles(articles: list[Article]) -> list[Article]:
    """One id, one article: citations and the sources list are keyed by id.
    An input can hold a record twice (one document in two exports, in two
    story records): the same id with a text already seen for that id is
    dropped; the same id with a new text (a version with a dateline) gets an
    id of its own, ``ID~2``, then ``ID~3``.  Every text of an id counts, not
    only the first, so a third record equal to the second is dropped, not
    made ``ID~3``.  Another id with a text already kept (a page saved twice,
    a copy under another name) is dropped too: one article counted twice
    makes two sources of one.  Done per story, so both engines do it alike."""
    texts: dict[str, set[str]] = {}  # an id (as read, or as given out) -> the texts kept under it
    owner: dict[str, str] = {}  # a kept text, white space made one space -> the id it was kept under
    out = []
    for article in articles:
        kept = texts.setdefault(article.id, set())
        if article.text in kept:
            log.info("article %s is in the input twice: one copy kept", article.id)
            continue
        same = " ".join(article.text.split())
        if same and owner.get(same, article.id) != article.id:
            log.info("article %s has the text of %s: one copy kept", article.id, owner[same])
            continue
        owner.setdefault(same, article.id)
        kept.add(article.text)
        if len(kept) > 1:  # the id is taken by another text
            n = 2
            while f"{article.id}~{n}" in texts:
                n += 1
            new_id = f"{article.id}~{n}"
            log.info("two different articles share the id %s: this one is %s", article.id, new_id)
            article = replace(article, id=new_id, sentences=[replace(s, article_id=new_id) for s in article.sentences])
            texts[new_id] = {article.text}
        out.append(article)
    return out


def build_story(articles: list[Article], options: Options) -> Story:
    started = time.perf_counter()
    articles = distinct_articles(articles)
    summary, families = story_summary(articles, options)
    given = {a.story_title for a in articles}
    # a story record's own title ({"title": ..., "docs": [...]}) names it, when
    # every article of the story came in that record
    if len(given) == 1 and None not in given:
        headline = given.pop()
    else:
        named_by = summary
        # a budget under one sentence cuts it ("Russian President Vladimir …"), which no title shares a word
        # with: the story is named as at the default length (a trial's --max-words 4 headline was the cut)
        cut = any(s.text.endswith(" …") for s in summary.sentences)
        if options.focus or options.seen_read is not None or cut:
            # the story's own headline, not the focus's or that of what is new: the same in the
            # CLI and the TUI (which keeps a story's headline when refocused), and a story whose
            # every article was read keeps its name (it was "APW", an outlet, with no sentence left)
            named_by, _ = story_summary(articles, replace(options, focus=None, seen_read=None,
                                                          **({"max_words": Options.max_words, "max_sentences": None} if cut else {})),
                                          explain=False)
        fallback = named_by.sentences[0].text if named_by.sentences else (articles[0].label if articles else "")
        # under --seen, a title of an article not yet read: one read names an earlier day (a trial's
        # euro update was headed by a 1996 title it marked "(read)", over "New since 10 articles
        # already read"); a story read whole keeps its name
        unread = [a for a in articles if not options.seen_read.knows(a)] if options.seen_read is not None else []
        headline = pick_headline(unread if any(a.title for a in unread) else articles, fallback, named_by.text)
    if len(headline) > 160:
        headline = headline[:157].rsplit(" ", 1)[0] + "…"  # no space before the mark: a wrapped line had left it alone on the next
    story = Story(id=story_id(articles), headline=headline, articles=articles, summary=summary, families=families)
    log.debug("story %s: %s, %s chosen of the articles' %d in %.2f s: %s", story.id, plural(len(articles), "article"),
              plural(len(summary.sentences), "sentence"), sum(len(a.sentences) for a in articles), time.perf_counter() - started, headline[:60])
    return story


def story_order(story: Story) -> tuple:
    """Biggest and best-covered first.  The order still counts each article
    of unknown outlet as an outlet of its own (``Story.outlets_counting_unknown``),
    as it did before the shown counts stopped doing so.  A story whose every
    article the reader has read (``--seen``) comes last: it has nothing to
    show (a user trial found one third of eleven)."""
    read_through = bool(story.summary.seen and not story.summary.sentences)
    return (read_through, -len(story.families or story.articles), -story.outlets_counting_unknown, -len(story.articles), story.headline)


def build_stories(articles: list[Article], options: Options, progress: Progress | None = None) -> Iterator[Story]:
    """Yield stories one by one, so a screen can show each as soon as it is ready."""
    if progress:
        progress(0, 1, "grouping articles into stories")
    groups = [g for g in group_articles(articles, options) if g]
    groups.sort(key=len, reverse=True)
    if options.seen_read is not None and len(groups) > 1:
        options = replace(options, seen_by_story=True)
    for n, group in enumerate(groups):
        yield build_story(group, options)
        if progress:
            progress(n + 1, len(groups), "summarising stories")


def run(paths: list[str], options: Options | None = None, progress: Progress | None = None, stdin=None) -> Result:
    options = options or Options()
    problems: list[Problem] = []
    if options.seen and options.seen_read is None:
        options.seen_read, problems = load_seen(options.seen, stdin=stdin)
    articles, more = load_articles(paths, stdin=stdin, progress=progress)
    problems += more
    stories = sorted(build_stories(articles, options, progress), key=story_order)
    if options.focus:
        stories.sort(key=focus_order)  # stable: equally relevant stories keep the order above
    return Result(stories=stories, problems=problems, articles_read=len(articles))


# A story answers the focus when its summary carries more than this share of
# the question's terms.  Any one term was enough before, and a TUI trial's
# "What military losses did Russia suffer in Ukraine?" was said to be
# answered by 16 of 19 stories of 1998 ("military" alone); over half means
# both terms of "How many people died?" and three of those five.
ANSWER_SHARE = 0.5


def _focus_match(story: Story) -> tuple[float, bool]:
    """The share of the focus question's terms that the story's summary
    carries (0 without a focus or when nothing in the story matches it), and
    whether the summary carries one of the names the question asks about
    (true where it names none) and, where it asks what one of them said, has
    them speak: "How many people died in Honduras?" was
    "answered" by a story of a jetliner shot down over Congo, whose summary
    told of people who died (a user trial)."""
    summary = story.summary
    if not summary.focus or summary.note or not summary.sentences:
        return 0.0, False
    from .lexicon import analyse

    focus = focus_of(summary.focus)
    stems = set(analyse(summary.text)) | focus.written(summary.text)
    named = not focus.names or bool(focus.names & {t.rstrip("'’") for t in stems})
    if focus.speakers:
        # "What did Xi say?" is answered by Xi speaking, not by Putin speaking to Xi (a trial)
        named = named and any(spoken_by(s.text, focus.speakers, focus.speaker_surname) for s in summary.sentences)
    if focus.wants:
        # "Why ...?" is answered by a reason, "Where ...?" by a place (focus.tells), not by the question's words
        named = named and any(tells(focus.wants, s.text, focus.counted) for s in summary.sentences)
    return len(focus.terms & stems) / max(len(focus.terms), 1), named


def focus_order(story: Story) -> tuple:
    """(0 answers the focus, 1 touches it, 2 neither; minus the share of the
    question's terms its summary carries): stories that answer first (more
    than ``ANSWER_SHARE`` of the terms, and one of the names the question asks
    about where it names any), then those that touch it, each the most
    relevant first."""
    share, named = _focus_match(story)
    return (0 if share > ANSWER_SHARE and named else 1 if share else 2, -share)


def load_seen(paths: list[str], stdin=None) -> tuple[Seen, list[Problem]]:
    """What the reader has read (``--seen``): articles in any input format, or
    an earlier JSON output of summarize (its articles count as read, and its
    summaries' sentences and quotes as seen), told by its content whatever
    its name: a file, "-", a pipe (ingest keeps the outputs it meets in
    ``Loaded.outputs``; "--seen -" had read one as an article of prose)."""
    loaded = load_paths(paths, stdin=stdin)
    for article in loaded.articles:
        segment_article(article)
    summaries: list[Article] = []
    digests: set[str] = set()
    for _, output in loaded.outputs:
        summaries += _articles_of_output(output["stories"], digests)
    problems = [_seen_problem(p) for p in loaded.problems if p.message != OWN_OUTPUT]
    seen = seen_of(loaded.articles, summaries)
    seen.digests |= digests
    return seen, problems


def _seen_problem(problem: Problem) -> Problem:
    """An input problem of ``--seen``, said to be one, "skipped" said once (a
    trial: "seen input skipped: empty file, skipped")."""
    message = problem.message
    for tail in (", skipped", ", file skipped"):
        if message.endswith(tail):
            return Problem(problem.where, f"seen input skipped: {message[: -len(tail)]}")
    return Problem(problem.where, f"seen input: {message}")


def _articles_of_output(stories: list, digests: set[str]) -> list[Article]:
    """An earlier output's stories as read articles: each listed article by
    id (so it is not summarised again), and the sentences its reader saw.
    Adds each article's ``digest`` (its text's fingerprint) to ``digests``:
    the same article from another folder is read too."""
    out: list[Article] = []
    for story in stories:
        if not isinstance(story, dict):
            continue
        shown: list[str] = []
        for key in ("summary", "abstractive"):
            for sentence in (story.get(key) or {}).get("sentences", []) or []:
                if isinstance(sentence, dict):
                    shown.append(str(sentence.get("text", "")))
                    shown += [str(c.get("quote", "")) for c in sentence.get("citations", []) if isinstance(c, dict)]
        for n, article in enumerate(story.get("articles", []) or []):
            if isinstance(article, dict) and article.get("id"):
                if article.get("digest"):
                    digests.add(str(article["digest"]))
                text = "\n".join(shown) if n == 0 else ""
                # the story's other articles carry no text: the group makes them follow the first
                # to the story they are about (``Seen.for_story``)
                read = Article(id=str(article["id"]), text=text, group=f"seen output story {id(story)}")
                segment_article(read)
                out.append(read)
    return out


# ---------------------------------------------------------------------------
# the abstractive summary: one entry point for the CLI, the TUI and bench


def load_condenser(model: str | None = None, progress: Progress | None = None):
    """The local model, loaded once per process (``summarize.loading``).
    Raises ``errors.ModelUnavailable`` with one line for the user."""
    from .loading import load_model

    started = time.perf_counter()
    condenser = load_model(model, progress=progress)
    log.debug("model %s ready in %.1f s", getattr(condenser, "name", model), time.perf_counter() - started)
    return condenser


def abstractive_summary(
    story: Story,
    condenser,
    *,
    mode: str | None = None,
    max_words: int | None = 100,
    show_unsupported: bool = False,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
):
    """The abstractive summary of one story, by ``mode`` ("fuse", the default
    for small models, or "whole"; None: the model's own from models.txt).

    Raises ``errors.Cancelled`` when ``should_stop()`` turns True, and
    ``errors.ModelUnavailable`` when the model runs out of memory."""
    from .errors import ModelUnavailable

    mode = mode or getattr(condenser, "mode", None) or "fuse"
    words = max_words or 100
    started = time.perf_counter()
    try:
        if mode == "whole":
            summary = condenser.condense(story, max_words=words, progress=progress, should_stop=should_stop)
            summary.mode = "whole"
            for sentence in summary.sentences:
                sentence.origin = "written"
        else:
            from .fuse import fuse_story

            summary = fuse_story(
                condenser, story, words, show_unsupported=show_unsupported, progress=progress, should_stop=should_stop
            )
        log.debug("story %s: abstractive (%s) written in %.1f s, %d sentences", story.id, mode,
                  time.perf_counter() - started, len(summary.sentences))
        return summary
    except MemoryError:
        raise ModelUnavailable(f"model {condenser.name}: ran out of memory") from None
    except RuntimeError as err:  # torch reports CUDA/CPU allocation failures as RuntimeError subclasses
        if "out of memory" in str(err).lower() or type(err).__name__ == "OutOfMemoryError":
            raise ModelUnavailable(f"model {condenser.name}: ran out of memory") from None
        raise
