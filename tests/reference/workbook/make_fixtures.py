"""Write the workbook fixtures of tests/fixtures/workbook/ with reference writers.

Run from the repository root, in a venv with the versions of tests/reference/workbook/VERSIONS:

    python3 -m venv .venv-ref
    .venv-ref/bin/pip install openpyxl==3.1.5 odfpy==1.4.1 xlwt==1.3.0 xlsxwriter==3.3.1 \
        pyxlsbwriter==0.1.0 pyxlsb==1.0.10 msoffcrypto-tool==6.1.0
    .venv-ref/bin/python tests/reference/workbook/make_fixtures.py

Every table is the CSV tests/fixtures/workbook/online_retail_2000.csv (the first 2,000 rows of
www/demo/online_retail_sample.csv), typed as the UCI "Online Retail.xlsx" types it: InvoiceNo
and StockCode are numbers when all digits and text otherwise ("C536379", "85123A"),
Quantity a whole number, InvoiceDate a date-time cell, UnitPrice a number, CustomerID a
*floating-point* number (17850.0, the case that must read as "17850"), Country text. An empty
CSV cell is no cell. Each writer also reads its file back (pyxlsb for .xlsb) and checks every
value, so a fixture is known to say what it should before Segmint reads it.
"""

import csv
import datetime as dt
import io
import os
import sys
import zipfile
from importlib.metadata import version

OUT = "tests/fixtures/workbook"
SOURCE = os.path.join(OUT, "online_retail_2000.csv")


