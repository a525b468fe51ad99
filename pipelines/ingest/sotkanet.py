"""THL Sotkanet files as the service emits them: metadata (regions, indicators) and data rows.

Data files are the CSV export (`indicator;region;year;gender;primary value;absolute value`)
and the JSON of `/rest/1.1/json`, current (`value`, `absValue`, numbers) or older (strings,
`"primary value"`). Data rows are staged as text, exactly as written, into
`staging.sotkanet_raw`; typing and the row rules happen in SQL (sql/ingest/) so that every
row either reaches the mart or the quarantine with a reason.

No Dagster here: plain functions over paths and a DuckDB connection.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.labels import guess_unit

REGIONS_FILE = "regions.json"
INDICATORS_FILE = "indicators.json"
METADATA_FILES = frozenset({REGIONS_FILE, INDICATORS_FILE})
REGION_COLUMNS = ("region_id", "code", "category", "name_fi", "name_sv", "name_en", "member_of")
INDICATOR_COLUMNS = ("indicator_id", "name_fi", "name_sv", "name_en", "organization", "decimals",
                     "sex_values", "unit")
CSV_HEADER = ("indicator", "region", "year", "gender", "primary value", "absolute value")

RAW_TABLE_DDL = """
CREATE TABLE IF NOT EXISTS staging.sotkanet_raw (
    source_file VARCHAR NOT NULL,
    -- NULL for the rows of a batch scan: their line follows from their place in this table
    -- (staging.sotkanet_lines); numbering them while reading costs a third of the scan.
    row_number BIGINT,
    indicator VARCHAR,
    region VARCHAR,
    year VARCHAR,
    gender VARCHAR,
    primary_value VARCHAR,
    absolute_value VARCHAR,
    parse_error VARCHAR,
    raw_record VARCHAR
)
"""


def data_files(folder: Path) -> list[Path]:
    """Every .csv or .json file in the folder other than the two metadata files, sorted."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in {".csv", ".json"}
        and path.name not in METADATA_FILES
    )


# --- metadata -----------------------------------------------------------------------------


def _load_json(path: Path) -> Any:
    return limits.parse_json(path, limits.read_text(path))


