"""Which page a saved file is, and which day's version of it.

The same page saved on different dates is one page in several versions:
`espoo_ongoing_development_2019-05-01.txt` and `espoo_ongoing_development_2025-06-01.html`
are two versions of the page `espoo_ongoing_development`. The date comes from the file
name (`_YYYY-MM-DD`, `_YYYYMMDD`) or, failing that, from the page itself: a labelled date
("Published 2011-12-22", "Päivitetty 2.3.2018", "Uppdaterad 4.3.2021"; the latest of them)
or a line that is only a date, as news pages print theirs ("2019-10-07 8:30"). A file
with no date anywhere is an undated version, taken as the newest of its page.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

DateBasis = Literal["file name", "page"]

_NAME_DATE_RE = re.compile(
    r"^(?P<page>.+?)[_.\-](?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)$"
)
_DATE = (
    r"(?:(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
    r"|(?P<fd>\d{1,2})\.(?P<fm>\d{1,2})\.(?P<fy>\d{4}))"
)
_LABELLED_RE = re.compile(
    r"(?i)\b(?:published|updated|last updated|last modified|modified|julkaistu|päivitetty"
    r"|muokattu|publicerad|uppdaterad|senast uppdaterad)\b\s*:?\s*" + _DATE
)
_DATE_LINE_RE = re.compile(
    r"^\s*" + _DATE + r"(?:\s+(?:klo|kl\.?)?\s*\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)?\s*(?:\|.*)?$"
)
# A news page prints its date near its top.
_HEAD_LINES = 15


@dataclass(frozen=True)
class PageVersion:
    page_key: str  # the page, whichever day it was saved
    version_date: date | None
    date_basis: DateBasis | None


def _date_of(m: re.Match[str]) -> date | None:
    try:
        if m["iy"]:
            return date(int(m["iy"]), int(m["im"]), int(m["id"]))
        return date(int(m["fy"]), int(m["fm"]), int(m["fd"]))
    except ValueError:
        return None


def date_in_page(text: str) -> date | None:
    """The page's own date: the latest labelled one, else a date line near its top."""
    labelled = [d for m in _LABELLED_RE.finditer(text) if (d := _date_of(m))]
    if labelled:
        return max(labelled)
    for line in text.splitlines()[:_HEAD_LINES]:
        m = _DATE_LINE_RE.match(line)
        if m and (d := _date_of(m)):
            return d
    return None


def page_version(stem: str, text: str) -> PageVersion:
    """The page a file of this stem is, and the date of the version it holds."""
    m = _NAME_DATE_RE.match(stem)
    if m:
        try:
            day = date(int(m["y"]), int(m["m"]), int(m["d"]))
            return PageVersion(m["page"], day, "file name")
        except ValueError:
            pass
    day = date_in_page(text)
    return PageVersion(stem, day, "page" if day else None)
