"""Chinese and Japanese: text without spaces between words.

The tokeniser reads a run of Han and kana characters as its overlapping
character bigrams (``lexicon.cjk_bigrams``), and word budgets count such text
by characters (``lexicon.word_count``), so a CJK story gets concepts, a
centroid, clusters and a summary of several sentences, like any other.
"""

import json
import textwrap

import pytest

from summarize import lexicon
from summarize.clean import clean_text, is_prose
from summarize.cli import main
from summarize.cluster import cluster_articles
from summarize.coverage import content_words as coverage_words
from summarize.lexicon import CJK_CHARS_PER_WORD, analyse, cjk_bigrams, content_stems, first_words, word_count, words
from summarize.pipeline import Options, run
from summarize.rank import concepts

# ---------------------------------------------------------------------------
# the piles: one earthquake told by three outlets, in Chinese and in Japanese

ZH_XINHUA = """四川泸定发生6.8级地震 已造成46人遇难

新华社成都9月5日电 据中国地震台网正式测定，9月5日12时52分，四川甘孜州泸定县发生6.8级地震，震源深度16千米。

截至5日20时，地震已造成46人遇难，另有16人失联，数百间房屋倒塌。

应急管理部已启动国家地震应急二级响应，并派出工作组赶赴灾区指导抗震救灾工作。

震中附近多条道路因山体滑坡中断，部分村庄的电力和通信一度中断。

当地政府已紧急转移安置受灾群众五万余人，帐篷、棉被和食品等救灾物资正陆续运抵灾区。
"""

ZH_PEOPLE = """泸定6.8级地震致46人遇难 救援力量连夜赶赴震区

中国地震台网正式测定，9月5日12时52分在四川省甘孜州泸定县发生6.8级地震，震源深度16公里。

据四川省应急管理厅通报，截至5日20时，地震已造成46人遇难、16人失联，另有数十人受伤。

国家已启动地震应急二级响应，应急管理部派出工作组赶赴灾区。

四川省消防救援总队调派一千余名消防员连夜赶赴震区，在倒塌的房屋中搜救被困群众。

受山体滑坡影响，通往震中磨西镇的道路多处中断，救援人员只能徒步进入。
"""

ZH_CHINANEWS = """四川甘孜州泸定县发生6.8级地震

中新网9月5日电 中国地震台网测定，9月5日12时52分，四川甘孜州泸定县发生6.8级地震，震源深度16千米，成都、重庆等地震感强烈。

截至5日20时，这次地震已造成46人遇难，16人失联。

震中附近多条道路因山体滑坡中断，救援人员正在全力抢通道路。

当地已转移安置受灾群众五万余人，并在学校操场和广场搭建临时帐篷。

专家表示，未来几天震区仍可能发生较强余震，提醒群众不要返回受损房屋。
"""

# Another event, from the same agency on the same day: it shares the
# dateline and the date with the earthquake, nothing else.
ZH_BANK = """中国人民银行下调存款准备金率

新华社北京9月5日电 中国人民银行5日宣布，决定于9月15日下调金融机构存款准备金率0.25个百分点。

此次降准共计释放长期资金约五千亿元，将有效支持实体经济发展。

央行有关负责人表示，稳健的货币政策将更加精准有力，保持流动性合理充裕。

分析人士认为，降准有助于降低银行资金成本，推动企业综合融资成本稳中有降。
"""

JA_ARTICLES = [
    ("NHK", "石川県で震度6強の地震 津波注意報も", [
        "5日午前10時20分ごろ、石川県能登地方を震源とする地震があり、輪島市で震度6強の揺れを観測しました。",
        "気象庁によりますと、震源の深さは約10キロ、地震の規模を示すマグニチュードは6.5と推定されています。",
        "この地震で石川県の沿岸に一時、津波注意報が出されましたが、午後1時に解除されました。",
        "輪島市では住宅の倒壊が相次ぎ、消防によりますと、これまでに3人が死亡し、20人以上がけがをしました。",
        "気象庁は、今後1週間程度は同じ程度の揺れに注意するよう呼びかけています。",
    ]),
    ("共同通信", "能登で震度6強、3人死亡 輪島で家屋倒壊", [
        "5日午前10時20分ごろ、石川県能登地方を震源とする地震があり、輪島市で震度6強を観測した。",
        "気象庁によると、震源の深さは約10キロ、マグニチュードは6.5と推定される。",
        "石川県によると、輪島市で倒壊した住宅の下敷きになるなどして3人が死亡し、20人以上が負傷した。",
        "北陸電力によると、能登地方の約2万戸で停電が続いている。",
        "政府は首相官邸に対策室を設置し、被害状況の把握を急いでいる。",
    ]),
    ("朝日新聞", "能登地方で震度6強 住宅倒壊、死者3人", [
        "石川県能登地方で5日午前、震度6強の地震があった。",
        "気象庁によると、震源の深さは約10キロで、地震の規模はマグニチュード6.5と推定される。",
        "輪島市では多くの住宅が倒壊し、これまでに3人の死亡が確認された。",
        "石川県の沿岸には一時津波注意報が出たが、その後解除された。",
        "政府は首相官邸に対策室を設置し、自衛隊に災害派遣を要請した。",
    ]),
]


