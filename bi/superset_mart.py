"""Apache Superset on the published mart, read-only. Run with the BI environment's Python
(`make bi-install` builds .venv-bi from bi/requirements.lock):

    .venv-bi/bin/python bi/superset_mart.py --home DIR init
    .venv-bi/bin/python bi/superset_mart.py --home DIR --published warehouse/hytemart.duckdb connect
    .venv-bi/bin/python bi/superset_mart.py --home DIR chart map catalog  # charts' data, catalog
    .venv-bi/bin/python bi/superset_mart.py --home DIR report  # the hyte dashboard's data
    .venv-bi/bin/python bi/superset_mart.py --home DIR hold           # keep the file open

Several commands run in one process, in order; their results are one JSON object on the last
line of standard output (Superset prints a line of its own first).

`init` creates Superset's metadata database, roles and an admin user (password in
DIR/admin_password) in DIR. `connect` registers the published file as the database `hytemart`
(DuckDB, opened read-only), datasets on the report views and a chart: Espoo's population by
year from `report.time_series`; a map (`connect_map`): a deck.gl GeoJSON chart of the
county's postal code areas on a virtual dataset over `report.area_map`; and the dashboard
"Hyte: Espoo and Western Uusimaa": Espoo's latest indicators with their comparisons, class and
trend (`report.indicator_comparison`) and the goals' progress (`report.goal_progress`), tables.
`report` gives that dashboard's charts' data. `chart`, `map` and `catalog` go through
Superset's REST API (the one its web pages call), logged in as the admin; `hold` opens the
file through Superset's engine, as a dashboard's query does, and keeps it open until a line
arrives on standard input.
"""

import argparse
import functools
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATABASE_NAME = "hytemart"
CHART_NAME = "Espoo: population by year"
# The chart: one indicator for one area and the whole population, a value per period.
CHART_VIEW = ("report", "time_series")
CHART_FILTERS = {"indicator_code": "sotkanet:127", "area_code": "KU049",
                 "group_code": "total.total.total"}
DATASETS = [("report", "time_series"), ("report", "latest_value"),
            ("report", "area_comparison"), ("report", "indicator_comparison"),
            ("report", "goal_progress")]
ADMIN = "admin"
# The welfare report's dashboard (issue 23): a municipality's indicators with their class and
# trend, and the goals' progress, as tables.
DASHBOARD_TITLE = "Hyte: Espoo and Western Uusimaa"
DASHBOARD_SLUG = "hyte-report"
INDICATORS_CHART = "Espoo: indicators, class and trend"
INDICATORS_COLUMNS = ["indicator_name_en", "period", "value", "county_value", "country_value",
                      "peer_group_value", "rank", "rank_count", "comparison_class",
                      "strength_or_need", "trend"]
INDICATORS_FILTERS = {"area_code": "KU049", "group_code": "total.total.total",
                      "is_latest": True}
GOALS_CHART = "Western Uusimaa: goal progress"
GOALS_COLUMNS = ["area_name_en", "goal_en", "baseline_period", "baseline_value",
                 "latest_period", "latest_value", "target_value", "target_year",
                 "share_of_way", "progress"]


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "SUPERSET_HOME": str(home), "FLASK_APP": "superset",
            "SUPERSET_CONFIG_PATH": str(HERE / "superset_config.py")}


def superset_cli(home: Path, *args: str) -> None:
    command = [str(Path(sys.executable).with_name("superset")), *args]
    completed = subprocess.run(command, env=environment(home), capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"superset {' '.join(args)} failed:\n{completed.stderr[-4000:]}")


