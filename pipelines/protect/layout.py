"""The layout small-number protection and its audit work on: blocks, cells and equations.

Both the decision (pipelines/protect/suppression.py) and the audit (pipelines/protect/audit.py)
read the same layout, built once per decision (issue 27: the audit used to build its own from
the rows, at the cost of a second pass over every cell):

- **Blocks**: indicator x period x family of overlapping age groups (pipelines/protect/ages.py).
  Every equation lies within one block, so blocks are decided apart, and only those holding a
  target (a small count) are laid out at all.
- **Cells** (`protect_cell`): every row of those blocks, keyed by one BIGINT (block, area, age,
  sex, language: sql/protect/layout/macros.sql), with the cells the equations need but the
  data lack (sql/protect/layout/closure.sql).
- **Equations**: sex (total = male + female), language (total = fi + sv + other), age (an age
  group = its atoms) and area (a total = its members: every hierarchy of
  protect_area_group, the decision's pairing groups of protect_pairing_group). They are not
  stored: the groups of any set of cells are worked out by arithmetic on the keys
  (sql/protect/layout/groups.sql), and a group's cells likewise (group_cells.sql), so that the
  work follows the few hidden cells, not the millions of published ones.

The layout reads the temporary view protect_all (the rows, in the shape of
mart.fact_indicator_value; with `hidden` and `target` for the audit), protect_area_group and
protect_pairing_group (hierarchy or pairing, total_area_code, member_area_code), and
mart.dim_indicator (units). Its tables are temporary (protect_*) until cleanup().
"""

import duckdb

from pipelines.protect.ages import Family, age_layout, parse_age
from pipelines.sqlfiles import quote_ident, run_sql_file

# The fields of a cell key (sql/protect/layout/macros.sql) and what fits in them.
MAX_BLOCKS = 1 << 22
MAX_AREAS = 1 << 16
MAX_AGES = 1 << 10
MAX_EQUATIONS = 1 << 16

LAYOUT_TABLES = (
    "protect_param", "protect_seen", "protect_block", "protect_block_member", "protect_age",
    "protect_pattern_age", "protect_pattern_part", "protect_area", "protect_area_eq",
    "protect_area_term", "protect_area_nested", "protect_area_leaf", "protect_cell",
    "protect_block_area", "protect_area_set", "protect_set_area", "protect_set_eq",
    "protect_block_shape",
    "protect_slice_to_complete", "protect_seed", "protect_new_member", "protect_want_group",
    "protect_group_cell",
)
LAYOUT_VIEWS = ("protect_rows", "protect_area_source")

def build(con: duckdb.DuckDBPyConnection, *, audit: bool, threshold: int | None = None) -> int:
    """Lay out the blocks holding a target (the decision: a count below `threshold`; the
    audit: a row protect_all marks `target`); returns how many."""
    _macros(con)
    if audit:
        run_sql_file(con, "protect/layout/rows_audit")
    else:
        run_sql_file(con, "protect/layout/rows", {"threshold": threshold})
    run_sql_file(con, "protect/layout/seen")
    blocks = _blocks(con)
    has_areas = con.execute(
        "SELECT count(*) > 0 FROM duckdb_tables() WHERE schema_name = 'mart' "
        "AND table_name = 'dim_area' AND NOT temporary").fetchone()[0]
    con.execute("CREATE OR REPLACE TEMP VIEW protect_area_source AS " + (
        "SELECT area_code FROM mart.dim_area" if has_areas
        else "SELECT NULL::VARCHAR AS area_code WHERE false"))
    run_sql_file(con, "protect/layout/areas")
    run_sql_file(con, "protect/layout/equations")
    areas, equations = con.execute(
        "SELECT (SELECT count(*) FROM protect_area), (SELECT count(*) FROM protect_area_eq)"
    ).fetchone()
    _fits("areas", areas, MAX_AREAS)
    _fits("area equations", equations, MAX_EQUATIONS)
    run_sql_file(con, "protect/layout/cells")
    run_sql_file(con, "protect/layout/closure")
    return blocks


def _macros(con: duckdb.DuckDBPyConnection) -> None:
    """The key macros (sql/protect/layout/macros.sql), once per connection: they stay, as
    temporary macros, for the next decision (creating them costs a statement each)."""
    try:
        con.execute("SELECT protect_lang_code(0)")
    except duckdb.Error:
        run_sql_file(con, "protect/layout/macros")


def _fits(what: str, count: int, limit: int) -> None:
    if count >= limit:
        raise ValueError(f"small-number protection: {count} {what} do not fit its cell keys "
                         f"(at most {limit - 1}); see sql/protect/layout/macros.sql")


