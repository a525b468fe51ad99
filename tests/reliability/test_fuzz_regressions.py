"""Inputs the fuzzer found that once raised something other than a SourceFormatError; each
is kept here, reduced, so that it stays fixed."""

import io
import zipfile
from pathlib import Path

import pytest

from pipelines.ingest.described_tables import read_described_table
from pipelines.ingest.descriptions import load_description
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.px import read_px

from .harness import REPO_ROOT


def test_a_px_codepage_with_a_nul_is_an_unknown_codepage(tmp_path: Path) -> None:
    # Was: ValueError: embedded null character, from codecs.lookup.
    path = tmp_path / "t.px"
    path.write_bytes(b'CHARSET="ANSI";\nCODEPAGE="\x00-8859-15";\nDATA=\n1;\n')
    with pytest.raises(SourceFormatError, match="unknown CODEPAGE") as caught:
        read_px(path)
    assert caught.value.line == 2


def test_an_xlsx_whose_sheet_part_is_damaged_is_a_source_format_error(tmp_path: Path) -> None:
    # Was: python_calamine.ZipError when the sheet was read, after the workbook opened fine.
    original = REPO_ROOT / "raw" / "indicators" / "ngo" / "youth_services_visits.xlsx"
    damaged = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(damaged, "w") as target:
        for member in source.infolist():
            data = source.read(member)
            target.writestr(member, data)
    data = bytearray(damaged.getvalue())
    header = data.find(b"PK\x03\x04", data.find(b"xl/worksheets/sheet1.xml") - 40)
    data[header:header + 4] = b"PK\x03\x05"  # the sheet's local header, broken
    (tmp_path / original.name).write_bytes(bytes(data))
    (tmp_path / "youth_services_visits.yaml").write_bytes(
        original.with_suffix(".yaml").read_bytes())
    description = load_description(tmp_path / "youth_services_visits.yaml")
    with pytest.raises(SourceFormatError, match="XLSX"):
        read_described_table(description)
