"""The statistical districts of Helsinki, Espoo and Vantaa for the area reference.

From the cities' classifications kept in `raw/reference/sources/` (provenance in
`raw/reference/SOURCES.md`):

- `aluesarjat_area-hierarchy.ttl`: the Helsinki Region statistics' ("Aluesarjat") area
  hierarchy of the three cities about 2010 (SKOS `broader` triples, Finnish names, the cities'
  own codes): Helsinki's major districts (suurpiiri), basic districts (peruspiiri) and
  sub-districts (osa-alue); Espoo's major districts (suuralue), statistical areas
  (tilastoalue) and small areas (pienalue); Vantaa's major districts (suuralue) and districts
  (kaupunginosa);
- `helsinki_wfs_suurpiirit.json`, `helsinki_wfs_peruspiirit.json`: the City of Helsinki's
  district layers (2024), for the Swedish names of its major and basic districts.

Every district is level `district` with the enclosing one as parent (a sub-district's parent
is its district, a major district's the municipality) and the municipality's region, county
and sub-region. Codes keep the city's own: `KU091-PP101` (Helsinki basic district 101),
`KU049-TA11`, `KU092-KO10`; the letters name the level, since Helsinki's codes repeat across
levels (peruspiiri 201 Reijola, osa-alue 201 Ruoholahti). A city aggregate outside the
levels ("091 999 Muut") gets `D`, as does a district a table names that no classification has
(pipelines/ingest/mapping.py).
"""

import json
import re
from pathlib import Path

HIERARCHY = "aluesarjat_area-hierarchy.ttl"
HELSINKI_LAYERS = ("helsinki_wfs_suurpiirit.json", "helsinki_wfs_peruspiirit.json")
# Each city's levels, from the municipality down: the letters of the area codes.
LEVELS = {"091": ("SP", "PP", "OA"), "049": ("SA", "TA", "PA"), "092": ("SA", "KO")}
OTHER = "D"  # an aggregate outside the levels, or a district only a table names
DISTRICT_CODE = re.compile(r"KU(\d{3})-([A-Z]+)(\d+)")
_NODE = re.compile(r"alue:(_(\d{3})(?:_(\d+))?_(\S+))")
_TRIPLE = re.compile(r"^(alue:\S+)\s+skos:broader\s+(alue:\S+)\s*\.\s*$", re.M)


def _name(written: str) -> str:
    """The TTL's node name: spaces written `_`, parentheses `14`..`15` ("Laajalahti (vanha)")."""
    name = re.sub(r"_14(.*?)15$", r" (\1)", written)
    return name.replace("_", " ")


def district_code(municipality: str, level: str, code: str) -> str:
    return f"KU{municipality}-{level}{code}"


def district_areas(sources: Path, membership: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The districts of the cities in `LEVELS`, one dict per area (area_reference.COLUMNS
    keys); `membership` gives each municipality's region, county and sub-region codes."""
    text = (sources / HIERARCHY).read_text(encoding="utf-8")
    broader = dict(_TRIPLE.findall(text))
    swedish = _helsinki_swedish_names(sources)
    nodes: dict[str, tuple[str, str | None, str]] = {}  # node -> municipality, code, name
    for node in {*broader, *broader.values()}:
        if match := _NODE.fullmatch(node):
            nodes[node] = (match[2], match[3], _name(match[4]))

    def depth(node: str) -> int:
        steps = 0
        while node in nodes and nodes[node][1] is not None:
            node, steps = broader[node], steps + 1
        return steps

    codes: dict[str, str] = {}
    for node, (municipality, code, _) in nodes.items():
        if code is None or municipality not in LEVELS:
            continue
        levels, level = LEVELS[municipality], depth(node)
        # An aggregate beside the major districts ("999 Muut") is no level of the hierarchy.
        fits = level <= len(levels) and not (level == 1 and len(code) > 1)
        codes[node] = district_code(municipality, levels[level - 1] if fits else OTHER, code)
    areas = []
    for node in sorted(codes, key=lambda node: (depth(node), codes[node])):
        municipality, code, name = nodes[node]
        parent = broader[node]
        areas.append({
            "area_code": codes[node], "area_level": "district", "name_fi": name,
            "name_sv": swedish.get(codes[node], ""), "name_en": "",
            "parent_area_code": codes.get(parent, f"KU{municipality}"),
            **membership.get(municipality, {}),
        })
    return areas


def _helsinki_swedish_names(sources: Path) -> dict[str, str]:
    """Area code -> Swedish name, from the City of Helsinki's district layers (names written
    in capitals there: `ESTNÄS` -> `Estnäs`)."""
    names = {}
    for layer, level in zip(HELSINKI_LAYERS, LEVELS["091"], strict=False):
        for feature in json.loads((sources / layer).read_text(encoding="utf-8"))["features"]:
            properties = feature["properties"]
            if properties.get("kunta") == "091" and properties.get("nimi_se"):
                code = district_code("091", level, properties["tunnus"])
                names[code] = properties["nimi_se"].strip().title()
    return names
