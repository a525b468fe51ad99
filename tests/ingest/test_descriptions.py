"""Table descriptions: what a valid YAML gives, and every way one can be wrong (file + line)."""

from pathlib import Path

import pytest

from pipelines.ingest.descriptions import (
    PXWEB_MISSING,
    IndicatorMeta,
    Role,
    find_described_tables,
    load_description,
    scan_described_tables,
)
from pipelines.ingest.errors import SourceFormatError

REPO_ROOT = Path(__file__).resolve().parents[2]

INDICATORS = """\
indicators:
  lonely: {name_fi: Yksinäisyyttä kokevat, name_en: Feel lonely, unit: percent, decimals: 1}
"""
# A minimal valid long CSV description; tests append or replace lines.
MINIMAL = (
    "source: county\n"
    "area: {column: Alue}\n"
    "period: {column: Vuosi}\n"
    "indicator: {value: lonely}\n"
    "value: {column: Osuus}\n" + INDICATORS
)


def describe(
    tmp_path: Path, text: str, data: str | None = "school.csv", name: str = "school.yaml"
) -> Path:
    """Write a description (and an empty data file; its content is not read here)."""
    if data is not None:
        (tmp_path / data).write_bytes(b"")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> SourceFormatError:
    with pytest.raises(SourceFormatError) as info:
        load_description(path)
    return info.value


# --- valid descriptions ---------------------------------------------------------------------


def test_full_description(tmp_path: Path) -> None:
    path = describe(
        tmp_path,
        """\
source: county              # comment
title: Kouluterveyskysely 2023, Espoo
format: csv
data_file: school.csv
encoding: latin-1
delimiter: ";"
header_row: 3
decimal: ","
thousands: " "
missing:
  "": missing
  "..": not_applicable
  "...": confidential
  "x": confidential
  "-": zero
layout: long
area:           {column: Alue}
period:         {column: Vuosi}
sex:            {column: Sukupuoli, values: {Pojat: male, Tytöt: female, Yhteensä: total}}
age_group:      {value: "14-16"}
language_group: {column: Kieli, values: {suomi: fi, ruotsi: sv, muu: other, kaikki: total}}
indicator:      {value: lonely}
value:          {column: Osuus}
indicators:
  lonely: {name_fi: Yksinäisyyttä kokevat, name_sv: Känner sig ensamma, name_en: Feel lonely,
           unit: percent, decimals: 1, additive: false}
""",
    )
    description = load_description(path)
    assert description.path == path
    assert description.source == "county"
    assert description.title == "Kouluterveyskysely 2023, Espoo"
    assert description.format == "csv"
    assert description.data_file == tmp_path / "school.csv"
    assert description.encoding == "iso8859-1"
    assert (description.delimiter, description.header_row) == (";", 3)
    assert (description.decimal, description.thousands) == (",", " ")
    assert description.sheet is None
    assert description.missing == {
        "": "missing",
        "..": "not_applicable",
        "...": "confidential",
        "x": "confidential",
        "-": "zero",
    }
    assert description.layout == "long"
    assert description.wide_role is None and description.wide_columns is None
    assert list(description.roles) == [
        "area", "period", "sex", "age_group", "language_group", "indicator", "value",
    ]
    assert description.roles["sex"] == Role(
        column="Sukupuoli",
        dimension=None,
        value=None,
        values={"Pojat": "male", "Tytöt": "female", "Yhteensä": "total"},
        parts=("Sukupuoli",),
    )
    assert description.roles["age_group"] == Role(None, None, "14-16", {})
    assert description.indicators == {
        "lonely": IndicatorMeta(
            id="lonely",
            name_fi="Yksinäisyyttä kokevat",
            name_sv="Känner sig ensamma",
            name_en="Feel lonely",
            unit="percent",
            decimals=1,
            additive=False,
        )
    }
    # YAML lines, for messages about the file that does not fit.
    assert description.line("area") == 17
    assert description.line("sheet") is None
    assert description.line("indicators.lonely") == 25


