"""Small-number protection in a whole build of the bundled sample: the published mart hides
small counts and what would give them away; the restricted file keeps everything.

The sample's county table of aftercare clients has counts below 5 in small municipalities.
"""

import shutil
from pathlib import Path

import duckdb
from published import query
from recovery import assert_not_recoverable

INDICATOR = "county:aftercare_clients"
FEMALE, MALE = "female.16-24.total", "male.16-24.total"
KAUNIAINEN, INKOO, HANKO = "KU235", "KU149", "KU078"


def cell(warehouse: Path, area: str, group: str, restricted: bool = False) -> tuple:
    """(value, status) in the published file; (value, status, suppression) in the restricted
    one (the published file does not say why: the reason would narrow the hidden count)."""
    columns = "value, status, suppression" if restricted else "value, status"
    rows = query(warehouse, f"SELECT {columns} FROM mart.fact_indicator_value "
                 "WHERE indicator_code = $i AND area_code = $a AND period = '2023' "
                 "AND group_code = $g", {"i": INDICATOR, "a": area, "g": group}, restricted)
    assert len(rows) == 1
    return rows[0]


def keys_and_values(warehouse: Path, restricted: bool) -> dict[tuple, tuple]:
    rows = query(warehouse, "SELECT indicator_code, area_code, period, group_code, value, status "
                 "FROM mart.fact_indicator_value", restricted=restricted)
    return {tuple(row[:4]): tuple(row[4:]) for row in rows}


