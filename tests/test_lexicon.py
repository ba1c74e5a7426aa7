"""The one lexicon: tokeniser, stemmer, stop words, news agencies, family map."""

import subprocess
import sys
from pathlib import Path

import pytest

from summarize import lexicon
from summarize.clean import clean_text
from summarize.ingest import make_article
from summarize.lexicon import (
    WIRE_SERVICES,
    content_stems,
    content_words,
    family_map,
    stem,
    stop_words,
    wire_key,
    words,
)
from summarize.rank import independent_families, summarize_articles
from summarize.records import Article, Story, Summary
from summarize.segment import segment_article


def test_words_keep_names_numbers_and_inner_punctuation():
    assert words("Obama's far-right rival, Orbán, paid $1,000 (3.5%) in G7 talks.") == [
        "Obama", "far-right", "rival", "Orbán", "paid", "1,000", "3.5", "in", "G", "7", "talks",
    ]
    assert words("U.S. officials don't") == ["U", "S", "officials", "don't"]


@pytest.mark.parametrize(
    "forms",
    [
        ("sanction", "sanctions"),
        ("declare", "declared", "declares"),
        ("evacuated", "evacuate", "evacuates"),
        ("meeting", "meetings"),
    ],
)
def test_stem_makes_forms_meet(forms):
    assert len({stem(f) for f in forms}) == 1


def test_stem_leaves_short_words_alone():
    assert stem("bus") == "bus"
    assert stem("red") == "red"
    assert stem("sing") == "sing"


def test_stop_words_are_sklearns_plus_news_extras():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stops = stop_words()
    assert ENGLISH_STOP_WORDS <= stops
    assert {"said", "told", "according", "mr"} <= stops
    assert content_words("Mr Smith said the talks had failed, according to officials.") == [
        "smith", "talks", "failed", "officials",
    ]


def test_content_stems_canonicalise_numbers():
    assert content_stems("1,000 troops") == content_stems("1000 troop")
    assert content_stems("3.50 dollars") == ["3.5", "dollar"]


def test_importing_lexicon_does_not_import_sklearn():
    code = "import sys, summarize.lexicon as l; l.words('x'); l.stem('tests'); print('sklearn' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1], check=True
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------
# news agencies


def test_wire_key_knows_short_and_long_names():
    assert len(WIRE_SERVICES) >= 13
    assert wire_key("PTI") == wire_key("Press Trust of India") == wire_key(" pti ") == "pti"
    assert wire_key("AP") == wire_key("Associated Press") == "ap"
    assert wire_key("Daily Post") is None


@pytest.mark.parametrize("wire", list(WIRE_SERVICES))
def test_cleaner_strips_every_agency_dateline(wire):
    cleaned = clean_text(f"NEW DELHI ({wire}) - The finance minister presented the budget to parliament on Monday morning.")
    assert cleaned.text.startswith("The finance minister")
    assert cleaned.credits == [wire]
    assert wire_key(wire) is not None


def _pti_articles() -> list[Article]:
    raw = {
        "a": "NEW DELHI (PTI) - The finance minister presented the annual budget to parliament on Monday morning.\n\n"
        "Income tax rates for the middle class were cut by two points, the minister announced.",
        "b": "MUMBAI (PTI) - Shares on the Bombay exchange rose sharply after the budget was presented on Monday.\n\n"
        "Banking stocks led the gains as traders welcomed the lower deficit target.",
        "c": "Opposition parties walked out of parliament during the budget speech in protest at rising fuel prices.\n\n"
        "Their leaders said the government had ignored farmers in its spending plans for the year.",
    }
    outlets = {"a": "Hindu Herald", "b": "Deccan Daily", "c": "Capital Times"}
    return [
        segment_article(make_article(text, path=None, key=k, group=None, source=outlets[k], article_id=k))
        for k, text in raw.items()
    ]