def typed_rows():
    with open(SOURCE, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    typed = []
    for r in data:
        inv, code, desc, qty, date, price, cust, country = r
        typed.append(
            [
                int(inv) if inv.isdigit() else inv,
                int(code) if code.isdigit() else code,
                desc if desc != "" else None,
                int(qty),
                dt.datetime.strptime(date, "%Y-%m-%d %H:%M:%S"),
                float(price),
                float(cust) if cust != "" else None,
                country,
            ]
        )
    return header, typed


def write_xlsx(path, header, rows, epoch=None):
    import openpyxl

    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "Online Retail"
    ws.append(header)
    for r in rows:
        ws.append(r)
    for cell in ws["E"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    wb.save(path)
    back = openpyxl.load_workbook(path, read_only=True)
    got = [list(r) for r in back.active.iter_rows(min_row=2, values_only=True)]
    assert got == rows, f"{path}: openpyxl reads back other values"


def write_ods(path, header, rows):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableColumnProperties
    from odf.number import DateStyle, Year, Month, Day, Hours, Minutes, Seconds, Text as NText
    from odf.table import Table, TableRow, TableCell
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    date_style = DateStyle(name="iso-datetime")
    for part in (
        Year(style="long"), NText(text="-"), Month(style="long"), NText(text="-"),
        Day(style="long"), NText(text=" "), Hours(style="long"), NText(text=":"),
        Minutes(style="long"), NText(text=":"), Seconds(style="long"),
    ):
        date_style.addElement(part)
    doc.automaticstyles.addElement(date_style)
    cell_style = Style(name="when", family="table-cell", datastylename="iso-datetime")
    doc.automaticstyles.addElement(cell_style)
    table = Table(name="Online Retail")

    def cell(v):
        if v is None:
            return TableCell()
        if isinstance(v, str):
            c = TableCell(valuetype="string")
            c.addElement(P(text=v))
            return c
        if isinstance(v, dt.datetime):
            c = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"),
                          stylename=cell_style)
            c.addElement(P(text=v.strftime("%Y-%m-%d %H:%M:%S")))
            return c
        c = TableCell(valuetype="float", value=repr(v) if isinstance(v, float) else str(v))
        c.addElement(P(text=str(v)))
        return c

    for r in [header] + rows:
        tr = TableRow()
        for v in r:
            tr.addElement(cell(v))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(path)
    # Read back: every typed value attribute, row by row.
    from odf.opendocument import load
    from odf.namespaces import OFFICENS

    back = load(path)
    got = []
    for tr in back.spreadsheet.getElementsByType(TableRow)[1:]:
        row = []
        for c in tr.getElementsByType(TableCell):
            kind = c.attributes.get((OFFICENS, "value-type"))
            if kind is None:
                row.append(None)
            elif kind == "string":
                row.append(str(c))
            elif kind == "date":
                row.append(dt.datetime.strptime(c.attributes[(OFFICENS, "date-value")],
                                                "%Y-%m-%dT%H:%M:%S"))
            else:
                row.append(float(c.attributes[(OFFICENS, "value")]))
        got.append(row)
    assert [[float(v) if isinstance(v, int) else v for v in r] for r in rows] == got, path


def write_xls(path, header, rows):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Online Retail")
    when = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    for c, v in enumerate(header):
        ws.write(0, c, v)
    for i, r in enumerate(rows, start=1):
        for c, v in enumerate(r):
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                ws.write(i, c, v, when)
            else:
                ws.write(i, c, v)
    wb.save(path)


def write_xlsb(path, header, rows):
    from pyxlsbwriter import XlsbWriter

    with XlsbWriter(path) as w:
        w.add_sheet("Online Retail")
        w.write_sheet([header] + rows)
    from pyxlsb import open_workbook, convert_date

    with open_workbook(path) as wb:
        with wb.get_sheet(1) as sheet:
            # pyxlsbwriter writes a fixed A1 dimension record; pyxlsb sizes rows by it.
            sheet.dimension = sheet.dimension._replace(w=len(header))
            got = [[c.v for c in row] for row in sheet.rows()][1:]
    for want, have in zip(rows, got):
        have = have + [None] * (len(want) - len(have))
        for w_, h in zip(want, have):
            if isinstance(w_, dt.datetime):
                assert abs((convert_date(h) - w_).total_seconds()) < 1, (path, w_, h)
            else:
                assert w_ == h or (w_ is not None and h is not None and float(w_) == float(h)), (
                    path, w_, h)
    assert len(got) == len(rows), path


def write_multi_sheet(path, header, rows):
    """A report as a person makes one: a notes sheet first, the orders behind two title rows
    and a blank one, the customer columns under a merged "Customer" group cell, a total row
    whose formula openpyxl cannot calculate, a hidden archive sheet and a chart sheet."""
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Read me"
    notes.append(["Exported from the shop on 2011-12-10"])
    notes.append(["Orders are on the second sheet"])

    orders = wb.create_sheet("Orders 2010")
    orders.append(["Online Retail: orders of December 2010"])
    orders.append(["Source: UCI Machine Learning Repository"])
    orders.append([])
    group = [None, None, None, None, None, None, "Customer", None]
    orders.append(group)
    sub = list(header)
    sub[6], sub[7] = "ID", "Country"
    orders.append(sub)
    orders.merge_cells(start_row=4, start_column=7, end_row=4, end_column=8)
    for r in rows[:300]:
        orders.append(r)
    last = orders.max_row
    orders.append(["Total", None, None, f"=SUM(D6:D{last})"])
    for cell in orders["E"][5:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"

    archive = wb.create_sheet("Archive")
    archive.sheet_state = "hidden"
    archive.append(header)
    for r in rows[300:350]:
        archive.append(r)

    chart_sheet = wb.create_chartsheet("Chart")
    chart = BarChart()
    chart.add_data(Reference(orders, min_col=4, min_row=5, max_row=25), titles_from_data=True)
    chart_sheet.add_chart(chart)
    wb.save(path)


def write_formulas(path, header, rows):
    """Formulas with saved results (as Excel saves them): a line total per row and an id
    built by a formula; xlsxwriter stores the result the caller gives."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Lines")
    when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    cols = ["InvoiceNo", "StockCode", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID",
            "Amount"]
    ws.write_row(0, 0, cols)
    for i, r in enumerate(rows[:100], start=1):
        inv, code, _desc, qty, date, price, cust, _country = r
        ws.write(i, 0, inv)
        ws.write(i, 1, code)
        ws.write_number(i, 2, qty)
        ws.write_datetime(i, 3, date, when)
        ws.write_number(i, 4, price)
        if cust is not None:
            # The id as a formula over a hidden helper: its saved result is the id.
            ws.write_formula(i, 5, f"=INT({cust}+0)", None, cust)
        line = qty * price
        ws.write_formula(i, 6, f"=C{i + 1}*E{i + 1}", None, line)
    wb.close()


def write_1904(path, header, rows):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    write_xlsx(path, header, rows[:200], epoch=CALENDAR_MAC_1904)
    with zipfile.ZipFile(path) as z:
        assert b'date1904="1"' in z.read("xl/workbook.xml"), "the 1904 system is declared"


def write_protected(path, source):
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(source, "rb") as f:
        plain = f.read()
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("segmint", out)
    with open(path, "wb") as f:
        f.write(out.getvalue())
    # It opens with the password.
    check = msoffcrypto.OfficeFile(io.BytesIO(out.getvalue()))
    check.load_key(password="segmint")
    back = io.BytesIO()
    check.decrypt(back)
    assert back.getvalue()[:2] == b"PK"


def write_customer_columns(header, rows):
    """Per-customer CRM columns (tests/fixtures/online_retail_customers.csv) for the sample's
    customers, as CSV and as a workbook behind a title row, the id a floating-point number."""
    import openpyxl

    ids = {str(int(r[6])) for r in rows if r[6] is not None}
    with open("tests/fixtures/online_retail_customers.csv", newline="", encoding="utf-8") as f:
        crm = list(csv.reader(f))
    kept = [crm[0]] + [r for r in crm[1:] if r[0] in ids]
    with open(os.path.join(OUT, "customers_2000.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(kept)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "CRM"
    ws.append(["CRM export, customers of December 2010"])
    ws.append(kept[0])
    for r in kept[1:]:
        ws.append([float(r[0]), int(r[1]), int(r[2]), r[3]])
    wb.save(os.path.join(OUT, "customers_2000.xlsx"))


def main():
    header, rows = typed_rows()
    write_xlsx(os.path.join(OUT, "online_retail_2000.xlsx"), header, rows)
    write_customer_columns(header, rows)
    write_ods(os.path.join(OUT, "online_retail_2000.ods"), header, rows)
    write_xls(os.path.join(OUT, "online_retail_2000.xls"), header, rows)
    write_xlsb(os.path.join(OUT, "online_retail_2000.xlsb"), header, rows)
    write_multi_sheet(os.path.join(OUT, "report_multi_sheet.xlsx"), header, rows)
    write_formulas(os.path.join(OUT, "formulas.xlsx"), header, rows)
    write_1904(os.path.join(OUT, "dates_1904.xlsx"), header, rows)
    small = os.path.join(OUT, "dates_1900.xlsx")
    write_xlsx(small, header, rows[:200])
    write_protected(os.path.join(OUT, "protected.xlsx"), small)
    with open(os.path.join(OUT, "online_retail_2000.xlsx"), "rb") as f:
        whole = f.read()
    with open(os.path.join(OUT, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    with open("tests/reference/workbook/VERSIONS", "w") as f:
        f.write(f"python {sys.version.split()[0]}\n")
        for p in ["openpyxl", "odfpy", "xlwt", "xlsxwriter", "pyxlsbwriter", "pyxlsb",
                  "msoffcrypto-tool"]:
            f.write(f"{p} {version(p)}\n")


if __name__ == "__main__":
    main()
