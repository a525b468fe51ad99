"""JSON-stat 2.0 answers of PxWeb checked before they may replace anything, and the parts of
a split query joined into one dataset.

A part is accepted only if it is a JSON-stat dataset with the dimensions and categories that
were asked for and one value per cell; anything else (an HTML error page, JSON that is not
JSON-stat, a table whose dimensions changed) raises PayloadError and nothing is written.
"""

import json
import math
from typing import Any

import numpy as np


class PayloadError(Exception):
    """An answer that is not the JSON-stat dataset asked for."""


def parse_dataset(body: bytes, what: str) -> dict[str, Any]:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PayloadError(f"{what}: the answer is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PayloadError(f"{what}: the answer is not JSON ({exc.msg} at line {exc.lineno}, "
                           f"{len(body)} bytes)") from None
    if not isinstance(document, dict) or document.get("class") != "dataset":
        raise PayloadError(f"{what}: the answer is JSON but not a JSON-stat dataset "
                           "(no \"class\": \"dataset\")")
    ids, sizes, dimensions = document.get("id"), document.get("size"), document.get("dimension")
    if (not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes)
            or not isinstance(dimensions, dict)):
        raise PayloadError(f"{what}: the JSON-stat dataset lacks id, size or dimension")
    for dimension_id, size in zip(ids, sizes, strict=True):
        codes = category_codes(document, dimension_id)
        if len(codes) != size:
            raise PayloadError(f"{what}: dimension {dimension_id!r} has {len(codes)} "
                               f"categories but size says {size}")
    return document


def category_codes(document: dict[str, Any], dimension_id: str) -> list[str]:
    spec = document["dimension"].get(dimension_id)
    category = spec.get("category") if isinstance(spec, dict) else None
    if not isinstance(category, dict):
        raise PayloadError(f"dimension {dimension_id!r} has no category")
    index = category.get("index")
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        return [str(code) for code, _ in sorted(index.items(), key=lambda item: item[1])]
    labels = category.get("label")
    if index is None and isinstance(labels, dict) and len(labels) == 1:
        return [str(next(iter(labels)))]
    raise PayloadError(f"dimension {dimension_id!r} has no category index")


def check_part(document: dict[str, Any], query: dict[str, list[str]], what: str) -> None:
    """The dataset holds exactly the dimensions and categories asked for, and its values."""
    ids = [str(item) for item in document["id"]]
    if ids != list(query):
        raise PayloadError(f"{what}: the answer's dimensions {ids} are not the table's "
                           f"{list(query)}: the table changed; check its description")
    for dimension_id, codes in query.items():
        got = category_codes(document, dimension_id)
        if sorted(got) != sorted(codes):
            missing = sorted(set(codes) - set(got))[:5]
            extra = sorted(set(got) - set(codes))[:5]
            raise PayloadError(f"{what}: dimension {dimension_id!r} does not hold what was "
                               f"asked (missing {missing}, not asked {extra})")
    count = math.prod(len(codes) for codes in query.values())
    value = document.get("value")
    if isinstance(value, list):
        if len(value) != count:
            raise PayloadError(f"{what}: {len(value)} values for {count} cells")
    elif not isinstance(value, dict):
        raise PayloadError(f"{what}: the dataset has no values")


def has_values(document: dict[str, Any]) -> bool:
    """Whether the dataset holds at least one value (a dataset whose every cell is empty holds
    nothing of what was asked)."""
    value = document.get("value")
    if isinstance(value, list):
        return any(item is not None for item in value)
    if isinstance(value, dict):
        return any(item is not None for item in value.values())
    return False


