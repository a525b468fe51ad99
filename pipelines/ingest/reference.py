"""The reference list of areas (raw/reference/areas.csv).

Every Finnish area in Finnish, Swedish and English with its membership (municipality ->
wellbeing services county, region and sub-region; former municipality -> the one it became
part of). The shipped file is generated from the publishers' classifications by
`pipelines.ingest.area_reference`; a hand-made one needs only the first eight columns.
Small, so pandas is fine here.
"""

from pathlib import Path

import pandas as pd

from pipelines.ingest.errors import SourceFormatError

AREAS_FILE = "areas.csv"
AREA_COLUMNS = (
    "area_code", "area_level", "name_fi", "name_sv", "name_en",
    "parent_area_code", "region_code", "wellbeing_county_code",
)
# Optional: empty when a hand-made file leaves them out.
OPTIONAL_COLUMNS = ("sub_region_code", "successor_area_code", "valid_until")
AREA_LEVELS = frozenset({"country", "part_of_country", "wellbeing_county", "hospital_district",
                         "special_responsibility_area", "region", "sub_region", "municipality",
                         "former_municipality", "district", "postal_code_area",
                         "foreign_country", "country_group"})


def empty_reference_areas() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string")
                         for column in (*AREA_COLUMNS, *OPTIONAL_COLUMNS)})


def read_reference_areas(path: Path) -> pd.DataFrame:
    """Read and check areas.csv; errors name the file, the line and the problem."""
    try:
        frame = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise SourceFormatError(path, None, f"not a UTF-8 CSV file: {exc}") from exc
    missing = [column for column in AREA_COLUMNS if column not in frame.columns]
    if missing:
        raise SourceFormatError(path, 1, f"missing columns: {', '.join(missing)}")
    for column in OPTIONAL_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[[*AREA_COLUMNS, *OPTIONAL_COLUMNS]].apply(lambda column: column.str.strip())
    frame = frame.replace("", pd.NA)
    for index, row in frame.iterrows():
        line = int(index) + 2  # header is line 1
        for column in ("area_code", "area_level", "name_fi"):
            if pd.isna(row[column]):
                raise SourceFormatError(path, line, f"{column} is empty")
        if row["area_level"] not in AREA_LEVELS:
            raise SourceFormatError(
                path, line, f"area_level '{row['area_level']}' is not one of "
                f"{', '.join(sorted(AREA_LEVELS))}"
            )
    duplicated = frame["area_code"][frame["area_code"].duplicated()]
    if not duplicated.empty:
        line = int(duplicated.index[0]) + 2
        raise SourceFormatError(path, line, f"area_code {duplicated.iloc[0]} is listed twice")
    known = set(frame["area_code"])
    for column in ("parent_area_code", "region_code", "wellbeing_county_code",
                   "sub_region_code", "successor_area_code"):
        unknown = frame[frame[column].notna() & ~frame[column].isin(known)]
        if not unknown.empty:
            line = int(unknown.index[0]) + 2
            raise SourceFormatError(
                path, line, f"{column} {unknown.iloc[0][column]} is not an area in this file"
            )
    return frame
