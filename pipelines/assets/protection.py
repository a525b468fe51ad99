"""Small-number protection of the published mart (pipelines/protect/suppression.py).

The work database keeps the facts as they came (mart.fact_indicator_value, which the checks
and the restricted file read); schema protected holds what publishing puts in their place:
the hidden cells by key (protected.suppressed_value) and views that apply them.
"""

import hashlib

import dagster as dg
import duckdb

from pipelines.assets.mart import DIM_AREA, DIM_INDICATOR, DIM_POPULATION_GROUP, FACTS
from pipelines.assets.resources import HytemartResource
from pipelines.protect.suppression import ProtectionReport, cleanup, inherit, suppress
from pipelines.publish import incremental
from pipelines.settings import SQL_DIR
from pipelines.sqlfiles import load_sql, query_sql_file, run_sql_file

# Published in place of the work database's tables (publishing's replacements): in the
# published mart, and in the restricted file (the facts as they came, with the suppression
# the published mart applies).
PUBLISHED_REPLACEMENTS = {
    "mart.fact_indicator_value": "protected.fact_indicator_value",
    "quality.quarantine": "protected.quarantine",
}
RESTRICTED_REPLACEMENTS = {
    "mart.fact_indicator_value": "protected.fact_indicator_value_restricted",
}
FACTS_TABLE = "mart.fact_indicator_value"
# The columns protection hashes (sql/protect/published/block_hash.sql).
FACT_HASH_COLUMNS = ("indicator_code, area_code, period, group_code, value, absolute_value, "
                     "status")
# The facts by indicator, counted and hashed by check_protection_is_current for itself and
# for publishing (a temporary table).
FACT_PARTS = "protected_fact_parts"
# What tells publishing which parts of the large tables changed, in both files: the facts
# with their suppression (a published row changes only when its fact or its suppression does),
# and the quarantine as it is. One scan each instead of one per file.
CHANGE_SOURCES = {
    "mart.fact_indicator_value": "protected.fact_indicator_value_restricted",
    "quality.quarantine": "quality.quarantine",
}


def _inputs_hash(con: duckdb.DuckDBPyConnection) -> str:
    """The dimensions the decision reads and the SQL that makes it, hashed."""
    (dimensions,) = query_sql_file(con, "protect/published/decision_inputs")[0]
    sql = "".join(load_sql(f"{folder}/{path.stem}") for folder in ("protect", "protect/published")
                  for path in sorted((SQL_DIR / folder).glob("*.sql")))
    return hashlib.sha256(f"{dimensions}#{sql}".encode()).hexdigest()


AUDIT_CHECK = "hidden_counts_not_recoverable"


@dg.asset(key_prefix="protected", group_name="mart",
          deps=[FACTS, DIM_AREA, DIM_INDICATOR, DIM_POPULATION_GROUP],
          check_specs=[dg.AssetCheckSpec(
              AUDIT_CHECK, asset=dg.AssetKey(["protected", "fact_indicator_value"]),
              blocking=True,
              description="The protection audit (pipelines/protect/audit.py): no small count "
                          "the published file hides can be worked out exactly from what it "
                          "publishes, nor narrowed to less than the protection interval "
                          "(HYTEMART_PROTECTION_INTERVAL) on either side, through the sex, "
                          "language and every area hierarchy's equations at once (linear "
                          "programming over each block decided again). Worked out exactly: "
                          "an error that stops publication; narrower: a warning.")])
