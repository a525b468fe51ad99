"""What a table's own labels say: indicator ids from member codes, units from unit texts.

Small rules shared by the described-table readers and `hytemart describe`.
"""

import re
import unicodedata

_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")

# Unit texts publishers write (PX UNITS, JSON-stat unit labels, "(%)" in a measure's label),
# folded to lower case, to the mart's units. A text naming two units ("tuntia,minuuttia, %")
# names none and the next text is asked: the unit guards value ranges and small-number
# protection, so no guessing between two.
_UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (unit, re.compile(pattern))
    for unit, pattern in (
        ("per_100000", r"100\s?000"),
        ("per_1000", r"‰|promille|per\s?1\s?000|/\s?1\s?000\b|1000 asukasta|tuhatta kohden"),
        # "%" as a unit: alone, "(%)", "osallistuneita %", "%-osuus"; not "10 %)" in a name.
        ("percent", r"^%$|\(%\)|[^\d\s]\s?%$|%-|prosentti|percent|procent|porcentaje|prozent"),
        ("index", r"indeksi|\bindex|\bindeks|índice|\(\d{4}\s?=\s?100\)"),
        ("euro", r"euro|€|\beur\b"),
        ("count", r"lukumäärä|\blkm\b|henkilöä|\bnumber\b|\bcount\b|^persons$|\bantal\b|"
                  r"\bantall\b|^personer$"),
        ("other", r"tunti|minuut|hours|minutes|\bvuotta\b|\byears\b|tkr|\bm2\b|neliö"),
    )
)
# An average of a count is not a count.
_AVERAGE = re.compile(r"average|mean\b|keskiarvo|keski|median|medel|genomsnitt|gjennomsnitt")


def indicator_id(*parts: str) -> str:
    """`KU049`, `Toiminto 01-26`, `I (Lowest-income 10 %)` -> a mart indicator id.

    Letters lose their accents (ä -> a), anything else but letters, digits, `_`, `.` and `-`
    becomes `_`; the parts of a compound indicator are joined with `.`.
    """
    ids = []
    for part in parts:
        ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        ids.append(_NOT_ID.sub("_", ascii_text).strip("_.-") or "_")
    return ".".join(ids)


def guess_unit(*texts: str | None) -> str | None:
    """The unit the first text naming exactly one unit names; None if no text does."""
    for text in texts:
        if not text or not text.strip():
            continue
        folded = text.strip().casefold()
        matched = {unit for unit, pattern in _UNIT_PATTERNS if pattern.search(folded)}
        if "count" in matched and _AVERAGE.search(folded):
            matched = (matched - {"count"}) | {"other"}
        if len(matched) == 1:
            return matched.pop()
    return None


def strip_marker(text: str, markers: dict[str, str]) -> tuple[str, str | None]:
    """`2024Q1*` -> (`2024Q1`, preliminary) with markers {"*": "preliminary"}; the longest
    marker that ends the text wins; a text that is only a marker is left alone."""
    stripped = text.strip()
    for marker in sorted(markers, key=len, reverse=True):
        if marker and stripped.endswith(marker) and len(stripped) > len(marker):
            return stripped[: -len(marker)].strip(), markers[marker]
    return stripped, None
