"""Write an Online-Retail-like CSV (bench/scale/generate.py) as an .xlsx, typed as the UCI
workbook is (see tests/reference/workbook/make_fixtures.py), with XlsxWriter in constant-memory
mode (rows are streamed to the sheet XML). Used by bench.py's `workbook` job:

    python bench/workbook/to_xlsx.py IN.csv OUT.xlsx
"""
import csv
import datetime as dt
import sys

import xlsxwriter


def main(src, out):
    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    ws = wb.add_worksheet("Online Retail")
    when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    with open(src, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        ws.write_row(0, 0, next(rows))
        for i, r in enumerate(rows, start=1):
            inv, code, desc, qty, date, price, cust, country = r
            ws.write(i, 0, int(inv) if inv.isdigit() else inv)
            ws.write(i, 1, int(code) if code.isdigit() else code)
            if desc:
                ws.write_string(i, 2, desc)
            ws.write_number(i, 3, int(qty))
            ws.write_datetime(i, 4, dt.datetime.strptime(date, "%Y-%m-%d %H:%M:%S"), when)
            ws.write_number(i, 5, float(price))
            if cust:
                ws.write_number(i, 6, float(cust))
            ws.write_string(i, 7, country)
    wb.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