def test_defaults_of_a_minimal_csv_description(tmp_path: Path) -> None:
    description = load_description(describe(tmp_path, MINIMAL))
    assert description.format == "csv"
    assert description.data_file == tmp_path / "school.csv"
    assert description.title is None
    assert description.encoding == "utf-8"
    assert (description.delimiter, description.header_row) == (";", 1)
    assert (description.decimal, description.thousands) == (".", "")
    assert description.missing == {"": "missing"}
    assert description.layout == "long"
    meta = description.indicators["lonely"]
    # Not given: the defaults apply when the table is read (table_cells).
    assert (meta.name_sv, meta.additive) == (None, None)
    assert description.indicators_complete is True
    assert (description.keep, description.drop) == ({}, {})
    assert description.markers == {"*": "preliminary"}


def test_values_are_taken_as_written_not_as_yaml_types(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "area: {column: Alue}",
        "area: {value: 049}\nsex: {column: Sukupuoli, values: {no: total, 1: male, 2: female}}",
    )
    description = load_description(describe(tmp_path, text))
    assert description.roles["area"].value == "049"
    assert description.roles["sex"].values == {"no": "total", "1": "male", "2": "female"}


def test_additive_defaults_to_true_for_counts(tmp_path: Path) -> None:
    text = MINIMAL.replace("indicator: {value: lonely}", "indicator: {value: visits}").replace(
        INDICATORS, "indicators:\n  visits: {name_fi: Käynnit, unit: count}\n"
    )
    # The default (true for counts) is filled in when the table is read; see test_table_cells.
    assert load_description(describe(tmp_path, text)).indicators["visits"].additive is None


def test_missing_map_keeps_empty_cells_missing_unless_overridden(tmp_path: Path) -> None:
    text = MINIMAL + 'missing: {"x": confidential}\n'
    assert load_description(describe(tmp_path, text)).missing == {
        "x": "confidential",
        "": "missing",
    }
    text = MINIMAL + 'missing: {"": not_available}\n'
    assert load_description(describe(tmp_path, text)).missing == {"": "not_available"}


def test_format_and_data_file_follow_the_sibling_file(tmp_path: Path) -> None:
    text = MINIMAL.replace("source: county", "source: ngo\nsheet: Käynnit")
    description = load_description(describe(tmp_path, text, data="visits.xlsx", name="visits.yml"))
    assert description.format == "xlsx"
    assert description.data_file == tmp_path / "visits.xlsx"
    assert (description.sheet, description.header_row) == ("Käynnit", 1)
    assert (description.encoding, description.delimiter) == (None, None)


def test_format_narrows_the_sibling_search(tmp_path: Path) -> None:
    (tmp_path / "school.xlsx").write_bytes(b"")
    description = load_description(describe(tmp_path, "format: xlsx\n" + MINIMAL))
    assert description.data_file == tmp_path / "school.xlsx"


def test_jsonstat_roles_name_dimensions(tmp_path: Path) -> None:
    text = (
        "source: statfin\n"
        "area: {dimension: Alue}\nperiod: {dimension: Vuosi}\nindicator: {dimension: Tiedot}\n"
        + INDICATORS
    )
    description = load_description(describe(tmp_path, text, data="deaths.json", name="deaths.yaml"))
    assert description.format == "jsonstat"
    assert description.roles["area"] == Role(None, "Alue", None, {}, ("Alue",))
    assert (description.layout, description.header_row, description.missing) == (None, None, {})


def test_pxweb_csv_defaults(tmp_path: Path) -> None:
    text = (
        "source: statfin\nformat: pxweb_csv\narea: {column: Alue}\n"
        "indicator: {value: lonely}\n" + INDICATORS
    )
    description = load_description(describe(tmp_path, text))
    assert description.layout == "wide"
    assert description.wide_role == "period"
    assert (description.wide_columns, description.wide_columns_from) == (None, None)
    assert (description.encoding, description.delimiter, description.header_row) == (
        None,
        None,
        None,
    )
    assert description.missing == PXWEB_MISSING
    assert description.missing[".."] == "not_applicable"


