"""Paths and options from the environment, read once when the code location loads.

Nothing here mutates the environment; tests pass their own paths to the resources instead.
"""

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_dir: Path
    keep_published: int
    duckdb_memory_limit: str
    # Counts below this are suppressed in the published mart (small-number protection).
    suppression_threshold: int = 5
    # Areas the wellbeing report is written for (area codes of mart.dim_area).
    report_areas: tuple[str, ...] = ("KU049",)

    @classmethod
    def from_env(cls) -> "Settings":
        return cls(
            raw_dir=Path(os.environ.get("HYTEMART_RAW_DIR") or PROJECT_ROOT / "raw").resolve(),
            warehouse_dir=Path(
                os.environ.get("HYTEMART_WAREHOUSE_DIR") or PROJECT_ROOT / "warehouse"
            ).resolve(),
            keep_published=int(os.environ.get("HYTEMART_KEEP_PUBLISHED", "5")),
            duckdb_memory_limit=os.environ.get("HYTEMART_DUCKDB_MEMORY_LIMIT", "1.5GB"),
            suppression_threshold=int(os.environ.get("HYTEMART_SUPPRESSION_THRESHOLD", "5")),
            report_areas=tuple(
                code.strip()
                for code in os.environ.get("HYTEMART_REPORT_AREAS", "KU049").split(",")
                if code.strip()
            ),
        )