def _titles(item: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    title = item.get("title") or {}
    if isinstance(title, str):
        return title, None, None
    return title.get("fi"), title.get("sv"), title.get("en")


def read_regions(path: Path) -> pd.DataFrame:
    """The `/rest/1.1/regions` payload: one row per region with its parents (memberOf)."""
    payload = _load_json(path)
    if not isinstance(payload, list):
        raise SourceFormatError(path, None, "expected a JSON array of regions")
    rows = []
    for index, item in enumerate(payload, start=1):
        missing = [key for key in ("id", "code", "category") if not isinstance(item, dict)
                   or item.get(key) in (None, "")]
        if missing:
            raise SourceFormatError(path, None, f"region #{index} lacks {', '.join(missing)}")
        name_fi, name_sv, name_en = _titles(item)
        rows.append(
            {
                "region_id": int(item["id"]),
                "code": str(item["code"]).strip(),
                "category": str(item["category"]).strip().upper(),
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "member_of": [int(parent) for parent in item.get("memberOf") or []],
            }
        )
    frame = pd.DataFrame(rows, columns=list(REGION_COLUMNS))
    duplicated = frame[frame["region_id"].duplicated()]["region_id"].tolist()
    if duplicated:
        raise SourceFormatError(path, None, f"region ids listed twice: {duplicated[:10]}")
    return frame


def infer_unit(title_en: str | None, title_fi: str | None, value_type: str | None) -> str:
    """Unit of an indicator's primary value: percent, percent_change, percentage_point, per_1000,
    per_100000, count, index or other.

    The per-indicator endpoint names a primary value type; the list endpoint does not, so we
    fall back on the title, which THL writes in a regular way ("as % of", "per 1000", "/ 1 000").
    """
    if value_type:
        kind = value_type.lower()
        for unit, words in _VALUE_TYPES.items():
            if any(word in kind for word in words):
                return unit
    text = f"{title_en or ''} | {title_fi or ''}".lower().replace("\u00a0", " ")
    if (unit := guess_unit(title_en, title_fi)) in ("percentage_point", "percent_change"):
        return unit  # "muutos, %", "%-yks.": of either sign, not a share
    if "%" in text or "per cent" in text or "prosentti" in text:
        return "percent"
    if "100 000" in text or "100000" in text:
        return "per_100000"
    if "per 1000" in text or "/ 1 000" in text or "/1000" in text or "per 1 000" in text:
        return "per_1000"
    if "index" in text or "indeksi" in text:
        return "index"
    if any(word in text for word in ("population", "number of", "väestö", "lukumäärä")):
        return "count"
    return "other"


_VALUE_TYPES = {
    "percent": ("percent", "prosentti", "%"),
    "per_100000": ("100000", "100 000"),
    "per_1000": ("1000", "promille"),
    "count": ("count", "lukumäärä", "number"),
    "index": ("index", "indeksi"),
}


def read_indicators(path: Path) -> pd.DataFrame:
    """The `/rest/1.1/indicators` list, or one `/indicators/{id}` object, or a list of those."""
    payload = _load_json(path)
    items = payload if isinstance(payload, list) else [payload]
    rows = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            raise SourceFormatError(path, None, f"indicator #{index} lacks an id")
        name_fi, name_sv, name_en = _titles(item)
        organization = item.get("organization") or {}
        org_title = organization.get("title") or {} if isinstance(organization, dict) else {}
        sex_values = ((item.get("classifications") or {}).get("sex") or {}).get("values") or []
        value_type = item.get("primaryValueType")
        if isinstance(value_type, dict):
            value_type = value_type.get("code") or (value_type.get("title") or {}).get("en")
        decimals = item.get("decimals")
        rows.append(
            {
                "indicator_id": int(item["id"]),
                "name_fi": name_fi,
                "name_sv": name_sv,
                "name_en": name_en,
                "organization": org_title.get("en") or org_title.get("fi"),
                "decimals": int(decimals) if decimals not in (None, "") else None,
                # An empty classification means the indicator is published for the total only.
                "sex_values": [str(value) for value in sex_values] or ["total"],
                "unit": infer_unit(name_en, name_fi, value_type),
            }
        )
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    frame["decimals"] = frame["decimals"].astype("Int64")
    duplicated = frame[frame["indicator_id"].duplicated()]["indicator_id"].tolist()
    if duplicated:
        raise SourceFormatError(path, None, f"indicator ids listed twice: {duplicated[:10]}")
    return frame


def empty_regions() -> pd.DataFrame:
    """No regions (a raw directory without Sotkanet files); the SQL casts the column types."""
    return pd.DataFrame(columns=list(REGION_COLUMNS))


def empty_indicators() -> pd.DataFrame:
    return pd.DataFrame(columns=list(INDICATOR_COLUMNS))


# --- data rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StagedFile:
    source_file: str
    file_format: str
    rows_read: int


def _first_line(path: Path) -> str:
    """The header line, with the checks that tell a Sotkanet file from something else."""
    with path.open("rb") as handle:
        head = handle.read(65536)
    if not head.strip():
        raise SourceFormatError(path, None, "empty file")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceFormatError(path, 1, "UTF-16 text; export the file as UTF-8")
    if b"\x00" in head:
        raise SourceFormatError(path, None, "binary file (NUL bytes), not Sotkanet text")
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(path, 1, f"header is not UTF-8 ({exc.reason})") from exc


def _check_csv_header(path: Path, line: str) -> None:
    fields = tuple(field.strip().strip('"').lower() for field in line.split(";"))
    if fields == CSV_HEADER:
        return
    expected = ";".join(CSV_HEADER)
    for delimiter, name in ((",", "comma"), ("\t", "tab"), ("|", "pipe")):
        if ";" not in line and delimiter in line:
            raise SourceFormatError(
                path, 1, f"wrong delimiter: header is {name}-separated, Sotkanet CSV uses ';' "
                f"(expected header '{expected}')"
            )
    missing = [column for column in CSV_HEADER if column not in fields]
    raise SourceFormatError(
        path, 1, f"header '{line[:200]}' does not match '{expected}'"
        + (f"; missing {', '.join(missing)}" if missing else "")
    )


def stage_data_file(con: duckdb.DuckDBPyConnection, path: Path, source_file: str) -> StagedFile:
    """Read one data file into staging.sotkanet_raw (replacing its earlier rows).

    Raises SourceFormatError when the file as a whole cannot be read; then nothing of it is
    staged. Single malformed lines are staged with a parse_error and end in the quarantine.
    """
    con.execute(RAW_TABLE_DDL)
    line = _first_line(path)
    if line.lstrip().startswith(("[", "{")):
        file_format, insert = "json", _insert_json
    else:
        _check_csv_header(path, line)
        file_format, insert = "csv", _insert_csv
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM staging.sotkanet_raw WHERE source_file = $f", {"f": source_file})
        rows = insert(con, path, source_file)
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise SourceFormatError(path, None, _short(exc)) from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return StagedFile(source_file=source_file, file_format=file_format, rows_read=rows)


def is_clean_csv_export(path: Path) -> bool:
    """True for a file that looks like a well-formed CSV export (first line is the header)."""
    try:
        line = _first_line(path)
        if line.lstrip().startswith(("[", "{")):
            return False
        _check_csv_header(path, line)
    except SourceFormatError:
        return False
    return True


def stage_csv_exports(
    con: duckdb.DuckDBPyConnection, files: list[tuple[Path, str]]
) -> dict[str, int] | None:
    """Read many CSV exports in one parallel scan (the common case at national scale).

    Returns rows read per source file, or None, having staged nothing, when any line was
    rejected or the scan failed: the caller then stages the files one by one, which finds the
    culprit and numbers lines exactly around rejected ones.
    """
    if not files:
        return {}
    con.execute(RAW_TABLE_DDL)
    con.execute("DROP TABLE IF EXISTS sotkanet_rejects")
    con.execute("DROP TABLE IF EXISTS sotkanet_reject_scans")
    paths = [str(path) for path, _ in files]
    names = {str(path): name for path, name in files}
    # Every file is <raw dir>/<name>: the name is what follows the raw directory's path.
    cuts = {len(str(path)) - len(name) for path, name in files}
    if len(cuts) != 1 or any(not str(path).endswith(name) for path, name in files):
        return None
    (cut,) = cuts
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM staging.sotkanet_raw WHERE source_file IN (SELECT unnest($f))",
                    {"f": list(names.values())})
        con.execute("CREATE OR REPLACE TEMP TABLE sotkanet_batch_files AS "
                    "SELECT unnest($paths) AS filename, unnest($names) AS source_file",
                    {"paths": paths, "names": [names[path] for path in paths]})
        # In file order (DuckDB keeps the scan's order on insert), without line numbers:
        # staging.sotkanet_lines works them out from each row's place. The source file's name
        # is the path without the raw directory, cut off rather than joined (a join could
        # reorder the rows).
        con.execute(
            f"""
            INSERT INTO staging.sotkanet_raw
            SELECT substr(filename, $cut + 1), NULL,
                   "indicator", "region", "year", "gender", "primary value", "absolute value",
                   NULL, NULL
            FROM read_csv($paths, {_CSV_OPTIONS}, filename=true)
            """,
            {"paths": paths, "cut": cut},
        )
        if con.execute("SELECT count(*) FROM sotkanet_rejects").fetchone()[0]:
            con.execute("ROLLBACK")
            return None
        runs = con.execute(
            "SELECT source_file, count(*), max(rowid) - min(rowid) + 1 = count(*) "
            "FROM staging.sotkanet_raw "
            "WHERE source_file IN (SELECT source_file FROM sotkanet_batch_files) GROUP BY ALL"
        ).fetchall()
        if not all(unbroken for _, _, unbroken in runs):
            con.execute("ROLLBACK")  # a file's rows interleaved with another's: one by one
            return None
        counts = {name: count for name, count, _ in runs}
        con.execute("COMMIT")
    except duckdb.Error:
        con.execute("ROLLBACK")
        return None
    return {name: counts.get(name, 0) for name in names.values()}


