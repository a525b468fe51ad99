"""`make run` in one process: the build job, then, when it succeeded, the export job.

`dagster job execute` runs one job per process, so `make run` paid the start of Python, the
import of Dagster and the code location and Dagster's setup twice (about 4 of the 15 s a tiny
raw directory took). Here both jobs run one after the other against the same instance
(DAGSTER_HOME): the same jobs with their run config, recorded in the run history the UI
shows, with the same progress on the console.

    python -m pipelines.run                   # build_hytemart, then export_hytemart
    python -m pipelines.run build_hytemart    # the named jobs only, in this order
"""

import sys

from pipelines.checks import ge_worker  # the standard library only: imports in no time
from pipelines.collector import imports_outside_the_collector


def main(jobs: list[str]) -> int:
    # Great Expectations imports in a process of its own, on the other core, while Dagster
    # starts (pipelines/checks/ge_worker.py): a third of a small build's time otherwise. So
    # first thing, before Dagster is imported.
    ge_worker.start()
    try:
        return _run(jobs)
    finally:
        ge_worker.stop()


def _run(jobs: list[str]) -> int:
    with imports_outside_the_collector():
        import dagster as dg

        from pipelines.definitions import defs
        from pipelines.orchestration.automation import EXPORT_JOB_NAME, JOB_NAME

    jobs = jobs or [JOB_NAME, EXPORT_JOB_NAME]

    with dg.DagsterInstance.get() as instance:
        for name in jobs:
            result = defs.resolve_job_def(name).execute_in_process(
                instance=instance, raise_on_error=False)
            if not result.success:
                failed = ", ".join(result.get_failed_step_keys()) or "the run"
                print(f"{name} failed in {failed} (run {result.run_id}); see the log above or "
                      "the run in the Dagster UI", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
