"""One publication, as a sequence: plan -> write the new files -> swap them in -> record.

The open work database's published schemas go out as two files, the published mart (small
numbers hidden: the protected facts replace the unprotected ones) and the restricted one
(unprotected, for the few allowed to see it). Each step calls the pieces below it, never back:

1. plan (pipelines/publish/incremental.py): for each file, whether it can be written as a copy
   of its previous version with only the changed parts rewritten, or must be written whole;
2. write (pipelines/publish/write.py, or incremental.patch): both new files under temporary
   names beside the published ones, each verified as a reader opens it and flushed to disk;
3. swap (pipelines/publish/journal.py): the previous files linked into history/, then both
   new files renamed over the published ones back to back under a journal, so that a build
   killed between the two renames is completed by the next one;
4. record (incremental.record): what each file now holds, for the next plan; then the
   history is pruned.

Until step 3 nothing a reader sees has changed: any error removes the new files and leaves
the published ones as they were. Steps 4 and the pruning are best-effort: state not recorded
means the next publication writes whole files. The named fault points
(pipelines/publish/faults.py) mark where the reliability tests kill a publication.
"""

import os
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.publish import history, incremental, journal
from pipelines.publish.faults import fault_point
from pipelines.publish.incremental import Plan
from pipelines.publish.warehouse import TARGETS, WarehousePaths
from pipelines.publish.write import fsync_file, verify, write_whole
from pipelines.publish.write_errors import explained

UNCHANGED = "publishing stopped, the published files are unchanged"


@dataclass(frozen=True)
class PublishResult:
    path: Path
    previous: Path | None
    table_rows: dict[str, int]
    restricted: Path
    restricted_previous: Path | None
    # How each file was written: whole, or as a copy of the previous one with the changed
    # indicators rewritten (pipelines/publish/incremental.py).
    how: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class _File:
    """One of the two files: where it is published, its history, what replaces what in it."""

    path: Path
    history_dir: Path
    replacements: dict[str, str]

    def temp(self, run_id: str) -> Path:
        return self.path.parent / f".{self.path.name}.{run_id}.tmp"


def publish(
    con: duckdb.DuckDBPyConnection,
    paths: WarehousePaths,
    run_id: str,
    keep: int,
    replacements: dict[str, str] | None = None,
    restricted_replacements: dict[str, str] | None = None,
    change_sources: dict[str, str] | None = None,
    computed: dict[tuple[str, str], str] | None = None,
) -> PublishResult:
    """Publish the published schemas of the open work database as the published mart (with
    `replacements`: the protected facts) and the restricted file (with
    `restricted_replacements`).

    `change_sources` names, for a large table, a relation whose rows change whenever the
    table's rows in either file do, so that both files are compared from one scan of it
    (`computed`: such digests the caller made already, (table, relation) -> temporary table).
    On any error before the swap the new files are removed and the published ones stay.
    """
    files = [_File(paths.published, paths.history_dir, replacements or {}),
             _File(paths.restricted, paths.restricted_history_dir,
                   restricted_replacements or {})]
    _prepare(paths)
    temps = [file.temp(run_id) for file in files]
    swapping = False
    try:
        fault_point("publish.before_write")
        # 1. plan
        computed = dict(computed or {})
        plans = [incremental.plan(con, file.path, target, file.replacements, change_sources,
                                  computed) for target, file in zip(TARGETS, files, strict=True)]
        # 2. write
        with explained(temps[0], UNCHANGED):
            rows = [_write_file(con, temps[0], files[0], plans[0])]
        fault_point("publish.after_published_written")
        with explained(temps[1], UNCHANGED):
            rows.append(_write_file(con, temps[1], files[1], plans[1]))
        os.chmod(temps[1], 0o600)  # the unprotected file: its owner's only, like its folder
        fault_point("publish.after_write")
        # 3. swap: both files back to back, after everything that can fail has been done
        # (history links), so that the pair stays in step.
        previous = [history.keep_previous(file.path, file.history_dir, run_id)
                    for file in files]
        renames = [(temp, file.path) for temp, file in zip(temps, files, strict=True)]
        journal.begin(paths.root, run_id, renames)
        swapping = True
        journal.swap(paths.root, renames)
        swapping = False
        # 4. record, best-effort
        with suppress(duckdb.Error):
            incremental.record(con, [(plan, file.path)
                                     for plan, file in zip(plans, files, strict=True)])
        for file in files:
            history.prune(file.path, file.history_dir, keep)
        return PublishResult(path=paths.published, previous=previous[0], table_rows=rows[0],
                             restricted=paths.restricted, restricted_previous=previous[1],
                             how=(plans[0].describe(), plans[1].describe()))
    finally:
        # Mid-swap the new files are the journal's to complete; otherwise they are dropped.
        for temp in temps if not swapping else []:
            temp.unlink(missing_ok=True)
            Path(f"{temp}.wal").unlink(missing_ok=True)


def _prepare(paths: WarehousePaths) -> None:
    """Before anything is written: the restricted folder its owner's only (unprotected data),
    a publication killed between its two renames completed, and what killed ones left
    removed."""
    paths.restricted.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(paths.restricted.parent, 0o700)
    journal.recover(paths.root)
    remove_stale_temps(paths)


def remove_stale_temps(paths: WarehousePaths) -> list[Path]:
    """Files a killed publish left behind (one run at a time: none is being written now);
    the restricted one is a full unprotected copy. Half-copied history files too."""
    removed = []
    for path, history_dir in ((paths.published, paths.history_dir),
                              (paths.restricted, paths.restricted_history_dir)):
        for stale in [*path.parent.glob(f".{path.name}.*.tmp*"),
                      *history_dir.glob(".*.partial")]:
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


def _write_file(con: duckdb.DuckDBPyConnection, temp: Path, file: _File, plan: Plan
                ) -> dict[str, int]:
    """The new version of `file` at `temp`, verified and on disk: a patched copy of the
    published file when the plan says so, else whole."""
    temp.parent.mkdir(parents=True, exist_ok=True)
    temp.unlink(missing_ok=True)
    Path(f"{temp}.wal").unlink(missing_ok=True)
    alias = "hytemart_publish"
    if plan.changed is not None:
        rows = incremental.patch(con, file.path, temp, alias, file.replacements, plan)
    else:
        rows = write_whole(con, temp, alias, file.replacements, plan.materialized,
                           plan.sort_keys)
    verify(temp, rows)
    fsync_file(temp)
    return rows
