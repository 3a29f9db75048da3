#!/usr/bin/python3
"""Fill reporting workbooks with LibreOffice Calc, as a person would.

Usage: /usr/bin/python3 lo_fill.py JOBS.json

JOBS.json lists workbooks and the edits to apply to each (see edits.py).
One headless soffice serves every job (it takes about 5 s to start), with
a private profile so it never meets another soffice. Each workbook is
recalculated (calculateAll) before it is saved as .xlsx, so cached formula
results are in the file, as when a person saves in Calc.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import uno  # noqa: E402
from com.sun.star.beans import PropertyValue  # noqa: E402
from com.sun.star.connection import NoConnectException  # noqa: E402

import edits as E  # noqa: E402

# com.sun.star.sheet.CellFlags: VALUE | DATETIME | STRING | FORMULA
CLEAR_CONTENT = 1 | 2 | 4 | 16
# com.sun.star.util.NumberFormat.DATE
NUMBER_FORMAT_DATE = 2


def pv(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


class Reader:
    """The used area of a sheet, read in one UNO call (each call is a round
    trip to soffice)."""

    def __init__(self, sheet):
        cur = sheet.createCursor()
        cur.gotoEndOfUsedArea(False)
        addr = cur.getRangeAddress()
        self.rows, self.cols = addr.EndRow + 1, addr.EndColumn + 1
        self.data = sheet.getCellRangeByPosition(0, 0, self.cols - 1, self.rows - 1).getDataArray()

    def text(self, row, col):
        if row > self.rows or col > self.cols:
            return ""
        v = self.data[row - 1][col - 1]
        if isinstance(v, float):
            return str(int(v)) if v == int(v) else str(v)
        return v

    def max_row(self):
        return self.rows

    def max_col(self):
        return self.cols


class Office:
    """One headless soffice and its UNO connection."""

    def __init__(self):
        tag = "pactd-fill-%d-%s" % (os.getpid(), uuid.uuid4().hex[:8])
        self.profile = tempfile.mkdtemp(prefix="lo-profile-")
        self.proc = subprocess.Popen(
            ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
             "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % tag],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 90
        while True:
            try:
                self.ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % tag)
                break
            except NoConnectException:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.close()
                    raise RuntimeError("soffice did not start (exit %s)" % self.proc.poll())
                time.sleep(0.2)
        self.desktop = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.helper = None

    def dispatcher(self):
        """The dispatch helper that runs Calc's commands (.uno:EnterString)."""
        if self.helper is None:
            self.helper = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)
        return self.helper

    def close(self):
        try:
            if getattr(self, "desktop", None) is not None:
                self.desktop.terminate()
        except Exception:  # the bridge dies with soffice; nothing left to do
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def type_in(office, doc, sheet, cell, text):
    """Types text into a cell through Calc's input line, as keystrokes are:
    "88 %" becomes 0.88 shown as a percentage, which setFormula does not
    do (it stores 0.88 with no format)."""
    ctrl = doc.getCurrentController()
    ctrl.select(cell)
    office.dispatcher().executeDispatch(ctrl.getFrame(), ".uno:EnterString", "", 0, (pv("StringName", text),))


def apply(office, doc, edit):
    op = edit["op"]
    sheets = doc.Sheets
    if op == "move_sheet":
        sheets.moveByName(edit["sheet"], int(edit["to"]))
        return
    if op == "date1904":
        d = uno.createUnoStruct("com.sun.star.util.Date")
        d.Year, d.Month, d.Day = 1904, 1, 1
        doc.NullDate = d
        return
    sheet = sheets.getByName(edit["sheet"])
    loc = E.Locator(Reader(sheet), edit["sheet"])
    if op == "insert_rows":
        sheet.unprotect("")  # a person lifts the (password-less) protection first
        sheet.Rows.insertByIndex(loc.row(edit["before"]) - 1, int(edit.get("count", 1)))
        return
    if op == "insert_column":
        col = loc.column(edit["before"])
        hrow, _ = loc.header_row()
        sheet.unprotect("")
        sheet.Columns.insertByIndex(col - 1, 1)
        sheet.getCellByPosition(col - 1, hrow - 1).setString(edit.get("header", ""))
        return
    row, col = loc.cell(edit)
    c = sheet.getCellByPosition(col - 1, row - 1)
    if op == "set":
        v = edit["value"]
        if isinstance(v, str):
            c.setString(v)
        else:
            c.setValue(float(v))
    elif op == "percent":
        type_in(office, doc, sheet, c, "%d %%" % int(edit["value"]))
    elif op == "formula":
        c.setFormula(edit["formula"])
    elif op == "date":
        nd = doc.NullDate  # 1899-12-30, or 1904-01-01 in the 1904 date system
        c.setValue(E.iso_to_serial(edit["value"], (nd.Year, nd.Month, nd.Day)))
        # A cell already shown as a date keeps its format, as when a person
        # types a date into it; another one takes the French standard date.
        if not doc.NumberFormats.getByKey(c.NumberFormat).Type & NUMBER_FORMAT_DATE:
            locale = uno.createUnoStruct("com.sun.star.lang.Locale")
            locale.Language, locale.Country = "fr", "FR"
            c.NumberFormat = doc.NumberFormats.getStandardFormat(NUMBER_FORMAT_DATE, locale)
    elif op == "clear":
        c.clearContents(CLEAR_CONTENT)
    else:
        raise ValueError("unknown op %r" % op)


def fill(office, job, src, dst, edits, close=True):
    """Opens src, applies edits, recalculates and saves as dst (.xlsx); the
    document is closed unless close is false (soffice ends it on quitting)."""
    doc = office.desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (pv("Hidden", True),))
    if doc is None:
        raise RuntimeError("soffice could not open %s" % src)
    try:
        for edit in edits:
            try:
                apply(office, doc, edit)
            except (KeyError, LookupError, ValueError) as err:
                E.fail(job, edit, err)
        doc.calculateAll()
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)),
                       (pv("FilterName", "Calc MS Excel 2007 XML"), pv("Overwrite", True)))
    finally:
        if close:
            doc.close(True)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: lo_fill.py JOBS.json\n")
        return 2
    jobs = E.load_jobs(argv[1])
    # soffice 7.4 crashes when, or a while after, a hidden document typed
    # into on two sheets through the dispatcher is closed: each job that
    # types gets an soffice of its own, told to quit once the job's file is
    # saved, without closing the document first.
    typed = [j for j in jobs if any(e["op"] == "percent" for e in j["edits"])]
    batches = [[j for j in jobs if j not in typed]] + [[j] for j in typed]
    for batch in batches:
        if not batch:
            continue
        office = Office()
        try:
            for job in batch:
                fill(office, job, job["in"], job["out"], job["edits"], close=job not in typed)
        finally:
            office.close()
        for job in batch:
            if job in typed:  # the lock file of a document left open
                d, name = os.path.split(os.path.abspath(job["in"]))
                lock = os.path.join(d, ".~lock.%s#" % name)
                if os.path.exists(lock):
                    os.remove(lock)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
