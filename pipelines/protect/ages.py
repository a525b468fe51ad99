"""Age groups as intervals of whole years, and the equations between them (issue 24).

Age group codes are the mart's canonical ones (pipelines/ingest/mapping.py `map_age_group`):
`16-24` (16 to 24 inclusive), `65-` (65 and over), `-24` (under 25), `16` (16 only) and
`total` (every age). Any other code is not parsed: it is an age group of its own, in no
equation.

Which sets add up to which: cut the ages at every start and end of the age groups of one
indicator x period; the pieces between two cuts are the atoms. Every age group is the sum of
its atoms (15-29 = 15-19 + 20-24 + 25-29 where those are published; total = 0-14 + 15-19 +
... + 30- where 0-14 and 30- are atoms no row holds). An atom that is an age group of the data
is that age group's cell; the others are cells the data lack (unknowns >= 0, as a
municipality the data lack is in its county). So every sum a reader can form of published age
groups is an equation here, and every inequality the non-negative rest gives (16-24 >= 18-24).

Age groups that share no age are apart: each connected set of overlapping age groups (a
family: usually every age group with `total`) is one block of the protection, decided on its
own. `age_layout` works on the age group codes of one indicator x period.
"""

import re
from dataclasses import dataclass

_RANGE = re.compile(r"(\d+)?-(\d+)?")
_SINGLE = re.compile(r"\d+")
OPEN = None  # the upper end of an open age group (65-, total)


@dataclass(frozen=True)
class Family:
    """Overlapping age groups and their atoms: `bands` the age groups of the data (sorted),
    `atoms` (code, lo, hi) every piece, `parts` band -> the codes of its atoms (a band that is
    an atom itself has none: it is a part, not a sum)."""
    bands: tuple[str, ...]
    atoms: tuple[tuple[str, int, int | None], ...]
    parts: dict[str, tuple[str, ...]]

    @property
    def key(self) -> str:
        """The family's name: its first age group (blocks are named by it)."""
        return self.bands[0]


def parse_age(code: str) -> tuple[int, int | None] | None:
    """(lo, hi) in whole years, hi inclusive or OPEN; None where the code is not an age range."""
    if code == "total":
        return 0, OPEN
    if _SINGLE.fullmatch(code):
        return int(code), int(code)
    match = _RANGE.fullmatch(code)
    if not match or (match[1] is None and match[2] is None):
        return None
    lo = int(match[1]) if match[1] is not None else 0
    hi = int(match[2]) if match[2] is not None else OPEN
    if hi is not OPEN and hi < lo:
        return None
    return lo, hi


def _end(hi: int | None) -> float:
    """The first age after an interval (exclusive end)."""
    return float("inf") if hi is OPEN else hi + 1


def _code(lo: int, end: float) -> str:
    if end == float("inf"):
        return f"{lo}-"
    return f"{lo}-{int(end) - 1}" if end - 1 > lo else str(lo)


def age_layout(codes: list[str]) -> list[Family]:
    """The families of one indicator x period's age group codes, each with its atoms; every
    code is in exactly one family (an unparsed code, or one overlapping no other, alone)."""
    parsed = {code: parse_age(code) for code in sorted(set(codes))}
    ranges = sorted((lo, _end(hi), code) for code, span in parsed.items() if span
                    for lo, hi in [span])
    families: list[list[tuple[int, float, str]]] = []
    reach = -1.0
    for lo, end, code in ranges:  # overlap-connected runs of the ranges sorted by start
        if lo >= reach:
            families.append([])
        families[-1].append((lo, end, code))
        reach = max(reach, end)
    out = [Family((code,), (), {}) for code, span in parsed.items() if span is None]
    for members in families:
        bands = tuple(sorted(code for _, _, code in members))
        if len(members) == 1:
            out.append(Family(bands, (), {}))
            continue
        cuts = sorted({lo for lo, _, _ in members} | {end for _, end, _ in members})
        by_span: dict[tuple[int, float], str] = {}
        for lo, end, code in sorted(members, key=lambda m: m[2]):
            by_span.setdefault((lo, end), code)  # two codes of one span: the first is the atom
        atoms = []
        for lo, end in zip(cuts, cuts[1:], strict=False):
            code = by_span.get((lo, end), _code(int(lo), end))
            atoms.append((code, int(lo), None if end == float("inf") else int(end) - 1))
        parts = {}
        atom_codes = {code for code, _, _ in atoms}
        for lo, end, code in members:
            if code in atom_codes:
                continue
            parts[code] = tuple(a for a, a_lo, a_hi in atoms
                                if a_lo >= lo and _end(a_hi) <= end)
        out.append(Family(bands, tuple(atoms), parts))
    return sorted(out, key=lambda family: family.key)
