"""JSON-stat 2.0 datasets (PxWeb API responses) read into the same long table as PX files.

Written here rather than with `pyjstat` (2.4.0, the JSON-stat reader on PyPI): pyjstat drops
`status` altogether, so a suppressed cell becomes an unexplained NaN, and it imports requests.

Statistics Finland serves two status vocabularies: PxWeb (API v1) writes the PX symbols
(`.` to `......`, `-`), while PxApi (API v2) writes Px.Utils DataValueType numbers `1`-`7`
and explains them in `extension.missingValueDescriptions` (the real 13u5 response carries
that map). The numbers are accepted only when that map is present, so a foreign `"1"` flag
is not silently taken for "missing". Any other status symbol is an error, not a guess.
"""

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from pipelines.ingest import limits
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.px import (
    STATUS_BY_SYMBOL,
    STATUS_OK,
    STATUS_ZERO,
    UNKNOWN_LANGUAGE,
    Dimension,
    StatTable,
    build_cells,
)

# Px.Utils DataValueType (PxApi `status` values); 0 (Exists) never appears as a status.
STATUS_BY_PXAPI_CODE: dict[str, str] = {
    "1": "missing",
    "2": "not_applicable",  # CanNotRepresent
    "3": "confidential",
    "4": "not_available",  # NotAcquired
    "5": "not_asked",
    "6": "empty",
    "7": "zero",  # Nill
}
STATUS_MISSING = "missing"


def read_jsonstat(path: Path, language: str | None = None) -> StatTable:
    """Read one JSON-stat 2.0 dataset file.

    JSON-stat does not name its language; pass it if known, otherwise PxWeb's
    `extension.px.language` is used when present, else "und" (undetermined).
    """
    path = Path(path)
    document = _load(path)
    if not isinstance(document, dict) or document.get("class", "dataset") != "dataset":
        raise SourceFormatError(path, None, "not a JSON-stat 2.0 dataset (class != 'dataset')")
    version = document.get("version")
    if version is not None and str(version) != "2.0":
        raise SourceFormatError(path, None, f"JSON-stat version {version!r}, expected 2.0")

    extension = document.get("extension") if isinstance(document.get("extension"), dict) else {}
    px_extension = extension.get("px") if isinstance(extension.get("px"), dict) else {}
    language = language or px_extension.get("language") or UNKNOWN_LANGUAGE

    dimensions = _dimensions(path, document, language)
    count = math.prod(len(dimension.codes) for dimension in dimensions)
    limits.check_cells(path, count, [len(dimension.codes) for dimension in dimensions])
    values = _values(path, document.get("value"), count)
    symbols = _status_symbols(path, document.get("status"), count)
    status_table = dict(STATUS_BY_SYMBOL)
    if "missingValueDescriptions" in extension:
        status_table.update(STATUS_BY_PXAPI_CODE)

    numbers = np.full(count, np.nan)
    statuses: list[str] = []
    raws: list[str] = []
    for index in range(count):
        symbol = symbols.get(index)
        value, raw = values.get(index, (None, ""))  # a sparse `value` may leave cells out
        if symbol:
            if symbol not in status_table:
                raise SourceFormatError(
                    path, None, f"status {symbol!r} of cell #{index} is not a known symbol"
                )
            status = status_table[symbol]
            statuses.append(status)
            raws.append(symbol)
            if status == STATUS_ZERO:
                numbers[index] = 0.0
        elif value is None:
            statuses.append(STATUS_MISSING)
            raws.append(raw)
        else:
            numbers[index] = value
            statuses.append(STATUS_OK)
            raws.append(raw)

    return StatTable(
        source_file=str(path),
        title={language: str(document["label"])} if document.get("label") else {},
        languages=[language],
        dimensions=dimensions,
        units=_table_units(dimensions),
        decimals=_decimals(document, px_extension),
        cells=build_cells(path, dimensions, numbers, statuses, raws),
    )


def _load(path: Path) -> Any:
    raw = limits.read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")  # JSON is UTF-8 (RFC 8259); tolerate a BOM
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceFormatError(
            path, line, f"encoding: byte 0x{raw[exc.start]:02x} is not valid UTF-8"
        ) from None
    return limits.parse_json(path, text)


def _dimensions(path: Path, document: dict[str, Any], language: str) -> list[Dimension]:
    ids, sizes = document.get("id"), document.get("size")
    dimension_objects = document.get("dimension")
    if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
        raise SourceFormatError(path, None, "`id` must be a list of dimension ids")
    if not isinstance(sizes, list) or len(sizes) != len(ids):
        raise SourceFormatError(path, None, f"`size` must list one size for each of {ids}")
    if not isinstance(dimension_objects, dict):
        raise SourceFormatError(path, None, "`dimension` must be an object")
    if len(set(ids)) != len(ids):
        raise SourceFormatError(path, None, f"`id` lists a dimension twice: {ids}")
    role = document.get("role") if isinstance(document.get("role"), dict) else {}

    dimensions = []
    for dimension_id, size in zip(ids, sizes, strict=True):
        spec = dimension_objects.get(dimension_id)
        if not isinstance(spec, dict) or not isinstance(spec.get("category"), dict):
            raise SourceFormatError(path, None, f"dimension {dimension_id!r} has no category")
        category = spec["category"]
        codes = _category_codes(path, dimension_id, category)
        if size != len(codes):
            raise SourceFormatError(
                path,
                None,
                f"dimension {dimension_id!r}: size says {size}, category.index has {len(codes)}",
            )
        label_map = category.get("label") if isinstance(category.get("label"), dict) else {}
        units: dict[str, str] = {}
        decimals: dict[str, int] = {}
        unit_map = category.get("unit") if isinstance(category.get("unit"), dict) else {}
        for code, unit in unit_map.items():
            if isinstance(unit, dict):
                text = unit.get("label") or unit.get("base") or unit.get("symbol")
                if text:
                    units[str(code)] = str(text)
                digits = unit.get("decimals")
                if isinstance(digits, int) and not isinstance(digits, bool):
                    decimals[str(code)] = digits
        extension = spec.get("extension") if isinstance(spec.get("extension"), dict) else {}
        total = extension.get("eliminationValueCode")  # PxWeb: the total category's code
        dimensions.append(
            Dimension(
                name=dimension_id,
                codes=codes,
                labels={language: [str(label_map.get(code, code)) for code in codes]},
                is_time=dimension_id in (role.get("time") or []),
                elimination=total if total in codes else None,
                is_content=dimension_id in (role.get("metric") or []),
                units=units,
                decimals=decimals,
                label=str(spec["label"]) if spec.get("label") else None,
            )
        )
    return dimensions


