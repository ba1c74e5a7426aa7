"""The dates articles carry, read as days: ISO and compact forms, and
"11 May 2025", "Feb. 09, 2000", "3. Juni 2024", "22 de abril de 2022" in the
languages the cleaner reads.  The Ray engine windows a corpus by them and the
ranker orders an update's new articles by them."""

from __future__ import annotations

import datetime as _dt
import re

# English month and weekday names, whole or abbreviated, as regular-expression
# fragments for the modules that find dates in text (the cleaner's date
# lines, the focus's "when" answers): match them case-insensitively.  Whole
# words only: "Mar" is March but "Marseille" is not, "Mon" Monday but not
# "Monaco".
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
)
WEEKDAY_WHOLE = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"  # the whole name only
WEEKDAY_NAME = rf"(?:{WEEKDAY_WHOLE}|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?![a-z])"
_MONTHS = {m: n for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})\b")
_DMY = re.compile(r"\b(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,})\.?,?\s+(?:de\s+)?(\d{4})\b")
# The months of the date lines the cleaner reads in German, French,
# Spanish, Italian and Polish ("3. Juni 2024", "22 de abril de 2022", "3
# czerwca 2024"), and their abbreviations that English's three letters miss.
_FOREIGN_MONTHS = {
    name: n
    for n, names in enumerate(
        [
            "januar jänner janvier janv enero gennaio stycznia ene",
            "februar février févr febrero febbraio lutego",
            "märz mär mars marzo marca",
            "avril avr abril aprile kwietnia abr",
            "mai mayo maggio maja",
            "juni juin junio giugno czerwca",
            "juli juillet juil julio luglio lipca",
            "août agosto sierpnia ago",
            "septembre septiembre setiembre settembre września",
            "oktober okt octobre octubre ottobre października",
            "novembre noviembre listopada",
            "dezember dez décembre déc diciembre dicembre grudnia dic",
        ],
        start=1,
    )
    for name in names.split()
}
_MDY = re.compile(r"\b([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_EPOCH = _dt.date(1970, 1, 1)


def _month_number(word: str) -> int | None:
    word = word.lower()
    return _FOREIGN_MONTHS.get(word) or _MONTHS.get(word[:3])


def day_of(date: str | None) -> int | None:
    """Days since 1970-01-01 for the date forms articles carry (ISO, "11 May
    2025", "Feb. 09, 2000", 20000209); None when there is none."""
    if not date:
        return None
    text = date.strip()
    found = None
    m = _ISO.search(text) or _COMPACT.search(text)
    if m:
        found = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    else:
        m = _DMY.search(text)
        month = _month_number(m.group(2)) if m else None
        if month:
            found = (int(m.group(3)), month, int(m.group(1)))
        else:
            m = _MDY.search(text)
            if m and m.group(1)[:3].lower() in _MONTHS:
                found = (int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
    if not found:
        return None
    try:
        return (_dt.date(*found) - _EPOCH).days
    except ValueError:
        return None
