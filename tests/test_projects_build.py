"""The project register: staged from the page and the cards, checked, built into the mart and
published; joined to the indicator data. Three whole builds (sample, card mistakes, a blocking
failure) and SQL-level tests of the register's rules on small tables."""

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
from published import query

from pipelines.assets.projects import (
    STAGED_COLUMNS,
    Register,
    choose_pages,
    read_register,
    write_register,
)
from pipelines.checks.project_checks import validate_register
from pipelines.projects.cards import merge_projects, read_cards
from pipelines.projects.pages import read_project_page
from pipelines.sqlfiles import run_sql_file

PAGE = Path("projects") / "pages" / "espoo_ongoing_development"
CARDS = Path("projects") / "cards"
HYTE_CARD = CARDS / "hytedata-2-0.md"

LEVELS = {
    "fair-edih": "international", "sparcs": "international",
    "usercentricities": "international", "finverse": "national", "trust-m": "national",
    "impact-leadership": "city", "digital-agenda": "city", "hytedata-2-0": "city",
}
EMAILS = {
    ("fair-edih", "heli.hiden@espoo.fi"), ("sparcs", "elina.wanne@espoo.fi"),
    ("sparcs", "jani.tartia@espoo.fi"), ("usercentricities", "piia.wollsten@espoo.fi"),
    ("finverse", "mervi.hamalainen@espoo.fi"), ("trust-m", "irena.bakic@espoo.fi"),
    ("impact-leadership", "anni.orttenvuori-ganter@espoo.fi"),
    ("impact-leadership", "marko.karttunen@espoo.fi"),
    ("digital-agenda", "valia.wistuba@espoo.fi"),
    ("hytedata-2-0", "wilhelmiina.griep@espoo.fi"),
    ("hytedata-2-0", "taru.ikaheimonen@espoo.fi"),
}
HYTE_INDICATORS = ("sotkanet:187", "sotkanet:189", "sotkanet:3219", "sotkanet:4284")
REGISTER_TABLES = (
    ("mart", "dim_project"), ("mart", "dim_organization"), ("mart", "project_partner"),
    ("mart", "project_contact"), ("mart", "project_funding"), ("mart", "project_link"),
    ("mart", "project_field_source"), ("mart", "project_indicator"),
    ("mart", "v_project_indicator_trend"), ("quality", "project_warning"),
)



def check_outcomes(result) -> dict[str, bool]:
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def materialization(result, key: str):
    return next(e.materialization for e in result.get_asset_materialization_events()
                if e.asset_key.to_user_string() == key)


def expected_status(start: date | None, end: date | None, as_of: date) -> str:
    if start is not None and start > as_of:
        return "planned"
    if end is not None and end < as_of:
        return "ended"
    return "ongoing" if start or end else "unknown"


def fact_value(warehouse: Path, indicator: str, area: str, period: str) -> float:
    rows = query(warehouse, "SELECT value FROM mart.fact_indicator_value WHERE indicator_code = "
                 "$i AND area_code = $a AND period = $p AND group_code = 'total.total.total'",
                 {"i": indicator, "a": area, "p": period})
    assert len(rows) == 1, (indicator, area, period, rows)
    return rows[0][0]


# ---------------------------------------------------------------------------
# Whole builds