def _short(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_CSV_OPTIONS = (
    "delim=';', header=true, all_varchar=true, auto_detect=false, quote='\"', "
    "columns={'indicator':'VARCHAR','region':'VARCHAR','year':'VARCHAR','gender':'VARCHAR',"
    "'primary value':'VARCHAR','absolute value':'VARCHAR'}, "
    "store_rejects=true, rejects_table='sotkanet_rejects', rejects_scan='sotkanet_reject_scans'"
)


def _insert_csv(con: duckdb.DuckDBPyConnection, path: Path, source_file: str) -> int:
    con.execute("DROP TABLE IF EXISTS sotkanet_rejects")
    con.execute("DROP TABLE IF EXISTS sotkanet_reject_scans")
    # The common case, a clean export: stream the file straight into staging. A data row's
    # line is its ordinal plus the header line. raw_record stays NULL: the quarantine builds
    # it from the fields for the few rows that need it.
    inserted = con.execute(
        f"""
        INSERT INTO staging.sotkanet_raw
        SELECT $f, ordinality + 1, "indicator", "region", "year", "gender", "primary value",
               "absolute value", NULL, NULL
        FROM read_csv($path, {_CSV_OPTIONS}) WITH ORDINALITY
        """,
        {"path": str(path), "f": source_file},
    ).fetchone()[0]
    rejected = con.execute("SELECT count(DISTINCT line) FROM sotkanet_rejects").fetchone()[0]
    if rejected == 0:
        return inserted
    # Some lines were rejected (too many or too few fields, bad encoding): accepted rows after
    # them sit further down the file. Renumber from the rejected lines, and stage those too.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE sotkanet_line_gaps AS
        WITH rejected AS (
            SELECT line, row_number() OVER (ORDER BY line) AS nth FROM sotkanet_rejects
            GROUP BY line
        )
        SELECT line - 1 - nth AS accepted_before, max(nth) AS rejected_so_far
        FROM rejected GROUP BY ALL
        """
    )
    con.execute(
        """
        UPDATE staging.sotkanet_raw AS r
        SET row_number = r.row_number + m.rejected_so_far
        FROM (
            SELECT s.row_number AS old_number, g.rejected_so_far
            FROM staging.sotkanet_raw s
            ASOF JOIN sotkanet_line_gaps g ON s.row_number - 1 > g.accepted_before
            WHERE s.source_file = $f
        ) m
        WHERE r.source_file = $f AND r.row_number = m.old_number
        """,
        {"f": source_file},
    )
    con.execute(
        """
        INSERT INTO staging.sotkanet_raw
        SELECT $f, line, NULL, NULL, NULL, NULL, NULL, NULL, any_value(error_message),
               any_value(csv_line)
        FROM sotkanet_rejects GROUP BY line
        """,
        {"f": source_file},
    )
    con.execute("DROP TABLE sotkanet_line_gaps")
    return inserted + rejected


def _insert_json(con: duckdb.DuckDBPyConnection, path: Path, source_file: str) -> int:
    # read_json_objects keeps each element as written (the quarantine shows it verbatim) and
    # streams the array, so a large export never sits in Python memory.
    return con.execute(
        """
        INSERT INTO staging.sotkanet_raw
        WITH objects AS (
            SELECT json AS record, ordinality AS row_number
            FROM read_json_objects($path, format='array') WITH ORDINALITY
        )
        SELECT $f, row_number,
               json_extract_string(record, '$.indicator'),
               json_extract_string(record, '$.region'),
               json_extract_string(record, '$.year'),
               json_extract_string(record, '$.gender'),
               coalesce(json_extract_string(record, '$.value'),
                        json_extract_string(record, '$."primary value"')),
               coalesce(json_extract_string(record, '$.absValue'),
                        json_extract_string(record, '$."absolute value"')),
               CASE WHEN json_type(record) <> 'OBJECT'
                    THEN 'array element is ' || lower(json_type(record)) || ', not an object'
               END,
               record::VARCHAR
        FROM objects
        """,
        {"path": str(path), "f": source_file},
    ).fetchone()[0]
