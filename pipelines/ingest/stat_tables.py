"""PX and JSON-stat tables, read as their description says: dimensions become roles.

The description names which dimension carries the area, the period, sex, age, language and
the indicator (one dimension, several together, or a constant). A dimension with one member
(after `keep:`/`drop:`) needs no role; any other dimension without one is an error, or two
cells would land on the same key. The result has the shape the other described tables give
(pipelines.ingest.table_cells): one row per cell kept, the roles as the mapper reads them
(codes, `values:` applied), the area's label beside its code, value, status, raw, location;
and each indicator's names, unit and decimals from the file.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.ingest.descriptions import KEY_ROLES, IndicatorMeta, TableDescription
from pipelines.ingest.jsonstat import read_jsonstat
from pipelines.ingest.labels import guess_unit, indicator_id
from pipelines.ingest.member_names import (
    check_indicator_id,
    names_by_language,
    unknown_member_message,
)
from pipelines.ingest.px import Dimension, StatTable, read_px

ROLES = KEY_ROLES
RATES = frozenset({"percent", "percent_change", "percentage_point", "per_1000", "per_100000"})


def read_stat_table(path: Path, table_format: str) -> StatTable:
    return read_px(path) if table_format == "px" else read_jsonstat(path)


def read_stat_cells(
    description: TableDescription,
) -> tuple[pd.DataFrame, dict[str, IndicatorMeta], int]:
    """(cells kept with one column per role, the indicators they name, cells read)."""
    path = Path(description.data_file)
    table = read_stat_table(path, description.format)
    dimensions = {dimension.name: dimension for dimension in table.dimensions}
    cells = table.cells

    def dimension(name: str, key: str) -> Dimension:
        if name not in dimensions:
            raise description.error(
                key, f"{key}: dimension {name!r} is not in {path.name}; its dimensions are "
                f"{', '.join(dimensions)}")
        return dimensions[name]

    keep = np.ones(len(cells), dtype=bool)
    for what, selection in (("keep", description.keep), ("drop", description.drop)):
        for name, members in selection.items():
            key = f"{what}.{name}"
            codes = [_member_code(description, dimension(name, key), member, key)
                     for member in members]
            inside = cells[name].isin(codes).to_numpy()
            keep &= inside if what == "keep" else ~inside
    kept = cells[keep]

    frame = pd.DataFrame(index=kept.index)
    used: set[str] = set()
    for role in KEY_ROLES:
        spec = description.roles.get(role)
        if spec is None or role == "indicator":
            continue
        if spec.value is not None:
            frame[role] = spec.values.get(spec.value, spec.value)
            continue
        source = dimension(spec.dimension, role)
        used.add(source.name)
        written = {code: _written(description, source, code, role) for code in source.codes}
        frame[role] = kept[source.name].map(written)
        if role == "area":
            labels = source.labels[table.languages[0]]
            frame["area_label"] = kept[source.name].map(dict(zip(source.codes, labels,
                                                                 strict=True)))
    indicator_spec = description.roles.get("indicator")
    if indicator_spec is not None:
        parts = [dimension(name, "indicator") for name in indicator_spec.parts]
        used.update(part.name for part in parts)
        frame["indicator"], produced = _indicator(description, table, kept, parts)
    else:
        produced = {}

    for name in dimensions:
        members = kept[name].unique() if name not in used else ()
        if len(members) > 1:
            shown = ", ".join(repr(code) for code in members[:5])
            raise description.error(
                None,
                f"dimension {name!r} of {path.name} has {len(members)} members ({shown}"
                f"{', ...' if len(members) > 5 else ''}) and no role: give it one (area, period, "
                "sex, age_group, language_group), make it part of the indicator (indicator: "
                f"{{dimensions: [..., {name}]}}) or keep one member (keep: {{{name}: "
                f"[{members[0]}]}})",
            )
    frame["value"] = kept["value"]
    frame["status"] = kept["status"].astype("str")
    frame["raw"] = kept["raw"].astype("str")
    frame["location"] = "cell " + (kept.index + 1).astype("str")
    return frame, produced, len(cells)


def _member_code(description: TableDescription, source: Dimension, member: str, key: str) -> str:
    """A member given by its code or by a label in any of the file's languages."""
    if member in source.codes:
        return member
    for labels in source.labels.values():
        if member in labels:
            return source.codes[labels.index(member)]
    raise description.error(key, unknown_member_message(key, member, source.codes))


def _labels_of(source: Dimension, code: str) -> list[str]:
    position = source.codes.index(code)
    return [labels[position] for labels in source.labels.values()]


