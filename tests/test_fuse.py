"""Grounded fusion: the check that guards every rewrite, and the method on a
tiny random model (which writes nonsense, so everything must be kept)."""

from __future__ import annotations

import pytest

from summarize.fuse import Group, _group_articles, check, fuse_story, groups_of
from summarize.records import Article, Citation, Sentence, Story, Summary, SummarySentence

CAUTIOUS = [
    ("a1", "Since Russia's invasion, China has trod a careful line, criticising Western sanctions against Russia "
           "but stopping short of endorsing or assisting in the military campaign."),
    ("a2", "Since then, China has taken a cautious approach, criticizing Western sanctions against Russia but "
           "stopping short of endorsing or aiding the military campaign."),
]
MEETING = [
    ("a1", "Putin made the comments when he met Chinese leader Xi Jinping in person for the first time since the "
           "invasion at a regional summit in Uzbekistan, days after Russia suffered a series of major military setbacks."),
    ("a2", "Russia's Putin and China's Xi held a face-to-face meeting on Thursday in Uzbekistan."),
]
QUOTE = [
    ("a1", "“We highly appreciate the balanced position of our Chinese friends when it comes to the Ukraine crisis,” "
           "Putin said in their first meeting since the war began."),
]


def make_story(pairs: list[tuple[str, str]]) -> tuple[Story, Group]:
    articles, citations = [], []
    for n, (aid, text) in enumerate(pairs):
        articles.append(Article(id=aid, text=text, source=f"Outlet {aid}", sentences=[Sentence(aid, 0, text, 0, len(text))]))
        citations.append(Citation(article=aid, quote=text, sentence_index=0, similarity=1.0 if n == 0 else 0.8))
    sentence = SummarySentence(text=pairs[0][1], citations=citations, support=len(pairs))
    story = Story(id="s", headline="h", articles=articles, summary=Summary(method="extractive", sentences=[sentence]))
    story.families = [[aid] for aid, _ in pairs]
    return story, groups_of(story.summary)[0]


def verdict(pairs, text):
    story, group = make_story(pairs)
    return check(text, group, _group_articles(story, group), story.families)


def test_faithful_shortening_passes_and_cites_the_group_verbatim():
    cand = verdict(CAUTIOUS, "China has taken a cautious approach, criticizing Western sanctions against Russia "
                             "but stopping short of endorsing the military campaign.")
    assert cand.ok, cand.sentence.flags
    assert cand.sentence.origin == "fused" and cand.sentence.supported
    quotes = dict(CAUTIOUS)
    assert {c.article for c in cand.sentence.citations} == {"a1", "a2"}
    for c in cand.sentence.citations:
        assert c.quote == quotes[c.article] and c.sentence_index == 0


def test_reversed_meaning_is_rejected():
    cand = verdict(CAUTIOUS, "China has continued to support the military campaign against Russia.")
    assert not cand.ok
    assert any("not in its sources" in f for f in cand.sentence.flags)


def test_invented_setting_is_rejected_although_every_name_is_in_the_sources():
    cand = verdict(MEETING, "Putin met Chinese leader Xi Jinping during his visit to China.")
    assert not cand.ok
    assert any("visit" in f for f in cand.sentence.flags)


def test_off_task_text_is_rejected():
    cand = verdict(MEETING, "This is a mix of Russian and English language sentences that combine facts from two different languages.")
    assert not cand.ok


def test_swapped_roles_are_rejected():
    pairs = [("a1", "Police arrested the mayor of Port Ellis on Monday after a long fraud inquiry by state prosecutors.")]
    cand = verdict(pairs, "The mayor arrested police of Port Ellis on Monday.")
    assert not cand.ok
    assert any("order" in f for f in cand.sentence.flags)


POSOLTEGA = [
    ("a1", "As people in Posoltega, where more than 1,500 people died in mudslides, waited for help alongside other "
           "devastated towns, the two camps jockeyed for control of the distribution of food and medicine _ and the "
           "political benefits to come with that."),
]


def test_an_of_phrase_no_source_makes_is_rejected():
    """Every content word and three pairs in four in the sources' order, yet a
    new fact: the camps fought over the aid, not over the town (a TUI trial)."""
    cand = verdict(POSOLTEGA, "The two camps jockeyed for control of Posoltega, where more than 1,500 people died "
                              "in mudslides, and the political benefits to come with that.")
    assert not cand.ok
    assert "joins “control of Posoltega”, which no source does" in cand.sentence.flags
    # the same words joined as the source joins them pass
    cand = verdict(POSOLTEGA, "In Posoltega, where more than 1,500 people died in mudslides, the two camps jockeyed "
                              "for control of food and medicine and the political benefits.")
    assert cand.ok, cand.sentence.flags


