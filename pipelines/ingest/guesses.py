"""What `hytemart describe` takes each part of a table for, and what it can confirm.

Each dimension, key column or heading dimension is the area, the period, sex, age group or
language group by what its members look like (the rest are parts of the indicator):

- period: every member a period (pipelines/ingest/periods.py), or a year column and another
  part read together (`"Vuosi"` with month columns `Tammikuu Kuolleet`, `år` with `månad`);
- area: at least half the members known areas (pipelines/ingest/area_names.py, a file's
  names together);
- sex, language group, age group: every member understood (pipelines/ingest/mapping.py).

A cube's total member that is no period or area (`Kaikki ajat`, `Alla områden`) is left out
(`drop:`, counted as filtered). Where no part is the area or the period, describe confirms one
only from what the file says: its title (`..., koko maa`, `..., 2019`), or the publisher
whose tables without areas are its whole territory (statfin, thl: the whole country; scb:
Sweden). Otherwise the guess is marked CHECK and the build refuses the file until an analyst
decides it.
"""

import re
from dataclasses import dataclass

from pipelines.ingest.area_names import AreaIndex
from pipelines.ingest.mapping import map_age_group, map_member
from pipelines.ingest.periods import read_period
from pipelines.ingest.sketch import Part, Sketch

_AGE_HINT = re.compile(r"ikä|ålder|alder|\bage\b|edad|alter", re.IGNORECASE)
_LANGUAGE_HINT = re.compile(r"kieli|språk|language|sprog", re.IGNORECASE)
_SEX_HINT = re.compile(r"sukupuoli|kön|\bsex\b|gender|kjønn", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:kaikki|alla|all|yhteensä|totalt|total|koko|hela|whole|"
                    r"molemmat|båda|both)\b", re.IGNORECASE)
# The territory of a publisher whose tables without an area dimension cover all of it.
TERRITORIES = {"statfin": "SSS", "thl": "SSS", "sotkanet": "SSS", "kela": "SSS",
               "scb": "SOTKANET_EUROOPPA_752", "ssb": "SOTKANET_EUROOPPA_578", "asub": "MK21"}
HEADING_NAMES = {"period": "period", "area": "area", "sex": "sex", "age_group": "age",
                 "language_group": "language"}


@dataclass
class Constant:
    """A role no part carries: its value and why (confirmed), or a guess to CHECK."""

    value: str
    why: str
    confirmed: bool


@dataclass
class Guesses:
    period_parts: list[Part]  # one part, or a year part and a month/week part
    indicator_parts: list[Part]
    area: Constant | None  # when no part is the area
    period: Constant | None  # when no part is the period


def is_period(text: str) -> bool:
    try:
        read_period(text)
    except ValueError:
        return False
    return True


def _is_total(label: str) -> bool:
    return bool(_TOTAL.match(label.strip()))


def _understood(role: str, text: str) -> bool:
    if role == "age_group":
        return map_age_group(text, {}).rule is None
    return map_member(role, text, {}).rule is None


def guess_role(part: Part, areas: AreaIndex) -> str | None:
    """area / period / sex / age_group / language_group, or None (an indicator part); a total
    member no role understands goes to part.totals."""
    if part.is_content:
        return None
    members = list(zip(part.codes, part.labels, strict=True))
    plain = [(code, label) for code, label in members if not _is_total(label)]
    if part.is_time or (plain and all(is_period(code) or is_period(label)
                                      for code, label in plain)):
        part.totals = [code for code, label in members
                       if (code, label) not in plain and not is_period(label)]
        return "period"
    names = f"{part.name} {part.label or ''}"
    texts = [label for _, label in members]
    if (len(members) > 1 or _SEX_HINT.search(names)) and all(
            _understood("sex", text) or _understood("sex", code) for code, text in members):
        return "sex"
    understood_language = [text for text in texts if _understood("language_group", text)]
    if understood_language and (_LANGUAGE_HINT.search(names) or len(understood_language) == len(
            texts)) and len(texts) > 1 and any(
            map_member("language_group", text, {}).canonical != "total"
            for text in understood_language):
        return "language_group"
    # A total no area is named ("Kaikki Alueet") is dropped; "WHOLE COUNTRY" is an area.
    resolved = areas.resolve_all([(label, label) for _, label in members])
    totals = [code for (code, label), item in zip(members, resolved, strict=True)
              if item.canonical is None and _is_total(label)]
    named = [item for item in resolved if item.canonical]
    if named and len(named) / (len(members) - len(totals)) >= 0.5:
        part.totals = totals
        return "area"
    ages = [text for text in texts if _understood("age_group", text)]
    if ages and (_AGE_HINT.search(names) and len(ages) > len(texts) / 2 or (
            len(ages) == len(texts) and any(re.search(r"\d", text) for text in texts))):
        return "age_group"
    return None


