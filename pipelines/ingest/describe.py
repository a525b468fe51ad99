"""`hytemart describe FILE`: a starting description of a PX, JSON-stat, CSV or XLSX table.

It reads the file, lists every dimension (or column) with its members, guesses what each is
(area, period, sex, age group, language group by what its members look like; the rest part of
the indicator) and writes the YAML description the pipeline reads, with comments, so that the
analyst only confirms or edits a few lines. Plain functions; the console script is `main`.
"""

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.ingest.descriptions import FORMAT_BY_EXTENSION
from pipelines.ingest.labels import guess_unit, indicator_id, strip_marker
from pipelines.ingest.mapping import AreaIndex, map_age_group, map_member
from pipelines.ingest.periods import parse_period
from pipelines.settings import PROJECT_ROOT

SHOWN_MEMBERS = 12
REFERENCE = PROJECT_ROOT / "raw" / "reference" / "areas.csv"
_AGE_HINT = re.compile(r"ikä|ålder|alder|\bage\b|edad|alter|age group", re.IGNORECASE)
_LANGUAGE_HINT = re.compile(r"kieli|språk|language|sprog", re.IGNORECASE)
_AGE_LABEL = re.compile(r"\d+\s*(-|–|\+|years|vuotiaat|år|v\.|\b)", re.IGNORECASE)
_SOURCE_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Part:
    """A dimension of a cube, or a key column of a grid, as describe sees it."""

    name: str
    codes: list[str]
    labels: list[str]
    label: str | None = None  # the dimension's own label (JSON-stat)
    is_time: bool = False
    is_content: bool = False
    role: str | None = None
    values: dict[str, str] = field(default_factory=dict)  # members the mapper needs told
    note: str = ""


def _areas() -> AreaIndex:
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    return AreaIndex((row["area_code"], row["name_fi"], row["name_sv"], row["name_en"],
                      row["area_level"], row["region_code"], row["wellbeing_county_code"])
                     for row in rows)


def _is_period(text: str) -> bool:
    try:
        parse_period(strip_marker(text, {"*": "preliminary"})[0])
    except ValueError:
        return False
    return True


def guess_role(part: Part, areas: AreaIndex) -> str | None:
    """area / period / sex / age_group / language_group, or None (an indicator part)."""
    members = list(zip(part.codes, part.labels, strict=True))
    if part.is_content:
        return None
    if part.is_time or all(_is_period(code) for code in part.codes):
        return "period"

    def share(understood) -> float:
        return sum(1 for code, label in members if understood(code, label)) / len(members)

    if share(lambda code, label: areas.resolve_with_label(code, label).canonical) >= 0.5:
        return "area"
    names = f"{part.name} {part.label or ''}"
    if len(members) > 1 and share(lambda code, label: any(
            map_member("sex", text, {}).rule is None for text in (code, label))) == 1:
        return "sex"
    if _LANGUAGE_HINT.search(names) and share(lambda code, label: any(
            map_member("language_group", text, {}).rule is None for text in (code, label))) > 0:
        return "language_group"
    if _AGE_HINT.search(names) and share(lambda code, label: _AGE_LABEL.search(label)) > 0.5:
        return "age_group"
    return None


def _not_understood(role: str, code: str, label: str) -> bool:
    if role == "age_group":
        return all(map_age_group(text, {}).rule for text in (code, label))
    if role in ("sex", "language_group"):
        return all(map_member(role, text, {}).rule for text in (code, label))
    return False


# --- reading ----------------------------------------------------------------------------------


@dataclass
class Table:
    format: str
    parts: list[Part]
    title: str | None
    language: str | None
    source: str | None
    cells: int
    units: dict[str, str] = field(default_factory=dict)  # indicator part member -> unit guess
    reading: dict[str, str] = field(default_factory=dict)  # reading options for the YAML
    value_columns: list[str] = field(default_factory=list)
    wide_period: bool = False


def _cube(path: Path, table_format: str) -> Table:
    from pipelines.ingest.jsonstat import read_jsonstat
    from pipelines.ingest.px import read_px

    table = read_px(path) if table_format == "px" else read_jsonstat(path)
    main = table.languages[0]
    parts = [Part(d.name, list(d.codes), [" ".join(label.split()) for label in d.labels[main]],
                  label=d.label, is_time=d.is_time, is_content=d.is_content)
             for d in table.dimensions]
    units = {}
    for dimension in table.dimensions:
        for code, label in zip(dimension.codes, dimension.labels[main], strict=True):
            unit = guess_unit(dimension.units.get(code), label, table.units)
            if unit:
                units[f"{dimension.name}:{code}"] = unit
    text = " ".join([*table.title.values(), path.name]).casefold()
    return Table(table_format, parts, table.title.get(main),
                 main if main in ("fi", "sv", "en") else None,
                 "statfin" if "statfin" in text or "paavo" in text or "tilasto" in text
                 else None, len(table.cells), units)


