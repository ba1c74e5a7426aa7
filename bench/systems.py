"""The systems compared: ours, Lead, and sumy's LexRank / TextRank / LSA.

Every system sees the same articles, split into sentences by the same
segmenter (ours, already run at load time), and its output is cut to the same
word budget the same way (``metrics.cut_words``).  sumy's own tokenizer needs
NLTK punkt, which is never downloaded here, so its documents are built from
our sentences with a plain regex word tokenizer; its stemmer (snowball) and
stop-word list need no data.
"""

from __future__ import annotations

import re

from summarize.records import Article

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


class WordTokenizer:
    language = "english"

    def to_words(self, text: str) -> list[str]:
        return _WORD.findall(text)

    def to_sentences(self, text: str) -> list[str]:  # unused: sentences come from our segmenter
        from summarize.segment import split_sentences

        return split_sentences(text)


def ours(articles: list[Article], budget: int) -> str:
    """The product's default extractive summary (``--max-words budget``)."""
    from summarize.rank import summarize_articles

    summary, _ = summarize_articles(articles, max_words=budget)
    return summary.text


def _date_key(article: Article) -> str:
    # DUC ids carry the date: APW19980614.0676 -> 19980614.0676
    m = re.search(r"(\d{8}\.\d+)", article.id)
    return m.group(1) if m else ""


def lead(articles: list[Article], budget: int) -> str:
    """DUC's baseline: the opening of the most recent article."""
    latest = max(articles, key=_date_key)
    return " ".join(s.text for s in latest.sentences)


def lead_round_robin(articles: list[Article], budget: int) -> str:
    """First sentence of every article, then the second of every one, and so on."""
    out, words, depth = [], 0, 0
    while words < budget and any(depth < len(a.sentences) for a in articles):
        for a in articles:
            if depth < len(a.sentences):
                out.append(a.sentences[depth].text)
                words += len(a.sentences[depth].text.split())
        depth += 1
    return " ".join(out)


class Sumy:
    """One sumy summarizer, fed our sentences, asked for the best-rated
    sentences until the budget is filled (then shown in document order, as
    sumy does)."""

    def __init__(self, name: str):
        from sumy.nlp.stemmers import Stemmer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words

        cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}[name]
        self.summarizer = cls(Stemmer("english"))
        self.summarizer.stop_words = get_stop_words("english")
        self.tokenizer = WordTokenizer()

    def document(self, articles: list[Article]):
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

        seen: set[str] = set()
        paragraphs = []
        for a in articles:
            sentences = []
            for s in a.sentences:
                text = s.text.strip()
                if text and text not in seen:  # sumy keys ratings by text: one copy each
                    seen.add(text)
                    sentences.append(Sentence(text, self.tokenizer))
            if sentences:
                paragraphs.append(Paragraph(sentences))
        return ObjectDocumentModel(paragraphs)

    def __call__(self, articles: list[Article], budget: int) -> str:
        def until_budget(infos):
            picked, words = [], 0
            for info in infos:
                if words >= budget:
                    break
                picked.append(info)
                words += len(str(info.sentence).split())
            return picked

        chosen = self.summarizer(self.document(articles), until_budget)
        return " ".join(str(s) for s in chosen)


def systems() -> dict:
    return {
        "ours": ours,
        "Lead (latest article)": lead,
        "Lead (round-robin)": lead_round_robin,
        "LexRank (sumy)": Sumy("lexrank"),
        "TextRank (sumy)": Sumy("textrank"),
        "LSA (sumy)": Sumy("lsa"),
    }


BASELINES = ("Lead (latest article)", "Lead (round-robin)", "LexRank (sumy)", "TextRank (sumy)", "LSA (sumy)")
