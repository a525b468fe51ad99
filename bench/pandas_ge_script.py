"""The script an analyst would write instead of hytemart: pandas read_csv of every file, a
Great Expectations suite of five expectations on the frame, the good rows written to DuckDB.

    python bench/pandas_ge_script.py RAW_DIR OUT_FILE
"""

import json
import sys
import time
from pathlib import Path

import duckdb
import great_expectations as gx
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig


def main(raw: Path, out: Path) -> None:
    started = time.monotonic()
    folder = raw / "indicators" / "sotkanet"
    frame = pd.concat(
        (pd.read_csv(path, sep=";", dtype={"gender": "string"})
         for path in sorted(folder.glob("sotkanet_*.csv"))),
        ignore_index=True,
    )
    regions = [item["id"] for item in json.loads((folder / "regions.json").read_text())]
    indicators = [item["id"] for item in json.loads((folder / "indicators.json").read_text())]
    read = time.monotonic()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (context.data_sources.add_pandas("p").add_dataframe_asset("a")
             .add_batch_definition_whole_dataframe("b").get_batch(
                 batch_parameters={"dataframe": frame}))
    suite = context.suites.add(gx.ExpectationSuite(name="s", expectations=[
        gx.expectations.ExpectColumnValuesToBeInSet(column="region", value_set=regions),
        gx.expectations.ExpectColumnValuesToBeInSet(column="indicator", value_set=indicators),
        gx.expectations.ExpectColumnValuesToBeBetween(column="year", min_value=1749,
                                                      max_value=2100),
        gx.expectations.ExpectColumnValuesToBeInSet(column="gender",
                                                    value_set=["male", "female", "total"]),
        gx.expectations.ExpectCompoundColumnsToBeUnique(
            column_list=["indicator", "region", "year", "gender"]),
    ]))
    result = batch.validate(suite, result_format="SUMMARY")
    validated = time.monotonic()
    good = frame[frame["region"].isin(regions) & frame["indicator"].isin(indicators)]
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    con.execute("CREATE TABLE fact AS SELECT * FROM good")
    con.close()
    print(f"pandas+GE: {len(frame)} rows read in {read - started:.1f} s, validated in "
          f"{validated - read:.1f} s (success={result.success}), {len(good)} written; "
          f"total {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