def test_pti_credited_articles_are_one_family():
    arts = _pti_articles()
    assert [a.credits for a in arts] == [["PTI"], ["PTI"], []]
    assert sorted(map(sorted, independent_families(arts, {}))) == [["a", "b"], ["c"]]
    _, families = summarize_articles(arts, max_words=60)
    assert sorted(map(sorted, families)) == [["a", "b"], ["c"]]


def test_wire_grouping_compares_canonical_names():
    arts = [
        Article(id="x", text="One.", source="Associated Press"),
        Article(id="y", text="Two.", credits=["AP"]),
        Article(id="z", text="Three.", source="Reuters"),
    ]
    assert sorted(map(sorted, independent_families(arts, {}))) == [["x", "y"], ["z"]]


# ---------------------------------------------------------------------------
# family map


def test_family_map_from_story_or_articles():
    arts = [Article(id=i, text="t") for i in "abcd"]
    fams = [["a", "c"], ["b"]]
    story = Story(id="s", headline="h", articles=arts, summary=Summary(method="extractive"), families=fams)
    by_story = family_map(story)
    assert by_story == family_map(arts, fams) == family_map(arts, iter(fams))
    assert by_story["a"] == by_story["c"] != by_story["b"]
    assert len(set(by_story.values())) == 3  # "d", in no family, is its own


def test_family_map_without_families_gives_every_article_its_own():
    arts = [Article(id=i, text="t") for i in "abc"]
    assert sorted(family_map(arts).values()) == [0, 1, 2]


def test_one_lexicon_everywhere():
    """The modules that used to keep copies now use these very objects."""
    from summarize import attribute, compare, represent

    assert attribute.content_stems is lexicon.content_stems
    assert compare.content_stems is lexicon.content_stems
    assert represent.analyse is lexicon.analyse
    from summarize import coverage

    assert coverage.source_map is lexicon.source_map
    assert attribute.source_map is compare.source_map is lexicon.source_map


def test_source_map_joins_one_named_outlet_s_reports_and_keeps_unnamed_reports_apart():
    from summarize.lexicon import count_sources, source_map

    arts = [
        Article(id="a", text="t", source="Gazette"),
        Article(id="b", text="t", source="GAZETTE"),  # the same outlet, its own second report
        Article(id="c", text="t", source="Herald"),
        Article(id="d", text="t"),  # a copy of the Herald's
        Article(id="e", text="t"),  # a report of its own, outlet unknown
        Article(id="f", text="t"),
    ]
    sources = source_map(arts, [["c", "d"], ["e", "f"]])
    assert sources["a"] == sources["b"] and sources["c"] == sources["d"] and sources["e"] == sources["f"]
    assert len({sources["a"], sources["c"], sources["e"]}) == 3
    assert count_sources("abcdef", sources) == 3 and count_sources("ad", sources) == 2 and count_sources([], sources) == 0


def test_combining_marks_stay_inside_their_word():
    from summarize.lexicon import words

    assert words("दिल्ली में रविवार को बारिश हुई।") == ["दिल्ली", "में", "रविवार", "को", "बारिश", "हुई"]
    assert words("রবিবার ঢাকায় বৃষ্টি") == ["রবিবার", "ঢাকায়", "বৃষ্টি"]
    assert words("שָׁלוֹם עֲלֵיכֶם") == ["שָׁלוֹם", "עֲלֵיכֶם"]
    assert words("cafe\u0301 Orbán") == ["cafe\u0301", "Orbán"]  # decomposed and composed accents
    assert words("Hindi: दिल्ली, 2024") == ["Hindi", "दिल्ली", "2024"]


def test_a_curly_and_a_straight_apostrophe_make_one_term():
    """"Russia’s" and "Russia's" were two terms of the clusterer and the ranker."""
    from summarize.lexicon import analyse, words

    assert analyse("Russia’s army") == analyse("Russia's army")
    assert words("Russia’s army") == ["Russia", "army"]