@pytest.fixture
def zh_pile(tmp_path):
    for name, text in (("xinhua.txt", ZH_XINHUA), ("people.txt", ZH_PEOPLE), ("chinanews.txt", ZH_CHINANEWS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def ja_pile(tmp_path):
    path = tmp_path / "noto.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for n, (source, title, sentences) in enumerate(JA_ARTICLES):
            record = {"id": f"ja{n}", "source": source, "title": title, "text": "\n\n".join(sentences)}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


# ---------------------------------------------------------------------------
# the tokeniser


def test_a_cjk_run_is_its_overlapping_character_bigrams():
    assert words("四川地震") == ["四川", "川地", "地震"]
    assert cjk_bigrams("四川地震") == ["四川", "川地", "地震"]
    assert words("震") == ["震"]  # a lone character stays a unigram
    assert cjk_bigrams("") == []
    # punctuation parts runs: no bigram straddles a comma or a full stop
    assert words("地震，死亡。救援") == ["地震", "死亡", "救援"]


def test_latin_words_and_numbers_inside_cjk_text_are_their_own_tokens():
    assert words("苹果公司iPhone销量") == ["苹果", "果公", "公司", "iPhone", "销量"]
    assert words("四川泸定发生6.8级地震") == ["四川", "川泸", "泸定", "定发", "发生", "6.8", "级地", "地震"]
    assert words("G7峰会") == ["G", "7", "峰会"]


def test_japanese_kanji_and_kana_are_bigrammed_and_hangul_is_left_to_its_spaces():
    assert words("地震が発生") == ["地震", "震が", "が発", "発生"]
    # katakana with its long-vowel mark; the middle dot parts foreign names
    assert words("マグニチュード") == ["マグ", "グニ", "ニチ", "チュ", "ュー", "ード"]
    assert words("ジョー・バイデン") == ["ジョ", "ョー", "バイ", "イデ", "デン"]
    assert words("서울에서 지진 발생") == ["서울에서", "지진", "발생"]


def test_cjk_bigrams_are_neither_stemmed_nor_stop_words():
    assert analyse("苹果公司iPhone销量大增") == ["苹果", "果公", "公司", "iphon", "销量", "量大", "大增"]
    assert content_stems("地震造成46人遇难") == ["地震", "震造", "造成", "46", "人遇", "遇难"]
    # the outlet-coverage words keep them although they are two letters long
    assert {"地震", "遇难"} <= coverage_words("地震造成46人遇难")


def test_a_cjk_sentence_carries_concepts():
    # adjacent bigrams overlap: a concept is a run of three characters
    assert ("震源", "源深") in concepts("发生6.8级地震，震源深度16千米。")
    assert len(concepts("截至5日20时，地震已造成46人遇难，另有16人失联。")) >= 5


def test_text_without_cjk_tokenises_and_counts_as_before():
    text = "Obama's far-right rival, Orbán, paid $1,000 — in G7 talks. 서울 지진"
    assert words(text) == ["Obama", "far-right", "rival", "Orbán", "paid", "1,000", "in", "G", "7", "talks", "서울", "지진"]
    assert word_count(text) == len(text.split())
    for n in (0, 1, 5, 100):
        assert first_words(text, n) == " ".join(text.split()[:n])


# ---------------------------------------------------------------------------
# counting words


def test_cjk_text_counts_a_word_per_cjk_chars_per_word_characters():
    assert CJK_CHARS_PER_WORD == 1.6
    sentence = "截至5日20时，地震已造成46人遇难，另有16人失联。"  # 17 CJK characters, 4 numbers
    assert word_count(sentence) == 4 + 11  # 17 / 1.6 = 10.6, rounded up
    assert word_count("苹果公司iPhone销量") == 4 + 1  # 6 characters, one Latin word
    assert word_count("震") == 1
    # full-width punctuation between clauses is no word
    assert word_count("地震") == word_count("地震 。") == word_count("地震，、」。") == 2


def test_first_words_cuts_cjk_text_inside_a_run():
    sentence = "四川甘孜州泸定县发生6.8级地震，震源深度16千米。"
    for n in range(1, word_count(sentence) + 1):
        cut = first_words(sentence, n)
        assert sentence.startswith(cut)
        assert word_count(cut) <= n
    assert first_words(sentence, 3) == "四川甘孜"  # 4 characters are 2.5 words, rounded up 3; 5 would be 4
    assert first_words(sentence, 100) == sentence


def test_a_cjk_sentence_is_prose_not_a_short_line():
    assert is_prose("据四川省应急管理厅通报，截至5日20时，地震已造成46人遇难、16人失联。")
    assert not is_prose("首页 新闻 体育")
    cleaned = clean_text(ZH_PEOPLE)
    assert "国家已启动地震应急二级响应，应急管理部派出工作组赶赴灾区。" in cleaned.text
    cleaned = clean_text("\n\n".join([JA_ARTICLES[0][1], *JA_ARTICLES[0][2]]))
    assert cleaned.title == JA_ARTICLES[0][1]
    assert all(s in cleaned.text for s in JA_ARTICLES[0][2])


# ---------------------------------------------------------------------------
# the whole pipeline


def _summary_checks(story, texts: dict[str, str], max_words: int) -> list[dict]:
    sentences = story["summary"]["sentences"]
    assert len(sentences) >= 2, sentences
    assert sum(word_count(s["text"]) for s in sentences) <= max_words
    for sentence in sentences:
        assert sentence["citations"]
        for citation in sentence["citations"]:
            assert citation["quote"] in texts[citation["article"]]
    return sentences


@pytest.mark.parametrize("max_words", [60, 100])
def test_a_chinese_pile_gets_a_summary_of_several_cited_sentences(capsys, zh_pile, max_words):
    code = main([str(zh_pile), "--format", "json", "--max-words", str(max_words)])
    out, err = capsys.readouterr()
    assert code == 0, err
    (story,) = json.loads(out)["stories"]
    texts = {a.id: a.text for s in run([str(zh_pile)]).stories for a in s.articles}
    sentences = _summary_checks(story, texts, max_words)
    # The casualty figure is in all three reports: one sentence, each cited.
    told = [s for s in sentences if "46人遇难" in s["text"]]
    assert told, sentences
    assert len({c["article"] for c in told[0]["citations"]}) == 3


def test_a_japanese_pile_gets_a_summary_of_several_cited_sentences(ja_pile):
    (story,) = run([str(ja_pile)], Options(max_words=100)).stories
    texts = {a.id: a.text for a in story.articles}
    data = {"summary": {"sentences": [
        {"text": s.text, "citations": [{"article": c.article, "quote": c.quote} for c in s.citations]}
        for s in story.summary.sentences
    ]}}
    sentences = _summary_checks(data, texts, 100)
    assert story.summary.words == sum(word_count(s["text"]) for s in sentences)
    # The magnitude and depth are in all three reports.
    depth = [s for s in story.summary.sentences if "マグニチュード" in s.text]
    assert depth and {c.article for c in depth[0].citations} == {"ja0", "ja1", "ja2"}


def test_cjk_articles_about_different_events_are_not_clustered_together(capsys, zh_pile):
    (zh_pile / "bank.txt").write_text(ZH_BANK, encoding="utf-8")
    code = main(["--cluster", str(zh_pile), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    stories = [sorted(a["path"].rsplit("/", 1)[-1] for a in s["articles"]) for s in json.loads(out)["stories"]]
    assert sorted(stories) == [["bank.txt"], ["chinanews.txt", "people.txt", "xinhua.txt"]]


def test_the_clusterer_keeps_apart_two_short_reports_sharing_only_a_dateline():
    from summarize.ingest import make_article

    quake = make_article(ZH_XINHUA, path=None, key="quake", group=None)
    bank = make_article(ZH_BANK, path=None, key="bank", group=None)
    groups = cluster_articles([quake, bank])
    assert len(groups) == 2


# Text without CJK is tokenised by a pattern of its own (lexicon._SPACED_WORD,
# the faster): it must give exactly the words of the general one
# (lexicon.WORD), or the two paths would read one text two ways.


def test_text_without_cjk_reads_the_same_by_either_word_pattern():
    import re

    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import given, settings
    from hypothesis import strategies as st

    def general_words(text):
        out = []
        for m in lexicon.WORD.finditer(text):
            w = re.sub(r"['’]s$", "", m.group(0)).strip("'’-")
            if w:
                out.append(w)
        return out

    @settings(max_examples=300, derandomize=True, deadline=None)
    @given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=200), st.integers(0, 40))
    def check(text, n):
        hypothesis.assume(not lexicon.CJK_RUN.search(text))
        assert words(text) == general_words(text)
        assert word_count(text) == len(text.split())
        assert first_words(text, n) == " ".join(text.split()[:n])

    check()


def test_text_output_wraps_and_underlines_in_terminal_cells():
    """A Chinese character takes two terminal cells and a Chinese line has no
    spaces: textwrap counted characters, so lines ran twice the width and the
    headline's underline stopped half way."""
    from rich.cells import cell_len

    from summarize.render import fill

    text = "新华社北京9月5日电（记者王某）国家主席习近平5日在人民大会堂会见了来访的外国领导人。 [1][2]"
    lines = fill(text, 24, initial_indent="  * ", subsequent_indent="    ").split("\n")
    assert len(lines) > 2 and all(cell_len(line) <= 24 for line in lines)
    assert "".join(line[4:] for line in lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[4:].startswith(("。", "）")) for line in lines)  # closing marks stay with their word
    korean = "서울 시민들이 오늘 아침 거리에서 새해를 맞이하는 행사를 열었다"
    assert all(word in korean.split() for line in fill(korean, 16).split("\n") for word in line.split())
    english = "The central bank raised its main interest rate by half a point on Tuesday."
    assert fill(english, 30, "  * ", "    ") == textwrap.fill(english, width=30, initial_indent="  * ", subsequent_indent="    ")


def test_text_output_underlines_a_japanese_headline_in_full(ja_pile):
    from rich.cells import cell_len

    from summarize.render import to_text

    (story,) = run([str(ja_pile)], Options(max_words=100)).stories
    out = to_text([story], width=100).splitlines()
    assert cell_len(out[1]) == cell_len(out[0]) and set(out[1]) == {"="}


def test_text_output_wraps_a_long_headline_to_the_width_and_rules_its_longest_line():
    """At 80 columns an 88-character headline ran past its rule (a trial)."""
    from rich.cells import cell_len

    from summarize.records import Article, Story, Summary, SummarySentence
    from summarize.render import to_text

    headline = "Putin admits China has ‘questions and concerns’ over Ukraine war in meet with Xi Jinping"
    story = Story(id="s", headline=headline, articles=[Article(id="a", text="x.")],
                  summary=Summary("extractive", [SummarySentence("Putin met Xi.")]))
    lines = to_text([story], width=80).splitlines()
    assert lines[:2] == ["Putin admits China has ‘questions and concerns’ over Ukraine war in meet with Xi", "Jinping"]
    assert set(lines[2]) == {"="} and cell_len(lines[2]) == cell_len(lines[0])


def test_a_feed_s_time_stamp_reads_as_a_date_and_a_time():
    """A feed item's "2026-12-06T09:00:00Z" was shown as it came (a trial)."""
    from summarize.records import Article
    from summarize.render import display_date, source_name

    assert display_date("2026-12-06T09:00:00Z") == "2026-12-06 09:00 UTC"
    assert display_date("2026-12-06T09:00:00+02:00") == "2026-12-06 09:00 +02:00"
    assert display_date("Sat, 06 Dec 2026 09:00:00 GMT") == "Sat, 06 Dec 2026 09:00:00 GMT"
    assert "— 2026-12-06 09:00 UTC —" in source_name(Article(id="a", text="x.", title="Storm", date="2026-12-06T09:00:00Z", path="f.atom"))
