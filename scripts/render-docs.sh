#!/usr/bin/env bash
# Renders every document of the demo to PNG, page by page, to read them as
# their readers do: the weekly report (PDF) and its annex (XLSX), each
# acknowledgment (PDF) and each annotated workbook (XLSX). PDFs go through
# pdftoppm; workbooks through LibreOffice headless (printed with their own
# print areas, titles and scaling) then pdftoppm.
#
# Usage: scripts/render-docs.sh [OUT_DIR] [--templates]
#   OUT_DIR      where to write (default ./render-out): demo/ holds the
#                demo's files, png/ one PNG per page, pdf/ the workbooks
#                converted by LibreOffice.
#   --templates  also render the 121 pre-filled workbooks (slow).
# Needs poppler-utils and libreoffice-calc-nogui (scripts/test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

out=./render-out
templates=0
for a in "$@"; do
  case "$a" in
    --templates) templates=1 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) out=$a ;;
  esac
done
for t in pdftoppm soffice; do
  command -v "$t" >/dev/null || { echo "render-docs: $t is missing: run scripts/test.sh to install it" >&2; exit 2; }
done
rm -rf "$out/demo" "$out/png" "$out/pdf"
mkdir -p "$out/png" "$out/pdf"

go run ./cmd/pactd demo --out "$out/demo" >/dev/null

pdfs=$(find "$out/demo/rapports" "$out/demo/accuses" -name '*.pdf' | sort)
books=$(find "$out/demo/rapports" "$out/demo/accuses" -name '*.xlsx' | sort)
if [ "$templates" = 1 ]; then books="$books $(find "$out/demo/modeles" -name '*.xlsx' | sort)"; fi

# One LibreOffice run converts every workbook: each start costs seconds.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# shellcheck disable=SC2086
soffice --headless --norestore "-env:UserInstallation=file://$profile" \
  --convert-to pdf --outdir "$out/pdf" $books >/dev/null 2>&1

render() { # render PDF PREFIX: one PNG per page, PREFIX-1.png, PREFIX-2.png...
  pdftoppm -png -r 60 "$1" "$out/png/$2"
}
n=0
for p in $pdfs; do render "$p" "$(basename "$p" .pdf)"; n=$((n + 1)); done
for b in $books; do
  p="$out/pdf/$(basename "$b" .xlsx).pdf"
  [ -s "$p" ] || { echo "render-docs: LibreOffice did not convert $b" >&2; exit 1; }
  render "$p" "$(basename "$b" .xlsx)-xlsx"; n=$((n + 1))
done
echo "$n documents, $(find "$out/png" -name '*.png' | wc -l) pages rendered in $out/png"
