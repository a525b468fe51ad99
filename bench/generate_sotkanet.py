"""Generate Sotkanet-shaped data at national scale: regions.json, indicators.json and CSV exports.

Every municipality and higher area (about 420 regions), as many indicators as the row target
needs (about 1,800 at 20 M rows), each published for 10 years of a 30-year span, by sex for
most indicators. 20 million rows is the full size. About one row
in ten thousand names a region id the regions list lacks, as real exports do, so the
quarantine works at scale too.

Two shapes: the synthetic regions list (above) with an absolute value on count indicators only,
or `--shape real`: a real regions payload (`--regions`, by default Sotkanet's 2016 list in
tests/data/realdata/sotkanet/regions_2016.json: 511 regions, Nordic and European comparison
areas among them) copied byte for byte, and an absolute value on every indicator, as the
service's exports carry them.

    python bench/generate_sotkanet.py --rows 2000000 --files 50 --out bench/data/2m/raw
    python bench/generate_sotkanet.py --rows 2000000 --shape real --out bench/data/2m_real/raw
"""

import argparse
import json
import math
import shutil
import time
from pathlib import Path

import duckdb

YEARS = 30
YEARS_PER_INDICATOR = 10
FIRST_YEAR = 1994
MUNICIPALITIES, SUB_REGIONS, REGIONS, COUNTIES = 309, 70, 19, 23
REAL_REGIONS = (Path(__file__).resolve().parents[1] / "tests" / "data" / "realdata" / "sotkanet"
                / "regions_2016.json")
SHAPES = ("synthetic", "real")


def regions() -> list[dict]:
    """Synthetic regions with the real structure: municipality -> county, region, country."""
    items = [{"id": 658, "code": "358", "category": "MAA",
              "title": {"fi": "Koko maa", "sv": "Hela landet", "en": "Whole country"},
              "memberOf": []}]
    for number in range(1, REGIONS + 1):
        items.append({"id": 400 + number, "code": f"{number:02d}", "category": "MAAKUNTA",
                      "title": {"fi": f"Maakunta {number}", "sv": f"Landskap {number}",
                                "en": f"Region {number}"}, "memberOf": [658]})
    for number in range(1, COUNTIES + 1):
        items.append({"id": 950 + number, "code": str(number), "category": "HYVINVOINTIALUE",
                      "title": {"fi": f"Hyvinvointialue {number}", "sv": f"Välfärdsområde {number}",
                                "en": f"Wellbeing services county {number}"}, "memberOf": [658]})
    for number in range(1, SUB_REGIONS + 1):
        items.append({"id": 500 + number, "code": f"{number:03d}", "category": "SEUTUKUNTA",
                      "title": {"fi": f"Seutukunta {number}", "sv": f"Ekonomisk region {number}",
                                "en": f"Sub-region {number}"},
                      "memberOf": [400 + 1 + number % REGIONS, 658]})
    for number in range(1, MUNICIPALITIES + 1):
        items.append({"id": number, "code": f"{number:03d}", "category": "KUNTA",
                      "title": {"fi": f"Kunta {number}", "sv": f"Kommun {number}",
                                "en": f"Municipality {number}"},
                      "memberOf": [950 + 1 + number % COUNTIES, 400 + 1 + number % REGIONS,
                                   500 + 1 + number % SUB_REGIONS, 658]})
    return items


def indicators(count: int) -> list[dict]:
    units = ["as % of population", "per 1000 inhabitants", "number of persons", "index"]
    items = []
    for number in range(1, count + 1):
        unit = units[number % len(units)]
        sexes = ["total"] if number % 5 == 0 else ["male", "female", "total"]
        items.append({"id": number, "decimals": 1,
                      "title": {"fi": f"Indikaattori {number}", "sv": f"Indikator {number}",
                                "en": f"Indicator {number}, {unit}"},
                      "organization": {"id": 2, "title": {"en": "THL"}},
                      "classifications": {"sex": {"values": sexes}}})
    return items


