#!/usr/bin/python3
"""Fill reporting workbooks the way an openpyxl-based tool does.

Usage: /usr/bin/python3 openpyxl_fill.py JOBS.json

JOBS.json lists workbooks and the edits to apply to each (see edits.py).
openpyxl saves no cached formula results, does not move defined names,
merged cells or data validations when rows or columns are inserted: the
files it writes are what such tools send back.
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import openpyxl  # noqa: E402
import openpyxl.utils.datetime  # noqa: E402

import edits as E  # noqa: E402


class Reader:
    def __init__(self, ws):
        self.ws = ws

    def text(self, row, col):
        v = self.ws.cell(row=row, column=col).value
        return "" if v is None else str(v)

    def max_row(self):
        return self.ws.max_row

    def max_col(self):
        return self.ws.max_column


def apply(wb, edit):
    op = edit["op"]
    if op == "date1904":
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        return
    if op == "move_sheet":
        ws = wb[edit["sheet"]]
        wb.move_sheet(ws, offset=int(edit["to"]) - wb.sheetnames.index(ws.title))
        return
    ws = wb[edit["sheet"]]
    loc = E.Locator(Reader(ws), ws.title)
    if op == "insert_rows":
        ws.insert_rows(loc.row(edit["before"]), int(edit.get("count", 1)))
        return
    if op == "insert_column":
        col = loc.column(edit["before"])
        hrow, _ = loc.header_row()
        ws.insert_cols(col, 1)
        ws.cell(row=hrow, column=col).value = edit.get("header", "")
        return
    row, col = loc.cell(edit)
    c = ws.cell(row=row, column=col)
    if op == "set":
        v = edit["value"]
        if isinstance(v, str):
            c.value = v
            c.data_type = "s"
        else:
            c.value = v
    elif op == "percent":
        c.value = edit["value"] / 100
        c.number_format = "0%"
    elif op == "formula":
        c.value = edit["formula"]
    elif op == "date":
        c.value = datetime.date.fromisoformat(edit["value"])
        c.number_format = "DD/MM/YYYY"
    elif op == "clear":
        c.value = None
    else:
        raise ValueError("unknown op %r" % op)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: openpyxl_fill.py JOBS.json\n")
        return 2
    for job in E.load_jobs(argv[1]):
        wb = openpyxl.load_workbook(job["in"])
        for edit in job["edits"]:
            try:
                apply(wb, edit)
            except (KeyError, LookupError, ValueError) as err:
                E.fail(job, edit, err)
        wb.save(job["out"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