XI_LINE = [
    ("a1", "Since Russia's invasion, China has trod a careful line, criticising Western sanctions against Russia but "
           "stopping short of endorsing or assisting in the military campaign."),
]


def test_a_target_swapped_behind_a_preposition_is_rejected():
    """"sanctions against Russia" became "sanctions against China", every
    word and pair check passed and the TUI showed it as fused (a trial)."""
    cand = verdict(XI_LINE, "China has trod a careful line, criticising Western sanctions against China but stopping "
                            "short of endorsing or assisting in the military campaign.")
    assert not cand.ok
    assert "joins “sanctions against China”, which no source does" in cand.sentence.flags
    cand = verdict(XI_LINE, "China has trod a careful line, criticising Western sanctions against Russia but stopping "
                            "short of endorsing the military campaign.")
    assert cand.ok, cand.sentence.flags


CAR_PARK = [("a1", "Excavations at the Cromartie Memorial car park uncovered evidence of a medieval chapel beneath "
                   "the tarmac on Monday.")]
DAGUPAN = [("a1", "Police in Dagupan arrested two men on Friday night after a fight outside a bar near the harbour.")]


@pytest.mark.parametrize(
    "pairs, rewrite, flag",
    [
        # the place the digging was at becomes the doer; every word pair stays in order
        (CAR_PARK, "The Cromartie Memorial car park uncovered evidence of a medieval chapel on Monday.",
         "makes “The Cromartie” the subject, where its source has “Excavations at the Cromartie”"),
        # the seeds, by the packaged model (python -m bench.fuse_rules): passed every other check
        ([("a1", "Excavations at the Cromartie Memorial car park in Dingwall uncovered evidence of a mound that "
                 "archaeologists believe was established in the 11th century as a gathering spot for a Viking "
                 "parliament, known as a “Thing”.")],
         "The Cromartie Memorial car park in Dingwall uncovered evidence of a mound that archaeologists believe was "
         "established in the 11th century as a gathering spot for a Viking parliament.",
         "makes “The Cromartie” the subject, where its source has “Excavations at the Cromartie”"),
        (DAGUPAN, "Dagupan arrested two men on Friday night after a fight outside a bar.",
         "makes “Dagupan” the subject, where its source has “Police in Dagupan”"),
        ([("a1", "The report by the council said the old bridge over the river was unsafe and should close before winter.")],
         "The council said the old bridge over the river was unsafe.",
         "makes “The council” the subject, where its source has “report by the council”"),
        # a part made the whole
        ([("a1", "Rescuers said 12 of the miners were brought out alive from the flooded shaft on Sunday morning.")],
         "The miners were brought out alive from the flooded shaft on Sunday, rescuers said.",
         "makes “The miners” the subject, where its source has “12 of the miners”"),
    ],
)
def test_the_object_of_a_preposition_made_the_subject_is_rejected(pairs, rewrite, flag):
    cand = verdict(pairs, rewrite)
    assert not cand.ok
    assert flag in cand.sentence.flags, cand.sentence.flags


@pytest.mark.parametrize(
    "pairs, rewrite",
    [
        # the subject kept, or its head noun kept beside the name
        (CAR_PARK, "Excavations at the car park uncovered evidence of a medieval chapel on Monday."),
        (CAR_PARK, "Cromartie Memorial car park excavations uncovered evidence of a medieval chapel."),
        (DAGUPAN, "Dagupan police arrested two men on Friday night after a fight."),
        # a leading place moved behind the verb: the subject is the same
        ([("a1", "In Dagupan, police arrested two men on Friday night after a fight outside a bar near the harbour.")],
         "Police arrested two men in Dagupan after a fight outside a bar near the harbour."),
        # the place is the object's, not the subject's
        ([("a1", "The storm killed at least 12 people in the coastal town of Dagupan on Tuesday, officials said, as "
                 "rescue teams searched flooded villages.")],
         "The storm killed at least 12 people in Dagupan on Tuesday, officials said."),
        # an amount, not a part
        ([("a1", "Thousands of protesters marched through the capital on Sunday to demand the minister's resignation.")],
         "Protesters marched through the capital on Sunday to demand the minister's resignation."),
    ],
)
def test_a_subject_kept_or_a_place_moved_passes(pairs, rewrite):
    cand = verdict(pairs, rewrite)
    assert cand.ok, cand.sentence.flags


