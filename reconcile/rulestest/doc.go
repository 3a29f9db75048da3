// Package rulestest holds the end-to-end tests of the reconciliation rules:
// each generates a real reporting workbook with templates.Generate, fills it
// as a territory would (with excelize, and once through LibreOffice), reads
// it back with templates.Parse and runs reconcile.Check on what was read.
// The rules live in package reconcile, which may not import templates;
// this package has no code of its own.
package rulestest