def _grid(path: Path, table_format: str) -> Table:
    """CSV (plain or PxWeb) or the first sheet of an XLSX file: header and key columns."""
    if table_format == "xlsx":
        import python_calamine

        with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
            rows = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
        rows = [["" if cell is None else str(cell).strip() for cell in row] for row in rows]
        reading: dict[str, str] = {}
        encoding = None
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text = raw.decode("iso-8859-15")
            encoding = "iso-8859-15"
        first = text.splitlines()[0] if text else ""
        delimiter = max((";", ",", "\t"), key=first.count) if first.count(";") + first.count(
            ",") + first.count("\t") else ";"
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text),
                                                                      delimiter=delimiter)]
        reading = {"encoding": encoding}
    header_index = next(index for index, row in enumerate(rows) if sum(map(bool, row)) > 1)
    if table_format == "csv" and header_index > 0:
        table_format = "pxweb_csv"  # a title line above the header: a PxWeb export
        reading = {}  # the PxWeb CSV reader detects encoding and delimiter
    if table_format == "csv":
        reading["delimiter"] = delimiter
    header = rows[header_index]
    data = [row for row in rows[header_index + 1:] if any(row)]
    if table_format == "xlsx" and header_index:
        reading["header_row"] = str(header_index + 1)
    columns = {name: [row[index] if index < len(row) else "" for row in data]
               for index, name in enumerate(header) if name}
    numeric = re.compile(r"[-+]?[\d\s\u00a0]+([.,]\d+)?|\.{1,6}|-")
    parts, value_columns = [], []
    for name, cells in columns.items():
        if all(numeric.fullmatch(cell) or not cell for cell in cells):
            value_columns.append(name)
        else:
            members = list(dict.fromkeys(cell for cell in cells if cell))
            parts.append(Part(name, members, members))
    wide_period = bool(value_columns) and all(_is_period(re.split(r"\s", name)[0])
                                              for name in value_columns)
    title = rows[0][0] if header_index > 0 and rows[0] else None
    units = {f"{part.name}:{code}": unit for part in parts for code in part.codes
             if (unit := guess_unit(code))}
    cells = len(data) * max(len(value_columns), 1)
    return Table(table_format, parts, title, None, None, cells, units, reading,
                 value_columns, wide_period)


def read_table(path: Path) -> Table:
    table_format = FORMAT_BY_EXTENSION.get(path.suffix.lower())
    if table_format is None:
        raise SystemExit(f"{path}: not a .px, .json, .csv or .xlsx file")
    return _cube(path, table_format) if table_format in ("px", "jsonstat") else _grid(
        path, table_format)


# --- writing ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A YAML scalar as written: quoted unless plainly safe."""
    if re.fullmatch(r"[A-Za-zÅÄÖåäö_][\wÅÄÖåäö .()-]*", text) and not text.endswith(" ") \
            and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _members(part: Part) -> str:
    shown = [code if code == label else f"{code} = {label}"
             for code, label in zip(part.codes[:SHOWN_MEMBERS], part.labels, strict=False)]
    more = f", ... ({len(part.codes)} in all)" if len(part.codes) > SHOWN_MEMBERS else ""
    return "; ".join(shown) + more