def init(home: Path) -> None:
    """Superset's metadata database, roles and permissions, and an admin user, in `home`."""
    home.mkdir(parents=True, exist_ok=True)
    key = home / "secret_key"
    if not key.exists():
        key.write_text(secrets.token_urlsafe(42), encoding="utf-8")
        key.chmod(0o600)
    password = home / "admin_password"
    if not password.exists():
        password.write_text(secrets.token_urlsafe(16), encoding="utf-8")
        password.chmod(0o600)
    superset_cli(home, "db", "upgrade")
    superset_cli(home, "init")
    superset_cli(home, "fab", "create-admin", "--username", ADMIN, "--firstname", "hytemart",
                 "--lastname", "admin", "--email", "admin@localhost",
                 "--password", password.read_text(encoding="utf-8").strip())


class Api:
    """Superset's REST API, called in-process through Flask's test client, logged in."""

    def __init__(self, home: Path) -> None:
        os.environ.update(environment(home))
        from superset.app import create_app

        self.app = create_app()
        # No app context held here: each request gets its own, and with it its own `g.user`.
        self.client = self.app.test_client()
        password = (home / "admin_password").read_text(encoding="utf-8").strip()
        login = self.client.post("/api/v1/security/login", json={
            "username": ADMIN, "password": password, "provider": "db", "refresh": False})
        self._check(login, "login")
        self.headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
        csrf = self.client.get("/api/v1/security/csrf_token/", headers=self.headers)
        self.headers["X-CSRFToken"] = self._check(csrf, "csrf token")["result"]

    @staticmethod
    def _check(response: Any, what: str) -> Any:
        if response.status_code >= 400:
            raise SystemExit(f"Superset API, {what}: HTTP {response.status_code}: "
                             f"{response.get_data(as_text=True)[:2000]}")
        return response.get_json()

    def get(self, path: str, **params: Any) -> Any:
        return self._check(self.client.get(path, headers=self.headers, query_string=params),
                           f"GET {path}")

    def post(self, path: str, body: dict) -> Any:
        return self._check(self.client.post(path, headers=self.headers, json=body),
                           f"POST {path}")

    def put(self, path: str, body: dict) -> Any:
        return self._check(self.client.put(path, headers=self.headers, json=body),
                           f"PUT {path}")

    def find(self, resource: str, column: str, value: str) -> int | None:
        query = f"(filters:!((col:{column},opr:eq,value:'{value}')))"
        found = self.get(f"/api/v1/{resource}/", q=query)["result"]
        return found[0]["id"] if found else None

    def database_id(self) -> int:
        found = self.find("database", "database_name", DATABASE_NAME)
        if found is None:
            raise SystemExit(f"no database {DATABASE_NAME!r} in Superset: run `connect` first")
        return found


@functools.cache
def api_for(home: Path) -> Api:
    """One Superset app per process: creating it takes seconds."""
    return Api(home)


def sqlalchemy_uri(published: Path) -> str:
    """duckdb-engine's URL of the file; four slashes for an absolute path."""
    return f"duckdb:///{published.resolve()}"


def connect(home: Path, published: Path) -> dict[str, int]:
    """The published file as database `hytemart` (read-only), datasets, the chart. Re-running
    points them at the file again (a moved warehouse) and keeps their ids."""
    if not published.is_file():
        raise SystemExit(f"{published}: no published mart (run `make run` first)")
    api = api_for(home)
    database = {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": sqlalchemy_uri(published),
        # read_only: DuckDB lets many readers or one writer open a file; read-only, Superset
        # never stands in the way of another tool, and can never change the mart.
        "extra": json.dumps({"engine_params": {"connect_args": {"read_only": True}}}),
        "expose_in_sqllab": True,
        "allow_dml": False,
    }
    database_id = api.find("database", "database_name", DATABASE_NAME)
    if database_id is None:
        database_id = api.post("/api/v1/database/", database)["id"]
    else:
        api.put(f"/api/v1/database/{database_id}", database)
    datasets = {}
    for schema, table in DATASETS:
        found = [row for row in api.get("/api/v1/dataset/", q=(
            f"(filters:!((col:table_name,opr:eq,value:{table}),"
            f"(col:schema,opr:eq,value:{schema})))"))["result"]]
        datasets[(schema, table)] = found[0]["id"] if found else api.post(
            "/api/v1/dataset/", {"database": database_id, "schema": schema,
                                 "table_name": table})["id"]
    chart_id = _save_chart(api, chart_definition(datasets[CHART_VIEW]))
    return {"database": database_id, "chart": chart_id, **connect_map(api, database_id),
            **report_dashboard(api, datasets),
            **{f"dataset:{schema}.{table}": id_ for (schema, table), id_ in datasets.items()}}


