#!/usr/bin/env node
// Fill reporting workbooks the way a web tool built on SheetJS does.
//
// Usage: NODE_PATH=DIR node sheetjs_fill.js JOBS.json, DIR holding xlsx
// (SheetJS community edition) 0.18.5 (scripts/test.sh installs it).
// JOBS.json lists workbooks and the edits to apply to each (see edits.py);
// a job without edits re-saves the file. SheetJS writes every string inline
// (t="str"), no shared strings, no styles, validations or protection, no
// cached formula results, and a [Content_Types].xml that declares .bin as a
// binary workbook though the file holds none.
'use strict';

const XLSX = require('xlsx');
const E = require('./edits');

class Reader {
  constructor(ws) {
    this.ws = ws;
    this.range = XLSX.utils.decode_range(ws['!ref'] || 'A1:A1');
  }
  text(row, col) {
    const c = this.ws[XLSX.utils.encode_cell({ r: row - 1, c: col - 1 })];
    return c && c.v !== undefined && c.v !== null ? String(c.v) : '';
  }
  maxRow() { return this.range.e.r + 1; }
  maxCol() { return this.range.e.c + 1; }
}

function apply(wb, edit) {
  if (['date1904', 'move_sheet', 'insert_rows', 'insert_column'].includes(edit.op)) {
    throw new Error(`${edit.op} is not something SheetJS offers`);
  }
  const ws = wb.Sheets[edit.sheet];
  if (!ws) throw new Error(`no sheet ${edit.sheet}`);
  const loc = new E.Locator(new Reader(ws), edit.sheet);
  const [row, col] = loc.cell(edit);
  const addr = XLSX.utils.encode_cell({ r: row - 1, c: col - 1 });
  switch (edit.op) {
    case 'set':
      ws[addr] = typeof edit.value === 'number' ? { t: 'n', v: edit.value } : { t: 's', v: edit.value };
      break;
    case 'percent': ws[addr] = { t: 'n', v: edit.value / 100, z: '0%' }; break;
    case 'formula': ws[addr] = { t: 'n', f: edit.formula.replace(/^=/, '') }; break;
    case 'date': {
      const d1904 = Boolean(wb.Workbook && wb.Workbook.WBProps && wb.Workbook.WBProps.date1904);
      ws[addr] = { t: 'n', v: E.isoToSerial(edit.value, d1904), z: 'dd/mm/yyyy' };
      break;
    }
    case 'clear': delete ws[addr]; break;
    default: throw new Error(`unknown op ${edit.op}`);
  }
  const range = XLSX.utils.decode_range(ws['!ref']);
  range.e.r = Math.max(range.e.r, row - 1);
  range.e.c = Math.max(range.e.c, col - 1);
  ws['!ref'] = XLSX.utils.encode_range(range);
}

E.run(process.argv, async (path) => XLSX.readFile(path, { cellFormula: true, cellNF: true }),
  apply, async (wb, out) => XLSX.writeFile(wb, out, { bookType: 'xlsx' })).catch((err) => {
  process.stderr.write(`sheetjs: ${err.stack}\n`);
  process.exit(1);
});
