"""The cells of a described table with their keys as the mapper needs them, and its indicators.

Every format goes through here: PX and JSON-stat (pipelines.ingest.stat_tables) and CSV,
XLSX and PxWeb CSV (pipelines.ingest.described_tables). This layer does what the description
asks beyond reading:

- `keep:` / `drop:` members of any dimension or column; the other rows are not staged but
  counted (`filtered`), so a file's rows still add up;
- `values:` maps of every role, matched against a member's code or any of its labels;
- indicators: one per member of the indicator dimension or column, or per combination of
  members of several (`indicator: {dimensions: [Toiminto, Tiedot]}`: ids from the codes
  joined with `.`, names from the labels joined with `, `), or a constant; their names, units
  and decimals from the file (PX VALUES[lang], UNITS, PRECISION, DECIMALS; JSON-stat labels and
  category.unit), which the description's `indicators:` overrides field by field. For CSV and
  Excel an `indicators:` list is the complete list (other members are quarantined as
  unknown_indicator); without one every member is an indicator named by its text.
"""

from dataclasses import dataclass, replace

import pandas as pd

from pipelines.ingest.descriptions import (
    CUBE_FORMATS,
    KEY_ROLES,
    IndicatorMeta,
    TableDescription,
)
from pipelines.ingest.labels import guess_unit, indicator_id
from pipelines.ingest.member_names import (
    check_indicator_id,
    names_by_language,
    unknown_member_message,
)
from pipelines.ingest.stat_tables import read_stat_cells

CELL_COLUMNS = [*KEY_ROLES, "area_label", "value", "status", "raw", "location", "flag"]
DEFAULT_UNIT = "other"


@dataclass(frozen=True, eq=False)
class TableCells:
    frame: pd.DataFrame  # CELL_COLUMNS, one row per cell kept
    indicators: list[IndicatorMeta]  # every indicator the cells can name, fields filled
    cells_read: int  # kept + filtered
    filtered: int  # cells of members the description's keep/drop left out


def read_table_cells(description: TableDescription) -> TableCells:
    """Read a described table of any format; a description that does not fit raises
    SourceFormatError naming the description, its line and what the file has instead."""
    if description.format in CUBE_FORMATS:
        frame, produced, read = read_stat_cells(description)
    else:
        frame, produced, read = _grid_cells(description)
    for column in CELL_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame = frame[CELL_COLUMNS].reset_index(drop=True)
    return TableCells(frame, _indicators(description, produced), read, read - len(frame))


def _indicators(
    description: TableDescription, produced: dict[str, IndicatorMeta]
) -> list[IndicatorMeta]:
    """The file's indicators with the description's overrides, every field filled."""
    listed = description.indicators
    if description.indicators_complete:
        metas = list(listed.values())
    else:
        unknown = sorted(set(listed) - set(produced))
        if unknown:
            raise description.error(
                f"indicators.{unknown[0]}",
                f"indicators: {unknown[0]!r} is not an indicator of {description.data_file.name}"
                f"; its indicators: {', '.join(sorted(produced)[:12])}",
            )
        metas = []
        for indicator, meta in produced.items():
            override = listed.get(indicator)
            if override is not None:
                meta = replace(meta, **{
                    field: getattr(override, field)
                    for field in ("name_fi", "name_sv", "name_en", "unit", "decimals", "additive")
                    if getattr(override, field) is not None
                })
            metas.append(meta)
    filled = []
    for meta in metas:
        unit = meta.unit or DEFAULT_UNIT
        filled.append(replace(
            meta,
            name_fi=meta.name_fi or meta.name_sv or meta.name_en or meta.id,
            unit=unit,
            additive=meta.additive if meta.additive is not None else unit == "count",
        ))
    return filled


# --- CSV, XLSX, PxWeb CSV -------------------------------------------------------------------


def _grid_cells(
    description: TableDescription,
) -> tuple[pd.DataFrame, dict[str, IndicatorMeta], int]:
    from pipelines.ingest.described_tables import read_described_table

    frame = read_described_table(description)
    read = len(frame)
    keep = pd.Series(True, index=frame.index)
    for what, selection in (("keep", description.keep), ("drop", description.drop)):
        for header, members in selection.items():
            column = frame[f"column:{header}"]
            present = list(dict.fromkeys(column))
            for member in members:
                if member not in present:
                    raise description.error(
                        f"{what}.{header}",
                        unknown_member_message(f"{what}.{header}", member, present))
            inside = column.isin(members)
            keep &= inside if what == "keep" else ~inside
    frame = frame[keep].copy()

    for role in KEY_ROLES:
        spec = description.roles.get(role)
        if role != "indicator" and spec is not None and spec.values and role in frame:
            frame[role] = frame[role].map(lambda text, values=spec.values: values.get(text, text))

    produced: dict[str, IndicatorMeta] = {}
    spec = description.roles.get("indicator")
    texts: pd.Series
    if spec is not None and spec.column is None and spec.value is None:  # compound
        parts = [frame[f"column:{part}"] for part in spec.parts]
        texts = pd.Series(list(zip(*parts, strict=True)), index=frame.index, dtype="object")
    else:
        texts = frame["indicator"].map(lambda text: (text,))
    ids: dict[tuple, str] = {}
    for combination in dict.fromkeys(texts):
        written = " ".join(combination)
        values = spec.values if spec is not None else {}
        if description.indicators_complete or (spec is not None and spec.value is not None):
            indicator = values.get(written, written)
        else:
            indicator = values.get(written) or indicator_id(*combination)
        ids[combination] = check_indicator_id(description, indicator)
        if not description.indicators_complete:
            label = ", ".join(combination)
            produced.setdefault(indicator, IndicatorMeta(
                id=indicator, **names_by_language(description, {"fi": label}, "fi"),
                unit=guess_unit(*combination), decimals=None, additive=None))
    frame["indicator"] = texts.map(ids)
    return frame, produced, read