def _save_chart(api: Api, chart: dict) -> int:
    """Create the chart, or update the one of that name (keeping its id)."""
    chart_id = api.find("chart", "slice_name", chart["slice_name"])
    if chart_id is None:
        return api.post("/api/v1/chart/", chart)["id"]
    api.put(f"/api/v1/chart/{chart_id}", chart)
    return chart_id


def table_chart(name: str, dataset_id: int, columns: list[str], filters: dict[str, Any],
                order: list[str]) -> dict:
    """A table of rows as they are (Superset's raw mode, no aggregation), as the chart
    editor saves it."""
    form_data = {
        "datasource": f"{dataset_id}__table", "viz_type": "table", "query_mode": "raw",
        "all_columns": columns, "order_by_cols": [json.dumps([column, True])
                                                  for column in order],
        "row_limit": 1000, "server_pagination": False,
        "adhoc_filters": [
            {"expressionType": "SIMPLE", "clause": "WHERE", "subject": column,
             "operator": "==", "comparator": value} for column, value in filters.items()],
    }
    query_context = {
        "datasource": {"id": dataset_id, "type": "table"}, "force": False,
        "queries": [{"columns": columns, "metrics": [], "row_limit": 1000,
                     "filters": [{"col": column, "op": "==", "val": value}
                                 for column, value in filters.items()],
                     "orderby": [[column, True] for column in order]}],
        "form_data": form_data, "result_format": "json", "result_type": "full",
    }
    return {"slice_name": name, "viz_type": "table", "datasource_id": dataset_id,
            "datasource_type": "table", "params": json.dumps(form_data),
            "query_context": json.dumps(query_context)}


def report_dashboard(api: Api, datasets: dict[tuple[str, str], int]) -> dict[str, int]:
    """The welfare report's charts on report.indicator_comparison and report.goal_progress,
    and a dashboard holding them."""
    charts = [
        _save_chart(api, table_chart(
            INDICATORS_CHART, datasets[("report", "indicator_comparison")],
            INDICATORS_COLUMNS, INDICATORS_FILTERS, ["indicator_name_en"])),
        _save_chart(api, table_chart(
            GOALS_CHART, datasets[("report", "goal_progress")], GOALS_COLUMNS, {},
            ["area_name_en", "goal_en"])),
    ]
    # Superset's layout: a grid of rows, each chart in one, full width.
    layout: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "parents": ["ROOT_ID"],
                    "children": [f"ROW-{chart}" for chart in charts]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": DASHBOARD_TITLE}},
    }
    for chart in charts:
        layout[f"ROW-{chart}"] = {"type": "ROW", "id": f"ROW-{chart}",
                                  "parents": ["ROOT_ID", "GRID_ID"],
                                  "children": [f"CHART-{chart}"],
                                  "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        layout[f"CHART-{chart}"] = {"type": "CHART", "id": f"CHART-{chart}",
                                    "parents": ["ROOT_ID", "GRID_ID", f"ROW-{chart}"],
                                    "children": [], "meta": {"chartId": chart, "width": 12,
                                                             "height": 60}}
    dashboard = {"dashboard_title": DASHBOARD_TITLE, "slug": DASHBOARD_SLUG, "published": True,
                 "position_json": json.dumps(layout)}
    dashboard_id = api.find("dashboard", "slug", DASHBOARD_SLUG)
    if dashboard_id is None:
        dashboard_id = api.post("/api/v1/dashboard/", dashboard)["id"]
    else:
        api.put(f"/api/v1/dashboard/{dashboard_id}", dashboard)
    for chart in charts:  # a chart belongs to a dashboard from the chart's side
        api.put(f"/api/v1/chart/{chart}", {"dashboards": [dashboard_id]})
    return {"dashboard": dashboard_id, "indicators_chart": charts[0], "goals_chart": charts[1]}


