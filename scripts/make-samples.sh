#!/usr/bin/env bash
# Regenerate samples/soumissions/: workbooks of the sample register filled by real clients
# (LibreOffice Calc through UNO, openpyxl), each showing a usual mistake, plus a legacy .xls and a
# password-protected file. Needs soffice, python3-uno and python3-openpyxl (scripts/test.sh
# installs them). Run from anywhere; takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f samples/soumissions/CLS_*
go run ./internal/fill/makesamples "$@"
go test ./templates/ -run 'TestSamples' -count=1