def _written(description: TableDescription, source: Dimension, code: str, role: str) -> str:
    """What the mapper reads for one member: the `values:` target if the map names its code
    or a label, else its code (a period whose label is its code with a publisher's marker,
    `2024Q1*`, gives the label, so that the marker is seen)."""
    values = description.roles[role].values
    if code in values:
        return values[code]
    for label in _labels_of(source, code):
        if label.strip() in values:
            return values[label.strip()]
    if role in ("sex", "language_group", "age_group") and _not_understood(role, code):
        # Codes a publisher made up (S, 1+2, T) whose label says it: Yhteensä, totalt, total.
        for label in _labels_of(source, code):
            if not _not_understood(role, label):
                return " ".join(label.split())
    if role == "period":
        for label in _labels_of(source, code):
            rest = label.strip()[len(code):].strip()
            if label.strip().startswith(code) and rest in description.markers:
                return label.strip()
    return code


def _not_understood(role: str, written: str) -> bool:
    from pipelines.ingest.mapping import map_age_group, map_member

    mapped = map_age_group(written, {}) if role == "age_group" else map_member(role, written, {})
    return mapped.rule is not None


def _indicator(
    description: TableDescription, table: StatTable, kept: pd.DataFrame, parts: list[Dimension]
) -> tuple[pd.Series | str, dict[str, IndicatorMeta]]:
    spec = description.roles["indicator"]
    main = table.languages[0]
    content = next((dimension for dimension in table.dimensions if dimension.is_content), None)
    if spec.value is not None:  # a constant: named by the content's one member or the title
        indicator = check_indicator_id(description, spec.value)
        if content is not None and kept[content.name].nunique() == 1:
            code = kept[content.name].iloc[0]
            labels = {language: labels[content.codes.index(code)]
                      for language, labels in content.labels.items()}
            meta = _meta(description, indicator, labels, main, table, content, code)
        else:
            meta = _meta(description, indicator, table.title, main, table, None, None)
        return indicator, {indicator: meta}

    combinations = kept[[part.name for part in parts]].drop_duplicates()
    ids: dict[tuple[str, ...], str] = {}
    produced: dict[str, IndicatorMeta] = {}
    for codes in combinations.itertuples(index=False, name=None):
        composed = indicator_id(*codes)
        indicator = spec.values.get(composed) or spec.values.get(".".join(codes))
        if indicator is None and len(parts) == 1:
            indicator = next((spec.values[label.strip()] for label in _labels_of(parts[0],
                              codes[0]) if label.strip() in spec.values), None)
        indicator = check_indicator_id(description, indicator or composed)
        ids[codes] = indicator
        languages = parts[0].labels.keys()
        labels = {
            language: ", ".join(" ".join(part.labels.get(language, part.labels[main])[
                part.codes.index(code)].split()) for part, code in zip(parts, codes, strict=True))
            for language in languages
        }
        content_part = next(((part, code) for part, code in zip(parts, codes, strict=True)
                             if part.is_content), None)
        if content_part is None and content is not None and kept[content.name].nunique() == 1:
            content_part = (content, kept[content.name].iloc[0])
        unit_source, unit_code = content_part if content_part else (None, None)
        # PRECISION("Työttömyys","Työttömät")=0 on a dimension that is no CONTVARIABLE.
        precision = next((part.decimals[code] for part, code in zip(parts, codes, strict=True)
                          if code in part.decimals), None)
        produced.setdefault(indicator, _meta(description, indicator, labels, main, table,
                                             unit_source, unit_code, precision))
    keys = list(zip(*(kept[part.name] for part in parts), strict=True))
    return pd.Series([ids[key] for key in keys], index=kept.index, dtype="str"), produced


def _meta(
    description: TableDescription, indicator: str, labels: dict[str, str], main: str,
    table: StatTable, content: Dimension | None, code: str | None,
    precision: int | None = None,
) -> IndicatorMeta:
    """Names from the labels; unit from the content member's unit, its label or the table's
    unit (the first that names one unit), else the indicator's labels, which also win where
    they name a rate or share and the table a count (UNITS "henkilö" over "Työttömät" and
    "Työttömyysaste"); decimals from the member, else the table."""
    member_unit = content.units.get(code) if content is not None and code is not None else None
    member_label = (content.labels[main][content.codes.index(code)]
                    if content is not None and code is not None else None)
    unit = guess_unit(member_unit, member_label, table.units)
    named = guess_unit(*labels.values())
    if unit is None or (unit == "count" and named in RATES):  # "henkilö" but a rate's label
        unit = named
    decimals = content.decimals.get(code) if content is not None and code is not None else None
    decimals = precision if decimals is None else decimals
    return IndicatorMeta(
        id=indicator, **names_by_language(description, labels, main),
        unit=unit, decimals=decimals if decimals is not None else table.decimals, additive=None,
    )
