"""Write the youth pilot's sample tables (issue 25) into raw/: illustrative figures in the
shapes their publishers emit, for the Western Uusimaa wellbeing services county (HVA03), its
ten municipalities and Espoo's major districts, by language group, sex and year.

    .venv/bin/python bench/generate_youth_pilot.py            # into raw/
    .venv/bin/python bench/generate_youth_pilot.py --out /tmp/raw

The figures are made up (a fixed seed: the same files, byte for byte, every time), realistic
in magnitude: the shares of the county's young people by language, and rates that differ by
language group the way published statistics do. Counts add up (men + women = total,
fi + sv + other = total, the ten municipalities = the county), so the published-totals check
and the protection audit see consistent tables. Each file's description (the YAML beside it,
written by hand) says that its figures are illustrative.

Files written:
- indicators/statfin/youth_activity_language_sample.px: PX, population aged 15-24 by main
  type of activity (NEET, labour force, unemployed) x area x sex x language, 2021-2023;
- indicators/statfin/youth_outside_education_language_sample.json: JSON-stat 2.0, the
  17-24-year-olds outside education (the counts behind Sotkanet's indicator 3219) x area x
  sex x language, 2021-2023;
- indicators/county/youth_school_survey_language_2021_2023.csv: the school health survey's
  loneliness, anxiety and bullying items with respondent counts (n), grades 8 and 9;
- indicators/county/youth_neet_espoo_districts_sample.csv: a PxWeb CSV export (Helsinki
  Region Statistics' shape) of NEET young people and population by Espoo's major district
  and language, 2022-2023;
- indicators/county/youth_service_use_language_2022_2024.xlsx: the county's own client
  figures (child welfare, mental-health visits in primary care, long-term social assistance)
  with their population by age band and language, 2022-2024;
- indicators/ngo/youth_multilingual_activity_2022_2024.csv: an NGO's participants in its
  activities for multilingual young people, by district or municipality.
"""

import argparse
import csv
import io
import json
import random
import re
import zipfile
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 25
COUNTY = ("HVA03", "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde",
          "Western Uusimaa wellbeing services county")
# code, fi, sv, population aged 15-24, Swedish speakers' share, other languages' share,
# Sotkanet 3219 (outside education, %, 2021-2023 as in the sample), NEET level (relative)
MUNICIPALITIES = [
    ("KU049", "Espoo", "Esbo", 34200, 0.07, 0.24, (7.1, 6.8, 7.0), 1.00),
    ("KU078", "Hanko", "Hangö", 780, 0.42, 0.05, (8.4, 8.5, 7.8), 1.20),
    ("KU149", "Inkoo", "Ingå", 510, 0.50, 0.04, (8.6, 8.7, 7.8), 1.05),
    ("KU224", "Karkkila", "Högfors", 860, 0.01, 0.05, (9.5, 9.0, 9.1), 1.35),
    ("KU235", "Kauniainen", "Grankulla", 1290, 0.33, 0.08, (8.2, 8.0, 8.0), 0.70),
    ("KU257", "Kirkkonummi", "Kyrkslätt", 4250, 0.15, 0.10, (7.6, 7.1, 6.8), 0.95),
    ("KU444", "Lohja", "Lojo", 4560, 0.03, 0.07, (9.3, 8.6, 8.5), 1.25),
    ("KU710", "Raasepori", "Raseborg", 2580, 0.63, 0.06, (8.4, 8.6, 8.7), 1.15),
    ("KU755", "Siuntio", "Sjundeå", 590, 0.25, 0.05, (6.3, 6.4, 5.9), 0.90),
    ("KU927", "Vihti", "Vichtis", 2880, 0.02, 0.05, (8.5, 7.9, 8.1), 1.20),
]
LANGUAGES = ("fi", "sv", "other")
YEARS = (2021, 2022, 2023)
# Rates relative to Finnish speakers (published statistics show gaps of this kind).
NEET_BY_LANGUAGE = {"fi": 1.0, "sv": 0.8, "other": 2.1}
OUTSIDE_EDUCATION_BY_LANGUAGE = {"fi": 0.85, "sv": 0.7, "other": 1.9}
PARTICIPATION_BY_LANGUAGE = {"fi": 0.52, "sv": 0.55, "other": 0.44}  # labour force / population
UNEMPLOYMENT_BY_LANGUAGE = {"fi": 0.13, "sv": 0.10, "other": 0.24}
SEX_SHARE = {"male": 0.51, "female": 0.49}


