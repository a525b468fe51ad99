"""Table descriptions: a small YAML file beside a data file that says how to read the table.

Analysts add a county, NGO or hand-downloaded table without code: they drop the data file and a
description with the same stem next to it (`school_survey_2023.csv` + `school_survey_2023.yaml`).
This module reads and checks the description; `described_tables.read_described_table` reads the
data file as it says. A description that does not fit raises `SourceFormatError` naming the
description's path and YAML line (or, for problems in the data itself, the data file and line).

The format (every key not listed here is an error)::

    source: county       # required; [a-z][a-z0-9_]*; indicator codes become <source>:<indicator id>
    title: Kouluterveyskysely 2023, Espoo     # optional, free text
    format: csv          # csv | xlsx | pxweb_csv | px | jsonstat; default from the data file's
                         # extension: .csv -> csv, .xlsx -> xlsx, .px -> px, .json -> jsonstat
    data_file: x.csv     # optional, relative to the description; default: the one file with the
                         # description's stem and a data extension (.csv .xlsx .px .json, or the
                         # extension of `format` when given)

    # Reading options. csv and pxweb_csv: encoding, delimiter, header_row, decimal, thousands,
    # missing. xlsx: sheet, header_row, decimal, thousands, missing. px, jsonstat: none.
    encoding: utf-8      # utf-8 (default; a BOM is accepted) | utf-8-sig | latin-1 | cp1252 |
                         # iso-8859-15 (aliases Python knows, e.g. iso-8859-1, are accepted)
    delimiter: ";"       # one character; default ";"
    sheet: Taulukko1     # default: the first sheet
    header_row: 1        # 1-based line (CSV) or row (XLSX) of the header; rows above are ignored
    decimal: ","         # "." (default) or ","
    thousands: " "       # "" (default: none), " ", "\u00a0", "." or ","; a space separator also
                         # removes no-break and narrow no-break spaces; grouping must be by three
    missing:             # marker as written (compared with the stripped cell) -> status;
      "..": not_applicable   # statuses: missing, not_applicable, confidential, not_available,
      "x": confidential      # not_asked, empty, zero (value 0.0). Default {"": missing}; an
      "-": zero              # empty cell is "missing" unless the map gives "" another status
    layout: long         # long (one value column) | wide (one value column per period/indicator)
    heading: [Sukupuoli, Vuosi, Tiedot]   # csv, pxweb_csv, xlsx: the dimensions each value
                         # column's header joins, in order (PxWeb's column variables: `Naiset
                         # 2020 Väestö 31.12.`); each becomes a column the roles, keep and drop
                         # can name; the layout is wide, every cell one value (pipelines/ingest/
                         # headings.py splits the headers)

    # Roles: where each part of a value's key comes from. Each is {column: <header>} (px,
    # jsonstat: {dimension: <name or id>}) or {value: <constant>}, with an optional
    # `values: {<as written>: <canonical>}` (a member's code or label -> what the mapper reads;
    # applied to every role by pipelines.ingest.table_cells). A dimension with one member
    # needs no role.
    area:           {column: Alue}          # required
    period:         {column: Vuosi}         # required unless wide by period; or several
                                            # columns read together: {columns: [Vuosi,
                                            # Kuukausi]} ("2022* januari" is 2022M01)
    sex:            {column: Sukupuoli, values: {Pojat: male, Tytöt: female, Kaikki: total}}
    age_group:      {value: "14-16"}        # optional, like sex and language_group
    language_group: {column: Kieli}
    indicator:      {value: lonely}         # required unless wide by indicator; or one column or
                                            # dimension, or several together:
                                            # {dimensions: [Toiminto, Tiedot]} / {columns: [...]}
                                            # (ids join the members' codes with '.')
    value:          {column: Osuus}         # long layout only (and then required)
    keep: {Tiedot: [vaesto]}                # optional: members (code or label) to keep, or
    drop: {Alue: [SSS]}                     # to drop; the other cells count as filtered
    markers: {"*": preliminary}             # optional (this is the default): a publisher's
                                            # marker after a period or value -> the mart's flag
                                            # (preliminary, revised, estimate, forecast,
                                            # break_in_series, low_reliability)
    language: fi                            # the labels' language (fi, sv, en); default: the
                                            # file's (PX LANGUAGE, JSON-stat px.language), else fi
    wide:                                   # wide layout only (and then required)
      role: period       # period | indicator: what the value columns' headers say
      columns: ["2021", "2022"]     # the value columns; or a mapping header -> period or
                                    # indicator id, e.g. {"Yksinäisyys, %": lonely}
      # columns_from: "2021"        # instead of columns: this header and every column right of it
    indicators:          # optional. PX/JSON-stat: names, units, decimals come from the file;
                         # entries override them. CSV/XLSX: without it every member is an
                         # indicator named by its text; with it, it is the complete list
                         # (other members are quarantined as unknown_indicator).
      lonely: {name_fi: Yksinäisyyttä kokevat, name_sv: ..., name_en: Feel lonely,
               unit: percent, decimals: 1, additive: false, direction: lower}
      # every field optional; units: percent (a share, 0-100), percent_change and
      # percentage_point (any sign), per_1000, per_100000, count, index, euro, other (the
      # default); decimals 0-10; additive defaults to true for count, else false; direction
      # (higher, lower, neither: which way is better, for the welfare reports' comparisons;
      # raw/report/indicators.yaml overrides it).

`pxweb_csv` (a table downloaded by hand from a PxWeb interface) changes some defaults: the
encoding is detected (a BOM or valid UTF-8 means UTF-8, else ISO-8859-15), the delimiter is the
one of `;` `,` tab that splits the header line into most fields, the header is the first
non-blank line that splits into more than one field (title lines above it are skipped; set
header_row if the title is not quoted), `missing` is the PX symbol table (`.` `..` `...` to
`......`, `-`), and the layout is wide by period over every column no role uses, the period being
the leading year/quarter/month token of each header (`2021 Väestö` -> `2021`, also `2021Q1`,
`2021K1`, `2021M01`); `wide.columns` as a mapping names the period itself.

Values in the YAML are taken as written (`049` stays "049", `yes` stays "yes"), not as YAML 1.1
numbers or booleans, so codes and labels survive.
"""

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.px import STATUS_BY_SYMBOL
from pipelines.ingest.raw_paths import escape_error

