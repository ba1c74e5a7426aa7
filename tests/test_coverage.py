"""What each outlet reports that no other outlet does (summarize.coverage)."""

import json

from summarize.coverage import unique_reports
from summarize.pipeline import Options, build_stories, load_articles

RECORDS = [
    {"id": "d1", "source": "Rheinische Zeitung", "text": (
        "Die Stadt hat am Montag in der Sitzung des Rates die neue Brücke über den Fluss für den Verkehr freigegeben. "
        "Der Bau der Brücke hatte vier Jahre gedauert und kostete 210 Millionen Euro."
    )},
    {"id": "d2", "source": "Kölner Anzeiger", "text": (
        "Die neue Brücke über den Fluss ist seit Montag für den Verkehr freigegeben, der Bau kostete 210 Millionen Euro. "
        "Die Polizei hat am Montag in der Nacht in der Stadt die alte Straße am Hafen für den Verkehr gesperrt."
    )},
]


def test_a_sentence_in_another_language_is_not_carried_elsewhere_by_its_function_words(tmp_path):
    """The road closure is only in the second paper; its German function
    words ("hat am Montag in der ... für den Verkehr") made it look carried
    by the first paper's bridge sentence."""
    path = tmp_path / "rhein.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS), encoding="utf-8")
    articles, _ = load_articles([str(path)])
    story = next(build_stories(articles, Options()))
    unique = {r.name: [a.sentences[i].text for a, i in r.unique] for r in unique_reports(story)}
    assert any("Polizei" in t for t in unique["Kölner Anzeiger"])
    assert not any("Brücke über den Fluss" in t for t in unique["Kölner Anzeiger"])
