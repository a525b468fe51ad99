"""JSON-stat 2.0 reader: the real 13u5 response, then crafted documents for each rule."""

import json
import math
from pathlib import Path
from typing import Any

import pytest

from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.jsonstat import read_jsonstat
from pipelines.ingest.px import StatTable

DEATHS = "statfin/13u5_deaths_by_wellbeing_county_2024.jsonstat2.json"


def write_json(tmp_path: Path, document: Any, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def statuses(table: StatTable) -> list[str]:
    return table.cells["status"].tolist()


# --- real file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deaths(realdata_dir: Path) -> StatTable:
    return read_jsonstat(realdata_dir / DEATHS, language="en")


def test_deaths_dimensions(deaths: StatTable) -> None:
    assert [d.name for d in deaths.dimensions] == [
        "hyvinvointialue",
        "tilaston-peruskuolemansyy-aikasarjaluokitus",
        "vuosi",
        "tiedot",
    ]
    assert [len(d.codes) for d in deaths.dimensions] == [23, 1, 1, 1]
    assert len(deaths.cells) == 23
    assert (deaths.cells["status"] == "ok").all()
    county = deaths.dimension("hyvinvointialue")
    assert county.codes[0] == "HVA01" and county.codes[-2:] == ["HVA90", "HVA91"]
    assert county.labels["en"][2] == "HVA03 West Uusimaa wellbeing services county"
    assert county.labels["en"][-1] == "HVA91 Åland"
    assert county.labels["en"][6] == "HVA07 Kanta-Häme wellbeing services county"
    assert deaths.dimension("vuosi").is_time and not county.is_time
    measure = deaths.dimension("tiedot")
    assert measure.is_content and measure.units == {"ksyylkm": "Number"}
    assert deaths.units == "Number" and deaths.decimals == 0
    assert deaths.languages == ["en"]
    assert deaths.title["en"].startswith("13u5 -- Deaths by underlying cause of death")


@pytest.mark.parametrize(
    ("county", "value"),
    [("HVA01", 976), ("HVA03", 3660), ("HVA08", 5445), ("HVA90", 5412), ("HVA91", 309)],
)
def test_deaths_known_cells(deaths: StatTable, county: str, value: int) -> None:
    row = deaths.cells[deaths.cells["hyvinvointialue"] == county].iloc[0]
    assert row["value"] == value and row["status"] == "ok" and row["raw"] == str(value)
    assert row["vuosi"] == "2024" and row["tiedot"] == "ksyylkm"


def test_language_defaults_to_undetermined(realdata_dir: Path) -> None:
    table = read_jsonstat(realdata_dir / DEATHS)
    assert table.languages == ["und"]
    assert list(table.dimension("hyvinvointialue").labels) == ["und"]


# --- crafted documents --------------------------------------------------------------------


def dataset(**overrides: Any) -> dict[str, Any]:
    """2 areas (index in dict form, listed out of order) x 3 years (list form)."""
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Testi",
        "id": ["alue", "vuosi"],
        "size": [2, 3],
        "dimension": {
            "alue": {
                "label": "Alue",
                "category": {
                    "index": {"KU078": 1, "KU049": 0},
                    "label": {"KU049": "Espoo", "KU078": "Hanko"},
                },
                "extension": {"elimination": False},
            },
            "vuosi": {"category": {"index": ["2022", "2023", "2024"]}},
        },
        "role": {"time": ["vuosi"]},
        "value": [1, 2.5, 3, 4, 5, 6],
    }
    document.update(overrides)
    return document


def test_dict_index_and_row_major_order(tmp_path: Path) -> None:
    table = read_jsonstat(write_json(tmp_path, dataset()), language="fi")
    assert table.dimension("alue").codes == ["KU049", "KU078"]
    assert table.dimension("alue").labels == {"fi": ["Espoo", "Hanko"]}
    assert table.dimension("vuosi").labels == {"fi": ["2022", "2023", "2024"]}  # no label
    assert table.cells["alue"].tolist() == ["KU049"] * 3 + ["KU078"] * 3
    assert table.cells["vuosi"].tolist() == ["2022", "2023", "2024"] * 2
    assert table.cells["value"].tolist() == [1, 2.5, 3, 4, 5, 6]
    assert table.cells["raw"].tolist() == ["1", "2.5", "3", "4", "5", "6"]
    assert table.units is None and table.decimals is None


def test_sparse_value_and_status_dicts(tmp_path: Path) -> None:
    document = dataset(
        value={"0": 1.5, "2": 0, "4": None, "5": None},
        status={"1": "...", "4": "..", "5": "-"},
    )
    table = read_jsonstat(write_json(tmp_path, document))
    assert statuses(table) == ["ok", "confidential", "ok", "missing", "not_applicable", "zero"]
    values = table.cells["value"].tolist()
    assert values[0] == 1.5 and values[2] == 0.0 and values[5] == 0.0
    assert all(math.isnan(values[i]) for i in (1, 3, 4))
    assert table.cells["raw"].tolist() == ["1.5", "...", "0", "", "..", "-"]


def test_status_list_with_every_symbol(tmp_path: Path) -> None:
    document = dataset(
        id=["alue", "vuosi"],
        size=[2, 4],
        dimension={
            "alue": {"category": {"index": ["a", "b"]}},
            "vuosi": {"category": {"index": ["1", "2", "3", "4"]}},
        },
        value=[None, None, None, None, None, None, None, 7],
        status=[".", "..", "...", "....", ".....", "......", "-", None],
    )
    table = read_jsonstat(write_json(tmp_path, document))
    assert statuses(table) == [
        "missing", "not_applicable", "confidential", "not_available",
        "not_asked", "empty", "zero", "ok",
    ]  # fmt: skip
    assert table.cells["value"].tolist()[6:] == [0.0, 7.0]


