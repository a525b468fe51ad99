"""Statistics Finland PX (PC-Axis) files read into a canonical long table.

A small parser of our own rather than `pyaxis` (0.4.3, the maintained PX reader on PyPI), which
was tried on the two real Statistics Finland files and lacks what this pipeline needs:

- it ignores CODEPAGE: the caller must name the encoding (UTF-8 on these ISO-8859-15 files
  raises UnicodeDecodeError), and the Windows-1252 byte 0x92 that tyonv_12r5 carries despite
  its ISO-8859-15 label comes out as the control character U+0092 ("Finland\\x92s");
- it keeps DATA as text and only knows `"."` (-> "") and `".."` (-> NaN) by regex: `"..."`
  stays the literal string `"..."` (61 such cells in tyonv_12r5), `....` to `......` and `-`
  pass through untouched, and there is no status column to tell a symbol from a number;
- its cells carry VALUES labels of one language, not CODES; other languages go into a
  "translation" dict that assumes each `KEY[sv]` line follows its `KEY` line, so on
  tyonv_12r5 (all [sv] lines in one block) VARIABLE-TYPE(Alue) gets the Swedish SUBJECT-AREA;
- TIMEVAL and ELIMINATION are not interpreted, and a short DATA block surfaces as a bare pandas
  length error naming no file;
- it pulls in requests and pyjstat, calls logging.basicConfig() on import and prints
  "Multilingual PX file" to stdout.

Format notes this parser relies on (PX-file format specification 2013 and the real files):
DATA is in stub-then-heading order, row-major (last HEADING dimension varies fastest); values
are separated by whitespace (commas tolerated) and may be quoted; the missing-value symbols
`.` to `......` and `-` are data, kept as a status: what the table's own NOTE or a descriptive
DATASYMBOL keyword says a symbol means, else its generic meaning (pipelines/ingest/symbols.py);
the raw token is kept beside the status.
KEYS (sparse DATA lines) is not handled; a file using it is refused with a clear error.
"""

import bisect
import codecs
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.symbols import symbol_meanings

# PX missing-value symbols -> cell status. The same table serves JSON-stat `status` symbols.
STATUS_BY_SYMBOL: dict[str, str] = {
    ".": "missing",
    "..": "not_applicable",
    "...": "confidential",
    "....": "not_available",
    ".....": "not_asked",
    "......": "empty",
    "-": "zero",
}
STATUS_OK = "ok"
STATUS_ZERO = "zero"
STATUSES: tuple[str, ...] = (STATUS_OK, *STATUS_BY_SYMBOL.values())
CELL_COLUMNS = ("value", "status", "raw")

# Undetermined language (BCP 47), for files that name none.
UNKNOWN_LANGUAGE = "und"