def split(total: int, shares: dict[str, float], rng: random.Random) -> dict[str, int]:
    """`total` split by `shares` (noisy, whole numbers, adding up to total)."""
    keys = list(shares)
    parts = {}
    left = total
    for key in keys[:-1]:
        part = max(0, round(total * shares[key] * rng.uniform(0.95, 1.05)))
        part = min(part, left)
        parts[key] = part
        left -= part
    parts[keys[-1]] = left
    return parts


def binomial(n: int, p: float, rng: random.Random) -> int:
    """A count of n trials with probability p (normal approximation, clipped to 0..n)."""
    if n <= 0:
        return 0
    if n < 30:
        return sum(rng.random() < p for _ in range(n))
    value = round(rng.gauss(n * p, (n * p * (1 - p)) ** 0.5))
    return min(n, max(0, value))


def language_shares(sv: float, other: float) -> dict[str, float]:
    return {"fi": 1 - sv - other, "sv": sv, "other": other}


def cube(rng: random.Random) -> dict:
    """Counts per municipality x year x sex x language: population 15-24 and 17-24, NEET,
    labour force, unemployed, outside education."""
    cells: dict = {}
    for code, _, _, population, sv, other, outside, neet_level in MUNICIPALITIES:
        shares = language_shares(sv, other)
        weight = sum(shares[lang] * OUTSIDE_EDUCATION_BY_LANGUAGE[lang] for lang in LANGUAGES)
        for index, year in enumerate(YEARS):
            total = round(population * (1 + 0.012 * index) * rng.uniform(0.99, 1.01))
            for sex, sex_share in SEX_SHARE.items():
                by_language = split(round(total * sex_share), shares, rng)
                for lang, people in by_language.items():
                    neet_rate = 0.062 * neet_level * NEET_BY_LANGUAGE[lang] * (1 - 0.03 * index)
                    neet_rate *= 1.1 if sex == "male" else 0.9
                    labour = binomial(people, PARTICIPATION_BY_LANGUAGE[lang], rng)
                    unemployment = UNEMPLOYMENT_BY_LANGUAGE[lang] * neet_level ** 0.5
                    unemployment *= 1 - 0.05 * index
                    people_17_24 = round(people * rng.uniform(0.78, 0.82))
                    outside_rate = outside[index] / 100 * OUTSIDE_EDUCATION_BY_LANGUAGE[lang]
                    outside_rate /= weight
                    cells[code, year, sex, lang] = {
                        "vaesto": people,
                        "neet": binomial(people, neet_rate, rng),
                        "tyovoima": labour,
                        "tyottomat": binomial(labour, unemployment, rng),
                        "vaesto_17_24": people_17_24,
                        "ulkopuolella": binomial(people_17_24, outside_rate, rng),
                    }
    return cells


def totals(cells: dict, area: str | None, year: int, sex: str | None, lang: str | None
           ) -> dict[str, int]:
    """Sum of the cells of one area (None: the county), sex and language (None: all)."""
    keys = [key for key in cells if (area is None or key[0] == area) and key[1] == year
            and (sex is None or key[2] == sex) and (lang is None or key[3] == lang)]
    measures = next(iter(cells.values())).keys()
    return {measure: sum(cells[key][measure] for key in keys) for measure in measures}


AREAS = [(COUNTY[0], None)] + [(m[0], m[0]) for m in MUNICIPALITIES]
SEXES = [("SSS", None), ("1", "male"), ("2", "female")]
PX_LANGUAGES = [("SSS", None), ("fi", "fi"), ("sv", "sv"), ("02", "other")]


def px_list(values: list[str]) -> str:
    return ",".join(f'"{value}"' for value in values)