def test_a_status_symbol_wins_over_a_value(tmp_path: Path) -> None:
    table = read_jsonstat(write_json(tmp_path, dataset(status={"0": "..."})))
    first = table.cells.iloc[0]
    assert first["status"] == "confidential" and math.isnan(first["value"])


def test_one_status_for_all_cells(tmp_path: Path) -> None:
    document = dataset(value=[None] * 6, status="..")
    assert statuses(read_jsonstat(write_json(tmp_path, document))) == ["not_applicable"] * 6


def test_pxapi_numeric_status_codes(tmp_path: Path) -> None:
    descriptions = {"1": "Missing", "3": "Data is subject to secrecy", "7": "Magnitude nil"}
    document = dataset(
        value=[1, None, None, None, 5, 6],
        status={"1": "3", "2": "7", "3": "1"},
        extension={"missingValueDescriptions": descriptions},
    )
    table = read_jsonstat(write_json(tmp_path, document))
    assert statuses(table)[:4] == ["ok", "confidential", "zero", "missing"]
    assert table.cells["value"].tolist()[2] == 0.0


def test_numeric_status_without_pxapi_descriptions_is_refused(tmp_path: Path) -> None:
    path = write_json(tmp_path, dataset(status={"1": "3"}))
    with pytest.raises(SourceFormatError, match="status '3' of cell #1 is not a known symbol"):
        read_jsonstat(path)


def test_pxweb_extensions(tmp_path: Path) -> None:
    document = dataset(extension={"px": {"language": "sv", "decimals": 1}})
    document["dimension"]["alue"]["extension"] = {"eliminationValueCode": "KU049"}
    document["dimension"]["vuosi"]["category"]["unit"] = {
        code: {"label": "euro", "decimals": 2} for code in ("2022", "2023", "2024")
    }
    table = read_jsonstat(write_json(tmp_path, document))
    assert table.languages == ["sv"] and table.title == {"sv": "Testi"}
    assert table.decimals == 1  # extension.px wins over the units' decimals
    assert table.units == "euro"
    assert table.dimension("alue").elimination == "KU049"


def test_single_category_without_index(tmp_path: Path) -> None:
    document = dataset(
        id=["alue"],
        size=[1],
        value=[3],
        dimension={"alue": {"category": {"label": {"SSS": "Koko maa"}}}},
    )
    table = read_jsonstat(write_json(tmp_path, document), language="fi")
    assert table.dimension("alue").codes == ["SSS"]
    assert table.cells["value"].tolist() == [3.0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": [1, 2, 3]}, "`value` has 3 entries, expected 6 from `size`"),
        ({"size": [2, 4]}, "dimension 'vuosi': size says 4, category.index has 3"),
        ({"size": [2]}, "`size` must list one size"),
        ({"value": {"6": 1}}, "`value` index 6 outside 0..5"),
        ({"value": {"x": 1}}, "`value` key 'x' is not a cell index"),
        ({"value": [1, 2, 3, 4, 5, True]}, "value of cell #5 is not a number: True"),
        ({"value": [1, 2, 3, 4, 5, "6"]}, "value of cell #5 is not a number: '6'"),
        ({"status": [".", ".."]}, "`status` has 2 entries, expected 6"),
        ({"status": {"0": "e"}}, "status 'e' of cell #0 is not a known symbol"),
        ({"class": "collection"}, "not a JSON-stat 2.0 dataset"),
        ({"version": "1.0"}, "JSON-stat version '1.0', expected 2.0"),
        ({"id": ["alue", "kunta"]}, "dimension 'kunta' has no category"),
    ],
)
def test_malformed_documents(tmp_path: Path, overrides: dict[str, Any], message: str) -> None:
    path = write_json(tmp_path, dataset(**overrides))
    with pytest.raises(SourceFormatError) as caught:
        read_jsonstat(path)
    assert message in caught.value.message
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_bad_index_positions(tmp_path: Path) -> None:
    document = dataset()
    document["dimension"]["alue"]["category"]["index"] = {"KU049": 0, "KU078": 2}
    with pytest.raises(SourceFormatError, match="positions are not 0..n-1"):
        read_jsonstat(write_json(tmp_path, document))


def test_index_positions_that_are_not_numbers(tmp_path: Path) -> None:
    # Found by the fuzzing of make reliability: a position "2021" beside 0 made sorting the
    # index raise a TypeError instead of a SourceFormatError naming the file.
    document = dataset()
    document["dimension"]["alue"]["category"]["index"] = {"KU049": 0, "KU078": "1"}
    with pytest.raises(SourceFormatError, match="positions are not whole numbers"):
        read_jsonstat(write_json(tmp_path, document))


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "version": "2.0",\n  "id": [\n', encoding="utf-8")
    with pytest.raises(SourceFormatError, match="invalid JSON") as caught:
        read_jsonstat(path)
    assert caught.value.line == 4


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{\n"label": "Hangö"}'.encode("iso-8859-15"))
    with pytest.raises(SourceFormatError, match="encoding") as caught:
        read_jsonstat(path)
    assert caught.value.line == 2