def test_sample_register_is_published_and_joins_the_facts(sample_raw, build, tmp_path) -> None:
    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    checks = check_outcomes(result)
    assert checks["project_register_expectations"] is True
    assert checks["project_keys_resolve"] is True
    assert checks["project_rows_quarantined"] is True  # the shipped cards all join
    assert checks["project_warnings_open"] is False  # a warning: dates the page does not give

    # One page read: the HTML, with the text copy of it recorded as skipped.
    staged = materialization(result, "staging/project_register").metadata
    assert staged["skipped_files"].value == [f"{PAGE}.txt"]
    projects = query(warehouse, "SELECT project_key, level, start_date, end_date, "
                     "period_precision, status, status_as_of, source_file FROM mart.dim_project")
    assert {row[0]: row[1] for row in projects} == LEVELS
    assert {row[7] for row in projects} == {f"{PAGE}.html"}

    # Periods and amounts as the readers extract them (and status from the dates).
    today = projects[0][6]
    merged = {p.key: p for p in merge_projects(
        read_project_page(sample_raw / f"{PAGE}.html", today),
        read_cards(sample_raw / CARDS, LEVELS), today)}
    for key, _, start, end, precision, status, _, _ in projects:
        assert (start, end, precision) == (merged[key].start_date, merged[key].end_date,
                                           merged[key].period_precision), key
        assert status == expected_status(start, end, today), key
    periods = {row[0]: row[2:5] for row in projects}
    assert periods["sparcs"] == (date(2019, 10, 1), date(2024, 9, 30), "day")
    assert periods["fair-edih"] == (date(2022, 9, 1), date(2025, 8, 31), "season")
    assert periods["hytedata-2-0"] == (date(2025, 1, 1), date(2026, 12, 31), "year")
    assert periods["trust-m"] == (None, None, None)
    assert query(warehouse, "SELECT project_key, amount_eur, bound, funder "
                 "FROM mart.project_funding ORDER BY 1") == [
        ("fair-edih", 3_000_000, "at_least", None),
        ("hytedata-2-0", 440_000, "exact", "Ministry of Social Affairs and Health")]
    assert query(warehouse, "SELECT project_key, budget_eur FROM mart.dim_project "
                 "WHERE budget_eur IS NOT NULL ORDER BY 1") == [
        ("fair-edih", 3_000_000), ("hytedata-2-0", 440_000)]

    # All eleven e-mail addresses, each with its project.
    contacts = query(warehouse, "SELECT project_key, email FROM mart.project_contact")
    assert len(contacts) == 11 and set(contacts) == EMAILS

    # Card overrides show, with their source; fields the card leaves alone stay the page's.
    hyte = query(warehouse, "SELECT title, acronym, card_file FROM mart.dim_project "
                 "WHERE project_key = 'hytedata-2-0'")
    assert hyte == [("HyteData 2.0", "HyteData", HYTE_CARD.as_posix())]
    agenda = query(warehouse, "SELECT coordinator FROM mart.dim_project "
                   "WHERE project_key = 'digital-agenda'")
    assert agenda == [("City of Espoo",)]  # the page names no coordinator; the card does
    sources = dict(((key, field), (source, file)) for key, field, source, file in query(
        warehouse, "SELECT project_key, field, source, source_file FROM mart.project_field_source"))
    assert sources["hytedata-2-0", "acronym"] == ("card", HYTE_CARD.as_posix())
    assert sources["hytedata-2-0", "title"] == ("page", f"{PAGE}.html")
    assert sources["digital-agenda", "coordinator"] == ("card", "projects/cards/digital-agenda.md")

    # One organisation row however many projects name it; every partner row resolves.
    espoo = query(warehouse, "SELECT name, type, project_count FROM mart.dim_organization "
                  "WHERE organization_key = 'city-of-espoo'")
    assert espoo == [("City of Espoo", "city", 8)]
    assert query(warehouse, "SELECT count(*) FROM mart.dim_organization WHERE name = "
                 "'VTT Technical Research Centre of Finland'") == [(1,)]
    assert query(warehouse, "SELECT role FROM mart.project_partner WHERE project_key = 'sparcs' "
                 "AND organization_key = 'vtt-technical-research-centre-of-finland'") == [
        ("coordinator",)]

    # The register joins to the facts: every HyteData link has values.
    joined = query(warehouse, """
        SELECT pi.indicator_code, pi.target_area_code, count(f.value)
        FROM mart.project_indicator pi
        LEFT JOIN mart.fact_indicator_value f ON f.indicator_code = pi.indicator_code
         AND f.area_code = pi.target_area_code AND f.group_code = pi.target_group_code
        WHERE pi.project_key = 'hytedata-2-0' GROUP BY ALL ORDER BY ALL""")
    assert {(code, area) for code, area, _ in joined} == {
        (code, area) for code in HYTE_INDICATORS for area in ("HVA03", "KU049")}
    assert all(values > 0 for _, _, values in joined)

    # HyteData starts in 2025; the sample's data end in 2023, so the start value is the last
    # one before the start year, and nothing newer has been published yet.
    trend = query(warehouse, "SELECT indicator_code, start_year, start_period, start_value, "
                  "latest_period, latest_value, change FROM mart.v_project_indicator_trend "
                  "WHERE project_key = 'hytedata-2-0' AND area_code = 'KU049' ORDER BY 1")
    assert [row[0] for row in trend] == sorted(HYTE_INDICATORS)
    for code, start_year, start_period, start_value, latest_period, latest, change in trend:
        value_2023 = fact_value(warehouse, code, "KU049", "2023")
        assert (start_year, start_period, latest_period) == (2025, "2023", "2023")
        assert start_value == latest == value_2023 and change == 0

    # What the extractor could not read, per project, as the readers report it.
    warnings = query(warehouse, "SELECT project_key, field, message FROM quality.project_warning "
                     "WHERE resolved_by IS NULL")
    assert sorted(warnings) == sorted(
        (key, *text.split(": ", 1)) for key, project in merged.items()
        for text in project.warnings)
    assert ("digital-agenda", "period", "no start or end date stated on the page") in warnings

    # Documented for BI catalogs, the view's columns too.
    columns = query(warehouse, "SELECT schema_name || '.' || table_name, comment "
                    "FROM duckdb_columns() WHERE schema_name IN ('mart', 'quality')")
    names = {f"{schema}.{table}" for schema, table in REGISTER_TABLES}
    assert {name for name, _ in columns} >= names
    assert [name for name, comment in columns if name in names and not comment] == []
    commented = query(warehouse, "SELECT count(*) FROM duckdb_views() WHERE view_name = "
                      "'v_project_indicator_trend' AND comment IS NOT NULL")
    assert commented == [(1,)]


