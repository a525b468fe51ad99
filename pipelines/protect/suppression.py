"""Small-number protection of indicator values (issue 5).

Health and wellbeing figures about a handful of people can identify them. `protect` copies a
relation in the shape of `mart.fact_indicator_value` into a target table in which:

- **Primary suppression.** A published count of 1 .. threshold-1 (default 5) is hidden: the
  value of a count indicator (`mart.dim_indicator.unit = 'count'`) or the `absolute_value`
  behind any value, e.g. the count behind a percentage. The row's `value` and
  `absolute_value` become NULL and its status `suppressed`; a rate goes with its count.
  Zero is not suppressed: an empty cell singles nobody out (status `zero` and 0 values stay).
  A rate published without its count cannot be judged and stays.
- **Complementary suppression.** No hidden count may be worked out from published ones.
  Additive groups, within one indicator x period with every other dimension fixed: sex
  (total = male + female), language (total = fi + sv + other), age (an age group = the sum
  of its atoms: 15-29 = 15-19 + 20-24 + 25-29; pipelines/protect/ages.py) and the pairing
  groups of areas (a wellbeing services county = all its municipalities in `mart.dim_area`;
  a municipality = its districts, and its postal code areas: sql/protect/pairing.sql). They
  hold for the count of each row: the value of a count indicator, the absolute value behind a
  rate (rates do not add up).

The cells and groups are those of pipelines/protect/layout.py (keyed cells, groups by
arithmetic on the keys); the decision's state is sparse: protect_dark holds the cells a
reader does not see (hidden, or without a count) and protect_member their groups, as a
group without such a cell gives nothing away and needs no work.

How: a reader knows the published counts that are not suppressed, and in a group where
exactly one count is unknown works it out (total - parts, or their sum) and uses it in
turn. That is done first (sql/protect/derive.sql, repeated until nothing is new), over the
rows and over the cells their structures imply but the data lack. A cell is hidden if it
is suppressed or cannot be worked out. Then each group with exactly one hidden cell, one of
ours, gets one more hidden (sql/protect/complement.sql): a published part before the
total, a part that is 0 only where no other is left, the smallest, ties by code; where no
published cell is left, a cell that is not published but can be worked out is marked so
that the next round hides what it is worked out from. After every round the reader's
knowledge is worked out again, until no group has exactly one hidden cell. It ends: every
round marks at least one more cell.

So a cell the publisher hid (missing, confidential, ...) or the data lacks shields a
suppressed one only if it cannot itself be worked out (a confidential county figure that is
total - males shields nothing). Rows the publisher hid stay as they came and never become
numbers; groups whose only hidden cell is the publisher's are left alone.

Then an audit (`_audit`): where two of language, age and area groups are in use in a block,
a combination of many equations at once can fix a hidden count that no single group gives
away (in random tables, about one in a hundred). Per such block, the published counts are
constants and the other cells unknowns of the groups' equations (total - parts = 0); a hidden
count of ours that every solution fixes gets one more cell hidden beside it, and the rounds
above run again, until none is fixed. Where sex is one of only two linked structures (sex x
area, sex x language) no combination can fix a cell that no group gives away (sex has three
values, too few for the two separate cycles of hidden cells such a combination needs), so
those blocks are not audited: at national scale (Sotkanet: sex x area) the audit costs one
query.

Every area hierarchy (issue 16): a sub-region, a region, a hospital district, an ELY, AVI or
ERVA area, a major region and the country are sums of municipalities too (protect_area_group:
the reference's and Sotkanet's memberships, one member set per aggregate). Pairing within the
county keeps every aggregate that holds the whole county balanced, not one that cuts through
it. So a small count of a municipality where such an aggregate is published in the block (or
of such an aggregate) gets a box first (sql/protect/box_*.sql): a partner municipality (a
count of at least the protection interval p, the same county, the fewest aggregates moved,
the smallest count), and every published cell that moves when t is added to the small
count's side and taken from the partner's: both municipalities and the aggregates holding
one of them but not the other, each for the count's sex and the total sex and its language
and the total language (every sex or language where the count is a total). That direction
keeps every equation, so the box is a proof: the count can be anything from 0 to v plus the
partner's count; for an age band, every band holding its first atom moves too. Then the
groups' rounds above, then the protection audit (every equation and hierarchy at once, by LP:
pipelines/protect/audit.py, on this decision's layout, the boxes' directions tried as points
before any LP) on the small counts; one it finds worked out exactly or narrower than p on a
side gets a box, or one more partner (up to MAX_PARTNERS), and the blocks that changed are
audited again, until none fails or no partner is left (then the build's check reports it).

What it guarantees, and what not: the result is deterministic (the same rows give the same
result, whatever their order); no small count can be worked out from the published counts
by the additive equations of sex, language, age and every area hierarchy and sub-municipal
level given, one by one or combined, and the audit has proven for each that its interval
reaches p on both sides, or says which do not. Hiding the fewest cells is NP-hard; the boxes
and the greedy choice are heuristics and do not promise that (bench/lower_bound.py gives a
floor to measure them against).

The SQL is in `sql/protect/` and works on temporary tables (`protect_*`) of the connection.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb

from pipelines.protect import layout
from pipelines.protect.audit import audit_blocks, shown_sums
from pipelines.settings import DEFAULT_THRESHOLD
from pipelines.sqlfiles import quote_ident, relation_sql, run_sql_file

# Rounds of a loop before giving up: each round marks at least one more cell, so the loops end
# anyway; this only turns a bug into an error instead of a long hang.
MAX_ROUNDS = 1000
# Partners a small count's box may get before the audit's complaint is only reported: past
# a few, the small count's whole block is small and more hidden cells do not widen it.
MAX_PARTNERS = 4
# Blocks per protection audit: its tables hold the unknown cells of the blocks it audits and
# their equations; a few thousand blocks keep them to a few hundred MB at national scale.
AUDIT_BATCH_BLOCKS = 2000
# The decision's own temporary tables (the layout's are pipelines/protect/layout.py's).
DECISION_TABLES = (
    "protect_result", "protect_decision", "protect_step", "protect_determined", "protect_dark",
    "protect_member", "protect_area_group", "protect_audited_hidden", "protect_audit_new",
    "protect_audit_failing", "protect_audit_count", "protect_audit_batch", "protect_audit_block",
    "protect_box_member", "protect_box_total", "protect_box_pairing", "protect_box_primary",
    "protect_box_plus", "protect_box_anchor", "protect_box_excluded", "protect_box_degree",
    "protect_box_above", "protect_box_partner", "protect_box_want", "protect_box_new",
    "protect_box_pick", "protect_box_whole", "protect_box_exposed", "protect_box_asking",
    "protect_box_candidate", "protect_audit_direction", "protect_box_small_eq", "protect_shown_sum",
)
DECISION_VIEWS = ("protect_all", "protect_derived_input", "protect_sotkanet_membership",
                  "protect_pairing_group")


@dataclass(frozen=True)
class ProtectionReport:
    primary: int  # cells hidden because their count is 1 .. threshold-1
    complementary: int  # cells hidden so that no primary one can be recovered
    rounds: int  # rounds of complementary suppression that hid something
    inherited: int = 0  # derived values hidden because they were computed from a hidden count
    # of the complementary: hidden because an audit (the rank audit, or the protection audit's
    # boxes and partners) found a small count not protected
    audited: int = 0
    # The protection audit of the small counts decided here (pipelines/protect/audit.py):
    # its audits of small counts (a count is audited again when its block changed since), how
    # many small counts it found worked out exactly (none, once the loop holds),
    # with an interval narrower than the protection interval, or in counts that contradict
    # their equations; its LPs and seconds.
    audit_checked: int = 0
    audit_exact: int = 0
    audit_narrow: int = 0
    audit_inconsistent: int = 0
    audit_lps: int = 0
    audit_seconds: float = 0.0
    blocks: int = 0  # blocks (indicator x period x age family) holding a small count


def _changed(con: duckdb.DuckDBPyConnection) -> int:
    """How many cells the last round changed (each round leaves them in protect_step)."""
    (changed,) = con.execute("SELECT count(*) FROM protect_step").fetchone()
    return changed


def _work_out_known(con: duckdb.DuckDBPyConnection) -> None:
    """Mark the cells a reader knows: published and not suppressed, or worked out from those
    group by group (one round per link of the longest chain)."""
    run_sql_file(con, "protect/known")
    for _ in range(MAX_ROUNDS):
        run_sql_file(con, "protect/derive")
        if not _changed(con):
            return
    raise RuntimeError(f"working out known cells unsettled after {MAX_ROUNDS} rounds")


def _add_members(con: duckdb.DuckDBPyConnection) -> None:
    """The decision's groups of the cells in protect_seed into protect_member."""
    layout.groups_of_seeds(con, audit=False)
    con.execute("INSERT INTO protect_member SELECT group_id, cell_key, coef "
                "FROM protect_new_member")


