"""Real published tables, described by `hytemart describe` plus a few edited lines, built into the
mart: every cell read is loaded, filtered or quarantined, and values land where the file says.

The files (tests/data/public/SOURCES.md, tests/data/realdata/README.md) are Statistics
Finland's, Statistics Sweden's, Norway's, Greenland's, Spain's INE and Galicia's IGE, as PX,
JSON-stat and PxWeb CSV, in Finnish, Swedish, English, Norwegian and Spanish. Their
descriptions are in tests/data/public/descriptions/: what `describe` writes, with the lines an
analyst changed marked `# edited`.
"""

import difflib
import shutil
from pathlib import Path

import pytest
from published import query

from pipelines.ingest.describe import describe

DATA = Path(__file__).resolve().parent / "data"
DESCRIPTIONS = DATA / "public" / "descriptions"
FOLDER = Path("indicators") / "real"

# file -> (source given to describe, cells read, loaded, filtered, quarantined, description lines
# added or removed after describe: a replaced line counts twice)
FILES = {
    "realdata/statfin/vaerak_11rc_population_by_sex_age.px": ("statfin", 9063, 9063, 0, 0, 2),
    "realdata/statfin/tyonv_12r5_eckero_2024_confidential_cells.px": ("statfin", 253, 253, 0, 0,
                                                                      0),
    "realdata/statfin/13u5_deaths_by_wellbeing_county_2024.jsonstat2.json": ("statfin", 23, 23, 0,
                                                                             0, 2),
    "public/duckdb-px/statfin_akay_pxt_001.px": ("statfin", 768, 768, 0, 0, 0),
    "public/duckdb-px/SCB-BefolkningR1860N.px": ("scb", 18204, 18204, 0, 0, 4),
    "public/stop_accessibility/001_128c_2023_20250619-123755.csv": ("statfin", 40, 40, 0, 0, 0),
    "public/stop_accessibility/009_12f7_2023_all.csv": ("statfin", 8988, 8988, 0, 0, 0),
    # The same table as vaerak_11rc (population 31 Dec) through the API, in Swedish: under its
    # own source, or its cells would be the PX file's again (the suite refuses duplicate keys).
    "public/pxwebpy/response_fi.json": ("statfin_api", 90, 90, 0, 0, 2),
    "public/pxwebpy/response_se.json": ("scb", 9, 9, 0, 0, 1),
    "public/pxwebpy/response_no.json": ("ssb", 288, 24, 264, 0, 6),
    "public/pxwebpy/response_gl.json": ("statgl", 108, 108, 0, 0, 2),
    "public/pyaxis/1001.px": ("ine", 504, 504, 0, 0, 6),
    # The provinces of Galicia are not areas of the mart: every cell is quarantined, said why.
    "public/pyjstat/galicia-2.0.json": ("ige", 3960, 0, 0, 3960, 6),
}


def description_of(path: str) -> Path:
    return DESCRIPTIONS / (Path(path).name.rsplit(".", 1)[0] + ".yaml")


def changed_lines(generated: str, edited: str) -> int:
    """Lines added to or removed from what `describe` wrote (comment lines aside): a line
    replaced counts twice."""
    diff = difflib.ndiff(generated.splitlines(), edited.splitlines())
    return sum(1 for line in diff if line[:2] in ("+ ", "- ") and not line[2:].startswith("#"))


@pytest.mark.parametrize("path", FILES)
def test_each_description_is_what_describe_writes_plus_a_few_lines(path: str) -> None:
    source, *_, edited = FILES[path]
    generated = describe(DATA / path, source)
    assert changed_lines(generated, description_of(path).read_text(encoding="utf-8")) == edited


@pytest.fixture(scope="module")
def real_build(tmp_path_factory: pytest.TempPathFactory):
    """One build of the bundled samples plus every real table."""
    import dagster as dg
    from conftest import REPO_ROOT

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS, CHECKS

    tmp = tmp_path_factory.mktemp("real")
    raw = tmp / "raw"
    shutil.copytree(REPO_ROOT / "raw", raw)
    (raw / FOLDER).mkdir()
    for path in FILES:
        shutil.copy(DATA / path, raw / FOLDER / Path(path).name)
        shutil.copy(description_of(path), raw / FOLDER / description_of(path).name)
    resource = HytemartResource(raw_dir=str(raw), warehouse_dir=str(tmp / "warehouse"),
                                keep_published=1)
    result = dg.materialize([*ASSETS, *CHECKS], resources={"hytemart": resource},
                            raise_on_error=False)
    return result, tmp / "warehouse"


