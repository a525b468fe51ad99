"""The youth pilot's indicator set in the mart: raw/pilot/youth.yaml into mart.youth_pilot*.

report.youth_language_gap and report.youth_service_need (sql/outputs/report/) are worked out
from these tables and the facts, so the report views come after this asset. A file that does
not fit is an error naming its line and stops the build; codes the mart does not have are
warnings in the log and in the asset's metadata, and those indicators have no rows.
"""

import dagster as dg

from pipelines.assets.mart import DIM_AREA, DIM_INDICATOR
from pipelines.assets.resources import HytemartResource
from pipelines.ingest.errors import SourceFormatError
from pipelines.ingest.pilot_config import pilot_rows, read_pilot_config
from pipelines.ingest.raw_paths import escape_error
from pipelines.sqlfiles import run_sql_file

# <raw>/pilot/youth.yaml, edited by the pilot's analysts.
PILOT_FILE = ("pilot", "youth.yaml")


@dg.asset(key_prefix="mart", group_name="mart", deps=[DIM_AREA, DIM_INDICATOR])
def youth_pilot(context: dg.AssetExecutionContext, hytemart: HytemartResource
                ) -> dg.MaterializeResult:
    """mart.youth_pilot, youth_pilot_indicator, youth_pilot_input, youth_pilot_source and
    youth_pilot_follow_up: the multilingual youth pilot's settings, indicators (age band,
    desirable direction, kind, where the values come from), sources and follow-up indicators,
    from raw/pilot/youth.yaml."""
    path = hytemart.raw_path.joinpath(*PILOT_FILE)
    if (escape := escape_error(path, hytemart.raw_path)) is not None:
        raise dg.Failure(description=str(escape))
    if not path.is_file():
        context.log.warning(f"{path} not found: the youth pilot has no indicators, and "
                            "report.youth_language_gap and report.youth_service_need are empty")
    try:
        config = read_pilot_config(path)
    except SourceFormatError as exc:
        raise dg.Failure(description=str(exc)) from None
    with hytemart.connect() as con:
        run_sql_file(con, "mart/youth_pilot", pilot_rows(config, "/".join(PILOT_FILE)))
        known_codes = {code for (code,) in con.execute(
            "SELECT indicator_code FROM mart.dim_indicator").fetchall()}
        known_areas = {code for (code,) in con.execute(
            "SELECT area_code FROM mart.dim_area").fetchall()}
    warnings = config.warnings(known_codes, known_areas)
    for warning in warnings:
        context.log.warning(warning)
    context.log.info(f"youth pilot: {len(config.indicators)} indicators, "
                     f"{len(config.sources)} sources, {len(config.follow_up)} follow-up "
                     f"indicators from {path}; {len(warnings)} warnings")
    return dg.MaterializeResult(metadata={
        "config_file": dg.MetadataValue.path(str(path)),
        "indicators": dg.MetadataValue.json([item.id for item in config.indicators]),
        "warnings": dg.MetadataValue.json(warnings),
    })


PILOT_ASSETS = [youth_pilot]
