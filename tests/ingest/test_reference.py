"""The curated reference areas: the shipped list, and errors that name the line."""

from pathlib import Path

import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.reference import AREA_COLUMNS, read_reference_areas

REPO_ROOT = Path(__file__).resolve().parents[2]
HEADER = ",".join(AREA_COLUMNS) + "\n"


def test_shipped_list_has_the_areas_hytedata_reports_on() -> None:
    areas = read_reference_areas(REPO_ROOT / "raw" / "reference" / "areas.csv").set_index(
        "area_code")
    western_uusimaa = areas[(areas["area_level"] == "municipality")
                            & (areas["wellbeing_county_code"] == "HVA03")]
    assert len(western_uusimaa) == 10
    for code in ("SSS", "HVA03", "MK01", "KU049", "KU091", "KU092"):
        assert code in areas.index
    assert (areas.loc["KU049", "name_sv"], areas.loc["KU049", "parent_area_code"]) == (
        "Esbo", "HVA03")
    assert areas.loc["KU049-SA2", "parent_area_code"] == "KU049"
    assert len(areas[areas["area_level"] == "wellbeing_county"]) == 23


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("KU049,municipality,Espoo,Esbo,Espoo,,,\nKU049,municipality,Espoo,,,,,\n",
         "areas.csv:3: area_code KU049 is listed twice"),
        ("KU049,town,Espoo,,,,,\n", "areas.csv:2: area_level 'town' is not one of"),
        ("KU049,municipality,,,,,,\n", "areas.csv:2: name_fi is empty"),
        ("KU049,municipality,Espoo,,,HVA99,,\n",
         "areas.csv:2: parent_area_code HVA99 is not an area in this file"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "areas.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(SourceFormatError) as raised:
        read_reference_areas(path)
    assert message in str(raised.value)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("area_code,name_fi\nKU049,Espoo\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="missing columns: area_level, name_sv"):
        read_reference_areas(path)