CHILE = [("a1", "A \"sudden\" and \"terrifying\" aftershock of the magnitude 8.8, February 27 earthquake hit central "
                "Chile on Wednesday night, officials said.")]
QUAKE = [("a1", "A strong earthquake hit Chile at approximately 14:52 local time on Friday, the U.S. Geological Survey said.")]


def test_a_number_moved_off_the_word_it_stands_by_is_rejected():
    """A trial's Chile story: the February quake's magnitude moved onto its
    aftershock (5.8), and the rewrite was shown as checked."""
    cand = verdict(CHILE, "A \"sudden\" and \"terrifying\" aftershock of magnitude 8.8, on Wednesday night in Chile, officials said.")
    assert not cand.ok
    assert "drops “February”, which “8.8” stands by in its source" in cand.sentence.flags, cand.sentence.flags
    # the number with its word, or a number that ends its phrase, passes
    assert verdict(CHILE, "An aftershock of the magnitude 8.8, February 27 earthquake hit Chile on Wednesday, officials said.").ok
    deaths = [("a1", "The storm killed 214 people in the north, officials said on Tuesday after the rains eased.")]
    assert verdict(deaths, "The storm killed 214 people in the north, officials said.").ok


def test_an_indefinite_subject_made_definite_is_rejected():
    """A trial's Chile story: "A strong earthquake hit Chile ... on Friday"
    became "The earthquake hit Chile ...", under another quake's sentence:
    read together, one quake."""
    cand = verdict(QUAKE, "The earthquake hit Chile at approximately 14:52 local time on Friday, the U.S. Geological Survey said.")
    assert not cand.ok
    assert "names “A strong earthquake” as “the earthquake”, as if met before" in cand.sentence.flags, cand.sentence.flags
    assert verdict(QUAKE, "A strong earthquake hit Chile at 14:52 local time on Friday, the Geological Survey said.").ok


def test_dropped_negation_is_rejected():
    pairs = [("a1", "Officials said no deaths were reported in the flooded villages along the river on Tuesday night.")]
    cand = verdict(pairs, "Officials said deaths were reported in the flooded villages on Tuesday.")
    assert not cand.ok


def test_a_quotation_keeps_its_speaker_and_its_marks():
    unmarked = verdict(QUOTE, "We highly appreciate the balanced position of our Chinese friends on the Ukraine crisis.")
    assert not unmarked.ok
    assert "quotes without quotation marks" in unmarked.sentence.flags or any("who is quoted" in f for f in unmarked.sentence.flags)
    kept = verdict(QUOTE, "“We highly appreciate the balanced position of our Chinese friends,” Putin said.")
    assert kept.ok, kept.sentence.flags


def test_a_quotation_moved_to_another_speaker_is_rejected():
    # Written by the packaged model under int8 weights: Putin's words given to Xi.
    pairs = QUOTE + [("a2", "Putin told Xi Jinping: “We highly value the balanced position of our Chinese friends.”")]
    cand = verdict(pairs, "“We highly value the balanced position of our Chinese friends when it comes to the Ukraine crisis,” "
                          "said the Chinese President Xi Jinping.")
    assert not cand.ok
    assert any("who is quoted: Putin" in f for f in cand.sentence.flags)


def test_a_rewrite_must_be_shorter_and_finished():
    original = CAUTIOUS[1][1]
    assert "not shorter than the extractive sentence" in verdict(CAUTIOUS[1:], original).sentence.flags
    assert "unfinished sentence" in verdict(CAUTIOUS, "China has taken a cautious approach, criticizing Western sanctions against").sentence.flags


# ---------------------------------------------------------------------------
# the method on a tiny random model

torch = pytest.importorskip("torch")


@pytest.fixture()
def tiny_condenser(tmp_path, monkeypatch):
    from tests.test_condense import save_tiny_llama

    from summarize import loading

    monkeypatch.setenv("SUMMARIZE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZE_SEMANTIC", "0")
    folder = save_tiny_llama(tmp_path / "tiny-llama", max_positions=1024)
    loading.clear_loaded()
    yield loading.load_model(str(folder))
    loading.clear_loaded()


def storm_story() -> Story:
    from tests.test_condense import make_story

    story = make_story()
    for s in story.summary.sentences:  # cite both outlets, as the ranker does
        s.citations = [Citation(a.id, s.text, next(x.index for x in a.sentences if x.text == s.text)) for a in story.articles]
    return story


