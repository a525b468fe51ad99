"""The illustrative sample that completes raw/indicators/sotkanet/ for every area (issue 23).

The bundled Sotkanet files held the ten municipalities of Western Uusimaa and a few of their
neighbours. A welfare report ranks a municipality among all of them, so this script writes
`sotkanet_all_areas_2015_2023.csv` (Sotkanet's CSV export shape) with values for every
municipality of 2024, the 23 wellbeing services counties and the whole country, for the
cells the other sample files do not hold, and adds the municipalities missing from
`regions.json` (their real Sotkanet ids, from Sotkanet's 2016 regions list).

The values are ILLUSTRATIVE, GENERATED: not official statistics. What makes them plausible:

- scale: the real population of each municipality in 2009 (Sotkanet's answer for indicator
  127, tests/data/fetch/sotkanet/indicator_127_2009_total.csv; municipalities merged since
  then added to their successor), grown or shrunk by size, then scaled so that the counts add
  up to the totals the other sample files give (Uusimaa, the whole country);
- consistency: counts add up (male + female = total; a county = the sum of its
  municipalities; the country = the sum of all); a county's rate is its municipalities'
  population-weighted mean, or (mortality) its deaths over its population;
  rates already in the other files for the whole country are matched by scaling;
- correlation: each municipality has a lasting level per indicator (from a regional factor,
  its size and its own draw) and a slow trend of its own, plus yearly noise that is larger for
  small municipalities; the indicators share the regional factor;
- gaps as in real exports: survey indicators (4284, 1514) have no value for municipalities of
  under 2,000 inhabitants, the employment service's (181, 189) none for Åland, the school
  survey (1514) is every other year.

Seeded and written with Python's own `random()` (whose sequence Python keeps stable across
versions), so it writes the same bytes every time: tests/test_report_data.py checks that the
committed file is what this script writes. Run from the repository root:

    .venv/bin/python bench/generate_sample_sotkanet.py            # write the files
    .venv/bin/python bench/generate_sample_sotkanet.py --check    # exit 1 if they differ
"""

import argparse
import csv
import io
import json
import math
import random
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOTKANET = ROOT / "raw" / "indicators" / "sotkanet"
OUTPUT = SOTKANET / "sotkanet_all_areas_2015_2023.csv"
REGIONS = SOTKANET / "regions.json"
INDICATORS = SOTKANET / "indicators.json"
# The other sample files: their cells are left out here, their totals matched.
EXISTING = ("sotkanet_population_2015_2023.csv", "sotkanet_wellbeing_legacy_2015_2023.json",
            "sotkanet_youth_employment_2015_2023.json")
AREAS = ROOT / "raw" / "reference" / "areas.csv"
REGIONS_2016 = ROOT / "raw" / "reference" / "sources" / "sotkanet_regions_2016.json"
POPULATION_2009 = ROOT / "tests" / "data" / "fetch" / "sotkanet" / "indicator_127_2009_total.csv"
SEED = 23
YEARS = tuple(range(2015, 2024))
COUNTRY_ID, UUSIMAA_ID, UUSIMAA = 658, 488, "MK01"
POPULATION = 127
HEADER = "indicator;region;year;gender;primary value;absolute value"
SEXES = ("total", "male", "female")
# Regional factor (higher: more unemployment, social assistance, ill health), by county.
COUNTY_FACTOR = {
    "HVA01": -0.2, "HVA02": -0.5, "HVA03": -0.6, "HVA04": -0.1, "HVA05": -0.1, "HVA06": 0.2,
    "HVA07": 0.1, "HVA08": 0.0, "HVA09": 0.4, "HVA10": 0.6, "HVA11": 0.5, "HVA12": 0.6,
    "HVA13": 0.5, "HVA14": 0.9, "HVA15": 0.5, "HVA16": -0.2, "HVA17": -0.7, "HVA18": 0.0,
    "HVA19": 0.3, "HVA20": 1.0, "HVA21": 0.7, "HVA90": 0.1, "HVA91": -1.0,
}
SURVEY_MINIMUM = 2000  # inhabitants: survey indicators have no municipal value below it
ALAND = "HVA91"


@dataclass(frozen=True)
class Spec:
    """How one rate indicator is drawn: its national level, spread (log scale), loading on
    the regional factor, effect of size (per tenfold population), gap male - female (share of
    the level), yearly national pattern (relative), and which areas and years have values."""

    indicator: int
    level: float
    spread: float
    loading: float
    size_effect: float
    sex_gap: float
    yearly: tuple[float, ...]
    years: tuple[int, ...] = YEARS
    survey: bool = False
    employment_service: bool = False
    high: float = 99.0


