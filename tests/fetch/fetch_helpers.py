"""Helpers of the fetch tests: fetch lists and descriptions written into a raw directory."""

from pathlib import Path

from fetch.replay_server import FETCH as FETCH_DATA

__all__ = ["FETCH_DATA", "SCB_AGES", "SCB_REGIONS", "scb_fetch_list", "write"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# The 21 counties and 11 ten-year age groups of the recorded TAB6471 answer.
SCB_REGIONS = ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17",
               "18", "19", "20", "21", "22", "23", "24", "25"]
SCB_AGES = ["0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89",
            "90-99", "100+10"]


def scb_fetch_list(raw: Path) -> None:
    """TAB6471 (v2) and 05300 (v1), each asked for exactly as recorded."""
    write(raw / "indicators" / "scb" / "tab6471.yaml", "source: scb\nformat: jsonstat\n")
    write(raw / "indicators" / "ssb" / "t05300.yaml", "source: ssb\nformat: jsonstat\n")
    write(raw / "fetch.yaml", f"""\
pxweb:
  - api: v2
    table: TAB6471
    language: sv
    description: indicators/scb/tab6471.yaml
    selection:
      Region: {SCB_REGIONS}
      Alder: {SCB_AGES}
      Tid: last 4
  - api: v1
    table: ssb/05300
    language: no
    description: indicators/ssb/t05300.yaml
""")
