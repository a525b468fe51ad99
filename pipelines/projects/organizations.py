"""Organisation names and types for the project register.

Project pages name partners in free text ("the University of Oulu", "Tampere",
"the Eurocities network", "HyTe ry"). This module turns such a phrase into an
`Organization` with a canonical name and one of a small set of types, using:

1. `ALIASES`: known short or variant names -> canonical name and type
   (e.g. "VTT", "Technical Research Centre of Finland (VTT)" -> one VTT).
2. `FINNISH_MUNICIPALITIES`: a bare Finnish municipality name means the city
   ("Tampere" -> "City of Tampere").
3. `DESCRIPTOR_SUFFIXES`: a trailing descriptor that states the type and is not
   part of the name ("the Lisbon Council think tank" -> "Lisbon Council", ngo).
4. `TYPE_KEYWORDS`: the first keyword found in the lower-cased name decides the
   type ("university" -> university, " ry" -> ngo, "ministry" -> agency ...).
5. A one-word name with an ISO country code, "Tallinn (EE)", is a city.

Anything else gets type None, and the caller reports it as a warning.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

OrgType = Literal[
    "city", "university", "research_institute", "company", "ngo", "network", "agency",
    "programme",  # a funding programme (ERDF, Horizon 2020, 6Aika), see project_funders.py
]
ORG_TYPES: tuple[OrgType, ...] = get_args(OrgType)

# Roles a page gives an organisation in a project.
OrgRole = Literal[
    "coordinator",
    "partner",
    "member",
    "affiliate_partner",
    "lighthouse_city",
    "funder",
    "steering_group",
]
ORG_ROLES: tuple[OrgRole, ...] = get_args(OrgRole)


@dataclass(frozen=True)
class Organization:
    name: str
    role: OrgRole
    type: OrgType | None
    country: str | None = None  # ISO 3166 alpha-2 where the page gives one, "Tallinn (EE)"


def _key(name: str) -> str:
    """Lower-case, typographic apostrophes folded, whitespace collapsed."""
    name = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    return re.sub(r"\s+", " ", name).strip()


_VTT = ("VTT Technical Research Centre of Finland", "research_institute")

# key -> (canonical name, type)
ALIASES: dict[str, tuple[str, OrgType]] = {
    "vtt": _VTT,
    "technical research centre of finland": _VTT,
    "technical research centre of finland (vtt)": _VTT,
    "vtt technical research centre of finland": _VTT,
    # Universities of applied sciences are usually named by their brand only.
    "haaga-helia": ("Haaga-Helia University of Applied Sciences", "university"),
    "metropolia": ("Metropolia University of Applied Sciences", "university"),
    # CSC is a state-owned non-profit limited company, not a research institute.
    "csc": ("CSC – IT Center for Science", "company"),
    "kirahub": ("KIRAHub", "network"),
    "eit digital": ("EIT Digital", "network"),
    # Enter Espoo Oy is the city's business development company.
    "enter espoo": ("Enter Espoo", "company"),
    "business espoo": ("Business Espoo", "network"),
    "business finland": ("Business Finland", "agency"),
    "eurocities": ("Eurocities", "network"),
    "lisbon council": ("Lisbon Council", "ngo"),
    "hyte ry": ("HyTe ry", "ngo"),
    "thl": ("Finnish Institute for Health and Welfare (THL)", "research_institute"),
}

# Names with "and" inside that a list split on "and" must not cut.
PROTECTED_NAMES: tuple[str, ...] = (
    "Ministry of Social Affairs and Health",
    "Ministry of Education and Culture",
    "Ministry of Economic Affairs and Employment",
    "Ministry of Agriculture and Forestry",
    "Ministry of Transport and Communications",
    "Finnish Institute for Health and Welfare",
)

# Bare municipality names that mean the city organisation. The ten Western Uusimaa
# municipalities plus the other large cities that appear in joint projects.
_MUNICIPALITY_NAMES = (
    "Espoo Hanko Inkoo Karkkila Kauniainen Kirkkonummi Lohja Raasepori Siuntio Vihti "
    "Helsinki Vantaa Tampere Turku Oulu Lahti Jyväskylä Kuopio Pori Joensuu "
    "Lappeenranta Hämeenlinna Vaasa Seinäjoki Rovaniemi Kotka Porvoo Kouvola Mikkeli Salo"
)
FINNISH_MUNICIPALITIES: frozenset[str] = frozenset(_MUNICIPALITY_NAMES.split())

# Trailing descriptors that give the type and are dropped from the name.
DESCRIPTOR_SUFFIXES: tuple[tuple[str, OrgType], ...] = (
    ("think tank", "ngo"),
    ("network", "network"),
)

# Ordered: the first keyword contained in " " + lower-cased name + " " wins.
# "Oulu University of Applied Sciences" must hit "university" before "city of".
TYPE_KEYWORDS: tuple[tuple[str, OrgType], ...] = (
    ("university", "university"),
    ("universities", "university"),
    ("yliopisto", "university"),
    ("ammattikorkeakoulu", "university"),
    ("research centre", "research_institute"),
    ("research center", "research_institute"),
    ("institute", "research_institute"),
    ("laitos", "research_institute"),
    ("wellbeing services county", "agency"),
    ("hyvinvointialue", "agency"),
    ("ministry", "agency"),
    ("ministeriö", "agency"),
    ("agency", "agency"),
    ("authority", "agency"),
    (" region ", "agency"),  # a regional government, e.g. "Emilia-Romagna region"
    ("programme", "agency"),  # a funding programme stands for the body that runs it
    ("european union", "agency"),
    ("european commission", "agency"),
    ("city of ", "city"),
    (" cities ", "city"),
    ("municipalit", "city"),
    ("kaupunki", "city"),
    ("kunta", "city"),
    (" ry ", "ngo"),  # rekisteröity yhdistys, a registered association
    ("association", "ngo"),
    ("foundation", "ngo"),
    ("säätiö", "ngo"),
    ("think tank", "ngo"),
    ("network", "network"),
    ("verkosto", "network"),
    ("hub", "network"),
    (" oy ", "company"),
    (" oyj ", "company"),
    (" ltd ", "company"),
    (" ab ", "company"),
    (" inc ", "company"),
)

_COUNTRY_RE = re.compile(r"\s*\(([A-Z]{2})\)$")
_LEADING_RE = re.compile(r"^(?:the|all|both)\s+", re.IGNORECASE)


def org_type_for(name: str) -> OrgType | None:
    """Type of an organisation from its name alone (alias table, then keywords)."""
    alias = ALIASES.get(_key(name))
    if alias is not None:
        return alias[1]
    if name in FINNISH_MUNICIPALITIES:
        return "city"
    padded = f" {_key(name)} "
    for keyword, org_type in TYPE_KEYWORDS:
        if keyword in padded:
            return org_type
    return None


def normalize_org(
    phrase: str, role: OrgRole, default_type: OrgType | None = None
) -> Organization | None:
    """Turn a phrase from a partner list into an Organization (None if empty)."""
    name = re.sub(r"\s+", " ", phrase).strip(" .,;:")
    name = _LEADING_RE.sub("", name)
    if not name:
        return None
    country = None
    m = _COUNTRY_RE.search(name)
    if m:
        country = m.group(1)
        name = name[: m.start()].strip()
    type_hint: OrgType | None = None
    lower = name.lower()
    for suffix, org_type in DESCRIPTOR_SUFFIXES:
        if lower.endswith(" " + suffix):
            name = name[: -len(suffix)].strip()
            type_hint = org_type
            break
    alias = ALIASES.get(_key(name))
    if alias is not None:
        return Organization(alias[0], role, alias[1], country)
    if name in FINNISH_MUNICIPALITIES:
        return Organization(f"City of {name}", role, "city", country)
    org_type = type_hint or org_type_for(name) or default_type
    if org_type is None and country and " " not in name:
        org_type = "city"
    return Organization(name, role, org_type, country)


_CITY_LIST_RE = re.compile(
    r"\b(?:the\s+)?cities\s+of\s+"
    r"((?:[A-ZÄÖÅ][\w-]*,\s+)*[A-ZÄÖÅ][\w-]*\s+and\s+[A-ZÄÖÅ][\w-]*)"
)
_LIST_SPLIT_RE = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_PLACEHOLDER = "\u0000"


def split_org_list(text: str) -> list[str]:
    """Split "A, B and C" into phrases, keeping names that contain "and" whole.

    "the cities of Helsinki, Espoo and Vantaa" becomes three "City of ..." items.
    """
    for protected in PROTECTED_NAMES:
        text = text.replace(protected, protected.replace(" and ", f" {_PLACEHOLDER} "))
    text = _CITY_LIST_RE.sub(
        lambda m: ", ".join(f"City of {c}" for c in re.split(r",\s+|\s+and\s+", m.group(1)) if c),
        text,
    )
    items = [i.strip() for i in _LIST_SPLIT_RE.split(text.strip(" .;"))]
    return [i.replace(f" {_PLACEHOLDER} ", " and ") for i in items if i]