RATES = (
    Spec(181, 9.5, 0.25, 0.35, 0.05, 0.18,
         (1.18, 1.12, 1.02, 0.9, 0.85, 1.1, 1.02, 0.86, 0.92), employment_service=True),
    Spec(189, 15.0, 0.25, 0.3, 0.02, 0.0,
         (1.2, 1.12, 1.0, 0.88, 0.84, 1.15, 0.98, 0.85, 0.95), employment_service=True),
    Spec(5, 4.5, 0.3, 0.35, 0.12, 0.25, (1.08, 1.06, 1.04, 1.0, 0.97, 1.0, 0.98, 0.97, 1.0)),
    Spec(187, 60.0, 0.6, -0.2, 0.5, 0.1,
         (0.78, 0.82, 0.86, 0.9, 0.94, 0.98, 1.03, 1.1, 1.18), high=600),
    Spec(3219, 8.0, 0.25, 0.25, 0.0, 0.0, (1.06, 1.05, 1.03, 1.0, 0.98, 0.97, 0.97, 0.98, 1.0)),
    Spec(4284, 11.0, 0.15, 0.12, 0.04, -0.1, (1.0, 1.06, 1.1, 1.04), years=(2018, 2020, 2022,
                                                                            2023), survey=True),
    Spec(4, 6.0, 0.3, 0.2, 0.05, -0.3, (0.85, 0.88, 0.9, 0.93, 0.96, 1.0, 1.08, 1.12, 1.15),
         high=1000),
    Spec(1514, 7.0, 0.2, 0.1, -0.02, 0.25, (1.05, 1.0, 0.97, 1.0, 1.04),
         years=(2015, 2017, 2019, 2021, 2023), survey=True),
)
# Mortality, from deaths drawn over the population: 186 everyone, per 100 000; 322 the
# 65-year-olds and older, per 100 000 of them. Only the rate is written (the absolute value
# empty, as in many real exports): the deaths of the smallest municipalities are small counts,
# and hundreds of them made small-number protection and its tests' checkers on the sample
# several times slower (the sample's small counts are the county's aftercare clients').
MORTALITY = (186, 322)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the committed files differ")
    args = parser.parse_args()
    regions_text, csv_text = generate()
    written = {REGIONS: regions_text, OUTPUT: csv_text}
    if args.check:
        stale = [str(path.relative_to(ROOT)) for path, text in written.items()
                 if not path.is_file() or path.read_text(encoding="utf-8") != text]
        if stale:
            print("differ from what the script writes: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("the sample files are what the script writes")
        return 0
    for path, text in written.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)} ({len(text.encode()):,} bytes)")
    return 0