def _blocks(con: duckdb.DuckDBPyConnection) -> int:
    """protect_block (block_id, indicator_code, period, family, pattern_id, by_sex,
    by_language, set_id), protect_block_member (indicator_code, period, age_group, block_id),
    protect_age (age_id, age_group) and the patterns (protect_pattern_age: every age of a
    family, protect_pattern_part: an age group's atoms), from protect_seen. The families are
    worked out per distinct set of age groups (few: at national scale one, `total`)."""
    seen = con.execute(
        "SELECT indicator_code, period, list(age_group ORDER BY age_group),"
        " list(target ORDER BY age_group), list(by_sex ORDER BY age_group),"
        " list(by_language ORDER BY age_group), list(known_groups ORDER BY age_group)"
        " FROM protect_seen GROUP BY ALL HAVING bool_or(target)"
        " ORDER BY indicator_code, period").fetchall()
    families: dict[tuple[str, ...], list[Family]] = {}
    age_id: dict[str, int] = {}
    patterns: dict[tuple, int] = {}
    pattern_age: list[tuple[int, int]] = []
    pattern_part: list[tuple[int, int, int]] = []
    blocks: list[tuple] = []
    members: list[tuple[str, str, str, int]] = []

    def age(code: str) -> int:
        return age_id.setdefault(code, len(age_id))

    def pattern(family: Family) -> int:
        key = (family.bands, family.atoms)
        if key not in patterns:
            patterns[key] = number = len(patterns)
            ages = {code for code, _, _ in family.atoms} | set(family.bands)
            pattern_age.extend((number, age(code)) for code in sorted(ages))
            pattern_part.extend((number, age(band), age(atom))
                                for band, atoms in sorted(family.parts.items())
                                for atom in atoms)
        return patterns[key]

    for indicator, period, ages, targets, by_sex, by_language, known in seen:
        layout = families.setdefault(tuple(ages), age_layout(ages))
        row = {code: k for k, code in enumerate(ages)}
        for family in layout:
            picked = [row[code] for code in family.bands]
            if not any(targets[k] for k in picked):
                continue
            if not all(known[k] for k in picked):
                (bad,) = con.execute(
                    "SELECT any_value(group_code) FROM protect_rows WHERE indicator_code = $i "
                    "AND period = $p AND (sex_id IS NULL OR lang_id IS NULL)",
                    {"i": indicator, "p": period}).fetchone()
                raise ValueError(
                    f"small-number protection: group code '{bad}' of {indicator}, {period}: "
                    "the equations know the sexes total, male and female and the languages "
                    "total, fi, sv and other")
            block_id = len(blocks)
            blocks.append((block_id, indicator, period, family.key, pattern(family),
                           any(by_sex[k] for k in picked), any(by_language[k] for k in picked)))
            members.extend((indicator, period, code, block_id) for code in family.bands)
    _fits("blocks", len(blocks), MAX_BLOCKS)
    _fits("age groups and atoms", len(age_id), MAX_AGES)
    con.execute("CREATE OR REPLACE TEMP TABLE protect_block (block_id INTEGER, "
                "indicator_code VARCHAR, period VARCHAR, family VARCHAR, pattern_id INTEGER, "
                "by_sex BOOLEAN, by_language BOOLEAN, set_id INTEGER)")
    _insert(con, "protect_block", blocks, "INTEGER VARCHAR VARCHAR VARCHAR INTEGER BOOLEAN "
            "BOOLEAN", extra=", NULL")
    con.execute("CREATE OR REPLACE TEMP TABLE protect_block_member (indicator_code VARCHAR, "
                "period VARCHAR, age_group VARCHAR, block_id INTEGER)")
    _insert(con, "protect_block_member", members, "VARCHAR VARCHAR VARCHAR INTEGER")
    con.execute("CREATE OR REPLACE TEMP TABLE protect_age (age_id INTEGER, age_group VARCHAR, "
                "lo INTEGER)")
    _insert(con, "protect_age", [(k, code, (parse_age(code) or (None,))[0])
                                 for code, k in age_id.items()], "INTEGER VARCHAR INTEGER")
    con.execute("CREATE OR REPLACE TEMP TABLE protect_pattern_age (pattern_id INTEGER, "
                "age_id INTEGER)")
    _insert(con, "protect_pattern_age", pattern_age, "INTEGER INTEGER")
    con.execute("CREATE OR REPLACE TEMP TABLE protect_pattern_part (pattern_id INTEGER, "
                "band_id INTEGER, atom_id INTEGER)")
    _insert(con, "protect_pattern_part", pattern_part, "INTEGER INTEGER INTEGER")
    return len(blocks)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], types: str,
            extra: str = "") -> None:
    """Insert rows in one statement (executemany costs a statement per row)."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    select = ", ".join(f"unnest($c{k}::{t}[])" for k, t in enumerate(types.split()))
    con.execute(f"INSERT INTO {quote_ident(table)} SELECT {select}{extra}",
                {f"c{k}": list(column) for k, column in enumerate(columns)})


def groups_of_seeds(con: duckdb.DuckDBPyConnection, audit: bool) -> None:
    """protect_new_member (group_id, cell_key, coef): the groups of the cells in protect_seed
    (sql/protect/layout/groups.sql)."""
    run_sql_file(con, "protect/layout/groups", {"audit": audit})


def cells_of_groups(con: duckdb.DuckDBPyConnection) -> None:
    """protect_group_cell (group_id, cell_key, coef): every cell of the groups in
    protect_want_group (sql/protect/layout/group_cells.sql)."""
    run_sql_file(con, "protect/layout/group_cells")


def cleanup(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the layout's temporary tables and views (the macros stay: _macros)."""
    for table in LAYOUT_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.main.{quote_ident(table)}")
    for view in LAYOUT_VIEWS:
        con.execute(f"DROP VIEW IF EXISTS temp.main.{quote_ident(view)}")
