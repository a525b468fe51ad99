"""The protection audit (issue 16): can a reader of the published file narrow a hidden count
down, by any combination of the published counts and the additive equations?

`audit` takes the restricted facts with a BOOLEAN `hidden` (the published file hides the
cell) and the additive area groups, and works out, for every hidden count, the interval
[lower, upper] of the values consistent with every published count and every equation, by
linear programming: all counts are >= 0, and
  - sex:      total = male + female
  - language: total = fi + sv + other
  - age:      an age group = the sum of its atoms (15-29 = 15-19 + 20-24 + 25-29; the
              atoms no row holds are unknowns: pipelines/protect/ages.py)
  - area:     a group's total = its members (every hierarchy in `groups`: wellbeing services
              county, region, sub-region, hospital district, the country, a municipality's
              districts or postal code areas, ...)
within one indicator x period x family of overlapping age groups (a block). A row's count is
as in pipelines/protect/suppression.py: the value of a count indicator
(mart.dim_indicator.unit = 'count'), else the absolute value; published means status ok or
zero with a count, and not hidden. Cells hidden by the publisher, rates without a count and
cells the data lack are unknowns >= 0 too.

The rule: a hidden count v is protected when its interval has a width and reaches the
protection interval p on both sides, lower <= max(0, v - p) and upper >= v + p (the reader
cannot tell v from a value p further away, nor from 0 where v <= p). p defaults to the
suppression threshold (HYTEMART_PROTECTION_INTERVAL, pipelines/settings.py).

How, fast: the audit reads the layout of pipelines/protect/layout.py (the decision's own, in
the build: `audit_blocks`), and starts from the unknown cells, not from every cell: the
equations holding an unknown are found by arithmetic on the cells' keys, and their known
cells are read only where an unknown has no count. An equation left with one unknown gives
it, which is then a constant too (sql/protect/audit/derive.sql: the exact cells, found
set-wise); equations whose total is an unknown found nowhere else are dropped (it takes any
value the parts need, e.g. an aggregate the data lack); the unknowns fall into connected
components solved apart. A component of one equation has a closed form
(sql/protect/audit/closed_form.sql); the others go to HiGHS (`highspy`), a model per chunk of
components, the objective changed per cell with the basis kept (a warm start). Every solution
the solver returns is a point of the feasible set, so it proves for every cell that its
interval reaches at least that far: a few objectives over all the cells of a chunk at once
(random weights, as low and as high as they go) prove most cells, and only a cell they do not
prove gets solves of its own.
"""

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields

import duckdb

from pipelines.protect import layout
from pipelines.settings import DEFAULT_THRESHOLD
from pipelines.sqlfiles import quote_ident, relation_sql, run_sql_file

DEFAULT_PROTECTION = DEFAULT_THRESHOLD
# Relative tolerance of comparisons with the solver's numbers (its feasibility tolerance is
# 1e-7); counts are whole numbers, so nothing real is closer than that.
TOLERANCE = 1e-6
# Rounds of the SQL loops before giving up (they end anyway: each round removes something).
MAX_ROUNDS = 10_000
FAILING_TABLE = "audit_failing"
# Blocks per batch of the standalone audit (as the build's: pipelines/protect/suppression.py).
BATCH_BLOCKS = 2000


@dataclass(frozen=True)
class AuditResult:
    failing_table: str  # temp table: indicator_code, area_code, period, group_code, value,
    #                     lower, upper, reason ('exact', 'narrow' or 'inconsistent')
    blocks: int  # blocks (indicator x period x age family) holding a hidden count
    audited: int  # hidden counts audited
    equations: int  # equations holding an unknown, after dropping the free ones
    components: int  # components holding a hidden count (a worked-out or lone cell: one)
    closed_form: int  # hidden counts decided without a solver (worked out, one equation, none)
    solved_components: int  # components given to HiGHS
    lps: int  # LPs solved
    failing: int  # hidden counts not protected
    seconds: float

    @property
    def protected(self) -> bool:
        return self.failing == 0