def test_card_mistakes_are_quarantined_and_the_rest_builds(sample_raw, build, tmp_path) -> None:
    (sample_raw / f"{PAGE}.html").unlink()  # the text form alone is read then
    card = sample_raw / HYTE_CARD
    text = card.read_text(encoding="utf-8")
    text = text.replace("acronym: HyteData\n", "acronym: HyteData\nstart_date: 2019\n")
    text = text.replace(
        "  - code: sotkanet:4284\n    target_area: HVA03\n---",
        "  - code: sotkanet:4284\n    target_area: HVA03\n"
        "  - code: sotkanet:999999\n    target_area: KU049\n"  # item 9: no such indicator
        # item 10: an age band group no source publishes (the youth pilot's tables publish
        # 17-24, 3219's band, since issue 25)
        "  - code: sotkanet:3219\n    target_area: KU049\n"
        "    target_group: total.16-29.total\n---",
    )
    card.write_text(text, encoding="utf-8")
    (sample_raw / CARDS / "zz-typo.md").write_text(
        "---\nproject_key: hytedata-20\nacronym: Hyte\n---\n", encoding="utf-8")

    result = build(sample_raw)
    assert result.success
    warehouse = tmp_path / "warehouse"
    assert check_outcomes(result)["project_rows_quarantined"] is False
    # Raw records only in the restricted file: one may carry a count the mart hides.
    sql = ("SELECT source_file, row_number, raw_record, rule, message "
           "FROM quality.quarantine WHERE source = 'projects' ORDER BY 1, 2")
    quarantined = query(warehouse, sql, restricted=True)
    assert [row[:2] + (None,) + row[3:] for row in quarantined] == query(warehouse, sql)
    assert [row[:2] + row[3:4] for row in quarantined] == [
        (HYTE_CARD.as_posix(), 9, "unknown_indicator"),
        (HYTE_CARD.as_posix(), 10, "unknown_population_group"),
        ("projects/cards/zz-typo.md", None, "invalid_card"),
    ]
    assert json.loads(quarantined[0][2])["code"] == "sotkanet:999999"
    assert "sotkanet:999999 is not in mart.dim_indicator" in quarantined[0][4]
    assert "total.16-29.total" in quarantined[1][4]
    assert "unknown project_key 'hytedata-20'" in quarantined[2][4]
    assert "project_key: hytedata-20" in quarantined[2][2]
    # The Sotkanet quarantine is untouched by the projects' rows.
    assert query(warehouse, "SELECT rule, count(*) FROM quality.quarantine "
                 "WHERE source = 'sotkanet' GROUP BY 1") == [("unknown_region", 2)]
    links = query(warehouse, "SELECT indicator_code, target_group_code FROM "
                  "mart.project_indicator WHERE project_key = 'hytedata-2-0'")
    assert len(links) == 8 and ("sotkanet:999999", "total.total.total") not in links
    assert {group for _, group in links} == {"total.total.total"}

    # The card's start date wins, and the trend is measured from it.
    hyte = query(warehouse, "SELECT start_date, end_date, source_file FROM mart.dim_project "
                 "WHERE project_key = 'hytedata-2-0'")
    assert hyte == [(date(2019, 1, 1), date(2026, 12, 31), f"{PAGE}.txt")]
    assert query(warehouse, "SELECT source, source_file FROM mart.project_field_source "
                 "WHERE project_key = 'hytedata-2-0' AND field = 'start_date'") == [
        ("card", HYTE_CARD.as_posix())]
    trend = query(warehouse, "SELECT indicator_code, start_period, start_value, latest_period, "
                  "latest_value, change FROM mart.v_project_indicator_trend WHERE project_key = "
                  "'hytedata-2-0' AND area_code = 'KU049' ORDER BY 1")
    assert len(trend) == 4
    for code, start_period, start_value, latest_period, latest, change in trend:
        # Loneliness (4284) is surveyed every other year: no 2019 value, so 2018's counts.
        baseline = "2018" if code == "sotkanet:4284" else "2019"
        first, last = (fact_value(warehouse, code, "KU049", year) for year in (baseline, "2023"))
        assert (start_period, start_value, latest_period, latest) == (baseline, first, "2023",
                                                                      last)
        assert change == pytest.approx(last - first)
    assert any(change != 0 for *_, change in trend)


