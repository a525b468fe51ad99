"""Words that mark the parts of a project page, in English, Finnish and Swedish.

The City of Espoo publishes its pages in all three languages, and so do other Finnish
cities; one extractor reads them all with these tables. Each table is a regular
expression per role (a contact block, a logo line, a section heading ...) so the page
reader stays free of language details. The language of a text is guessed from its most
frequent short words (detect_language), good enough to tell fi, sv and en apart.
"""

import re
from collections import Counter
from typing import Literal

Language = Literal["en", "fi", "sv"]
Level = Literal["international", "national", "city"]

# Markers that open a contact block, alone on a line ("Further information:") or with the
# contact on the same line ("Contact person: Analyst N.N., email: ..."). Longer first.
_CONTACT_WORDS = (
    # English
    "further information", "for more information", "for further information",
    "more information", "additional information", "enquiries", "inquiries",
    "contact persons?", "contact information", "contact details", "contacts?",
    # Finnish
    "lisätietoja", "lisätiedot", "lisätietoa", "yhteyshenkilöt", "yhteyshenkilö",
    "yhteystiedot", "hankkeen yhteyshenkilö", "tiedustelut", "kysy lisää",
    # Swedish
    "kontaktpersoner", "kontaktperson", "kontaktuppgifter", "kontakt",
    "mer information", "ytterligare information", "närmare information",
    "tilläggsuppgifter", "ytterligare uppgifter",
)
_CONTACT = "|".join(_CONTACT_WORDS)
# "Further information:" / "Lisätietoja yleiskaavasta:" (a topic of up to three words).
CONTACT_HEADER_RE = re.compile(
    rf"^(?:{_CONTACT})\s*:?$|^(?:{_CONTACT})(?:\s+\S+){{1,3}}\s*:$", re.I
)
# "Contact person: Analyst N.N., email: ..." / "Lisätiedot: heidi.burjam@vantaa.fi"
CONTACT_INLINE_RE = re.compile(rf"^(?:{_CONTACT})\s*:\s*(?P<rest>\S.*)$", re.I)

FILES_HEADER_RE = re.compile(
    r"^(?:downloadable files|downloads|attachments|ladattavat tiedostot|liitteet"
    r"|nedladdningsbara filer|bilagor)\s*:?$",
    re.I,
)

# A line naming funders and programmes by their logos: "Logos: 6Aika, ... European Regional
# Development Fund, ..." (the text form of a row of logo images).
LOGO_LINE_RE = re.compile(
    r"^(?:logos?|logot|logotyper|rahoittajat?|rahoitus|funders?|funded by|funding"
    r"|financiers?|finansiärer|finansiering|finansieras av|rahoittaa)\s*:\s*(?P<rest>.+)$",
    re.I,
)

SECTION_HEADINGS: tuple[tuple[re.Pattern[str], Level], ...] = (
    (re.compile(r"^international projects$", re.I), "international"),
    (re.compile(r"^national projects$", re.I), "national"),
    (
        re.compile(r"^(?:espoo['’]s|city of espoo['’]s|the city['’]s|city|own) projects$", re.I),
        "city",
    ),
    (re.compile(r"^kansainväliset (?:hankkeet|projektit)$", re.I), "international"),
    (re.compile(r"^kansalliset (?:hankkeet|projektit)$", re.I), "national"),
    (re.compile(r"^(?:espoon|kaupungin) (?:omat )?(?:hankkeet|projektit)$", re.I), "city"),
    (re.compile(r"^internationella projekt(?:en)?$", re.I), "international"),
    (re.compile(r"^nationella projekt(?:en)?$", re.I), "national"),
    (re.compile(r"^(?:esbos|stadens)(?: egna)? projekt(?:en)?$", re.I), "city"),
)

# The name of a page that lists projects ("Ongoing development", "Hankkeet ja projektit"):
# a first line like this is the page's title, not a project's.
PAGE_TITLE_WORDS_RE = re.compile(
    r"(?i)\b(?:projects|development|hankkeet|hankkeita|projektit|kehittämishankkeet"
    r"|kehittäminen|projekten|utvecklingsprojekt|utveckling)\b"
)

# Labels of a person's e-mail and phone: "email:", "sähköposti:", "e-post:".
EMAIL_LABEL_RE = re.compile(r"\b(?:e-?mail|sähköposti|s-posti|e-post|epost)\b\s*:?", re.I)

def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Most frequent short words of each language (no word in two lists: "on" is both en and fi).
_STOPWORDS: dict[Language, frozenset[str]] = {
    "en": _wordset("the and of to in is for with are by be that this as from will an at"),
    "fi": _wordset(
        "ja ovat sekä että myös joka jotka kanssa tai mukaan hanke hankkeen hankkeessa "
        "kaupungin kaupunki lisäksi tavoitteena ei vuonna"
    ),
    "sv": _wordset(
        "och är att för med som det en av till på från kommer har inom under ett de "
        "projektet staden"
    ),
}


def detect_language(text: str) -> Language | None:
    """The language whose common words are most frequent in `text`; None when too short."""
    words = re.findall(r"[a-zåäöéü]+", text.lower())
    counts: Counter[Language] = Counter()
    for word in words:
        for language, stop in _STOPWORDS.items():
            if word in stop:
                counts[language] += 1
    if not counts or counts.most_common(1)[0][1] < 2:
        return None
    return counts.most_common(1)[0][0]


def section_level(line: str) -> Level | None:
    for pattern, level in SECTION_HEADINGS:
        if pattern.match(line):
            return level
    return None