FORMATS = ("csv", "xlsx", "pxweb_csv", "px", "jsonstat")
GRID_FORMATS = frozenset({"csv", "xlsx", "pxweb_csv"})  # read by read_described_table
CUBE_FORMATS = frozenset({"px", "jsonstat"})  # roles name dimensions, not columns
FORMAT_BY_EXTENSION = {".csv": "csv", ".xlsx": "xlsx", ".px": "px", ".json": "jsonstat"}
EXTENSIONS_BY_FORMAT = {
    "csv": (".csv",),
    "pxweb_csv": (".csv",),
    "xlsx": (".xlsx",),
    "px": (".px",),
    "jsonstat": (".json",),
}
DESCRIPTION_EXTENSIONS = (".yaml", ".yml")
# percent is a share (0-100); percent_change (a change in percent) and percentage_point (a
# difference of shares) may be negative; pipelines/ingest/labels.py guesses them from labels.
UNITS = ("percent", "percent_change", "percentage_point", "per_1000", "per_100000", "count",
         "index", "euro", "other")
DIRECTIONS = ("higher", "lower", "neither")
# Python codec name -> the name the format documents.
ENCODINGS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "iso8859-1": "latin-1",
    "cp1252": "cp1252",
    "iso8859-15": "iso-8859-15",
}
MARKER_STATUSES = tuple(dict.fromkeys(STATUS_BY_SYMBOL.values()))
DEFAULT_MISSING = {"": "missing"}
PXWEB_MISSING = {"": "missing", **STATUS_BY_SYMBOL}
DECIMALS = (".", ",")
THOUSANDS = ("", " ", "\u00a0", ".", ",")
LAYOUTS = ("long", "wide")
WIDE_ROLES = ("period", "indicator")
KEY_ROLES = ("area", "period", "sex", "age_group", "language_group", "indicator")
ROLES = (*KEY_ROLES, "value")
LANGUAGES = ("fi", "sv", "en")
# What a publisher's marker on a period or a value says (`2024Q1*`, `12.3 p`, a JSON-stat
# status `e`); kept in the mart's `flag` column.
FLAGS = ("preliminary", "revised", "estimate", "forecast", "break_in_series", "low_reliability")
DEFAULT_MARKERS = {"*": "preliminary"}

_READING_OPTIONS: dict[str, frozenset[str]] = {
    "csv": frozenset({"encoding", "delimiter", "header_row", "decimal", "thousands", "missing"}),
    "pxweb_csv": frozenset(
        {"encoding", "delimiter", "header_row", "decimal", "thousands", "missing"}
    ),
    "xlsx": frozenset({"sheet", "header_row", "decimal", "thousands", "missing"}),
    "px": frozenset(),
    "jsonstat": frozenset(),
}
_ALL_READING_OPTIONS = frozenset().union(*_READING_OPTIONS.values())
_TOP_KEYS = frozenset(
    {"source", "title", "format", "data_file", "layout", "wide", "heading", "indicators", "keep",
     "drop", "markers", "language", *ROLES}
    | _ALL_READING_OPTIONS
)
_SOURCE_RE = re.compile(r"[a-z][a-z0-9_]*")
_INDICATOR_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_INT_RE = re.compile(r"[+-]?[0-9]+")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


