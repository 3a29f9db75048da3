"""Edits a person makes to a reporting workbook, shared by lo_fill.py and
openpyxl_fill.py.

A job file is JSON: a list of jobs, each {"in": PATH, "out": PATH, "edits":
[EDIT, ...]}, applied in order. Cells are addressed the way a person finds
them, after the template layout, so edits survive earlier row and column
inserts:

  {"sheet": "Actions", "row": "ENF-01", "col": "État réalisé (€)"}
      the row whose key cell holds ENF-01 (key column: "Code action" on
      Actions, "Code indicateur" on Indicateurs), in the column headed
      "État réalisé (€)"; "row" may also be "Total" or a row number, and
      "row_offset" moves from the row found (-1: the row above).
  {"sheet": "Identification", "label": "Référent"}
      the cell to the right of the label.
  {"sheet": "Actions", "cell": "G7"}
      a plain A1 address.

Operations ("op"):
  set      "value": a number (typed as a number) or a string (typed as text,
           e.g. "12 345,67 €" with U+202F or U+00A0 spaces, kept verbatim)
  percent  "value": 88, a whole percentage typed as « 88 % »: LibreOffice
           reads it as keystrokes (Calc stores 0.88 in a percentage
           format); the libraries store 0.88 with the format 0%
  formula  "formula": "=1/0"
  date     "value": "2026-03-15" (typed as a date, shown dd/mm/yyyy)
  clear    empties the cell
  insert_rows    "before": a row selector as above ("header" for the
                 table's header row), "count": N
  insert_column  "before": a header label, "header": label of the new column
  move_sheet     "to": new 0-based position of "sheet"
  date1904       switches the workbook to the 1904 date system (as Excel
                 for Mac used to); LibreOffice only
"""

import json
import re
import sys
import unicodedata

KEY_HEADERS = {
    "actions": "Code action",
    "indicateurs": "Code indicateur",
    "synthese": "Axe",
}
HEADER_SCAN_ROWS = 60


def fold(s):
    """Lower case, accents removed, punctuation to spaces (like reconcile.Fold)."""
    s = unicodedata.normalize("NFD", str(s))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = re.sub(r"[^0-9a-z]+", " ", s)
    return s.strip()


def load_jobs(path):
    with open(path, encoding="utf-8") as f:
        jobs = json.load(f)
    if not isinstance(jobs, list):
        raise ValueError("job file must hold a JSON list of jobs")
    for i, job in enumerate(jobs):
        for key in ("in", "out"):
            if not isinstance(job.get(key), str):
                raise ValueError("job %d: %r must be a path" % (i, key))
        job.setdefault("edits", [])
    return jobs


def col_index(letters):
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def split_a1(ref):
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]+)", ref.strip())
    if not m:
        raise ValueError("bad cell reference %r" % ref)
    return int(m.group(2)), col_index(m.group(1))


class Locator:
    """Finds cells in one sheet through a reader: text(row, col) with
    1-based indices, and max_row(), max_col()."""

    def __init__(self, reader, sheet_name):
        self.r = reader
        self.sheet = sheet_name

    def header_row(self, key_header=None):
        key = fold(key_header or KEY_HEADERS.get(fold(self.sheet), "Code action"))
        for row in range(1, min(self.r.max_row(), HEADER_SCAN_ROWS) + 1):
            for col in range(1, self.r.max_col() + 1):
                if fold(self.r.text(row, col)) == key:
                    return row, col
        raise LookupError("sheet %s: no header %r" % (self.sheet, key_header or key))

    def column(self, header):
        hrow, _ = self.header_row()
        want = fold(header)
        for col in range(1, self.r.max_col() + 1):
            if fold(self.r.text(hrow, col)) == want:
                return col
        raise LookupError("sheet %s: no column %r" % (self.sheet, header))

    def row(self, selector):
        if isinstance(selector, int):
            return selector
        if selector == "header":
            return self.header_row()[0]
        hrow, kcol = self.header_row()
        want = fold(selector)
        for row in range(hrow + 1, self.r.max_row() + 1):
            if fold(self.r.text(row, kcol)) == want:
                return row
        raise LookupError("sheet %s: no row %r" % (self.sheet, selector))

    def label(self, text):
        want = fold(text)
        for row in range(1, min(self.r.max_row(), HEADER_SCAN_ROWS) + 1):
            for col in range(1, self.r.max_col() + 1):
                if fold(self.r.text(row, col)) == want:
                    return row, col + 1
        raise LookupError("sheet %s: no label %r" % (self.sheet, text))

    def cell(self, edit):
        """Returns (row, col), 1-based, of the cell an edit addresses."""
        if "cell" in edit:
            return split_a1(edit["cell"])
        if "label" in edit:
            return self.label(edit["label"])
        row = self.row(edit["row"]) + int(edit.get("row_offset", 0))
        return row, self.column(edit["col"])


def iso_to_serial(iso, null_date=(1899, 12, 30)):
    """Spreadsheet serial of a YYYY-MM-DD date, counted from null_date:
    1899-12-30 in the 1900 date system, 1904-01-01 in the 1904 one."""
    import datetime
    d = datetime.date.fromisoformat(iso)
    return (d - datetime.date(*null_date)).days


def fail(job, edit, err):
    sys.stderr.write("fill %s: edit %s: %s\n" % (job.get("in"), json.dumps(edit, ensure_ascii=False), err))
    sys.exit(1)