def report_data(home: Path) -> dict:
    """The dashboard's charts, as it shows them: each chart's rows and SQL through the
    endpoint its page calls."""
    api = api_for(home)
    dashboard_id = api.find("dashboard", "slug", DASHBOARD_SLUG)
    if dashboard_id is None:
        raise SystemExit(f"no dashboard {DASHBOARD_SLUG!r}: run `connect` first")
    charts = {chart["slice_name"]: chart["id"] for chart in
              api.get(f"/api/v1/dashboard/{dashboard_id}/charts")["result"]}
    shown = {}
    for name, chart_id in sorted(charts.items()):
        result = api.get(f"/api/v1/chart/{chart_id}/data/", force="true")["result"][0]
        shown[name] = {"rows": result["data"], "sql": result.get("query")}
    return {"dashboard": DASHBOARD_TITLE, "charts": shown}


def chart_definition(dataset_id: int) -> dict:
    """A bar chart of the value by period, as Superset's chart editor saves it: the form data
    (`params`) and the query it sends for the chart's data (`query_context`)."""
    filters = [{"col": column, "op": "==", "val": value} for column, value in
               CHART_FILTERS.items()]
    metric = {"expressionType": "SIMPLE", "column": {"column_name": "value"},
              "aggregate": "MAX", "label": "value"}
    form_data = {
        "datasource": f"{dataset_id}__table", "viz_type": "echarts_timeseries_bar",
        "x_axis": "period", "metrics": [metric], "groupby": [], "row_limit": 1000,
        "adhoc_filters": [
            {"expressionType": "SIMPLE", "clause": "WHERE", "subject": column,
             "operator": "==", "comparator": value} for column, value in CHART_FILTERS.items()],
    }
    query_context = {
        "datasource": {"id": dataset_id, "type": "table"}, "force": False,
        "queries": [{"columns": ["period"], "metrics": [metric], "filters": filters,
                     "orderby": [["period", True]], "row_limit": 1000}],
        "form_data": form_data, "result_format": "json", "result_type": "full",
    }
    return {"slice_name": CHART_NAME, "viz_type": "echarts_timeseries_bar",
            "datasource_id": dataset_id, "datasource_type": "table",
            "params": json.dumps(form_data), "query_context": json.dumps(query_context)}


def chart_data(home: Path) -> dict:
    """The chart's data, through the endpoint the chart's page calls, and the SQL it ran."""
    api = api_for(home)
    chart_id = api.find("chart", "slice_name", CHART_NAME)
    if chart_id is None:
        raise SystemExit(f"no chart {CHART_NAME!r}: run `connect` first")
    # force: from the database now, as the chart's "Force refresh" does; otherwise Superset
    # answers from its cache (CACHE_DEFAULT_TIMEOUT in superset_config.py) for a while.
    result = api.get(f"/api/v1/chart/{chart_id}/data/", force="true")["result"][0]
    return {"chart": CHART_NAME, "rows": result["data"], "sql": result.get("query")}