def test_wide_columns_as_list_and_as_mapping(tmp_path: Path) -> None:
    text = MINIMAL.replace("period: {column: Vuosi}\n", "").replace(
        "value: {column: Osuus}\n", 'layout: wide\nwide: {role: period, columns: [2021, "2022"]}\n'
    )
    description = load_description(describe(tmp_path, text))
    assert (description.wide_role, description.wide_columns) == ("period", ("2021", "2022"))
    assert description.wide_column_keys == {}

    text = MINIMAL.replace("indicator: {value: lonely}\n", "").replace(
        "value: {column: Osuus}\n",
        "layout: wide\nwide:\n  role: indicator\n  columns:\n    'Yksinäisyys, %': lonely\n",
    )
    description = load_description(describe(tmp_path, text))
    assert description.wide_columns == ("Yksinäisyys, %",)
    assert description.wide_column_keys == {"Yksinäisyys, %": "lonely"}
    assert "indicator" not in description.roles


# --- errors: file and line ------------------------------------------------------------------

ERRORS = [
    # (name, description text, line, fragment of the message)
    ("unknown top key", MINIMAL + "colour: red\n", 8, "unknown key 'colour'"),
    (
        "unknown role key",
        MINIMAL.replace("{column: Alue}", "{column: Alue, colum: x}"),
        2,
        "area: unknown key 'colum'",
    ),
    (
        "unknown indicator key",
        MINIMAL.replace("decimals: 1", "decimals: 1, nme_fi: x"),
        7,
        "indicators.lonely: unknown key 'nme_fi'",
    ),
    ("missing source", MINIMAL.replace("source: county\n", ""), None, "'source' is missing"),
    ("missing area", MINIMAL.replace("area: {column: Alue}\n", ""), None, "'area' is missing"),
    ("missing period", MINIMAL.replace("period: {column: Vuosi}\n", ""), None, "'period'"),
    ("missing indicator", MINIMAL.replace("indicator: {value: lonely}\n", ""), None, "indicator"),
    ("missing value", MINIMAL.replace("value: {column: Osuus}\n", ""), None, "'value' is missing"),
    ("bad unit", MINIMAL.replace("unit: percent", "unit: percentage"), 7, "'percentage' is not"),
    ("bad source", MINIMAL.replace("source: county", "source: County"), 1, "[a-z][a-z0-9_]*"),
    (
        "column and value",
        MINIMAL.replace("{column: Alue}", "{column: Alue, value: Espoo}"),
        2,
        "area: give exactly one of column or value",
    ),
    (
        "role as plain text",
        MINIMAL.replace("{column: Alue}", "Alue"),
        2,
        "area: expected a mapping like {column: <header>}",
    ),
    (
        "values as a list",
        MINIMAL.replace("{column: Alue}", "{column: Alue, values: [Espoo, Vantaa]}"),
        2,
        "area.values: expected a mapping",
    ),
    (
        "indicator constant without metadata",
        MINIMAL.replace("{value: lonely}", "{value: happy}"),
        4,
        "'happy' is not listed under indicators (lonely)",
    ),
    (
        "indicator values target without metadata",
        MINIMAL.replace("{value: lonely}", "{column: Mittari, values: {Yksinäisyys: alone}}"),
        4,
        "maps 'Yksinäisyys' to 'alone', which is not listed",
    ),
    (
        "wide with layout long",
        MINIMAL + "wide: {role: period, columns: ['2021']}\n",
        8,
        "wide: given but layout is long",
    ),
    (
        "layout wide without wide",
        MINIMAL.replace("value: {column: Osuus}\n", "layout: wide\n"),
        None,
        "layout is wide but the description has no wide:",
    ),
    (
        "layout wide with a value column",
        MINIMAL.replace("period: {column: Vuosi}\n", "")
        + "layout: wide\nwide: {role: period, columns: ['2021']}\n",
        4,
        "value: not used in the wide layout",
    ),
    (
        "wide by period with a period role",
        MINIMAL.replace("value: {column: Osuus}\n", "")
        + "layout: wide\nwide: {role: period, columns: ['2021']}\n",
        3,
        "period: remove it",
    ),
    (
        "columns and columns_from",
        MINIMAL.replace("period: {column: Vuosi}\n", "").replace("value: {column: Osuus}\n", "")
        + "layout: wide\nwide: {role: period, columns: ['2021'], columns_from: '2021'}\n",
        7,
        "columns or columns_from, not both",
    ),
    (
        "wide without role",
        MINIMAL.replace("period: {column: Vuosi}\n", "").replace("value: {column: Osuus}\n", "")
        + "layout: wide\nwide: {columns: ['2021']}\n",
        7,
        "wide: role is missing",
    ),
    (
        "wide column that is also a key column",
        MINIMAL.replace("period: {column: Vuosi}\n", "").replace("value: {column: Osuus}\n", "")
        + "layout: wide\nwide: {role: period, columns: [Alue, '2021']}\n",
        7,
        "column 'Alue' is also the area column",
    ),
    ("sheet in a csv", MINIMAL + "sheet: Taulukko1\n", 8, "sheet: applies to format xlsx, not csv"),
    ("bad encoding", MINIMAL + "encoding: utf-16\n", 8, "encoding: 'utf-16' is not one of"),
    ("bad decimal", MINIMAL + "decimal: ';'\n", 8, "decimal: ';' is not one of"),
    (
        "thousands same as decimal",
        MINIMAL + "decimal: ','\nthousands: ','\n",
        9,
        "also the decimal separator",
    ),
    (
        "unknown status",
        MINIMAL + "missing:\n  '': missing\n  '..': unknown\n",
        10,
        "status 'unknown' for '..' is not one of",
    ),
    ("header_row zero", MINIMAL + "header_row: 0\n", 8, "header_row: 0 is out of range"),
    ("header_row text", MINIMAL + "header_row: three\n", 8, "expected a whole number"),
    (
        "decimals not a number",
        MINIMAL.replace("decimals: 1", "decimals: one"),
        7,
        "decimals: expected a whole number",
    ),
    (
        "additive not a boolean",
        MINIMAL.replace("decimals: 1", "additive: maybe"),
        7,
        "additive: expected true or false",
    ),
    ("duplicate key", MINIMAL + "area: {column: Kunta}\n", 8, "key 'area' is given twice"),
    ("yaml syntax", MINIMAL.replace("{column: Alue}", "{column: Alue"), 3, "not valid YAML"),
    ("not a mapping", "- source: county\n", 1, "description: expected a mapping"),
    ("empty", "# nothing yet\n", None, "the description is empty"),
    (
        "data_file that does not exist",
        MINIMAL + "data_file: koulu.csv\n",
        8,
        "data_file: 'koulu.csv' is not a file",
    ),
    (
        "format that does not fit data_file",
        "format: xlsx\ndata_file: school.csv\n" + MINIMAL,
        1,
        "format: xlsx expects a .xlsx file, but data_file is 'school.csv'",
    ),
    ("bad format", "format: excel\n" + MINIMAL, 1, "format: 'excel' is not one of"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), [case[1:] for case in ERRORS],
                         ids=[case[0] for case in ERRORS])
