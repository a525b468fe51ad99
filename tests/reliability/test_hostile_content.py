"""Hostile file names, headers, codes and labels (quotes, semicolons, SQL, control
characters, line breaks, HTML) are data: they change no SQL that runs, arrive in the mart as
written (or in the quarantine, with their rule), and render as text in the wellbeing report
and the data dictionary. And no SQL in pipelines/ is built from data: a scan of the code."""

import ast
from pathlib import Path

from markupsafe import escape
from published import query

from .conftest import Built
from .harness import REPO_ROOT
from .hostile import (
    BAD_SEX,
    BAD_SEX_HTML,
    BROKEN_FILE,
    BROKEN_INDICATOR,
    CARD_ACRONYM,
    INDICATOR_NAME,
    SCRIPT,
    SOTKANET_BAD_REGION,
    TABLE_FILE,
)


def test_hostile_names_and_labels_arrive_as_written_and_break_nothing(
    hostile_build: Built,
) -> None:
    warehouse = hostile_build.warehouse
    source_file = f"indicators/county/{TABLE_FILE}"
    # The tables the SQL in the data named are all there, whole.
    tables = "SELECT count(*) FROM duckdb_tables() WHERE schema_name IN ('mart', 'quality')"
    # 18, mart.dim_area_boundary (issue 24), the youth pilot's five mart tables (issue 25) and
    # the welfare reports' peer groups, goals and comparisons (six, issue 23). The restricted
    # file computes the comparisons when read: a view there.
    assert query(warehouse, tables) == [(30,)]
    assert query(warehouse, tables, restricted=True) == [(29,)]
    assert query(warehouse, "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'mart' "
                 "AND view_name = 'fact_comparison'", restricted=True) == [(1,)]
    assert query(warehouse, "SELECT count(*) > 50 FROM mart.dim_area") == [(True,)]
    assert query(warehouse, "SELECT name_fi, name_en FROM mart.dim_indicator "
                 "WHERE indicator_code = 'county:hostile'") == [(INDICATOR_NAME, INDICATOR_NAME)]
    assert query(warehouse, "SELECT area_code, period, value FROM mart.fact_indicator_value "
                 "WHERE source_file = $f", {"f": source_file}) == [("KU049", "2023", 12.5)]
    quarantined = query(warehouse, "SELECT rule, message, raw_record FROM quality.quarantine "
                        "WHERE source_file = $f ORDER BY message", {"f": source_file},
                        restricted=True)
    assert [rule for rule, _, _ in quarantined] == ["invalid_sex", "invalid_sex"]
    assert any(BAD_SEX in message for _, message, _ in quarantined)
    assert any(BAD_SEX_HTML in message for _, message, _ in quarantined)
    assert query(warehouse, "SELECT rows_read, rows_loaded, rows_quarantined, balanced "
                 "FROM quality.row_accounting WHERE source_file = $f",
                 {"f": source_file}) == [(3, 1, 2, True)]
    sotkanet = query(warehouse, "SELECT rule FROM quality.quarantine WHERE raw_record LIKE $r",
                     {"r": f"%{SOTKANET_BAD_REGION}%"}, restricted=True)
    assert sotkanet == [("unknown_region",)]
    assert query(warehouse, "SELECT acronym FROM mart.dim_project "
                 "WHERE project_key = 'hytedata-2-0'") == [(CARD_ACRONYM,)]


def test_a_file_name_with_line_breaks_is_data_in_the_mart_the_exports_and_the_report(
    hostile_build: Built,
) -> None:
    warehouse = hostile_build.warehouse
    source_file = f"indicators/county/{BROKEN_FILE}"
    assert query(warehouse, "SELECT indicator_code, period, value FROM "
                 "mart.fact_indicator_value WHERE source_file = $f",
                 {"f": source_file}) == [(BROKEN_INDICATOR, "2023", 1.5)]
    assert query(warehouse, "SELECT source_file, rule FROM quality.quarantine WHERE "
                 "source_file LIKE '%line%break%'", restricted=True) == [
        (source_file, "invalid_period")]
    assert query(warehouse, "SELECT rows_read, rows_loaded, rows_quarantined, balanced "
                 "FROM quality.row_accounting WHERE source_file = $f",
                 {"f": source_file}) == [(2, 1, 1, True)]
    # Exports: its facts are one Parquet file of their own, named without the line breaks,
    # holding the name as written; the manifest lists it.
    parts = warehouse / "exports" / "mart" / "fact_indicator_value"
    (part,) = [path for path in parts.iterdir() if path.name.startswith("indicators_county_line")]
    assert "\n" not in part.name and "\r" not in part.name
    assert query(warehouse, "SELECT DISTINCT source_file FROM read_parquet($part)",
                 {"part": str(part)}) == [(source_file,)]
    manifest = (warehouse / "exports" / "manifest.json").read_text(encoding="utf-8")
    assert f"mart/fact_indicator_value/{part.name}" in manifest
    # The wellbeing report lists the file by its name, as text (CR LF as LF: an HTML parser
    # reads them as one line break anyway).
    report = html_files(warehouse)["wellbeing_KU049_en.html"]
    assert str(escape(source_file.replace("\r\n", "\n"))) in report.replace("\r\n", "\n")


def html_files(warehouse: Path) -> dict[str, str]:
    reports = warehouse / "reports"
    return {path.name: path.read_text(encoding="utf-8") for path in reports.glob("*.html")}