# The map: the county's postal code areas coloured by the quintile of their median income
# (Paavo), from report.area_map. Superset's deck.gl GeoJSON chart draws one GeoJSON Feature per
# row and takes a feature's own `fillColor` when the chart's fill colour is transparent, so the
# virtual dataset builds the features, with the colours of pipelines/outputs/maps.py's
# SEQUENTIAL_5 and its grey for areas without a number (deck.gl has no hatching: the status is
# in the feature's properties).
MAP_NAME = "Western Uusimaa: median income by postal code area"
MAP_DATASET = "area_map_choropleth"
MAP_COLOURS = ("#c6dbef", "#9ecae1", "#4292c6", "#2171b5", "#08306b")
MAP_MISSING = "#bdbdbd"
# (Superset's SQL parser reads no list literals: a CASE picks the colour.)
_WHEN = " ".join(f"WHEN {number} THEN '{colour}'"
                 for number, colour in enumerate(MAP_COLOURS, start=1))
MAP_SQL = f"""
WITH mapped AS (
    -- (value renamed: sqlglot, Superset's SQL parser, misreads `'value', value` in a
    -- json_object as JSON_OBJECT's KEY ... VALUE syntax.)
    SELECT area_code, name_fi, name_en, parent_area_code, period, value AS area_value, status,
           geometry_geojson, attribution,
           CASE WHEN value IS NOT NULL THEN ntile(5) OVER (
               PARTITION BY value IS NULL ORDER BY value, area_code) END AS quintile
    FROM report.area_map
    WHERE indicator_code = 'statfin:paavo.hr_mtu' AND group_code = 'total.total.total'
      AND area_level = 'postal_code_area' AND wellbeing_county_code = 'HVA03'
)
SELECT area_code, name_fi, name_en, parent_area_code, period, area_value AS value, status,
       quintile, attribution,
       json_object('type', 'Feature', 'geometry', json(geometry_geojson),
                   'properties', json_object(
                       'area_code', area_code, 'name', name_fi, 'value', area_value,
                       'status', status,
                       'fillColor', CASE quintile {_WHEN} ELSE '{MAP_MISSING}' END))::VARCHAR
           AS feature
FROM mapped
"""


def connect_map(api: Api, database_id: int) -> dict[str, int]:
    """The map's virtual dataset and its deck.gl GeoJSON chart (created, or updated)."""
    dataset = {"database": database_id, "schema": "report", "table_name": MAP_DATASET,
               "sql": MAP_SQL}
    dataset_id = api.find("dataset", "table_name", MAP_DATASET)
    if dataset_id is None:
        dataset_id = api.post("/api/v1/dataset/", dataset)["id"]
    else:
        api.put(f"/api/v1/dataset/{dataset_id}", {"sql": MAP_SQL})
    form_data = {
        "datasource": f"{dataset_id}__table", "viz_type": "deck_geojson",
        "geojson": "feature", "row_limit": 10000, "filled": True, "stroked": True,
        "extruded": False, "line_width": 1, "line_width_unit": "pixels",
        # Transparent: each feature's own fillColor shows.
        "fill_color_picker": {"r": 0, "g": 0, "b": 0, "a": 0},
        "stroke_color_picker": {"r": 255, "g": 255, "b": 255, "a": 1},
        "viewport": {"longitude": 24.1, "latitude": 60.2, "zoom": 7.4, "bearing": 0,
                     "pitch": 0},
        "adhoc_filters": [],
    }
    chart = {"slice_name": MAP_NAME, "viz_type": "deck_geojson", "datasource_id": dataset_id,
             "datasource_type": "table", "params": json.dumps(form_data)}
    chart_id = _save_chart(api, chart)
    return {"map_chart": chart_id, f"dataset:{MAP_DATASET}": dataset_id}


