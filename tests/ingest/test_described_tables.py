"""Reading described CSV, XLSX and PxWeb CSV tables: crafted files for each rule.

Expected values are written out by hand from the crafted cells, not computed by the reader.
"""

import math
from pathlib import Path

import openpyxl
import pytest

from pipelines.ingest.described_tables import read_described_table
from pipelines.ingest.descriptions import TableDescription, load_description
from pipelines.ingest.errors import SourceFormatError

REPO_ROOT = Path(__file__).resolve().parents[2]

LONELY = """\
indicators:
  lonely: {name_fi: Yksinäisyyttä kokevat, unit: percent, decimals: 1}
  trusted_adult: {name_fi: Luotettava aikuinen, unit: percent, decimals: 1}
"""
LONG = (
    "source: county\narea: {column: Alue}\nperiod: {column: Vuosi}\n"
    "indicator: {value: lonely}\nvalue: {column: Osuus}\n" + LONELY
)


def table(
    tmp_path: Path, description: str, data: bytes, name: str = "t.csv"
) -> TableDescription:
    (tmp_path / name).write_bytes(data)
    path = tmp_path / (Path(name).stem + ".yaml")
    path.write_text(description, encoding="utf-8")
    return load_description(path)


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """Write rows (from A1) to sheets; None leaves a cell empty."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)


def records(frame, *columns: str) -> list[tuple]:
    return list(frame[list(columns)].itertuples(index=False, name=None))


def same(rows: list[tuple], expected: list[tuple]) -> bool:
    """Row tuples equal, NaN equal to NaN."""

    def key(row: tuple) -> tuple:
        return tuple("NaN" if isinstance(x, float) and math.isnan(x) else x for x in row)

    return [key(row) for row in rows] == [key(row) for row in expected]


def read_error(description: TableDescription) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as info:
        read_described_table(description)
    return info.value


# --- CSV ------------------------------------------------------------------------------------

def latin1_csv() -> bytes:
    lines = [
        'Kouluterveyskysely 2023; "otsikko; jossa erotin"',
        "Lähde: THL",
        "Alue;Vuosi;Sukupuoli;Osuus",
        "Espoo;2023; Pojat ;7,5",
        "Länsi-Uudenmaan hyvinvointialue;2023;Tytöt;1 234,5",
        "Kauniainen;2023;Pojat;..",
        "Kauniainen;2023;Tytöt;",
        "Lohja;2023;Pojat;12,3 %",
        "Lohja;2023;Tytöt;abc",
        "Inkoo;2023;Pojat;-",
        "Inkoo;2023;Tytöt; 2\u00a0345,25 ",
        "Vihti;2023;Pojat;1.5",
        "Vihti;2023;Tytöt;-3,5",
    ]
    return "\r\n".join(lines).encode("latin-1") + b"\r\n"


def test_long_csv_latin1_decimal_comma_thousands_space_header_row(tmp_path: Path) -> None:
    description = table(
        tmp_path,
        LONG.replace("indicator:", "sex: {column: Sukupuoli}\nage_group: {value: '14-16'}\n"
                     "indicator:")
        + "encoding: latin-1\nheader_row: 3\ndecimal: ','\nthousands: ' '\n"
        + "missing: {'': missing, '..': not_applicable, '-': zero}\n",
        latin1_csv(),
    )
    frame = read_described_table(description)
    assert list(frame.columns) == [
        "area", "period", "sex", "age_group", "indicator", "value", "status", "raw", "location",
        "flag",
    ]
    assert str(frame["value"].dtype) == "float64"
    rows = records(frame, "area", "sex", "value", "status", "raw", "location")
    nan = math.nan
    assert same(rows, [
        ("Espoo", "Pojat", 7.5, "ok", "7,5", "line 4, column Osuus"),
        ("Länsi-Uudenmaan hyvinvointialue", "Tytöt", 1234.5, "ok", "1 234,5",
         "line 5, column Osuus"),
        ("Kauniainen", "Pojat", nan, "not_applicable", "..", "line 6, column Osuus"),
        ("Kauniainen", "Tytöt", nan, "missing", "", "line 7, column Osuus"),
        ("Lohja", "Pojat", nan, "invalid", "12,3 %", "line 8, column Osuus"),
        ("Lohja", "Tytöt", nan, "invalid", "abc", "line 9, column Osuus"),
        ("Inkoo", "Pojat", 0.0, "zero", "-", "line 10, column Osuus"),
        # A space separator also takes the no-break space; the raw cell keeps its spaces.
        ("Inkoo", "Tytöt", 2345.25, "ok", " 2\u00a0345,25 ", "line 11, column Osuus"),
        # With decimal ',' a point is neither the decimal nor the thousands separator.
        ("Vihti", "Pojat", nan, "invalid", "1.5", "line 12, column Osuus"),
        ("Vihti", "Tytöt", -3.5, "ok", "-3,5", "line 13, column Osuus"),
    ]), rows
    assert set(frame["period"]) == {"2023"}
    assert set(frame["age_group"]) == {"14-16"}  # the constant, filled in
    assert set(frame["indicator"]) == {"lonely"}


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    data = "\ufeffAlue;Vuosi;Osuus\nEspoo;2022;12.25\nKoko maa;2022;9\n".encode()
    frame = read_described_table(table(tmp_path, LONG, data))
    assert records(frame, "area", "period", "value", "location") == [
        ("Espoo", "2022", 12.25, "line 2, column Osuus"),
        ("Koko maa", "2022", 9.0, "line 3, column Osuus"),
    ]


def test_wide_by_period_csv(tmp_path: Path) -> None:
    description = LONG.replace("period: {column: Vuosi}\n", "").replace(
        "value: {column: Osuus}\n",
        "layout: wide\nwide: {role: period, columns: ['2021', '2022', '2023']}\n"
        "thousands: '.'\ndecimal: ','\n",
    )
    # Excel pads rows with empty fields; a column not listed (Huom) is not read.
    data = (
        "Alue;Huom;2021;2022;2023;;\n"
        "Espoo;;10,5;11;1.234,5;;\n"
        '"Kirkkonummi, Kyrkslätt";tarkistettu;..;12,0;x;;\n'
    ).encode()
    frame = read_described_table(table(tmp_path, description, data))
    assert list(frame.columns) == [
        "area", "period", "indicator", "value", "status", "raw", "location", "flag",
    ]
    assert records(frame, "area", "period", "status", "raw", "location") == [
        ("Espoo", "2021", "ok", "10,5", "line 2, column 2021"),
        ("Espoo", "2022", "ok", "11", "line 2, column 2022"),
        ("Espoo", "2023", "ok", "1.234,5", "line 2, column 2023"),
        ("Kirkkonummi, Kyrkslätt", "2021", "invalid", "..", "line 3, column 2021"),
        ("Kirkkonummi, Kyrkslätt", "2022", "ok", "12,0", "line 3, column 2022"),
        ("Kirkkonummi, Kyrkslätt", "2023", "invalid", "x", "line 3, column 2023"),
    ]
    assert frame["value"].tolist()[:3] == [10.5, 11.0, 1234.5]


def test_wide_columns_from(tmp_path: Path) -> None:
    description = LONG.replace("period: {column: Vuosi}\n", "").replace(
        "value: {column: Osuus}\n", "layout: wide\nwide: {role: period, columns_from: 2022}\n"
    )
    data = b"Alue;Huom;2022;2023\nEspoo;x;1;2\n"
    frame = read_described_table(table(tmp_path, description, data))
    assert records(frame, "period", "value") == [("2022", 1.0), ("2023", 2.0)]


def test_wide_by_indicator_with_headers_mapped_to_ids(tmp_path: Path) -> None:
    description = LONG.replace("indicator: {value: lonely}\n", "").replace(
        "value: {column: Osuus}\n",
        "layout: wide\nwide:\n  role: indicator\n  columns:\n"
        "    'Yksinäisyys, %': lonely\n    'Luotettava aikuinen, %': trusted_adult\n",
    )
    data = "Alue;Vuosi;Yksinäisyys, %;Luotettava aikuinen, %\nLohja;2023;13.1;64.8\n".encode()
    frame = read_described_table(table(tmp_path, description, data))
    assert records(frame, "area", "period", "indicator", "value", "location") == [
        ("Lohja", "2023", "lonely", 13.1, "line 2, column Yksinäisyys, %"),
        ("Lohja", "2023", "trusted_adult", 64.8, "line 2, column Luotettava aikuinen, %"),
    ]


def test_wide_by_indicator_headers_must_be_ids(tmp_path: Path) -> None:
    description = LONG.replace("indicator: {value: lonely}\n", "").replace(
        "value: {column: Osuus}\n", "layout: wide\nwide: {role: indicator, columns_from: lonely}\n"
    )
    data = b"Alue;Vuosi;lonely;happy\nLohja;2023;13.1;64.8\n"
    error = read_error(table(tmp_path, description, data))
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 5)  # the wide: line
    assert "column 'happy' of t.csv is not an indicator id listed under indicators" in str(error)


def test_notes_below_the_data_are_skipped(tmp_path: Path) -> None:
    data = (
        "Alue;Vuosi;Osuus\n"
        "Espoo;2023;1\n"
        "\n"
        "Inkoo;2023;\n"  # after a blank line but a data row: read
        ";;\n"
        "Lähde: THL, Kouluterveyskysely\n"
        '"Huom: pienet ryhmät; salattu"\n'
    ).encode()
    frame = read_described_table(table(tmp_path, LONG, data))
    assert records(frame, "area", "status", "location") == [
        ("Espoo", "ok", "line 2, column Osuus"),
        ("Inkoo", "missing", "line 4, column Osuus"),
    ]


def test_quoted_field_over_two_lines_keeps_line_numbers(tmp_path: Path) -> None:
    data = b'Alue;Vuosi;Osuus\n"Espoo\n(Esbo)";2023;1\nVihti;2023;2\n'
    frame = read_described_table(table(tmp_path, LONG, data))
    assert records(frame, "area", "location") == [
        ("Espoo\n(Esbo)", "line 2, column Osuus"),
        ("Vihti", "line 4, column Osuus"),
    ]


# --- CSV errors -----------------------------------------------------------------------------


def test_column_the_header_lacks(tmp_path: Path) -> None:
    description = table(
        tmp_path, LONG.replace("{column: Osuus}", "{column: Arvo}") + "header_row: 2\n",
        b"Taulukko\nAlue;Vuosi;Osuus\nEspoo;2023;1\n",
    )
    error = read_error(description)
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 5)
    assert error.message == (
        "value: column 'Arvo' is not in the header of t.csv (line 2), which has: "
        "'Alue', 'Vuosi', 'Osuus'"
    )


def test_column_differing_in_case_gets_a_hint(tmp_path: Path) -> None:
    description = table(tmp_path, LONG.replace("{column: Alue}", "{column: alue}"),
                        b"Alue;Vuosi;Osuus\nEspoo;2023;1\n")
    error = read_error(description)
    assert error.line == 2
    assert error.message.endswith("did you mean 'Alue'?")


def test_header_row_beyond_the_end(tmp_path: Path) -> None:
    description = table(tmp_path, LONG + "header_row: 5\n", b"Alue;Vuosi;Osuus\nEspoo;2023;1\n")
    error = read_error(description)
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 9)
    assert error.message == "header_row 5 is beyond the end of t.csv (2 lines)"


def test_bytes_not_in_the_encoding(tmp_path: Path) -> None:
    data = "Alue;Vuosi;Osuus\nEspoo;2023;1\nLänsi-Uusimaa;2023;2\n".encode("latin-1")
    error = read_error(table(tmp_path, LONG, data))
    assert (error.path, error.line) == (str(tmp_path / "t.csv"), 3)
    assert "byte 0xe4 is not UTF-8" in error.message
    assert "set encoding in t.yaml" in error.message


def test_utf8_file_described_as_latin1(tmp_path: Path) -> None:
    data = "Alue;Vuosi;Osuus\nEspoo;2023;1\nLänsi-Uusimaa;2023;2\n".encode()
    error = read_error(table(tmp_path, LONG + "encoding: latin-1\n", data))
    assert (error.path, error.line) == (str(tmp_path / "t.csv"), 3)
    assert "the file is UTF-8 ('Länsi-Uusimaa;2023;2')" in error.message
    assert "'LÃ¤nsi-Uusimaa;2023;2'; set encoding: utf-8" in error.message


def test_row_with_a_different_number_of_fields(tmp_path: Path) -> None:
    error = read_error(table(tmp_path, LONG, b"Alue;Vuosi;Osuus\nEspoo;2023;1\nVihti;2023\n"))
    assert (error.path, error.line) == (str(tmp_path / "t.csv"), 3)
    assert error.message == "line 3 has 2 fields, the header (line 1) has 3"
    error = read_error(table(tmp_path, LONG, b"Alue;Vuosi;Osuus\nEspoo;2023;1;7\n"))
    assert (error.line, error.message) == (2, "line 2 has 4 fields, the header (line 1) has 3")


def test_bad_quoting(tmp_path: Path) -> None:
    error = read_error(table(tmp_path, LONG, b'Alue;Vuosi;Osuus\nEspoo;2023;1\n"Vihti"x;2023;2\n'))
    assert (error.path, error.line) == (str(tmp_path / "t.csv"), 3)
    assert error.message.startswith("CSV: ")


def test_header_without_rows(tmp_path: Path) -> None:
    error = read_error(table(tmp_path, LONG, b"Alue;Vuosi;Osuus\n\n"))
    assert (error.path, error.line) == (str(tmp_path / "t.csv"), 1)
    assert error.message == "no data rows below the header (line 1)"


def test_px_is_read_elsewhere(tmp_path: Path) -> None:
    description = (
        "source: statfin\narea: {dimension: Alue}\nperiod: {dimension: Vuosi}\n"
        "indicator: {value: lonely}\n" + LONELY
    )
    error = read_error(table(tmp_path, description, b"", name="t.px"))
    assert "read_described_table reads csv, xlsx and pxweb_csv" in error.message


# --- XLSX -----------------------------------------------------------------------------------

XLSX_DESCRIPTION = """\
source: ngo
sheet: Tiedot
header_row: 3
decimal: ","
thousands: " "
missing: {"": missing, "x": confidential}
layout: wide
area: {column: Kunta}
age_group: {column: Ikäryhmä}
indicator: {value: visits}
wide: {role: period, columns: ["2022", "2023"]}
indicators:
  visits: {name_fi: Käynnit, unit: count}
