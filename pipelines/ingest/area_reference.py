"""Build raw/reference/areas.csv, every Finnish area, from the publishers' classification files.

The build reads only the generated `areas.csv`; this module makes it, from the files kept
byte for byte in `raw/reference/sources/` (provenance in `raw/reference/SOURCES.md`):

- `kunta_1_20240101.csv`: Statistics Finland's municipalities on 1 Jan 2024 (codes, Finnish
  names): the current municipalities;
- `kunnat_ja_kuntapohjaiset_alueet_2022_...xlsx`: their Swedish and English names, regions
  (maakunta) and sub-regions (seutukunta) with names in three languages;
- `municipality_to_wellbeing_service_county_codes.csv` and `wellbeing_service_county_codes.csv`:
  which wellbeing services county (or Helsinki, 90, or Åland, 91) each municipality belongs to;
- `lakkautetut_kunnat_vuoteen_2022_asti.xlsx`: municipalities abolished since 2009 and the one
  each became part of (they stay areas of their own, level `former_municipality`, so that older
  data keeps its place and the successor says where it went);
- `sotkanet_regions_2016.json`: THL Sotkanet's regions, for the English and Swedish names of
  municipalities abolished since 2016 and for European countries (`SOTKANET_EUROOPPA_752`);
- `sotkanet_regions_2016.json` also gives the hospital districts (`SHP25`, with
  "sairaanhoitopiiri"/"sjukvårdsdistrikt" names) and the special responsibility areas
  (`ERVA1`) in three languages;
- the statistical districts of Helsinki, Espoo and Vantaa (pipelines/ingest/districts.py);
- `local_areas.csv` (hand-kept): the whole country, Mainland Finland and Åland (`MA1`, `MA2`),
  the wellbeing services counties' names in Swedish and English, the Swedish and English names
  of Espoo's major districts and a few postal code areas;
- `paavo_postal_code_areas_2019.csv`: the postal code areas of the Western Uusimaa
  municipalities (Statistics Finland's Paavo 2019) with their municipality (postal_areas.py).

Run `python -m pipelines.ingest.area_reference` after changing a source; a test checks that
the committed areas.csv is what the sources give. Small tables: plain Python.
"""

import csv
import datetime
import io
import json
import sys
from pathlib import Path

import python_calamine

from pipelines.ingest.districts import district_areas
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.postal_areas import postal_areas
from pipelines.settings import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT / "raw" / "reference"
SOURCES = "sources"
COLUMNS = (
    "area_code", "area_level", "name_fi", "name_sv", "name_en", "parent_area_code",
    "region_code", "wellbeing_county_code", "sub_region_code", "successor_area_code",
    "valid_until",
)
MUNICIPALITIES = "kunta_1_20240101.csv"
NAMES_2022 = "kunnat_ja_kuntapohjaiset_alueet_2022_suomeksi_ruotsiksi_englanniksi.xlsx"
ABOLISHED = "lakkautetut_kunnat_vuoteen_2022_asti.xlsx"
TO_COUNTY = "municipality_to_wellbeing_service_county_codes.csv"
COUNTIES = "wellbeing_service_county_codes.csv"
SOTKANET = "sotkanet_regions_2016.json"
LOCAL = "local_areas.csv"
# Municipalities abolished from this date on are kept (the issue asks for those since 2009).
ABOLISHED_SINCE = datetime.date(2009, 1, 1)
# Sotkanet's country groups (EU-15, EU-25, EU-27, EU-28) among its European countries.
COUNTRY_GROUPS = frozenset({"30", "31", "32", "5"})
# Sotkanet's categories of whole-country divisions kept here: prefix, code width, level.
SOTKANET_DIVISIONS = {"SAIRAANHOITOPIIRI": ("SHP", 2, "hospital_district"),
                      "ERVA": ("ERVA", 1, "special_responsibility_area")}


