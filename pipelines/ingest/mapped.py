"""What mapping a written value gives: its canonical form, or the rule it broke and why."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NewArea:
    """An area a table names well enough to be added: a Paavo postal code area with its
    municipality, a city district no classification names ("091 311 Kotkavuori"), a division
    of the country with a code of a known kind ("ER6 Åland")."""

    area_code: str
    area_level: str
    name: str
    parent_area_code: str
    region_code: str | None
    wellbeing_county_code: str | None


@dataclass(frozen=True)
class Mapped:
    """A written value mapped to its canonical form, or the rule it broke and why."""

    written: str | None
    canonical: str | None
    rule: str | None = None
    message: str | None = None
    new_area: NewArea | None = None
