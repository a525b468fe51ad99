"""Paths and options from the environment, read once when the code location loads.

Nothing here mutates the environment; tests pass their own paths to the resources instead.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
# Counts below this are hidden in the published mart unless HYTEMART_SUPPRESSION_THRESHOLD says
# otherwise.
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse_dir: Path
    keep_published: int
    duckdb_memory_limit: str
    # Counts below this are suppressed in the published mart (small-number protection).
    suppression_threshold: int = DEFAULT_THRESHOLD
    # The protection audit (issue 16): a hidden count v is protected when the published file
    # leaves it anything from max(0, v - this) to v + this at least. Unset: the threshold.
    protection_interval: int = 5
    # Areas the wellbeing report is written for (area codes of mart.dim_area).
    report_areas: tuple[str, ...] = ("KU049",)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Read the settings; a value that is not what it must be fails here, when the code
        location loads, naming the variable, rather than half-way through a build."""
        areas = tuple(code.strip() for code in environ.get("HYTEMART_REPORT_AREAS", "KU049")
                      .split(",") if code.strip())
        if not areas:
            raise ValueError("HYTEMART_REPORT_AREAS names no area: give area codes separated "
                             "by commas, e.g. KU049,HVA03 (unset, it is KU049)")
        return cls(
            raw_dir=Path(environ.get("HYTEMART_RAW_DIR") or PROJECT_ROOT / "raw").resolve(),
            warehouse_dir=Path(
                environ.get("HYTEMART_WAREHOUSE_DIR") or PROJECT_ROOT / "warehouse"
            ).resolve(),
            keep_published=whole_number(environ, "HYTEMART_KEEP_PUBLISHED", 5, minimum=0),
            duckdb_memory_limit=environ.get("HYTEMART_DUCKDB_MEMORY_LIMIT", "1.5GB"),
            suppression_threshold=whole_number(environ, "HYTEMART_SUPPRESSION_THRESHOLD", 5,
                                                minimum=1),
            protection_interval=whole_number(
                environ, "HYTEMART_PROTECTION_INTERVAL",
                whole_number(environ, "HYTEMART_SUPPRESSION_THRESHOLD", 5, minimum=1),
                minimum=0),
            report_areas=areas,
        )


def whole_number(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise ValueError(f"{name}={text!r}: must be a whole number of at least {minimum} "
                         f"(unset, it is {default})")
    return value