class Draw:
    """Seeded draws from `random()` alone (its sequence is stable across Python versions;
    gauss() is not promised to be)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.rng.random()

    def normal(self) -> float:  # Box-Muller
        u1 = 1.0 - self.rng.random()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * self.rng.random())


@dataclass(frozen=True)
class Municipality:
    code: str  # KU049
    region_id: int
    county: str  # HVA03
    uusimaa: bool
    population_2009: int


def generate() -> tuple[str, str]:
    """The new regions.json text and the CSV text."""
    draw = Draw(SEED)
    regions = json.loads(REGIONS.read_text(encoding="utf-8"))
    municipalities, county_ids = _municipalities(regions)
    regions_text = _regions(regions, municipalities, county_ids)
    indicators = {item["id"]: item for item in
                  json.loads(INDICATORS.read_text(encoding="utf-8"))}
    existing = _existing()
    rows: dict[tuple[int, int, int, str], tuple[float, float | None]] = {}

    population = _population(draw, municipalities, existing)
    _put_counts(rows, POPULATION, population, municipalities, county_ids)
    factor = {m.code: COUNTY_FACTOR[m.county] + 0.5 * draw.normal() for m in municipalities}
    for spec in RATES:
        _rates(draw, rows, spec, municipalities, county_ids, population, factor, existing,
               _sexes(indicators[spec.indicator]))
    _mortality(draw, rows, municipalities, county_ids, population, factor)

    out = io.StringIO()
    out.write(HEADER + "\n")
    decimals = {item_id: item.get("decimals") for item_id, item in indicators.items()}
    for (indicator, region, year, sex), (value, absolute) in sorted(
            rows.items(), key=lambda item: (item[0][0], item[0][2], item[0][1],
                                            SEXES.index(item[0][3]))):
        if (indicator, region, year, sex) in existing:
            continue  # the other sample files hold it
        places = 0 if indicator == POPULATION else decimals.get(indicator)
        places = 1 if places is None else places
        absolute_text = "" if absolute is None else str(int(absolute))
        out.write(f"{indicator};{region};{year};{sex};{value:.{places}f};{absolute_text}\n")
    return regions_text, out.getvalue()


def _municipalities(regions: list[dict]) -> tuple[list[Municipality], dict[str, int]]:
    """Every municipality of the area reference with its Sotkanet id (2016 list) and 2009
    population (its own and that of municipalities merged into it); the counties' ids."""
    county_ids = {f"HVA{int(item['code']):02d}": item["id"] for item in regions
                  if item["category"] == "HYVINVOINTIALUE"}
    ids_2016 = {item["code"]: item["id"] for item in
                json.loads(REGIONS_2016.read_text(encoding="utf-8"))
                if item["category"] == "KUNTA"}
    with POPULATION_2009.open(encoding="utf-8") as handle:
        population_2009 = {int(row["region"]): int(row["primary value"]) for row in
                           csv.DictReader(handle, delimiter=";") if row["gender"] == "total"}
    with AREAS.open(encoding="utf-8") as handle:
        areas = list(csv.DictReader(handle))
    merged: dict[str, int] = defaultdict(int)
    for area in areas:
        if area["area_level"] == "former_municipality":
            region_id = ids_2016.get(area["area_code"][2:])
            merged[area["successor_area_code"]] += population_2009.get(region_id, 0)
    municipalities = []
    for area in areas:
        if area["area_level"] != "municipality":
            continue
        region_id = ids_2016[area["area_code"][2:]]
        municipalities.append(Municipality(
            area["area_code"], region_id, area["wellbeing_county_code"],
            area["region_code"] == UUSIMAA,
            population_2009[region_id] + merged[area["area_code"]]))
    return municipalities, county_ids


def _regions(regions: list[dict], municipalities: list[Municipality],
             county_ids: dict[str, int]) -> str:
    """regions.json with the missing municipalities from Sotkanet's 2016 list, their county
    (which that list predates) first in memberOf, as in the file's other municipalities."""
    have = {item["id"] for item in regions}
    by_id = {item["id"]: item for item in json.loads(REGIONS_2016.read_text(encoding="utf-8"))}
    added = []
    for municipality in municipalities:
        if municipality.region_id in have:
            continue
        item = dict(by_id[municipality.region_id])
        item["memberOf"] = [county_ids[municipality.county], *item["memberOf"]]
        added.append(item)
    return json.dumps(regions + sorted(added, key=lambda item: item["id"]), indent=1,
                      ensure_ascii=False)


def _existing() -> dict[tuple[int, int, int, str], tuple[float, float | None]]:
    """The cells of the other sample files, with their values (None: not a number)."""
    cells: dict[tuple[int, int, int, str], tuple[float | None, float | None]] = {}

    def put(indicator: object, region: object, year: object, sex: object, value: object,
            absolute: object) -> None:
        number = None if value in (None, "") else float(value)
        count = None if absolute in (None, "") else float(absolute)
        cells[(int(indicator), int(region), int(year), str(sex))] = (number, count)

    for name in EXISTING:
        path = SOTKANET / name
        if path.suffix == ".csv":
            with path.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle, delimiter=";"):
                    put(row["indicator"], row["region"], row["year"], row["gender"],
                        row["primary value"], row["absolute value"])
        else:
            for row in json.loads(path.read_text(encoding="utf-8")):
                put(row["indicator"], row["region"], row["year"], row["gender"],
                    row.get("value", row.get("primary value")),
                    row.get("absValue", row.get("absolute value")))
    return cells


