"""What `hytemart describe` sees in a file: its dimensions or key columns with their members,
its value columns and the dimensions their headers join, how to read it.

- PX and JSON-stat: the dimensions as the readers give them (pipelines/ingest/px.py,
  jsonstat.py), with each measure's unit.
- CSV, PxWeb CSV and XLSX: the header (title lines above it skipped), key columns (text, or
  quoted in a PxWeb download, or a time column: `"Vuosi"` holding `"1945"`), value columns
  (unquoted numbers and the PX symbols), and the dimensions PxWeb joined into the value
  columns' headers (pipelines/ingest/headings.py). A PxWeb download is a CSV whose header is
  quoted or has a title line above it; THL's cube exports end in a `val` column.

Everything here is for proposing a description; the readers check the file for real.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.headings import split_headings
from pipelines.ingest.labels import guess_unit

_NUMBER = re.compile(r"[-+\u2212]?(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,]\d+)?\*?")
_SYMBOL = re.compile(r"\.{1,6}|-|–")
_TIME_HEADER = re.compile(
    r"^(?:vuosi|vuodet|år|year|years|aika|tid|time|kausi|period|ajanjakso|kuukausi|månad|"
    r"month|viikko|vecka|week|neljännes|vuosineljännes|kvartal|quarter|päivä|dag|day|date|"
    r"päivämäärä|datum|tilastovuosi|statistikår)$", re.IGNORECASE)
# THL's cube exports name their value column so.
THL_VALUE = "val"
_VALUE_HEADER = re.compile(r"^(?:val|value|values|arvo|arvot|värde|luku|määrä|osuus|andel|"
                           r"share|n|lkm|antal)$", re.IGNORECASE)
# StatFin's PxWeb titles begin with the table's id: "12ah -- Kuolleet kuukausittain, ...".
_STATFIN_TITLE = re.compile(r"^[0-9a-z]{3,5} -- ")


@dataclass
class Part:
    """A dimension of a cube, a key column of a grid, or a dimension of the value columns'
    headers (`kind` heading), as describe sees it."""

    name: str
    codes: list[str]
    labels: list[str]
    kind: str = "column"  # column | heading | dimension
    label: str | None = None  # the dimension's own label (JSON-stat)
    is_time: bool = False
    is_content: bool = False
    role: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # members the mapper needs told
    totals: list[str] = field(default_factory=list)  # a cube's total members: dropped
    note: str = ""


@dataclass
class Sketch:
    format: str
    parts: list[Part]
    title: str | None
    language: str | None
    source: str | None
    cells: int
    units: dict[str, str] = field(default_factory=dict)  # part:member -> unit guess
    reading: dict[str, str] = field(default_factory=dict)  # reading options for the YAML
    value_columns: list[str] = field(default_factory=list)
    long_value: str | None = None  # the one value column of a long table
    notes: list[str] = field(default_factory=list)  # what describe could not make out


def read_sketch(path: Path, table_format: str) -> Sketch:
    if table_format in ("px", "jsonstat"):
        return _cube(path, table_format)
    return _grid(path, table_format)


def _cube(path: Path, table_format: str) -> Sketch:
    from pipelines.ingest.jsonstat import read_jsonstat
    from pipelines.ingest.px import read_px

    table = read_px(path) if table_format == "px" else read_jsonstat(path)
    main = table.languages[0]
    parts = [Part(d.name, list(d.codes), [" ".join(label.split()) for label in d.labels[main]],
                  kind="dimension", label=d.label, is_time=d.is_time, is_content=d.is_content)
             for d in table.dimensions]
    units = {}
    for dimension in table.dimensions:
        for code, label in zip(dimension.codes, dimension.labels[main], strict=True):
            unit = guess_unit(dimension.units.get(code), label, table.units)
            if unit:
                units[f"{dimension.name}:{code}"] = unit
    text = " ".join([*table.title.values(), path.name]).casefold()
    source = "statfin" if "statfin" in text or "paavo" in text or "tilasto" in text else None
    title = " ".join(table.title[main].split()) if main in table.title else None
    return Sketch(table_format, parts, title,
                  main if main in ("fi", "sv", "en") else None, source, len(table.cells), units)


# --- grids ----------------------------------------------------------------------------------

def _fields(line: str, delimiter: str) -> list[tuple[str, bool]]:
    """One CSV line's fields with whether each was quoted (a PxWeb stub member is)."""
    fields: list[tuple[str, bool]] = []
    position, length = 0, len(line)
    while True:
        while position < length and line[position] == " ":
            position += 1
        if position < length and line[position] == '"':
            close, text = position + 1, []
            while close < length:
                if line[close] == '"':
                    if line[close + 1:close + 2] == '"':
                        text.append('"')
                        close += 2
                        continue
                    break
                text.append(line[close])
                close += 1
            end = line.find(delimiter, close + 1)
            stop = length if end < 0 else end
            fields.append(("".join(text) + line[close + 1:stop].strip(), True))
        else:
            end = line.find(delimiter, position)
            fields.append((line[position:length if end < 0 else end].strip(), False))
        if end < 0:
            return fields
        position = end + 1


