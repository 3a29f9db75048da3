package templates_test

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/pactd/pactd/templates"
)

// pdfLine is one line of text of a PDF page, as pdftotext -bbox-layout
// finds it.
type pdfLine struct {
	y    float64 // top, in points from the top of the page
	text string  // without any space
}

var (
	pdfLineRE = regexp.MustCompile(`(?s)<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(.*?)</line>`)
	pdfWordRE = regexp.MustCompile(`<word[^>]*>(.*?)</word>`)
)

// pdfLines returns the lines of text of the first page of a PDF, top down.
func pdfLines(t *testing.T, pdf string) []pdfLine {
	t.Helper()
	out, err := exec.Command(needTool(t, "pdftotext"), "-f", "1", "-l", "1", "-bbox-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout %s: %v", pdf, err)
	}
	var lines []pdfLine
	for _, m := range pdfLineRE.FindAllStringSubmatch(string(out), -1) {
		y, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		var words strings.Builder
		for _, w := range pdfWordRE.FindAllStringSubmatch(m[2], -1) {
			words.WriteString(html.UnescapeString(w[1]))
		}
		lines = append(lines, pdfLine{y: y, text: noSpace(words.String())})
	}
	slices.SortStableFunc(lines, func(a, b pdfLine) int {
		if a.y < b.y {
			return -1
		}
		if a.y > b.y {
			return 1
		}
		return 0
	})
	return lines
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// LibreOffice draws each Lisez-moi row as the lines the generator wrote,
// wrapping none of them again, and the rows are as tall as their lines:
// no blank gap as tall as a line between two rows, and the same small gap
// after a row of one line as after a row of four.
func TestGenerateReadmeRowsFitTextInLibreOffice(t *testing.T) {
	soffice := needTool(t, "soffice")
	var buf bytes.Buffer
	opts := templates.GenerateOptions{SendTo: "remontees-cls@ain.gouv.fr"}
	if err := templates.GenerateWith(&buf, testRegister(), "220100010", 2025, opts); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "CLS_2025_220100010_ain.xlsx")
	if err := os.WriteFile(xlsx, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(t.TempDir(), "profile"),
		"--convert-to", "pdf", "--outdir", dir, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice --convert-to pdf: %v\n%s", err, b)
	}
	got := pdfLines(t, filepath.Join(dir, "CLS_2025_220100010_ain.pdf"))

	// The rows of Lisez-moi and the lines of each.
	type row struct {
		num    int
		lines  []string
		height float64
	}
	f := openBytes(t, buf.Bytes())
	cells, err := f.GetRows(templates.SheetReadme)
	if err != nil {
		t.Fatal(err)
	}
	var rows []row
	for i, c := range cells {
		if len(c) == 0 || c[0] == "" {
			continue
		}
		h, err := f.GetRowHeight(templates.SheetReadme, i+1)
		if err != nil {
			t.Fatal(err)
		}
		rw := row{num: i + 1, height: h}
		for _, l := range strings.Split(c[0], "\n") {
			rw.lines = append(rw.lines, noSpace(l))
		}
		rows = append(rows, rw)
	}

	// Find the title on the page, then every line of every row in order.
	at := slices.IndexFunc(got, func(l pdfLine) bool { return l.text == rows[0].lines[0] })
	if at < 0 {
		t.Fatalf("title %q not on page 1 of the PDF", rows[0].lines[0])
	}
	first, last := map[int]float64{}, map[int]float64{}
	var step []float64 // distances between the lines of a row
	for _, rw := range rows {
		for i, want := range rw.lines {
			if at >= len(got) || got[at].text != want {
				var g string
				if at < len(got) {
					g = got[at].text
				}
				t.Fatalf("row %d line %d: LibreOffice draws %q, want %q (a line wrapped again, or cut off)", rw.num, i+1, g, want)
			}
			if i == 0 {
				first[rw.num] = got[at].y
			} else {
				step = append(step, got[at].y-got[at-1].y)
			}
			last[rw.num] = got[at].y
			at++
		}
	}
	if len(step) < 10 {
		t.Fatalf("only %d wrapped lines on the page: Lisez-moi's paragraphs are not broken into lines", len(step))
	}
	lineStep := slices.Max(step)
	var gaps []float64
	for i := 1; i < len(rows); i++ {
		prev, cur := rows[i-1], rows[i]
		if cur.num != prev.num+1 {
			continue // a blank row between sections
		}
		gap := first[cur.num] - last[prev.num] - lineStep
		if gap < 0 || gap >= lineStep {
			t.Errorf("rows %d-%d: %.1f points of blank after %d lines in %.2f points (lines are %.1f apart)",
				prev.num, cur.num, gap, len(prev.lines), prev.height, lineStep)
		}
		gaps = append(gaps, gap)
	}
	if spread := slices.Max(gaps) - slices.Min(gaps); spread > lineStep/2 {
		t.Errorf("gaps between rows range from %.1f to %.1f points: uneven", slices.Min(gaps), slices.Max(gaps))
	}
}
