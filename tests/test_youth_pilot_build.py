"""The youth pilot end to end (issue 25): the whole build materialized on a copy of the bundled
raw/ into a temporary warehouse publishes report.youth_language_gap and
report.youth_service_need with a language column and gap columns for the county and its ten
municipalities (and Espoo's districts), from the protected facts; the report's reader reads
them; a pilot file that does not fit stops the build and leaves the published mart as it was.
"""

import hashlib
from pathlib import Path

import duckdb
from published import query

from pipelines.outputs.pilot_data import latest_gaps, read_pilot_data

PILOT = Path("pilot") / "youth.yaml"
UNKNOWN = """
  - id: dropout
    theme: exclusion
    kind: register_rate
    age_band: "16-24"
    direction: lower
    code: vipunen:dropout
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_pilot_is_published_for_the_county_and_its_municipalities(
        sample_raw: Path, build, tmp_path: Path) -> None:
    config = sample_raw / PILOT
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n# What the pilot proposes", UNKNOWN
                                   + "\n# What the pilot proposes"), encoding="utf-8")
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    published = warehouse / "hytemart.duckdb"

    # A code the mart lacks is a warning naming the file's line, and the rest is built.
    pilot = next(event.materialization for event in result.get_asset_materialization_events()
                 if event.asset_key.to_user_string() == "mart/youth_pilot")
    line = config.read_text(encoding="utf-8").splitlines().index(
        "    code: vipunen:dropout") + 1
    assert pilot.metadata["warnings"].value == [
        f"{config} line {line}: indicator 'vipunen:dropout' is not in mart.dim_indicator; the "
        "pilot has no values from it until a source publishes it"]

    # The relation has the language and gap columns, each described.
    columns = dict(query(warehouse, "SELECT column_name, comment FROM duckdb_columns() "
                         "WHERE schema_name = 'report' AND table_name = 'youth_language_gap'"))
    for column in ("language_group", "value", "peer_value", "gap", "gap_ratio",
                   "gap_direction", "gap_change", "ci_low", "ci_high", "respondents",
                   "desirable_direction", "status", "source"):
        assert columns[column], column

    # The county and each of its municipalities, by language group with a gap; Espoo's major
    # districts from the city's table.
    municipalities = {code for (code,) in query(
        warehouse, "SELECT area_code FROM mart.dim_area WHERE area_level = 'municipality' "
        "AND wellbeing_county_code = 'HVA03'")}
    assert len(municipalities) == 10
    with_gaps = {area for (area,) in query(
        warehouse, "SELECT DISTINCT area_code FROM report.youth_language_gap "
        "WHERE language_group IN ('sv', 'other') AND gap IS NOT NULL")}
    assert municipalities | {"HVA03"} <= with_gaps
    districts = {area for (area,) in query(
        warehouse, "SELECT DISTINCT area_code FROM report.youth_language_gap "
        "WHERE indicator_id = 'neet' AND area_role = 'sub_area' AND gap IS NOT NULL")}
    assert districts and all(area.startswith("KU049-SA") for area in districts)
    directions = {direction for (direction,) in query(
        warehouse, "SELECT DISTINCT gap_direction FROM report.youth_language_gap")}
    assert {"behind", "ahead", "no_difference", "not_comparable", "reference"} <= directions
    # Survey gaps within overlapping intervals are not called gaps.
    overlapping = query(warehouse, "SELECT count(*) FROM report.youth_language_gap "
                        "WHERE kind = 'survey_share' AND language_group IN ('sv', 'other') "
                        "AND gap_direction <> 'no_difference' "
                        "AND ci_low <= peer_ci_high AND peer_ci_low <= ci_high")
    assert overlapping == [(0,)]

    # A rate is a number only where its count and population are published numbers.
    unpublished = query(warehouse, """
        SELECT count(*) FROM report.youth_language_gap g
        JOIN mart.fact_indicator_value c
          ON c.indicator_code = g.indicator_code AND c.area_code = g.area_code
         AND c.period = g.period AND c.group_code = g.group_code
        LEFT JOIN mart.fact_indicator_value p
          ON p.indicator_code = g.population_code AND p.area_code = g.area_code
         AND p.period = g.period AND p.group_code = g.group_code
        WHERE g.value IS NOT NULL
          AND (c.status NOT IN ('ok', 'zero')
               OR (g.population_code IS NOT NULL AND p.status NOT IN ('ok', 'zero')))""")
    assert unpublished == [(0,)]
    # What protection hides there is hidden here; the restricted file has the numbers.
    hidden = query(warehouse, "SELECT indicator_id, area_code, period, group_code "
                   "FROM report.youth_language_gap WHERE status = 'suppressed' "
                   "AND population_code IS NOT NULL ORDER BY ALL")
    assert hidden
    restricted = {row[:4] for row in query(
        warehouse, "SELECT indicator_id, area_code, period, group_code, value "
        "FROM report.youth_language_gap WHERE value IS NOT NULL", restricted=True)}
    assert set(hidden) & restricted
    assert query(warehouse, "SELECT count(*) FROM report.youth_service_need "
                 "WHERE status NOT IN ('ok', 'zero') AND value IS NOT NULL") == [(0,)]

    # Service need: how many young people speaking other languages fall behind, and the
    # services, for Espoo; the project register's HyteData 2.0 works with young people.
    espoo = query(warehouse, "SELECT role, count(*) FROM report.youth_service_need "
                  "WHERE area_code = 'KU049' AND is_latest AND language_group = 'other' "
                  "AND sex = 'total' AND value IS NOT NULL GROUP BY ALL ORDER BY 1")
    assert [role for role, _ in espoo] == ["need", "service"]
    projects = query(warehouse, "SELECT DISTINCT project_key FROM report.youth_service_need "
                     "WHERE role = 'project'")
    assert ("hytedata-2-0",) in projects

    # Nothing of the pilot's files lost: every row is loaded, quarantined or filtered.
    accounting = query(warehouse, "SELECT source_file, balanced FROM quality.row_accounting "
                       "WHERE source_file LIKE '%youth_%'")
    assert len(accounting) >= 6 and all(balanced for _, balanced in accounting)

    # The report's reader: every piece, from the data.
    data = read_pilot_data(published)
    assert data is not None and data.method.county_code == "HVA03"
    assert {area.code for area in data.areas} >= municipalities | {"HVA03"}
    assert {gap.language_group for gap in latest_gaps(data.gaps)} == {
        "fi", "sv", "other", "total"}
    missing = {(item.indicator_id, item.missing): item.area_codes
               for item in data.cannot_tell.missing}
    # Sotkanet publishes 3219 by area alone: no language group, no sex, anywhere.
    assert set(missing[("outside_education_sotkanet", "no_language_breakdown")]) == (
        municipalities | {"HVA03"})
    assert data.cannot_tell.hidden and data.cannot_tell.not_in_mart == ("dropout",)
    assert {need.area_code for need in data.service_need} >= municipalities
    assert data.follow_up and data.sources and all(source.rows_read for source in data.sources)

    # A pilot file that does not fit stops the build; the published mart stays as it was.
    before = digest(published)
    config.write_text(text.replace("    direction: lower\n", "    direction: down\n", 1),
                      encoding="utf-8")
    broken = build(sample_raw)
    assert not broken.success
    failure = next(event for event in broken.all_events if event.is_step_failure)
    message = str(failure.step_failure_data.error.message)
    line = text.splitlines().index("    direction: lower") + 1
    assert f"{config}:{line}" in message and "'down' is not one of" in message
    assert digest(published) == before
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM report.youth_language_gap").fetchone()[0] > 0
