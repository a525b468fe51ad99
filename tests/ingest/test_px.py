"""PX reader: the two real Statistics Finland files, then small crafted files for each rule.

Expected numbers for the real files were read off the raw DATA lines with awk, not with the
reader under test (e.g. line 1 of vaerak's DATA is year 1865, 57 values = 3 sexes x 19 ages).
"""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.periods import parse_period
from pipelines.ingest.px import StatTable, read_px

VAERAK = "statfin/vaerak_11rc_population_by_sex_age.px"
TYONV = "statfin/tyonv_12r5_eckero_2024_confidential_cells.px"


def cell(table: StatTable, **codes: str) -> dict:
    """The one cell with these dimension codes, as a dict."""
    frame = table.cells
    mask = np.ones(len(frame), dtype=bool)
    for name, code in codes.items():
        mask &= (frame[name] == code).to_numpy()
    rows = frame[mask]
    assert len(rows) == 1, f"{codes} matched {len(rows)} cells"
    return rows.iloc[0].to_dict()


def write_px(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.px") -> Path:
    """Write PX text with CRLF line ends, as Statistics Finland publishes."""
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


# --- real files ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def vaerak(realdata_dir: Path) -> StatTable:
    return read_px(realdata_dir / VAERAK)


@pytest.fixture(scope="module")
def tyonv(realdata_dir: Path) -> StatTable:
    return read_px(realdata_dir / TYONV)


def test_vaerak_dimensions_and_cell_count(vaerak: StatTable) -> None:
    assert vaerak.languages == ["fi", "sv", "en"]
    assert [d.name for d in vaerak.dimensions] == ["Vuosi", "Sukupuoli", "Ikä", "Tiedot"]
    sizes = [len(d.codes) for d in vaerak.dimensions]
    assert sizes == [159, 3, 19, 1]
    assert len(vaerak.cells) == math.prod(sizes) == 9063
    assert list(vaerak.cells.columns) == [
        "Vuosi", "Sukupuoli", "Ikä", "Tiedot", "value", "status", "raw"
    ]  # fmt: skip
    assert (vaerak.cells["status"] == "ok").all()
    assert vaerak.cells["value"].dtype == np.float64
    assert vaerak.decimals == 0
    assert vaerak.units is None  # UNITS="" in the file


def test_vaerak_languages_and_latin9_decoding(vaerak: StatTable) -> None:
    sex = vaerak.dimension("Sukupuoli")
    assert sex.codes == ["SSS", "1", "2"]
    assert sex.labels == {
        "fi": ["Yhteensä", "Miehet", "Naiset"],
        "sv": ["Totalt", "Män", "Kvinnor"],
        "en": ["Total", "Males", "Females"],
    }
    age = vaerak.dimension("Ikä")
    assert age.codes[:3] == ["SSS", "0-4", "5-9"] and age.codes[-1] == "85-"
    assert age.labels["sv"][0] == "Totalt" and age.labels["fi"][-1] == "85 -"
    assert vaerak.title["sv"] == "Befolkning 31.12. efter År, Kön, Ålder och Uppgifter"
    assert vaerak.title["en"] == "Population 31.12. by Year, Sex, Age and Information"
    assert vaerak.title["fi"].startswith("Väestö 31.12.")
    assert vaerak.dimension("Tiedot").labels["en"] == ["Population 31 Dec"]


def test_vaerak_time_elimination_content(vaerak: StatTable) -> None:
    year = vaerak.dimension("Vuosi")
    assert year.is_time and year.codes[0] == "1865" and year.codes[-1] == "2023"
    assert {parse_period(code).frequency for code in year.codes} == {"annual"}
    assert vaerak.dimension("Sukupuoli").elimination == "SSS"  # ELIMINATION="Yhteensä"
    assert vaerak.dimension("Ikä").elimination == "SSS"
    assert year.elimination is None
    assert vaerak.dimension("Tiedot").is_content
    assert not vaerak.dimension("Sukupuoli").is_time


@pytest.mark.parametrize(
    ("year", "sex", "age", "value"),
    [
        ("1865", "SSS", "SSS", 1843245),  # DATA line 1, value 1
        ("1865", "SSS", "0-4", 264002),  # line 1, value 2
        ("1865", "1", "SSS", 898974),  # line 1, value 20
        ("1865", "2", "SSS", 944271),  # line 1, value 39
        ("1865", "2", "85-", 1164),  # line 1, value 57
        ("2023", "SSS", "SSS", 5603851),  # line 159, value 1
        ("2023", "1", "0-4", 120395),  # line 159, value 21
        ("2023", "2", "85-", 108625),  # last value of the file
    ],
)
def test_vaerak_known_cells(vaerak: StatTable, year: str, sex: str, age: str, value: int) -> None:
    found = cell(vaerak, Vuosi=year, Sukupuoli=sex, Ikä=age)
    assert found["value"] == value
    assert found["status"] == "ok"
    assert found["raw"] == str(value)


def test_vaerak_totals_add_up_so_the_data_order_is_right(vaerak: StatTable) -> None:
    cells = vaerak.cells
    by_sex = cells.pivot_table(index=["Vuosi", "Ikä"], columns="Sukupuoli", values="value")
    assert ((by_sex["1"] + by_sex["2"]) == by_sex["SSS"]).all()
    ages = cells[cells["Ikä"] != "SSS"].groupby(["Vuosi", "Sukupuoli"])["value"].sum()
    totals = cells[cells["Ikä"] == "SSS"].set_index(["Vuosi", "Sukupuoli"])["value"]
    assert (ages - totals == 0).all()


def test_tyonv_confidential_cells(tyonv: StatTable) -> None:
    sizes = [len(d.codes) for d in tyonv.dimensions]
    assert [d.name for d in tyonv.dimensions] == ["Kuukausi", "Tiedot", "Alue"]
    assert sizes == [11, 23, 1]
    assert len(tyonv.cells) == 253
    counts = tyonv.cells["status"].value_counts().to_dict()
    assert counts == {"ok": 192, "confidential": 61}
    confidential = tyonv.cells[tyonv.cells["status"] == "confidential"]
    assert confidential["value"].isna().all()
    assert (confidential["raw"] == "...").all()
    # 72 cells are written "0.0": published numbers, not the "-" symbol.
    zeros = tyonv.cells[tyonv.cells["raw"] == "0.0"]
    assert len(zeros) == 72 and (zeros["status"] == "ok").all() and (zeros["value"] == 0).all()


@pytest.mark.parametrize(
    ("month", "measure", "value", "status"),
    [
        ("2024M01", "HAKIJALOPUSSA", 49.0, "ok"),  # DATA line 1, value 1
        ("2024M01", "TYOVOIMATK", 448.0, "ok"),
        ("2024M01", "TYOTOSUUS", 5.8, "ok"),  # a percentage
        ("2024M01", "TYOTTOMAT20", None, "confidential"),  # line 1, value 7: "..."
        ("2024M04", "TYOTTOMATMIEHET", 14.0, "ok"),  # line 4, value 5
        ("2024M04", "PITKAAIKAISTYOTTOMAT", 6.0, "ok"),  # line 4, value 12
        ("2024M04", "MTPPALVELUTLOP", None, "confidential"),  # line 4, value 21
        ("2024M10", "TYOTTOMAT20", 0.0, "ok"),  # line 10, value 7: "0.0"
        ("2024M11", "UUDETAVP", None, "confidential"),  # last value of the file
    ],
)
def test_tyonv_known_cells(
    tyonv: StatTable, month: str, measure: str, value: float | None, status: str
) -> None:
    found = cell(tyonv, Kuukausi=month, Tiedot=measure, Alue="KU043")
    assert found["status"] == status
    if value is None:
        assert math.isnan(found["value"])
    else:
        assert found["value"] == value


def test_tyonv_under_25s_are_confidential_every_month(tyonv: StatTable) -> None:
    under_25 = tyonv.cells[tyonv.cells["Tiedot"] == "TYOTTOMAT25"]
    assert len(under_25) == 11 and (under_25["status"] == "confidential").all()


def test_tyonv_metadata(tyonv: StatTable) -> None:
    month = tyonv.dimension("Kuukausi")
    assert month.is_time
    assert [parse_period(code).code for code in month.codes] == [
        f"2024M{m:02d}" for m in range(1, 12)
    ]
    measures = tyonv.dimension("Tiedot")
    assert measures.is_content and len(measures.codes) == 23
    assert measures.units["TYOTOSUUS"] == "prosentti"  # UNITS("...%-osuus...")="prosentti"
    assert measures.units["HAKIJALOPUSSA"] == "lukumäärä"
    assert tyonv.units == "lukumäärä" and tyonv.decimals == 1
    area = tyonv.dimension("Alue")
    assert area.codes == ["KU043"]
    assert area.labels == {"fi": ["Eckerö"], "sv": ["Eckerö"], "en": ["Eckerö"]}
    assert tyonv.title["sv"].startswith("12r5 -- Arbetslösa arbetssökande")


def test_tyonv_windows_quote_in_latin9_file(tyonv: StatTable) -> None:
    # The file says iso-8859-15 but writes Windows-1252 0x92 for the apostrophe.
    labels = tyonv.dimension("Tiedot").labels["en"]
    assert "Workforce in Statistic Finland\u2019s RES (number)" in labels
    every_label = [
        label for d in tyonv.dimensions for texts in d.labels.values() for label in texts
    ]
    assert not any(re.search("[\x80-\x9f]", label) for label in every_label)


def test_truncated_real_file_names_file_and_counts(realdata_dir: Path, tmp_path: Path) -> None:
    raw = (realdata_dir / TYONV).read_bytes()
    cut = raw[: raw.rindex(b'"..." "..." \r\n;')]  # drop the last two values and the ';'
    path = tmp_path / "truncated.px"
    path.write_bytes(cut)
    with pytest.raises(SourceFormatError) as caught:
        read_px(path)
    error = caught.value
    assert error.path == str(path)
    assert error.line == 391  # the last DATA line left in the file
    assert "DATA has 251 values, expected 253 from dimension sizes 11 x 23 x 1" in error.message
    assert "no closing ';'" in error.message
    assert str(error).startswith(f"{path}:391: ")


# --- crafted files ------------------------------------------------------------------------

QUARTERLY_UTF8 = """CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="utf-8";
LANGUAGE="fi";
LANGUAGES="fi","sv";
DECIMALS=2;
TITLE="Ylläpitokulut (€) alueittain";
TITLE[sv]="Underhållskostnader (€) efter område";
UNITS="euroa";
UNITS[sv]="euro";
STUB="Alue";
STUB[sv]="Område";
HEADING="Vuosineljännes";
HEADING[sv]="Kvartal";
VALUES("Alue")="Espoo","Hanko";
VALUES[sv]("Område")="Esbo","Hangö";
VALUES("Vuosineljännes")="2024Q1","2024Q2","2024Q3","2024Q4";
VALUES[sv]("Kvartal")="2024Q1","2024Q2","2024Q3","2024Q4";
TIMEVAL("Vuosineljännes")=TLIST(Q1),"20241","20242","20243","20244";
TIMEVAL[sv]("Kvartal")=TLIST(Q1),"20241","20242","20243","20244";
CODES("Alue")="KU049","KU078";
CODES[sv]("Område")="KU049","KU078";
NOTE="Pitkä huomautus, joka jatkuu "
"seuraavalla rivillä; puolipiste lainausmerkeissä ei pääty.";
DATA=
1.5 2.5 3.5 4.5
"-" 0 ".." 8.25;
"""


def test_utf8_with_codepage_quarterly_timeval(tmp_path: Path) -> None:
    table = read_px(write_px(tmp_path, QUARTERLY_UTF8, "utf-8"))
    assert table.languages == ["fi", "sv"]
    assert table.title == {
        "fi": "Ylläpitokulut (€) alueittain",
        "sv": "Underhållskostnader (€) efter område",
    }
    area, quarter = table.dimensions
    assert area.labels == {"fi": ["Espoo", "Hanko"], "sv": ["Esbo", "Hangö"]}
    assert area.codes == ["KU049", "KU078"] and not area.is_time
    assert quarter.name == "Vuosineljännes" and quarter.is_time
    assert [parse_period(code).frequency for code in quarter.codes] == ["quarterly"] * 4
    assert table.units == "euroa" and table.decimals == 2
    assert cell(table, Alue="KU049", Vuosineljännes="2024Q4")["value"] == 4.5
    hanko = table.cells[table.cells["Alue"] == "KU078"]
    assert hanko["status"].tolist() == ["zero", "ok", "not_applicable", "ok"]
    assert hanko["value"].tolist()[:2] == [0.0, 0.0]
    assert hanko["raw"].tolist() == ["-", "0", "..", "8.25"]


def test_latin9_codepage_is_honoured(tmp_path: Path) -> None:
    # 0xA4 is € in ISO-8859-15 but ¤ in ISO-8859-1; Š (0xA6) exists only in -15.
    text = QUARTERLY_UTF8.replace('"utf-8"', '"iso-8859-15"').replace("Hanko", "Šanko")
    table = read_px(write_px(tmp_path, text, "iso-8859-15"))
    assert table.title["fi"] == "Ylläpitokulut (€) alueittain"
    assert table.dimensions[0].labels["fi"] == ["Espoo", "Šanko"]
    assert table.dimensions[0].labels["sv"] == ["Esbo", "Hangö"]


def test_utf8_bytes_under_a_latin9_label_are_read_as_utf8(tmp_path: Path) -> None:
    text = QUARTERLY_UTF8.replace('"utf-8"', '"iso-8859-15"')
    table = read_px(write_px(tmp_path, text, "utf-8"))
    assert table.dimensions[0].labels["sv"] == ["Esbo", "Hangö"]  # not "HangÃ¶"


def test_utf8_codepage_with_latin1_bytes_is_an_encoding_error(tmp_path: Path) -> None:
    path = write_px(tmp_path, QUARTERLY_UTF8, "iso-8859-15")
    with pytest.raises(SourceFormatError, match="encoding") as caught:
        read_px(path)
    assert caught.value.line == 7  # the first non-ASCII byte: "Ylläpitokulut" on TITLE
    assert caught.value.path == str(path)


@pytest.mark.parametrize("codepage", ["klingon-1", "base64"])
def test_unknown_codepage(tmp_path: Path, codepage: str) -> None:
    path = write_px(tmp_path, QUARTERLY_UTF8.replace('"utf-8"', f'"{codepage}"'))
    with pytest.raises(SourceFormatError, match=f"unknown CODEPAGE '{codepage}'") as caught:
        read_px(path)
    assert caught.value.line == 3


SYMBOLS = """CODEPAGE="iso-8859-15";
LANGUAGE="fi";
TITLE="Kaikki puuttuvan tiedon merkit";
STUB="Rivi";
HEADING="Sarake";
VALUES("Rivi")="lainattu","lainaamaton";
VALUES("Sarake")="c1","c2","c3","c4","c5","c6","c7","c8","c9";
DATA=
12 "." ".." "..." "...." "....." "......" "-" -3.5
"7" . .. ... .... ..... ...... - 1e3
;
"""


def test_every_missing_value_symbol_quoted_or_not(tmp_path: Path) -> None:
    table = read_px(write_px(tmp_path, SYMBOLS, "iso-8859-15"))
    expected_statuses = [
        "missing", "not_applicable", "confidential", "not_available", "not_asked", "empty", "zero"
    ]  # fmt: skip
    for row, first, last in (("lainattu", 12.0, -3.5), ("lainaamaton", 7.0, 1000.0)):
        cells = table.cells[table.cells["Rivi"] == row]
        assert cells["Sarake"].tolist() == [f"c{i}" for i in range(1, 10)]
        assert cells["status"].tolist() == ["ok", *expected_statuses, "ok"]
        assert cells["raw"].tolist()[1:8] == [".", "..", "...", "....", ".....", "......", "-"]
        values = cells["value"].tolist()
        assert values[0] == first and values[-1] == last
        assert all(math.isnan(v) for v in values[1:7])  # a symbol is never a number
        assert values[7] == 0.0  # "-" is an exact zero
    assert table.units is None and table.decimals is None
    assert table.languages == ["fi"]


MULTI = """CODEPAGE="utf-8";
LANGUAGE="en";
TITLE="Order test";
STUB="A","B";
HEADING="C","D";
VALUES("A")="a1","a2";
VALUES("B")="b1","b2","b3";
VALUES("C")="c1","c2";
VALUES("D")="d1","d2";
ELIMINATION("B")="b3";
ELIMINATION("C")=YES;
DATA=
0 1 2 3
4 5 6 7
8 9 10 11
12 13 14 15
16 17 18 19
20 21 22 23;
"""


def test_multi_stub_multi_heading_order(tmp_path: Path) -> None:
    table = read_px(write_px(tmp_path, MULTI))
    assert [d.name for d in table.dimensions] == ["A", "B", "C", "D"]
    assert len(table.cells) == 24
    # One DATA line per stub combination (a1 b1, a1 b2, ...); within it, D varies fastest.
    assert cell(table, A="a2", B="b1", C="c2", D="d1")["value"] == 14.0
    assert cell(table, A="a1", B="b3", C="c1", D="d2")["value"] == 9.0
    for row in table.cells.itertuples(index=False):
        a, b, c, d = (int(code[1]) - 1 for code in (row.A, row.B, row.C, row.D))
        assert row.value == ((a * 3 + b) * 2 + c) * 2 + d
    # No CODES: the VALUES are the codes. ELIMINATION=YES has no total category.
    assert table.dimension("B").codes == ["b1", "b2", "b3"]
    assert table.dimension("B").elimination == "b3"
    assert table.dimension("C").elimination is None
    assert table.languages == ["en"] and table.title == {"en": "Order test"}


@pytest.mark.parametrize(
    ("edit", "line", "message"),
    [
        (("DATA=\n", "THIS IS NOT PX\nDATA=\n"), 12, "unknown keyword line: 'THIS IS NOT PX'"),
        (("20 21 22 23;", "20 21 22;"), 18, "DATA has 23 values, expected 24"),
        (("20 21 22 23;", "20 21 22 23 24;"), 18, "DATA has 25 values, expected 24"),
        (("20 21 22 23;", "20 21 22 23"), 18, "DATA has no closing ';'"),
        (("8 9 10 11", "8 9 ten 11"), 15, "DATA value #11 'ten' is neither a number"),
        (("8 9 10 11", "8 9 1,0 11"), 18, "DATA has 25 values"),  # decimal comma
        (("20 21 22 23;", "20 21 22 23;\nEXTRA=1;"), 19, "text after the ';' ending DATA"),
        (('VALUES("D")="d1","d2";\n', ""), 5, 'VALUES("D") missing'),  # HEADING line
        (('ELIMINATION("B")="b3"', 'ELIMINATION("B")="b4"'), 10, "'b4', which is not among"),
        # Without the comma "b1" "b2" is one continued text, so B has 2 values.
        (('VALUES("B")="b1","b2","b3";', 'VALUES("B")="b1" "b2","b3";'), 17, "expected 16"),
        (('VALUES("B")="b1","b2","b3";', 'VALUES("B")="b1","b2",,"b3";'), 7, "stray comma"),
        (('VALUES("B")="b1","b2","b3";', 'VALUES("B")="b1","b2","b3;'), 7, "unterminated"),
        (('TITLE="Order test";', 'TITLE="Order test"'), 4, "missing comma before"),
        (("DATA=\n", 'KEYS("A")=CODES;\nDATA=\n'), 12, "KEYS (sparse DATA lines)"),
        ((MULTI[MULTI.index("DATA=") :], ""), 12, "no DATA keyword"),
        (('CODEPAGE="utf-8";', 'CODEPAGE="utf-8";\nCODES("A")="x";'), 2, 'CODES("A") has 1'),
    ],
)
def test_malformed_files_name_file_line_and_problem(
    tmp_path: Path, edit: tuple[str, str], line: int | None, message: str
) -> None:
    old, new = edit
    assert old in MULTI
    path = write_px(tmp_path, MULTI.replace(old, new, 1))
    with pytest.raises(SourceFormatError) as caught:
        read_px(path)
    error = caught.value
    assert message in error.message
    assert error.path == str(path)
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_translated_values_must_match_the_codes(tmp_path: Path) -> None:
    text = QUARTERLY_UTF8.replace('"Esbo","Hangö"', '"Esbo"')
    with pytest.raises(SourceFormatError, match=r'VALUES\[sv\]\("Område"\) has 1 labels') as e:
        read_px(write_px(tmp_path, text))
    assert e.value.line == 16


def test_no_codepage_means_latin1_with_windows_punctuation(tmp_path: Path) -> None:
    text = MULTI.replace('CODEPAGE="utf-8";\n', "").replace("Order test", "Väki\u2019s – ö")
    path = tmp_path / "ansi.px"
    path.write_bytes(text.encode("cp1252"))  # the dash and the quote are 0x96 and 0x92
    assert read_px(path).title == {"en": "Väki\u2019s – ö"}


def test_lf_only_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "lf.px"
    path.write_bytes(b"\xef\xbb\xbf" + MULTI.replace("Order test", "Järjestys").encode())
    table = read_px(path)
    assert table.title == {"en": "Järjestys"} and len(table.cells) == 24


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="cannot read file"):
        read_px(tmp_path / "nope.px")