def map_data(home: Path) -> dict:
    """The map's features as its page asks for them: deck.gl charts are Superset's legacy
    visualizations, served by /superset/explore_json/ from the chart's form data."""
    api = api_for(home)
    chart_id = api.find("chart", "slice_name", MAP_NAME)
    if chart_id is None:
        raise SystemExit(f"no chart {MAP_NAME!r}: run `connect` first")
    # The legacy views take a browser's session, not the API's token: log the client in as
    # the page's user is (flask-login's session keys), the admin the token belongs to.
    me = api.get("/api/v1/me/")["result"]
    with api.client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = str(me["id"]), True
    response = api.client.post("/superset/explore_json/", query_string={"force": "true"},
                               data={"form_data": json.dumps({"slice_id": chart_id})})
    payload = api._check(response, "explore_json")
    return {"chart": MAP_NAME, "viz_type": payload.get("form_data", {}).get("viz_type"),
            "features": payload["data"]["features"], "query": payload.get("query")}


def catalog(home: Path) -> dict:
    """What an analyst browses in SQL Lab: schemas, tables and views, columns with types and
    the COMMENT ON descriptions, through Superset's database API."""
    api = api_for(home)
    database_id = api.database_id()
    # duckdb-engine names schemas with their catalog: "hytemart.mart" is the file's `mart`.
    listed_schemas = api.get(f"/api/v1/database/{database_id}/schemas/")["result"]
    schemas = sorted({name.rsplit(".", 1)[-1] for name in listed_schemas}
                     & {"mart", "quality", "report"})
    tables = []
    for schema in schemas:
        listed = api.get(f"/api/v1/database/{database_id}/tables/",
                         q=f"(schema_name:{schema},force:!t)")["result"]
        for entry in listed:
            metadata = api.get(f"/api/v1/database/{database_id}/table_metadata/",
                               name=entry["value"], schema=schema)
            tables.append({
                "schema": schema, "name": entry["value"], "type": entry["type"],
                "comment": metadata.get("comment"),
                "columns": [{"name": column["name"], "type": column["type"],
                             "comment": column.get("comment")}
                            for column in metadata["columns"]],
            })
    return {"listed_schemas": listed_schemas, "schemas": schemas, "tables": tables}


def hold(home: Path) -> None:
    """Open the mart through Superset's engine for the database (the way its queries do), read
    from it, and keep the connection open until a line (or EOF) arrives on standard input."""
    api = api_for(home)
    from superset.extensions import db
    from superset.models.core import Database

    with api.app.app_context():
        database = db.session.query(Database).filter_by(database_name=DATABASE_NAME).one()
        _hold(database)


def _hold(database: Any) -> None:
    with database.get_sqla_engine() as engine:
        connection = engine.raw_connection()
        cursor = connection.cursor()
        cursor.execute("SELECT count(*) FROM mart.fact_indicator_value")
        facts = cursor.fetchone()[0]
        cursor.execute("SELECT current_setting('access_mode'), version()")
        access_mode, version = cursor.fetchone()
        print(json.dumps({"holding": True, "facts": facts, "access_mode": access_mode,
                          "duckdb": version}), flush=True)
        sys.stdin.readline()
        # Still the file it opened: the same count, whatever was published meanwhile.
        cursor.execute("SELECT count(*) FROM mart.fact_indicator_value")
        print(json.dumps({"facts_after": cursor.fetchone()[0]}), flush=True)
        connection.close()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="Superset's folder")
    parser.add_argument("--published", type=Path, help="the published mart, for `connect`")
    parser.add_argument("commands", nargs="+",
                        choices=["init", "connect", "chart", "map", "catalog", "report",
                                 "hold"])
    args = parser.parse_args(argv)
    home = args.home.resolve()
    if "hold" in args.commands:
        if args.commands != ["hold"]:
            parser.error("`hold` runs alone")
        hold(home)
        return
    if "connect" in args.commands and args.published is None:
        parser.error("`connect` needs --published FILE")
    results: dict[str, Any] = {}
    for command in args.commands:
        if command == "init":
            init(home)
        elif command == "connect":
            results[command] = connect(home, args.published)
        elif command == "chart":
            results[command] = chart_data(home)
        elif command == "map":
            results[command] = map_data(home)
        elif command == "report":
            results[command] = report_data(home)
        else:
            results[command] = catalog(home)
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