def test_every_real_table_adds_up(real_build) -> None:
    result, warehouse = real_build
    assert result.success
    accounting = {
        row[0].removeprefix(f"{FOLDER.as_posix()}/"): row[1:]
        for row in query(warehouse, "SELECT source_file, file_status, rows_read, rows_loaded, "
                         "rows_filtered, rows_quarantined, balanced FROM quality.row_accounting "
                         "WHERE source_file LIKE 'indicators/real/%'")
    }
    for path, (_, read, loaded, filtered, quarantined, _) in FILES.items():
        assert accounting[Path(path).name] == ("loaded", read, loaded, filtered, quarantined,
                                                True), path


def value(warehouse: Path, indicator: str, area: str, period: str, group: str) -> tuple:
    rows = query(warehouse, "SELECT value, status, flag FROM mart.fact_indicator_value WHERE "
                 "indicator_code = $i AND area_code = $a AND period = $p AND group_code = $g",
                 {"i": indicator, "a": area, "p": period, "g": group})
    assert len(rows) == 1, (indicator, area, period, group, rows)
    return rows[0]


def test_spot_values_read_off_the_files(real_build) -> None:
    _, warehouse = real_build
    # akay 001 (activity x measure x sex x year): DATA row 3 ("01 Ansiotyö"), value 20 of 24
    # (participated %, men, 2009); in 1979 the measure was not asked: ".".
    assert value(warehouse, "statfin:01.Osallist", "SSS", "2009", "male.total.total")[:2] == (
        41.2, "ok")
    assert value(warehouse, "statfin:01.Osallist", "SSS", "1979", "male.total.total")[:2] == (
        None, "missing")
    # 128c: a measure by income decile, wide by year.
    assert value(warehouse, "statfin:6._GROSS_INCOME_mean.I_Lowest-income_10", "SSS", "2023",
                 "total.total.total")[:2] == (15495.0, "ok")
    assert value(warehouse, "statfin:6._GROSS_INCOME_mean.X_Highest-income_10", "SSS", "2021",
                 "total.total.total")[:2] == (204650.0, "ok")
    # Paavo: postal code areas under their municipality, added on their own.
    assert value(warehouse, "statfin:Inhabitants_total_HE", "PNO00100", "2023",
                 "total.total.total")[:2] == (18462.0, "ok")
    assert query(warehouse, "SELECT area_level, name_fi, parent_area_code, defined_by "
                 "FROM mart.dim_area WHERE area_code = 'PNO00100'") == [
        ("postal_code_area", "Helsinki keskusta - Etu-Töölö", "KU091", "table")]
    assert query(warehouse, "SELECT count(*) FROM mart.dim_area WHERE defined_by = 'table'"
                 ) == [(84,)]
    # JSON-stat with a one-member content dimension (Tiedot), labels in Swedish.
    assert value(warehouse, "statfin_api:vaesto", "SSS", "2020", "total.20-24.total")[:2] == (
        308410.0, "ok")
    assert value(warehouse, "statfin:vaesto", "SSS", "2020", "total.20-24.total")[:2] == (
        308410.0, "ok")  # the PX file says the same
    assert query(warehouse, "SELECT name_sv, unit FROM mart.dim_indicator "
                 "WHERE indicator_code = 'statfin_api:vaesto'") == [("Befolkning 31.12.", "count")]
    # Statistics Norway: the whole country kept, 2022K1 is 2022Q1, the regions filtered.
    assert value(warehouse, "ssb:01.Boligindeks", "SOTKANET_EUROOPPA_578", "2022Q1",
                 "total.total.total")[:2] == (136.2, "ok")
    # Statistics Greenland: a null with status "-" is an exact zero.
    zeros = query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value "
                  "WHERE source = 'statgl' AND status = 'zero' AND value = 0")
    assert zeros == [(11,)]
    # Statistics Sweden: sex 1+2 is the total, by its label totalt.
    assert value(warehouse, "scb:HE0110J8", "SOTKANET_EUROOPPA_752", "2022",
                 "total.16-.total")[:2] == (316.6, "ok")  # the ninth and last value
    # INE: Spanish quarters (2013T4) and sexes given in the description.
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value WHERE source = 'ine' "
                 "AND period = '2013Q4'") == [(21,)]
    # Names, units and decimals from the file: PX VALUES[en], PRECISION, UNITS per measure.
    assert query(warehouse, "SELECT name_fi, name_en, unit, decimals FROM mart.dim_indicator "
                 "WHERE indicator_code = 'statfin:TYOTOSUUS'") == [
        ("Työttömien työnhakijoiden %-osuus työvoimasta (%)",
         "Proportion of unemployed jobseekers as a percentage of total workforce (%)",
         "percent", 1)]
    assert query(warehouse, "SELECT count(*) FROM quality.quarantine WHERE source_file LIKE "
                 "'%galicia%' AND rule = 'unknown_area'") == [(3960,)]
