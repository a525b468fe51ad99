"""`hytemart describe FILE`: a starting description of a PX, JSON-stat, CSV or XLSX table.

It reads the file (pipelines/ingest/sketch.py: dimensions or key columns with their members,
value columns and the dimensions PxWeb joined into their headers), guesses what each part is
(pipelines/ingest/guesses.py: area, period, sex, age group, language group; the rest part of
the indicator) and writes the YAML description the pipeline reads, with comments, so that the
analyst only confirms or edits a few lines. A guess describe could not confirm is marked
`# CHECK`, and the build refuses the file until the mark is gone (the analyst decided).

It never ends in a traceback: a file it cannot read gives one line naming the file and what
it could not read (exit status 2).
"""

import argparse
import csv
import re
import sys
from pathlib import Path

from pipelines.ingest.area_names import AreaIndex
from pipelines.ingest.descriptions import FORMAT_BY_EXTENSION
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.guesses import Guesses, guess
from pipelines.ingest.labels import indicator_id
from pipelines.ingest.sketch import Part, Sketch, read_sketch
from pipelines.settings import PROJECT_ROOT

SHOWN_MEMBERS = 12
REFERENCE = PROJECT_ROOT / "raw" / "reference" / "areas.csv"
_SOURCE_RE = re.compile(r"[a-z][a-z0-9_]*")
_LANGUAGE_WORDS = {
    "fi": {"vuosi", "alue", "yhteensä", "kuolleet", "väestö", "sukupuoli", "ikä", "miehet",
           "naiset", "kaikki", "aika", "mittari", "kuukausi", "viikko", "tiedot", "koko"},
    "sv": {"år", "område", "områden", "totalt", "män", "kvinnor", "tid", "alla", "kön",
           "ålder", "månad", "vecka", "uppgifter", "hela", "och"},
    "en": {"year", "area", "total", "males", "females", "age", "sex", "time", "measure",
           "population", "month", "week", "information", "whole", "and", "of", "the"},
}


class DescribeError(Exception):
    """A file describe cannot read: the message names the file and what went wrong."""


def _areas() -> AreaIndex:
    with REFERENCE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return AreaIndex((row["area_code"], row["name_fi"], row["name_sv"], row["name_en"],
                      row["area_level"], row["region_code"], row["wellbeing_county_code"])
                     for row in rows)


def read_table(path: Path) -> Sketch:
    table_format = FORMAT_BY_EXTENSION.get(path.suffix.lower())
    if table_format is None:
        raise DescribeError(f"{path}: not a .px, .json, .csv or .xlsx file")
    try:
        return read_sketch(path, table_format)
    except SourceFormatError as exc:
        raise DescribeError(f"cannot read it: {exc}") from None
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError, OSError) as exc:
        raise DescribeError(f"{path}: cannot read it as {table_format}: "
                            f"{type(exc).__name__}: {exc}") from None


def _language(sketch: Sketch) -> str | None:
    if sketch.language:
        return sketch.language
    words = re.findall(r"[^\W\d_]+", " ".join(
        [sketch.title or "", *(part.name for part in sketch.parts if part.kind != "heading"),
         *(label for part in sketch.parts for label in part.labels[:20]),
         *sketch.value_columns[:20]]).casefold())
    counts = {language: sum(word in vocabulary for word in words)
              for language, vocabulary in _LANGUAGE_WORDS.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] >= 2 else None


# --- writing ----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A YAML scalar as written: quoted unless plainly safe."""
    if re.fullmatch(r"[A-Za-zÅÄÖåäö_][\wÅÄÖåäö .()-]*", text) and not text.endswith(" ") \
            and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null"):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _members(part: Part) -> str:
    shown = [code if code == label else f"{code} = {label}"
             for code, label in zip(part.codes[:SHOWN_MEMBERS], part.labels, strict=False)]
    more = f", ... ({len(part.codes)} in all)" if len(part.codes) > SHOWN_MEMBERS else ""
    return "; ".join(shown) + more


def describe(path: Path, source: str | None = None) -> str:
    """The starting description of the table in `path`, as YAML text with comments; raises
    DescribeError (naming the file) when the file cannot be read."""
    sketch = read_table(path)
    source = source or sketch.source or _source_from_folder(path) or "other"
    guesses = guess(sketch, _areas(), source)
    return _yaml(path, sketch, guesses, source)