"""


def test_xlsx_sheet_header_offset_numbers_and_text(tmp_path: Path) -> None:
    workbook(
        tmp_path / "t.xlsx",
        {
            "Ohje": [["Lue tämä ensin"]],
            "Tiedot": [
                ["Nuorisotalojen käynnit"],
                [],
                [None, "Kunta", "Ikäryhmä", 2022, "2023"],  # a numeric and a text year
                [None, "049", "13-17", 18240, "1 234,5"],
                [None, 49, "18-24", 12.3456789012345, "x"],
                [None, "235", 13, "abc", None],
                [],
                ["Lähde: yhdistyksen kävijätilasto"],
            ],
        },
    )
    frame = read_described_table(_xlsx_description(tmp_path, XLSX_DESCRIPTION))
    assert list(frame.columns) == [
        "area", "period", "age_group", "indicator", "value", "status", "raw", "location", "flag",
    ]
    rows = records(frame, "area", "period", "age_group", "value", "status", "raw", "location")
    nan = math.nan
    # The source note under a blank row is not data.
    assert same(rows, [
        ("049", "2022", "13-17", 18240.0, "ok", "18240", "Tiedot!D4"),
        ("049", "2023", "13-17", 1234.5, "ok", "1 234,5", "Tiedot!E4"),
        # A numeric key cell is written as Excel shows it; the value is not rounded.
        ("49", "2022", "18-24", 12.3456789012345, "ok", "12.3456789012345", "Tiedot!D5"),
        ("49", "2023", "18-24", nan, "confidential", "x", "Tiedot!E5"),
        ("235", "2022", "13", nan, "invalid", "abc", "Tiedot!D6"),
        ("235", "2023", "13", nan, "missing", "", "Tiedot!E6"),
    ]), rows


def _xlsx_description(tmp_path: Path, text: str) -> TableDescription:
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    return load_description(path)


def test_xlsx_first_sheet_by_default_and_quoted_sheet_reference(tmp_path: Path) -> None:
    workbook(
        tmp_path / "t.xlsx",
        {"Käynnit 2023": [["Kunta", "Ikäryhmä", "2022", "2023"], ["257", "13-17", 3460, 3612]]},
    )
    text = XLSX_DESCRIPTION.replace("sheet: Tiedot\n", "").replace("header_row: 3\n", "")
    frame = read_described_table(_xlsx_description(tmp_path, text))
    assert records(frame, "area", "period", "value", "location") == [
        ("257", "2022", 3460.0, "'Käynnit 2023'!C2"),
        ("257", "2023", 3612.0, "'Käynnit 2023'!D2"),
    ]


def test_xlsx_sheet_that_does_not_exist(tmp_path: Path) -> None:
    workbook(tmp_path / "t.xlsx", {"Ohje": [["x"]], "Taulukko1": [["Kunta"]]})
    error = read_error(_xlsx_description(tmp_path, XLSX_DESCRIPTION))
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 2)
    assert error.message == "sheet 'Tiedot' is not in t.xlsx; its sheets: 'Ohje', 'Taulukko1'"


def test_xlsx_header_row_beyond_the_last_row(tmp_path: Path) -> None:
    workbook(tmp_path / "t.xlsx", {"Tiedot": [["Kunta", "Ikäryhmä"]]})
    error = read_error(_xlsx_description(tmp_path, XLSX_DESCRIPTION))
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 3)
    assert error.message == "header_row 3 is beyond the last row (1) of sheet 'Tiedot' in t.xlsx"


def test_xlsx_column_the_header_lacks(tmp_path: Path) -> None:
    workbook(
        tmp_path / "t.xlsx",
        {"Tiedot": [[], [], ["Kunta", "Ikä", "2022", "2023"], ["049", "13-17", 1, 2]]},
    )
    error = read_error(_xlsx_description(tmp_path, XLSX_DESCRIPTION))
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), 9)
    assert error.message == (
        "age_group: column 'Ikäryhmä' is not in the header of t.xlsx (sheet 'Tiedot' row 3), "
        "which has: 'Kunta', 'Ikä', '2022', '2023'"
    )


def test_xlsx_value_without_a_header(tmp_path: Path) -> None:
    workbook(
        tmp_path / "t.xlsx",
        {"Tiedot": [[], [], ["Kunta", "Ikäryhmä", "2022", None], ["049", "13-17", 1, 2]]},
    )
    text = XLSX_DESCRIPTION.replace('columns: ["2022", "2023"]', 'columns_from: "2022"')
    error = read_error(_xlsx_description(tmp_path, text))
    assert (error.path, error.line) == (str(tmp_path / "t.xlsx"), 4)
    assert error.message.startswith("Tiedot!D4 has a value but its column has no header")


def test_not_an_xlsx_file(tmp_path: Path) -> None:
    (tmp_path / "t.xlsx").write_bytes(b"Kunta;2022\n049;1\n")
    error = read_error(_xlsx_description(tmp_path, XLSX_DESCRIPTION))
    assert (error.path, error.line) == (str(tmp_path / "t.xlsx"), None)
    assert error.message.startswith("cannot read as XLSX")


# --- PxWeb CSV ------------------------------------------------------------------------------

PXWEB = """\
source: statfin
format: pxweb_csv
area: {column: Alue}
sex: {column: Sukupuoli}
indicator: {value: income}
indicators:
  income: {name_fi: Tulot, unit: euro}
