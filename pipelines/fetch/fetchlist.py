"""The fetch list (raw/fetch.yaml): what to fetch from Sotkanet and from PxWeb services.

Checked like the table descriptions: an unknown key or a bad value raises SourceFormatError
naming the file and the YAML line. The format (every key not listed is an error)::

    sotkanet:
      folder: indicators/sotkanet   # optional; where regions.json, indicators.json and the
                                    # data files go (relative to the raw directory)
      indicators:
        - id: 186                   # Sotkanet indicator id
          years: all                # all (the indicator's range) | last 10 | 2000-2024 |
                                    # 2023 | [2019, 2021]
          sexes: [total]            # optional: male, female, total; default all it publishes
          region_categories: all    # all (default) | [KUNTA, HYVINVOINTIALUE, MAA ...]
          format: json              # json (default) | csv: the service's two exports
          file: sotkanet_186.json   # optional; default sotkanet_<id>.<format>

    pxweb:
      - api: v1                     # v1 | v2 (PxWeb API version; v2 needs
                                    # HYTEMART_PXWEB_V2_URL, there is no default)
        table: StatFin/vaerak/11ra.px   # v1: the table's path after the language, with the
                                    # short id (StatFin/11ra.px works too: one search more);
                                    # v2: the table id
        language: fi                # optional; default fi
        description: indicators/statfin/11ra_population_key_figures.yaml   # the table
                                    # description the payload is loaded with; the payload is
                                    # saved as its data file (data_file, else the same stem
                                    # + .json)
        selection:                  # per variable, by its code (not its name):
          alue_23_20260101: [KU049, KU091]   # codes; a trailing * matches by prefix (KU*)
          timeperiod_y: last 5      #   last N | first N | all
          contentscode: [vaerak-vaesto]      # a variable not named here is fetched whole

Values are taken as written (`049` stays "049"), as in the table descriptions.

Statistics Finland changed its PxWeb tables on 8 June 2026 (stat.fi, "Instructions for updating
interface queries for PxWeb databases"): table ids are short (`statfin_tyonv_pxt_12tg.px` ->
`12tg.px`; a long id answers 400), variables are selected by code (`timeperiod_y`,
`contentscode`, `alue_23_20260101` ...: read them from the table's metadata) and some content
values carry a prefix (`vaerak-vaesto`). A long id in the fetch list is refused here, naming
what it became; a variable's old name or a value without its prefix fails that table's fetch
with the code to write. The StatFin archive database (StatFin_Passiivi) kept its long ids.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.ingest.descriptions import DESCRIPTION_EXTENSIONS, _line, _Reader
from pipelines.ingest.errors import SourceFormatError

SEXES = ("male", "female", "total")
SOTKANET_FORMATS = ("json", "csv")
PXWEB_APIS = ("v1", "v2")
_YEAR_RANGE = re.compile(r"(\d{4})\s*-\s*(\d{4})")
_FIRST_LAST = re.compile(r"(last|first)\s+(\d+)")
_YEAR = re.compile(r"\d{4}")
_CATEGORY = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(json|csv)")
# Statistics Finland's long table ids before 8 June 2026: <database>_<subject>_pxt_<id>.px
_LONG_ID = re.compile(r"(?i)[a-z]+_[a-z0-9]+_pxt_([0-9a-z]+)(\.px)?")
_ARCHIVES = ("statfin_passiivi",)  # databases that kept their long ids


@dataclass(frozen=True)
class Years:
    """all | last N | an explicit list (a range is expanded)."""

    kind: str  # "all", "last", "list"
    count: int = 0
    years: tuple[int, ...] = ()

    def resolve(self, first: int | None, last: int | None) -> list[int]:
        if self.kind == "list":
            return list(self.years)
        if first is None or last is None:
            return []
        if self.kind == "last":
            return list(range(max(first, last - self.count + 1), last + 1))
        return list(range(first, last + 1))


@dataclass(frozen=True)
class Choice:
    """What to take of one PxWeb dimension: all, the first or last N, or codes."""

    kind: str  # "all", "last", "first", "codes"
    count: int = 0
    codes: tuple[str, ...] = ()

    def resolve(self, available: list[str]) -> list[str]:
        """The chosen codes in the table's order; a code the table lacks raises KeyError."""
        if self.kind == "all":
            return list(available)
        if self.kind == "last":
            return available[-self.count:]
        if self.kind == "first":
            return available[: self.count]
        chosen: set[str] = set()
        for code in self.codes:
            if code.endswith("*"):
                matches = [item for item in available if item.startswith(code[:-1])]
            else:
                matches = [code] if code in available else []
            if not matches:
                raise KeyError(code)
            chosen.update(matches)
        return [item for item in available if item in chosen]