def write_px(cells: dict, path: Path) -> None:
    """The PX cube: STUB area, sex, language; HEADING year, measure (ISO-8859-15, CRLF)."""
    measures = [("vaesto", "Väestö 15-24", "Befolkning 15-24", "Population aged 15-24"),
                ("neet", "Koulutuksen ja työelämän ulkopuolella (NEET) 15-24",
                 "Utanför utbildning och arbetsliv (NEET) 15-24",
                 "Not in employment, education or training (NEET) 15-24"),
                ("tyovoima", "Työvoima 15-24", "Arbetskraft 15-24", "Labour force aged 15-24"),
                ("tyottomat", "Työttömät 15-24", "Arbetslösa 15-24", "Unemployed aged 15-24")]
    area_names = {COUNTY[0]: COUNTY[1:]} | {m[0]: (m[1], m[2], m[1]) for m in MUNICIPALITIES}
    codes = [code for code, _ in AREAS]
    lines = [
        'CHARSET="ANSI";', 'AXIS-VERSION="2013";', 'CODEPAGE="iso-8859-15";',
        'LANGUAGE="fi";', 'LANGUAGES="fi","sv","en";', 'CREATION-DATE="20241120 08:00";',
        'DECIMALS=0;', 'SHOWDECIMALS=0;', 'MATRIX="youth_activity_sample";',
        'SUBJECT-CODE="tyokay";', 'SUBJECT-AREA="Työssäkäynti";',
        'SUBJECT-AREA[sv]="Sysselsättning";', 'SUBJECT-AREA[en]="Employment";',
        'TITLE="15-24-vuotiaat pääasiallisen toiminnan mukaan muuttujina Alue, Sukupuoli, '
        'Kieli, Vuosi ja Tiedot (näyteaineisto)";',
        'TITLE[sv]="15-24-åringar efter huvudsaklig verksamhet efter Område, Kön, Språk, År '
        'och Uppgifter (provdata)";',
        'TITLE[en]="Persons aged 15-24 by main type of activity by Area, Sex, Language, Year '
        'and Information (sample data)";',
        'CONTENTS="15-24-vuotiaat pääasiallisen toiminnan mukaan";',
        'CONTENTS[sv]="15-24-åringar efter huvudsaklig verksamhet";',
        'CONTENTS[en]="Persons aged 15-24 by main type of activity";',
        'UNITS="henkilöä";', 'UNITS[sv]="personer";', 'UNITS[en]="persons";',
        'STUB="Alue","Sukupuoli","Kieli";', 'STUB[sv]="Område","Kön","Språk";',
        'STUB[en]="Area","Sex","Language";',
        'HEADING="Vuosi","Tiedot";', 'HEADING[sv]="År","Uppgifter";',
        'HEADING[en]="Year","Information";',
        f'VALUES("Alue")={px_list([area_names[c][0] for c in codes])};',
        f'VALUES[sv]("Område")={px_list([area_names[c][1] for c in codes])};',
        f'VALUES[en]("Area")={px_list([area_names[c][2] for c in codes])};',
        'VALUES("Sukupuoli")="Yhteensä","Miehet","Naiset";',
        'VALUES[sv]("Kön")="Totalt","Män","Kvinnor";',
        'VALUES[en]("Sex")="Total","Males","Females";',
        'VALUES("Kieli")="Yhteensä","suomi, saame","ruotsi","muut kielet";',
        'VALUES[sv]("Språk")="Totalt","finska, samiska","svenska","övriga språk";',
        'VALUES[en]("Language")="Total","Finnish, Sami","Swedish","Other languages";',
        f'VALUES("Vuosi")={px_list([str(y) for y in YEARS])};',
        f'VALUES[sv]("År")={px_list([str(y) for y in YEARS])};',
        f'VALUES[en]("Year")={px_list([str(y) for y in YEARS])};',
        f'VALUES("Tiedot")={px_list([m[1] for m in measures])};',
        f'VALUES[sv]("Uppgifter")={px_list([m[2] for m in measures])};',
        f'VALUES[en]("Information")={px_list([m[3] for m in measures])};',
        f'TIMEVAL("Vuosi")=TLIST(A1),{px_list([str(y) for y in YEARS])};',
        f'CODES("Alue")={px_list(codes)};',
        f'CODES[sv]("Område")={px_list(codes)};',
        f'CODES[en]("Area")={px_list(codes)};',
        'CODES("Sukupuoli")="SSS","1","2";', 'CODES[sv]("Kön")="SSS","1","2";',
        'CODES[en]("Sex")="SSS","1","2";',
        'CODES("Kieli")="SSS","fi","sv","02";', 'CODES[sv]("Språk")="SSS","fi","sv","02";',
        'CODES[en]("Language")="SSS","fi","sv","02";',
        f'CODES("Vuosi")={px_list([str(y) for y in YEARS])};',
        f'CODES("Tiedot")={px_list([m[0] for m in measures])};',
        f'CODES[sv]("Uppgifter")={px_list([m[0] for m in measures])};',
        f'CODES[en]("Information")={px_list([m[0] for m in measures])};',
        'ELIMINATION("Sukupuoli")="Yhteensä";', 'ELIMINATION[sv]("Kön")="Totalt";',
        'ELIMINATION[en]("Sex")="Total";',
        'ELIMINATION("Kieli")="Yhteensä";', 'ELIMINATION[sv]("Språk")="Totalt";',
        'ELIMINATION[en]("Language")="Total";',
        'SOURCE="Tilastokeskus, työssäkäynti (näyteaineisto: luvut ovat havainnollisia)";',
        'SOURCE[sv]="Statistikcentralen, sysselsättning (provdata)";',
        'SOURCE[en]="Statistics Finland, employment (sample data: figures are illustrative)";',
        'DATA=',
    ]
    for _, area_key in AREAS:
        for _, sex in SEXES:
            for _, lang in PX_LANGUAGES:
                row = []
                for year in YEARS:
                    cell = totals(cells, area_key, year, sex, lang)
                    row.extend(str(cell[m[0]]) for m in measures)
                lines.append(" ".join(row))
    lines[-1] += ";"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("iso-8859-15"))