def audit(
    con: duckdb.DuckDBPyConnection,
    cells: str,
    groups: str,
    protection: float = DEFAULT_PROTECTION,
) -> AuditResult:
    """Audit the hidden counts of `cells` (a relation in the shape of the restricted
    mart.fact_indicator_value with a BOOLEAN column `hidden`, and optionally `small`: only
    those hidden counts are audited) against the area groups of
    `groups` (hierarchy, total_area_code, member_area_code) and the sex, language and age
    groups; reads mart.dim_indicator on `con`. The failing cells are left in the temporary
    table `audit_failing` (see AuditResult), the other audit_* tables are dropped. Not while
    a decision (pipelines/protect/suppression.py) is under way on `con`: both use the layout's
    tables."""
    _check_protection(protection)
    started = time.monotonic()
    relation = relation_sql(cells)
    if con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary "
                   "AND table_name = 'protect_cell'").fetchone()[0]:
        raise RuntimeError("the protection audit needs the layout's tables, which a decision "
                           "on this connection still holds")
    columns = {c[0] for c in con.execute(f"SELECT * FROM {relation} LIMIT 0").description}
    # A column `small` names the hidden counts whose intervals matter (the primary ones: a
    # complementary cell is 0 or at least the threshold); without it, every hidden count.
    target = "small" if "small" in columns else "hidden"
    con.execute(f"CREATE OR REPLACE TEMP VIEW protect_all AS SELECT * REPLACE "
                f"(coalesce(hidden, false) AS hidden), coalesce({target}, false) AS target "
                f"FROM {relation}")
    con.execute("CREATE OR REPLACE TEMP VIEW protect_area_group AS SELECT hierarchy, "
                f"total_area_code, member_area_code FROM {relation_sql(groups)}")
    con.execute("CREATE OR REPLACE TEMP VIEW protect_pairing_group AS SELECT "
                "NULL::VARCHAR AS pairing, NULL::VARCHAR AS total_area_code, "
                "NULL::VARCHAR AS member_area_code WHERE false")
    totals: dict[str, float] = {}
    try:
        blocks = layout.build(con, audit=True)
        run_sql_file(con, "protect/dark")
        shown_sums(con)
        con.execute("CREATE OR REPLACE TEMP TABLE protect_audit_failing (cell_key BIGINT, "
                    "value DOUBLE, lower DOUBLE, upper DOUBLE, reason VARCHAR)")
        for start in range(0, blocks, BATCH_BLOCKS):
            con.execute("CREATE OR REPLACE TEMP TABLE protect_audit_block AS SELECT block_id "
                        "FROM protect_block WHERE block_id >= $a AND block_id < $b",
                        {"a": start, "b": start + BATCH_BLOCKS})
            result = audit_blocks(con, protection)
            con.execute("INSERT INTO protect_audit_failing SELECT * FROM audit_failing_cell")
            for field in ("audited", "equations", "components", "closed_form",
                          "solved_components", "lps", "failing"):
                totals[field] = totals.get(field, 0) + getattr(result, field)
        run_sql_file(con, "protect/audit/codes")
        (failing,) = con.execute(f"SELECT count(*) FROM {FAILING_TABLE}").fetchone()
    finally:
        _cleanup(con)
        layout.cleanup(con)
        for name in ("protect_all", "protect_area_group", "protect_pairing_group"):
            con.execute(f"DROP VIEW IF EXISTS temp.main.{quote_ident(name)}")
        for name in ("protect_dark", "protect_member", "protect_step", "protect_audit_block",
                     "protect_audit_failing", "protect_shown_sum"):
            con.execute(f"DROP TABLE IF EXISTS temp.main.{quote_ident(name)}")
    names = {f.name for f in fields(AuditResult)}
    return AuditResult(
        failing_table=FAILING_TABLE, blocks=blocks,
        **{k: int(v) for k, v in totals.items() if k in names and k != "failing"},
        failing=failing, seconds=round(time.monotonic() - started, 3),
    ) if totals else AuditResult(FAILING_TABLE, blocks, 0, 0, 0, 0, 0, 0, failing,
                                 round(time.monotonic() - started, 3))


def _check_protection(protection: float) -> None:
    if isinstance(protection, bool) or not isinstance(protection, int | float) \
            or not math.isfinite(protection) or protection < 0:
        raise ValueError(f"protection must be a number >= 0, not {protection!r}")