@dataclass(frozen=True)
class Role:
    """Where one part of a value's key comes from: a column, a dimension or a constant.

    A compound indicator (`indicator: {dimensions: [Toiminto, Tiedot]}`) has several parts and
    neither `column` nor `dimension`; a plain role's `parts` is its one column or dimension.
    """

    column: str | None
    dimension: str | None
    value: str | None
    values: dict[str, str]  # as written -> canonical; applied by the mapper, not the reader
    parts: tuple[str, ...] = ()  # the columns or dimensions the role is read from


@dataclass(frozen=True)
class IndicatorMeta:
    """An indicator's names and unit. From a description every field but id may be None
    (not given: the file's own metadata or the defaults apply)."""

    id: str
    name_fi: str | None
    name_sv: str | None
    name_en: str | None
    unit: str | None
    decimals: int | None
    additive: bool | None
    direction: str | None = None  # desirable direction: higher, lower or neither


@dataclass(frozen=True)
class TableDescription:
    """One checked description. None in a reading option means "not used" or "detect"."""

    path: Path
    source: str
    title: str | None
    format: str
    data_file: Path
    encoding: str | None  # Python codec name; None for xlsx/px/jsonstat and detected pxweb_csv
    delimiter: str | None  # None for xlsx/px/jsonstat and detected pxweb_csv
    sheet: str | None  # xlsx; None means the first sheet
    header_row: int | None  # None for px/jsonstat and detected pxweb_csv
    decimal: str
    thousands: str  # "" for none
    missing: dict[str, str]
    layout: str | None  # None for px/jsonstat
    roles: dict[str, Role]  # only the roles the description gives, in ROLES order
    wide_role: str | None
    wide_columns: tuple[str, ...] | None
    wide_columns_from: str | None
    indicators: dict[str, IndicatorMeta]
    # wide.columns given as a mapping: header -> the period or indicator id it holds.
    wide_column_keys: dict[str, str] = field(default_factory=dict)
    # CSV/XLSX: `indicators:` given, so it is the complete list of the table's indicators.
    indicators_complete: bool = False
    # Members to keep / drop, by dimension or column: rows of the others are counted as filtered.
    keep: dict[str, tuple[str, ...]] = field(default_factory=dict)
    drop: dict[str, tuple[str, ...]] = field(default_factory=dict)
    markers: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_MARKERS))
    language: str | None = None  # the labels' language; None: the file's own, else fi
    # Grids: the dimensions joined in each value column's header (PxWeb), in order.
    heading: tuple[str, ...] = ()
    # YAML line of each key ("area", "wide.columns", "indicators.lonely", ...) for messages.
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def line(self, key: str) -> int | None:
        """The description line of `key`, else of its top-level key, else None."""
        return self.lines.get(key, self.lines.get(key.split(".")[0]))

    def error(self, key: str | None, message: str) -> SourceFormatError:
        return SourceFormatError(self.path, self.line(key) if key else None, message)


@dataclass(frozen=True)
class DescribedTables:
    """What a folder holds: loaded descriptions, data files nobody describes, broken ones."""

    descriptions: list[TableDescription]
    undescribed: list[Path]
    errors: list[SourceFormatError]


# --- YAML nodes -----------------------------------------------------------------------------
# The description is composed, not loaded, so that every value keeps its line and its text as
# written (YAML 1.1 would turn `049` into a number and `no` into False).

_Entries = dict[str, tuple[yaml.Node, yaml.Node]]  # key -> (key node, value node)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[str, int] = {}

    def error(self, node: yaml.Node | None, message: str) -> SourceFormatError:
        return SourceFormatError(self.path, _line(node) if node is not None else None, message)

    def mapping(self, node: yaml.Node, what: str, allowed: frozenset[str] | None) -> _Entries:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what}: expected a mapping (key: value lines)")
        entries: _Entries = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, f"{what}: a key must be plain text")
            key = key_node.value
            if key in entries:
                raise self.error(key_node, f"{what}: key {key!r} is given twice")
            if allowed is not None and key not in allowed:
                raise self.error(
                    key_node,
                    f"{what}: unknown key {key!r}; allowed: {', '.join(sorted(allowed))}",
                )
            entries[key] = (key_node, value_node)
        return entries

    def scalar(self, node: yaml.Node, what: str) -> str | None:
        """The text as written; None for an empty or null value."""
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what}: expected a single value, not a list or mapping")
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value

    def text(self, node: yaml.Node, what: str) -> str:
        value = self.scalar(node, what)
        if value is None or not value.strip():
            raise self.error(node, f"{what}: must not be empty")
        return value

    def choice(self, node: yaml.Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.scalar(node, what)
        if value not in choices:
            shown = ", ".join(repr(choice) for choice in choices)
            raise self.error(node, f"{what}: {value!r} is not one of {shown}")
        return value

    def integer(self, node: yaml.Node, what: str, low: int, high: int | None = None) -> int:
        value = self.scalar(node, what)
        if value is None or not _INT_RE.fullmatch(value.strip()):
            raise self.error(node, f"{what}: expected a whole number, got {value!r}")
        number = int(value)
        if number < low or (high is not None and number > high):
            limits = f"at least {low}" if high is None else f"{low} to {high}"
            raise self.error(node, f"{what}: {number} is out of range ({limits})")
        return number

    def boolean(self, node: yaml.Node, what: str) -> bool:
        value = (self.scalar(node, what) or "").strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise self.error(node, f"{what}: expected true or false, got {value!r}")

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, str, yaml.Node]]:
        """A mapping of texts as written to non-empty texts, with each key's node."""
        return [
            (key, self.text(value_node, f"{what}: {key!r}"), key_node)
            for key, (key_node, value_node) in self.mapping(node, what, None).items()
        ]

    def text_map(self, node: yaml.Node, what: str) -> dict[str, str]:
        return {key: value for key, value, _ in self.pairs(node, what)}


