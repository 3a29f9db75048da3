#!/usr/bin/python3
"""Read every cell of every sheet of the given workbooks with openpyxl in
read-only mode, as an analyst's script would, and print one line:
"files N seconds S" (wall time of the reading alone, imports excluded).

Usage: /usr/bin/python3 scripts/bench-openpyxl-read.py FILE...
The yardstick of scripts/bench-intake.sh.
"""

import sys
import time

import openpyxl


def main(paths):
    start = time.perf_counter()
    cells = 0
    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if v is not None:
                        cells += 1
        wb.close()
    took = time.perf_counter() - start
    print(f"files {len(paths)} seconds {took:.3f} cells {cells}")


if __name__ == "__main__":
    main(sys.argv[1:])