def describe(path: Path, source: str | None = None) -> str:
    """The starting description of the table in `path`, as YAML text with comments."""
    table = read_table(path)
    areas = _areas()
    cube = table.format in ("px", "jsonstat")
    key = "dimension" if cube else "column"
    for part in table.parts:
        part.role = guess_role(part, areas)
    # One part per role: a second candidate becomes part of the indicator.
    taken: set[str] = set()
    for part in table.parts:
        if part.role in taken or (part.role == "period" and table.wide_period):
            part.role = None
        if part.role:
            taken.add(part.role)
        if part.role in ("sex", "age_group", "language_group"):
            part.values = {code: "?" for code, label in zip(part.codes, part.labels, strict=True)
                           if _not_understood(part.role, code, label)}
    # A cube's one-member dimensions need no role; a grid's text columns all name the measure
    # (a column no role reads is not read at all).
    indicator_parts = [part for part in table.parts if part.role is None
                       and (len(part.codes) > 1 or part.is_content or not cube)]

    source = source or table.source or _source_from_folder(path) or "other"
    lines = [
        f"# Written by `hytemart describe {path.name}`: check every line marked CHECK, then",
        "# delete this comment. Format: pipelines/ingest/descriptions.py; docs/adding-data.md.",
        f"# {table.cells} cells.",
        f"source: {source}" + ("" if table.source or source != "other"
                               else "  # CHECK: who publishes it (statfin, county, ngo, ...)"),
    ]
    if table.title:
        lines.append(f"title: {_quote(table.title)}")
    lines.append(f"format: {table.format}")
    if table.language:
        lines.append(f"language: {table.language}             # the labels' language (names)")
    elif cube:
        lines.append("language: fi  # CHECK: the language of the labels (fi, sv or en)")
    for option, value in table.reading.items():
        lines.append(f"{option}: {_quote(value) if option != 'header_row' else value}")
    lines.append("")
    lines.append(f"# Every {key} of the file, its members (code = label), what it was taken for.")
    for part in table.parts:
        what = part.role or ("part of the indicator" if part in indicator_parts
                             else "one member: needs no role")
        lines.append(f"#  {part.name}{f' ({part.label})' if part.label else ''}: {what}")
        lines.append(f"#    {_members(part)}")
    if table.value_columns:
        lines.append(f"#  value columns: {', '.join(table.value_columns)}")
    lines.append("")

    def role_line(role: str) -> None:
        part = next((part for part in table.parts if part.role == role), None)
        if part is None:
            return
        line = f"{role}: {{{key}: {_quote(part.name)}"
        if part.values:
            mapped = ", ".join(f"{_quote(code)}: \"?\"" for code in part.values)
            line += f", values: {{{mapped}}}}}  # CHECK: say what each member is"
        else:
            line += "}"
        lines.append(line)

    role_line("area")
    if not any(part.role == "area" for part in table.parts):
        lines.append("area: {value: SSS}  # CHECK: no area found; SSS is the whole country")
    if table.wide_period:
        lines.append("# the value columns are periods (wide layout)")
    else:
        role_line("period")
        if not any(part.role == "period" for part in table.parts):
            lines.append('period: {value: "2024"}  # CHECK: no period found')
    for role in ("sex", "age_group", "language_group"):
        role_line(role)
    if len(indicator_parts) > 1:
        names = ", ".join(_quote(part.name) for part in indicator_parts)
        lines.append(f"indicator: {{{key}s: [{names}]}}  # ids join the members' codes with '.'")
    elif indicator_parts:
        lines.append(f"indicator: {{{key}: {_quote(indicator_parts[0].name)}}}")
    else:
        lines.append(f"indicator: {{value: {indicator_id(path.stem)}}}")
    if not cube and not table.wide_period:
        if len(table.value_columns) == 1:
            lines.append(f"value: {{column: {_quote(table.value_columns[0])}}}")
        else:
            lines.append("layout: wide  # CHECK: one value column per period or indicator")
            lines.append(f"wide: {{role: period, columns_from: {_quote(table.value_columns[0])}}}"
                         if table.value_columns else "")
    lines.append("")
    lines.append("# Names, units and decimals come from the file; override any of them here:")
    lines.append("# indicators:")
    if indicator_parts:
        first = [list(zip(part.codes, part.labels, strict=True)) for part in indicator_parts]
        for index in range(min(5, len(first[-1]))):
            members = [items[0] for items in first[:-1]] + [first[-1][index]]
            unit = next((table.units[f"{part.name}:{code}"] for part, (code, _) in
                         zip(indicator_parts, members, strict=True)
                         if f"{part.name}:{code}" in table.units), "other")
            name = ", ".join(label for _, label in members)
            lines.append(f"#   {indicator_id(*(code for code, _ in members))}: "
                         f"{{name_fi: {_quote(name)}, unit: {unit}}}")
    return "\n".join(lines) + "\n"


def _source_from_folder(path: Path) -> str | None:
    folder = path.resolve().parent.name
    return folder if _SOURCE_RE.fullmatch(folder) and folder not in ("tmp", "raw") else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hytemart", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "describe", help="write a starting YAML description of a PX, JSON-stat, CSV or XLSX file")
    command.add_argument("file", type=Path)
    command.add_argument("-o", "--output", help="where to write it (default: the file's name "
                         "with .yaml, beside it; '-' for standard output)")
    command.add_argument("--source", help="the source name for indicator codes (statfin, ...)")
    command.add_argument("--force", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file} is not a file")
    text = describe(args.file, args.source)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    output = Path(args.output) if args.output else args.file.with_suffix(".yaml")
    if output.exists() and not args.force:
        parser.error(f"{output} exists; give --force to overwrite it or -o another name")
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}: check the lines marked CHECK, then run the build", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
