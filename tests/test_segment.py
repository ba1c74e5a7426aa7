from summarize.records import Article
from summarize.segment import segment_article, split_sentences


def test_abbreviations_do_not_break_sentences():
    text = "The U.S. said Mr. Putin must leave. Kyiv says it recaptured 8,000 sq. km. of land. It was fast."
    assert split_sentences(text) == [
        "The U.S. said Mr. Putin must leave.",
        "Kyiv says it recaptured 8,000 sq. km. of land.",
        "It was fast.",
    ]


def test_a_title_before_a_name_does_not_end_a_sentence():
    text = (
        "A struggle for control of the House is under way, with Rep. Dick Armey of Texas in the lead. "
        "Texas Gov. George W. Bush won. After the calls, Rep. Bill Archer of Texas announced a run. "
        "The spokesman identified himself only as Lt. The army said nothing."
    )
    assert split_sentences(text) == [
        "A struggle for control of the House is under way, with Rep. Dick Armey of Texas in the lead.",
        "Texas Gov. George W. Bush won.",
        "After the calls, Rep. Bill Archer of Texas announced a run.",
        "The spokesman identified himself only as Lt.",
        "The army said nothing.",
    ]


def test_commonwealth_titles_before_a_name_do_not_end_a_sentence():
    text = "The Minister of Local Government, Hon. Ryan Straughn, spoke. The file went to Insp. Marcus Lee on Monday."
    assert split_sentences(text) == [
        "The Minister of Local Government, Hon. Ryan Straughn, spoke.",
        "The file went to Insp. Marcus Lee on Monday.",
    ]


def test_a_delegate_before_a_name_does_not_end_a_sentence():
    text = "She was press secretary for Del. Eleanor Holmes Norton of the District. She left in 1999. He was born in Dover, Del. He moved."
    assert split_sentences(text) == [
        "She was press secretary for Del. Eleanor Holmes Norton of the District.",
        "She left in 1999.",
        "He was born in Dover, Del.",
        "He moved.",
    ]


def test_a_full_stop_after_a_percent_or_currency_sign_ends_a_sentence():
    text = "Le chômage a atteint 7,5 %. « Nous agirons », dit-il. Es kostet 5 €. Die Regierung zahlt 7,5 %, sagt sie."
    assert split_sentences(text) == [
        "Le chômage a atteint 7,5 %.",
        "« Nous agirons », dit-il.",
        "Es kostet 5 €.",
        "Die Regierung zahlt 7,5 %, sagt sie.",
    ]


def test_a_month_before_a_range_of_days_does_not_end_a_sentence():
    text = "Saudi Arabia may send a delegation to the Dec. 6-20 Games, said the official. It ended in Oct. The rest followed."
    assert split_sentences(text) == [
        "Saudi Arabia may send a delegation to the Dec. 6-20 Games, said the official.",
        "It ended in Oct.",
        "The rest followed.",
    ]


def test_quotation_over_two_sentences_stays_whole():
    text = "“We understand your concern. We will explain our position.” Putin then left."
    assert split_sentences(text) == ["“We understand your concern. We will explain our position.”", "Putin then left."]


def test_broken_punctuation_does_not_start_a_sentence_mid_clause():
    text = "It was in a readout provided. by the Chinese Ministry of Foreign Affairs. Next one here."
    pieces = split_sentences(text)
    assert pieces[0] == "It was in a readout provided. by the Chinese Ministry of Foreign Affairs."
    assert all(p[0].isupper() for p in pieces)


def test_sentences_are_exact_slices_and_stay_in_their_paragraph():
    article = Article(id="x", text="First one here. Second one.\n\nThird paragraph sentence.")
    segment_article(article)
    assert [s.text for s in article.sentences] == ["First one here.", "Second one.", "Third paragraph sentence."]
    for s in article.sentences:
        assert article.text[s.start : s.end] == s.text
    assert [s.paragraph for s in article.sentences] == [0, 0, 1]