def test_published_mart_hides_small_counts_and_the_restricted_file_keeps_them(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    # The small-area tables (docs/maps.md) bring small counts of their own: this test follows
    # the county table's (the build's blocking audit covers theirs).
    for folder in ("statfin/paavo", "generated"):
        shutil.rmtree(sample_raw / "indicators" / folder)
    result = build(sample_raw)
    assert result.success
    # The protection audit ran in the build: its check holds and says what it audited.
    audited = next(e for e in result.get_asset_check_evaluations()
                   if e.check_name == "hidden_counts_not_recoverable")
    assert audited.passed
    assert audited.metadata["worked_out_exactly"].value == 0
    assert audited.metadata["narrower_than_interval"].value == 0
    assert audited.metadata["small_counts_audited"].value >= 4
    warehouse = tmp_path / "warehouse"
    # Kauniainen: 2 women (primary), so the men go too (total 8 - men = women).
    assert cell(warehouse, KAUNIAINEN, FEMALE) == (None, "suppressed")
    assert cell(warehouse, KAUNIAINEN, MALE) == (None, "suppressed")
    assert cell(warehouse, KAUNIAINEN, "total.16-24.total") == (8.0, "ok")
    assert cell(warehouse, KAUNIAINEN, MALE, restricted=True) == (6.0, "ok", "complementary")
    # The restricted file: the value as it came, and what the published mart does with it.
    assert cell(warehouse, KAUNIAINEN, FEMALE, restricted=True) == (2.0, "ok", "primary")
    # Every row is in both files; they differ only where the published one hides a value.
    published, unprotected = keys_and_values(warehouse, False), keys_and_values(warehouse, True)
    assert published.keys() == unprotected.keys()
    differ = {key for key in published if published[key] != unprotected[key]}
    hidden = {key for key, (_, status) in published.items() if status == "suppressed"}
    # Inkoo's 3 men: the county pair (its 6 women) leaves them at least 1 (9 - 8 women at
    # most), narrower than the protection interval: the audit gives them a box, Hanko's men
    # (9, 10) the partner, the two municipalities' totals moving with them.
    assert cell(warehouse, INKOO, MALE, restricted=True) == (3.0, "ok", "primary")
    assert cell(warehouse, HANKO, MALE, restricted=True)[2] == "complementary"
    assert cell(warehouse, INKOO, "total.16-24.total", restricted=True)[2] == "complementary"
    # 14 of the aftercare clients (the youth pilot's tables, issue 25, have their own).
    assert differ == hidden and len({key for key in hidden if key[0] == INDICATOR}) == 14
    # Nothing a reader of the published file can combine gives a hidden count back.
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        assert_not_recoverable(con, "mart.fact_indicator_value")
    finally:
        con.close()
    con = duckdb.connect(str(warehouse / "restricted" / "hytemart_restricted.duckdb"),
                         read_only=True)
    try:
        assert con.execute(
            "SELECT count(*) FILTER (WHERE status = 'suppressed'), "
            "count(suppression) FILTER (WHERE indicator_code = $i) "
            "FROM mart.fact_indicator_value", {"i": INDICATOR}).fetchone() == (0, 14)
        decided = dict(con.execute("SELECT suppression, count(*) FROM mart.fact_indicator_value "
                                   "WHERE suppression IS NOT NULL GROUP BY ALL").fetchall())
        # Raw records of quarantined rows only here.
        assert con.execute("SELECT count(raw_record) > 0 FROM quality.quarantine").fetchone()[0]
    finally:
        con.close()
    assert query(warehouse, "SELECT count(raw_record) FROM quality.quarantine") == [(0,)]
    # BI views over the published file show the hidden cells as hidden.
    assert query(warehouse, "SELECT latest_value, latest_status FROM report.latest_value "
                 "WHERE indicator_code = $i AND area_code = $a AND group_code = $g",
                 {"i": INDICATOR, "a": KAUNIAINEN, "g": FEMALE}) == [(None, "suppressed")]
    materialized = {
        event.asset_key.to_user_string(): event.step_materialization_data.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    protection = materialized["protected/fact_indicator_value"]
    # What the build's log says it decided is what the restricted file records (4 and 10
    # of the aftercare clients).
    assert (protection["primary"].value, protection["complementary"].value) == (
        decided["primary"], decided["complementary"])


# Issue 24: a table by Espoo's major districts and age bands, with Espoo itself and the 15-24
# band: the districts add up to Espoo and 15-19 + 20-24 to 15-24 (sums of the same people).
DISTRICT_TABLE = """# Test data for protection across districts and age bands: illustrative.
source: espoo
title: Nuorisotilojen kävijät suuralueittain (testi)
format: csv
delimiter: ";"
area: {column: Alue}
period: {column: Vuosi}
age_group: {column: Ikäryhmä}
indicator: {value: youth_space_visitors}
value: {column: Kävijöitä}
indicators:
  youth_space_visitors:
    name_fi: Nuorisotilojen kävijät
    name_sv: Besökare i ungdomslokaler
    name_en: Visitors of youth spaces
    unit: count
    decimals: 0
"""
DISTRICTS = {"Suur-Leppävaara": (120, 95), "Suur-Tapiola": (64, 70), "Suur-Matinkylä": (48, 52),
             "Suur-Espoonlahti": (88, 91), "Suur-Kauklahti": (21, 17), "Vanha-Espoo": (57, 60),
             "Pohjois-Espoo": (3, 40)}


def district_table(raw: Path) -> None:
    lines = ["Alue;Vuosi;Ikäryhmä;Kävijöitä"]
    for name, (young, older) in DISTRICTS.items():
        lines += [f"{name};2024;15-19;{young}", f"{name};2024;20-24;{older}",
                  f"{name};2024;15-24;{young + older}"]
    young, older = (sum(v[k] for v in DISTRICTS.values()) for k in (0, 1))
    lines += [f"Espoo;2024;15-19;{young}", f"Espoo;2024;20-24;{older}",
              f"Espoo;2024;15-24;{young + older}"]
    folder = raw / "indicators" / "county"
    (folder / "youth_spaces_by_district_2024.csv").write_text("\n".join(lines) + "\n",
                                                             encoding="utf-8")
    (folder / "youth_spaces_by_district_2024.yaml").write_text(DISTRICT_TABLE, encoding="utf-8")


def test_districts_and_age_bands_add_up_in_a_whole_build(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    """Pohjois-Espoo's 3 visitors aged 15-19 are neither Espoo's 15-19 minus the other
    districts nor its own 15-24 minus its 20-24: the build hides what both would give away,
    the audit in the build proves it, and the checkers of tests/recovery.py (every district
    and age partition a reader finds) recover nothing from the published file."""
    district_table(sample_raw)
    result = build(sample_raw)
    assert result.success
    audited = next(e for e in result.get_asset_check_evaluations()
                   if e.check_name == "hidden_counts_not_recoverable")
    assert audited.passed
    warehouse = tmp_path / "warehouse"
    rows = dict(((area, group), (value, suppression)) for area, group, value, suppression in query(
        warehouse, "SELECT area_code, group_code, value, suppression "
        "FROM mart.fact_indicator_value WHERE indicator_code = 'espoo:youth_space_visitors'",
        restricted=True))
    assert len(rows) == 24
    assert rows[("KU049-SA7", "total.15-19.total")] == (3.0, "primary")
    hidden = {key for key, (_, suppression) in rows.items() if suppression}
    # Another district's 15-19 and Pohjois-Espoo's 20-24 (or its 15-24) go with it.
    assert any(area != "KU049-SA7" and group == "total.15-19.total" for area, group in hidden)
    assert {("KU049-SA7", "total.20-24.total"), ("KU049-SA7", "total.15-24.total")} & hidden
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        assert_not_recoverable(con, "mart.fact_indicator_value")
    finally:
        con.close()


def test_the_threshold_is_a_setting(sample_raw: Path, build, tmp_path: Path) -> None:
    assert build(sample_raw, suppression_threshold=10).success
    warehouse = tmp_path / "warehouse"
    # Hanko's 7 women are below 10 now (and 5 <= 7, so they were published by default).
    assert cell(warehouse, HANKO, FEMALE) == (None, "suppressed")
    assert cell(warehouse, HANKO, FEMALE, restricted=True) == (7.0, "ok", "primary")
    assert cell(warehouse, INKOO, FEMALE)[1] == "suppressed"
    con = duckdb.connect(str(warehouse / "hytemart.duckdb"), read_only=True)
    try:
        assert_not_recoverable(con, "mart.fact_indicator_value")
    finally:
        con.close()


def materialize_after_staging_changed(sample_raw: Path, warehouse: Path, *assets: list[str]):
    """A staged value changed behind the build's back (the facts are a view of the checked
    rows), then only `assets` materialized: what publishing does with a stale decision."""
    import dagster as dg

    from pipelines.assets.resources import HytemartResource
    from pipelines.definitions import ASSETS
    from pipelines.publish.warehouse import WarehousePaths, connect_work

    with connect_work(WarehousePaths(warehouse)) as con:
        con.execute("UPDATE staging.sotkanet_checked SET value = 3 WHERE row_number = 2")
    resource = HytemartResource(raw_dir=str(sample_raw), warehouse_dir=str(warehouse))
    return dg.materialize(ASSETS, selection=[dg.AssetKey(key) for key in assets],
                          resources={"hytemart": resource}, raise_on_error=False)


def assert_refused_as_stale(result, warehouse: Path, published: bytes) -> None:
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "protection was decided for other facts" in str(failure.event_specific_data)
    assert (warehouse / "hytemart.duckdb").read_bytes() == published


def test_publishing_refuses_facts_protection_was_not_decided_for(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    assert build(sample_raw).success
    warehouse = tmp_path / "warehouse"
    published = (warehouse / "hytemart.duckdb").read_bytes()
    # The changed value reaches the facts after the protection was decided: publishing
    # alone must not put it out with a stale decision.
    result = materialize_after_staging_changed(sample_raw, warehouse,
                                               ["warehouse", "published_mart"])
    assert_refused_as_stale(result, warehouse, published)


def test_protection_on_stale_staged_parts_cannot_get_its_facts_published(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    """Protection hashes again only the indicators whose staged parts changed, as the
    indicator_values step last counted them; when staging changed without that step, the
    decision's digest is not the facts' and publishing refuses them."""
    assert build(sample_raw).success
    warehouse = tmp_path / "warehouse"
    published = (warehouse / "hytemart.duckdb").read_bytes()
    result = materialize_after_staging_changed(
        sample_raw, warehouse, ["protected", "fact_indicator_value"],
        ["warehouse", "published_mart"])
    assert protection_metadata(result)["blocks_decided"].value == 0  # it saw no change
    assert_refused_as_stale(result, warehouse, published)
    # The whole job counts the parts again and decides the changed block.
    rebuilt = build(sample_raw)
    assert rebuilt.success and protection_metadata(rebuilt)["blocks_decided"].value >= 1


def decisions(warehouse: Path) -> list[tuple]:
    return query(warehouse, "SELECT indicator_code, area_code, period, group_code, suppression "
                 "FROM mart.fact_indicator_value WHERE suppression IS NOT NULL ORDER BY ALL",
                 restricted=True)


def protection_metadata(result) -> dict:
    return next(
        event.materialization.metadata for event in result.get_asset_materialization_events()
        if event.asset_key.to_user_string() == "protected/fact_indicator_value")


def test_a_rebuild_decides_only_the_changed_blocks_and_agrees_with_a_full_one(
    sample_raw: Path, build, tmp_path: Path
) -> None:
    assert build(sample_raw).success
    again = protection_metadata(build(sample_raw))
    assert (again["blocks_decided"].value, again["all_blocks_decided"].value) == (0, False)
    # Hanko's women in 2023 drop to 3: one block (the indicator in 2023) changes.
    table = sample_raw / "indicators" / "county" / "aftercare_clients_16_24.csv"
    text = table.read_text(encoding="utf-8")
    assert "Hanko;2023;naiset;7\n" in text
    table.write_text(text.replace("Hanko;2023;naiset;7\n", "Hanko;2023;naiset;3\n")
                     .replace("Hanko;2023;yhteensä;17\n", "Hanko;2023;yhteensä;13\n"),
                     encoding="utf-8")
    rebuilt = build(sample_raw)
    assert rebuilt.success
    metadata = protection_metadata(rebuilt)
    assert (metadata["blocks_decided"].value, metadata["all_blocks_decided"].value) == (1, False)
    incremental = decisions(tmp_path / "warehouse")
    assert ("county:aftercare_clients", HANKO, "2023", FEMALE, "primary") in incremental
    # The same raw files built from nothing give the same decision.
    assert build(sample_raw, tmp_path / "fresh").success
    assert decisions(tmp_path / "fresh") == incremental
    # Another threshold decides every block again.
    other = protection_metadata(build(sample_raw, suppression_threshold=6))
    assert other["all_blocks_decided"].value is True


def test_the_audit_check_stops_publication_only_for_a_count_worked_out_exactly() -> None:
    import dagster as dg

    from pipelines.assets.protection import _audit_result
    from pipelines.protect.suppression import ProtectionReport

    def outcome(exact: int, narrow: int) -> tuple:
        report = ProtectionReport(primary=3, complementary=5, rounds=1, audit_checked=3,
                                  audit_exact=exact, audit_narrow=narrow)
        result = _audit_result(report, blocks=2, interval=5)
        return result.passed, result.severity

    assert outcome(0, 0)[0] is True
    assert outcome(1, 0) == (False, dg.AssetCheckSeverity.ERROR)  # blocks what follows
    assert outcome(0, 2) == (False, dg.AssetCheckSeverity.WARN)  # shown, publication goes on