def fact_indicator_value(
    context: dg.AssetExecutionContext, hytemart: HytemartResource
) -> dg.MaterializeResult:
    """The facts with small numbers hidden: counts of 1 .. threshold-1 and what they can be
    worked out from (status suppressed, no value), as the published mart shows them.

    Incremental: only the blocks (indicator x period x age group) whose rows changed since the
    last decision are decided again; the others keep theirs, unless the threshold, the
    dimensions or the SQL of the decision changed. A block's decision depends on its own rows
    alone, so the result is the same as deciding every block again. Only the blocks of the
    indicators whose staged values changed are hashed again (_changed_indicators).
    """
    threshold = hytemart.suppression_threshold
    with hytemart.connect() as con:
        run_sql_file(con, "protect/published/state")
        inputs = _inputs_hash(con)
        recheck_all = con.execute(
            "SELECT count(*) = 0 FROM protected.decision_state "
            "WHERE inputs_hash = $inputs AND threshold = $threshold",
            {"inputs": inputs, "threshold": threshold}).fetchone()[0]
        indicators = None if recheck_all else _changed_indicators(con)
        run_sql_file(con, "protect/published/block_hash",
                     {"all": indicators is None, "indicators": indicators or []})
        run_sql_file(con, "protect/published/changed_blocks", {"recheck_all": recheck_all})
        blocks, changed = con.execute(
            "SELECT (SELECT count(*) FROM protection_block_now), "
            "(SELECT count(*) FROM protection_changed_block)").fetchone()
        context.log.info(f"deciding {changed} of {blocks} blocks"
                         + (" (all: threshold, dimensions or rules changed)"
                            if recheck_all else ""))
        try:
            report = suppress(con, "protection_changed_facts", threshold,
                              hytemart.protection_interval, progress=context.log.info)
            con.execute("INSERT INTO protect_decision SELECT * FROM protection_kept_decision")
            inherited = inherit(con, "staging.derived_indicator", "mart.fact_indicator_value")
            _keep_decision(con, inputs, threshold)
        finally:
            cleanup(con)
            run_sql_file(con, "protect/published/cleanup")
        run_sql_file(con, "protect/published/fact_indicator_value")
        totals = con.execute(
            "SELECT count(*) FILTER (WHERE suppression = 'primary'), "
            "count(*) FILTER (WHERE suppression = 'complementary') "
            "FROM protected.suppressed_value").fetchone()
        by_indicator = con.execute(
            "SELECT indicator_code, suppression, count(*) AS cells "
            "FROM protected.suppressed_value GROUP BY ALL ORDER BY ALL"
        ).df()
    context.log.info(
        f"small-number protection (threshold {threshold}): {totals[0]} primary, "
        f"{totals[1]} complementary, {inherited} derived values inherited; decided again in "
        f"{changed} blocks: {report.primary} primary, {report.complementary} complementary "
        f"({report.audited} by the audit) in {report.rounds} rounds"
    )
    context.log.info(
        f"protection audit: {report.audit_checked} audits of small counts in {changed} blocks "
        f"({report.audit_lps} LPs, {report.audit_seconds:.1f} s): {report.audit_exact} small "
        f"counts worked out exactly, {report.audit_narrow} with an interval narrower than "
        f"{hytemart.protection_interval}, {report.audit_inconsistent} in counts that "
        f"contradict their equations")
    return dg.MaterializeResult(
        check_results=[_audit_result(report, changed, hytemart.protection_interval)],
        metadata={
            "threshold": dg.MetadataValue.int(threshold),
            "primary": dg.MetadataValue.int(totals[0]),
            "complementary": dg.MetadataValue.int(totals[1]),
            "inherited": dg.MetadataValue.int(inherited),
            "blocks": dg.MetadataValue.int(blocks),
            "blocks_decided": dg.MetadataValue.int(changed),
            "all_blocks_decided": dg.MetadataValue.bool(recheck_all),
            "rounds": dg.MetadataValue.int(report.rounds),
            "by_indicator": dg.MetadataValue.md(by_indicator.to_markdown(index=False)),
        }
    )


def _audit_result(report: ProtectionReport, blocks: int,
                  interval: int) -> dg.AssetCheckResult:
    """The protection audit's outcome over the blocks decided again (the others hold as the
    audit found them when they were decided)."""
    return dg.AssetCheckResult(
        check_name=AUDIT_CHECK,
        # A small count worked out exactly stops publication; one whose interval stays
        # narrower than the protection interval (a block too small for any partner to widen
        # it) is a warning: its value is still not known.
        passed=report.audit_exact == 0 and report.audit_narrow == 0,
        severity=(dg.AssetCheckSeverity.ERROR if report.audit_exact
                  else dg.AssetCheckSeverity.WARN),
        description=(f"{report.audit_exact} small counts can be worked out exactly"
                     if report.audit_exact else
                     f"no small count can be worked out or narrowed below {interval} on "
                     f"either side ({report.audit_checked} audits of small counts in {blocks} "
                     f"blocks)" if not report.audit_narrow else
                     f"no small count can be worked out ({report.audit_checked} audits of small "
                     f"counts in {blocks} blocks); {report.audit_narrow} with an interval "
                     f"narrower than {interval} on a side"),
        metadata={
            "blocks_audited": dg.MetadataValue.int(blocks),
            # audits: a small count is audited again when its block changed since
            "small_counts_audited": dg.MetadataValue.int(report.audit_checked),
            "worked_out_exactly": dg.MetadataValue.int(report.audit_exact),
            "narrower_than_interval": dg.MetadataValue.int(report.audit_narrow),
            "contradicting_counts": dg.MetadataValue.int(report.audit_inconsistent),
            "protection_interval": dg.MetadataValue.int(interval),
            "lps": dg.MetadataValue.int(report.audit_lps),
            "seconds": dg.MetadataValue.float(round(report.audit_seconds, 2)),
        },
    )


