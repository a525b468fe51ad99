"""Areas by code and by name in three languages, against the shipped area reference: hospital
districts as THL abbreviates them, code-and-name labels, the districts of Helsinki, Espoo and
Vantaa, and a file's areas resolved together."""

import csv
from pathlib import Path

import pytest

from pipelines.ingest.area_names import AreaIndex

REFERENCE = Path(__file__).resolve().parents[2] / "raw" / "reference" / "areas.csv"


@pytest.fixture(scope="module")
def areas() -> AreaIndex:
    with REFERENCE.open(encoding="utf-8") as handle:
        return AreaIndex((row["area_code"], row["name_fi"], row["name_sv"], row["name_en"],
                          row["area_level"], row["region_code"], row["wellbeing_county_code"])
                         for row in csv.DictReader(handle))


@pytest.mark.parametrize(
    ("written", "code"),
    [
        # municipalities, merged ones, counties, regions, sub-regions in fi / sv / en
        ("Raasepori", "KU710"), ("Raseborg", "KU710"), ("Esbo", "KU049"), ("049", "KU049"),
        ("Nastola", "KU532"),  # merged into Lahti in 2016: its own code
        ("Västra Nylands välfärdsområde", "HVA03"),
        ("Western Uusimaa wellbeing services county", "HVA03"),
        ("Kainuu", "MK18"), ("Kajanaland", "MK18"), ("MK18 Kainuu", "MK18"),
        ("Vakka-Suomi", "SK024"), ("Nystadsregionen", "SK024"),
        # hospital districts: names and THL's abbreviations
        ("Helsingin ja Uudenmaan sairaanhoitopiiri", "SHP25"),
        ("Helsingin ja Uudenmaan SHP", "SHP25"), ("Helsingfors och Nylands SVD", "SHP25"),
        ("Egentliga Finlands SVD", "SHP03"), ("Länsi-Pohja SVD", "SHP20"), ("Vasa SVD", "SHP16"),
        # the whole country and its parts, as StatFin's English downloads write them
        ("WHOLE COUNTRY", "SSS"), ("KOKO MAA", "SSS"), ("MA1 MAINLAND FINLAND", "MA1"),
        ("ER1 Helsinki University Hospital specific catchment area", "ERVA1"),
        ("ER3 Tampere University Hospital specific catchment area", "ERVA3"),
        ("ER3 Turku University Hospital specific catchment area", "ERVA2"),  # as published
        # a foreign country with a code the reference does not know
        ("00 Sweden", "SOTKANET_EUROOPPA_752"),
        # districts by the cities' own codes
        ("091 1 Eteläinen suurpiiri", "KU091-SP1"), ("091 101 Vironniemen peruspiiri",
                                                     "KU091-PP101"),
        ("091 10 Kruununhaka", "KU091-OA10"), ("091 201 Reijolan peruspiiri", "KU091-PP201"),
        ("091 201 Ruoholahti", "KU091-OA201"), ("091 310 Lauttasaari (Ent.)", "KU091-OA310"),
        ("049 1 Suur-Leppävaara", "KU049-SA1"), ("049 111 Pohjois-Leppävaara", "KU049-PA111"),
        ("049 12 Laajalahti (vanha)", "KU049-TA12"), ("092 1 Myyrmäen suuralue", "KU092-SA1"),
        ("092 10 Linnainen", "KU092-KO10"), ("091 Helsinki", "KU091"), ("092 99 Muut",
                                                                        "KU092-D99"),
        # districts by name, in Swedish where the city publishes one
        ("Suur-Tapiola", "KU049-SA2"), ("Stor-Hagalund", "KU049-SA2"), ("Estnäs", "KU091-PP101"),
    ],
)
def test_written_areas_resolve(areas: AreaIndex, written: str, code: str) -> None:
    mapped = areas.resolve(written)
    assert (mapped.canonical, mapped.rule, mapped.new_area) == (code, None, None), mapped


def test_a_district_no_classification_names_is_kept_under_its_municipality(
        areas: AreaIndex) -> None:
    mapped = areas.resolve("091 311 Kotkavuori")
    new = mapped.new_area
    assert mapped.canonical == new.area_code == "KU091-D311"
    assert (new.area_level, new.name, new.parent_area_code, new.wellbeing_county_code) == (
        "district", "Kotkavuori", "KU091", "HVA90")
    # Same code, another name than the classification's: never taken for that district.
    renamed = areas.resolve("091 204 Hernesaari")
    assert renamed.canonical == "KU091-D204" and renamed.new_area.name == "Hernesaari"
    assert areas.resolve("999 1 Keskusta").rule == "unknown_area"  # no municipality 999


def test_an_erva_area_the_reference_lacks_is_a_new_area_not_the_country(
        areas: AreaIndex) -> None:
    mapped = areas.resolve("ER6 Åland")
    assert (mapped.canonical, mapped.new_area.area_level, mapped.new_area.name,
            mapped.new_area.parent_area_code) == ("ERVA6", "special_responsibility_area",
                                                  "Åland", "SSS")


def test_a_cube_member_resolves_by_its_label(areas: AreaIndex) -> None:
    # Aluesarjat codes: 0911 and 09110 look like nothing (09110 like a postal code).
    assert areas.resolve_with_label("0911", "091 1 Eteläinen suurpiiri").canonical == "KU091-SP1"
    assert areas.resolve_with_label("09110", "091 10 Kruununhaka").canonical == "KU091-OA10"
    assert areas.resolve_with_label("091201P", "091 201 Reijolan peruspiiri").canonical == (
        "KU091-PP201")


def test_a_files_areas_resolve_at_the_level_of_the_others(areas: AreaIndex) -> None:
    alone = areas.resolve("Åland")
    assert alone.rule == "ambiguous_area" and "MK21" in alone.message
    hospital_districts = [(name, name) for name in (
        "Helsingfors och Nylands SVD", "Egentliga Finlands SVD", "Åland", "Alla områden")]
    resolved = [item.canonical for item in areas.resolve_all(hospital_districts)]
    assert resolved == ["SHP25", "SHP03", "SHP22", None]
    finnish = [(name, name) for name in ("Varsinais-Suomen SHP", "Ahvenanmaa")]
    assert [item.canonical for item in areas.resolve_all(finnish)] == ["SHP03", "SHP22"]
    regions = [(name, name) for name in ("Uusimaa", "Kainuu", "Ahvenanmaa")]
    assert [item.canonical for item in areas.resolve_all(regions)] == ["MK01", "MK18", "MK21"]
    # A sub-region named like its centre is the sub-region among sub-regions.
    sub_regions = [(name, name) for name in ("Vakka-Suomi", "Pohjois-Satakunta", "Raasepori")]
    assert [item.canonical for item in areas.resolve_all(sub_regions)] == [
        "SK024", "SK044", "SK014"]


@pytest.mark.parametrize(
    ("written", "rule", "says"),
    [("Kaikki Alueet", "unknown_area", "neither a known area code"),
     ("KU999", "unknown_area", "not a known area"),
     ("ER3 Keski-Suomi area", "ambiguous_area", "code ER3 is ERVA3"),
     ("Åland", "ambiguous_area", "HVA91, MA2, MK21")],
)
def test_what_cannot_be_placed_says_why(areas: AreaIndex, written: str, rule: str,
                                        says: str) -> None:
    mapped = areas.resolve(written)
    assert (mapped.canonical, mapped.rule) == (None, rule)
    assert says in mapped.message