def test_a_project_that_breaks_a_rule_is_quarantined_alone(sample_raw, build, tmp_path) -> None:
    cards = sample_raw / CARDS
    impact = cards / "impact-leadership.md"
    # The page has impact leadership start in 2019: an end before it.
    impact.write_text(impact.read_text(encoding="utf-8").replace(
        "title: Impact leadership\n", "title: Impact leadership\nend_date: 2018-06-30\n"),
        encoding="utf-8")
    agenda = cards / "digital-agenda.md"
    agenda.write_text(agenda.read_text(encoding="utf-8").replace(
        "project_key: digital-agenda\n", "project_key: digital-agenda\ncontacts: []\n"),
        encoding="utf-8")
    hyte = sample_raw / HYTE_CARD  # an amount of nothing beside the page's EUR 440,000
    hyte.write_text(hyte.read_text(encoding="utf-8").replace(
        "acronym: HyteData\n", "acronym: HyteData\nfundings:\n  - amount_eur: 440000\n"
        "  - amount_eur: 0\n"), encoding="utf-8")

    result = build(sample_raw)
    assert result.success
    checks = check_outcomes(result)
    assert checks["project_register_expectations"] is True
    assert checks["project_keys_resolve"] is True
    assert checks["project_rows_quarantined"] is False
    warehouse = tmp_path / "warehouse"
    assert (warehouse / "hytemart.duckdb").exists()  # published, indicator data and all
    assert query(warehouse, "SELECT count(*) FROM mart.fact_indicator_value")[0][0] > 0
    keys = {row[0] for row in query(warehouse, "SELECT project_key FROM mart.dim_project")}
    assert keys == set(LEVELS) - {"impact-leadership", "digital-agenda"}
    quarantined = query(warehouse, "SELECT source_file, rule, message FROM quality.quarantine "
                        "WHERE source = 'projects' ORDER BY rule")
    assert [(f, rule) for f, rule, _ in quarantined] == [
        (HYTE_CARD.as_posix(), "non_positive_amount"),  # the amount came from the card
        (f"{PAGE}.html", "project_ends_before_start"),
        (f"{PAGE}.html", "project_without_contact"),
    ]
    assert "impact-leadership.md" in quarantined[1][2] or "2018-06-30" in quarantined[1][2]
    assert "digital-agenda" in quarantined[2][2]
    # Their rows went with them; the history still shows the page listed them.
    for table in ("project_contact", "project_partner", "project_funding", "project_link"):
        assert query(warehouse, f"SELECT count(*) FROM mart.{table} WHERE project_key IN "
                     "('impact-leadership', 'digital-agenda')") == [(0,)], table
    assert query(warehouse, "SELECT project_key, in_register FROM mart.project_history "
                 "WHERE NOT in_register ORDER BY 1") == [
        ("digital-agenda", False), ("impact-leadership", False)]
    assert query(warehouse, "SELECT amount_eur FROM mart.project_funding "
                 "WHERE project_key = 'hytedata-2-0'") == [(440_000,)]
    # The page is accounted for: 8 projects read, 6 loaded, 2 quarantined.
    assert query(warehouse, "SELECT rows_read, rows_loaded, rows_quarantined, balanced FROM "
                 "quality.row_accounting WHERE source = 'projects'") == [(8, 6, 2, True)]


# ---------------------------------------------------------------------------
# Reading and SQL rules on small inputs


