// Edits a person makes to a reporting workbook, for the JavaScript fillers
// (exceljs_fill.js, sheetjs_fill.js): the same job file and the same way of
// finding cells as edits.py (see its docstring), so every program is given
// the same work. Cells are found by label, never by address.
'use strict';

const fs = require('fs');

const KEY_HEADERS = { actions: 'Code action', indicateurs: 'Code indicateur', synthese: 'Axe' };
const HEADER_SCAN_ROWS = 60;

// fold: lower case, accents removed, punctuation to spaces (reconcile.Fold).
function fold(s) {
  return String(s).normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()
    .replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/[^0-9a-z]+/g, ' ').trim();
}

function loadJobs(path) {
  const jobs = JSON.parse(fs.readFileSync(path, 'utf8'));
  if (!Array.isArray(jobs)) throw new Error('job file must hold a JSON list of jobs');
  jobs.forEach((job, i) => {
    for (const key of ['in', 'out']) {
      if (typeof job[key] !== 'string') throw new Error(`job ${i}: ${key} must be a path`);
    }
    job.edits = job.edits || [];
  });
  return jobs;
}

function splitA1(ref) {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]+)$/.exec(ref.trim());
  if (!m) throw new Error(`bad cell reference ${ref}`);
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), col];
}

// Locator finds cells in one sheet through a reader: text(row, col)
// (1-based), maxRow(), maxCol().
class Locator {
  constructor(reader, sheetName) { this.r = reader; this.sheet = sheetName; }

  headerRow() {
    const key = fold(KEY_HEADERS[fold(this.sheet)] || 'Code action');
    for (let row = 1; row <= Math.min(this.r.maxRow(), HEADER_SCAN_ROWS); row++) {
      for (let col = 1; col <= this.r.maxCol(); col++) {
        if (fold(this.r.text(row, col)) === key) return [row, col];
      }
    }
    throw new Error(`sheet ${this.sheet}: no header ${key}`);
  }

  column(header) {
    const [hrow] = this.headerRow();
    const want = fold(header);
    for (let col = 1; col <= this.r.maxCol(); col++) {
      if (fold(this.r.text(hrow, col)) === want) return col;
    }
    throw new Error(`sheet ${this.sheet}: no column ${header}`);
  }

  row(selector) {
    if (typeof selector === 'number') return selector;
    if (selector === 'header') return this.headerRow()[0];
    const [hrow, kcol] = this.headerRow();
    const want = fold(selector);
    for (let row = hrow + 1; row <= this.r.maxRow(); row++) {
      if (fold(this.r.text(row, kcol)) === want) return row;
    }
    throw new Error(`sheet ${this.sheet}: no row ${selector}`);
  }

  label(text) {
    const want = fold(text);
    for (let row = 1; row <= Math.min(this.r.maxRow(), HEADER_SCAN_ROWS); row++) {
      for (let col = 1; col <= this.r.maxCol(); col++) {
        if (fold(this.r.text(row, col)) === want) return [row, col + 1];
      }
    }
    throw new Error(`sheet ${this.sheet}: no label ${text}`);
  }

  // cell returns [row, col], 1-based, of the cell an edit addresses.
  cell(edit) {
    if (edit.cell) return splitA1(edit.cell);
    if (edit.label) return this.label(edit.label);
    return [this.row(edit.row) + (edit.row_offset || 0), this.column(edit.col)];
  }
}

// isoToSerial returns the spreadsheet serial of a YYYY-MM-DD date in the
// 1900 date system, or in the 1904 one.
function isoToSerial(iso, date1904) {
  const [y, m, d] = iso.split('-').map(Number);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return Math.round((Date.UTC(y, m - 1, d) - epoch) / 86400000);
}

// run applies apply(workbook, edit) to every job with the program's own
// open and save, and exits non-zero naming the job and edit that failed.
async function run(argv, open, apply, save) {
  if (argv.length !== 3) {
    process.stderr.write('usage: node FILLER.js JOBS.json\n');
    process.exit(2);
  }
  for (const job of loadJobs(argv[2])) {
    const wb = await open(job.in);
    for (const edit of job.edits) {
      try {
        apply(wb, edit);
      } catch (err) {
        process.stderr.write(`fill ${job.in}: edit ${JSON.stringify(edit)}: ${err.message}\n`);
        process.exit(1);
      }
    }
    await save(wb, job.out);
  }
}

module.exports = { fold, Locator, isoToSerial, run };
