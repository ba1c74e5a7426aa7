from conftest import PAGE_A, PAGE_B

from summarize.clean import clean_text, strip_repeated


def test_boilerplate_goes_and_every_real_sentence_stays():
    cleaned = clean_text(PAGE_A)
    text = cleaned.text
    for junk in ("Register now", "ALSO READ", "Related Articles", "Celebrity chef", "Home", "World news you can trust"):
        assert junk not in text
    assert "Read more" not in text
    for real in (
        "A powerful storm struck the coastal town of Port Ellis on Monday",
        '"We have never seen water rise this fast," said Mayor Ann Lee',
        "Officials said about 4,000 people were moved to shelters in the U.S. state's interior.",
        "The weather service said winds reached 150 km per hour near the harbour.",
    ):
        assert real in text
    assert cleaned.title == "Storm hits coastal town, thousands evacuated"
    assert cleaned.source == "Daily Planet"
    assert any("Register now" in r for r in cleaned.removed)


def test_wire_dateline_names_the_outlet_and_credit_lines_go():
    cleaned = clean_text(PAGE_B)
    assert cleaned.source == "Reuters"
    assert "Reuters" in cleaned.credits
    assert cleaned.text.startswith("A powerful storm hit")
    assert "Reporting by" not in cleaned.text and "Leave a Comment" not in cleaned.text
    assert cleaned.title == "Storm forces mass evacuation in Port Ellis"


def test_raw_html_and_wire_codes_are_stripped():
    raw = 'Title of the piece here now\n\nThe minister resigned on Friday after the vote failed. [nL1N30M1Q9]\n\n<img class="x" src="http://a/b.jpg">\n\nHe will stay until a successor is found, aides said.'
    cleaned = clean_text(raw)
    assert "<img" not in cleaned.text and "nL1N30M1Q9" not in cleaned.text
    assert "He will stay until a successor is found, aides said." in cleaned.text


def test_tail_after_end_marker_is_dropped_even_when_it_looks_like_prose():
    raw = (
        "The council approved the budget on Monday after a long debate.\n\n"
        "Share This Article\n\n"
        "Our commitment to accuracy has earned us the trust of a vast audience.\n\n"
        "Popular Posts\n\nSomething else entirely happened somewhere…\n"
    )
    cleaned = clean_text(raw)
    assert cleaned.text == "The council approved the budget on Monday after a long debate."


def test_site_chrome_repeated_across_different_articles_goes_but_syndication_stays():
    blurb = "Example News: your instant connection to breaking stories and live updates."
    texts = [f"Story {n} has its own first sentence here.\n\n{blurb}" for n in range(3)]
    results = strip_repeated(texts)
    assert all(blurb not in text for text, _ in results)
    wire = ["A shared wire sentence about the vote.\n\nAnother shared wire sentence follows.\n\nThird shared line here."] * 3
    assert all(text == wire[0] for text, _ in strip_repeated(wire))


def test_one_line_wire_story_with_sign_off_is_kept():
    raw = (
        "FRANKFURT, Germany (AP) _ Europe's new currency will rival the dollar, a magazine reported Sunday. "
        "A number of countries plan to hold the euro as part of their reserves, the magazine quoted the bank chief as saying. "
        "The report also said he expects the relationship between the two to be stable. (gb)"
    )
    cleaned = clean_text(raw)
    assert cleaned.text.startswith("Europe's new currency will rival the dollar")
    assert cleaned.text.endswith("to be stable.")
    assert cleaned.source == "AP"
