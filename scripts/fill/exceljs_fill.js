#!/usr/bin/env node
// Fill reporting workbooks the way a web tool built on exceljs does.
//
// Usage: NODE_PATH=DIR node exceljs_fill.js JOBS.json, DIR holding
// exceljs 4.4.0 (scripts/test.sh installs it). JOBS.json lists workbooks and
// the edits to apply to each (see edits.py); a job without edits re-saves
// the file. exceljs drops every defined name whose value is a constant
// (pactd_modele...), writes no cached formula results, and keeps styles,
// validations and sheet order.
'use strict';

const ExcelJS = require('exceljs');
const E = require('./edits');

class Reader {
  constructor(ws) { this.ws = ws; }
  text(row, col) {
    const v = this.ws.getCell(row, col).value;
    if (v === null || v === undefined) return '';
    if (typeof v === 'object' && v.richText) return v.richText.map((r) => r.text).join('');
    if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
    return String(v);
  }
  maxRow() { return this.ws.rowCount; }
  maxCol() { return this.ws.columnCount; }
}

function apply(wb, edit) {
  if (edit.op === 'date1904' || edit.op === 'move_sheet') {
    throw new Error(`${edit.op} is not something an exceljs tool does`);
  }
  const ws = wb.getWorksheet(edit.sheet);
  if (!ws) throw new Error(`no sheet ${edit.sheet}`);
  const loc = new E.Locator(new Reader(ws), ws.name);
  if (edit.op === 'insert_rows') {
    const at = loc.row(edit.before);
    ws.spliceRows(at, 0, ...Array.from({ length: edit.count || 1 }, () => []));
    return;
  }
  if (edit.op === 'insert_column') {
    const col = loc.column(edit.before);
    const [hrow] = loc.headerRow();
    ws.spliceColumns(col, 0, []);
    ws.getCell(hrow, col).value = edit.header || '';
    return;
  }
  const [row, col] = loc.cell(edit);
  const c = ws.getCell(row, col);
  switch (edit.op) {
    case 'set': c.value = edit.value; break;
    case 'percent':
      // The cells loaded with one format share one style object: setting
      // c.numFmt would format all of them as percentages. A new style
      // for this cell alone, as a careful tool does.
      c.value = edit.value / 100;
      c.style = { ...c.style, numFmt: '0%' };
      break;
    case 'formula': c.value = { formula: edit.formula.replace(/^=/, '') }; break;
    case 'date':
      c.value = new Date(`${edit.value}T00:00:00Z`);
      c.numFmt = 'dd/mm/yyyy';
      break;
    case 'clear': c.value = null; break;
    default: throw new Error(`unknown op ${edit.op}`);
  }
}

E.run(process.argv, async (path) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}, apply, (wb, out) => wb.xlsx.writeFile(out)).catch((err) => {
  process.stderr.write(`exceljs: ${err.stack}\n`);
  process.exit(1);
});