def test_description_errors_name_the_file_and_line(
    tmp_path: Path, text: str, line: int | None, fragment: str
) -> None:
    path = describe(tmp_path, text)
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == line, error
    assert fragment in error.message, error


def test_error_message_reads_file_line_message(tmp_path: Path) -> None:
    path = describe(tmp_path, MINIMAL.replace("unit: percent", "unit: pct"))
    assert str(load_error(path)).startswith(f"{path}:7: indicators.lonely.unit: 'pct' is not one")


def test_option_of_another_format(tmp_path: Path) -> None:
    path = describe(tmp_path, MINIMAL + "delimiter: ','\n", data="school.xlsx")
    error = load_error(path)
    assert (error.line, error.message) == (
        8,
        "delimiter: applies to format csv and pxweb_csv, not xlsx",
    )


def test_px_roles_take_dimensions_not_columns(tmp_path: Path) -> None:
    without_value = MINIMAL.replace("value: {column: Osuus}\n", "")
    error = load_error(describe(tmp_path, without_value, data="school.px"))
    assert error.line == 2
    assert "area: unknown key 'column'; allowed: dimension, value, values" in error.message

    error = load_error(describe(tmp_path, MINIMAL, data="school.px"))
    assert error.line == 5
    assert error.message.startswith("value: not used with format px")


