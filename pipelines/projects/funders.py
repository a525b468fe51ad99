"""Funders and funding programmes named on a project page.

Pages name them in prose ("funding from the EU's Horizon 2020 programme"), by
abbreviation (ERDF, EAKR, ESR) or in a line of logos ("Logos: 6Aika, ... European
Regional Development Fund, ..."). Each known funder has one canonical English name, so
that a Finnish page's "Euroopan aluekehitysrahasto (EAKR)" and an English page's
"European Regional Development Fund (ERDF)" are one organisation in the register.
A logo the table does not know is kept under its own name, with a warning.
"""

import re
from dataclasses import dataclass

from pipelines.projects.organizations import Organization, normalize_org


@dataclass(frozen=True)
class Funder:
    name: str  # canonical, English
    type: str  # "programme" or "agency"
    pattern: re.Pattern[str]


def _funder(name: str, type_: str, *spellings: str) -> Funder:
    alternatives = "|".join(spellings)
    return Funder(name, type_, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I))


# Spellings in English, Finnish and Swedish, inflected forms by stem ("aluekehitysrahasto\w*").
FUNDERS: tuple[Funder, ...] = (
    _funder("European Regional Development Fund", "programme",
            r"European Regional Development Fund", r"ERDF", r"EAKR",
            r"Euroopan aluekehitysrahasto\w*", r"Europeiska regionala utvecklingsfonden",
            r"ERUF"),
    _funder("European Social Fund", "programme",
            r"European Social Fund(?: Plus)?", r"ESF\+?", r"ESR\+?",
            r"Euroopan sosiaalirahasto\w*", r"Europeiska socialfonden"),
    _funder("6Aika", "programme", r"6Aika", r"6AIKA", r"Six City Strategy",
            r"Kuutoskaupunki\w*"),
    _funder("Horizon 2020", "programme", r"Horizon 2020", r"Horisontti 2020",
            r"Horisont 2020", r"H2020"),
    _funder("Horizon Europe", "programme", r"Horizon Europe", r"Horisontti Eurooppa",
            r"Horisont Europa"),
    _funder("Interreg", "programme", r"Interreg(?: [A-Z][\w-]*(?: [A-Z][\w-]*)*)?"),
    _funder("Business Finland", "agency", r"Business Finland", r"Tekes"),
    _funder("Digital Europe Programme", "programme", r"Digital Europe(?: Programme)?",
            r"Digitaalinen Eurooppa"),
    _funder("Erasmus+", "programme", r"Erasmus\+?"),
    _funder("Connecting Europe Facility", "programme", r"Connecting Europe Facility", r"CEF"),
    _funder("LIFE Programme", "programme", r"LIFE(?: programme| ohjelma)"),
    _funder("NextGenerationEU", "programme", r"NextGenerationEU", r"Next Generation EU",
            r"Recovery and Resilience Facility", r"Suomen kestävän kasvun ohjelma\w*",
            r"Sustainable Growth Programme for Finland"),
    _funder("Ministry of Social Affairs and Health", "agency",
            r"Ministry of Social Affairs and Health", r"sosiaali- ja terveysministeriö\w*",
            r"social- och hälsovårdsministeriet", r"STM"),
    _funder("Ministry of Economic Affairs and Employment", "agency",
            r"Ministry of (?:Economic Affairs and )?Employment(?: and the Economy)?",
            r"työ- ja elinkeinoministeriö\w*", r"arbets- och näringsministeriet", r"TEM"),
    _funder("Ministry of Education and Culture", "agency",
            r"Ministry of Education and Culture", r"opetus- ja kulttuuriministeriö\w*",
            r"undervisnings- och kulturministeriet", r"OKM"),
    _funder("Ministry of the Environment", "agency", r"Ministry of the Environment",
            r"ympäristöministeriö\w*", r"miljöministeriet"),
    _funder("Sitra", "agency", r"Sitra"),
    _funder("Research Council of Finland", "agency", r"Research Council of Finland",
            r"Academy of Finland", r"Suomen Akatemia\w*", r"Finlands Akademi"),
)


# A sentence about money: an agency it names is a funder ("funding from the Ministry of
# Social Affairs and Health"), not one it mentions for another reason ("a counterpart to
# Business Finland's network").
_FUNDING_CUE_RE = re.compile(
    r"(?i)\b(?:fund\w*|financ\w*|grant\w*|subsid\w*|rahoit\w*|myönt\w*|avustu\w*"
    r"|finansi\w*|bevilj\w*|stöd\w*|bidrag\w*)"
)


def find_funders(text: str, agencies_only_with_money: bool = False) -> list[Organization]:
    """Known funders named in `text`, in the order of first mention, each once. With
    `agencies_only_with_money`, an agency counts only in a sentence about funding (a
    programme always does: naming it says where the money comes from)."""
    found: list[tuple[int, Funder]] = []
    for funder in FUNDERS:
        for m in funder.pattern.finditer(text):
            if agencies_only_with_money and funder.type == "agency":
                start = max(text.rfind(". ", 0, m.start()), 0)
                end = text.find(". ", m.end())
                if not _FUNDING_CUE_RE.search(text[start : end if end >= 0 else len(text)]):
                    continue
            found.append((m.start(), funder))
            break
    return [
        Organization(f.name, "funder", f.type)  # type: ignore[arg-type]
        for _, f in sorted(found, key=lambda item: item[0])
    ]


def read_logo_line(rest: str) -> tuple[list[Organization], list[str]]:
    """Organisations of a logo line ("6Aika, City of Espoo, European Regional Development
    Fund"): known funders by their canonical name, the rest (a partner's logo) as partners,
    with a warning where their type is unknown."""
    orgs: list[Organization] = []
    warnings: list[str] = []
    for item in re.split(r"\s*[,;|]\s*|\s+(?:and|ja|och)\s+", rest.strip(" .")):
        if not item:
            continue
        known = find_funders(item)
        if known:
            orgs.extend(o for o in known if o not in orgs)
        else:
            org = normalize_org(item, "partner", None)
            if org is None:
                continue
            orgs.append(org)
            if org.type is None:
                warnings.append(f"partners: unknown organisation type for logo {item!r}")
    return orgs, warnings