def shown_sums(con: duckdb.DuckDBPyConnection) -> None:
    """protect_shown_sum: the shown counts of every equation holding a cell without a count
    (sql/protect/audit/shown_sums.sql), once per layout, before audit_blocks."""
    con.execute("CREATE OR REPLACE TEMP TABLE protect_seed AS "
                "SELECT cell_key FROM protect_dark WHERE NOT shown")
    layout.groups_of_seeds(con, audit=True)
    con.execute("CREATE OR REPLACE TEMP TABLE protect_want_group AS "
                "SELECT DISTINCT group_id FROM protect_new_member")
    layout.cells_of_groups(con)
    run_sql_file(con, "protect/audit/shown_sums")


def audit_blocks(con: duckdb.DuckDBPyConnection, protection: float,
                 directions: str | None = None) -> AuditResult:
    """The audit of the blocks in protect_audit_block, on the layout (pipelines/protect/
    layout.py) and the unknowns of protect_dark. The failing cells are left in
    audit_failing_cell (cell_key, value, lower, upper, reason); the other audit_* tables are
    dropped. failing_table and blocks of the result are left empty.

    `directions` (dir_id, cell_key, d): vectors to try before the LPs (the decision's boxes:
    sql/protect/audit_directions.sql). Each that keeps every equation, checked here, gives
    two points of the feasible set without a solver: the true counts moved along it as far
    as every count stays >= 0 (where every unknown has a true count)."""
    _check_protection(protection)
    started = time.monotonic()
    try:
        run_sql_file(con, "protect/audit/unknowns")
        layout.groups_of_seeds(con, audit=True)
        run_sql_file(con, "protect/audit/equations")
        run_sql_file(con, "protect/audit/rhs")
        con.execute("CREATE OR REPLACE TEMP TABLE audit_derived (cell_id BIGINT, value DOUBLE)")
        _until_settled(con, "protect/audit/derive")
        _until_settled(con, "protect/audit/eliminate")
        terms = _label_components(con)
        run_sql_file(con, "protect/audit/closed_form", {"tolerance": TOLERANCE})
        solved, lps = _solve_components(terms, protection, con, directions)
        run_sql_file(con, "protect/audit/failing",
                     {"tolerance": TOLERANCE, "protection": protection})
        (audited,) = con.execute("SELECT count(*) FROM audit_unknown WHERE audited").fetchone()
        (equations,) = con.execute("SELECT count(DISTINCT eq_id) FROM audit_uterm").fetchone()
        components, closed = con.execute(
            "SELECT count(*) FILTER (WHERE audited > 0),"
            " coalesce(sum(audited) FILTER (WHERE equations = 1), 0) FROM audit_component"
        ).fetchone()
        (isolated,) = con.execute(
            "SELECT count(*) FROM audit_unknown WHERE audited"
            " AND cell_id NOT IN (SELECT cell_id FROM audit_uterm)").fetchone()
        (failing,) = con.execute("SELECT count(*) FROM audit_failing_cell").fetchone()
    finally:
        _cleanup(con, keep="audit_failing_cell")
    return AuditResult(
        failing_table="", blocks=0, audited=audited, equations=equations,
        components=components + isolated, closed_form=int(closed) + isolated,
        solved_components=solved, lps=lps, failing=failing,
        seconds=round(time.monotonic() - started, 3),
    )