def test_nonsense_model_gives_all_kept_and_nothing_unsupported(tiny_condenser):
    story = storm_story()
    events = []
    summary = fuse_story(tiny_condenser, story, 100, progress=lambda d, n, m: events.append((d, n, m)))
    assert summary.mode == "fuse" and summary.model == tiny_condenser.name
    assert [s.text for s in summary.sentences] == [s.text for s in story.summary.sentences]
    assert all(s.origin == "kept" and s.supported and not s.flags for s in summary.sentences)
    assert summary.words <= story.summary.words
    # said, not left to the reader to find by comparing (a trial's --compare: "fused 0, kept 3")
    assert summary.note == "no rewrite of the model passed the check: every sentence is kept as extracted"
    from summarize.compare import render_compare
    from summarize.render import story_to_dict, to_markdown, to_text

    story.abstractive = summary
    for shown in (to_text([story]), to_markdown([story]), render_compare([story], "text")):
        assert "every sentence is kept as extracted" in shown
    assert story_to_dict(story)["abstractive"]["note"] == summary.note
    assert events and events[-1][0] == events[-1][1]
    # every report but the last is one the terminal UI reads back as a try of its bar
    from summarize.fuse import rewrite_step

    steps = [rewrite_step(m) for _, _, m in events[:-1]]
    assert all(steps) and steps[0].round_ == 0 and steps[0].tokens == 0.0
    assert any(0 < s.tokens <= 1 for s in steps) and rewrite_step(events[-1][2]) is None
    for s in summary.sentences:  # kept sentences carry the extractive citations, verbatim
        for c in s.citations:
            assert c.quote in story.article(c.article).text


def test_show_unsupported_shows_the_models_rewrites_with_flags(tiny_condenser):
    story = storm_story()
    summary = fuse_story(tiny_condenser, story, 100, show_unsupported=True)
    assert len(summary.sentences) == len(story.summary.sentences)
    for s in summary.sentences:
        assert s.origin in {"fused", "kept"}
        if s.origin == "fused":
            assert s.supported is False and s.flags


def test_cancel_before_and_during(tiny_condenser):
    from summarize.errors import Cancelled

    with pytest.raises(Cancelled):
        fuse_story(tiny_condenser, storm_story(), 100, should_stop=lambda: True)
    calls = {"n": 0}

    def stop_later():
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(Cancelled):
        fuse_story(tiny_condenser, storm_story(), 100, should_stop=stop_later)


def test_pipeline_entry_point_picks_the_mode(tiny_condenser):
    from summarize.pipeline import abstractive_summary

    story = storm_story()
    fused = abstractive_summary(story, tiny_condenser)
    assert fused.mode == "fuse" and all(s.origin for s in fused.sentences)
    whole = abstractive_summary(story, tiny_condenser, mode="whole", max_words=30)
    assert whole.mode == "whole" and all(s.origin == "written" for s in whole.sentences)


def test_a_rewrite_that_leaves_the_quotation_out_needs_no_speaker():
    pairs = [("a1", "The actress's lawyer filed a lawsuit on Tuesday to void the agreement, saying Donald Trump "
                    "“never signed it and so it never took effect at all,” her lawyer said Wednesday.")]
    cand = verdict(pairs, "The actress's lawyer filed a lawsuit on Tuesday to void the agreement.")
    assert not any("who is quoted" in f for f in cand.sentence.flags), cand.sentence.flags


def test_a_quoted_title_is_not_speech():
    pairs = [("a1", "Civil War epic “Gone With the Wind” still draws audiences 75 years after its premiere in Atlanta, "
                    "where racial tensions simmered.")]
    cand = verdict(pairs, "“Gone With the Wind” still draws audiences 75 years after its premiere.")
    assert cand.ok, cand.sentence.flags


# ---------------------------------------------------------------------------
# who said it (a new-user trial: "Critics said the vote came far too late for
# the town." was fused into "The vote came far too late for the town.")

CRITICS = [("a1", "Critics said the vote came far too late for the town.")]


