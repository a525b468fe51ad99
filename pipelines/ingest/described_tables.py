"""Read a CSV, XLSX or PxWeb CSV table the way its description (descriptions.py) says.

The result has one row per value cell, with the key parts as written so that the mapper (SQL)
can resolve names, codes and `values:` maps in one place and quarantine what it cannot:

- one column per role the table has (`area`, `period`, `sex`, `age_group`, `language_group`,
  `indicator`, in that order): the cell text stripped (an empty cell gives ""), a constant,
  or the wide column's key (its header, the key `wide.columns` maps it to, or for PxWeb CSV
  the header's leading period token);
- `value` (float64, NaN unless the status is ok or zero), `status` (ok, a `missing:` status,
  or `invalid` for a cell that is neither a number nor a marker, e.g. `12,3 %`; an Excel
  boolean or date is invalid too), `raw` (the cell as written)
  and `location` (`line 7, column Osuus` in CSV, `Taulukko1!D7` in XLSX);
- `flag`: what a publisher's marker after the number says (`12,3*` -> 12.3, preliminary; the
  description's `markers:`), else None;
- `column:<header>` for each column a compound indicator or a `keep:`/`drop:` names, as
  written (pipelines.ingest.table_cells builds the indicator and the selection from them).

Bad cells never raise; a description that does not fit the file (a column the header lacks, a
sheet that does not exist, a header row past the end) and a file that cannot be parsed (bytes
not in the encoding, bad quoting, a row with more or fewer fields than the header) do.

Rows whose cells are all empty are skipped, and so is a block of notes at the end: the lines
after a blank line from which on every line has at most one non-empty cell ("Lähde: THL").
XLSX numeric cells are used as calamine returns them (no rounding); in key columns they are
written as Excel shows a general number (`49`, not `49.0`), so codes with leading zeros must be
text cells. Text cells are parsed like CSV fields.
"""

import codecs
import csv
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from pipelines.ingest import limits
from pipelines.ingest.descriptions import KEY_ROLES, TableDescription
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.headings import split_headings

STATUS_OK = "ok"
STATUS_ZERO = "zero"
STATUS_INVALID = "invalid"

_SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
_PXWEB_DELIMITERS = (";", ",", "\t")  # in order of preference on a tie
_PXWEB_ENCODING = "iso8859-15"
# Leading period token of a PxWeb column header: 2021, 2021Q1, 2021K1, 2021M01 ("2021 Väestö").
_PERIOD_TOKEN = re.compile(r"([0-9]{4}(?:[QK][1-4]|M(?:0[1-9]|1[0-2]))?)(?![0-9A-Za-z]|-[0-9])")
_C1_CONTROLS = re.compile("[\x80-\x9f]")

Cell = object  # str (CSV, XLSX text) or what calamine returns (float, int, bool, date, ...)
# Where a key's text comes from: ("cell", column index), ("heading", name), ("wide", None),
# ("const", text), ("join", [sources]) (several read together, joined by a space).
Source = tuple[str, object]


@dataclass
class _Row:
    cells: list[Cell]
    number: int  # CSV: the line the record starts on; XLSX: the sheet row


@dataclass
class _Grid:
    """A table's header and data rows, whatever file they came from."""

    data_file: Path
    headers: list[str]  # stripped texts
    header_number: int
    rows: list[_Row]
    locate: Callable[[int, int], str]  # (row number, column index) -> location
    header_where: str  # "line 3" or "sheet 'Taulukko1' row 3", for messages
    fixed_width: bool  # CSV: every data record must have the header's number of fields


def read_described_table(description: TableDescription) -> pd.DataFrame:
    """One row per value cell of the described table; see the module docstring."""
    if description.format == "xlsx":
        grid = _xlsx_grid(description)
    elif description.format in ("csv", "pxweb_csv"):
        grid = _text_grid(description)
    else:
        raise description.error(
            "format",
            f"format {description.format}: read it with pipelines.ingest.px / jsonstat; "
            "read_described_table reads csv, xlsx and pxweb_csv",
        )
    return _cells(description, grid)