def test_no_data_file_beside_the_description(tmp_path: Path) -> None:
    error = load_error(describe(tmp_path, MINIMAL, data=None))
    assert error.line is None
    assert "no data file school.csv/.xlsx/.px/.json beside the description" in error.message


def test_several_data_files_beside_the_description(tmp_path: Path) -> None:
    (tmp_path / "school.xlsx").write_bytes(b"")
    error = load_error(describe(tmp_path, MINIMAL))
    assert "several data files match the description (school.csv, school.xlsx)" in error.message


# --- finding descriptions -------------------------------------------------------------------


def test_find_described_tables(tmp_path: Path) -> None:
    (tmp_path / "county" / "sub").mkdir(parents=True)
    (tmp_path / "ngo").mkdir()
    describe(tmp_path / "county", MINIMAL, data="a.csv", name="a.yaml")
    describe(tmp_path / "county" / "sub", MINIMAL, data="b.xlsx", name="b.yml")
    (tmp_path / "county" / "sub" / "~$b.xlsx").write_bytes(b"")  # Excel's lock file
    (tmp_path / "ngo" / "c.csv").write_bytes(b"")  # nobody describes it
    (tmp_path / "ngo" / ".d.csv").write_bytes(b"")  # hidden
    (tmp_path / "ngo" / "notes.txt").write_text("not data")
    describe(tmp_path / "ngo", MINIMAL + "data_file: raw_export.csv\n", data="raw_export.csv",
             name="visits.yaml")

    descriptions, undescribed = find_described_tables(tmp_path)
    assert [d.path.relative_to(tmp_path).as_posix() for d in descriptions] == [
        "county/a.yaml",
        "county/sub/b.yml",
        "ngo/visits.yaml",
    ]
    assert [d.format for d in descriptions] == ["csv", "xlsx", "csv"]
    assert undescribed == [tmp_path / "ngo" / "c.csv"]
    assert find_described_tables(tmp_path / "nowhere") == ([], [])


def test_a_broken_description_raises_or_is_collected(tmp_path: Path) -> None:
    describe(tmp_path, MINIMAL, data="a.csv", name="a.yaml")
    broken = describe(tmp_path, MINIMAL.replace("unit: percent", "unit: pct"), data="b.csv",
                      name="b.yaml")
    with pytest.raises(SourceFormatError) as info:
        find_described_tables(tmp_path)
    assert (info.value.path, info.value.line) == (str(broken), 7)

    scan = scan_described_tables(tmp_path)
    assert [d.path.name for d in scan.descriptions] == ["a.yaml"]
    assert [(e.path, e.line) for e in scan.errors] == [(str(broken), 7)]
    assert scan.undescribed == []  # b.csv is reported through its description's error


def test_two_descriptions_of_one_file(tmp_path: Path) -> None:
    describe(tmp_path, MINIMAL, data="a.csv", name="a.yaml")
    second = describe(tmp_path, MINIMAL + "data_file: a.csv\n", data=None, name="b.yaml")
    scan = scan_described_tables(tmp_path)
    assert [d.path.name for d in scan.descriptions] == ["a.yaml"]
    assert len(scan.errors) == 1
    assert (scan.errors[0].path, scan.errors[0].line) == (str(second), 8)
    assert "a.csv is already described by" in scan.errors[0].message


def test_bundled_sample_descriptions_load() -> None:
    county = load_description(REPO_ROOT / "raw/indicators/county/school_survey_2023.yaml")
    assert (county.source, county.format, county.layout) == ("county", "csv", "long")
    assert county.roles["indicator"].values == {
        "Yksinäisyyttä kokevat": "lonely",
        "Luotettava aikuinen koulussa": "trusted_adult",
    }
    ngo = load_description(REPO_ROOT / "raw/indicators/ngo/youth_services_visits.yaml")
    assert (ngo.format, ngo.sheet, ngo.header_row) == ("xlsx", "Käynnit", 3)
    assert (ngo.wide_role, ngo.wide_columns) == ("period", ("2022", "2023", "2024"))
    assert ngo.indicators["youth_centre_visits"].unit == "count"