def _delimiter(lines: list[str]) -> str | None:
    """The delimiter of the first line that splits into several fields (quotes respected, so
    a quoted title with a comma in it splits into one)."""
    for line in lines[:50]:
        counts = {delimiter: len(_fields(line, delimiter)) for delimiter in (";", ",", "\t")}
        best = max(counts, key=counts.get)
        if counts[best] > 1:
            return best
    return None


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _xlsx_rows(path: Path) -> list[list[tuple[str, bool]]]:
    import python_calamine

    limits.check_xlsx_package(path)
    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    except Exception as exc:  # calamine raises its own, zip and XML errors
        raise SourceFormatError(path, None, f"cannot read as XLSX: {exc}") from None
    return [[("" if cell is None else _cell_text(cell), isinstance(cell, str)) for cell in row]
            for row in rows]


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _grid(path: Path, table_format: str) -> Sketch:
    reading: dict[str, str] = {}
    if table_format == "xlsx":
        rows = _xlsx_rows(path)
        delimiter = ""
    else:
        text, encoding = _decode(limits.read_bytes(path))
        lines = text.splitlines()
        limits.check_line_lengths(path, lines)
        delimiter = _delimiter(lines)
        if delimiter is None:
            raise SourceFormatError(path, None, "no line splits into fields by ';', ',' or tab")
        rows = [_fields(line, delimiter) for line in lines]
        reading = {"encoding": encoding, "delimiter": delimiter}
    header_index = next((index for index, row in enumerate(rows)
                         if sum(1 for text, _ in row if text) > 1), None)
    if header_index is None:
        raise SourceFormatError(path, None, "no header: no row has two fields or more")
    header = [text for text, _ in rows[header_index]]
    title = rows[0][0][0] if header_index > 0 and rows[0] and rows[0][0][0] else None
    pxweb = table_format == "csv" and (header_index > 0 or all(
        quoted for text, quoted in rows[header_index] if text))
    if pxweb:
        table_format = "pxweb_csv"
        reading = {}  # the PxWeb reader detects encoding and delimiter
    elif table_format == "xlsx" and header_index:
        reading["header_row"] = str(header_index + 1)
    data = _data_rows(rows[header_index + 1:])
    if not data:
        raise SourceFormatError(path, header_index + 1, "no data rows below the header")
    columns = {name: [row[index] if index < len(row) else ("", False) for row in data]
               for index, name in enumerate(header) if name}
    parts, value_columns = [], []
    for name, cells in columns.items():
        if _is_value_column(name, cells, pxweb):
            value_columns.append(name)
        else:
            members = list(dict.fromkeys(text for text, _ in cells if text))
            parts.append(Part(name, members, members))
    if not pxweb and table_format == "csv":
        numbers = [text for name in value_columns for text, _ in columns[name] if text]
        if delimiter != "," and any(re.search(r"\d,\d", text) for text in numbers):
            reading["decimal"] = ","
        if any(re.search(r"\d[ \u00a0]\d{3}\b", text) for text in numbers):
            reading["thousands"] = " "
    sketch = Sketch(table_format, parts, title, None, None,
                    len(data) * max(len(value_columns), 1), {}, reading, value_columns)
    if title and _STATFIN_TITLE.match(title):
        sketch.source = "statfin"
    if (len(value_columns) == 1 and not pxweb and _VALUE_HEADER.match(value_columns[0])) or (
            value_columns == [THL_VALUE]):
        sketch.long_value = value_columns[0]
        if value_columns[0] == THL_VALUE and delimiter == ";" and header[-1] == THL_VALUE:
            sketch.source = "thl"  # THL's cube export: `Alue;Aika;val`
    elif value_columns:
        sketch.parts.extend(_heading_parts(value_columns, {part.name for part in parts}))
    sketch.units = {f"{part.name}:{code}": unit for part in sketch.parts for code in part.codes
                    if (unit := guess_unit(code))}
    return sketch


def _data_rows(rows: list[list[tuple[str, bool]]]) -> list[list[tuple[str, bool]]]:
    """Rows with a value, without a block of notes at the end (one field a line after a
    blank line: "Lähde: THL")."""
    end = len(rows)
    for index in range(len(rows) - 1, -1, -1):
        filled = sum(1 for text, _ in rows[index] if text)
        if filled == 0:
            end = index
        elif filled > 1:
            break
    return [row for row in rows[:end] if any(text for text, _ in row)]


def _is_value_column(name: str, cells: list[tuple[str, bool]], pxweb: bool) -> bool:
    """Unquoted numbers or symbols; never a time column (`Vuosi`: 2023) or, in a PxWeb
    download, a quoted one (stub members are quoted, values are not)."""
    filled = [(text, quoted) for text, quoted in cells if text]
    if _TIME_HEADER.match(name.strip()):
        return False
    if pxweb and filled and all(quoted for _, quoted in filled):
        return False
    return all(_NUMBER.fullmatch(text) or _SYMBOL.fullmatch(text) for text, _ in filled)


def _heading_parts(value_columns: list[str], taken: set[str]) -> list[Part]:
    """The dimensions the value columns' headers join, named `heading 1`, `heading 2`, ...
    until describe knows what each is."""
    dimensions = split_headings(value_columns) or [value_columns]
    parts = []
    for number, members in enumerate(dimensions, start=1):
        name = f"heading {number}"
        while name in taken:
            name += "'"
        parts.append(Part(name, members, members, kind="heading"))
    return parts