def _population(draw: Draw, municipalities: list[Municipality], existing: dict
                ) -> dict[tuple[str, int, str], int]:
    """Population by municipality, year and sex: the given ones kept, the others grown from
    2009 by size and scaled to the given totals of Uusimaa and the whole country."""
    growth = {}
    male_share = {}
    for m in municipalities:
        size = math.log10(max(m.population_2009, 100) / 2000)
        growth[m.code] = -0.008 + 0.005 * size + 0.003 * draw.normal()
        male_share[m.code] = 0.505 - 0.006 * size + 0.004 * draw.normal()
    result: dict[tuple[str, int, str], int] = {}
    for year in YEARS:
        for sex in SEXES:
            given = {m.code: existing[(POPULATION, m.region_id, year, sex)][0]
                     for m in municipalities if (POPULATION, m.region_id, year, sex) in existing}
            uusimaa_total = existing[(POPULATION, UUSIMAA_ID, year, sex)][0]
            country_total = existing[(POPULATION, COUNTRY_ID, year, sex)][0]
            for in_uusimaa, total in ((True, uusimaa_total),
                                      (False, country_total - uusimaa_total)):
                members = [m for m in municipalities if m.uusimaa == in_uusimaa]
                rest = total - sum(given.get(m.code, 0) for m in members)
                weights = {}
                for m in members:
                    if m.code in given:
                        continue
                    weight = m.population_2009 * (1 + growth[m.code]) ** (year - 2009)
                    if sex == "male":
                        weight *= male_share[m.code]
                    elif sex == "female":
                        weight *= 1 - male_share[m.code]
                    weights[m.code] = weight
                if sex == "female":  # female = total - male, exactly
                    for code in weights:
                        weights[code] = result[(code, year, "total")] - result[(code, year,
                                                                                "male")]
                    scaled = {code: int(weight) for code, weight in weights.items()}
                else:
                    scaled = _apportion(weights, int(rest))
                for m in members:
                    result[(m.code, year, sex)] = int(given[m.code]) if m.code in given else (
                        scaled[m.code])
    return result


def _apportion(weights: dict[str, float], total: int) -> dict[str, int]:
    """Whole numbers proportional to `weights` that add up to `total` (largest remainder)."""
    scale = total / sum(weights.values())
    exact = {code: weight * scale for code, weight in weights.items()}
    whole = {code: math.floor(value) for code, value in exact.items()}
    short = total - sum(whole.values())
    for code in sorted(exact, key=lambda code: (whole[code] - exact[code], code))[:short]:
        whole[code] += 1
    return whole


def _put_counts(rows: dict, indicator: int, counts: dict[tuple[str, int, str], int],
                municipalities: list[Municipality], county_ids: dict[str, int]) -> None:
    """A count for every municipality, county (their sum) and the whole country."""
    for year in YEARS:
        for sex in SEXES:
            sums: dict[str, int] = defaultdict(int)
            for m in municipalities:
                count = counts[(m.code, year, sex)]
                rows[(indicator, m.region_id, year, sex)] = (count, count)
                sums[m.county] += count
            for county, count in sums.items():
                rows[(indicator, county_ids[county], year, sex)] = (count, count)
            rows[(indicator, COUNTRY_ID, year, sex)] = (sum(sums.values()),
                                                        sum(sums.values()))


def _sexes(item: dict) -> tuple[str, ...]:
    values = ((item.get("classifications") or {}).get("sex") or {}).get("values") or []
    return tuple(sex for sex in SEXES if sex in values) if "male" in values else ("total",)


def _rates(draw: Draw, rows: dict, spec: Spec, municipalities: list[Municipality],
           county_ids: dict[str, int], population: dict, factor: dict[str, float],
           existing: dict, sexes: tuple[str, ...]) -> None:
    """One rate indicator: each municipality's level, trend and noise; by sex around the
    total; the whole country's given values matched by scaling; counties and the country as
    population-weighted means."""
    level, slope = {}, {}
    for m in municipalities:
        size = math.log10(max(m.population_2009, 100) / 10000)
        level[m.code] = spec.level * math.exp(
            spec.loading * factor[m.code] + spec.size_effect * size * 2
            + spec.spread * 0.6 * draw.normal())
        slope[m.code] = 0.02 * draw.normal()
    by_sex = tuple(sex for sex in sexes if sex != "total")
    for index, year in enumerate(spec.years):
        shown = [m for m in municipalities if _has_value(spec, m, population, year)]
        values: dict[tuple[str, str], float] = {}
        for m in shown:
            noise = (0.02 + 0.25 / math.sqrt(max(population[(m.code, year, "total")], 50) / 100)
                     ) * draw.normal()
            total = level[m.code] * spec.yearly[index] * math.exp(
                slope[m.code] * (year - 2019) + noise)
            values[(m.code, "total")] = total
            if by_sex:
                gap = spec.sex_gap * total * (1 + 0.3 * draw.normal())
                male = population[(m.code, year, "male")]
                female = population[(m.code, year, "female")]
                values[(m.code, "male")] = total + gap * female / (male + female)
                values[(m.code, "female")] = total - gap * male / (male + female)
        # Match the whole country's value the other files give, sex by sex (a scale over the
        # municipalities they do not give).
        for sex in ("total", *by_sex):
            key = (spec.indicator, COUNTRY_ID, year, sex)
            if key not in existing:
                continue
            target = existing[key][0]
            given = {m.code: existing[(spec.indicator, m.region_id, year, sex)][0]
                     for m in shown if (spec.indicator, m.region_id, year, sex) in existing}
            fixed = [(m, given[m.code]) for m in shown if given.get(m.code) is not None]
            free = [m for m in shown if m.code not in given]
            weight_all = sum(population[(m.code, year, sex)] for m in (*free, *(m for m, _ in
                                                                                 fixed)))
            fixed_part = sum(population[(m.code, year, sex)] * value for m, value in fixed)
            free_part = sum(population[(m.code, year, sex)] * values[(m.code, sex)]
                            for m in free)
            scale = (target * weight_all - fixed_part) / free_part
            for m in free:
                values[(m.code, sex)] *= scale
            for m, value in fixed:
                values[(m.code, sex)] = value
        for sex in ("total", *by_sex):
            sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
            for m in shown:
                if existing.get((spec.indicator, m.region_id, year, sex), (0,))[0] is None:
                    continue  # missing in the other files: no value to weigh
                value = min(max(values[(m.code, sex)], 0.1), spec.high)
                rows[(spec.indicator, m.region_id, year, sex)] = (value, None)
                weight = population[(m.code, year, sex)]
                sums[m.county][0] += weight * value
                sums[m.county][1] += weight
            for county, (weighted, weight) in sums.items():
                rows[(spec.indicator, county_ids[county], year, sex)] = (weighted / weight, None)
            weighted = sum(part[0] for part in sums.values())
            rows[(spec.indicator, COUNTRY_ID, year, sex)] = (
                weighted / sum(part[1] for part in sums.values()), None)