def _composite_period(sketch: Sketch) -> list[Part] | None:
    """A year part and a part whose members, after a year, are months, weeks or quarters
    (`1945 Tammikuu`, `2022* januari`; `Koko vuosi` is the year itself)."""
    years = next((part for part in sketch.parts if part.role == "period" and all(
        re.fullmatch(r"\d{4}\*?", code.strip()) for code in part.codes)), None)
    if years is None or sketch.format in ("px", "jsonstat"):
        return None
    year = years.codes[0].rstrip("*")
    for part in sketch.parts:
        if part is years or part.role is not None or len(part.codes) < 2:
            continue
        periods = [read_period(f"{year} {label}")[0] if is_period(f"{year} {label}") else None
                   for label in part.labels]
        if all(periods) and any(period.frequency != "annual" for period in periods):
            return [years, part]
    return None


def guess(sketch: Sketch, areas: AreaIndex, source: str) -> Guesses:
    cube = sketch.format in ("px", "jsonstat")
    for part in sketch.parts:
        part.role = guess_role(part, areas)
    # One part per role: a second candidate becomes part of the indicator.
    taken: set[str] = set()
    for part in sketch.parts:
        if part.role in taken:
            part.role = None
        if part.role:
            taken.add(part.role)
        if part.role in ("sex", "age_group", "language_group"):
            part.values = {code: "?" for code, label in zip(part.codes, part.labels, strict=True)
                           if not _understood(part.role, code) and not _understood(
                               part.role, label)}
    period_parts = [part for part in sketch.parts if part.role == "period"]
    composite = _composite_period(sketch)
    if composite:
        period_parts = composite
        composite[1].role = "period"
    indicator_parts = [
        part for part in sketch.parts if part.role is None and (
            part.is_content or (len(part.codes) > 1 if cube else not (
                part.kind == "heading" and len(part.codes) == 1 and _is_total(part.labels[0]))))]
    _name_headings(sketch, indicator_parts)
    area = None if "area" in taken else _territory(sketch, areas, source)
    period = None if period_parts else _title_period(sketch)
    return Guesses(period_parts, indicator_parts, area, period)


def _name_headings(sketch: Sketch, indicator_parts: list[Part]) -> None:
    """Name the value columns' heading dimensions by what they were taken for."""
    taken = {part.name.casefold() for part in sketch.parts if part.kind != "heading"}
    measures = [part for part in indicator_parts if part.kind == "heading"]
    for part in sketch.parts:
        if part.kind != "heading":
            continue
        if part.role:
            name = HEADING_NAMES[part.role]
        elif part in measures:
            name = "measure" if len(measures) == 1 else f"measure {measures.index(part) + 1}"
        else:
            name = "total"
        while name.casefold() in taken:
            name += " (heading)"
        taken.add(name.casefold())
        part.name = name


def _territory(sketch: Sketch, areas: AreaIndex, source: str) -> Constant:
    for chunk in _title_chunks(sketch.title):
        mapped = areas.resolve(chunk)
        if mapped.canonical and mapped.new_area is None:
            return Constant(mapped.canonical, f"the title names it: {chunk!r}", True)
    territory = TERRITORIES.get(source, TERRITORIES.get(source.split("_")[0]))  # statfin_api
    if territory is not None and territory in areas.codes:
        name = (areas.names.get(territory) or [territory])[-1]
        return Constant(territory, f"a {source} table without areas covers {territory} "
                        f"({name})", True)
    return Constant("SSS", "no area found; SSS is the whole country", False)


def _title_period(sketch: Sketch) -> Constant:
    for chunk in _title_chunks(sketch.title)[-1:]:
        if is_period(chunk):
            period, _ = read_period(chunk)
            return Constant(period.code, f"the title names it: {chunk!r}", True)
    return Constant("????", "no period found: write the period the table is for", False)


def _title_chunks(title: str | None) -> list[str]:
    """A title's parts between commas and colons: "..., koko maa" -> [..., "koko maa"]."""
    if not title:
        return []
    return [chunk.strip() for chunk in re.split(r"[,:;]| -- ", title) if chunk.strip()]