def _changed_indicators(con: duckdb.DuckDBPyConnection) -> list[str] | None:
    """The indicators whose staged values (by part, as indicator_values last counted them:
    staging.staged_part) differ from those the last decision was made for; None when every
    block must be hashed again (no such record, or rows without an indicator).

    Safe even if staging.staged_part were stale (staging re-run on its own since): the blocks
    of an indicator not listed keep their old hashes, so the digest of all facts the decision
    records would differ from the facts' own, and publishing, which hashes every fact again
    (check_protection_is_current), would refuse them."""
    if not _staged_parts_known(con) or con.execute(
            "SELECT (SELECT count(*) FROM protected.decided_part) = 0 OR EXISTS "
            "(SELECT 1 FROM staging.staged_part WHERE indicator_code IS NULL)").fetchone()[0]:
        return None
    return [code for (code,) in con.execute(
        "SELECT DISTINCT indicator_code FROM ((FROM staging.staged_part "
        "EXCEPT FROM protected.decided_part) UNION ALL (FROM protected.decided_part "
        "EXCEPT FROM staging.staged_part)) ORDER BY 1").fetchall()]


def _staged_parts_known(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) > 0 FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'staging' AND table_name = 'staged_part'").fetchone()[0]


def _keep_decision(con: duckdb.DuckDBPyConnection, inputs: str, threshold: int) -> None:
    """Store the decision (protect_decision) and the state it was made for, together or not
    at all: a half-written pair would keep a stale decision for unchanged-looking blocks."""
    con.execute("BEGIN TRANSACTION")
    try:
        run_sql_file(con, "protect/published/suppressed_value")
        con.execute("CREATE OR REPLACE TABLE protected.block_state AS "
                    "SELECT * FROM protection_block_now")
        con.execute("DELETE FROM protected.decided_part")
        if _staged_parts_known(con):  # else the next decision hashes every block again
            con.execute("INSERT INTO protected.decided_part BY NAME FROM staging.staged_part")
        con.execute("CREATE OR REPLACE TABLE protected.decision_state AS "
                    "SELECT $inputs AS inputs_hash, $threshold AS threshold, "
                    "coalesce(sum(fact_rows), 0)::BIGINT AS fact_rows, "
                    "coalesce(sum(fact_hash::HUGEINT), 0)::VARCHAR AS fact_hash "
                    "FROM protection_block_now",
                    {"inputs": inputs, "threshold": threshold})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def check_protection_is_current(
    con: duckdb.DuckDBPyConnection, threshold: int
) -> dict[tuple[str, str], str]:
    """Refuse to publish facts the protection was not decided for: the facts changed since
    (staging re-run on its own, say), or the threshold, the dimensions or the rules are
    others. Raises dg.Failure.

    The facts are counted and hashed (as block_hash.sql does, by block) in the scan that
    also gives publishing its digests of the facts by indicator (CHANGE_SOURCES): one scan of
    every fact instead of two. Returns those digests, for publish()'s `computed`."""
    run_sql_file(con, "protect/published/state")
    incremental.part_digests(
        con, FACTS_TABLE, CHANGE_SOURCES[FACTS_TABLE], FACT_PARTS,
        f"sum(hash({FACT_HASH_COLUMNS}))::HUGEINT AS fact_hash")
    rows, digest = con.execute(
        f"SELECT coalesce(sum(part_rows), 0)::BIGINT, "
        f"coalesce(sum(fact_hash), 0)::VARCHAR FROM {FACT_PARTS}").fetchone()
    decided = con.execute(
        "SELECT count(*) FROM protected.decision_state WHERE inputs_hash = $inputs "
        "AND threshold = $threshold AND fact_rows = $rows AND fact_hash = $digest",
        {"inputs": _inputs_hash(con), "threshold": threshold, "rows": rows, "digest": digest},
    ).fetchone()[0]
    if not decided:
        raise dg.Failure(
            description="small-number protection was decided for other facts or another "
            "threshold than are now in the work database; materialize "
            "protected/fact_indicator_value (or run the whole build_hytemart job) first"
        )
    return {(FACTS_TABLE, CHANGE_SOURCES[FACTS_TABLE]): FACT_PARTS}
