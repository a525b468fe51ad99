"""Figures the reliability suite gathers while it runs, printed at the end of the session
(conftest.py) and written to $HYTEMART_RELIABILITY_FIGURES (a JSON file) when that is set."""

from collections import Counter

FUZZ_CASES: Counter[str] = Counter()  # reader -> inputs tried
FUZZ_REFUSED: Counter[str] = Counter()  # reader -> inputs that gave a SourceFormatError
FUZZ_WITH_LINE: Counter[str] = Counter()  # reader -> of those, errors that named a line
KILLS: dict[str, int] = {"points_tried": 0, "survived": 0, "pairs_out_of_step": 0,
                         "not_reached": 0}  # the build had finished before the moment came
EXPORT_KILLS: dict[str, int] = {"points_tried": 0, "survived": 0, "not_reached": 0}
FAULTS: dict[str, int] = {"tried": 0, "survived": 0}
ROWS_LOST: dict[str, int] = {"rows_lost": 0}


def as_dict() -> dict:
    return {
        "fuzz_cases": dict(sorted(FUZZ_CASES.items())),
        "fuzz_refused": dict(sorted(FUZZ_REFUSED.items())),
        "fuzz_errors_with_line": dict(sorted(FUZZ_WITH_LINE.items())),
        "kills": dict(KILLS),
        "export_kills": dict(EXPORT_KILLS),
        "faults": dict(FAULTS),
        **ROWS_LOST,
    }


def summary() -> list[str]:
    lines = []
    if KILLS["points_tried"]:
        lines.append(f"kill points tried: {KILLS['points_tried']}, survived: {KILLS['survived']}"
                     f" (pairs out of step after the kill, completed by the next build: "
                     f"{KILLS['pairs_out_of_step']}; moments not reached, the build had "
                     f"finished: {KILLS['not_reached']})")
    if EXPORT_KILLS["points_tried"]:
        lines.append(f"export kill points tried: {EXPORT_KILLS['points_tried']}, survived: "
                     f"{EXPORT_KILLS['survived']} (moments not reached, the export had "
                     f"finished: {EXPORT_KILLS['not_reached']})")
    if FAULTS["tried"]:
        lines.append(f"write faults (file size limit) tried: {FAULTS['tried']}, "
                     f"survived: {FAULTS['survived']}")
    if FUZZ_CASES:
        lines.append(f"fuzz cases: {sum(FUZZ_CASES.values())} in all; per reader (refused with "
                     "a SourceFormatError / of those naming a line):")
        lines.extend(f"  {reader}: {count} ({FUZZ_REFUSED[reader]} / {FUZZ_WITH_LINE[reader]})"
                     for reader, count in sorted(FUZZ_CASES.items()))
    if lines:
        lines.append(f"rows lost: {ROWS_LOST['rows_lost']}")
    return lines