def test_a_name_in_capitals_is_one_term_however_written():
    """"U.N.", "UN", "U.N" (its last stop the sentence's) and "United Nations"
    were "u"/"n", the stop word "un", and "unit"/"nation": one name, four
    analyses.  With the story's names (``acronyms_of``) they are one term."""
    from summarize.lexicon import acronyms_of, analyse

    texts = [
        "A United Nations World Heritage committee called Wednesday for the scrapping of the mine.",
        "Work goes on, with a U.N. committee Wednesday demanding the mine be scrapped.",
        "The UN said so. The fate of the mine now rests with the U.N",
        "NATO and the North Atlantic Treaty Organization; OPEC, the Organization of Petroleum Exporting Countries.",
    ]
    names = acronyms_of(texts)
    assert {"un", "nato", "opec"} <= names.letters
    assert analyse(texts[0], names)[0] == analyse(texts[1], names)[2] == "un"
    assert analyse(texts[2], names) == ["un", "fate", "rest", "un"]  # ("mine" is a stop word)
    assert analyse(texts[3], names) == ["nato", "nato", "opec", "opec"]
    # the same words without the story's names: what the clusterer still reads
    assert analyse(texts[0])[:2] == ["unit", "nation"]


def test_us_in_capitals_is_a_name_and_us_a_pronoun():
    from summarize.lexicon import acronyms_of, analyse

    text = "US troops told us they would stay. U.S. officials and the United States agreed."
    names = acronyms_of(text)
    assert names.letters == {"us"}
    assert analyse(text, names) == ["us", "troop", "stay", "us", "official", "us", "agre"]
    # "I", "A" (one letter), the hours and "OK" are no names; nor a Roman numeral
    assert acronyms_of("I met A. Smith at 9 AM and 5 P.M.; OK, said Pope John Paul II.").letters == set()


def test_a_headline_in_capitals_is_no_row_of_names():
    from summarize.lexicon import acronyms_of, analyse

    assert acronyms_of("TROOPS SENT TO SAVE US").letters == set()
    assert acronyms_of("NEW YORK (AP) -- The IT firm grew.").letters == {"it"}  # a dateline is no name
    assert analyse("TROOPS SENT TO SAVE US", acronyms_of("The US sent troops.")) == ["troop", "sent", "save"]
    # with full stops it is a name even there
    assert acronyms_of("U.N. VOTES TO SEND TROOPS").letters == {"un"}


def test_a_person_or_a_brand_is_no_two_letter_name_spelled_out():
    """The dev sets' stories read "Stephen Colbert" as SC, "Chevy Tahoe" as CT
    and "Ueli Steck" as US; "South Carolina" and "United States" are theirs."""
    from summarize.lexicon import acronyms_of

    names = acronyms_of(["SC voters went to the polls.", "CT police said so.", "The US team won."])
    for text in ("Stephen Colbert spoke.", "A Chevy Tahoe crashed.", "Ueli Steck climbed."):
        assert names.spans(text) == [], text
    assert [n for _, _, n in names.spans("South Carolina voted, and the United States agreed.")] == ["sc", "us"]


def test_a_name_in_capitals_is_told_from_a_row_of_capitals_on_a_line_of_any_length():
    """The words beside a name are looked for near it, not over its whole line:
    a 2 MB text of one line had taken a minute (a property test's input)."""
    from summarize.lexicon import _capitals_in

    filler = "the talks went on for hours and the delegates left the hall " * 2000  # one line, 120,000 characters
    text = filler + "The UN said so. " + filler + "TROOPS TO SAVE US and then " + filler
    names = [letters for _, _, letters in _capitals_in(text)]
    assert names.count("un") == 1 and "us" not in names and "troops" not in names
    # a word in capitals further away than its neighbours does not make it a row
    assert [x[2] for x in _capitals_in("NATO " + "x" * 200 + " The UN met.")][-1] == "un"