def _until_settled(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run sql/<name>.sql until its round leaves audit_step empty."""
    for _ in range(MAX_ROUNDS):
        run_sql_file(con, name)
        (changed,) = con.execute("SELECT count(*) FROM audit_step").fetchone()
        if not changed:
            return
    raise RuntimeError(f"sql/{name}.sql unsettled after {MAX_ROUNDS} rounds")


def _label_components(con: duckdb.DuckDBPyConnection) -> "_Terms | None":
    """audit_label (cell_id, label) and audit_component (component_id, equations, audited):
    connected components of the unknowns, two unknowns being linked by an equation holding
    both; label: the smallest cell of the component.
    Components are solved apart. In numpy (minimum labels spread over the equations and
    back, and followed to their own labels: rounds of the order of the log of a component's
    width), as the terms are many at national scale and a round of SQL costs a scan.
    Returns the terms of the components the solver needs (more than one equation, an
    audited cell), ordered by component, equation and cell; None when there are none."""
    import numpy as np
    import pandas as pd

    def arrays(sql: str) -> list:
        found = con.execute(sql).fetchnumpy()
        return [np.asarray(column) for column in found.values()]

    eq, cell, coef = arrays("SELECT eq_id, cell_id, coef FROM audit_uterm")
    rhs_eq, rhs = arrays("SELECT eq_id, rhs FROM audit_rhs ORDER BY eq_id")
    unknown, audited, value = arrays(
        "SELECT cell_id, audited, count_value FROM audit_unknown ORDER BY cell_id")
    cells, cell_index = np.unique(cell, return_inverse=True)
    eqs, eq_index = np.unique(eq, return_inverse=True)
    label = np.arange(len(cells))
    eq_label = np.empty(len(eqs), dtype=label.dtype)
    for _ in range(MAX_ROUNDS):
        eq_label.fill(len(cells))
        np.minimum.at(eq_label, eq_index, label[cell_index])
        spread = label.copy()
        np.minimum.at(spread, cell_index, eq_label[eq_index])
        spread = spread[spread]
        if np.array_equal(spread, label):
            break
        label = spread
    else:
        raise RuntimeError(f"components of the audit unsettled after {MAX_ROUNDS} rounds")
    # Per component (named by its smallest cell): its equations and audited cells.
    eq_component = np.zeros(len(eqs), dtype=np.int64)
    eq_component[eq_index] = label[cell_index]
    per_component = np.bincount(eq_component, minlength=len(cells))
    cell_audited = np.asarray(audited[np.searchsorted(unknown, cells)], dtype=bool)
    audited_per_component = np.bincount(label[cell_audited], minlength=len(cells))
    roots = np.flatnonzero(label == np.arange(len(cells)))
    for name, frame in (
            ("audit_label", pd.DataFrame({"cell_id": cells, "label": cells[label]})),
            ("audit_component", pd.DataFrame({
                "component_id": cells[roots], "equations": per_component[roots],
                "audited": audited_per_component[roots]}))):
        con.register("audit_frame", frame)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS "
                        "SELECT * FROM audit_frame")
        finally:
            con.unregister("audit_frame")
    # The terms for the solver: components of more than one equation with an audited cell.
    term_label = label[cell_index]
    at = np.searchsorted(unknown, cell)
    term_audited = np.asarray(audited[at], dtype=bool)
    term_value = np.asarray(value[at], dtype=float)
    keep = (per_component[term_label] > 1) & (audited_per_component[term_label] > 0)
    if not keep.any():
        return None
    order = np.lexsort((cell[keep], eq[keep], cells[term_label[keep]]))
    pick = np.flatnonzero(keep)[order]
    return _Terms(label=cells[term_label[pick]], eq=eq[pick], cell=cell[pick], coef=coef[pick],
                  rhs=rhs[np.searchsorted(rhs_eq, eq[pick])], audited=term_audited[pick],
                  value=term_value[pick])


def _solve_components(terms: "_Terms | None", protection: float, con: duckdb.DuckDBPyConnection,
                      directions: str | None = None) -> tuple[int, int]:
    """Intervals by LP for the audited cells of `terms` (components of more than one
    equation: _label_components); adds to audit_interval the cells whose protection the
    solutions do not prove, with their exact interval. Returns (components solved, LPs
    solved)."""
    if terms is None:
        return 0, 0
    import highspy  # only where a component needs it: keeps the code location light
    import numpy as np

    tried = None
    if directions is not None:
        found = con.execute(
            f"SELECT d.dir_id, d.cell_key, d.d FROM {relation_sql(directions)} d"
            " SEMI JOIN audit_uterm u ON u.cell_id = d.cell_key ORDER BY d.cell_key"
        ).fetchnumpy()
        tried = tuple(np.asarray(found[name]) for name in ("dir_id", "cell_key", "d"))
    decided: list[tuple[int, float | None, float | None, bool]] = []
    components = lps = 0
    # The points that need no solver, over all components at once: the true counts and the
    # directions that hold. Only the components they leave a cell open in go to the solver.
    whole = _ComponentLP(terms, highspy, np)
    if tried is not None:
        whole.seed(*tried)
        still = whole.unproven(protection)
        if not still:
            return 0, 0
        open_labels = np.unique(terms.label[np.isin(terms.cell, np.fromiter(still, np.int64))])
        terms = terms.part_where(np.isin(terms.label, open_labels))
    # Components go to the solver in chunks of a few thousand terms, one model each: the
    # objectives over many components at once cost one solve, not one per component. The
    # cells those points leave open get their own solves in a model of their component
    # alone (smaller, so each solve is cheaper).
    for start, end in _chunks(terms.label, np):
        chunk = terms.part(start, end)
        components += int(np.count_nonzero(np.diff(chunk.label))) + 1
        solver = _ComponentLP(chunk, highspy, np)
        solver.points_from(whole)
        try:
            solver.prove(protection)
            open_cells = solver.unproven(protection)
        except _Infeasible:
            open_cells = set(solver.audited_cells.tolist())  # find the component(s) at fault
        lps += solver.lps
        if not open_cells:
            continue
        for first, last in _chunks(chunk.label, np, size=0):
            part = chunk.part(first, last)
            cells = open_cells.intersection(part.cell.tolist())
            if not cells:
                continue
            single = _ComponentLP(part, highspy, np)
            try:
                single.seen_from(solver)
                decided += single.settle(cells, protection)
            except _Infeasible:
                decided += [(cell, None, None, True) for cell in single.audited_cells.tolist()]
            lps += single.lps
    if decided:  # one statement: executemany costs a statement per row
        cells, lowers, uppers, inconsistent = map(list, zip(*decided, strict=True))
        con.execute("INSERT INTO audit_interval SELECT unnest($c), unnest($l), unnest($u),"
                    " unnest($i)", {"c": cells, "l": lowers, "u": uppers, "i": inconsistent})
    return components, lps


CHUNK_TERMS = 4000


@dataclass(frozen=True)
class _Terms:
    """The unknown terms of some components, ordered by component, equation and cell, as
    arrays (one entry per term): component label, equation, cell, coefficient, the
    equation's rhs, whether the cell is audited and its count."""
    label: object
    eq: object
    cell: object
    coef: object
    rhs: object
    audited: object
    value: object

    def part(self, start: int, end: int) -> "_Terms":
        return _Terms(*(getattr(self, f.name)[start:end] for f in fields(self)))

    def part_where(self, mask) -> "_Terms":
        return _Terms(*(getattr(self, f.name)[mask] for f in fields(self)))


def _chunks(label, np, size: int = CHUNK_TERMS) -> Iterator[tuple[int, int]]:
    """(start, end) of runs of whole components (the terms come ordered by component) with
    about `size` terms each at most (0: one component each)."""
    bounds = [0, *(np.flatnonzero(np.diff(label)) + 1).tolist(), len(label)]
    start = 0
    for end, following in zip(bounds[1:], bounds[2:] + [None], strict=True):
        if following is None or following - start > size:
            yield start, end
            start = end


class _ComponentLP:
    """Components: x >= 0, A x = rhs; the interval of each audited x_i by min and max."""

    def __init__(self, terms: _Terms, highspy, np) -> None:
        self.highspy, self.np = highspy, np
        # Rows: the terms come ordered by equation, so each row is a run of terms.
        starts = np.flatnonzero(np.r_[True, np.diff(terms.eq) != 0])
        self.cells, index = np.unique(terms.cell, return_inverse=True)
        rhs = np.asarray(terms.rhs[starts], dtype=float)
        audited = np.asarray(terms.audited, dtype=bool)
        self.audited_cells, first = np.unique(terms.cell[audited], return_index=True)
        self.audited_values = np.asarray(terms.value[audited][first], dtype=float)
        self.audited_cols = np.searchsorted(self.cells, self.audited_cells)
        n = len(self.cells)
        self.rhs = rhs
        self._model = (starts, index, len(terms.eq), np.asarray(terms.coef, dtype=float))
        self._highs = None
        self.lowest = np.full(n, np.inf)  # the smallest value seen in a solution
        self.highest = np.full(n, -np.inf)  # the largest
        self.cost = np.zeros(n)
        self.lps = 0
        self.row = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(terms.eq)]))
        self.index, self.coef = index, self._model[3]
        # The true counts (every unknown of a hidden count has one; the publisher's hidden
        # cells and the cells the data lack have none): a point of the feasible set, as rhs
        # is what they give, in every component whose unknowns all have one (components are
        # independent: a point of each is a point of them all).
        x0 = np.full(n, np.nan)
        x0[index] = np.asarray(terms.value, dtype=float)
        _, component = np.unique(np.asarray(terms.label), return_inverse=True)
        column_component = np.zeros(n, dtype=np.int64)
        column_component[index] = component
        residual = np.zeros(len(starts))
        np.add.at(residual, self.row, self.coef * np.nan_to_num(x0[index]))
        wrong = np.zeros(int(component.max(initial=-1)) + 1, dtype=bool)
        wrong[column_component[np.isnan(x0)]] = True
        wrong[component[starts][np.abs(residual - rhs) > TOLERANCE]] = True
        self.counted = ~wrong[column_component]  # columns whose true counts are a point
        self.x0 = np.where(self.counted, x0, 0.0) if self.counted.any() else None

    def seed(self, dir_id, dir_cell, dir_d) -> int:
        """Points without a solver: the true counts, and the true counts moved along each of
        the directions (dir_id, cell, d: rows sorted by cell) that keeps every equation of
        this model (A d = 0 over its unknowns; a direction's cells that are no unknown here
        are constants, so its part on the unknowns is what is checked), as far as every
        count stays >= 0 each way. Returns how many directions held."""
        np = self.np
        if self.x0 is None or not len(dir_cell):
            return 0
        x0, counted = self.x0, self.counted
        np.minimum(self.lowest, x0, out=self.lowest, where=counted)
        np.maximum(self.highest, x0, out=self.highest, where=counted)
        # The rows of the directions within this model's range of cells (both sorted).
        first, last = np.searchsorted(dir_cell, self.cells[[0, -1]], side="left")
        last = np.searchsorted(dir_cell, self.cells[-1], side="right")
        dir_id, dir_cell, dir_d = dir_id[first:last], dir_cell[first:last], dir_d[first:last]
        at = np.searchsorted(self.cells, dir_cell)
        inside = at < len(self.cells)
        inside[inside] = self.cells[at[inside]] == dir_cell[inside]
        inside[inside] = counted[at[inside]]
        if not inside.any():
            return 0
        col, d = at[inside], np.asarray(dir_d[inside], dtype=float)
        dirs, which = np.unique(dir_id[inside], return_inverse=True)
        # A d for every direction at once: each term times the entries of its column (the
        # entries are sorted by cell, hence by column).
        lo = np.searchsorted(col, self.index, "left")
        hi = np.searchsorted(col, self.index, "right")
        per_term = hi - lo
        term = np.repeat(np.arange(len(self.index)), per_term)
        entry = np.repeat(lo - np.cumsum(per_term) + per_term, per_term) + np.arange(term.size)
        key = self.row[term].astype(np.int64) * len(dirs) + which[entry]
        keys, slot = np.unique(key, return_inverse=True)
        total = np.bincount(slot, weights=self.coef[term] * d[entry])
        held = np.ones(len(dirs), dtype=bool)
        held[keys[np.abs(total) > TOLERANCE] % len(dirs)] = False
        use = held[which]
        if not use.any():
            return 0
        col, d, which = col[use], d[use], which[use]
        # How far each way every count stays >= 0; where nothing bounds a way, a step well
        # beyond the counts of the model is as good a point as any.
        far = 10.0 * (x0.max(initial=0.0) + np.abs(self.rhs).max(initial=0.0)) + 1.0
        down = np.full(len(dirs), -far)
        up = np.full(len(dirs), far)
        rising, falling = d > 0, d < 0
        np.maximum.at(down, which[rising], -x0[col[rising]] / d[rising])
        np.minimum.at(up, which[falling], x0[col[falling]] / -d[falling])
        for step in (down, up):
            moved = np.maximum(x0[col] + step[which] * d, 0.0)
            np.minimum.at(self.lowest, col, moved)
            np.maximum.at(self.highest, col, moved)
        return int(held.sum())

    @property
    def highs(self):
        """The HiGHS model, made when a first LP is asked for (the points of seed() prove
        most components without one)."""
        if self._highs is None:
            np, highspy = self.np, self.highspy
            starts, index, terms, coef = self._model
            n = len(self.cells)
            lp = highspy.HighsLp()
            lp.num_col_, lp.num_row_ = n, len(starts)
            lp.col_cost_ = np.zeros(n)
            lp.col_lower_ = np.zeros(n)
            lp.col_upper_ = np.full(n, highspy.kHighsInf)
            lp.row_lower_ = lp.row_upper_ = self.rhs
            # Row-wise: the terms come ordered by equation.
            lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
            lp.a_matrix_.start_ = np.r_[starts, terms].astype(np.int32)
            lp.a_matrix_.index_ = index.astype(np.int32)
            lp.a_matrix_.value_ = coef
            self._highs = highspy.Highs()
            self._highs.setOptionValue("output_flag", False)
            # Simplex without presolve: the basis stays between objectives (a warm start),
            # and an unbounded objective is reported as such.
            self._highs.setOptionValue("presolve", "off")
            self._highs.setOptionValue("solver", "simplex")
            # Primal simplex: a new objective leaves the last basis primal feasible.
            self._highs.setOptionValue("simplex_strategy", 4)
            self._highs.passModel(lp)
        return self._highs

    def _optimum(self, cost) -> float | None:
        """min cost . x; None when unbounded. Records the solution's point."""
        np, status = self.np, self.highspy.HighsModelStatus
        self.highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
        self.highs.run()
        self.lps += 1
        model_status = self.highs.getModelStatus()
        if model_status in (status.kUnbounded, status.kUnboundedOrInfeasible):
            return None
        if model_status == status.kInfeasible:
            raise _Infeasible
        if model_status != status.kOptimal:
            raise RuntimeError(f"HiGHS: {self.highs.modelStatusToString(model_status)}")
        point = np.asarray(self.highs.getSolution().col_value)
        np.minimum(self.lowest, point, out=self.lowest)
        np.maximum(self.highest, point, out=self.highest)
        return self.highs.getInfo().objective_function_value

    def _bound(self, j: int, sign: float) -> float:
        """min x_j (sign 1) or max x_j (sign -1, inf when unbounded)."""
        cost = self.np.zeros(len(self.cost))
        cost[j] = sign
        optimum = self._optimum(cost)
        return math.inf if optimum is None else sign * optimum

    def _targets(self, cells, protection: float):
        """Columns, values and the floor and ceiling the intervals of the audited `cells` (an
        array of cell ids) must reach."""
        np = self.np
        column = np.searchsorted(self.cells, cells)
        value = self.audited_values[np.searchsorted(self.audited_cells, cells)]
        tolerance = TOLERANCE * np.maximum(1.0, np.abs(value))
        floor = np.maximum(0.0, value - protection) + tolerance
        ceiling = value + protection - tolerance
        return column, value, tolerance, floor, ceiling

    def prove(self, protection: float) -> None:
        """Points, many cells at once: the audited cells not yet seen low enough as low as
        they go together, those not seen high enough as high (capped, so that the objective
        is bounded: a capped point is a point all the same)."""
        np = self.np
        column, value, tolerance, floor, ceiling = self._targets(self.audited_cells, protection)
        # Random weights (seeded: the same points every run): with equal weights the sum of
        # the cells of a cycle is often fixed while each of them is not.
        weights = np.random.default_rng(0)

        def flat():
            return self.highest[column] - self.lowest[column] <= tolerance

        if not ((self.lowest[column] > floor) | (self.highest[column] < ceiling) | flat()).any():
            return  # the points seen (seed()) prove every cell already
        self._set_caps(value.max() + protection)
        try:
            for sign, short in ((1.0, lambda: (self.lowest[column] > floor) | flat()),
                                (-1.0, lambda: (self.highest[column] < ceiling) | flat())):
                todo = short()
                while todo.any():
                    cost = np.zeros(len(self.cost))
                    cost[column[todo]] = sign * weights.uniform(0.5, 1.5, int(todo.sum()))
                    self._optimum(cost)
                    still = short()
                    if (todo & ~still).sum() == 0:
                        break  # no cell proven by the last point: solve them one by one
                    todo = still
        except _Infeasible:
            self._set_caps(None)
            self._optimum(np.zeros(len(self.cost)))  # infeasible without the caps too?
        self._set_caps(None)

    def unproven(self, protection: float) -> set[int]:
        """The audited cells whose protection the points seen do not prove."""
        np = self.np
        column, value, tolerance, _, _ = self._targets(self.audited_cells, protection)
        lower, upper = self.lowest[column], self.highest[column]
        proven = ((upper - lower > tolerance)
                  & (lower <= np.maximum(0.0, value - protection) + tolerance)
                  & (upper >= value + protection - tolerance))
        return set(self.audited_cells[~proven].tolist())

    def points_from(self, other: "_ComponentLP") -> None:
        """The extremes another model (of these components and more) has seen."""
        k = self.np.searchsorted(other.cells, self.cells)
        self.lowest, self.highest = other.lowest[k].copy(), other.highest[k].copy()

    def seen_from(self, other: "_ComponentLP") -> None:
        """Start from the points another model (of these components and more) has seen."""
        k = self.np.searchsorted(other.cells, self.cells)
        self.lowest, self.highest = other.lowest[k].copy(), other.highest[k].copy()
        self._optimum(self.np.zeros(len(self.cost)))  # a basis to start from

    def settle(self, cells: set[int], protection: float
               ) -> list[tuple[int, float | None, float | None, bool]]:
        """(cell_id, lower, upper, inconsistent) of each of `cells` that is not protected."""
        failing = []
        ordered = sorted(cells)
        column, value, _, floor, ceiling = self._targets(self.np.array(ordered), protection)
        for k, cell in enumerate(ordered):
            j = int(column[k])
            if _protected(self.lowest[j], self.highest[j], value[k], protection):
                continue  # the points seen by now prove it
            # Solve the side the points do not prove; each solve adds a point.
            upper = self._bound(j, -1.0) if self.highest[j] < ceiling[k] else None
            lower = self._bound(j, 1.0) if self.lowest[j] > floor[k] else None
            if _protected(self.lowest[j] if lower is None else lower,
                          self.highest[j] if upper is None else upper, value[k], protection):
                continue
            # Failing: its exact interval.
            lower = self._bound(j, 1.0) if lower is None else lower
            upper = self._bound(j, -1.0) if upper is None else upper
            failing.append((cell, max(lower, 0.0), upper, False))
        return failing

    def _set_caps(self, largest: float | None) -> None:
        """Cap every unknown far above the counts of the component (or lift the caps)."""
        np = self.np
        n = len(self.cost)
        cap = (self.highspy.kHighsInf if largest is None
               else 10.0 * (largest + np.abs(self.rhs).max(initial=0.0)) + 1.0)
        self.highs.changeColsBounds(n, np.arange(n, dtype=np.int32), np.zeros(n),
                                    np.full(n, cap))


class _Infeasible(Exception):
    """The published counts contradict the equations of a component."""


def _protected(lower: float, upper: float, value: float, protection: float) -> bool:
    """The rule of sql/protect/audit/failing.sql, with its tolerance."""
    tolerance = TOLERANCE * max(1.0, abs(value))
    return (upper - lower > tolerance
            and lower <= max(0.0, value - protection) + tolerance
            and upper >= value + protection - tolerance)


def _cleanup(con: duckdb.DuckDBPyConnection, keep: str = FAILING_TABLE) -> None:
    """Drop the audit's working tables and views but `keep`."""
    for (name, kind) in con.execute(
        "SELECT table_name, table_type FROM information_schema.tables"
        " WHERE table_catalog = 'temp' AND table_name LIKE 'audit\\_%' ESCAPE '\\'"
        " AND table_name NOT IN ($keep, $failing)", {"keep": keep, "failing": FAILING_TABLE}
    ).fetchall():
        if kind == "VIEW":
            con.execute(f"DROP VIEW IF EXISTS temp.main.{quote_ident(name)}")
        else:
            con.execute(f"DROP TABLE IF EXISTS temp.main.{quote_ident(name)}")
