"""Limits on what a raw file may make a reader do, in one place.

Raw files come from partners; a hostile or broken one must end in a SourceFormatError naming
the file (and line where there is one), never in a hang, a crash or memory without bound. The
readers call these helpers where they read a file whole, parse JSON or YAML, open an XLSX
package, or allocate the cells a table declares. Each limit is far above any real file of its
kind (the largest real PX tables of Statistics Finland are tens of MB and a few million cells),
and its error says which limit was hit and what it is.

Not here: Sotkanet data files, which DuckDB streams (its own `max_line_size` and errors apply,
turned into SourceFormatErrors by the reader).
"""

import json
import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

import yaml

from pipelines.ingest.errors import SourceFormatError

MIB = 1024 * 1024
# Data files read whole into memory (PX, JSON-stat, described CSV, Sotkanet metadata, pages).
MAX_DATA_BYTES = 1024 * MIB
# Hand-written YAML and Markdown: table descriptions, project cards, report themes.
MAX_TEXT_BYTES = 1 * MIB
# One line of a described CSV table.
MAX_LINE_CHARS = 1 * MIB
# Nesting of JSON arrays and objects (real JSON-stat and Sotkanet payloads: under 10).
MAX_JSON_DEPTH = 64
# Cells a table declares (the product of its dimension sizes), before any is allocated.
MAX_CELLS = 100_000_000
# An XLSX package: its parts unpacked, in total, and unpacked per packed byte (a zip bomb
# unpacks a few KB into GB; real workbooks pack text about 5-20 to 1).
MAX_XLSX_UNPACKED_BYTES = 1024 * MIB
MAX_XLSX_RATIO = 200
# YAML: nesting, and nodes once aliases are expanded (a "billion laughs" document expands a
# few hundred bytes into 10^9 nodes for anyone who walks it).
MAX_YAML_DEPTH = 32
MAX_YAML_NODES = 100_000


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The whole file, if it is at most `limit` bytes (default MAX_DATA_BYTES)."""
    path = Path(path)
    limit = MAX_DATA_BYTES if limit is None else limit
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            # read(n) allocates n bytes at once: never more than the file (or the limit) holds
            data = handle.read(min(size, limit) + 1) if size <= limit else b""
    except OSError as exc:
        raise SourceFormatError(path, None, f"cannot read file: {exc.strerror}") from exc
    if size > limit or len(data) > limit:
        raise SourceFormatError(
            path, None, f"file too large: more than {_size(limit)}, the limit for reading "
            "this kind of file whole (pipelines/ingest/limits.py)")
    return data


def read_text(path: Path, limit: int | None = None, encoding: str = "utf-8-sig") -> str:
    """The whole file as text; bytes that are not `encoding` are an error naming the line."""
    data = read_bytes(path, limit)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            path, line, f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"({exc.reason})") from None


def check_line_lengths(path: Path, lines: list[str], first_line: int = 1) -> None:
    """No line longer than MAX_LINE_CHARS (a file without line ends is one huge line)."""
    for number, line in enumerate(lines, start=first_line):
        if len(line) > MAX_LINE_CHARS:
            raise SourceFormatError(
                path, number, f"line of {len(line):,} characters, longer than the limit of "
                f"{MAX_LINE_CHARS:,} (a file without line ends, or not a table?)")


def parse_json(path: Path, text: str) -> Any:
    """json.loads with a nesting limit; syntax errors name the line."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFormatError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise SourceFormatError(
            path, None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    check_json_depth(path, document)
    return document


def check_json_depth(path: Path, document: Any) -> None:
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise SourceFormatError(path, None, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values()
                         if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node if isinstance(value, (dict, list)))


def check_cells(path: Path, count: int, sizes: list[int], line: int | None = None) -> None:
    """A table may declare at most MAX_CELLS cells (checked before they are allocated)."""
    if count > MAX_CELLS:
        raise SourceFormatError(
            path, line, f"the dimensions declare {count:,} cells ("
            + " x ".join(str(size) for size in sizes)
            + f"), more than the limit of {MAX_CELLS:,}")