"""


def test_pxweb_csv_iso_8859_15_title_and_missing_symbols(tmp_path: Path) -> None:
    text = (
        '"Tulot alueittain (€)"\r\n'
        "\r\n"
        '"Alue";"Sukupuoli";"2021 Tulot (€)";"2022 Tulot (€)"\r\n'
        '"Espoo";"Yhteensä";31250;32010.5\r\n'
        '"Kauniainen";"Naiset";"..";"..."\r\n'
        '"Inkoo";"Miehet";"-";\r\n'
    )
    data = text.encode("iso-8859-15")
    assert b"\xa4" in data  # the euro sign, which Latin-1 does not have
    frame = read_described_table(table(tmp_path, PXWEB, data))
    assert list(frame.columns) == [
        "area", "period", "sex", "indicator", "value", "status", "raw", "location", "flag",
    ]
    rows = records(frame, "area", "period", "sex", "status", "raw", "location")
    assert rows == [
        ("Espoo", "2021", "Yhteensä", "ok", "31250", "line 4, column 2021 Tulot (€)"),
        ("Espoo", "2022", "Yhteensä", "ok", "32010.5", "line 4, column 2022 Tulot (€)"),
        ("Kauniainen", "2021", "Naiset", "not_applicable", "..", "line 5, column 2021 Tulot (€)"),
        ("Kauniainen", "2022", "Naiset", "confidential", "...", "line 5, column 2022 Tulot (€)"),
        ("Inkoo", "2021", "Miehet", "zero", "-", "line 6, column 2021 Tulot (€)"),
        ("Inkoo", "2022", "Miehet", "missing", "", "line 6, column 2022 Tulot (€)"),
    ]
    assert frame["value"].tolist()[:2] == [31250.0, 32010.5]
    assert frame["value"].tolist()[4] == 0.0


def test_pxweb_csv_utf8_bom_comma_quarters_and_notes(tmp_path: Path) -> None:
    text = (
        '\ufeff"Väestö neljännesvuosittain"\n'
        "\n"
        '"Alue","Sukupuoli","2024Q1","2024Q2 Väestö"\n'
        '"Länsi-Uudenmaan hyvinvointialue","Yhteensä",488012,"488 950"\n'
        "\n"
        '"Lähde: Tilastokeskus"\n'
    )
    description = table(tmp_path, PXWEB + "thousands: ' '\n", text.encode())
    frame = read_described_table(description)
    assert records(frame, "area", "period", "value", "status", "location") == [
        ("Länsi-Uudenmaan hyvinvointialue", "2024Q1", 488012.0, "ok", "line 4, column 2024Q1"),
        ("Länsi-Uudenmaan hyvinvointialue", "2024Q2", 488950.0, "ok",
         "line 4, column 2024Q2 Väestö"),
    ]


def test_pxweb_csv_two_measures_per_year_need_columns(tmp_path: Path) -> None:
    data = b'"T"\n\n"Alue";"Sukupuoli";"2021 Tulot";"2021 Menot"\n"Espoo";"Naiset";1;2\n'
    description = table(tmp_path, PXWEB, data)
    error = read_error(description)
    assert (error.path, error.line) == (str(tmp_path / "t.yaml"), None)
    assert "columns '2021 Tulot' and '2021 Menot' of t.csv both give period 2021" in error.message

    with_columns = PXWEB + "wide: {columns: {'2021 Tulot': '2021'}}\n"
    frame = read_described_table(table(tmp_path, with_columns, data))
    assert records(frame, "period", "value", "location") == [
        ("2021", 1.0, "line 4, column 2021 Tulot")
    ]


def test_pxweb_csv_column_without_a_period(tmp_path: Path) -> None:
    data = b'"Alue";"Sukupuoli";"Tiedot";"2021"\n"Espoo";"Naiset";"Tulot";1\n'
    error = read_error(table(tmp_path, PXWEB, data))
    assert "column 'Tiedot' of t.csv does not start with a year, quarter or month" in error.message


# --- the bundled samples --------------------------------------------------------------------


def test_bundled_school_survey_sample() -> None:
    frame = read_described_table(
        load_description(REPO_ROOT / "raw/indicators/county/school_survey_2023.yaml")
    )
    assert len(frame) == 108
    assert frame["status"].value_counts().to_dict() == {"ok": 103, "confidential": 5}
    assert set(frame["area"]) == {
        "Espoo", "Kauniainen", "Kirkkonummi", "Lohja", "Länsi-Uudenmaan hyvinvointialue",
        "Koko maa",
    }
    row = frame[
        (frame["area"] == "Espoo") & (frame["period"] == "2023") & (frame["sex"] == "Tytöt")
        & (frame["indicator"] == "Yksinäisyyttä kokevat")
    ]
    assert records(row, "language_group", "age_group", "value", "raw") == [
        ("kaikki", "14-16", 16.3, "16,3")
    ]


def test_bundled_youth_services_sample() -> None:
    frame = read_described_table(
        load_description(REPO_ROOT / "raw/indicators/ngo/youth_services_visits.yaml")
    )
    assert len(frame) == 18
    assert set(frame["area"]) == {"049", "235", "257"}
    confidential = frame[frame["status"] == "confidential"]
    assert records(confidential, "area", "period", "age_group", "raw", "location") == [
        ("235", "2022", "18-24", "x", "Käynnit!C7")
    ]
    espoo = frame[(frame["area"] == "049") & (frame["age_group"] == "13-17")]
    assert espoo["value"].tolist() == [18240.0, 19105.0, 20380.0]
