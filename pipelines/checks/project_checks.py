"""Asset checks of the project register, run by the register's steps (pipelines/assets/
projects.py: the suite with the staging, the others with the mart tables they read).

- `project_register_expectations` (blocking): the GE suite on the staged register.
- `project_keys_resolve` (blocking): SQL invariants of the register's mart tables.
- `project_warnings_open` (warning): what the extractor could not read, per project.
- `project_rows_quarantined` (warning): pages, cards and indicator links in the quarantine.
"""

import dagster as dg
import duckdb
import pandas as pd

from pipelines.checks import ge_worker
from pipelines.checks.expectations import ExpectationOutcome, SuiteOutcome
from pipelines.checks.results import Check, suite_result
from pipelines.checks.runner import SuiteRunner
from pipelines.checks.suites import project_register_suite
from pipelines.sqlfiles import load_sql, quote_ident


def validate_register(con: duckdb.DuckDBPyConnection) -> SuiteOutcome:
    """Every staged register table through its part of the suite, as one outcome whose labels
    name the table."""
    outcomes: list[ExpectationOutcome] = []
    rows = 0
    for table, specs in project_register_suite().items():
        frame = con.execute(f"SELECT * FROM staging.{quote_ident(table)}").df()
        result = SuiteRunner(f"project_register_{table}", specs).validate(frame)
        rows += result.rows
        outcomes += [
            ExpectationOutcome(f"{table}: {o.label}", o.success, o.unexpected_count, o.examples,
                               o.observed, o.error)
            for o in result.outcomes
        ]
    return SuiteOutcome("project_register", rows, outcomes)


def project_register_expectations(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    outcome = validate_register(con)
    ge_worker.finished("project register")
    return suite_result(outcome)


def project_keys_resolve(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    found = con.execute(load_sql("checks/project_key_violations")).df()
    return dg.AssetCheckResult(
        passed=found.empty,
        severity=dg.AssetCheckSeverity.ERROR,
        description="holds" if found.empty else f"{len(found)} violations",
        metadata={
            "violations": dg.MetadataValue.int(len(found)),
            "examples": _markdown(found.head(20)),
        },
    )


def project_warnings_open(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    open_warnings = con.execute(
        "SELECT project_key, field, message FROM quality.project_warning "
        "WHERE resolved_by IS NULL ORDER BY project_key, field"
    ).df()
    resolved = con.execute(
        "SELECT count(*) FROM quality.project_warning WHERE resolved_by IS NOT NULL"
    ).fetchone()[0]
    by_project = (
        open_warnings.groupby("project_key").size().rename("warnings").reset_index()
        if len(open_warnings) else pd.DataFrame()
    )
    return dg.AssetCheckResult(
        passed=open_warnings.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(open_warnings)} open warnings on {len(by_project)} projects, "
        f"{resolved} settled by cards",
        metadata={
            "open_warnings": dg.MetadataValue.int(len(open_warnings)),
            "settled_by_cards": dg.MetadataValue.int(resolved),
            "by_project": _markdown(by_project),
            "warnings": _markdown(open_warnings),
        },
    )


def project_rows_quarantined(con: duckdb.DuckDBPyConnection) -> dg.AssetCheckResult:
    found = con.execute(
        "SELECT source_file, row_number, rule, message FROM quality.quarantine "
        "WHERE source = 'projects' ORDER BY source_file, row_number"
    ).df()
    return dg.AssetCheckResult(
        passed=found.empty,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(found)} project rows quarantined",
        metadata={
            "rows_quarantined": dg.MetadataValue.int(len(found)),
            "rows": _markdown(found),
        },
    )


def _markdown(frame: pd.DataFrame) -> dg.MetadataValue:
    return dg.MetadataValue.md(frame.to_markdown(index=False) if len(frame) else "none")


REGISTER = dg.AssetKey(["staging", "project_register"])
PROJECT_INDICATOR = dg.AssetKey(["mart", "project_indicator"])
REGISTER_EXPECTATIONS = dg.AssetCheckSpec(
    "project_register_expectations", asset=REGISTER, blocking=True,
    description="Great Expectations suite on the staged project register: every project has "
    "a title, a level and at least one contact and ends no earlier than it starts; e-mail "
    "addresses and phone numbers are well formed; amounts are positive; organisation types "
    "and roles are known. Blocking: when it fails, the register is not built into the mart "
    "or published.")
# On project_indicator, which no other register table depends on, so the check waits for all
# of them; blocking, it stops the trend view and the publication.
PROJECT_TABLE_CHECKS = [
    Check(dg.AssetCheckSpec(
        "project_keys_resolve", asset=PROJECT_INDICATOR, blocking=True,
        additional_deps=[dg.AssetKey(["mart", table]) for table in (
            "dim_project", "dim_organization", "project_partner", "project_contact",
            "project_funding", "project_link", "project_field_source")],
        description="Every row of the register's tables names a project in mart.dim_project "
        "and an organisation in mart.dim_organization; indicator links resolve to the "
        "indicator, area and population group dimensions; project and organisation keys are "
        "unique."), project_keys_resolve),
    Check(dg.AssetCheckSpec(
        "project_warnings_open", asset=dg.AssetKey(["quality", "project_warning"]),
        description="What the extractor saw on the page but could not read, by project and "
        "field, and not settled by a card. A warning: fix the page or add a card (see "
        "docs/projects.md)."),
        project_warnings_open),
    Check(dg.AssetCheckSpec(
        "project_rows_quarantined", asset=PROJECT_INDICATOR,
        description="Indicator links that cannot join to the data (unknown indicator, area or "
        "group) and pages or cards that could not be used, from quality.quarantine. A "
        "warning: the rest of the register is built."), project_rows_quarantined),
]
