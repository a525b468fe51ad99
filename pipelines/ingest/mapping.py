"""Map values as publishers write them to the mart's canonical codes.

Tables carry few distinct areas and periods, so the distinct written values are mapped here,
in Python where the rules read plainly, and the rows are joined to the result in SQL. Areas
are read by pipelines/ingest/area_names.py, periods by pipelines/ingest/periods.py.
"""

import re

from pipelines.ingest.area_names import AreaIndex
from pipelines.ingest.mapped import Mapped, NewArea
from pipelines.ingest.periods import read_period

__all__ = ["AreaIndex", "Mapped", "NewArea", "map_age_group", "map_member", "map_period"]

MUNICIPALITY = "municipality"


def map_period(written: str | None) -> tuple[Mapped, str | None, str | None]:
    """A written period as (mapping, frequency, ISO start date)."""
    return map_period_label(written, None)[:3]


def map_period_label(
    written: str | None, markers: dict[str, str] | None
) -> tuple[Mapped, str | None, str | None, str | None]:
    """A period as a table writes it (`2024Q1*`, `Vuosi 2020 Viikko 05`, `2022* januari`) as
    (mapping, frequency, ISO start date, flag of its marker)."""
    text = " ".join((written or "").split())
    if not text:
        return Mapped(written, None, "invalid_period", "the period is empty"), None, None, None
    try:
        period, flag = read_period(text, markers)
    except ValueError as exc:
        return Mapped(written, None, "invalid_period", str(exc)), None, None, None
    return Mapped(written, period.code), period.frequency, period.start_date.isoformat(), flag


SEXES = frozenset({"male", "female", "total"})
LANGUAGE_GROUPS = frozenset({"fi", "sv", "other", "total"})
# Written forms understood without a `values:` map in the description.
_SEX_WORDS = {
    "male": "male", "males": "male", "men": "male", "m": "male", "1": "male", "boys": "male",
    "miehet": "male", "mies": "male", "pojat": "male", "män": "male", "pojkar": "male",
    "female": "female", "females": "female", "women": "female", "f": "female", "2": "female",
    "naiset": "female", "nainen": "female", "tytöt": "female", "kvinnor": "female",
    "girls": "female", "flickor": "female",
    "total": "total", "yhteensä": "total", "kaikki": "total", "sss": "total", "totalt": "total",
    "molemmat sukupuolet": "total", "kaikki sukupuolet": "total", "sukupuolet yhteensä": "total",
    "båda könen": "total", "alla kön": "total", "both sexes": "total", "all sexes": "total",
    "boys and girls": "total", "total, all men and women": "total",
    "men and women": "total", "män och kvinnor": "total", "pojkar och flickor": "total",
}
_LANGUAGE_WORDS = {
    "fi": "fi", "suomi": "fi", "suomenkieliset": "fi", "finnish": "fi", "finska": "fi",
    "suomi ja saame": "fi", "suomi, saame": "fi", "finska och samiska": "fi",
    "sv": "sv", "ruotsi": "sv", "ruotsinkieliset": "sv", "swedish": "sv", "svenska": "sv",
    "other": "other", "muu": "other", "muut": "other", "vieraskieliset": "other",
    "muu kieli": "other", "muut kielet": "other", "övriga": "other", "övriga språk": "other",
    "other languages": "other", "foreign languages": "other", "främmande språk": "other",
    "total": "total", "yhteensä": "total", "kaikki": "total", "sss": "total", "totalt": "total",
    "kaikki äidinkielet": "total", "kaikki kielet": "total", "alla språk": "total",
    "all languages": "total",
}


def map_member(role: str, written: str | None, values: dict[str, str]) -> Mapped:
    """Sex or language group: the description's `values:` map first, then the usual words."""
    if written is None or not written.strip():
        return Mapped(written, "total")
    text = written.strip()
    allowed, words, rule = (
        (SEXES, _SEX_WORDS, "invalid_sex") if role == "sex"
        else (LANGUAGE_GROUPS, _LANGUAGE_WORDS, "invalid_language_group")
    )
    canonical = values.get(text, words.get(text.casefold()))
    if canonical in allowed:
        return Mapped(written, canonical)
    return Mapped(written, None, rule,
                  f"{role} '{text}' is not one of {', '.join(sorted(allowed))} and the "
                  "description's values: map does not name it")


_AGE_TOTALS = frozenset({
    "total", "yhteensä", "kaikki", "sss", "totalt", "all ages", "kaikki ikäryhmät",
    "kaikki iät", "ikäryhmät yhteensä", "väestö yhteensä", "alla åldrar", "total, all ages",
    "alla åldersgrupper", "all age groups"})


# A category of its own for people whose age the register lacks (kept, not dropped).
_AGE_UNKNOWN = frozenset({
    "unknown", "age unknown", "data not available", "not stated", "tuntematon",
    "ikä tuntematon", "tieto puuttuu", "okänd", "okänd ålder", "uppgift saknas"})


def map_age_group(written: str | None, values: dict[str, str]) -> Mapped:
    """Age groups are kept as published (never merged): `16–24` -> `16-24`, `65+` -> `65-`;
    an unknown age (`data not available`, `tuntematon`) is `unknown`."""
    if written is None or not written.strip():
        return Mapped(written, "total")
    text = values.get(written.strip(), written.strip())
    folded = text.casefold()
    if folded in _AGE_TOTALS:
        return Mapped(written, "total")
    if folded in _AGE_UNKNOWN:
        return Mapped(written, "unknown")
    compact = re.sub(r"\s*(vuotiaat|-vuotiaat|vuotta|years?|åringar|år|v\.)\s*$", "", text,
                     flags=re.IGNORECASE)
    compact = compact.replace("\u2013", "-").replace(" ", "")
    compact = re.sub(r"^(\d+)\+$", r"\1-", compact)
    if re.fullmatch(r"\d+(-\d+)?-?|-\d+", compact):
        return Mapped(written, compact)
    return Mapped(written, None, "invalid_age_group",
                  f"age group '{written.strip()}' is not like 16-24, 65- or total")
