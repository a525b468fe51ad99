"""Postal code areas for the area reference: one row per area of
`raw/reference/sources/paavo_postal_code_areas_2019.csv` (code, Finnish and Swedish name and
the municipality Statistics Finland's Paavo 2019 gives each area: the one holding most of
its surface), as `PNO<code>` under `KU<municipality>` with the municipality's region and
wellbeing services county.

Called by pipelines/ingest/area_reference.py after the hand-kept areas: a postal code area
`local_areas.csv` already names keeps its hand-kept row (so a name can be corrected there).
Paavo gives no English names; the Finnish one stands in, as elsewhere in mart.dim_area.
"""

import csv
from pathlib import Path

from pipelines.ingest.errors import SourceFormatError

POSTAL_AREAS = "paavo_postal_code_areas_2019.csv"
_COLUMNS = ("posti_alue", "nimi", "namn", "kunta")


def postal_areas(sources: Path, membership: dict[str, dict[str, str]],
                 known: set[str]) -> list[dict[str, str]]:
    """Rows for area_reference's `add`: the postal code areas not in `known`. `membership`:
    each current municipality's (three-digit code) region and wellbeing services county."""
    path = sources / POSTAL_AREAS
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise SourceFormatError(path, 1, f"the header must be {','.join(_COLUMNS)}")
        rows = list(reader)
    areas = []
    for line, row in enumerate(rows, start=2):
        code, municipality = row["posti_alue"].strip(), row["kunta"].strip()
        if not (code.isdigit() and len(code) == 5):
            raise SourceFormatError(path, line, f"postal code {code!r} is not five digits")
        if municipality not in membership:
            raise SourceFormatError(path, line, f"municipality {municipality!r} of {code} is "
                                    "not a current municipality")
        if f"PNO{code}" in known:
            continue
        name_fi = row["nimi"].strip()
        areas.append({
            "area_code": f"PNO{code}", "area_level": "postal_code_area", "name_fi": name_fi,
            "name_sv": row["namn"].strip() or name_fi, "name_en": name_fi,
            "parent_area_code": f"KU{municipality}",
            "region_code": membership[municipality]["region_code"],
            "wellbeing_county_code": membership[municipality]["wellbeing_county_code"],
        })
    return areas