def _category_codes(path: Path, dimension_id: str, category: dict[str, Any]) -> list[str]:
    """category.index as a list, or as {code: position}; absent for a single category."""
    index = category.get("index")
    if index is None:
        labels = category.get("label")
        if isinstance(labels, dict) and len(labels) == 1:
            return [str(next(iter(labels)))]
        raise SourceFormatError(path, None, f"dimension {dimension_id!r}: no category.index")
    if isinstance(index, list):
        codes = [str(code) for code in index]
    elif isinstance(index, dict):
        # Positions must be whole numbers ("021": "2021" beside 0 cannot be ordered).
        if not all(type(position) is int for position in index.values()):
            raise SourceFormatError(
                path, None, f"dimension {dimension_id!r}: category.index positions are not "
                "whole numbers")
        positions = sorted(index.items(), key=lambda item: item[1])
        if [position for _, position in positions] != list(range(len(positions))):
            raise SourceFormatError(
                path, None, f"dimension {dimension_id!r}: category.index positions are not 0..n-1"
            )
        codes = [str(code) for code, _ in positions]
    else:
        raise SourceFormatError(path, None, f"dimension {dimension_id!r}: bad category.index")
    if not codes or len(set(codes)) != len(codes):
        raise SourceFormatError(
            path, None, f"dimension {dimension_id!r}: category.index is empty or repeats a code"
        )
    return codes


def _cell_index(path: Path, key: str, count: int, what: str) -> int:
    try:
        index = int(key)
    except ValueError:
        raise SourceFormatError(path, None, f"{what} key {key!r} is not a cell index") from None
    if not 0 <= index < count:
        raise SourceFormatError(path, None, f"{what} index {index} outside 0..{count - 1}")
    return index


def _values(path: Path, value: Any, count: int) -> dict[int, tuple[float | None, str]]:
    """Dense list or sparse {"index": value}; index -> (number or None for null, JSON text)."""
    if isinstance(value, list):
        if len(value) != count:
            raise SourceFormatError(
                path, None, f"`value` has {len(value)} entries, expected {count} from `size`"
            )
        items = enumerate(value)
    elif isinstance(value, dict):
        items = ((_cell_index(path, key, count, "`value`"), item) for key, item in value.items())
    else:
        raise SourceFormatError(path, None, "`value` must be a list or an object")
    result: dict[int, tuple[float | None, str]] = {}
    for index, item in items:
        # bool is an int in Python but never a statistic.
        if item is not None and (not isinstance(item, int | float) or isinstance(item, bool)):
            raise SourceFormatError(path, None, f"value of cell #{index} is not a number: {item!r}")
        result[index] = (None if item is None else float(item), json.dumps(item))
    return result


def _status_symbols(path: Path, status: Any, count: int) -> dict[int, str]:
    """`status` as a string (all cells), a list (one per cell, or one for all) or a dict."""
    if status is None:
        return {}
    if isinstance(status, str):
        return dict.fromkeys(range(count), status)
    if isinstance(status, list) and len(status) == 1:
        return {} if status[0] is None else dict.fromkeys(range(count), str(status[0]))
    if isinstance(status, list):
        if len(status) != count:
            raise SourceFormatError(
                path, None, f"`status` has {len(status)} entries, expected {count} from `size`"
            )
        return {index: str(symbol) for index, symbol in enumerate(status) if symbol is not None}
    if isinstance(status, dict):
        return {
            _cell_index(path, key, count, "`status`"): str(symbol)
            for key, symbol in status.items()
            if symbol is not None
        }
    raise SourceFormatError(path, None, "`status` must be a string, a list or an object")


def _table_units(dimensions: list[Dimension]) -> str | None:
    distinct = {unit for dimension in dimensions for unit in dimension.units.values()}
    return distinct.pop() if len(distinct) == 1 else None


def _decimals(document: dict[str, Any], px_extension: dict[str, Any]) -> int | None:
    decimals = px_extension.get("decimals")
    if isinstance(decimals, int) and not isinstance(decimals, bool):
        return decimals
    found = set()
    for spec in document["dimension"].values():
        category = spec.get("category") if isinstance(spec, dict) else None
        units = category.get("unit") if isinstance(category, dict) else None
        if isinstance(units, dict):
            found |= {u.get("decimals") for u in units.values() if isinstance(u, dict)}
    found.discard(None)
    return found.pop() if len(found) == 1 else None