# --- loading --------------------------------------------------------------------------------


def load_description(path: Path, folder: Path | None = None) -> TableDescription:
    """Read and check one description; the data file must exist (its content is not read)
    and lie inside `folder` (default: the description's own), symbolic links resolved."""
    path = Path(path)
    try:
        text = limits.read_bytes(path, limits.MAX_TEXT_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(path, None, "a description must be UTF-8 text") from exc
    root = limits.parse_yaml(path, text)
    if root is None:
        raise SourceFormatError(path, None, "the description is empty")

    _refuse_unconfirmed(path, text)
    reader = _Reader(path)
    top = reader.mapping(root, "description", _TOP_KEYS)
    for key, (key_node, _) in top.items():
        reader.lines[key] = _line(key_node)

    def node(key: str) -> yaml.Node | None:
        return top[key][1] if key in top else None

    def require(key: str, why: str = "") -> yaml.Node:
        if key not in top:
            raise reader.error(None, f"required key {key!r} is missing{why}")
        return top[key][1]

    source = reader.text(require("source"), "source").strip()
    if not _SOURCE_RE.fullmatch(source):
        raise reader.error(
            node("source"), f"source: {source!r} must match [a-z][a-z0-9_]* (e.g. county, ngo)"
        )
    title_node = node("title")
    title = reader.scalar(title_node, "title") if title_node is not None else None

    table_format, data_file = _format_and_data_file(reader, path, node("format"), node("data_file"))
    written = data_file.name if node("data_file") is None else str(node("data_file").value)
    if (escape := escape_error(data_file, folder or path.parent, written)) is not None:
        raise reader.error(node("data_file"), f"data_file: {escape.message}")
    options = _reading_options(reader, table_format, top)

    # Layout and wide.
    layout: str | None = None
    if table_format in CUBE_FORMATS:
        for key in ("layout", "wide", "value"):
            if key in top:
                raise reader.error(
                    top[key][0],
                    f"{key}: not used with format {table_format} (its cells are already one "
                    "value each, keyed by dimensions)",
                )
    else:
        default_layout = "wide" if table_format == "pxweb_csv" or "heading" in top else "long"
        layout_node = node("layout")
        layout = (
            reader.choice(layout_node, "layout", LAYOUTS)
            if layout_node is not None
            else default_layout
        )
    heading: tuple[str, ...] = ()
    if "heading" in top:
        if table_format in CUBE_FORMATS:
            raise reader.error(top["heading"][0], f"heading: not used with format {table_format}"
                               " (its dimensions are named in the file)")
        if layout != "wide":
            raise reader.error(top["heading"][0], "heading: the value columns' headers join "
                               "dimensions only in the wide layout; remove layout: long")
        heading = _names(reader, node("heading"), "heading")
    wide_role, wide_columns, wide_columns_from, wide_keys = _wide(
        reader, node("wide"), layout, table_format, bool(heading)
    )

    roles = _roles(reader, top, table_format)
    indicators = _indicators(reader, node("indicators")) if "indicators" in top else {}
    complete = "indicators" in top and table_format in GRID_FORMATS
    keep = _selection(reader, node("keep"), "keep") if "keep" in top else {}
    drop = _selection(reader, node("drop"), "drop") if "drop" in top else {}
    for name in keep.keys() & drop.keys():
        raise reader.error(node("drop"), f"drop: {name!r} is also under keep; give one of them")
    markers = dict(DEFAULT_MARKERS)
    if "markers" in top:
        markers = {}
        for marker, flag, key_node in reader.pairs(node("markers"), "markers"):
            if flag not in FLAGS:
                raise reader.error(key_node, f"markers: {flag!r} for {marker!r} is not one of "
                                   f"{', '.join(FLAGS)}")
            markers[marker.strip()] = flag
    language = (reader.choice(node("language"), "language", LANGUAGES)
                if "language" in top else None)

    # Which roles must be there, which must not.
    required_roles = ["area"]
    if wide_role != "period":
        required_roles.append("period")
    if wide_role != "indicator":
        required_roles.append("indicator")
    if layout == "long":
        required_roles.append("value")
    for role in required_roles:
        if role not in roles:
            why = ""
            if role == "period":
                why = " (or make the table wide by period)"
            elif role == "value":
                why = " (long layout: name the column holding the values)"
            raise reader.error(None, f"required key {role!r} is missing{why}")
    if wide_role is not None and wide_role in roles:
        raise reader.error(
            top[wide_role][0],
            f"{wide_role}: remove it; with wide.role {wide_role} the {wide_role} comes from the "
            "value columns' headers",
        )
    if layout == "wide" and "value" in roles:
        raise reader.error(
            top["value"][0],
            "value: not used in the wide layout (the values are in the wide columns); "
            "use layout: long for one value column",
        )

    # In CSV/XLSX, a listed set of indicators is the complete one.
    indicator_role = roles.get("indicator")
    if complete and indicator_role is not None:
        if indicator_role.value is not None and indicator_role.value not in indicators:
            raise reader.error(
                node("indicator"),
                f"indicator: {indicator_role.value!r} is not listed under indicators "
                f"({', '.join(indicators)})",
            )
        for written, canonical in indicator_role.values.items():
            if canonical not in indicators:
                raise reader.error(
                    node("indicator"),
                    f"indicator: values maps {written!r} to {canonical!r}, which is not listed "
                    f"under indicators ({', '.join(indicators)})",
                )
    if wide_role == "indicator" and complete:
        ids = list(wide_keys.values()) if wide_keys else list(wide_columns or ())
        for indicator_id in ids:
            if indicator_id not in indicators:
                raise reader.error(
                    node("wide"),
                    f"wide.columns: indicator {indicator_id!r} is not listed under indicators "
                    f"({', '.join(indicators)})",
                )

    # A value column cannot also be a key column.
    role_columns = {role.column: name for name, role in roles.items() if role.column is not None}
    for header in (*(wide_columns or ()), *([wide_columns_from] if wide_columns_from else [])):
        if header in role_columns:
            raise reader.error(
                node("wide"),
                f"wide: column {header!r} is also the {role_columns[header]} column",
            )

    return TableDescription(
        path=path,
        source=source,
        title=title,
        format=table_format,
        data_file=data_file,
        encoding=options["encoding"],
        delimiter=options["delimiter"],
        sheet=options["sheet"],
        header_row=options["header_row"],
        decimal=options["decimal"],
        thousands=options["thousands"],
        missing=options["missing"],
        layout=layout,
        roles=roles,
        wide_role=wide_role,
        wide_columns=wide_columns,
        wide_columns_from=wide_columns_from,
        indicators=indicators,
        wide_column_keys=wide_keys,
        indicators_complete=complete,
        keep=keep,
        drop=drop,
        markers=markers,
        language=language,
        heading=heading,
        lines=reader.lines,
    )


# A comment `# CHECK: ...` marks a guess `hytemart describe` could not confirm.
_CHECK_MARK = re.compile(r"(?:^|\s)#\s*CHECK\b:?\s*(?P<why>.*)$")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')


def _refuse_unconfirmed(path: Path, text: str) -> None:
    """A description with a guess nobody confirmed is not loaded: its file would land where
    the guess says (a district table as the whole country). Names the line to decide."""
    for number, line in enumerate(text.splitlines(), start=1):
        if (mark := _CHECK_MARK.search(_QUOTED.sub('""', line))) is None:
            continue
        setting = line[: line.index("#", mark.start())].strip() or "this line"
        raise SourceFormatError(
            path, number, f"{setting!r} is a guess `hytemart describe` could not confirm "
            f"({mark['why'].strip() or 'CHECK'}): decide it, then delete the CHECK mark")


def _format_and_data_file(
    reader: _Reader, path: Path, format_node: yaml.Node | None, data_node: yaml.Node | None
) -> tuple[str, Path]:
    table_format = (
        reader.choice(format_node, "format", FORMATS) if format_node is not None else None
    )
    if data_node is not None:
        written = reader.text(data_node, "data_file").strip()
        data_file = path.parent / written
        if not data_file.is_file():
            raise reader.error(data_node, f"data_file: {written!r} is not a file in {path.parent}")
        extension = data_file.suffix.lower()
        if table_format is None:
            if extension not in FORMAT_BY_EXTENSION:
                raise reader.error(
                    data_node,
                    f"data_file: cannot tell the format of {written!r} from its extension; "
                    f"add format: ({', '.join(FORMATS)})",
                )
            table_format = FORMAT_BY_EXTENSION[extension]
        elif extension not in EXTENSIONS_BY_FORMAT[table_format]:
            raise reader.error(
                format_node,
                f"format: {table_format} expects a {'/'.join(EXTENSIONS_BY_FORMAT[table_format])}"
                f" file, but data_file is {written!r}",
            )
        return table_format, data_file

    extensions = EXTENSIONS_BY_FORMAT[table_format] if table_format else tuple(FORMAT_BY_EXTENSION)
    candidates = sorted(
        candidate
        for candidate in path.parent.iterdir()
        if candidate.is_file()
        and candidate.stem == path.stem
        and candidate.suffix.lower() in extensions
    )
    if not candidates:
        raise reader.error(
            None,
            f"no data file {path.stem}{'/'.join(extensions)} beside the description; "
            "name the data file like the description or set data_file",
        )
    if len(candidates) > 1:
        names = ", ".join(candidate.name for candidate in candidates)
        raise reader.error(
            None, f"several data files match the description ({names}); set data_file or format"
        )
    data_file = candidates[0]
    return table_format or FORMAT_BY_EXTENSION[data_file.suffix.lower()], data_file


def _reading_options(reader: _Reader, table_format: str, top: _Entries) -> dict[str, Any]:
    allowed = _READING_OPTIONS[table_format]
    for key in _ALL_READING_OPTIONS & top.keys():
        if key not in allowed:
            users = [name for name, keys in _READING_OPTIONS.items() if key in keys]
            raise reader.error(
                top[key][0],
                f"{key}: applies to format {' and '.join(users)}, not {table_format}",
            )

    def node(key: str) -> yaml.Node | None:
        return top[key][1] if key in top else None

    grid = table_format in GRID_FORMATS
    pxweb = table_format == "pxweb_csv"
    options: dict[str, Any] = {
        "encoding": "utf-8" if table_format == "csv" else None,
        "delimiter": ";" if table_format == "csv" else None,
        "sheet": None,
        "header_row": 1 if table_format in ("csv", "xlsx") else None,
        "decimal": ".",
        "thousands": "",
        "missing": dict(PXWEB_MISSING if pxweb else DEFAULT_MISSING) if grid else {},
    }
    if (encoding_node := node("encoding")) is not None:
        written = reader.text(encoding_node, "encoding").strip()
        try:
            codec = codecs.lookup(written).name
        except LookupError:
            codec = None
        if codec not in ENCODINGS:
            raise reader.error(
                encoding_node,
                f"encoding: {written!r} is not one of {', '.join(ENCODINGS.values())}",
            )
        options["encoding"] = codec
    if (delimiter_node := node("delimiter")) is not None:
        delimiter = reader.scalar(delimiter_node, "delimiter") or ""
        if len(delimiter) != 1 or delimiter in '"\r\n' or delimiter.isalnum():
            raise reader.error(
                delimiter_node, f"delimiter: {delimiter!r} must be one character like ';' or ','"
            )
        options["delimiter"] = delimiter
    if (sheet_node := node("sheet")) is not None:
        options["sheet"] = reader.text(sheet_node, "sheet")
    if (header_node := node("header_row")) is not None:
        options["header_row"] = reader.integer(header_node, "header_row", 1)
    if (decimal_node := node("decimal")) is not None:
        options["decimal"] = reader.choice(decimal_node, "decimal", DECIMALS)
    if (thousands_node := node("thousands")) is not None:
        thousands = reader.scalar(thousands_node, "thousands") or ""
        if thousands not in THOUSANDS:
            shown = ", ".join(repr(choice) for choice in THOUSANDS)
            raise reader.error(thousands_node, f"thousands: {thousands!r} is not one of {shown}")
        if thousands == options["decimal"]:
            raise reader.error(
                thousands_node, f"thousands: {thousands!r} is also the decimal separator"
            )
        options["thousands"] = thousands
    if (missing_node := node("missing")) is not None:
        missing: dict[str, str] = {}
        for marker, status, key_node in reader.pairs(missing_node, "missing"):
            if status not in MARKER_STATUSES:
                raise reader.error(
                    key_node,
                    f"missing: status {status!r} for {marker!r} is not one of "
                    f"{', '.join(MARKER_STATUSES)}",
                )
            if marker.strip() in missing:
                raise reader.error(key_node, f"missing: marker {marker.strip()!r} given twice")
            missing[marker.strip()] = status
        missing.setdefault("", "missing")
        options["missing"] = missing
    return options


def _wide(
    reader: _Reader, node: yaml.Node | None, layout: str | None, table_format: str,
    heading: bool = False,
) -> tuple[str | None, tuple[str, ...] | None, str | None, dict[str, str]]:
    """wide: -> (role, columns, columns_from, header -> key when columns is a mapping)."""
    pxweb = table_format == "pxweb_csv"
    if layout != "wide":
        if node is not None:
            raise reader.error(node, "wide: given but layout is long; set layout: wide")
        return None, None, None, {}
    if node is None:
        if pxweb or heading:
            return ("period" if not heading else None), None, None, {}
        raise reader.error(
            None, "layout is wide but the description has no wide: (role and columns)"
        )
    entries = reader.mapping(node, "wide", frozenset({"role", "columns", "columns_from"}))
    for key, (key_node, _) in entries.items():
        reader.lines[f"wide.{key}"] = _line(key_node)
    if heading:
        if "role" in entries:
            raise reader.error(entries["role"][0], "wide.role: not with heading: the parts of "
                               "the value columns' headers are columns the roles name")
        if "columns" in entries and not isinstance(entries["columns"][1], yaml.SequenceNode):
            raise reader.error(entries["columns"][1], "wide.columns: with heading, a list of "
                               "the value columns' headers")
        role = None
    elif "role" in entries:
        role = reader.choice(entries["role"][1], "wide.role", WIDE_ROLES)
    elif pxweb:
        role = "period"
    else:
        raise reader.error(node, "wide: role is missing (period or indicator)")
    if "columns" in entries and "columns_from" in entries:
        raise reader.error(node, "wide: give columns or columns_from, not both")
    if "columns_from" in entries:
        return role, None, reader.text(entries["columns_from"][1], "wide.columns_from"), {}
    if "columns" not in entries:
        if pxweb:
            return role, None, None, {}
        raise reader.error(node, "wide: columns or columns_from is missing")
    columns_node = entries["columns"][1]
    keys: dict[str, str] = {}
    if isinstance(columns_node, yaml.MappingNode):
        for header, key, key_node in reader.pairs(columns_node, "wide.columns"):
            if not header.strip():
                raise reader.error(key_node, "wide.columns: a header must not be empty")
            if header.strip() in keys:
                raise reader.error(key_node, f"wide.columns: {header.strip()!r} is listed twice")
            keys[header.strip()] = key.strip()
            reader.lines[f"wide.columns.{header.strip()}"] = _line(key_node)
        columns = tuple(keys)
    elif isinstance(columns_node, yaml.SequenceNode):
        columns = tuple(reader.text(item, "wide.columns").strip() for item in columns_node.value)
        for item in columns_node.value:
            reader.lines.setdefault(f"wide.columns.{item.value.strip()}", _line(item))
    else:
        raise reader.error(columns_node, "wide.columns: expected a list of headers or a mapping")
    if not columns:
        raise reader.error(columns_node, "wide.columns: must list at least one column")
    duplicated = sorted({column for column in columns if columns.count(column) > 1})
    if duplicated:
        raise reader.error(columns_node, f"wide.columns: {duplicated[0]!r} is listed twice")
    if keys and len(set(keys.values())) < len(keys):
        key = next(key for key in keys.values() if list(keys.values()).count(key) > 1)
        raise reader.error(columns_node, f"wide.columns: two columns give {role} {key!r}")
    return role, columns, None, keys


def _roles(reader: _Reader, top: _Entries, table_format: str) -> dict[str, Role]:
    cube = table_format in CUBE_FORMATS
    source_key = "dimension" if cube else "column"
    roles: dict[str, Role] = {}
    for name in ROLES:
        if name not in top:
            continue
        key_node, node = top[name]
        compound_key = f"{source_key}s"  # columns / dimensions: a compound indicator
        compound = name == "indicator" or (name == "period" and not cube)
        sources = (source_key, compound_key, "value") if compound else (source_key, "value")
        allowed = (
            frozenset({source_key})
            if name == "value"
            else frozenset({*sources, "values"})
        )
        if not isinstance(node, yaml.MappingNode):
            example = "{column: Osuus}" if name == "value" else "{column: <header>} or {value: ...}"
            raise reader.error(node, f"{name}: expected a mapping like {example}")
        entries = reader.mapping(node, name, allowed)
        given = [key for key in sources if key in entries]
        if len(given) != 1:
            raise reader.error(
                key_node,
                f"{name}: give exactly one of "
                + (source_key if name == "value" else " or ".join(sources)),
            )
        reader.lines[name] = _line(entries[given[0]][1])
        if given[0] == compound_key:
            parts = _names(reader, entries[compound_key][1], f"{name}.{compound_key}")
            text = None
        else:
            text = reader.text(entries[given[0]][1], f"{name}.{given[0]}").strip()
            parts = (text,) if given[0] != "value" else ()
        values = (
            reader.text_map(entries["values"][1], f"{name}.values") if "values" in entries else {}
        )
        roles[name] = Role(
            column=text if given[0] == "column" else None,
            dimension=text if given[0] == "dimension" else None,
            value=text if given[0] == "value" else None,
            values={written.strip(): canonical.strip() for written, canonical in values.items()},
            parts=parts,
        )
    used: dict[str, str] = {}
    for name, role in roles.items():
        for part in role.parts:
            if part in used:
                raise reader.error(top[name][1], f"{name}: {part!r} is also the {used[part]} "
                                   f"{source_key}")
            used[part] = name
    return roles


def _names(reader: _Reader, node: yaml.Node, what: str) -> tuple[str, ...]:
    """A non-empty list of distinct texts (a flow list or one item per line)."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise reader.error(node, f"{what}: expected a list like [Toiminto, Tiedot]")
    names = tuple(reader.text(item, what).strip() for item in node.value)
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise reader.error(node, f"{what}: {repeated[0]!r} is listed twice")
    return names


def _selection(reader: _Reader, node: yaml.Node, what: str) -> dict[str, tuple[str, ...]]:
    """keep: / drop: {<dimension or column>: [<member code or label>, ...]}."""
    selection: dict[str, tuple[str, ...]] = {}
    for name, (key_node, value_node) in reader.mapping(node, what, None).items():
        reader.lines[f"{what}.{name}"] = _line(key_node)
        if isinstance(value_node, yaml.ScalarNode):  # one member: keep: {Tiedot: vaesto}
            selection[name.strip()] = (reader.text(value_node, f"{what}.{name}").strip(),)
        else:
            selection[name.strip()] = _names(reader, value_node, f"{what}.{name}")
    return selection


def _indicators(reader: _Reader, node: yaml.Node) -> dict[str, IndicatorMeta]:
    entries = reader.mapping(node, "indicators", None)
    if not entries:
        raise reader.error(node, "indicators: list at least one indicator")
    allowed = frozenset({"name_fi", "name_sv", "name_en", "unit", "decimals", "additive",
                         "direction"})
    indicators: dict[str, IndicatorMeta] = {}
    for indicator_id, (key_node, meta_node) in entries.items():
        what = f"indicators.{indicator_id}"
        reader.lines[what] = _line(key_node)
        if not _INDICATOR_ID_RE.fullmatch(indicator_id):
            raise reader.error(
                key_node,
                f"indicators: id {indicator_id!r} must be letters, digits, '_', '.' or '-'",
            )
        meta = reader.mapping(meta_node, what, allowed)
        unit = reader.choice(meta["unit"][1], f"{what}.unit", UNITS) if "unit" in meta else None

        def optional_text(key: str, meta: _Entries = meta, what: str = what) -> str | None:
            if key not in meta:
                return None
            value = reader.scalar(meta[key][1], f"{what}.{key}")
            return value.strip() if value and value.strip() else None

        indicators[indicator_id] = IndicatorMeta(
            id=indicator_id,
            name_fi=optional_text("name_fi"),
            name_sv=optional_text("name_sv"),
            name_en=optional_text("name_en"),
            unit=unit,
            decimals=(
                reader.integer(meta["decimals"][1], f"{what}.decimals", 0, 10)
                if "decimals" in meta
                else None
            ),
            additive=(
                reader.boolean(meta["additive"][1], f"{what}.additive")
                if "additive" in meta
                else None
            ),
            direction=(reader.choice(meta["direction"][1], f"{what}.direction", DIRECTIONS)
                       if "direction" in meta else None),
        )
    return indicators


# --- finding --------------------------------------------------------------------------------


def _ignored(path: Path, folder: Path) -> bool:
    """Hidden files and folders, and Excel's lock files (~$name.xlsx) are nobody's data."""
    parts = path.relative_to(folder).parts
    return any(part.startswith(".") for part in parts) or path.name.startswith("~$")


def scan_described_tables(folder: Path) -> DescribedTables:
    """Every description under `folder` (recursively), data files none describes, and the
    errors of descriptions that do not load (their same-stem data files count as described,
    since the error already reports them)."""
    folder = Path(folder)
    if not folder.is_dir():
        return DescribedTables([], [], [])
    files = sorted(
        path for path in folder.rglob("*") if path.is_file() and not _ignored(path, folder)
    )
    descriptions: list[TableDescription] = []
    errors: list[SourceFormatError] = []
    claimed: dict[Path, Path] = {}  # data file -> description
    for path in files:
        if path.suffix.lower() not in DESCRIPTION_EXTENSIONS:
            continue
        try:
            if (escape := escape_error(path, folder)) is not None:
                raise escape
            description = load_description(path, folder)
        except SourceFormatError as exc:
            errors.append(exc)
            for sibling in files:
                if (
                    sibling.parent == path.parent
                    and sibling.stem == path.stem
                    and sibling.suffix.lower() in FORMAT_BY_EXTENSION
                ):
                    claimed.setdefault(sibling.resolve(), path)
            continue
        data_file = description.data_file.resolve()
        if data_file in claimed:
            errors.append(
                description.error(
                    "data_file",
                    f"{description.data_file.name} is already described by {claimed[data_file]}",
                )
            )
            continue
        claimed[data_file] = path
        descriptions.append(description)
    undescribed = [
        path
        for path in files
        if path.suffix.lower() in FORMAT_BY_EXTENSION and path.resolve() not in claimed
    ]
    return DescribedTables(descriptions, undescribed, errors)


def find_described_tables(folder: Path) -> tuple[list[TableDescription], list[Path]]:
    """Descriptions under `folder` and the data files without one; the first broken
    description raises (use scan_described_tables to collect them all instead)."""
    scan = scan_described_tables(folder)
    if scan.errors:
        raise scan.errors[0]
    return scan.descriptions, scan.undescribed
