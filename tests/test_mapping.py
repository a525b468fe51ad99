"""Written areas, periods and population groups to canonical codes."""

import pytest

from pipelines.ingest.mapping import AreaIndex, map_age_group, map_member, map_period

AREAS = AreaIndex([
    ("KU049", "Espoo", "Esbo", "Espoo"),
    ("KU235", "Kauniainen", "Grankulla", "Kauniainen"),
    ("HVA03", "Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde",
     "Western Uusimaa wellbeing services county"),
    ("SSS", "Koko maa", "Hela landet", "Whole country"),
    ("MK21", "Ahvenanmaa", "Åland", "Åland"),
    ("HVA91", "Ahvenanmaa", "Åland", "Åland"),
    ("KU049-SA2", "Suur-Tapiola", "Stor-Hagalund", "Greater Tapiola"),
    ("PNO02100", "Tapiola", "Hagalund", "Tapiola"),
])


@pytest.mark.parametrize(
    ("written", "code"),
    [("KU049", "KU049"), ("ku049", "KU049"), ("049", "KU049"), ("235", "KU235"),
     ("SSS", "SSS"), ("Espoo", "KU049"), ("esbo", "KU049"), (" Koko  maa ", "SSS"),
     ("KOKO MAA", "SSS"), ("Västra Nylands välfärdsområde", "HVA03"),
     ("Suur-Tapiola", "KU049-SA2"), ("ku049-sa2", "KU049-SA2"), ("02100", "PNO02100"),
     ("02100 Tapiola", "PNO02100")],
)
def test_codes_and_names_resolve(written: str, code: str) -> None:
    assert AREAS.resolve(written).canonical == code


def test_an_ambiguous_name_names_the_candidates() -> None:
    mapped = AREAS.resolve("Åland")
    assert (mapped.canonical, mapped.rule) == (None, "ambiguous_area")
    assert "HVA91, MK21" in mapped.message


@pytest.mark.parametrize(
    ("written", "message"),
    [("999", "municipality number '999' (KU999) is not a known area"),
     ("KU999", "area code 'KU999' is not a known area"),
     ("02999", "postal code area '02999' (PNO02999) is not a known area"),
     ("Espo", "area 'Espo' is neither a known area code nor the name of one"),
     ("", "the area is empty")],
)
def test_unknown_areas_say_why(written: str, message: str) -> None:
    mapped = AREAS.resolve(written)
    assert (mapped.canonical, mapped.rule, mapped.message) == (None, "unknown_area", message)


def test_periods_of_every_frequency() -> None:
    assert map_period("2023")[1:] == ("annual", "2023-01-01")
    mapped, frequency, start = map_period("2024K2")
    assert (mapped.canonical, frequency, start) == ("2024Q2", "quarterly", "2024-04-01")
    assert map_period("2024M01")[0].canonical == "2024M01"
    bad = map_period("2024-13")[0]
    assert bad.rule == "invalid_period" and "2024-13" in bad.message
    total = map_period("Kaikki ajat")[0]  # a cube's total over time is no period
    assert total.rule == "invalid_period" and "Kaikki ajat" in total.message


def test_sex_and_language_words_and_maps() -> None:
    assert map_member("sex", "Tytöt", {}).canonical == "female"
    assert map_member("sex", "P", {"P": "male"}).canonical == "male"
    assert map_member("sex", None, {}).canonical == "total"
    assert map_member("sex", "both", {}).rule == "invalid_sex"
    assert map_member("language_group", "vieraskieliset", {}).canonical == "other"
    assert map_member("language_group", "02", {"02": "other"}).canonical == "other"
    assert map_member("language_group", "saame", {}).rule == "invalid_language_group"
    # As Statistics Sweden and the Helsinki Region statistics write them.
    assert map_member("sex", "total, all men and women", {}).canonical == "total"
    assert map_member("sex", "boys and girls", {}).canonical == "total"
    assert map_member("sex", "Molemmat sukupuolet", {}).canonical == "total"
    assert map_member("language_group", "Suomi ja saame", {}).canonical == "fi"
    assert map_member("language_group", "Muu kieli", {}).canonical == "other"
    assert map_member("language_group", "Kaikki äidinkielet", {}).canonical == "total"


@pytest.mark.parametrize(
    ("written", "group"),
    [("16–24", "16-24"), ("16 - 24", "16-24"), ("65+", "65-"), ("18-24-vuotiaat", "18-24"),
     ("Yhteensä", "total"), ("SSS", "total"), (None, "total"), ("-24", "-24"),
     ("total, all ages", "total"), ("Väestö yhteensä", "total"), ("1 year", "1"),
     ("110+ years", "110-"), ("0 - 4", "0-4"), ("data not available", "unknown"),
     ("tuntematon", "unknown"), ("okänd ålder", "unknown")],
)
def test_age_groups_are_kept_as_published(written: str | None, group: str) -> None:
    assert map_age_group(written, {}).canonical == group


def test_age_group_map_and_rejects() -> None:
    assert map_age_group("016-024", {"016-024": "16-24"}).canonical == "16-24"
    assert map_age_group("young adults", {}).rule == "invalid_age_group"