def test_html_is_preferred_to_a_text_copy_of_the_same_page(tmp_path: Path) -> None:
    for name in ("a.txt", "a.html", "b.txt", "notes.md"):
        (tmp_path / name).write_text("x")
    chosen, skipped = choose_pages(tmp_path)
    assert [p.name for p in chosen] == ["a.html", "b.txt"]
    assert [(p.name, kept.name) for p, kept in skipped] == [("a.txt", "a.html")]


def work_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for schema in ("staging", "mart", "quality"):
        con.execute(f"CREATE SCHEMA {schema}")
    return con


def test_no_projects_folder_gives_empty_typed_tables(tmp_path: Path) -> None:
    register = read_register(tmp_path, date(2025, 6, 1))
    assert all(not rows for rows in register.rows.values())
    con = work_db()
    write_register(con, register)
    for table, columns in STAGED_COLUMNS.items():
        found = con.execute("SELECT column_name FROM duckdb_columns() WHERE schema_name = "
                            "'staging' AND table_name = $t ORDER BY column_index",
                            {"t": table}).fetchall()
        assert tuple(c for (c,) in found) == columns, table
    assert con.execute("SELECT count(*) FROM staging.project").fetchall() == [(0,)]
    assert validate_register(con).success  # an empty register breaks no rule


def staged(**projects: tuple[date | None, date | None]) -> Register:
    register = Register()
    for key, (start, end) in projects.items():
        register.add("project", project_key=key, title=key, level="city", start_date=start,
                     end_date=end, contact_count=1, source_file="p.html")
    return register


def test_status_is_judged_against_the_build_date() -> None:
    con = work_db()
    write_register(con, staged(
        later=(date(2025, 9, 1), None), running=(date(2024, 1, 1), date(2025, 12, 31)),
        over=(None, date(2025, 5, 31)), open_ended=(date(2019, 1, 1), None),
        undated=(None, None), last_day=(None, date(2025, 6, 1))))
    run_sql_file(con, "mart/dim_project", {"build_date": date(2025, 6, 1)})
    status = dict(con.execute("SELECT project_key, status FROM mart.dim_project").fetchall())
    assert status == {"later": "planned", "running": "ongoing", "over": "ended",
                      "open_ended": "ongoing", "undated": "unknown", "last_day": "ongoing"}


def test_indicator_links_that_cannot_join_are_quarantined() -> None:
    con = work_db()
    register = staged(p=(date(2020, 1, 1), None))
    register.reject("projects/cards/bad.md", "invalid_card", "bad YAML", "---")
    links = [("sotkanet:1", "KU049", "total.total.total"), ("sotkanet:2", "KU049",
             "total.total.total"), ("sotkanet:1", "XX999", "total.total.total"),
             ("sotkanet:1", "KU049", "total.17-24.total"), ("sotkanet:1", "KU049",
             "total.total.total")]
    for position, (code, area, group) in enumerate(links, start=1):
        register.add("project_indicator_target", project_key="p", position=position,
                     indicator_code=code, target_area_code=area, target_group_code=group,
                     source_file="projects/cards/p.md", raw_record=json.dumps([code, area]))
    write_register(con, register)
    con.execute("CREATE TABLE mart.dim_indicator AS SELECT 'sotkanet:1' AS indicator_code")
    con.execute("CREATE TABLE mart.dim_area AS SELECT 'KU049' AS area_code")
    con.execute("CREATE TABLE mart.dim_population_group AS "
                "SELECT 'total.total.total' AS group_code")
    run_sql_file(con, "checks/tables")
    con.execute("INSERT INTO quality.quarantine VALUES ('sotkanet', 'f.csv', 2, '', 'r', 'm', "
                "'old', now()), ('projects', 'old.md', 1, '', 'r', 'm', 'old', now())")
    run_sql_file(con, "mart/project_indicator", {"run_id": "run-1"})
    assert con.execute("SELECT indicator_code, target_area_code, card_position "
                       "FROM mart.project_indicator").fetchall() == [("sotkanet:1", "KU049", 1)]
    quarantined = con.execute("SELECT source, source_file, row_number, rule, run_id FROM "
                              "quality.quarantine ORDER BY source, source_file, row_number")
    assert quarantined.fetchall() == [
        ("projects", "projects/cards/bad.md", None, "invalid_card", "run-1"),
        ("projects", "projects/cards/p.md", 2, "unknown_indicator", "run-1"),
        ("projects", "projects/cards/p.md", 3, "unknown_area", "run-1"),
        ("projects", "projects/cards/p.md", 4, "unknown_population_group", "run-1"),
        ("projects", "projects/cards/p.md", 5, "duplicate_link", "run-1"),
        ("sotkanet", "f.csv", 2, "r", "old"),  # another source's rows are left alone
    ]


