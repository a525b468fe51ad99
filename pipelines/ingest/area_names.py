"""Areas as tables write them, by code or by name, in Finnish, Swedish and English.

`AreaIndex` knows every area of the reference (and Sotkanet's) by its code and its names, and
reads what publishers write:

- a code: `KU049`, `049`, `SSS`, `MK18`, `SHP25`, `ER3` (Statistics Finland's prefix of a
  special responsibility area, `ERVA3`), `02100` (a postal code area);
- a name in any language: `Espoo`, `Esbo`, `Västra Nylands välfärdsområde`; hospital districts
  also as THL abbreviates them (`Helsingin ja Uudenmaan SHP`, `Helsingfors och Nylands SVD`);
- a code and a name together (`MK18 Kainuu`, `00 Sweden`, `ER1 Helsinki University Hospital
  specific catchment area`): the code when the name agrees with it, else the name (StatFin
  writes `ER3` for both Tampere and Turku: the name decides);
- a city district as the Helsinki Region statistics write it, `091 10 Kruununhaka`: the
  municipality, the city's own code and the name, matched against the districts of the
  reference (pipelines/ingest/districts.py); one no classification names is a new area under
  its municipality with the file's code and name (`KU091-D311`), never the municipality;
- Paavo's postal code areas `00100  Helsinki keskusta - Etu-Töölö (Helsinki)`, new areas
  under their municipality.

A name several areas share resolves to the one at the level of the file's other areas
(`resolve_all`: `Åland` among hospital districts is Åland's hospital district), else to the
one municipality among them, else it is ambiguous and says which areas it could be.
"""

import re
from collections import Counter
from collections.abc import Iterable

from pipelines.ingest.mapped import Mapped, NewArea

# Statistics Finland area codes: KU049, HVA03, MK01, SK011, SSS (and our other prefixes),
# KU049-SA1 for a city's district, PNO02100 for a postal code area, MA1 Mainland Finland.
_PREFIXED_CODE = re.compile(
    r"(KU|HVA|MK|SK|SHP|ERVA|ER|AVI|ELY|SA|FI|PNO|MA)\d+(-[A-Z]+\d+)?|SSS", re.IGNORECASE
)
_BARE_MUNICIPALITY = re.compile(r"\d{3}")
_POSTAL_CODE = re.compile(r"(\d{5})(\s+\S.*)?")  # "02100" or "02100 Tapiola" (Paavo style)
# Paavo's label of a postal code area: "00100  Helsinki keskusta - Etu-Töölö (Helsinki)".
_PAAVO_LABEL = re.compile(r"(\d{5})\s+(\S.*?)\s*\(([^()]+)\)")
# A city district as the Helsinki Region statistics write it: "091 10 Kruununhaka".
_DISTRICT_LABEL = re.compile(r"(\d{3})\s+(\d{1,4})\s+(\S.*)")
_DISTRICT_CODE = re.compile(r"KU(\d{3})-([A-Z]+)(\d+)")
# A code and a name: "MK18 Kainuu", "00 Sweden", "ER3 Turku University Hospital ...".
_CODE_AND_NAME = re.compile(r"([A-Za-z]{0,4}\d{1,3})\s+(\S.*)")
# Divisions a table may name that the reference lacks; added as new areas under the country.
_NEW_DIVISIONS = {"ERVA": "special_responsibility_area", "SHP": "hospital_district"}
# THL's abbreviations of the hospital districts' names.
_ABBREVIATIONS = (("sairaanhoitopiiri", "shp"), ("sjukvårdsdistrikt", "svd"))
# A level's word in a name: without it (and without the genitive) the name is the place's
# ("Ahvenanmaan sairaanhoitopiiri" -> "Ahvenanmaa", "Ålands sjukvårdsdistrikt" -> "Åland").
_LEVEL_WORDS = re.compile(
    r"\s+(?:sairaanhoitopiiri|sjukvårdsdistrikt|hospital district|erityisvastuualue"
    r"|hyvinvointialue|välfärdsområde|wellbeing services county)$")
MUNICIPALITY = "municipality"


def fold(name: str) -> str:
    return " ".join(name.replace("\u2013", "-").split()).casefold()


def _first_word(name: str) -> str:
    words = re.findall(r"[^\W\d_]+", fold(name))
    return words[0] if words else ""