def test_a_newswire_closing_quote_after_a_full_stop_ends_the_sentence():
    """syntok ends a sentence after ." and .” but reads newswire's '' as two
    apostrophes and ran "death.'' Hurricane warnings ..." into one sentence."""
    after = "Hurricane warnings were lifted on Monday."
    for close in ("”", '"', "''"):
        assert split_sentences(f"The storm caused his death.{close} {after}") == [f"The storm caused his death.{close}", after]
    assert split_sentences(f"He said ``the storm caused his death!'' {after}") == [
        "He said ``the storm caused his death!''",
        after,
    ]
    # Not an end: a comma inside the quote, or the sentence going on after it.
    for text in ("He said ``we will win,'' on Monday. It rained.", "``It is over.'' he said. It rained."):
        assert split_sentences(text)[-1] == "It rained." and len(split_sentences(text)) == 2


def test_sentences_of_scripts_without_capitals_are_split():
    """syntok splits on a full stop before a capital letter; Arabic, Hindi,
    Chinese and Japanese have none, and the pieces it did split were joined
    again as "no letter" (the test knew only A-Z)."""
    assert split_sentences("قال الرئيس إن الحكومة ستعمل على تحسين الاقتصاد. وأضاف أن الإصلاحات ستشمل قطاعات عديدة. هل هذا صحيح؟ نعم.") == [
        "قال الرئيس إن الحكومة ستعمل على تحسين الاقتصاد.",
        "وأضاف أن الإصلاحات ستشمل قطاعات عديدة.",
        "هل هذا صحيح؟",
        "نعم.",
    ]
    assert split_sentences("सरकार अर्थव्यवस्था में सुधार करेगी। मंत्री ने कहा कि सुधार होंगे।") == [
        "सरकार अर्थव्यवस्था में सुधार करेगी।",
        "मंत्री ने कहा कि सुधार होंगे।",
    ]
    assert split_sentences("国务院总理今天会见了外国代表团。双方交换了意见！东京で会議が開かれた？") == [
        "国务院总理今天会见了外国代表团。",
        "双方交换了意见！",
        "东京で会議が開かれた？",
    ]
    assert split_sentences("Президент заявил, что экономика вырастет. Министр добавил, что реформы затронут отрасли.") == [
        "Президент заявил, что экономика вырастет.",
        "Министр добавил, что реформы затронут отрасли.",
    ]


def test_a_german_date_is_not_split_after_its_day():
    """"Am 3. Oktober 2026 sprach er" came out as "Oktober 2026 sprach er",
    the day lost (a new-user trial)."""
    assert split_sentences("Am 3. Oktober 2026 sprach er vor der Presse. Dann ging er.") == [
        "Am 3. Oktober 2026 sprach er vor der Presse.",
        "Dann ging er.",
    ]
    assert split_sentences("Bis zum 24. Dezember bleibt es kalt. Danach wird es wärmer.")[0] == "Bis zum 24. Dezember bleibt es kalt."


def test_german_polish_and_french_quotations_over_several_sentences_stay_whole():
    """Only “...” and straight marks were kept together: „Das ist ein guter
    Tag für Berlin." was shown as a sentence, and its speaker in the next."""
    assert split_sentences(
        "„Das ist ein guter Tag für Berlin. Wir haben lange darauf gewartet“, sagte die Senatorin. Danach ging sie."
    ) == ["„Das ist ein guter Tag für Berlin. Wir haben lange darauf gewartet“, sagte die Senatorin.", "Danach ging sie."]
    assert split_sentences("„Nie się poddamy. Walczymy dalej” – powiedział burmistrz. Potem wyszedł.") == [
        "„Nie się poddamy. Walczymy dalej” – powiedział burmistrz.", "Potem wyszedł."]
    assert split_sentences(
        "« Nous ne céderons rien. La République tiendra. Mais nous devons entendre la colère », a-t-il déclaré. Puis il est parti."
    ) == ["« Nous ne céderons rien. La République tiendra. Mais nous devons entendre la colère », a-t-il déclaré.", "Puis il est parti."]
    # a German quotation's closing “ (the English opening mark) ends the sentence before the next
    assert split_sentences(
        "Der Kanzler sagte: „Wir handeln jetzt. Das sind wir unseren Kindern schuldig.“ The remarks drew applause."
    ) == ["Der Kanzler sagte: „Wir handeln jetzt. Das sind wir unseren Kindern schuldig.“", "The remarks drew applause."]
    # English as before
    assert split_sentences("“We will win. We always do,” he said. Then he left.") == [
        "“We will win. We always do,” he said.", "Then he left."]