def _has_value(spec: Spec, m: Municipality, population: dict, year: int) -> bool:
    if spec.employment_service and m.county == ALAND:
        return False
    return not (spec.survey and population[(m.code, year, "total")] < SURVEY_MINIMUM)


def _mortality(draw: Draw, rows: dict, municipalities: list[Municipality],
               county_ids: dict[str, int], population: dict, factor: dict[str, float]) -> None:
    """The rate of deaths drawn by sex (male + female = total) over the population, a
    county's and the country's from the sums: for everyone (186) and for the 65-year-olds and
    older (322, of an older share drawn by size)."""
    older_share = {}
    for m in municipalities:
        size = math.log10(max(m.population_2009, 100) / 10000)
        older_share[m.code] = min(max(0.24 - 0.06 * size + 0.02 * draw.normal(), 0.12), 0.45)
    for indicator in MORTALITY:
        for year in YEARS:
            deaths: dict[tuple[str, str], int] = {}
            base: dict[tuple[str, str], float] = {}
            for m in municipalities:
                older = older_share[m.code]
                for sex in ("male", "female"):
                    people = population[(m.code, year, sex)]
                    if indicator == 186:
                        rate = (0.0025 + 0.04 * older) * (1.1 if sex == "male" else 0.92)
                    else:
                        rate = 0.042 * (1.12 if sex == "male" else 0.9)
                        people = people * older
                    rate *= math.exp(0.06 * factor[m.code] + 0.03 * draw.normal())
                    base[(m.code, sex)] = people
                    deaths[(m.code, sex)] = _poisson(draw, rate * people)
                base[(m.code, "total")] = base[(m.code, "male")] + base[(m.code, "female")]
                deaths[(m.code, "total")] = deaths[(m.code, "male")] + deaths[(m.code,
                                                                               "female")]
            for sex in SEXES:
                sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
                for m in municipalities:
                    count, people = deaths[(m.code, sex)], base[(m.code, sex)]
                    rows[(indicator, m.region_id, year, sex)] = (100000 * count / people, None)
                    sums[m.county][0] += count
                    sums[m.county][1] += people
                for county, (count, people) in sums.items():
                    rows[(indicator, county_ids[county], year, sex)] = (
                        100000 * count / people, None)
                count = sum(part[0] for part in sums.values())
                people = sum(part[1] for part in sums.values())
                rows[(indicator, COUNTRY_ID, year, sex)] = (100000 * count / people, None)


def _poisson(draw: Draw, mean: float) -> int:
    """A Poisson draw: by multiplication for small means, else the normal approximation."""
    if mean < 30:
        limit, product, count = math.exp(-mean), draw.uniform(0, 1), 0
        while product > limit:
            product *= draw.uniform(0, 1)
            count += 1
        return count
    return max(0, round(mean + math.sqrt(mean) * draw.normal()))


if __name__ == "__main__":
    raise SystemExit(main())
