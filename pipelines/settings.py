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
    # Areas the reports are written for (area codes of mart.dim_area); none: the wellbeing
    # services county report_county and its municipalities, as the area reference says.
    report_areas: tuple[str, ...] = ()
    report_county: str = "HVA03"
    # Whether the reports are also printed as PDF (HYTEMART_REPORT_PDF=0: HTML only).
    report_pdf: bool = True

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Read the settings; a value that is not what it must be fails here, when the code
        location loads, naming the variable, rather than half-way through a build."""
        listed = environ.get("HYTEMART_REPORT_AREAS")
        areas = tuple(code.strip() for code in (listed or "").split(",") if code.strip())
        if listed is not None and not areas:
            raise ValueError("HYTEMART_REPORT_AREAS names no area: give area codes separated "
                             "by commas, e.g. KU049,HVA03 (unset, the wellbeing services "
                             "county HYTEMART_REPORT_COUNTY and its municipalities)")
        county = environ.get("HYTEMART_REPORT_COUNTY", "HVA03").strip()
        if not county:
            raise ValueError("HYTEMART_REPORT_COUNTY is empty: give a wellbeing services "
                             "county's area code, e.g. HVA03 (unset, it is HVA03)")
        pdf = environ.get("HYTEMART_REPORT_PDF", "1").strip().lower()
        if pdf not in ("0", "1", "yes", "no", "true", "false"):
            raise ValueError(f"HYTEMART_REPORT_PDF={pdf!r}: must be 1 or 0 (unset, it is 1)")
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
            report_county=county,
            report_pdf=pdf in ("1", "yes", "true"),
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
