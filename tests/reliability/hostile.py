"""A raw directory with hostile files in it, built once per test session (conftest.py):

- a described table whose file name, headers, codes and labels carry quotes, semicolons, SQL,
  control characters, a line break and HTML;
- a described table whose file name (and its description's) holds line breaks (LF and CR LF)
  beside a quote, a semicolon and markup, with a row that is quarantined;
- a Sotkanet row whose region is an SQL statement (quarantined, its raw record restricted);
- a project card whose acronym is a script;
- files that lead outside the raw directory (a data_file with `..`, symbolic links to a file
  of the build machine for a data file, a Sotkanet export and a card).
"""

from pathlib import Path

SCRIPT = "<script>alert('x')</script>"
SQL = "'; DROP TABLE mart.dim_area; --"
TABLE_FILE = "o'hara;" + SCRIPT.replace("/", "") + ".csv"  # no "/" in a file name
# A line break in a file name: what a log line, a CSV export or a page might split on.
BROKEN_FILE = "line\nbreak\r\nin 'name'; <b>x.csv"  # no "/" in a file name
BROKEN_INDICATOR = "county:line_break"
INDICATOR_NAME = f'{SCRIPT}{SQL} "quoted" \u0007bell\nnext line'
PERIOD_HEADER = f"Vuosi{SQL}"
SEX_HEADER = 'Sukupuoli"'
VALUE_HEADER = "<b>Osuus</b>"
BAD_SEX = f"x{SQL}"
BAD_SEX_HTML = "<img src=x onerror=alert(1)>"
CARD_ACRONYM = "<script>alert('card')</script>"
SOTKANET_BAD_REGION = "1'); DROP TABLE mart.fact_indicator_value;--"
SECRET = "Salaisuus"  # an area name only the outside file has
OUTSIDE_DESCRIPTION = """\
source: county
data_file: {data_file}
area: {{column: Alue}}
period: {{column: Vuosi}}
indicator: {{value: secret}}
value: {{column: Osuus}}
indicators:
  secret: {{name_fi: Salainen, unit: count}}
"""


def csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\u0007", "\\a") + '"'


def add_hostile_files(raw: Path) -> None:
    county = raw / "indicators" / "county"
    table = county / TABLE_FILE
    table.write_text(
        ";".join(["Alue", csv_field(PERIOD_HEADER), csv_field(SEX_HEADER), VALUE_HEADER])
        + "\nEspoo;2023;Kaikki;12,5\n"
        + f"Espoo;2022;{csv_field(BAD_SEX)};3,0\n"
        + f"Espoo;2021;{csv_field(BAD_SEX_HTML)};4,0\n",
        encoding="utf-8")
    table.with_suffix(".yaml").write_text(
        "source: county\n"
        'delimiter: ";"\n'
        'decimal: ","\n'
        "area: {column: Alue}\n"
        f"period: {{column: {yaml_string(PERIOD_HEADER)}}}\n"
        f"sex: {{column: {yaml_string(SEX_HEADER)}, values: {{Kaikki: total}}}}\n"
        "indicator: {value: hostile}\n"
        f"value: {{column: {yaml_string(VALUE_HEADER)}}}\n"
        "indicators:\n"
        f"  hostile: {{name_fi: {yaml_string(INDICATOR_NAME)}, "
        f"name_en: {yaml_string(INDICATOR_NAME)}, unit: percent, decimals: 1}}\n",
        encoding="utf-8")
    broken = county / BROKEN_FILE
    broken.write_text("Alue;Vuosi;Osuus\nEspoo;2023;1,5\nEspoo;20x3;2,5\n", encoding="utf-8")
    broken.with_suffix(".yaml").write_text(
        "source: county\n"
        'delimiter: ";"\n'
        'decimal: ","\n'
        "area: {column: Alue}\n"
        "period: {column: Vuosi}\n"
        f"indicator: {{value: {BROKEN_INDICATOR.split(':')[1]}}}\n"
        "value: {column: Osuus}\n"
        "indicators:\n"
        f"  {BROKEN_INDICATOR.split(':')[1]}: {{name_fi: Rivinvaihto, name_en: Line break, "
        "unit: percent, decimals: 1}\n",
        encoding="utf-8")
    sotkanet = raw / "indicators" / "sotkanet" / "sotkanet_population_2015_2023.csv"
    with sotkanet.open("a", encoding="utf-8") as handle:
        handle.write(f"127;{csv_field(SOTKANET_BAD_REGION)};2020;total;5;5\n")
    card = raw / "projects" / "cards" / "hytedata-2-0.md"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "acronym: HyteData", f"acronym: {yaml_string(CARD_ACRONYM)}"), encoding="utf-8")
    add_escapes(raw)


def add_escapes(raw: Path) -> None:
    """Files that lead outside `raw` to <raw>/../somewhere/ (made here)."""
    somewhere = raw.parent / "somewhere"
    somewhere.mkdir(exist_ok=True)
    secret = somewhere / "else.csv"
    secret.write_text(f"Alue;Vuosi;Osuus\n{SECRET};2023;4242\nEspoo;2023;4242\n",
                      encoding="utf-8")
    county = raw / "indicators" / "county"
    (county / "escape.yaml").write_text(
        OUTSIDE_DESCRIPTION.format(data_file="../../../somewhere/else.csv"), encoding="utf-8")
    (county / "linked.csv").symlink_to(secret)
    (county / "linked.yaml").write_text(OUTSIDE_DESCRIPTION.format(data_file="linked.csv"))
    sotkanet = raw / "indicators" / "sotkanet"
    stolen = somewhere / "export.csv"
    stolen.write_bytes((sotkanet / "sotkanet_population_2015_2023.csv").read_bytes())
    (sotkanet / "stolen.csv").symlink_to(stolen)
    (raw / "projects" / "cards" / "stolen.md").symlink_to(secret)