class AreaIndex:
    """The known areas by code and by every name (fi, sv, en), folded for comparison.

    Each area is (code, name_fi, name_sv, name_en[, level, region_code, county_code]).
    """

    def __init__(self, areas: Iterable[tuple]) -> None:
        self.codes: set[str] = set()
        self.by_name: dict[str, set[str]] = {}
        self.bare: dict[str, set[str]] = {}  # a division's place name -> its codes
        self.names: dict[str, list[str]] = {}
        self.level: dict[str, str | None] = {}
        self.membership: dict[str, tuple[str | None, str | None]] = {}
        self.districts: dict[tuple[str, str], set[str]] = {}  # (municipality, city code)
        for code, name_fi, name_sv, name_en, *rest in areas:
            self.codes.add(code)
            level = rest[0] if rest else None
            if level is not None or code not in self.level:
                self.level[code] = level
            if len(rest) >= 3:
                self.membership.setdefault(code, (rest[1], rest[2]))
            if district := _DISTRICT_CODE.fullmatch(code):
                self.districts.setdefault((district[1], district[3]), set()).add(code)
            for name in (name_fi, name_sv, name_en):
                if not name:
                    continue
                self.names.setdefault(code, []).append(name)
                self.by_name.setdefault(fold(name), set()).add(code)
                for long, short in _ABBREVIATIONS:
                    if long in fold(name):
                        self.by_name.setdefault(fold(name).replace(long, short), set()).add(code)
                bare = _LEVEL_WORDS.sub("", fold(name))
                if bare and bare != fold(name):
                    for place in {bare, re.sub(r"(?<=\w\w)[ns]$", "", bare)}:
                        self.bare.setdefault(place, set()).add(code)

    # --- one value -----------------------------------------------------------------------------

    def resolve_with_label(self, written: str | None, label: str | None) -> Mapped:
        """A code, else the label (a cube's member): `00100` labelled `00100  Helsinki
        keskusta - Etu-Töölö (Helsinki)` becomes the new area PNO00100 under Helsinki."""
        mapped = self.resolve(written)
        if mapped.canonical is None and label and label.strip() != (written or "").strip():
            by_label = self.resolve(label)
            if by_label.canonical is not None or mapped.rule == "unknown_area":
                return Mapped(written, by_label.canonical, by_label.rule, by_label.message,
                              by_label.new_area)
        return mapped

    def resolve(self, written: str | None) -> Mapped:
        """`KU049`, `049` (a bare municipality number), `SSS`, a name such as `Espoo`, a code
        and a name (`MK18 Kainuu`), a city district (`091 10 Kruununhaka`)."""
        text = " ".join((written or "").split())
        if not text:
            return Mapped(written, None, "unknown_area", "the area is empty")
        if (code := self._code(text)) is not None:
            return Mapped(written, code)
        if _BARE_MUNICIPALITY.fullmatch(text):
            return Mapped(written, None, "unknown_area",
                          f"municipality number '{text}' (KU{text}) is not a known area")
        if postal := _POSTAL_CODE.fullmatch(text):
            return self._postal(written, text, postal)
        if district := _DISTRICT_LABEL.fullmatch(text):
            return self._district(written, district[1], district[2], district[3])
        if _PREFIXED_CODE.fullmatch(text):
            return Mapped(written, None, "unknown_area", f"area code '{text}' is not a known area")
        by_name = self._by_name(written, text)
        if by_name.canonical is None and (pair := _CODE_AND_NAME.fullmatch(text)):
            return self._code_and_name(written, pair[1], pair[2], by_name)
        return by_name

    def _code(self, text: str) -> str | None:
        upper = text.upper()
        if upper in self.codes:
            return upper
        if _BARE_MUNICIPALITY.fullmatch(text) and f"KU{text}" in self.codes:
            return f"KU{text}"
        if (erva := re.fullmatch(r"ER(\d)", upper)) and f"ERVA{erva[1]}" in self.codes:
            return f"ERVA{erva[1]}"  # Statistics Finland's prefix of the ERVA areas
        return None

    def _by_name(self, written: str | None, text: str) -> Mapped:
        codes = self.by_name.get(fold(text), set())
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

    def _agrees(self, code: str, name: str) -> bool:
        """Does a label's name name this area (any language, or its place's first word)?"""
        names = self.names.get(code, [])
        return fold(name) in {fold(known) for known in names} or _first_word(name) in {
            _first_word(known) for known in names}

    def _code_and_name(self, written: str | None, code_text: str, name: str,
                       by_name: Mapped) -> Mapped:
        code = self._code(code_text)
        if code is not None and self._agrees(code, name):
            return Mapped(written, code)
        named = self._by_name(written, name)
        if named.canonical is not None:
            return named
        if code is not None:
            # The code names another area than the name does (StatFin's "ER3 Turku ..."):
            # the area of the code's level whose name begins like this one.
            level = self.level.get(code)
            same = {other for other in self.codes if self.level.get(other) == level
                    and other != code and self._agrees(other, name)}
            if len(same) == 1:
                return Mapped(written, same.pop())
            return Mapped(written, None, "ambiguous_area",
                          f"area '{written}': code {code_text} is {code} but the name "
                          f"'{name}' is not one of its names")
        split = re.fullmatch(r"([A-Za-z]*)(\d+)", code_text)
        prefix = {"ER": "ERVA"}.get(split[1].upper(), split[1].upper())
        if prefix in _NEW_DIVISIONS:  # "ER6 Åland": a division the reference lacks
            new_code = f"{prefix}{split[2]}"
            return Mapped(written, new_code, new_area=NewArea(
                new_code, _NEW_DIVISIONS[prefix], name, "SSS", None, None))
        return by_name if by_name.rule == "ambiguous_area" else named

    def _postal(self, written: str | None, text: str, postal: re.Match[str]) -> Mapped:
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

    def _district(self, written: str | None, municipality: str, code: str, name: str) -> Mapped:
        parent = f"KU{municipality}"
        if parent not in self.codes:
            return Mapped(written, None, "unknown_area",
                          f"district '{written}': municipality number '{municipality}' "
                          f"({parent}) is not a known area")
        bare = re.sub(r"\s*\([^()]*\)$", "", name)  # "Lauttasaari (Ent.)" is Lauttasaari
        candidates = self.districts.get((municipality, code), set())
        matching = {area for area in candidates
                    if {fold(name), fold(bare)} & {fold(known) for known in self.names[area]}}
        if len(matching) == 1:
            return Mapped(written, matching.pop())
        new_code = f"{parent}-D{code}"
        if new_code in self.codes:
            return Mapped(written, None, "ambiguous_area",
                          f"district '{written}': {new_code} is another district "
                          f"({', '.join(self.names.get(new_code, []))}); write its code")
        region, county = self.membership.get(parent, (None, None))
        return Mapped(written, new_code, new_area=NewArea(
            new_code, "district", name, parent, region, county))

    def _municipality(self, name: str) -> str | None:
        codes = self.by_name.get(fold(name), set())
        found = [code for code in codes if self.level.get(code) == MUNICIPALITY]
        return found[0] if len(found) == 1 else None

    # --- a file's areas together ---------------------------------------------------------------

    def resolve_all(self, members: Iterable[tuple[str | None, str | None]]) -> list[Mapped]:
        """Each (written, label) of one file's area column; a name that is ambiguous or that
        only a division's place name matches resolves among the areas at the level most of
        the file's other areas have (the whole country aside)."""
        members = list(members)
        mapped = [self.resolve_with_label(written, label) for written, label in members]
        # A name several areas share ("Raasepori": the municipality and the sub-region) says
        # nothing of the file's level, and the level decides it.
        shared = [any(len(self.by_name.get(fold(text), ())) > 1 for text in (label, written)
                      if text) for written, label in members]
        levels = Counter(self.level.get(item.canonical) for item, is_shared in zip(
            mapped, shared, strict=True) if item.canonical and item.canonical != "SSS"
            and item.new_area is None and not is_shared)
        if not levels:
            return mapped
        level = levels.most_common(1)[0][0]
        for index, ((written, label), item) in enumerate(zip(members, mapped, strict=True)):
            if item.canonical is not None and not shared[index]:
                continue
            for text in (label, written):
                if not text:
                    continue
                folded = fold(text)
                codes = {code for code in self.by_name.get(folded, set()) | self.bare.get(
                    folded, set()) if self.level.get(code) == level}
                if len(codes) == 1:
                    mapped[index] = Mapped(written, codes.pop())
                    break
        return mapped