def write_jsonstat(cells: dict, path: Path) -> None:
    """JSON-stat 2.0 as PxWeb answers it: Alue x Vuosi x Sukupuoli x Kieli x Tiedot."""
    area_names = {COUNTY[0]: COUNTY[1]} | {m[0]: m[1] for m in MUNICIPALITIES}
    measures = [("vaesto_17_24", "17-24-vuotias väestö"),
                ("ulkopuolella", "Koulutuksen ulkopuolelle jääneet 17-24-vuotiaat")]
    values = []
    for _, area_key in AREAS:
        for year in YEARS:
            for _, sex in SEXES:
                for _, lang in PX_LANGUAGES:
                    cell = totals(cells, area_key, year, sex, lang)
                    values.extend(cell[m[0]] for m in measures)

    def category(codes: list[str], labels: list[str]) -> dict:
        return {"index": {code: i for i, code in enumerate(codes)},
                "label": dict(zip(codes, labels, strict=True))}

    dataset = {
        "version": "2.0", "class": "dataset",
        "label": "Koulutuksen ulkopuolelle jääneet 17-24-vuotiaat muuttujina Alue, Vuosi, "
                 "Sukupuoli, Kieli ja Tiedot (näyteaineisto)",
        "source": "Tilastokeskus, koulutukseen hakeutuminen (näyteaineisto: luvut ovat "
                  "havainnollisia)",
        "updated": "2024-12-12T08:00:00",
        "id": ["Alue", "Vuosi", "Sukupuoli", "Kieli", "Tiedot"],
        "size": [len(AREAS), len(YEARS), len(SEXES), len(PX_LANGUAGES), len(measures)],
        "dimension": {
            "Alue": {"label": "Alue", "category": category(
                [c for c, _ in AREAS], [area_names[c] for c, _ in AREAS])},
            "Vuosi": {"label": "Vuosi", "category": category(
                [str(y) for y in YEARS], [str(y) for y in YEARS])},
            "Sukupuoli": {"label": "Sukupuoli", "category": category(
                ["SSS", "1", "2"], ["Yhteensä", "Miehet", "Naiset"])},
            "Kieli": {"label": "Kieli", "category": category(
                ["SSS", "fi", "sv", "02"], ["Yhteensä", "suomi, saame", "ruotsi", "muut kielet"])},
            "Tiedot": {"label": "Tiedot", "category": {
                **category([m[0] for m in measures], [m[1] for m in measures]),
                "unit": {m[0]: {"label": "henkilöä", "decimals": 0} for m in measures}}},
        },
        "role": {"time": ["Vuosi"], "geo": ["Alue"], "metric": ["Tiedot"]},
        "value": values,
        "extension": {"px": {"language": "fi", "tableid": "sample"}},
    }
    path.write_text(json.dumps(dataset, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# Pupils in grades 8 and 9 answering the survey, and the items' prevalence (%) by sex.
SURVEY_RESPONDENTS = {"KU049": 4550, "KU078": 112, "KU149": 74, "KU224": 124, "KU235": 178,
                      "KU257": 700, "KU444": 690, "KU710": 362, "KU755": 88, "KU927": 458}
SURVEY_ITEMS = [  # column title, boys %, girls %, factor for other languages, for Swedish
    ("Yksinäisyys", 7.5, 16.5, 1.45, 0.9),
    ("Ahdistuneisuus", 9.0, 27.0, 1.15, 0.85),
    ("Koulukiusattu", 6.5, 5.5, 1.5, 0.9),
]
SURVEY_YEARS = (2021, 2023)
SURVEY_MIN_SHOWN = 10  # the sample's publisher shows no share of fewer respondents


def write_survey(rng: random.Random, path: Path) -> None:
    """Respondents (n) and the pupils with each item, per area x year x sex x language; the
    share is written '..' where n is below SURVEY_MIN_SHOWN."""
    shares = {m[0]: language_shares(m[4], m[5]) for m in MUNICIPALITIES}
    cells = {}
    for code, respondents in SURVEY_RESPONDENTS.items():
        for index, year in enumerate(SURVEY_YEARS):
            for sex in ("male", "female"):
                total = round(respondents * SEX_SHARE[sex] * rng.uniform(0.95, 1.05))
                for lang, n in split(total, shares[code], rng).items():
                    cell = {}
                    for item, boys, girls, other, swedish in SURVEY_ITEMS:
                        p = (boys if sex == "male" else girls) / 100 * (1 + 0.06 * index)
                        p *= {"fi": 1.0, "sv": swedish, "other": other}[lang]
                        n_item = n - binomial(n, 0.02, rng)  # item non-response
                        cell[item] = (n_item, binomial(n_item, p, rng))
                    cells[code, year, sex, lang] = cell
    sexes = [("Kaikki", None), ("Pojat", "male"), ("Tytöt", "female")]
    languages = [("kaikki", None), ("suomenkieliset", "fi"), ("ruotsinkieliset", "sv"),
                 ("vieraskieliset", "other")]
    names = {COUNTY[0]: COUNTY[1]} | {m[0]: m[1] for m in MUNICIPALITIES}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = ["Alue", "Vuosi", "Sukupuoli", "Kieliryhmä"]
    for item, *_ in SURVEY_ITEMS:
        header += [f"{item} %", f"{item} n"]
    writer.writerow(header)
    for area, area_key in AREAS:
        for year in SURVEY_YEARS:
            for sex_label, sex in sexes:
                for lang_label, lang in languages:
                    keys = [key for key in cells if (area_key is None or key[0] == area_key)
                            and key[1] == year and (sex is None or key[2] == sex)
                            and (lang is None or key[3] == lang)]
                    row = [names[area], year, sex_label, lang_label]
                    for item, *_ in SURVEY_ITEMS:
                        n = sum(cells[key][item][0] for key in keys)
                        yes = sum(cells[key][item][1] for key in keys)
                        share = ".." if n < SURVEY_MIN_SHOWN else (
                            f"{100 * yes / n:.1f}".replace(".", ","))
                        row += [share, n]
                    writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


# Espoo's major districts: population aged 15-24, Swedish and other languages' shares.
DISTRICTS = [("Suur-Leppävaara", 8400, 0.05, 0.28), ("Suur-Tapiola", 5200, 0.10, 0.20),
             ("Suur-Matinkylä", 4300, 0.06, 0.31), ("Suur-Espoonlahti", 7300, 0.06, 0.25),
             ("Suur-Kauklahti", 1500, 0.05, 0.15), ("Vanha-Espoo", 6300, 0.05, 0.25),
             ("Pohjois-Espoo", 600, 0.04, 0.08)]
DISTRICT_YEARS = (2022, 2023)


def write_districts(rng: random.Random, path: Path) -> None:
    """A PxWeb CSV export: title line, blank line, Alue;Kieli;Tiedot;<years> (UTF-8 BOM)."""
    languages = [("Yhteensä", None), ("suomi", "fi"), ("ruotsi", "sv"), ("muu kieli", "other")]
    rows = []
    for name, population, sv, other in DISTRICTS:
        by_year = {}
        for index, year in enumerate(DISTRICT_YEARS):
            people = split(round(population * (1 + 0.01 * index)), language_shares(sv, other),
                           rng)
            neet = {lang: binomial(count, 0.06 * NEET_BY_LANGUAGE[lang] * (1 - 0.03 * index),
                                   rng) for lang, count in people.items()}
            by_year[year] = (people, neet)
        for label, lang in languages:
            for measure, position in (("NEET-nuoret 15-24", 1), ("Väestö 15-24", 0)):
                values = []
                for year in DISTRICT_YEARS:
                    counts = by_year[year][position]
                    values.append(sum(counts.values()) if lang is None else counts[lang])
                rows.append([name, label, measure, *values])
    out = io.StringIO()
    out.write('"NEET-nuoret ja 15-24-vuotias väestö Espoon suuralueilla kielen mukaan '
              '(näyteaineisto)"\r\n\r\n')
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(["Alue", "Kieli", "Tiedot", *[str(y) for y in DISTRICT_YEARS]])
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


# The county's client figures: measure, age band, rate per population by language (fi, sv,
# other), per (100: %, 1000: per 1000).
SERVICE_MEASURES = [
    ("Lastensuojelun avohuollon asiakkaat", "0-17", {"fi": 6.2, "sv": 5.0, "other": 8.1}, 100),
    ("Mielenterveyskäynnit perusterveydenhuollossa", "13-24",
     {"fi": 455, "sv": 390, "other": 265}, 1000),
    ("Pitkäaikaisesti toimeentulotukea saaneet", "18-24",
     {"fi": 1.6, "sv": 1.1, "other": 3.6}, 100),
]
# Population of each age band relative to the 15-24-year-olds.
BAND_POPULATION = {"0-17": 1.95, "13-24": 1.18, "18-24": 0.70}
SERVICE_YEARS = (2022, 2023, 2024)


def write_services(rng: random.Random, path: Path) -> None:
    """The county's long table (title row, blank row, header on row 3) in an Excel sheet."""
    from openpyxl import Workbook

    cells = {}
    for code, _, _, population, sv, other, _, level in MUNICIPALITIES:
        for index, year in enumerate(SERVICE_YEARS):
            for band, factor in BAND_POPULATION.items():
                people = split(round(population * factor * (1 + 0.01 * index)),
                               language_shares(sv, other), rng)
                for lang, count in people.items():
                    cells[code, year, band, lang, "Väestö"] = count
            for measure, band, rates, per in SERVICE_MEASURES:
                for lang in LANGUAGES:
                    people = cells[code, year, band, lang, "Väestö"]
                    rate = rates[lang] * (level if per == 100 else 1) * (1 + 0.02 * index)
                    if per == 100:
                        value = binomial(people, rate / 100, rng)
                    else:  # visits, not persons: a rate per 1000 with noise
                        value = round(people * rate / 1000 * rng.uniform(0.9, 1.1))
                    cells[code, year, band, lang, measure] = value
    names = {COUNTY[0]: COUNTY[1]} | {m[0]: m[1] for m in MUNICIPALITIES}
    languages = [("yhteensä", None), ("suomi", "fi"), ("ruotsi", "sv"), ("muu", "other")]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nuoret kieliryhmittäin"
    sheet.append(["Nuorten palvelujen asiakkaat kieliryhmittäin, Länsi-Uudenmaan "
                  "hyvinvointialue (näyteaineisto)"])
    sheet.append([])
    sheet.append(["Kunta", "Vuosi", "Ikäryhmä", "Kieliryhmä", "Mittari", "Arvo"])
    measures = [("Väestö", band) for band in BAND_POPULATION] + [
        (measure, band) for measure, band, _, _ in SERVICE_MEASURES]
    for area, area_key in AREAS:
        for year in SERVICE_YEARS:
            for measure, band in measures:
                for label, lang in languages:
                    value = sum(v for (c, y, b, lg, m), v in cells.items()
                                if (area_key is None or c == area_key) and y == year
                                and b == band and m == measure and (lang is None or lg == lang))
                    sheet.append([names[area], year, band, label, measure, value])
    sheet.append([])
    sheet.append(["Lähde: Länsi-Uudenmaan hyvinvointialueen asiakastietojärjestelmät "
                  "(näyteaineisto: luvut ovat havainnollisia)"])
    fixed = datetime(2025, 2, 3, 8, 0, 0)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl stamps the time of writing (the zip entries, docProps' modified): fixed, so
    # the file is the same every time.
    stamp = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")
    with (zipfile.ZipFile(buffer) as source,
          zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out):
        for entry in source.infolist():
            data = stamp.sub(rb"\g<1>2025-02-03T08:00:00Z", source.read(entry.filename))
            fixed_entry = zipfile.ZipInfo(entry.filename, date_time=fixed.timetuple()[:6])
            fixed_entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed_entry, data)


NGO_AREAS = [("Suur-Leppävaara", 62), ("Suur-Espoonlahti", 48), ("Suur-Matinkylä", 55),
             ("Vanha-Espoo", 31), ("Kirkkonummi", 18), ("Lohja", 12), ("Raasepori", 7)]


def write_ngo(rng: random.Random, path: Path) -> None:
    """The NGO's table: one column per year, a note line at the end (cp1252)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Alue", "Kieliryhmä", "2022", "2023", "2024"])
    for name, level in NGO_AREAS:
        other = [max(1, round(level * (1 + 0.15 * i) * rng.uniform(0.85, 1.15)))
                 for i in range(3)]
        swedish = [max(0, round(level * 0.08 * rng.uniform(0.5, 1.5))) for _ in range(3)]
        finnish = [round(level * 0.3 * rng.uniform(0.8, 1.2)) for _ in range(3)]
        writer.writerow([name, "muu kieli", *other])
        writer.writerow([name, "kaikki", *[a + b + c for a, b, c in
                                           zip(other, swedish, finnish, strict=True)]])
    path.write_text(out.getvalue(), encoding="cp1252")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "raw",
                        help="the raw directory to write into (default: raw/)")
    args = parser.parse_args()
    rng = random.Random(SEED)
    statfin = args.out / "indicators" / "statfin"
    county = args.out / "indicators" / "county"
    ngo = args.out / "indicators" / "ngo"
    for folder in (statfin, county, ngo):
        folder.mkdir(parents=True, exist_ok=True)
    cells = cube(rng)
    write_px(cells, statfin / "youth_activity_language_sample.px")
    write_jsonstat(cells, statfin / "youth_outside_education_language_sample.json")
    write_survey(rng, county / "youth_school_survey_language_2021_2023.csv")
    write_districts(rng, county / "youth_neet_espoo_districts_sample.csv")
    write_services(rng, county / "youth_service_use_language_2022_2024.xlsx")
    write_ngo(rng, ngo / "youth_multilingual_activity_2022_2024.csv")
    print(f"youth pilot sample tables written under {args.out}/indicators")


if __name__ == "__main__":
    main()