@pytest.mark.parametrize(
    "source, rewrite",
    [
        (CRITICS[0][1], "The vote came far too late for the town."),
        # DUC 2007 update, fused by the packaged model
        ("President Carlos Flores declared Hurricane Mitch had set back Honduras' development by 50 years.",
         "The hurricane had set back Honduras' development by 50 years."),
        # the seeds, fused by the packaged model: Putin's words become his state of mind
        ("Russian President Vladimir Putin, while meeting Chinese President Xi Jinping, said he understands China has "
         "“questions and concerns” about the war in Ukraine.",
         "Russian President Putin understands China's concerns about the war in Ukraine."),
        # "according to" and a speaker after the claim
        ("At least 12 people died when the storm hit Dagupan on Tuesday, according to local officials.",
         "At least 12 people died when the storm hit Dagupan."),
        ("The storm killed at least 12 people in Dagupan on Tuesday, officials said, as rescue teams searched villages.",
         "The storm killed at least 12 people in Dagupan on Tuesday."),
        # DUC 2007 update, by the packaged model: the speaker kept, the verb gone ("alleged" reports nothing)
        ("The Justice Department has renewed its scrutiny of alleged antitrust violations by the software giant "
         "Microsoft Corp., U.S. newspapers reported today.",
         "The Justice Department has renewed its scrutiny of alleged antitrust violations by Microsoft Corp., U.S. newspapers."),
    ],
)
def test_a_rewrite_that_drops_who_said_it_is_rejected(source, rewrite):
    cand = verdict([("a1", source)], rewrite)
    assert not cand.ok
    assert any(f.startswith("drops who said it: ") for f in cand.sentence.flags), cand.sentence.flags


def test_who_said_it_may_move_but_not_go():
    assert not verdict(CRITICS, "The vote came far too late for the town.").ok
    for kept in ("The vote came far too late, critics said.", "Critics said the vote came too late."):
        cand = verdict(CRITICS, kept)
        assert cand.ok, (kept, cand.sentence.flags)
    # a report named before its content keeps who said it (DUC 2007 update, by the packaged model)
    ibm = [("a1", "In its antitrust trial, the Microsoft Corp. is expected to introduce documents this week intended to "
                  "contradict testimony by an IBM executive who said Microsoft would offer the computer maker a favorable "
                  "price on its Windows operating system only if IBM agreed to ``eliminate or drop'' its competing "
                  "operating system, OS/2.")]
    cand = verdict(ibm, "The Microsoft Corp. is expected to introduce documents this week to contradict IBM's testimony "
                        "that Microsoft would offer a favorable price on Windows.")
    assert cand.ok, cand.sentence.flags
    # the model's own wording here had "a favorable price on OS/2": the price was on Windows, not on IBM's OS/2
    cand = verdict(ibm, "The Microsoft Corp. is expected to introduce documents this week to contradict IBM's testimony "
                        "that Microsoft would offer a favorable price on OS/2.")
    assert "joins “price on OS”, which no source does" in cand.sentence.flags


def test_only_a_claim_someone_made_needs_its_speaker():
    # The same claim, once attributed and once stated by the outlet itself.
    assert not verdict(CRITICS, "The vote came far too late for the town.").ok
    plain = verdict([("a1", "The vote on the new budget came far too late for the town on Tuesday.")],
                    "The vote came far too late for the town.")
    assert plain.ok, plain.sentence.flags
    # A person named, not quoted; a reporting verb in its plain sense.
    for source, rewrite in [
        ("President Carlos Flores visited the flooded north of Honduras on Monday with two ministers.",
         "President Carlos Flores visited the flooded north of Honduras on Monday."),
        ("The government declared a state of emergency in the flooded north of Honduras on Friday.",
         "The flooded north of Honduras was in a state of emergency on Friday."),
    ]:
        cand = verdict([("a1", source)], rewrite)
        assert not any("who said it" in f for f in cand.sentence.flags), (rewrite, cand.sentence.flags)
    # Only the attributed part of a sentence is the speaker's claim.
    mixed = [("a1", "The council voted 5 to 3 for the budget on Tuesday, and the mayor said the plan would pass next week.")]
    cand = verdict(mixed, "The council voted 5 to 3 for the budget on Tuesday.")
    assert cand.ok, cand.sentence.flags
    assert not verdict(mixed, "The council voted 5 to 3 for the budget and the plan would pass next week.").ok


def test_a_flag_of_the_check_names_the_sentences_rewritten_as_its_sources():
    """"name not in sources: Russian President" read, to a trial, as a name no
    article has, where every one had it: only the group's sentences lacked it."""
    cand = verdict(QUAKE, "A strong earthquake hit Peru at 14:52 local time on Friday, the Geological Survey said.")
    assert "name not in the sentences it rewrites: Peru" in cand.sentence.flags, cand.sentence.flags
