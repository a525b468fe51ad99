"""The map views' SQL on small hand-made tables, with the answers worked out by hand."""

import duckdb
import pytest

from pipelines.sqlfiles import run_sql_file


@pytest.fixture()
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA mart")
    con.execute("""CREATE TABLE mart.dim_area (area_code VARCHAR, area_level VARCHAR,
        name_fi VARCHAR, name_sv VARCHAR, name_en VARCHAR, parent_area_code VARCHAR,
        wellbeing_county_code VARCHAR)""")
    con.execute("""CREATE TABLE mart.dim_indicator (indicator_code VARCHAR, name_fi VARCHAR,
        name_sv VARCHAR, name_en VARCHAR, unit VARCHAR, decimals INTEGER)""")
    con.execute("""CREATE TABLE mart.fact_indicator_value (indicator_code VARCHAR,
        area_code VARCHAR, period VARCHAR, frequency VARCHAR, period_start DATE,
        group_code VARCHAR, value DOUBLE, status VARCHAR, flag VARCHAR)""")
    con.execute("INSERT INTO mart.dim_area VALUES ('KU001', 'municipality', 'Yksi', 'Ett', "
                "'One', 'HVA03', 'HVA03'), ('KU002', 'municipality', 'Kaksi', 'Två', 'Two', "
                "'HVA03', 'HVA03')")
    for municipality, count in (("KU001", 10), ("KU002", 4)):
        for number in range(1, count + 1):
            code = f"PNO{municipality[2:]}{number:02d}"
            con.execute("INSERT INTO mart.dim_area VALUES (?, 'postal_code_area', ?, NULL, "
                        "NULL, ?, 'HVA03')", [code, code, municipality])
    con.execute("INSERT INTO mart.dim_indicator VALUES ('x:rate', 'Osuus', 'Andel', 'Share', "
                "'percent', 1), ('x:count', 'Määrä', 'Antal', 'Count', 'count', 0), "
                "('x:people', 'Väestö', 'Befolkning', 'Population', 'count', 0)")
    return con


def fact(con: duckdb.DuckDBPyConnection, indicator: str, area: str, value: float | None,
         status: str = "ok", group: str = "total.total.total") -> None:
    con.execute("INSERT INTO mart.fact_indicator_value VALUES (?, ?, '2024', 'annual', "
                "DATE '2024-01-01', ?, ?, ?, NULL)", [indicator, area, group, value, status])


def spread(con: duckdb.DuckDBPyConnection, where: str) -> list[tuple]:
    run_sql_file(con, "outputs/report/small_area_spread")
    return con.execute(
        "SELECT municipality_code, measure, group_code, round(value, 6), highest_fifth_mean, "
        "lowest_fifth_mean, round(group_share_percent, 6), areas_used, areas_left_out "
        f"FROM report.small_area_spread WHERE {where} ORDER BY ALL").fetchall()


def test_the_quintile_ratio_leaves_hidden_areas_out(con: duckdb.DuckDBPyConnection) -> None:
    # KU001: ten areas, values 1..9 and a suppressed one whose (unprotected) value 1000 must
    # not count: 9 numbers, a fifth is 1 area at each end: 9 / 1.
    for number in range(1, 10):
        fact(con, "x:rate", f"PNO001{number:02d}", float(number))
    fact(con, "x:rate", "PNO00110", 1000.0, "suppressed")
    # KU002: four areas only: too few for fifths, the row says so with a NULL.
    for number in range(1, 5):
        fact(con, "x:rate", f"PNO002{number:02d}", float(number))
    # A count is a size, not a rate: no quintile ratio.
    fact(con, "x:count", "PNO00101", 5.0)
    assert spread(con, "measure = 'quintile_ratio'") == [
        ("KU001", "quintile_ratio", "total.total.total", 9.0, 9.0, 1.0, None, 9, 1),
        ("KU002", "quintile_ratio", "total.total.total", None, None, None, None, 4, 0),
    ]


def test_ten_numbers_make_fifths_of_two(con: duckdb.DuckDBPyConnection) -> None:
    for number, value in enumerate([4, 8, 1, 9, 3, 7, 2, 10, 6, 5], start=1):
        fact(con, "x:rate", f"PNO001{number:02d}", float(value))
    assert spread(con, "measure = 'quintile_ratio'") == [
        ("KU001", "quintile_ratio", "total.total.total", round(9.5 / 1.5, 6), 9.5, 1.5, None,
         10, 0)]


def test_the_index_of_dissimilarity(con: duckdb.DuckDBPyConnection) -> None:
    counts = {"PNO00101": (90, 10, 0), "PNO00102": (10, 90, 0), "PNO00103": (50, 3, 0)}
    for area, (fi, sv, other) in counts.items():
        fact(con, "x:people", area, fi, group="total.total.fi")
        fact(con, "x:people", area, other, "zero" if other == 0 else "ok",
             group="total.total.other")
        if area == "PNO00103":  # a small count, hidden: the area is left out altogether
            fact(con, "x:people", area, None, "suppressed", group="total.total.sv")
        else:
            fact(con, "x:people", area, sv, group="total.total.sv")
    # Swedish speakers: 10 of 100 in A, 90 of 100 in B: 50 x (|10/100 - 90/100| +
    # |90/100 - 10/100|) = 80; the same for Finnish speakers; nobody speaks another language,
    # so that index is not defined.
    assert spread(con, "measure = 'dissimilarity_index'") == [
        ("KU001", "dissimilarity_index", "total.total.fi", 80.0, None, None, 50.0, 2, 1),
        ("KU001", "dissimilarity_index", "total.total.other", None, None, None, 0.0, 2, 1),
        ("KU001", "dissimilarity_index", "total.total.sv", 80.0, None, None, 50.0, 2, 1),
    ]


def test_the_boundary_check_names_what_is_wrong_and_what_is_blank(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from pipelines.checks.boundary_checks import boundaries_match_areas

    con.execute("CREATE SCHEMA staging")
    con.execute("CREATE TABLE staging.area_boundary_error (source_file VARCHAR, error VARCHAR)")
    con.execute("""CREATE TABLE mart.dim_area_boundary AS
        SELECT 'KU001' AS area_code, 'municipality' AS area_level, 'Yksi' AS name_fi,
               'm.geojson' AS source_file
        UNION ALL SELECT 'PNO00101', 'postal_code_area', 'PNO00101', 'p.geojson'""")
    assert boundaries_match_areas(con).passed
    # KU002 has values but no boundary: blank on a map, said, not a failure.
    fact(con, "x:rate", "KU002", 1.0)
    result = boundaries_match_areas(con)
    assert result.passed and "1 areas with values have no boundary" in result.description
    assert result.metadata["areas_without_boundary"].value == ["KU002"]
    # A code no area has, and a file that could not be read: the check fails, naming them.
    con.execute("INSERT INTO mart.dim_area_boundary VALUES ('KU999', 'municipality', NULL, "
                "'m.geojson')")
    con.execute("INSERT INTO staging.area_boundary_error VALUES ('d.geojson', "
                "'d.geojson:7: feature 6: geometry ''Point'' is not a Polygon or MultiPolygon')")
    result = boundaries_match_areas(con)
    assert not result.passed
    assert "d.geojson:7: feature 6" in result.description and "KU999" in result.description
