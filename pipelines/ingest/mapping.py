"""Map values as publishers write them to the mart's canonical codes.

Tables carry few distinct areas and periods, so the distinct written values are mapped here,
in Python where the rules read plainly, and the rows are joined to the result in SQL.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipelines.ingest.periods import parse_period

# Statistics Finland area codes: KU049, HVA03, MK01, SK011, SSS (and our other prefixes),
# KU049-SA1 for a city's major district, PNO02100 for a postal code area.
_PREFIXED_CODE = re.compile(
    r"(KU|HVA|MK|SK|SHP|ERVA|AVI|ELY|SA|FI|PNO)\d+(-SA\d+)?|SSS", re.IGNORECASE
)
_BARE_MUNICIPALITY = re.compile(r"\d{3}")
_POSTAL_CODE = re.compile(r"(\d{5})(\s+\S.*)?")  # "02100" or "02100 Tapiola" (Paavo style)
# Paavo's label of a postal code area: "00100  Helsinki keskusta - Etu-Töölö (Helsinki)".
_PAAVO_LABEL = re.compile(r"(\d{5})\s+(\S.*?)\s*\(([^()]+)\)")
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class NewArea:
    """An area a table names well enough to be added: a Paavo postal code area with its
    municipality (the label says which)."""

    area_code: str
    area_level: str
    name: str
    parent_area_code: str
    region_code: str | None
    wellbeing_county_code: str | None


@dataclass(frozen=True)
class Mapped:
    """A written value mapped to its canonical form, or the rule it broke and why."""

    written: str | None
    canonical: str | None
    rule: str | None = None
    message: str | None = None
    new_area: NewArea | None = None


class AreaIndex:
    """The known areas by code and by every name (fi, sv, en), folded for comparison.

    Each area is (code, name_fi, name_sv, name_en[, level, region_code, county_code]). A name
    that several areas share resolves to the one current municipality among them, if there
    is exactly one (Helsinki the municipality, not the sub-region), else it is ambiguous.
    """

    def __init__(self, areas: Iterable[tuple]) -> None:
        self.codes: set[str] = set()
        self.by_name: dict[str, set[str]] = {}
        self.level: dict[str, str | None] = {}
        self.membership: dict[str, tuple[str | None, str | None]] = {}
        for code, name_fi, name_sv, name_en, *rest in areas:
            self.codes.add(code)
            level = rest[0] if rest else None
            if level is not None or code not in self.level:
                self.level[code] = level
            if len(rest) >= 3:
                self.membership.setdefault(code, (rest[1], rest[2]))
            for name in (name_fi, name_sv, name_en):
                if name:
                    self.by_name.setdefault(_fold(name), set()).add(code)

    def resolve_with_label(self, written: str | None, label: str | None) -> Mapped:
        """A code, else the label (a cube's member): `00100` labelled `00100  Helsinki
        keskusta - Etu-Töölö (Helsinki)` becomes the new area PNO00100 under Helsinki."""
        mapped = self.resolve(written)
        if mapped.canonical is None and label and label.strip() != (written or "").strip():
            by_label = self.resolve(label)
            if by_label.canonical is not None:
                return Mapped(written, by_label.canonical, new_area=by_label.new_area)
        return mapped

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
            if paavo := _PAAVO_LABEL.fullmatch(text):
                municipality = self._municipality(paavo[3])
                if municipality is not None:
                    region, county = self.membership.get(municipality, (None, None))
                    return Mapped(written, code, new_area=NewArea(
                        code, "postal_code_area", paavo[2], municipality, region, county))
                return Mapped(written, None, "unknown_area",
                              f"postal code area '{postal[1]}' ({code}) is not a known area and "
                              f"'{paavo[3]}' is not the name of a municipality")
            return Mapped(written, None, "unknown_area",
                          f"postal code area '{postal[1]}' ({code}) is not a known area")
        if _PREFIXED_CODE.fullmatch(text):
            return Mapped(written, None, "unknown_area", f"area code '{text}' is not a known area")
        codes = self.by_name.get(_fold(text), set())
        if len(codes) > 1:
            municipalities = {code for code in codes if self.level.get(code) == MUNICIPALITY}
            codes = municipalities if len(municipalities) == 1 else codes
        if len(codes) == 1:
            return Mapped(written, next(iter(codes)))
        if codes:
            return Mapped(written, None, "ambiguous_area",
                          f"area name '{text}' matches several areas: {', '.join(sorted(codes))}; "
                          "write the area code instead")
        return Mapped(written, None, "unknown_area",
                      f"area '{text}' is neither a known area code nor the name of one")


    def _municipality(self, name: str) -> str | None:
        codes = self.by_name.get(_fold(name), set())
        found = [code for code in codes if self.level.get(code) == MUNICIPALITY]
        return found[0] if len(found) == 1 else None


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