def test_trend_takes_the_start_year_or_the_last_value_before_it() -> None:
    con = work_db()
    con.execute("""
        CREATE TABLE mart.dim_project AS SELECT * FROM (VALUES
            ('early', 'Early', DATE '2019-03-01'), ('late', 'Late', DATE '2030-01-01'),
            ('undated', 'Undated', NULL::DATE), ('before_data', 'Before', DATE '2010-01-01'))
            t(project_key, title, start_date);
        CREATE TABLE mart.project_indicator AS SELECT project_key, 'x:1' AS indicator_code,
            'KU049' AS target_area_code, 'total.total.total' AS target_group_code
            FROM mart.dim_project;
        CREATE TABLE mart.dim_indicator AS SELECT 'x:1' AS indicator_code, 'X' AS name_en,
            'percent' AS unit;
        CREATE TABLE mart.dim_area AS SELECT 'KU049' AS area_code, 'Espoo' AS name_en;
        CREATE TABLE mart.fact_indicator_value AS
        SELECT 'x:1' AS indicator_code, area_code, y::VARCHAR AS period,
               make_date(y, 1, 1) AS period_start, 'total.total.total' AS group_code,
               CASE WHEN y = 2023 THEN NULL ELSE y - 2000.0 END AS value
        FROM range(2015, 2024) r(y), (VALUES ('KU049'), ('SSS')) a(area_code);
    """)
    run_sql_file(con, "mart/v_project_indicator_trend")
    rows = con.execute("SELECT project_key, start_year, start_period, start_value, "
                       "latest_period, latest_value, change FROM mart.v_project_indicator_trend "
                       "ORDER BY 1").fetchall()
    assert rows == [
        ("before_data", 2010, None, None, "2022", 22.0, None),
        ("early", 2019, "2019", 19.0, "2022", 22.0, 3.0),  # 2023 has no value: 2022 is latest
        ("late", 2030, "2022", 22.0, "2022", 22.0, 0.0),
        ("undated", None, None, None, "2022", 22.0, None),
    ]


def test_suite_flags_each_broken_register_rule() -> None:
    con = work_db()
    register = staged(good=(date(2020, 1, 1), date(2021, 1, 1)),
                      backwards=(date(2021, 1, 1), date(2020, 1, 1)))
    register.rows["project"][1]["contact_count"] = 0
    register.rows["project"][0]["level"] = "regional"
    register.add("project_contact", project_key="good", position=1, name="A B",
                 email="a.b@espoo", phone_e164="040 123", source="page", source_file="p.html")
    register.add("project_funding", project_key="good", position=1, amount_eur=-5,
                 bound="exact", source="card", source_file="c.md")
    register.add("project_partner", project_key="good", position=1, organization_key="x",
                 organization_name="X", organization_type="club", role="partner",
                 source="page", source_file="p.html")
    # As read, before the per-project rules: the suite sees every broken rule.
    write_register(con, register, apply_rules=False)
    outcome = validate_register(con)
    assert sorted(f.label for f in outcome.failures) == [
        "project: ExpectColumnPairValuesAToBeGreaterThanB",
        "project: ExpectColumnValuesToBeBetween(contact_count)",
        "project: ExpectColumnValuesToBeInSet(level)",
        "project_contact: ExpectColumnValuesToMatchRegex(email)",
        "project_contact: ExpectColumnValuesToMatchRegex(phone_e164)",
        "project_funding: ExpectColumnValuesToBeBetween(amount_eur)",
        "project_partner: ExpectColumnValuesToBeInSet(organization_type)",
    ]
    # With them, the project without a contact (and ending before it starts) and the negative
    # amount are quarantined; what the readers never emit is left for the suite to block.
    con = work_db()
    write_register(con, register)
    assert con.execute("SELECT rule, row_number FROM staging.project_rejected ORDER BY 1"
                       ).fetchall() == [("non_positive_amount", 1),
                                        ("project_without_contact", None)]
    assert sorted(f.label for f in validate_register(con).failures) == [
        "project: ExpectColumnValuesToBeInSet(level)",
        "project_contact: ExpectColumnValuesToMatchRegex(email)",
        "project_contact: ExpectColumnValuesToMatchRegex(phone_e164)",
        "project_partner: ExpectColumnValuesToBeInSet(organization_type)",
    ]
