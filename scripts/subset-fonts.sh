#!/usr/bin/env bash
# Makes the fonts the PDFs embed (reports/fonts/DejaVuSans-Latin*.ttf) from
# the full DejaVu Sans faces kept beside them, with pyftsubset (fontTools,
# Debian package "fonttools"; installed when missing).
#
# Why: gofpdf parses every face it is given in every document and then cuts
# a subset of the glyphs used. With the full faces (6,000 glyphs, 1.4 MB for
# two) that was two thirds of an acknowledgment PDF's CPU time; with the
# Latin scripts only (about 1,000 glyphs) it is a fraction of it.
#
# What is kept: the Latin scripts (Basic Latin, Latin-1, Latin Extended-A,
# -B and Additional, spacing modifiers such as the Polynesian ʻokina,
# combining accents for decomposed text), punctuation, superscripts,
# currency (€), letterlike symbols (№), arrows, mathematical operators
# (≤ ≥ −), geometric shapes, check marks, the ﬁ ﬂ ligatures and U+FFFD «�»,
# which reports/ draws in place of any character outside these
# (reports/fontcover.go). Hinting is kept, so the glyphs render as before.
#
# Usage (root on Debian 12): scripts/subset-fonts.sh
# Run it again when the ranges below change; reports' tests check that the
# French wording and the sample register are covered.
set -euo pipefail
cd "$(dirname "$0")/../reports/fonts"

if ! command -v pyftsubset >/dev/null; then
  echo "== installing fonttools (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends fonttools >/dev/null
fi

ranges=(
  U+0020-007E # Basic Latin
  U+00A0-00FF # Latin-1 Supplement
  U+0100-017F # Latin Extended-A
  U+0180-024F # Latin Extended-B
  U+02B0-02FF # Spacing Modifier Letters (ʻ ˆ ˜)
  U+0300-036F # Combining Diacritical Marks (decomposed file names)
  U+1E00-1EFF # Latin Extended Additional
  U+2000-206F # General Punctuation (– — ’ « » … • ‰)
  U+2070-209F # Superscripts and Subscripts
  U+20A0-20CF # Currency Symbols (€)
  U+2100-214F # Letterlike Symbols (№ ™)
  U+2190-21FF # Arrows (→)
  U+2200-22FF # Mathematical Operators (− ≤ ≥)
  U+25A0-25FF # Geometric Shapes
  U+2713-2718 # check and cross marks
  U+FB00-FB06 # Latin ligatures (ﬁ ﬂ pasted from PDFs)
  U+FFFD      # replacement character, drawn for anything not kept
)
unicodes=$(printf '%s\n' "${ranges[@]}" | sed 's/ *#.*//' | paste -sd, -)

for face in DejaVuSans DejaVuSans-Bold; do
  # --layout-features='' drops GSUB and GPOS: gofpdf neither shapes nor
  # kerns. --notdef-outline keeps the .notdef box. --no-recalc-timestamp
  # keeps the output the same from run to run.
  pyftsubset "$face.ttf" --unicodes="$unicodes" --layout-features='' \
    --notdef-outline --no-recalc-timestamp --output-file="${face/DejaVuSans/DejaVuSans-Latin}.ttf"
done
ls -l DejaVuSans-Latin*.ttf >&2