def _yaml(path: Path, sketch: Sketch, guesses: Guesses, source: str) -> str:
    cube = sketch.format in ("px", "jsonstat")
    key = "dimension" if cube else "column"
    headings = [part for part in sketch.parts if part.kind == "heading"]
    lines = [
        f"# Written by `hytemart describe {path.name}`: check every line marked CHECK, then",
        "# delete the mark. Format: pipelines/ingest/descriptions.py; docs/adding-data.md.",
        f"# {sketch.cells} cells.",
        f"source: {source}" + ("" if source != "other"
                               else "  # CHECK: who publishes it (statfin, county, ngo, ...)"),
    ]
    if sketch.title:
        lines.append(f"title: {_quote(sketch.title)}")
    lines.append(f"format: {sketch.format}")
    language = _language(sketch)
    if language:
        lines.append(f"language: {language}             # the labels' language (names)")
    elif cube:
        lines.append("language: fi  # CHECK: the language of the labels (fi, sv or en)")
    for option, value in sketch.reading.items():
        lines.append(f"{option}: {_quote(value) if option != 'header_row' else value}")
    if headings:
        names = ", ".join(_quote(part.name) for part in headings)
        lines.append(f"heading: [{names}]  # what each value column's header joins, in order")
    lines.append("")
    lines.append(f"# Every {key} of the file, its members (code = label), what it was taken for.")
    for part in sketch.parts:
        what = part.role or ("part of the indicator" if part in guesses.indicator_parts
                             else "one member: needs no role")
        where = " (in the value columns' headers)" if part.kind == "heading" else ""
        lines.append(f"#  {part.name}{f' ({part.label})' if part.label else ''}{where}: {what}")
        lines.append(f"#    {_members(part)}")
    if sketch.value_columns:
        shown = ", ".join(sketch.value_columns[:SHOWN_MEMBERS])
        more = f", ... ({len(sketch.value_columns)} in all)" if len(
            sketch.value_columns) > SHOWN_MEMBERS else ""
        lines.append(f"#  value columns: {shown}{more}")
    lines.append("")

    def role_line(role: str) -> None:
        part = next((part for part in sketch.parts if part.role == role), None)
        if part is None:
            return
        line = f"{role}: {{{key}: {_quote(part.name)}"
        if part.values:
            mapped = ", ".join(f"{_quote(code)}: \"?\"" for code in part.values)
            line += f", values: {{{mapped}}}}}  # CHECK: say what each member is"
        else:
            line += "}"
        lines.append(line)

    role_line("area")
    if guesses.area is not None:
        mark = "" if guesses.area.confirmed else "CHECK: "
        lines.append(f"area: {{value: {guesses.area.value}}}  # {mark}{guesses.area.why}")
    if len(guesses.period_parts) > 1:
        names = ", ".join(_quote(part.name) for part in guesses.period_parts)
        lines.append(f"period: {{columns: [{names}]}}  # read together: year and month")
    elif guesses.period_parts:
        lines.append(f"period: {{{key}: {_quote(guesses.period_parts[0].name)}}}")
    elif guesses.period is not None:
        mark = "" if guesses.period.confirmed else "CHECK: "
        lines.append(f"period: {{value: {_quote(guesses.period.value)}}}  # {mark}"
                     f"{guesses.period.why}")
    for role in ("sex", "age_group", "language_group"):
        role_line(role)
    indicator_parts = guesses.indicator_parts
    if len(indicator_parts) > 1:
        names = ", ".join(_quote(part.name) for part in indicator_parts)
        lines.append(f"indicator: {{{key}s: [{names}]}}  # ids join the members' codes with '.'")
    elif indicator_parts:
        lines.append(f"indicator: {{{key}: {_quote(indicator_parts[0].name)}}}")
    else:
        lines.append(f"indicator: {{value: {indicator_id(path.stem)}}}")
    if sketch.long_value:
        lines.append(f"value: {{column: {_quote(sketch.long_value)}}}")
    elif not cube and not headings:
        lines.append("value: {column: \"?\"}  # CHECK: no value column found")
    dropped = [(part, part.totals) for part in sketch.parts if part.totals]
    if dropped:
        entries = ", ".join(f"{_quote(part.name)}: [{', '.join(map(_quote, totals))}]"
                            for part, totals in dropped)
        lines.append(f"drop: {{{entries}}}  # the cube's totals: no period or area (filtered)")
    lines.append("")
    lines.extend(_indicator_comments(sketch, indicator_parts))
    return "\n".join(lines) + "\n"


def _indicator_comments(sketch: Sketch, parts: list[Part]) -> list[str]:
    lines = ["# Names, units and decimals come from the file; override any of them here:",
             "# indicators:"]
    members = [list(zip(part.codes, part.labels, strict=True)) for part in parts]
    if not members or not all(members):
        return lines
    for index in range(min(5, len(members[-1]))):
        chosen = [items[0] for items in members[:-1]] + [members[-1][index]]
        unit = next((sketch.units[f"{part.name}:{code}"] for part, (code, _) in
                     zip(parts, chosen, strict=True) if f"{part.name}:{code}" in sketch.units),
                    "other")
        name = ", ".join(label for _, label in chosen)
        lines.append(f"#   {indicator_id(*(code for code, _ in chosen))}: "
                     f"{{name_fi: {_quote(name)}, unit: {unit}}}")
    return lines


def _source_from_folder(path: Path) -> str | None:
    folder = path.resolve().parent.name
    return folder if _SOURCE_RE.fullmatch(folder) and folder not in ("tmp", "raw") else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hytemart", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser(
        "describe", help="write a starting YAML description of a PX, JSON-stat, CSV or XLSX file")
    command.add_argument("file", type=Path)
    command.add_argument("-o", "--output", help="where to write it (default: the file's name "
                         "with .yaml, beside it; '-' for standard output)")
    command.add_argument("--source", help="the source name for indicator codes (statfin, ...)")
    command.add_argument("--force", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file} is not a file")
    if args.source is not None and not _SOURCE_RE.fullmatch(args.source):
        parser.error(f"--source {args.source!r} must match [a-z][a-z0-9_]* (e.g. statfin)")
    try:
        text = describe(args.file, args.source)
    except DescribeError as exc:
        print(f"hytemart describe: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a file describe never met: one line, never a traceback
        print(f"hytemart describe: {args.file}: cannot describe it: {type(exc).__name__}: "
              f"{exc}", file=sys.stderr)
        return 2
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    output = Path(args.output) if args.output else args.file.with_suffix(".yaml")
    if output.exists() and not args.force:
        parser.error(f"{output} exists; give --force to overwrite it or -o another name")
    output.write_text(text, encoding="utf-8")
    marks = sum(1 for line in text.splitlines() if "# CHECK" in line)
    print(f"wrote {output}: " + (f"decide the {marks} line(s) marked CHECK, then run the build"
                                 if marks else "check it, then run the build"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
