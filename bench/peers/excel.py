"""Peer of the `workbook` job: read the first sheet of an .xlsx into a pandas DataFrame.

    python bench/peers/excel.py calamine|openpyxl FILE.xlsx

`calamine` is pandas.read_excel with engine="calamine" (python-calamine, the same Rust
reader Segmint uses, which builds the whole sheet in memory); `openpyxl` is pandas' default
.xlsx engine. Prints the row count, then {"seconds": …, "count": …} (harness.py).
"""
import json
import sys
import time


def main(engine, path):
    t0 = time.perf_counter()
    import pandas as pd

    df = pd.read_excel(path, engine=engine)
    seconds = time.perf_counter() - t0
    print(len(df))
    print(json.dumps({"seconds": round(seconds, 3), "count": len(df)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
