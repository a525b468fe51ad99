"""Superset's configuration for hytemart (SUPERSET_CONFIG_PATH points here; bi/superset_mart.py
and `make bi` set it). Everything Superset keeps lives in SUPERSET_HOME: its metadata database
(SQLite: one analyst's install) and the secret key `superset_mart.py init` generated there."""

import os
from pathlib import Path

_HOME = Path(os.environ["SUPERSET_HOME"])

SECRET_KEY = (_HOME / "secret_key").read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_HOME / 'superset.db'}"
# Nothing fetched from outside: no example data, no map tiles' API key, no telemetry.
SUPERSET_LOAD_EXAMPLES = False
MAPBOX_API_KEY = ""
# Query results cached in Superset's own database, never in a cache server we do not run.
CACHE_CONFIG = {"CACHE_TYPE": "SupersetMetastoreCache", "CACHE_DEFAULT_TIMEOUT": 300}
DATA_CACHE_CONFIG = CACHE_CONFIG