# --- CSV and PxWeb CSV ----------------------------------------------------------------------


def _decode(description: TableDescription, raw: bytes) -> str:
    """Bytes -> text in the described encoding; a file that is clearly in another one fails."""
    path = description.data_file
    encoding = description.encoding
    has_bom = raw.startswith(codecs.BOM_UTF8)
    if encoding is None:  # pxweb_csv without encoding: detect
        encoding = "utf-8" if has_bom or _is_utf8(raw) else _PXWEB_ENCODING
    if encoding in ("utf-8", "utf-8-sig"):
        body = raw[len(codecs.BOM_UTF8) :] if has_bom else raw
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            position = exc.start + (len(codecs.BOM_UTF8) if has_bom else 0)
            raise SourceFormatError(
                path,
                raw.count(b"\n", 0, position) + 1,
                f"byte 0x{raw[position]:02x} is not UTF-8; the file may be ISO-8859-15 or "
                f"cp1252: set encoding in {description.path.name}",
            ) from None
    if has_bom:
        raise SourceFormatError(
            path,
            1,
            f"the file starts with a UTF-8 byte order mark but {description.path.name} says "
            f"encoding {encoding}; set encoding: utf-8",
        )
    if not raw.isascii() and _is_utf8(raw):
        position = next(index for index, byte in enumerate(raw) if byte >= 0x80)
        line = raw.count(b"\n", 0, position) + 1
        sample = raw[raw.rfind(b"\n", 0, position) + 1 :].split(b"\n", 1)[0][:60]
        raise SourceFormatError(
            path,
            line,
            f"the file is UTF-8 ({sample.decode('utf-8')!r}) but {description.path.name} says "
            f"encoding {encoding}, which would read it as {sample.decode(encoding, 'replace')!r}"
            "; set encoding: utf-8",
        )
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            path,
            raw.count(b"\n", 0, exc.start) + 1,
            f"byte 0x{raw[exc.start]:02x} is not valid {encoding}",
        ) from None
    if encoding.startswith("iso8859"):
        # ISO-8859 has only control characters at 0x80-0x9F; tools that write there mean
        # Windows-1252 (a right quote, a euro sign), as in Statistics Finland's files.
        text = _C1_CONTROLS.sub(_cp1252_char, text)
    return text


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _cp1252_char(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match[0])]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252 too
        return match[0]