def check_xlsx_package(path: Path) -> None:
    """An XLSX file is a zip package: refuse one that is no zip, that unpacks to more than
    MAX_XLSX_UNPACKED_BYTES or more than MAX_XLSX_RATIO times its packed size, or a worksheet
    whose cells span more than MAX_CELLS (calamine builds a dense grid from A1 to the last
    cell: one cell at XFD1048576 would be 17 billion, and an allocation failure aborts)."""
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
            _check_unpacked(path, members)
            for member in members:
                if _WORKSHEET.fullmatch(member.filename):
                    rows, columns = _sheet_extent(path, package, member)
                    check_cells(path, rows * columns, [rows, columns])
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError, zlib.error) as exc:
        raise SourceFormatError(path, None, f"cannot read as XLSX (not a zip package: {exc})"
                                ) from None


_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
# A cell's or a row's position as the sheet XML writes it: <c r="XFD1048576" ...>, <row r=...>.
_CELL_REF = re.compile(rb'<(?:[A-Za-z]+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:[A-Za-z]+:)?row\s[^>]*?\br="([0-9]{1,7})"')


def _sheet_extent(
    path: Path, package: zipfile.ZipFile, member: zipfile.ZipInfo
) -> tuple[int, int]:
    """Rows and columns from A1 to the sheet's last cell, streamed (its size is checked)."""
    rows = columns = unpacked = 0
    tail = b""
    with package.open(member) as stream:
        while chunk := stream.read(MIB):
            unpacked += len(chunk)
            if unpacked > member.file_size + MIB:  # a package that lies about its sizes
                raise SourceFormatError(
                    path, None, f"XLSX part {member.filename} unpacks to more than the "
                    f"{member.file_size:,} bytes it declares (a zip bomb?)")
            text = tail + chunk
            for match in _CELL_REF.finditer(text):
                rows = max(rows, int(match[2]))
                columns = max(columns, _column_number(match[1]))
            for match in _ROW_REF.finditer(text):
                rows = max(rows, int(match[1]))
            tail = text[-512:]  # a tag cut between two chunks is seen in the next
    return rows, columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_unpacked(path: Path, members: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(member.file_size for member in members)  # as the package declares them
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise SourceFormatError(
            path, None, f"XLSX unpacks to {_size(unpacked)}, more than the limit of "
            f"{_size(MAX_XLSX_UNPACKED_BYTES)} (a zip bomb?)")
    for member in members:
        if member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1) + MIB:
            raise SourceFormatError(
                path, None, f"XLSX part {member.filename} unpacks {member.file_size:,} bytes "
                f"from {member.compress_size:,}, more than {MAX_XLSX_RATIO} to 1 (a zip bomb?)")


def compose_yaml(path: Path, text: str, first_line: int = 1) -> yaml.Node | None:
    """yaml.compose (SafeLoader) with limits on nesting and on nodes once aliases are
    expanded. Syntax errors propagate as yaml.MarkedYAMLError, as from yaml.compose."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise SourceFormatError(
                    path, event.start_mark.line + first_line,
                    f"YAML nested deeper than {MAX_YAML_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _count_nodes(path, root, {}, first_line)
    return root


def parse_yaml(path: Path, text: str) -> yaml.Node | None:
    """compose_yaml, a syntax error as a SourceFormatError naming the file and its line
    ("not valid YAML: ..."), as every YAML input of the project reports it."""
    try:
        return compose_yaml(path, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        raise SourceFormatError(path, mark.line + 1 if mark else None,
                                f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SourceFormatError(path, None, f"not valid YAML: {exc}") from None


def _count_nodes(path: Path, node: yaml.Node, seen: dict[int, int], first_line: int) -> int:
    """Nodes under `node` with every alias expanded; computed once per distinct node, so a
    billion laughs costs its size in the text, not its expansion."""
    if id(node) in seen:
        return seen[id(node)]
    seen[id(node)] = 0  # a recursive alias counts nothing more (the parser forbids cycles)
    if isinstance(node, yaml.SequenceNode):
        total = 1 + sum(_count_nodes(path, child, seen, first_line) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total = 1 + sum(_count_nodes(path, key, seen, first_line)
                        + _count_nodes(path, value, seen, first_line)
                        for key, value in node.value)
    else:
        total = 1
    if total > MAX_YAML_NODES:
        raise SourceFormatError(
            path, node.start_mark.line + first_line,
            f"YAML aliases expand to more than {MAX_YAML_NODES:,} nodes (a billion laughs?)")
    seen[id(node)] = total
    return total


def _size(count: int) -> str:
    return f"{count / MIB:,.0f} MiB" if count >= MIB else f"{count:,} bytes"