def _statfin_csv(path: Path) -> list[list[str]]:
    """Statistics Finland's classification CSV: Windows-1252, ';', codes written "'049'"."""
    text = path.read_bytes().decode("cp1252")
    rows = []
    for fields in csv.reader(io.StringIO(text), delimiter=";"):
        cleaned = [field.strip().strip("'") for field in fields]
        if any(cleaned):
            rows.append(cleaned)
    return rows


def _sheet(path: Path, name: str | None = None) -> list[list[object]]:
    with python_calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        sheet = workbook.get_sheet_by_name(name or workbook.sheet_names[0])
        return sheet.to_python()


def _text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():  # a code typed as a number
        cell = int(cell)
    return str(cell).strip() if cell is not None else ""


def _code(cell: object, width: int) -> str:
    text = _text(cell)
    return text.zfill(width) if text.isdigit() else text


def build_areas(sources: Path) -> list[dict[str, str]]:
    """Every area, one dict per row in COLUMNS order; raises SourceFormatError on a gap."""
    current = {row[0]: row[2] for row in _statfin_csv(sources / MUNICIPALITIES)[1:]}
    county_names = {row[0]: row[2] for row in _statfin_csv(sources / COUNTIES)[1:]}
    to_county: dict[str, str] = {}
    for row in _statfin_csv(sources / TO_COUNTY):
        if row[0].isdigit():
            to_county[row[0]] = row[2]

    names_rows = _sheet(sources / NAMES_2022)
    header = [_text(cell) for cell in names_rows[1]]
    column = {name: header.index(name) for name in header}
    municipalities: dict[str, dict[str, str]] = {}
    regions: dict[str, tuple[str, str, str]] = {}
    sub_regions: dict[str, tuple[str, str, str, str]] = {}
    for row in names_rows[2:]:
        code = _code(row[column["Kunnan numero"]], 3)
        if not code:
            continue
        region = _code(row[column["Maakunnan koodi"]], 2)
        sub_region = _code(row[column["Seutukuntakoodi"]], 3)
        municipalities[code] = {
            "name_sv": _text(row[column["Kunnan nimi ruotsiksi"]]),
            "name_en": _text(row[column["Kunnan nimi englanniksi"]]),
            "region": region, "sub_region": sub_region,
        }
        regions[region] = (_text(row[column["Maakunta"]]),
                           _text(row[column["Maakunnan nimi ruotsiksi"]]),
                           _text(row[column["Maakunnan nimi englanniksi"]]))
        sub_regions[sub_region] = (_text(row[column["Seutukunta"]]),
                                   _text(row[column["Seutukunta ruotsiksi"]]),
                                   _text(row[column["Seutukunta englanniksi"]]), region)

    for code in current:
        if code not in municipalities:
            raise SourceFormatError(sources / NAMES_2022, None,
                                    f"municipality {code} of {MUNICIPALITIES} is not in it")
        if code not in to_county:
            raise SourceFormatError(sources / TO_COUNTY, None,
                                    f"municipality {code} has no wellbeing services county")

    local = list(csv.DictReader((sources / LOCAL).open(encoding="utf-8")))
    local_counties = {row["area_code"]: row for row in local
                      if row["area_level"] == "wellbeing_county"}
    areas: list[dict[str, str]] = []

    def add(**values: str | None) -> None:
        areas.append({name: values.get(name) or "" for name in COLUMNS})

    for row in local:
        if row["area_level"] == "country":
            add(**row)
    for code, name_fi in sorted(county_names.items()):
        row = local_counties.get(f"HVA{code}")
        if row is None or row["name_fi"] != name_fi:
            raise SourceFormatError(sources / LOCAL, None,
                                    f"wellbeing services county {code} {name_fi!r} is not in it "
                                    "with that Finnish name")
        add(**row)
    for code, (name_fi, name_sv, name_en) in sorted(regions.items()):
        add(area_code=f"MK{code}", area_level="region", name_fi=name_fi, name_sv=name_sv,
            name_en=name_en, parent_area_code="SSS")
    for code, (name_fi, name_sv, name_en, region) in sorted(sub_regions.items()):
        add(area_code=f"SK{code}", area_level="sub_region", name_fi=name_fi, name_sv=name_sv,
            name_en=name_en, parent_area_code=f"MK{region}", region_code=f"MK{region}")
    sotkanet = json.loads((sources / SOTKANET).read_text(encoding="utf-8"))
    for region in sorted(sotkanet, key=lambda item: (item["category"], item["code"])):
        if (division := SOTKANET_DIVISIONS.get(region["category"])) is not None:
            prefix, width, level = division
            title = region["title"]
            add(area_code=f"{prefix}{region['code'].zfill(width)}", area_level=level,
                name_fi=title.get("fi"), name_sv=title.get("sv"),
                name_en=(title.get("en") or "").strip(), parent_area_code="SSS")
    membership: dict[str, dict[str, str]] = {}
    for code, name_fi in sorted(current.items()):
        info = municipalities[code]
        county = f"HVA{to_county[code]}"
        membership[code] = {"region_code": f"MK{info['region']}",
                            "wellbeing_county_code": county,
                            "sub_region_code": f"SK{info['sub_region']}"}
        add(area_code=f"KU{code}", area_level="municipality", name_fi=name_fi,
            name_sv=info["name_sv"], name_en=info["name_en"], parent_area_code=county,
            **membership[code])

    sotkanet_municipalities = {region["code"]: region["title"] for region in sotkanet
                               if region["category"] == "KUNTA"}
    for row in _sheet(sources / ABOLISHED)[3:]:
        code, when, successor = _code(row[2], 3), row[3], _code(row[4], 3)
        if not isinstance(when, datetime.date) or when < ABOLISHED_SINCE:
            continue
        if successor not in membership:
            raise SourceFormatError(sources / ABOLISHED, None,
                                    f"{code} became part of {successor}, not a current "
                                    "municipality")
        titles = sotkanet_municipalities.get(code, {})
        add(area_code=f"KU{code}", area_level="former_municipality", name_fi=_text(row[0]),
            name_sv=_text(row[1]) or titles.get("sv"),
            name_en=titles.get("en") or _text(row[0]), parent_area_code=f"KU{successor}",
            successor_area_code=f"KU{successor}",
            valid_until=(when - datetime.timedelta(days=1)).isoformat(),
            **membership[successor])

    for row in local:
        if row["area_level"] not in ("country", "wellbeing_county"):
            add(**row)
    local_codes = {row["area_code"] for row in local}
    for row in district_areas(sources, membership):
        if row["area_code"] not in local_codes:  # the hand-kept rows add sv and en names
            add(**row)
    for row in postal_areas(sources, membership, {area["area_code"] for area in areas}):
        add(**row)
    for region in sorted(sotkanet, key=lambda item: item["code"]):
        if region["category"] != "EUROOPPA" or region["code"] == "246":  # 246: Finland (SSS)
            continue
        title = region["title"]
        add(area_code=f"SOTKANET_EUROOPPA_{region['code']}",
            area_level="country_group" if region["code"] in COUNTRY_GROUPS
            else "foreign_country",
            name_fi=title.get("fi"), name_sv=title.get("sv"), name_en=title.get("en"))

    codes = [area["area_code"] for area in areas]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        raise SourceFormatError(sources, None, f"area codes given twice: {duplicated}")
    return areas


def areas_csv(areas: list[dict[str, str]]) -> str:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(areas)
    return output.getvalue()


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:] or [str(REFERENCE_DIR)])[0])
    areas = build_areas(folder / SOURCES)
    (folder / "areas.csv").write_text(areas_csv(areas), encoding="utf-8")
    levels: dict[str, int] = {}
    for area in areas:
        levels[area["area_level"]] = levels.get(area["area_level"], 0) + 1
    print(f"wrote {folder / 'areas.csv'}: {len(areas)} areas "
          + ", ".join(f"{count} {level}" for level, count in levels.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