@dataclass(frozen=True)
class SotkanetIndicator:
    id: int
    years: Years
    sexes: tuple[str, ...] | None  # None: every sex the indicator is published by
    region_categories: tuple[str, ...] | None  # None: all regions
    format: str
    file: str  # relative to the raw directory
    line: int


@dataclass(frozen=True)
class PxwebTable:
    api: str
    table: str
    language: str
    description: str  # relative to the raw directory
    file: str  # the payload, relative to the raw directory
    selection: dict[str, Choice]
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class FetchList:
    path: Path
    sotkanet_folder: str
    sotkanet: tuple[SotkanetIndicator, ...]
    pxweb: tuple[PxwebTable, ...]

    def error(self, line: int | None, message: str) -> SourceFormatError:
        return SourceFormatError(self.path, line, message)


def load_fetch_list(path: Path, raw_dir: Path) -> FetchList:
    """Read and check the fetch list; a missing file is an empty list."""
    path = Path(path)
    if not path.is_file():
        return FetchList(path, "indicators/sotkanet", (), ())
    try:
        root = yaml.compose(path.read_bytes().decode("utf-8-sig"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise SourceFormatError(path, None, "the fetch list must be UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SourceFormatError(path, mark.line + 1 if mark else None,
                                f"not valid YAML: {exc.problem or exc.context}") from None
    if root is None:
        return FetchList(path, "indicators/sotkanet", (), ())
    reader = _Reader(path)
    top = reader.mapping(root, "fetch list", frozenset({"sotkanet", "pxweb"}))
    folder, indicators = "indicators/sotkanet", ()
    if "sotkanet" in top:
        folder, indicators = _sotkanet(reader, top["sotkanet"][1], raw_dir)
    tables = _pxweb(reader, top["pxweb"][1], raw_dir) if "pxweb" in top else ()
    files = [item.file for item in indicators] + [table.file for table in tables]
    for item in [*indicators, *tables]:
        if files.count(item.file) > 1:
            raise SourceFormatError(path, item.line, f"{item.file} is the target of two entries")
    return FetchList(path, folder, indicators, tables)


def _sequence(reader: _Reader, node: yaml.Node, what: str) -> list[yaml.Node]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise reader.error(node, f"{what}: expected a list (lines starting with '- ')")
    return list(node.value)


def _texts(reader: _Reader, node: yaml.Node, what: str) -> list[str]:
    if isinstance(node, yaml.SequenceNode):
        return [reader.text(item, what).strip() for item in node.value]
    return [reader.text(node, what).strip()]


def _relative(reader: _Reader, node: yaml.Node, what: str, raw_dir: Path) -> str:
    text = reader.text(node, what).strip()
    candidate = Path(text)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise reader.error(node, f"{what}: {text!r} must be a path inside the raw directory")
    return candidate.as_posix()


def _sotkanet(reader: _Reader, node: yaml.Node, raw_dir: Path
              ) -> tuple[str, tuple[SotkanetIndicator, ...]]:
    entries = reader.mapping(node, "sotkanet", frozenset({"folder", "indicators"}))
    folder = "indicators/sotkanet"
    if "folder" in entries:
        folder = _relative(reader, entries["folder"][1], "sotkanet.folder", raw_dir)
    items = []
    seen: dict[int, int] = {}
    allowed = frozenset({"id", "years", "sexes", "region_categories", "format", "file"})
    for item_node in _sequence(reader, entries["indicators"][1], "sotkanet.indicators") \
            if "indicators" in entries else []:
        line = _line(item_node)
        item = reader.mapping(item_node, "sotkanet indicator", allowed)
        if "id" not in item:
            raise reader.error(item_node, "sotkanet indicator: id is missing")
        indicator_id = reader.integer(item["id"][1], "id", 1)
        if indicator_id in seen:
            raise reader.error(item["id"][1], f"indicator {indicator_id} is listed twice "
                               f"(first on line {seen[indicator_id]})")
        seen[indicator_id] = line
        years = _years(reader, item["years"][1]) if "years" in item else Years("all")
        sexes = None
        if "sexes" in item:
            sexes = tuple(_texts(reader, item["sexes"][1], "sexes"))
            bad = [sex for sex in sexes if sex not in SEXES]
            if bad or not sexes:
                raise reader.error(item["sexes"][1], f"sexes: {bad or sexes!r}: give some of "
                                   f"{', '.join(SEXES)}")
        categories = None
        if "region_categories" in item:
            written = _texts(reader, item["region_categories"][1], "region_categories")
            if written != ["all"]:
                bad = [text for text in written if not _CATEGORY.fullmatch(text)]
                if bad:
                    raise reader.error(item["region_categories"][1], "region_categories: "
                                       f"{bad[0]!r} is not a Sotkanet region category "
                                       "(KUNTA, HYVINVOINTIALUE, MAA ...) or all")
                categories = tuple(text.upper() for text in written)
        file_format = (reader.choice(item["format"][1], "format", SOTKANET_FORMATS)
                       if "format" in item else "json")
        name = f"sotkanet_{indicator_id}.{file_format}"
        if "file" in item:
            name = reader.text(item["file"][1], "file").strip()
            if not _FILE_NAME.fullmatch(name) or not name.endswith("." + file_format):
                raise reader.error(item["file"][1], f"file: {name!r} must be a plain file "
                                   f"name ending in .{file_format}")
            if name in ("regions.json", "indicators.json"):
                raise reader.error(item["file"][1], f"file: {name} is Sotkanet's metadata")
        items.append(SotkanetIndicator(indicator_id, years, sexes, categories, file_format,
                                       f"{folder}/{name}", line))
    return folder, tuple(items)


def _years(reader: _Reader, node: yaml.Node) -> Years:
    if isinstance(node, yaml.SequenceNode):
        years = [reader.integer(item, "years", 1749, 2999) for item in node.value]
        if not years:
            raise reader.error(node, "years: the list is empty")
        return Years("list", years=tuple(sorted(set(years))))
    text = (reader.scalar(node, "years") or "").strip().lower()
    if text == "all":
        return Years("all")
    match = _FIRST_LAST.fullmatch(text)
    if match and match.group(1) == "last" and int(match.group(2)) > 0:
        return Years("last", count=int(match.group(2)))
    if match := _YEAR_RANGE.fullmatch(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last:
            return Years("list", years=tuple(range(first, last + 1)))
    if _YEAR.fullmatch(text):
        return Years("list", years=(int(text),))
    raise reader.error(node, f"years: {text!r} is not all, last N, a year, a range "
                       "like 2000-2024 or a list of years")


def _choice(reader: _Reader, node: yaml.Node, what: str) -> Choice:
    if isinstance(node, yaml.SequenceNode):
        codes = tuple(reader.text(item, what).strip() for item in node.value)
        if not codes:
            raise reader.error(node, f"{what}: the list is empty")
        return Choice("codes", codes=codes)
    text = reader.text(node, what).strip()
    if text.lower() == "all":
        return Choice("all")
    if (match := _FIRST_LAST.fullmatch(text.lower())) and int(match.group(2)) > 0:
        return Choice(match.group(1), count=int(match.group(2)))
    if re.fullmatch(r"(last|first)\b.*", text.lower()):
        raise reader.error(node, f"{what}: {text!r}: write last N or first N with N above 0")
    return Choice("codes", codes=(text,))


def _pxweb(reader: _Reader, node: yaml.Node, raw_dir: Path) -> tuple[PxwebTable, ...]:
    allowed = frozenset({"api", "table", "language", "description", "selection"})
    tables = []
    for item_node in _sequence(reader, node, "pxweb"):
        line = _line(item_node)
        item = reader.mapping(item_node, "pxweb table", allowed)
        for required in ("api", "table", "description"):
            if required not in item:
                raise reader.error(item_node, f"pxweb table: {required} is missing")
        api = reader.choice(item["api"][1], "api", PXWEB_APIS)
        table = reader.text(item["table"][1], "table").strip().strip("/")
        if api == "v2" and not re.fullmatch(r"[A-Za-z0-9_.-]+", table):
            raise reader.error(item["table"][1], f"table: {table!r} is not a PxWeb v2 table id")
        if api == "v1" and (".." in table.split("/") or len(table.split("/")) < 2):
            raise reader.error(item["table"][1], f"table: {table!r}: give the path after "
                               "the language, e.g. StatFin/kuol/13u5.px")
        if (short := _short_id(api, table)) is not None:
            raise reader.error(item["table"][1], f"table: {table!r} is a long table id, "
                               "which Statistics Finland replaced on 8 June 2026 (a long id "
                               f"now answers HTTP 400): write {short!r}, and select the "
                               "variables by their codes (e.g. timeperiod_y, contentscode; "
                               "read them from the table's metadata)")
        language = "fi"
        if "language" in item:
            language = reader.text(item["language"][1], "language").strip()
            if not re.fullmatch(r"[a-z]{2}", language):
                raise reader.error(item["language"][1], f"language: {language!r} is not a "
                                   "two-letter code such as fi, sv or en")
        description_node = item["description"][1]
        description = _relative(reader, description_node, "description", raw_dir)
        if Path(description).suffix.lower() not in DESCRIPTION_EXTENSIONS:
            raise reader.error(description_node, f"description: {description!r} is not a "
                               ".yaml description")
        if not (raw_dir / description).is_file():
            raise reader.error(description_node, f"description: {description} is not a file "
                               f"in {raw_dir}; write the table description first")
        selection: dict[str, Choice] = {}
        lines: dict[str, int] = {}
        if "selection" in item:
            for code, (key_node, value_node) in reader.mapping(
                item["selection"][1], "selection", None
            ).items():
                selection[code] = _choice(reader, value_node, f"selection.{code}")
                lines[code] = _line(key_node)
        tables.append(PxwebTable(api, table, language, description,
                                 _payload_file(reader, raw_dir, description, description_node),
                                 selection, line, lines))
    return tuple(tables)


def _short_id(api: str, table: str) -> str | None:
    """What a long Statistics Finland table id became (`StatFin/tyonv/statfin_tyonv_pxt_
    12tg.px` -> `StatFin/tyonv/12tg.px`), or None when `table` is not one (or is in an archive
    database, which kept its long ids)."""
    parts = table.split("/")
    match = _LONG_ID.fullmatch(parts[-1])
    if match is None or (api == "v1" and parts[0].casefold() in _ARCHIVES):
        return None
    short = match.group(1) + (".px" if api == "v1" else "")
    return "/".join([*parts[:-1], short])


def _payload_file(reader: _Reader, raw_dir: Path, description: str, node: yaml.Node) -> str:
    """The description's data file: its data_file, else its stem + .json; must be JSON-stat."""
    try:
        content = yaml.safe_load((raw_dir / description).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise reader.error(node, f"description: {description} cannot be read: {exc}") from None
    content = content if isinstance(content, dict) else {}
    if content.get("format") not in (None, "jsonstat"):
        raise reader.error(node, f"description: {description} says format "
                           f"{content.get('format')}; fetched tables are JSON-stat "
                           "(format: jsonstat)")
    target = Path(description).parent / (content.get("data_file")
                                         or Path(description).stem + ".json")
    if target.suffix.lower() != ".json" or ".." in target.parts:
        raise reader.error(node, f"description: {description} names data_file {target.name}; "
                           "a fetched table is saved as .json beside its description")
    return target.as_posix()