@dataclass(frozen=True)
class Dimension:
    name: str  # the dimension name in the table's main language (PX) or its id (JSON-stat)
    codes: list[str]
    labels: dict[str, list[str]]  # language -> labels in code order
    is_time: bool
    elimination: str | None  # code of the total category if ELIMINATION says so
    is_content: bool = False  # PX CONTVARIABLE / JSON-stat role.metric
    units: dict[str, str] = field(default_factory=dict)  # content code -> unit (main language)
    decimals: dict[str, int] = field(default_factory=dict)  # code -> PX PRECISION / JSON-stat
    label: str | None = None  # the dimension's own label where it differs from its name


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames with == is not a bool
class StatTable:
    source_file: str
    title: dict[str, str]  # language -> title
    languages: list[str]  # main language first
    dimensions: list[Dimension]  # in data order
    units: str | None  # table-level unit; per-measure units are on the content dimension
    decimals: int | None
    # One row per cell: one column per dimension (codes, named Dimension.name), then
    # value (float64; NaN unless status is ok or zero), status (str, see STATUSES), raw (str).
    cells: pd.DataFrame

    def dimension(self, name: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.name == name:
                return dimension
        raise KeyError(name)


def build_cells(
    path: Path | str,
    dimensions: Sequence[Dimension],
    values: np.ndarray,
    statuses: Sequence[str],
    raws: Sequence[str],
) -> pd.DataFrame:
    """Lay row-major cells (last dimension fastest) out as one row per cell with code columns."""
    names = [dimension.name for dimension in dimensions]
    clashes = sorted(set(names) & set(CELL_COLUMNS))
    if clashes:
        raise SourceFormatError(path, None, f"dimension name(s) {clashes} clash with cell columns")
    sizes = [len(dimension.codes) for dimension in dimensions]
    count = math.prod(sizes)
    positions = np.arange(count)
    columns: dict[str, pd.Series] = {}
    stride = count
    for dimension, size in zip(dimensions, sizes, strict=True):
        stride //= size
        codes = np.asarray(dimension.codes, dtype=object)
        columns[dimension.name] = pd.Series(codes[(positions // stride) % size], dtype="str")
    columns["value"] = pd.Series(np.asarray(values, dtype="float64"))
    columns["status"] = pd.Series(np.asarray(statuses, dtype=object), dtype="str")
    columns["raw"] = pd.Series(np.asarray(raws, dtype=object), dtype="str")
    return pd.DataFrame(columns)


# --- decoding -----------------------------------------------------------------------------

_CODEPAGE_RE = re.compile(rb'^[ \t]*CODEPAGE[ \t]*=[ \t]*"([^"\r\n]*)"', re.MULTILINE | re.I)
_C1_CONTROLS = re.compile("[\x80-\x9f]")
PX_DEFAULT_CODEPAGE = "iso-8859-1"  # what the PX specification assumes without CODEPAGE


def _cp1252_char(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match[0])]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252 too
        return match[0]


def _decode(path: Path, raw: bytes) -> str:
    """Bytes -> text, trusting CODEPAGE unless the bytes clearly say otherwise.

    - A UTF-8 BOM, or CODEPAGE naming UTF-8, means UTF-8; invalid bytes are an error.
    - Bytes that are valid, non-ASCII UTF-8 are UTF-8 even if CODEPAGE names a single-byte
      code page: Latin text essentially never forms valid multi-byte sequences by accident,
      while PX files re-saved as UTF-8 often keep their old CODEPAGE line.
    - Otherwise the declared code page (ISO-8859-1 if none). ISO-8859-x has only control
      characters at 0x80-0x9F; PX tools write Windows "ANSI" there (real tyonv_12r5 has 0x92
      for a right quote), so those bytes are read as Windows-1252.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return _decode_utf8(path, raw[len(codecs.BOM_UTF8) :], "a UTF-8 byte order mark")
    match = _CODEPAGE_RE.search(raw)
    declared = match[1].decode("ascii", "replace").strip() if match else PX_DEFAULT_CODEPAGE
    unknown = SourceFormatError(
        path,
        raw.count(b"\n", 0, match.start()) + 1 if match else None,
        f"encoding: unknown CODEPAGE {declared!r}",
    )
    try:
        info = codecs.lookup(declared)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise unknown from None
    # codecs also knows bytes-to-bytes transforms (base64, hex...) that are no text encoding.
    if not getattr(info, "_is_text_encoding", True):
        raise unknown
    codec = info.name
    if codec == "utf-8":
        return _decode_utf8(path, raw, f"CODEPAGE {declared!r}")
    if not raw.isascii():
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            path, line, f"encoding: byte 0x{raw[exc.start]:02x} is not valid {declared}"
        ) from None
    if codec.startswith("iso8859") or codec == "latin-1":
        text = _C1_CONTROLS.sub(_cp1252_char, text)
    return text


def _decode_utf8(path: Path, raw: bytes, why: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            path,
            line,
            f"encoding: {why} says UTF-8 but byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start} is not valid UTF-8",
        ) from None


# --- header -------------------------------------------------------------------------------

# KEYWORD[lang]("sub1","sub2")=  -- subkeys are quoted and may contain parentheses.
_KEYWORD_RE = re.compile(
    r"(?P<kw>[A-Za-z][A-Za-z0-9_-]*)"
    r"(?:\[(?P<lang>[A-Za-z0-9_-]+)\])?"
    r'(?:\((?P<sub>\s*"[^"\n]*"(?:\s*,\s*"[^"\n]*")*\s*)\))?'
    r"\s*="
)
_SUBKEY_RE = re.compile(r'"([^"\n]*)"')
_VALUE_TOKEN_RE = re.compile(
    r"(?P<ws>\s+)"
    r'|"(?P<str>[^"\n]*)"'
    # TLIST(A1) or the interval form TLIST(A1, "1994"-"1996"); units A, H, Q, M, W.
    r'|(?P<tlist>TLIST\(\s*(?P<unit>[AHQMW])1\s*(?:,\s*"[^"\n]*"\s*-\s*"[^"\n]*"\s*)?\))'
    r"|(?P<comma>,)"
    r"|(?P<semi>;)"
    r'|(?P<bare>[^\s",;]+)'
)
_DATA_TOKEN_RE = re.compile(r'"(?P<quoted>[^"\n]*)"|(?P<semi>;)|(?P<bare>[^\s",;]+)|(?P<bad>")')
_NUMBER_RE = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


@dataclass
class _Entry:
    items: list[str]  # adjacent quoted strings already joined (PX continues long texts so)
    quoted: list[bool]
    tlist: str | None  # TLIST time unit, e.g. "A" or "M"
    line: int


class _Lines:
    """Offset -> 1-based line number in the (newline-normalised) text."""

    def __init__(self, text: str) -> None:
        self._newlines = [match.start() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1


class _Header:
    def __init__(self, path: Path, entries: dict[tuple[str, str | None, tuple[str, ...]], _Entry]):
        self.path = path
        self.entries = entries
        self.main_language: str | None = None

    def get(self, keyword: str, language: str | None = None, *subkeys: str) -> _Entry | None:
        if language is None or language == self.main_language:
            # Main-language lines normally carry no [lang]; accept an explicit one too.
            entry = self.entries.get((keyword, None, subkeys))
            if entry is None and self.main_language is not None:
                entry = self.entries.get((keyword, self.main_language, subkeys))
            return entry
        return self.entries.get((keyword, language, subkeys))

    def text(self, keyword: str, language: str | None = None, *subkeys: str) -> str | None:
        """A keyword whose value is one text (several comma-separated parts are joined)."""
        entry = self.get(keyword, language, *subkeys)
        return None if entry is None else " ".join(entry.items)

    def error(self, entry: _Entry | None, message: str) -> SourceFormatError:
        return SourceFormatError(self.path, entry.line if entry else None, message)


def _parse_value(
    path: Path, text: str, pos: int, lines: _Lines, keyword: str
) -> tuple[list[str], list[bool], str | None, int]:
    """Read one keyword's value up to its `;`; return items, quoted flags, TLIST unit, end."""
    items: list[str] = []
    quoted: list[bool] = []
    tlist: str | None = None
    previous: str | None = None  # None | "str" | "item" | "comma"
    start = pos
    while pos < len(text):
        match = _VALUE_TOKEN_RE.match(text, pos)
        if match is None:  # only an unterminated quote gets here
            raise SourceFormatError(
                path, lines.at(pos), f"{keyword}: unterminated string {text[pos : pos + 40]!r}"
            )
        pos = match.end()
        kind = match.lastgroup
        if kind == "ws":
            continue
        if kind == "semi":
            return items, quoted, tlist, pos
        if kind == "comma":
            if previous not in ("str", "item"):
                raise SourceFormatError(path, lines.at(match.start()), f"{keyword}: stray comma")
            previous = "comma"
            continue
        if previous in ("str", "item") and not (kind == "str" and previous == "str"):
            raise SourceFormatError(
                path, lines.at(match.start()), f"{keyword}: missing comma before {match[0]!r}"
            )
        if kind == "str" and previous == "str":
            items[-1] += match["str"]  # "long text" "continued" on the next line
        elif kind == "tlist":
            tlist = match["unit"]
            previous = "item"
            continue
        else:
            items.append(match["str"] if kind == "str" else match[0])
            quoted.append(kind == "str")
        previous = "str" if kind == "str" else "item"
    raise SourceFormatError(path, lines.at(start), f"{keyword}: value has no closing ';'")


def _parse_header(path: Path, text: str, lines: _Lines) -> tuple[_Header, int]:
    """Parse keyword lines up to DATA=; return the header and the offset where DATA starts."""
    entries: dict[tuple[str, str | None, tuple[str, ...]], _Entry] = {}
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            raise SourceFormatError(path, lines.at(pos), "no DATA keyword (file truncated?)")
        match = _KEYWORD_RE.match(text, pos)
        if match is None:
            end = text.find("\n", pos)
            snippet = text[pos : end if end >= 0 else len(text)]
            raise SourceFormatError(path, lines.at(pos), f"unknown keyword line: {snippet[:60]!r}")
        keyword = match["kw"].upper()
        line = lines.at(pos)
        if keyword == "DATA":
            return _Header(path, entries), match.end()
        subkeys = tuple(_SUBKEY_RE.findall(match["sub"] or ""))
        items, quoted, tlist, pos = _parse_value(path, text, match.end(), lines, keyword)
        entries[(keyword, match["lang"], subkeys)] = _Entry(items, quoted, tlist, line)


# --- table --------------------------------------------------------------------------------


def _languages(header: _Header) -> tuple[str, list[str]]:
    languages_entry = header.get("LANGUAGES")
    languages = list(languages_entry.items) if languages_entry else []
    main = header.text("LANGUAGE") or (languages[0] if languages else UNKNOWN_LANGUAGE)
    if main not in languages:
        languages.insert(0, main)
    else:  # main language first, the rest in file order
        languages.remove(main)
        languages.insert(0, main)
    return main, languages


def _dimension_names(header: _Header, language: str | None) -> list[str] | None:
    stub = header.get("STUB", language)
    heading = header.get("HEADING", language)
    if stub is None and heading is None:
        return None
    return (stub.items if stub else []) + (heading.items if heading else [])


def _dimensions(header: _Header, main: str, languages: list[str]) -> list[Dimension]:
    names = _dimension_names(header, None)
    if not names:
        raise header.error(None, "neither STUB nor HEADING names a dimension")
    if len(set(names)) != len(names):
        raise header.error(
            header.get("STUB") or header.get("HEADING"), "a dimension is named twice"
        )
    names_by_language: dict[str, list[str]] = {}
    for language in languages[1:]:
        translated = _dimension_names(header, language)
        if translated is None:
            continue  # the file simply lacks this language's STUB/HEADING
        if len(translated) != len(names):
            entry = header.get("STUB", language) or header.get("HEADING", language)
            raise header.error(
                entry,
                f"STUB/HEADING[{language}] name {len(translated)} dimensions, not {len(names)}",
            )
        names_by_language[language] = translated

    content_name = header.text("CONTVARIABLE")
    table_units = header.text("UNITS") or None
    dimensions = []
    for position, name in enumerate(names):
        values = header.get("VALUES", None, name)
        if values is None or not values.items:
            stub = header.get("STUB")
            naming = stub if stub and name in stub.items else header.get("HEADING")
            raise header.error(values or naming, f'VALUES("{name}") missing or empty')
        codes_entry = header.get("CODES", None, name)
        codes = codes_entry.items if codes_entry else values.items
        if len(codes) != len(values.items):
            raise header.error(
                codes_entry,
                f'CODES("{name}") has {len(codes)} codes for {len(values.items)} VALUES',
            )
        if len(set(codes)) != len(codes):
            raise header.error(codes_entry or values, f'"{name}" lists a code twice')
        labels = {main: list(values.items)}
        for language, translated in names_by_language.items():
            entry = header.get("VALUES", language, translated[position])
            if entry is None:
                continue
            if len(entry.items) != len(codes):
                raise header.error(
                    entry,
                    f'VALUES[{language}]("{translated[position]}") has {len(entry.items)} '
                    f"labels for {len(codes)} codes",
                )
            labels[language] = list(entry.items)
        variable_type = (header.text("VARIABLE-TYPE", None, name) or "").lower()
        is_content = name == content_name
        units: dict[str, str] = {}
        if is_content:
            for code, label in zip(codes, values.items, strict=True):
                unit = header.text("UNITS", None, label) or table_units
                if unit:
                    units[code] = unit
        precision: dict[str, int] = {}
        for code, label in zip(codes, values.items, strict=True):
            digits = header.text("PRECISION", None, name, label)
            if digits is not None and digits.strip().isdigit():
                precision[code] = int(digits)
        dimensions.append(
            Dimension(
                name=name,
                codes=list(codes),
                labels=labels,
                is_time=header.get("TIMEVAL", None, name) is not None or variable_type == "time",
                elimination=_elimination(header, name, values.items, codes),
                is_content=is_content,
                units=units,
                decimals=precision,
            )
        )
    return dimensions


def _elimination(header: _Header, name: str, values: list[str], codes: list[str]) -> str | None:
    """ELIMINATION("dim")="<total's label>" -> the total's code; ELIMINATION=YES/NO -> None."""
    entry = header.get("ELIMINATION", None, name)
    if entry is None or not entry.items:
        return None
    label = entry.items[0]
    if label in values:
        return codes[values.index(label)]
    if label in codes:
        return label
    if label.upper() in ("YES", "NO"):  # there is no total category to point at
        return None
    raise header.error(entry, f'ELIMINATION("{name}") names {label!r}, which is not among VALUES')


def _decimals(header: _Header) -> int | None:
    entry = header.get("DECIMALS")
    if entry is None:
        return None
    if len(entry.items) != 1 or not entry.items[0].strip().isdigit():
        raise header.error(entry, f"DECIMALS is not a whole number: {entry.items!r}")
    return int(entry.items[0])


def _symbols(header: _Header) -> dict[str, str]:
    """Symbol -> status: what the table's NOTE/NOTEX and DATASYMBOL keywords say, else the
    generic meaning (pipelines/ingest/symbols.py)."""
    notes = [" ".join(entry.items) for (keyword, language, _), entry in header.entries.items()
             if keyword in ("NOTE", "NOTEX") and language in (None, header.main_language)]
    datasymbols = {keyword: " ".join(entry.items)
                   for (keyword, language, _), entry in header.entries.items()
                   if keyword.startswith("DATASYMBOL") and language in (None, header.main_language)}
    return {**STATUS_BY_SYMBOL, **symbol_meanings(notes, datasymbols)}


def _read_data(
    path: Path, text: str, start: int, lines: _Lines, dimensions: list[Dimension],
    symbols: dict[str, str] = STATUS_BY_SYMBOL,
) -> tuple[np.ndarray, list[str], list[str]]:
    tokens: list[str] = []
    offsets: list[int] = []
    closed = False
    sizes = [len(dimension.codes) for dimension in dimensions]
    expected = math.prod(sizes)
    limits.check_cells(path, expected, sizes, lines.at(start))
    extra = 0
    for match in _DATA_TOKEN_RE.finditer(text, start):
        kind = match.lastgroup
        if kind == "semi":
            rest = text[match.end() :]
            if rest.strip():
                offset = match.end() + len(rest) - len(rest.lstrip())
                raise SourceFormatError(path, lines.at(offset), "text after the ';' ending DATA")
            closed = True
            break
        if kind == "bad":
            raise SourceFormatError(path, lines.at(match.start()), "DATA: unterminated quote")
        if len(tokens) > expected:  # more than declared: counted below, not kept
            extra += 1
            continue
        tokens.append(match["quoted"] if kind == "quoted" else match[0])
        offsets.append(match.start())

    if len(tokens) != expected:
        message = (
            f"DATA has {len(tokens) + extra} values, expected {expected} from dimension sizes "
            + " x ".join(str(size) for size in sizes)
        )
        if not closed:
            message += "; DATA has no closing ';' (file truncated?)"
        offset = offsets[expected] if len(tokens) > expected else (offsets or [start])[-1]
        raise SourceFormatError(path, lines.at(offset), message)
    if not closed:
        offset = offsets[-1] if offsets else start
        raise SourceFormatError(path, lines.at(offset), "DATA has no closing ';' (file truncated?)")

    raw = pd.Series(tokens, dtype=object)
    status = raw.map(symbols)
    numeric = status.isna().to_numpy()
    well_formed = raw[numeric].str.fullmatch(_NUMBER_RE).to_numpy(dtype=bool)
    if not well_formed.all():
        index = int(np.flatnonzero(numeric)[np.argmin(well_formed)])
        raise SourceFormatError(
            path,
            lines.at(offsets[index]),
            f"DATA value #{index + 1} {tokens[index]!r} is neither a number "
            "nor a PX missing-value symbol",
        )
    values = np.full(expected, np.nan)
    values[numeric] = raw[numeric].astype("float64").to_numpy()
    statuses = status.fillna(STATUS_OK).to_numpy(dtype=object)
    values[statuses == STATUS_ZERO] = 0.0
    return values, list(statuses), tokens


def read_px(path: Path) -> StatTable:
    """Read one PX file: every dimension with codes and all languages' labels, every cell."""
    path = Path(path)
    raw = limits.read_bytes(path)
    text = _decode(path, raw).replace("\r\n", "\n").replace("\r", "\n")
    lines = _Lines(text)
    header, data_start = _parse_header(path, text, lines)
    keys = next((entry for key, entry in header.entries.items() if key[0] == "KEYS"), None)
    if keys is not None:
        raise header.error(keys, "KEYS (sparse DATA lines) is not supported")

    main, languages = _languages(header)
    header.main_language = main
    dimensions = _dimensions(header, main, languages)
    values, statuses, tokens = _read_data(path, text, data_start, lines, dimensions,
                                          _symbols(header))

    title: dict[str, str] = {}
    for language in languages:
        for keyword in ("TITLE", "DESCRIPTION", "CONTENTS"):
            if text_value := header.text(keyword, language):
                title[language] = text_value
                break
    return StatTable(
        source_file=str(path),
        title=title,
        languages=languages,
        dimensions=dimensions,
        units=header.text("UNITS") or None,
        decimals=_decimals(header),
        cells=build_cells(path, dimensions, values, statuses, tokens),
    )
