"""PX and JSON-stat tables, read as their description says: dimensions become roles.

The description names which dimension carries the area, the period, sex, age, language and
the indicator (often the table's content dimension, one indicator per measure); a role may
also be a constant. Every dimension of the table must have a role, or two cells would land on
the same key. The result has the shape `described_tables.read_described_table` gives for CSV
and Excel: one row per cell, the roles as written, value, status, raw and location.
"""

from pathlib import Path

import pandas as pd

from pipelines.sources.descriptions import TableDescription
from pipelines.sources.errors import SourceFormatError
from pipelines.sources.jsonstat import read_jsonstat
from pipelines.sources.px import StatTable, read_px

ROLES = ("area", "period", "sex", "age_group", "language_group", "indicator")


def read_stat_table(description: TableDescription) -> pd.DataFrame:
    """Cells of a described PX or JSON-stat file with one column per role."""
    path = Path(description.data_file)
    table: StatTable = read_px(path) if description.format == "px" else read_jsonstat(path)
    names = [dimension.name for dimension in table.dimensions]
    frame = pd.DataFrame(index=table.cells.index)
    used: set[str] = set()
    for role in ROLES:
        spec = description.roles.get(role)
        if spec is None:
            continue
        if spec.dimension is not None:
            if spec.dimension not in names:
                raise SourceFormatError(
                    description.path, None,
                    f"{role}: dimension '{spec.dimension}' is not in {path.name}; its dimensions "
                    f"are {', '.join(names)}",
                )
            frame[role] = table.cells[spec.dimension].astype("str")
            used.add(spec.dimension)
        elif spec.value is not None:
            frame[role] = str(spec.value)
        else:
            raise SourceFormatError(
                description.path, None, f"{role}: a {description.format} table takes "
                "{dimension: <name>} or {value: <constant>}, not a column"
            )
    unmapped = [name for name in names if name not in used]
    if unmapped:
        raise SourceFormatError(
            description.path, None,
            f"dimensions {', '.join(unmapped)} of {path.name} have no role; give each a role "
            "(area, period, sex, age_group, language_group, indicator)",
        )
    frame["value"] = table.cells["value"]
    frame["status"] = table.cells["status"].astype("str")
    frame["raw"] = table.cells["raw"].astype("str")
    frame["location"] = "cell " + (table.cells.index + 1).astype("str")
    return frame