def _split(line: str, delimiter: str) -> list[str]:
    """One line's fields (quote-aware, lenient): for finding a PxWeb header, not for data."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _pxweb_header(lines: list[str], delimiter: str | None) -> tuple[int, str]:
    """The first non-blank line that splits into more than one field, and its delimiter."""
    candidates = (delimiter,) if delimiter else _PXWEB_DELIMITERS
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        counts = {candidate: len(_split(line, candidate)) for candidate in candidates}
        best = max(candidates, key=lambda candidate: counts[candidate])  # first on a tie
        if counts[best] > 1:
            return index + 1, best
    return 0, candidates[0]


def _text_grid(description: TableDescription) -> _Grid:
    path = description.data_file
    raw = limits.read_bytes(path)
    text = _decode(description, raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final line end
    limits.check_line_lengths(path, lines)
    header_number = description.header_row
    delimiter = description.delimiter
    if header_number is None:  # pxweb_csv: skip the title
        header_number, delimiter = _pxweb_header(lines, delimiter)
        if header_number == 0:
            raise SourceFormatError(
                path,
                None,
                "no header line: no line splits into fields by ';', ',' or tab "
                f"(set delimiter and header_row in {description.path.name})",
            )
    elif delimiter is None and header_number <= len(lines):  # pxweb_csv with header_row
        _, delimiter = _pxweb_header(lines[header_number - 1 : header_number], None)
    if header_number > len(lines):
        raise description.error(
            "header_row",
            f"header_row {header_number} is beyond the end of {path.name} ({len(lines)} lines)",
        )
    if not lines[header_number - 1].strip():
        raise description.error(
            "header_row",
            f"header_row {header_number}: line {header_number} of {path.name} is blank",
        )

    records: list[_Row] = []
    reader = csv.reader(
        (line + "\n" for line in lines[header_number - 1 :]),
        delimiter=delimiter or ";",
        strict=True,
    )
    previous = header_number - 1  # lines consumed before the next record
    try:
        for fields in reader:
            records.append(_Row(list(fields), previous + 1))
            previous = header_number - 1 + reader.line_num
    except csv.Error as exc:
        raise SourceFormatError(path, previous + 1, f"CSV: {exc}") from None
    header, rows = records[0], records[1:]
    headers = [field.strip() for field in header.cells]
    # Excel pads CSV rows with empty fields (`;;`): the header ends at its last name.
    width = max((index + 1 for index, name in enumerate(headers) if name), default=0)
    return _Grid(
        data_file=path,
        headers=headers[:width],
        header_number=header_number,
        rows=rows,
        locate=lambda number, column: f"line {number}, column {headers[column]}",
        header_where=f"line {header_number}",
        fixed_width=True,
    )


# --- XLSX -----------------------------------------------------------------------------------


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _sheet_reference(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted unless it is a plain word."""
    if re.fullmatch(r"[^\W\d]\w*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _excel_text(cell: Cell) -> str:
    """A cell as Excel shows it in General format: 49 not 49.0, dates as ISO dates."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, (datetime.date, datetime.time)):  # datetime is a date
        return cell.isoformat()
    return str(cell)


def _xlsx_grid(description: TableDescription) -> _Grid:
    path = description.data_file
    limits.check_xlsx_package(path)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own, zip and XML errors
        raise SourceFormatError(path, None, f"cannot read as XLSX: {exc}") from None
    with workbook:
        names = workbook.sheet_names
        sheet_name = description.sheet if description.sheet is not None else names[0]
        if sheet_name not in names:
            raise description.error(
                "sheet",
                f"sheet {sheet_name!r} is not in {path.name}; its sheets: "
                + ", ".join(repr(name) for name in names),
            )
        try:  # calamine reads the sheet's part only now: its zip and XML errors come here
            cells = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except SourceFormatError:
            raise
        except Exception as exc:
            raise SourceFormatError(path, None, f"cannot read sheet {sheet_name!r} as XLSX: "
                                    f"{exc}") from None
    header_number = description.header_row or 1
    if header_number > len(cells):
        raise description.error(
            "header_row",
            f"header_row {header_number} is beyond the last row ({len(cells)}) of sheet "
            f"{sheet_name!r} in {path.name}",
        )
    headers = [_excel_text(cell).strip() for cell in cells[header_number - 1]]
    rows = [
        _Row(list(row), number)
        for number, row in enumerate(cells[header_number:], start=header_number + 1)
    ]
    reference = _sheet_reference(sheet_name)
    return _Grid(
        data_file=path,
        headers=headers,
        header_number=header_number,
        rows=rows,
        locate=lambda number, column: f"{reference}!{_column_letters(column)}{number}",
        header_where=f"sheet {sheet_name!r} row {header_number}",
        fixed_width=False,
    )


# --- cells ----------------------------------------------------------------------------------


def _is_blank(row: _Row) -> bool:
    return not any(_excel_text(cell).strip() for cell in row.cells)


def _filled(row: _Row) -> int:
    return sum(1 for cell in row.cells if _excel_text(cell).strip())


def _data_rows(rows: list[_Row]) -> list[_Row]:
    """Rows without blank ones and without a trailing notes block (see the module docstring)."""
    end = len(rows)
    for index in range(len(rows) - 1, -1, -1):
        if _is_blank(rows[index]):
            end = index  # the notes, if any, start after this blank row
        elif _filled(rows[index]) > 1:
            break
    return [row for row in rows[:end] if not _is_blank(row)]


def _column(description: TableDescription, grid: _Grid, key: str, header: str) -> int:
    positions = [index for index, name in enumerate(grid.headers) if name == header]
    if len(positions) == 1:
        return positions[0]
    if positions:
        raise description.error(
            key,
            f"{key}: column {header!r} appears {len(positions)} times in the header of "
            f"{grid.data_file.name} ({grid.header_where})",
        )
    present = [name for name in grid.headers if name]
    hint = next(
        (f"; did you mean {name!r}?" for name in present if name.casefold() == header.casefold()),
        "",
    )
    raise description.error(
        key,
        f"{key}: column {header!r} is not in the header of {grid.data_file.name} "
        f"({grid.header_where}), which has: {', '.join(repr(name) for name in present)}{hint}",
    )


def _value_columns(description: TableDescription, grid: _Grid) -> list[tuple[int, str | None]]:
    """The value columns and, for the wide layout, each one's period or indicator id."""
    if description.layout == "long":
        return [(_column(description, grid, "value", description.roles["value"].column), None)]
    role_columns = {role.column for role in description.roles.values() if role.column is not None}
    # The parts of a compound indicator and the columns a selection names are key columns too.
    role_columns |= {part for role in description.roles.values() if role.column is None
                     for part in role.parts}
    role_columns |= {*description.keep, *description.drop}
    if description.wide_columns is not None:
        indexes = [
            _column(description, grid, f"wide.columns.{header}", header)
            for header in description.wide_columns
        ]
    else:
        if description.wide_columns_from is not None:
            first = _column(description, grid, "wide.columns_from", description.wide_columns_from)
        else:  # pxweb_csv default: every column no role uses
            first = 0
        indexes = [
            index
            for index in range(first, len(grid.headers))
            if grid.headers[index] and grid.headers[index] not in role_columns
        ]
        _check_unnamed_columns(description, grid, first)
    for index in indexes:
        if grid.headers[index] in role_columns:
            raise description.error(
                "wide",
                f"wide: column {grid.headers[index]!r} is a value column and a key column",
            )
    if not indexes:
        raise description.error("wide", f"wide: {grid.data_file.name} has no value columns")

    period_tokens = (
        description.format == "pxweb_csv"
        and description.wide_role == "period"
        and not description.wide_column_keys
    )
    columns: list[tuple[int, str | None]] = []
    seen: dict[str, str] = {}
    for index in indexes:
        header = grid.headers[index]
        key = description.wide_column_keys.get(header, header)
        if period_tokens:
            match = _PERIOD_TOKEN.match(header)
            if match is None:
                raise description.error(
                    "wide",
                    f"column {header!r} of {grid.data_file.name} does not start with a year, "
                    "quarter or month; map the value columns to periods in wide.columns",
                )
            key = match[1]
        if (description.wide_role == "indicator" and description.indicators_complete
                and key not in description.indicators):
            raise description.error(
                "wide",
                f"wide: column {header!r} of {grid.data_file.name} is not an indicator id "
                f"listed under indicators ({', '.join(description.indicators)}); map headers "
                "to ids in wide.columns",
            )
        if key in seen:
            raise description.error(
                "wide",
                f"wide: columns {seen[key]!r} and {header!r} of {grid.data_file.name} both give "
                f"{description.wide_role} {key}; list the value columns in wide.columns",
            )
        seen[key] = header
        columns.append((index, key))
    return columns


def _check_unnamed_columns(description: TableDescription, grid: _Grid, first: int) -> None:
    """A value column without a header would be dropped silently: refuse it."""
    for index in range(first, len(grid.headers)):
        if grid.headers[index]:
            continue
        for row in _data_rows(grid.rows):
            if index < len(row.cells) and _excel_text(row.cells[index]).strip():
                raise SourceFormatError(
                    grid.data_file,
                    row.number,
                    f"{grid.locate(row.number, index)} has a value but its column has no "
                    f"header ({grid.header_where})",
                )


def _number_parser(description: TableDescription) -> Callable[[str], float | None]:
    decimal = re.escape(description.decimal)
    thousands = description.thousands
    if thousands:
        separator = f"[{_SPACES}]" if thousands in _SPACES else re.escape(thousands)
        integer = rf"(?:[0-9]{{1,3}}(?:{separator}[0-9]{{3}})+|[0-9]+)"
    else:
        separator, integer = "", "[0-9]+"
    pattern = re.compile(
        rf"[+\-\u2212]?(?:{integer}(?:{decimal}[0-9]*)?|{decimal}[0-9]+)(?:[eE][+-]?[0-9]+)?"
    )
    removed = re.compile(separator) if separator else None

    def parse(text: str) -> float | None:
        if not pattern.fullmatch(text):
            return None
        if removed is not None:
            text = removed.sub("", text)
        return float(text.replace(description.decimal, ".").replace("\u2212", "-"))

    return parse


def _cells(description: TableDescription, grid: _Grid) -> pd.DataFrame:
    rows = _data_rows(grid.rows)
    if grid.fixed_width:
        width = len(grid.headers)
        for row in rows:
            extra = any(cell.strip() for cell in row.cells[width:] if isinstance(cell, str))
            if len(row.cells) < width or extra:
                raise SourceFormatError(
                    grid.data_file,
                    row.number,
                    f"line {row.number} has {len(row.cells)} fields, the header "
                    f"({grid.header_where}) has {width}",
                )
    if not rows:
        raise SourceFormatError(
            grid.data_file,
            grid.header_number,
            f"no data rows below the header ({grid.header_where})",
        )

    value_columns = _value_columns(description, grid)
    parts = _heading_parts(description, grid, [column for column, _ in value_columns])

    def source(key: str, header: str) -> Source:
        if header in description.heading:
            return ("heading", header)
        return ("cell", _column(description, grid, key, header))

    key_sources: list[tuple[str, Source]] = []
    for name in KEY_ROLES:
        if name == description.wide_role:
            key_sources.append((name, ("wide", None)))  # from the value column's header
        elif (role := description.roles.get(name)) is not None:
            if role.column is not None:
                key_sources.append((name, source(name, role.column)))
            elif role.value is not None or name == "indicator":
                key_sources.append((name, ("const", role.value)))
            else:  # period: {columns: [Vuosi, Kuukausi]}, read together
                key_sources.append((name, ("join", [source(f"{name}.columns", part)
                                                    for part in role.parts])))

    # Columns read as written for table_cells: a compound indicator's parts, selections.
    indicator = description.roles.get("indicator")
    named = [*(indicator.parts if indicator and indicator.column is None else ()),
             *description.keep, *description.drop]
    for header in dict.fromkeys(named):
        key = ("indicator.columns" if indicator and header in indicator.parts
               else f"keep.{header}" if header in description.keep else f"drop.{header}")
        key_sources.append((f"column:{header}", source(key, header)))
    _check_heading_used(description, parts, {name for name, _ in key_sources}, key_sources)

    def read(where: Source, cells: list[Cell], position: int, wide_key: str | None) -> str | None:
        kind, ref = where
        if kind == "cell":
            return _excel_text(cells[ref]).strip()
        if kind == "heading":
            return parts[position][ref]
        if kind == "wide":
            return wide_key
        if kind == "join":
            return " ".join(read(part, cells, position, wide_key) or "" for part in ref).strip()
        return ref

    parse = _number_parser(description)
    missing = description.missing
    markers = sorted(description.markers.items(), key=lambda item: -len(item[0]))
    output: dict[str, list] = {name: [] for name, _ in key_sources}
    values: list[float] = []
    statuses: list[str] = []
    raws: list[str] = []
    locations: list[str] = []
    flags: list[str | None] = []
    for row in rows:
        for position, (column, wide_key) in enumerate(value_columns):
            for name, where in key_sources:
                output[name].append(read(where, row.cells, position, wide_key))
            value, status, raw = _parse_cell(row.cells[column], missing, parse)
            flag = None
            if status == STATUS_INVALID:
                value, status, flag = _marked_number(raw, markers, parse, value, status)
            values.append(value)
            statuses.append(status)
            raws.append(raw)
            locations.append(grid.locate(row.number, column))
            flags.append(flag)

    columns: dict[str, pd.Series] = {
        name: pd.Series(texts, dtype="str") for name, texts in output.items()
    }
    columns["value"] = pd.Series(np.asarray(values, dtype="float64"))
    columns["status"] = pd.Series(statuses, dtype="str")
    columns["raw"] = pd.Series(raws, dtype="str")
    columns["location"] = pd.Series(locations, dtype="str")
    columns["flag"] = pd.Series(flags, dtype="object")
    return pd.DataFrame(columns)


def _heading_parts(description: TableDescription, grid: _Grid, columns: list[int]
                   ) -> list[dict[str, str]]:
    """Each value column's header split into the description's `heading:` dimensions."""
    if not description.heading:
        return [{} for _ in columns]
    headers = [grid.headers[column] for column in columns]
    dimensions = split_headings(headers, len(description.heading))
    if dimensions is None:
        finest = split_headings(headers) or [headers]
        raise description.error(
            "heading", f"heading: the value columns' headers of {grid.data_file.name} "
            f"({headers[0]!r}, ...) do not split into {len(description.heading)} dimensions "
            f"({', '.join(description.heading)}); they split into {len(finest)}: "
            + "; ".join(" / ".join(members[:3]) + (" ..." if len(members) > 3 else "")
                        for members in finest))
    sizes = [len(members) for members in dimensions]
    parts = []
    for position in range(len(headers)):
        digits, rest = [], position
        for size in reversed(sizes):
            rest, digit = divmod(rest, size)
            digits.append(digit)
        parts.append({name: members[digit] for name, members, digit in
                      zip(description.heading, dimensions, reversed(digits), strict=True)})
    return parts


def _check_heading_used(description: TableDescription, parts: list[dict[str, str]],
                        names: set[str], key_sources: list) -> None:
    """A heading dimension with several members and no role would put two cells on a key."""
    read = {where[1] for _, where in key_sources if where[0] == "heading"}
    read |= {part[1] for _, where in key_sources if where[0] == "join" for part in where[1]
             if part[0] == "heading"}
    for name in description.heading:
        members = list(dict.fromkeys(part[name] for part in parts))
        if len(members) > 1 and name not in read:
            raise description.error(
                "heading", f"heading: {name!r} has {len(members)} members ({members[0]!r}, "
                f"{members[1]!r}, ...) and no role: name it in a role (period: {{column: "
                f"{name}}}), in the indicator (indicator: {{columns: [..., {name}]}}) or keep "
                f"one member (keep: {{{name}: [{members[0]}]}})")


def _marked_number(
    raw: str, markers: list[tuple[str, str]], parse: Callable[[str], float | None],
    value: float, status: str,
) -> tuple[float, str, str | None]:
    """A number followed by a publisher's marker (`12,3*`, `45 p`) -> (number, ok, flag)."""
    text = raw.strip()
    for marker, flag in markers:
        if marker and text.endswith(marker):
            number = parse(text[: -len(marker)].strip())
            if number is not None:
                return number, STATUS_OK, flag
    return value, status, None


def _parse_cell(
    cell: Cell, missing: dict[str, str], parse: Callable[[str], float | None]
) -> tuple[float, str, str]:
    """-> (value, status, raw). Numbers from Excel are kept as they are; text is parsed."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if math.isfinite(cell):
            return float(cell), STATUS_OK, _excel_text(cell)
        return math.nan, STATUS_INVALID, _excel_text(cell)
    if not isinstance(cell, str):  # bool, date, time, duration: not a value
        return math.nan, STATUS_INVALID, _excel_text(cell)
    text = cell.strip()
    if text in missing:
        status = missing[text]
        return (0.0 if status == STATUS_ZERO else math.nan), status, cell
    number = parse(text)
    if number is None:
        return math.nan, STATUS_INVALID, cell
    return number, STATUS_OK, cell