def _hide(con: duckdb.DuckDBPyConnection) -> int:
    """Hide the cells of protect_step (complementary); returns how many."""
    hidden = _changed(con)
    if hidden:
        run_sql_file(con, "protect/hide")
        _add_members(con)
    return hidden


def suppress(
    con: duckdb.DuckDBPyConnection,
    source_relation: str,
    threshold: int = DEFAULT_THRESHOLD,
    protection: float | None = None,
    area_groups: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ProtectionReport:
    """Decide which rows of `source_relation` (in the shape of mart.fact_indicator_value) to
    hide; leaves them in the temporary table protect_decision (indicator_code, area_code,
    period, group_code, suppression), until cleanup(). `progress` is told what the decision
    and the protection audit are at (minutes at national scale).

    Reads mart.dim_area, mart.dim_indicator on `con`. Only the blocks (indicator x period x
    family of overlapping age groups) holding a count below the threshold are worked on
    (pipelines/protect/layout.py); the decision is the same as over every row.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a positive integer, not {threshold!r}")
    source = relation_sql(source_relation)
    con.execute(f"CREATE OR REPLACE TEMP VIEW protect_all AS SELECT * FROM {source}")
    run_sql_file(con, "protect/pairing")
    _area_groups(con, area_groups)
    blocks = layout.build(con, audit=False, threshold=threshold)
    if progress:
        progress(f"protection: cells and equations of {blocks} blocks laid out")
    run_sql_file(con, "protect/dark")
    _add_members(con)
    _work_out_known(con)
    interval = float(threshold if protection is None else protection)
    run_sql_file(con, "protect/box_setup")
    con.execute("INSERT INTO protect_box_want SELECT primary_key FROM protect_box_exposed")
    boxed = _boxes(con, interval, bare=False)
    if progress:
        progress(f"protection: {boxed} cells hidden in the boxes of small counts aggregates "
                 f"would expose")
    _work_out_known(con)
    rounds = _complement(con)
    audited = 0
    run_sql_file(con, "protect/audit_state")
    shown_sums(con)
    for _ in range(MAX_ROUNDS):
        # The rank audit (blocks of several linked structures, cheap), then the protection
        # audit (every equation and area hierarchy at once): boxes widened until both hold
        # or no partner is left to widen them with (the check then reports what is left).
        picked = _audit(con) or _interval_audit(con, interval, progress)
        if not picked:
            break
        audited += picked
        _work_out_known(con)
        rounds += _complement(con)
    else:
        raise RuntimeError(f"the audit of combined equations unsettled after {MAX_ROUNDS} rounds")
    run_sql_file(con, "protect/output")
    primary, complementary = con.execute(
        "SELECT count(*) FILTER (WHERE suppression = 'primary'),"
        " count(*) FILTER (WHERE suppression = 'complementary') FROM protect_decision"
    ).fetchone()
    exact, narrow, inconsistent = con.execute(
        "SELECT count(*) FILTER (WHERE f.reason = 'exact'),"
        " count(*) FILTER (WHERE f.reason = 'narrow'),"
        " count(*) FILTER (WHERE f.reason = 'inconsistent')"
        " FROM protect_audit_failing f JOIN protect_dark d USING (cell_key)"
        " WHERE d.suppression = 'primary'").fetchone()
    checked, lps, seconds = con.execute(
        "SELECT audited, lps, seconds FROM protect_audit_count").fetchone()
    return ProtectionReport(primary=primary, complementary=complementary, rounds=rounds,
                            audited=audited, audit_checked=checked, audit_exact=exact,
                            audit_narrow=narrow, audit_inconsistent=inconsistent,
                            audit_lps=lps, audit_seconds=seconds, blocks=blocks)


def _complement(con: duckdb.DuckDBPyConnection) -> int:
    """Complementary suppression until no group gives a hidden cell away; returns the rounds
    that hid something."""
    rounds = 0
    while _complement_round(con):
        rounds += 1
        if rounds == MAX_ROUNDS:
            raise RuntimeError(f"complementary suppression unsettled after {rounds} rounds")
        _work_out_known(con)
    return rounds


def _complement_round(con: duckdb.DuckDBPyConnection) -> int:
    run_sql_file(con, "protect/complement")
    if not con.execute("SELECT count(*) FROM protect_want_group").fetchone()[0]:
        return 0
    layout.cells_of_groups(con)
    run_sql_file(con, "protect/complement_pick")
    return _hide(con)


def _audit(con: duckdb.DuckDBPyConnection) -> int:
    """Find the hidden counts of ours that the groups' equations fix together (total - parts =
    0, the published counts as constants), in blocks of several linked structures, and hide
    one more cell in each such block (sql/protect/audit_pick.sql); returns how many were
    hidden.

    A count is fixed when every solution of the homogeneous system over the unknown cells
    has it 0: its unit vector lies in the row space of the equations (null space by SVD).
    Numbers, not SQL: a rank per block. Where sex is one of only two linked structures (sex x
    area, sex x language, sex x age) no combination can fix a cell that no group gives away
    (sex has three values, too few for the two separate cycles of hidden cells such a
    combination needs), so those blocks are not audited: at national scale (Sotkanet: sex x
    area) the audit costs one query. The blocks audited are few (tables by language, age and
    area).
    """
    rows = con.execute(
        "WITH audited AS (SELECT protect_block_of(cell_key) AS block_id FROM protect_member"
        " WHERE protect_group_kind(group_id) > 0 GROUP BY 1"
        " HAVING count(DISTINCT protect_group_kind(group_id)) >= 2)"
        " SELECT protect_block_of(m.cell_key) AS block_id, m.group_id, m.cell_key, m.coef > 0,"
        " d.shown AND d.suppression IS NOT NULL AS ours"
        " FROM protect_member m JOIN protect_dark d USING (cell_key)"
        " WHERE protect_block_of(m.cell_key) IN (SELECT block_id FROM audited)"
        " ORDER BY 1, 2, 3"
    ).fetchall()
    if not rows:
        return 0
    import numpy as np  # only where a block is audited: keeps the code location light

    blocks: dict[int, list[tuple[int, int, bool, bool]]] = {}
    for block_id, group_id, cell_key, is_head, ours in rows:
        blocks.setdefault(block_id, []).append((group_id, cell_key, is_head, ours))
    determined: list[tuple[int, int]] = []
    for block_id, members in blocks.items():
        ours = {cell for _, cell, _, is_ours in members if is_ours}
        if not ours:
            continue
        unknown = sorted({cell for _, cell, _, _ in members})
        column = {cell: index for index, cell in enumerate(unknown)}
        groups = sorted({group for group, *_ in members})
        row_of = {group: index for index, group in enumerate(groups)}
        matrix = np.zeros((len(groups), len(unknown)))
        for group, cell, is_head, _ in members:
            matrix[row_of[group], column[cell]] += 1.0 if is_head else -1.0
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null_space = vt[rank:]
        determined += [(block_id, cell) for cell in sorted(ours)
                       if np.abs(null_space[:, column[cell]]).max(initial=0.0) < 1e-9]
    if not determined:
        return 0
    con.execute("CREATE OR REPLACE TEMP TABLE protect_determined AS SELECT "
                "unnest($b::BIGINT[]) AS block_id, unnest($c::BIGINT[]) AS cell_key",
                {"b": [b for b, _ in determined], "c": [c for _, c in determined]})
    run_sql_file(con, "protect/audit_pick")
    layout.cells_of_groups(con)
    run_sql_file(con, "protect/audit_pick_cell")
    picked = _hide(con)
    if not picked:
        raise RuntimeError(f"hidden counts fixed by combined equations and no cell left to hide "
                           f"beside them: {determined[:5]}")
    return picked


def _boxes(con: duckdb.DuckDBPyConnection, protection: float, bare: bool = True) -> int:
    """Give the small counts in protect_box_want one more partner each and hide their boxes
    (sql/protect/box_*.sql: the cells that move with a small count in a direction every
    equation allows); returns how many cells were hidden."""
    run_sql_file(con, "protect/box_partner",
                 {"protection": protection, "max_partners": MAX_PARTNERS, "bare": bare})
    run_sql_file(con, "protect/box_apply")
    return _hide(con)


def _area_groups(con: duckdb.DuckDBPyConnection, relation: str | None = None) -> None:
    """protect_area_group: every aggregate the mart may publish, from the reference and,
    where the build staged them, Sotkanet's regions (sql/protect/); or the given relation
    (hierarchy, total_area_code, member_area_code)."""
    if relation is not None:
        con.execute("CREATE OR REPLACE TEMP TABLE protect_area_group AS SELECT hierarchy, "
                    f"total_area_code, member_area_code FROM {relation_sql(relation)}")
        return
    staged = con.execute(
        "SELECT count(*) = 2 FROM duckdb_tables() WHERE schema_name = 'staging' "
        "AND table_name IN ('sotkanet_region_parent', 'sotkanet_region')").fetchone()[0]
    if staged:
        run_sql_file(con, "protect/sotkanet_membership")
    else:
        con.execute("CREATE OR REPLACE TEMP VIEW protect_sotkanet_membership AS SELECT "
                    "NULL::VARCHAR AS hierarchy, NULL::VARCHAR AS total_area_code, "
                    "NULL::VARCHAR AS member_area_code WHERE false")
    run_sql_file(con, "protect/area_groups")


def _interval_audit(con: duckdb.DuckDBPyConnection, protection: float,
                    progress: Callable[[str], None] | None = None) -> int:
    """The protection audit (pipelines/protect/audit.py: the interval of every hidden count
    by linear programming over every equation at once, each area hierarchy included) on the
    decision so far, on the decision's own layout; each small count it finds not protected
    gets one more partner in its box (sql/protect/box_failing.sql). Returns how many cells
    were hidden."""
    run_sql_file(con, "protect/audit_new", {"batch_blocks": AUDIT_BATCH_BLOCKS})
    (batches,) = con.execute("SELECT coalesce(max(batch) + 1, 0) FROM protect_audit_batch"
                             ).fetchone()
    started = time.monotonic()
    for batch in range(batches):
        if progress and batches > 1:
            progress(f"protection audit: batch {batch + 1} of {batches} "
                     f"({AUDIT_BATCH_BLOCKS} blocks each), {time.monotonic() - started:.0f} s")
        con.execute("CREATE OR REPLACE TEMP TABLE protect_audit_block AS SELECT block_id "
                    "FROM protect_audit_batch WHERE batch = $batch", {"batch": batch})
        # The boxes' directions: points the audit checks and uses before its LPs.
        run_sql_file(con, "protect/audit_directions")
        result = audit_blocks(con, protection, "protect_audit_direction")
        run_sql_file(con, "protect/audit_outcome")
        con.execute("UPDATE protect_audit_count SET audited = audited + $n, lps = lps + $lps, "
                    "seconds = seconds + $s",
                    {"n": result.audited, "lps": result.lps, "s": result.seconds})
    run_sql_file(con, "protect/box_failing")
    # A partner whose cells were hidden already changes nothing the audit would see: pick the
    # next one until something is hidden or no small count has a partner left.
    for _ in range(MAX_PARTNERS):
        hidden = _boxes(con, protection)
        picked = con.execute("SELECT count(*) FROM protect_box_new").fetchone()[0]
        if hidden or not picked:
            return hidden
        con.execute("CREATE OR REPLACE TEMP TABLE protect_box_want AS "
                    "SELECT primary_key FROM protect_box_new")
    return 0


def inherit(
    con: duckdb.DuckDBPyConnection, derived_indicators: str, facts: str | None = None
) -> int:
    """After suppress(): hide the derived values computed from a hidden count
    (sql/protect/inherit.sql), adding them to protect_decision as 'inherited'; returns how
    many. `derived_indicators` is a relation like staging.derived_indicator: indicator_code
    and derived_from, the list of its input indicators. `facts`: where the derived rows are,
    when not in the relation suppress() worked on (it decided some blocks only)."""
    if facts is not None:
        con.execute(f"CREATE OR REPLACE TEMP VIEW protect_all AS SELECT * FROM "
                    f"{relation_sql(facts)}")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW protect_derived_input AS "
        "SELECT indicator_code, unnest(derived_from) AS input_code "
        f"FROM {relation_sql(derived_indicators)}"
    )
    inherited = 0
    for _ in range(MAX_ROUNDS):
        run_sql_file(con, "protect/inherit")
        changed = _changed(con)
        if not changed:
            return inherited
        inherited += changed
    raise RuntimeError(f"inherited suppression unsettled after {MAX_ROUNDS} rounds")


def cleanup(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the temporary tables of suppress() and protect()."""
    for table in DECISION_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.main.{quote_ident(table)}")
    for view in DECISION_VIEWS:
        con.execute(f"DROP VIEW IF EXISTS temp.main.{quote_ident(view)}")
    layout.cleanup(con)


def protect(
    con: duckdb.DuckDBPyConnection,
    source_relation: str,
    target_table: str,
    threshold: int = DEFAULT_THRESHOLD,
    derived_indicators: str | None = None,
    protection: float | None = None,
    area_groups: str | None = None,
) -> ProtectionReport:
    """Write `source_relation` with small numbers suppressed into `target_table` (replaced),
    with the columns of the source plus `suppression` ('primary', 'complementary',
    'inherited' or NULL). With `derived_indicators` (see inherit()), derived values computed
    from a hidden count are hidden too.

    Reads mart.dim_area and mart.dim_indicator on `con`.
    The target may be the source itself: the rows are copied first.
    """
    target = relation_sql(target_table)
    try:
        report = suppress(con, source_relation, threshold, protection, area_groups)
        if derived_indicators:
            report = replace(report, inherited=inherit(con, derived_indicators))
        run_sql_file(con, "protect/apply")
        con.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT * FROM protect_result")
    finally:
        cleanup(con)
    return report