def _cells(document: dict[str, Any], key: str, count: int) -> dict[int, Any]:
    """value/status as {cell: item}: a list (dense), a dict (sparse) or, for status, one
    string for every cell."""
    item = document.get(key)
    if item is None:
        return {}
    if isinstance(item, str):
        return dict.fromkeys(range(count), item)
    if isinstance(item, list):
        if key == "status" and len(item) == 1 and count != 1:
            return dict.fromkeys(range(count), item[0])
        return {index: entry for index, entry in enumerate(item) if entry is not None}
    if isinstance(item, dict):
        return {int(index): entry for index, entry in item.items() if entry is not None}
    raise PayloadError(f"`{key}` is neither a list nor an object")


def join_parts(parts: list[dict[str, Any]], query: dict[str, list[str]]) -> dict[str, Any]:
    """One dataset over the whole query from parts that each cover a block of it. The first
    part gives everything but the categories, values and statuses."""
    updated = {part.get("updated") for part in parts}
    if len(updated) > 1:
        stamps = sorted(map(str, updated))
        raise PayloadError(f"the table was updated while it was fetched ({stamps}); fetch again")
    ids = list(query)
    sizes = [len(query[dimension_id]) for dimension_id in ids]
    strides = [math.prod(sizes[position + 1:]) for position in range(len(ids))]
    total = math.prod(sizes)
    values: list[Any] = [None] * total
    statuses: dict[int, Any] = {}
    labels: dict[str, dict[str, Any]] = {dimension_id: {} for dimension_id in ids}
    filled = np.zeros(total, dtype=bool)
    for part in parts:
        offsets = np.zeros(1, dtype=np.int64)
        part_count = 1
        for position, dimension_id in enumerate(ids):
            full_position = {code: index for index, code in enumerate(query[dimension_id])}
            codes = category_codes(part, dimension_id)
            positions = np.array([full_position[code] for code in codes], dtype=np.int64)
            offsets = (offsets[:, None] + positions[None, :] * strides[position]).ravel()
            part_count *= len(codes)
            category = part["dimension"][dimension_id]["category"]
            labels[dimension_id].update(category.get("label") or {})
        if filled[offsets].any():
            raise PayloadError("two parts of the split query hold the same cell")
        filled[offsets] = True
        for index, item in _cells(part, "value", part_count).items():
            values[int(offsets[index])] = item
        for index, item in _cells(part, "status", part_count).items():
            statuses[int(offsets[index])] = item
    if not filled.all():
        raise PayloadError(f"the parts cover {int(filled.sum())} of {total} cells")

    joined = {key: item for key, item in parts[0].items()
              if key not in ("id", "size", "dimension", "value", "status")}
    joined["id"] = ids
    joined["size"] = sizes
    joined["dimension"] = {}
    for dimension_id in ids:
        spec = dict(parts[0]["dimension"][dimension_id])
        category = dict(spec["category"])
        category["index"] = {code: index for index, code in enumerate(query[dimension_id])}
        category["label"] = {code: labels[dimension_id].get(code, code)
                             for code in query[dimension_id]}
        for key in ("unit", "child", "coordinates", "note"):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part["dimension"][dimension_id]["category"].get(key) or {})
            if merged:
                category[key] = merged
        spec["category"] = category
        joined["dimension"][dimension_id] = spec
    joined["value"] = values
    if statuses:
        joined["status"] = {str(index): statuses[index] for index in sorted(statuses)}
    return joined


def split_query(query: dict[str, list[str]], max_cells: int) -> list[dict[str, list[str]]]:
    """Queries of at most `max_cells` cells that together cover `query`: the largest dimension
    is cut into chunks first (as pxwebpy does), the fewest queries that fit."""
    sizes = {key: len(codes) for key, codes in query.items()}
    total = math.prod(sizes.values())
    if total <= max_cells:
        return [query]
    splittable = [key for key, size in sizes.items() if size > 1]
    if not splittable:
        return [query]
    largest = max(splittable, key=lambda key: sizes[key])
    others = total // sizes[largest]
    chunk = max(1, max_cells // others)
    parts = []
    for start in range(0, sizes[largest], chunk):
        part = dict(query)
        part[largest] = query[largest][start:start + chunk]
        parts.extend(split_query(part, max_cells))
    return parts