def test_hostile_labels_render_as_text_in_the_report_and_the_dictionary(
    hostile_build: Built,
) -> None:
    pages = html_files(hostile_build.warehouse)
    assert {"data_dictionary.html", "wellbeing_KU049_en.html"} <= pages.keys()
    for name, page in pages.items():
        # Never as markup: not in the page's HTML, and not able to close a <script> block.
        for markup in (SCRIPT, CARD_ACRONYM, BAD_SEX_HTML, "</script><"):
            assert markup not in page.replace("</script><script", ""), (name, markup)
    report = pages["wellbeing_KU049_en.html"]
    # Shown as text: escaped, whole, control characters and line break included.
    assert str(escape(INDICATOR_NAME)) in report
    assert f"HyteData 2.0 ({escape(CARD_ACRONYM)})" in report
    assert str(escape(f"indicators/county/{TABLE_FILE}")) in report


# Every interpolation into SQL text in pipelines/ (f-strings, %, +, .format), by file, with why
# it is no data. quote_ident(), sql_literal() and int() are always fine, as are UPPER_CASE
# constants of the code; anything else new fails the test until it is reviewed and listed.
REVIEWED = {
    "pipelines/assets/metadata.py": {"name", "columns"},  # quote_ident'ed above
    "pipelines/assets/tables.py": {"table", "role", "statement"},  # tables and roles of code
    # the mart's tables of the welfare reports' settings, and fixed queries of codes
    "pipelines/assets/report_settings.py": {"table", "sql"},
    "pipelines/checks/sql_expectations.py": {  # relations and SQL the suite builds from code
        "relation", "any_flag", "table", "_duplicates_sql(relation, translation)",
        "duplicates_table(relation, index)", "counts_sql", "sql"},
    "pipelines/checks/staging_checks.py": {"where"},  # a fixed clause of the check
    "pipelines/outputs/exports.py": {"source", "aggregate"},  # quote_ident'ed names of the file
    "pipelines/publish/incremental.py": {  # quote_ident'ed names, fixed aliases, the parts bound
        "' UNION ALL '.join(parts)", "digests", "name", "row", "source", "alias", "dest",
        "where", "query", "_source(name, replacements)", "table",
        "', ' + more if more else ''",  # protection's aggregate, of code (issue 14)
        "order"},  # ORDER BY a quote_ident'ed column of SORTED_TABLES, or nothing
    "pipelines/ingest/sotkanet.py": {"_CSV_OPTIONS"},
    "pipelines/protect/audit.py": {"relation_sql(cells)", "relation_sql(groups)",
                                      # a checked relation name; `small` or `true`
                                      "relation", "target",  # names
                                      # its own fixed queries; a checked relation
                                      "sql", "relation_sql(directions)"},
    # the layout's unnest() list built from the code's types (the rows themselves bound), a
    # fixed tail, one of two fixed queries
    "pipelines/protect/layout.py": {
        "select", "extra",
        "'SELECT area_code FROM mart.dim_area' if has_areas else "
        "'SELECT NULL::VARCHAR AS area_code WHERE false'"},
    "pipelines/protect/suppression.py": {"source", "relation_sql(derived_indicators)",
                                 "relation_sql(facts)", "target",
                                 "relation_sql(relation)"},  # relation names of code
    "pipelines/publish/warehouse.py": {"schema"},  # the work database's fixed schema names
    "pipelines/publish/write.py": {"alias", "dest", "source", "schema", "name", "table",
                                   "statement", "kind",  # quote_ident'ed names, fixed aliases,
                                   "view_query(schema, view, view_sql)",  # views of sql/ files
                                   "order_clause(order_by)"},  # ORDER BY a quote_ident'ed column
    "pipelines/sqlfiles.py": {"statement", "statements[0]"},  # statements of sql/ files
    "pipelines/checks/mart_checks.py": {"load_sql(sql_name)"},  # sql/ files
    "pipelines/checks/project_checks.py": {"load_sql('checks/project_key_violations')"},
    "pipelines/assets/staging.py": {"sotkanet.RAW_TABLE_DDL"},
}
SQL_CALLS = {"execute", "executemany", "sql", "query"}
SAFE_CALLS = {"quote_ident", "sql_literal", "int", "load_sql"}


def interpolations(node: ast.expr) -> list[ast.expr]:
    """The parts of an SQL argument that are not literal text."""
    if isinstance(node, ast.Constant):
        return []
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):  # "..." + x, "..." % x
        return interpolations(node.left) + interpolations(node.right)
    return [node]


def unreviewed(source: str, relative: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS and node.args):
            continue
        for part in interpolations(node.args[0]):
            text = ast.unparse(part)
            name = text.rsplit(".", 1)[-1]
            called = part.func if isinstance(part, ast.Call) else None
            called_name = (called.id if isinstance(called, ast.Name) else
                           called.attr if isinstance(called, ast.Attribute) else None)
            if called_name in SAFE_CALLS or name.isupper() \
                    or text in REVIEWED.get(relative, set()):
                continue
            found.append(f"{relative}:{node.lineno}: {text}")
    return found


def test_no_sql_is_built_from_data() -> None:
    found = [item for path in sorted((REPO_ROOT / "pipelines").rglob("*.py"))
             for item in unreviewed(path.read_text(encoding="utf-8"),
                                    path.relative_to(REPO_ROOT).as_posix())]
    assert found == [], "SQL text with unreviewed interpolations (bind data as parameters):\n" \
        + "\n".join(found)


def test_the_scan_finds_sql_built_from_data() -> None:
    """The scan itself can fail: code that pastes a value into SQL is caught."""
    bad = ('def f(con, area):\n    con.execute(f"SELECT * FROM t WHERE a = \'{area}\'")\n'
           '    con.sql("SELECT * FROM t WHERE a = " + area)\n'
           '    con.execute("SELECT * FROM t WHERE a = $a", {"a": area})\n')
    assert unreviewed(bad, "pipelines/probe.py") == ["pipelines/probe.py:2: area",
                                                     "pipelines/probe.py:3: area"]
