#!/usr/bin/python3
"""Read every cell of every sheet of the given workbooks with openpyxl in
read-only mode, as an analyst's script would, and print one line:
"files N seconds S cpu C cells K": wall and CPU time of the reading alone
(imports excluded), and the non-empty cells read.

Usage: /usr/bin/python3 scripts/bench-openpyxl-read.py FILE...
The yardstick of scripts/bench-intake.sh.
"""

import sys
import time

import openpyxl


def main(paths):
    start, cpu = time.perf_counter(), time.process_time()
    cells = 0
    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if v is not None:
                        cells += 1
        wb.close()
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"files {len(paths)} seconds {took:.3f} cpu {cpu:.3f} cells {cells}")


if __name__ == "__main__":
    main(sys.argv[1:])