def generate(rows: int, files: int, out: Path, shape: str = "synthetic",
             regions_file: Path = REAL_REGIONS) -> dict:
    started = time.monotonic()
    folder = out / "indicators" / "sotkanet"
    folder.mkdir(parents=True, exist_ok=True)
    if shape == "real":
        shutil.copyfile(regions_file, folder / "regions.json")
        region_items = json.loads(regions_file.read_text(encoding="utf-8"))
    else:
        region_items = regions()
        (folder / "regions.json").write_text(json.dumps(region_items, ensure_ascii=False))
    # Rows per indicator: regions x years x (3 sexes for 4 in 5 indicators, 1 for the rest).
    per_indicator = len(region_items) * YEARS_PER_INDICATOR * (0.8 * 3 + 0.2)
    count = max(1, math.ceil(rows / per_indicator))
    (folder / "indicators.json").write_text(json.dumps(indicators(count), ensure_ascii=False))
    con = duckdb.connect()
    con.execute("CREATE TABLE region AS SELECT unnest($ids) AS region", {
        "ids": [item["id"] for item in region_items]})
    con.execute(f"""
        CREATE TABLE cell AS
        SELECT i.indicator, r.region, y.year, s.gender
        FROM range(1, {count} + 1) i(indicator)
        CROSS JOIN region r
        CROSS JOIN range({FIRST_YEAR}, {FIRST_YEAR + YEARS}) y(year)
        CROSS JOIN (VALUES ('male'), ('female'), ('total')) s(gender)
        WHERE (s.gender = 'total' OR i.indicator % 5 <> 0)
          AND y.year - {FIRST_YEAR} BETWEEN i.indicator % {YEARS - YEARS_PER_INDICATOR + 1}
              AND i.indicator % {YEARS - YEARS_PER_INDICATOR + 1} + {YEARS_PER_INDICATOR - 1}
        LIMIT {rows}
    """)
    # The counts (absolute values): with --shape real additive as real counts are: a
    # municipality's men and women drawn (5000 u^2: about 3 % below 5), its total their sum,
    # every aggregate the sum of the municipalities whose memberOf names it (the country: all
    # of them); comparison areas abroad drawn. The synthetic shape keeps its drawn values.
    kunta = [item["id"] for item in region_items if item.get("category") == "KUNTA"]
    country = [item["id"] for item in region_items if item.get("category") == "MAA"]
    members = [(parent, item["id"]) for item in region_items if item.get("category") == "KUNTA"
               for parent in item.get("memberOf") or []]
    members += [(parent, municipality) for parent in country for municipality in kunta
                if (parent, municipality) not in set(members)]
    con.execute("CREATE TABLE member AS SELECT unnest($p) AS parent, unnest($m) AS region",
                {"p": [p for p, _ in members] or [0], "m": [m for _, m in members] or [0]})
    con.execute("CREATE TABLE kunta AS SELECT unnest($k) AS region", {"k": kunta or [0]})
    drawn = "floor(5000 * pow((hash(c.indicator, c.region, c.year, c.gender) % 1000000) / 1e6, 2))"
    con.execute(f"""
        CREATE TABLE base AS
        SELECT c.indicator, c.region, c.year, c.gender, {drawn} AS n
        FROM cell c WHERE c.region IN (FROM kunta) AND (c.gender <> 'total' OR c.indicator % 5 = 0)
    """)
    con.execute("""
        CREATE TABLE count_value AS
        WITH municipal AS (
            SELECT indicator, region, year, gender, n FROM base
            UNION ALL
            SELECT indicator, region, year, 'total', sum(n) FROM base
            WHERE gender <> 'total' GROUP BY ALL
        )
        SELECT * FROM municipal
        UNION ALL
        SELECT m.indicator, p.parent, m.year, m.gender, sum(m.n)
        FROM municipal m JOIN member p USING (region)
        GROUP BY ALL
    """)
    con.execute(f"""
        CREATE TABLE counted AS
        SELECT c.*, coalesce(v.n, {drawn}) AS n
        FROM cell c LEFT JOIN count_value v USING (indicator, region, year, gender)
    """)
    count_sql = "n" if shape == "real" else "(hash(indicator, region, year) % 100000)"
    # Indicators 2, 6, 10, ... are "number of persons" (indicators() above): with --shape real
    # their value is the count itself, additive as real counts are.
    count_of_persons = ("n::DOUBLE" if shape == "real"
                        else "round((hash(indicator, region, year) % 10000) / 10.0, 1)")
    for part in range(files):
        con.execute(f"""
            COPY (
                SELECT indicator,
                       CASE WHEN hash(indicator, region, year, gender) % 10000 = 0
                            THEN 999000 + region ELSE region END AS region,
                       year, gender,
                       CASE indicator % 4
                           WHEN 1 THEN round((hash(indicator, region, year) % 1000) / 10.0, 1)
                           WHEN 2 THEN {count_of_persons}
                           WHEN 3 THEN {count_sql}::DOUBLE
                           -- "as % of population": within 0-100 (80-120 sent an eighth of
                           -- all rows to the quarantine as out of the unit's range)
                           ELSE round(60 + (hash(indicator, region, year) % 400) / 10.0, 1)
                       END AS "primary value",
                       CASE WHEN indicator % 4 = 3 OR {shape == "real"}
                            THEN {count_sql}::VARCHAR END
                           AS "absolute value"
                FROM counted WHERE indicator % {files} = {part}
            ) TO '{folder / f"sotkanet_part_{part:03d}.csv"}' (DELIMITER ';', HEADER)
        """)
    total = con.execute("SELECT count(*) FROM cell").fetchone()[0]
    size = sum(path.stat().st_size for path in folder.glob("*.csv"))
    return {"rows": total, "shape": shape, "indicators": count, "regions": len(region_items),
            "files": files,
            "csv_bytes": size, "seconds": round(time.monotonic() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--shape", choices=SHAPES, default="synthetic",
                        help="real: a real regions payload and an absolute value on every "
                             "indicator")
    parser.add_argument("--regions", type=Path, default=REAL_REGIONS,
                        help="the regions payload of --shape real")
    args = parser.parse_args()
    print(json.dumps(generate(args.rows, args.files, args.out, args.shape, args.regions)))


if __name__ == "__main__":
    main()
