"""Map values as publishers write them to the mart's canonical codes.

Tables carry few distinct areas and periods, so the distinct written values are mapped here,
in Python where the rules read plainly, and the rows are joined to the result in SQL.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipelines.sources.periods import parse_period

# Statistics Finland area codes: KU049, HVA03, MK01, SK011, SSS (and our other prefixes),
# KU049-SA1 for a city's major district, PNO02100 for a postal code area.
_PREFIXED_CODE = re.compile(
    r"(KU|HVA|MK|SK|SHP|ERVA|AVI|ELY|SA|FI|PNO)\d+(-SA\d+)?|SSS", re.IGNORECASE
)
_BARE_MUNICIPALITY = re.compile(r"\d{3}")
_POSTAL_CODE = re.compile(r"(\d{5})(\s+\S.*)?")  # "02100" or "02100 Tapiola" (Paavo style)


@dataclass(frozen=True)
class Mapped:
    """A written value mapped to its canonical form, or the rule it broke and why."""

    written: str | None
    canonical: str | None
    rule: str | None = None
    message: str | None = None


class AreaIndex:
    """The known areas by code and by every name (fi, sv, en), folded for comparison."""

    def __init__(self, areas: Iterable[tuple[str, str | None, str | None, str | None]]) -> None:
        self.codes: set[str] = set()
        self.by_name: dict[str, set[str]] = {}
        for code, *names in areas:
            self.codes.add(code)
            for name in names:
                if name:
                    self.by_name.setdefault(_fold(name), set()).add(code)

    def resolve(self, written: str | None) -> Mapped:
        """`KU049`, `049` (a bare municipality number), `SSS`, or a name such as `Espoo`."""
        text = (written or "").strip()
        if not text:
            return Mapped(written, None, "unknown_area", "the area is empty")
        upper = text.upper()
        if upper in self.codes:
            return Mapped(written, upper)
        if _BARE_MUNICIPALITY.fullmatch(text):
            code = f"KU{text}"
            if code in self.codes:
                return Mapped(written, code)
            return Mapped(written, None, "unknown_area",
                          f"municipality number '{text}' ({code}) is not a known area")
        if postal := _POSTAL_CODE.fullmatch(text):
            code = f"PNO{postal[1]}"
            if code in self.codes:
                return Mapped(written, code)
            return Mapped(written, None, "unknown_area",
                          f"postal code area '{postal[1]}' ({code}) is not a known area")
        if _PREFIXED_CODE.fullmatch(text):
            return Mapped(written, None, "unknown_area", f"area code '{text}' is not a known area")
        codes = self.by_name.get(_fold(text), set())
        if len(codes) == 1:
            return Mapped(written, next(iter(codes)))
        if codes:
            return Mapped(written, None, "ambiguous_area",
                          f"area name '{text}' matches several areas: {', '.join(sorted(codes))}; "
                          "write the area code instead")
        return Mapped(written, None, "unknown_area",
                      f"area '{text}' is neither a known area code nor the name of one")


def _fold(name: str) -> str:
    return " ".join(name.replace("\u2013", "-").split()).casefold()


def map_period(written: str | None) -> tuple[Mapped, str | None, str | None]:
    """A written period as (mapping, frequency, ISO start date)."""
    text = (written or "").strip()
    try:
        period = parse_period(text)
    except ValueError as exc:
        return Mapped(written, None, "invalid_period", str(exc)), None, None
    return Mapped(written, period.code), period.frequency, period.start_date.isoformat()


SEXES = frozenset({"male", "female", "total"})
LANGUAGE_GROUPS = frozenset({"fi", "sv", "other", "total"})
# Written forms understood without a `values:` map in the description.
_SEX_WORDS = {
    "male": "male", "males": "male", "men": "male", "m": "male", "1": "male",
    "miehet": "male", "mies": "male", "pojat": "male", "män": "male",
    "female": "female", "females": "female", "women": "female", "f": "female", "2": "female",
    "naiset": "female", "nainen": "female", "tytöt": "female", "kvinnor": "female",
    "total": "total", "yhteensä": "total", "kaikki": "total", "sss": "total", "totalt": "total",
}
_LANGUAGE_WORDS = {
    "fi": "fi", "suomi": "fi", "suomenkieliset": "fi", "finnish": "fi",
    "sv": "sv", "ruotsi": "sv", "ruotsinkieliset": "sv", "swedish": "sv",
    "other": "other", "muu": "other", "muut": "other", "vieraskieliset": "other",
    "total": "total", "yhteensä": "total", "kaikki": "total", "sss": "total",
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


def map_age_group(written: str | None, values: dict[str, str]) -> Mapped:
    """Age groups are kept as published (never merged): `16–24` -> `16-24`, `65+` -> `65-`."""
    if written is None or not written.strip():
        return Mapped(written, "total")
    text = values.get(written.strip(), written.strip())
    folded = text.casefold()
    if folded in {"total", "yhteensä", "kaikki", "sss", "totalt", "all ages", "kaikki ikäryhmät"}:
        return Mapped(written, "total")
    compact = re.sub(r"\s*(vuotiaat|-vuotiaat|years|år|v\.)\s*$", "", text, flags=re.IGNORECASE)
    compact = compact.replace("\u2013", "-").replace(" ", "")
    compact = re.sub(r"^(\d+)\+$", r"\1-", compact)
    if re.fullmatch(r"\d+(-\d+)?-?|-\d+", compact):
        return Mapped(written, compact)
    return Mapped(written, None, "invalid_age_group",
                  f"age group '{written.strip()}' is not like 16-24, 65- or total")