def test_armenian_and_myanmar_full_stops_end_sentences():
    """Both texts were refused as having no sentence punctuation."""
    assert split_sentences("Երևանում ուժեղ անձրև է տեղացել։ Մի շարք փողոցներ հեղեղվել են։") == [
        "Երևանում ուժեղ անձրև է տեղացել։", "Մի շարք փողոցներ հեղեղվել են։"]
    assert split_sentences("လမ်းများ ရေလွှမ်းမိုးခဲ့သည်။ မိုးလေဝသဌာနက သတိပေးချက် ထုတ်ပြန်ခဲ့သည်။") == [
        "လမ်းများ ရေလွှမ်းမိုးခဲ့သည်။", "မိုးလေဝသဌာနက သတိပေးချက် ထုတ်ပြန်ခဲ့သည်။"]


def test_spanish_french_and_polish_abbreviations_end_no_sentence():
    """The new-user trial's summaries held "La Dra." cut from "López ...",
    "coûtera env." from its amount, and "przy ul." from the street."""
    assert split_sentences("La Dra. López confirmó que hay 23 heridos. El fuego empezó a las tres.") == [
        "La Dra. López confirmó que hay 23 heridos.", "El fuego empezó a las tres."]
    assert split_sentences("La réforme coûtera env. 1,2 milliard d'euros. Le vote aura lieu mardi.") == [
        "La réforme coûtera env. 1,2 milliard d'euros.", "Le vote aura lieu mardi."]
    assert split_sentences("Spłonęła hala przy ul. Długiej w Gdańsku. Nikt nie został ranny.") == [
        "Spłonęła hala przy ul. Długiej w Gdańsku.", "Nikt nie został ranny."]
    assert split_sentences("Trafiło 67 tys. dawek Moderny. To dużo.") == ["Trafiło 67 tys. dawek Moderny.", "To dużo."]


def test_a_dateline_ended_on_its_bracket_keeps_the_dash_after_it():
    """syntok ended "PITTSBURGH (KDKA)" on its bracket, and a user trial's
    summary sentence opened on the dash: "— A former Pittsburgh ..."."""
    text = "PITTSBURGH (KDKA) — A former Pittsburgh teacher is now in police custody. She was arrested Wednesday."
    assert split_sentences(text) == [
        "PITTSBURGH (KDKA) — A former Pittsburgh teacher is now in police custody.",
        "She was arrested Wednesday.",
    ]
    # a dash after a full stop opens a sentence of its own (a dialogue's line)
    assert split_sentences("He left. — Yes, she said.") == ["He left.", "— Yes, she said."]


def test_a_question_inside_dashes_does_not_end_the_sentence():
    """A new-user run's summary sentence opened on "— reporting on threats
    ...": syntok ended the sentence on the question mark inside the dashes."""
    text = ("This article is part of a series — At 250, Who Will America Be? — reporting on threats to democracy. "
            "It ran on Monday.")
    assert split_sentences(text) == [
        "This article is part of a series — At 250, Who Will America Be? — reporting on threats to democracy.",
        "It ran on Monday.",
    ]
    assert split_sentences('Best show ever!" — with Johnson yelling along. He sat.') == [
        'Best show ever!" — with Johnson yelling along.', "He sat."
    ]
    # a capital after the dash may open a sentence: as before
    assert split_sentences("Who will pay? — The council, he said.") == ["Who will pay?", "— The council, he said."]
