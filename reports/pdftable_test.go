package reports_test

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// pdfWord is one word of a PDF page as pdftotext -bbox places it.
type pdfWord struct {
	Page                   int
	XMin, YMin, XMax, YMax float64
	Text                   string
}

// pdfWords reads back every word of a PDF with its box, in points.
func pdfWords(t testing.TB, data []byte) []pdfWord {
	t.Helper()
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	out := run(t, pdftotext, "-bbox", "-enc", "UTF-8", writeTemp(t, "doc.pdf", data), "-")
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var words []pdfWord
	page := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "page":
			page++
		case "word":
			w := pdfWord{Page: page}
			for _, a := range se.Attr {
				v, _ := strconv.ParseFloat(a.Value, 64)
				switch a.Name.Local {
				case "xMin":
					w.XMin = v
				case "yMin":
					w.YMin = v
				case "xMax":
					w.XMax = v
				case "yMax":
					w.YMax = v
				}
			}
			if tok, err := dec.Token(); err == nil {
				if cd, ok := tok.(xml.CharData); ok {
					w.Text = string(cd)
				}
			}
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		t.Fatalf("pdftotext -bbox found no word:\n%s", out)
	}
	return words
}

// overlaps returns the pairs of words drawn over each other.
func overlaps(words []pdfWord) []string {
	const tol = 0.5 // points
	var out []string
	for i, a := range words {
		for _, b := range words[i+1:] {
			if a.Page == b.Page && a.XMin+tol < b.XMax && b.XMin+tol < a.XMax && a.YMin+tol < b.YMax && b.YMin+tol < a.YMax {
				out = append(out, a.Text+" / "+b.Text)
			}
		}
	}
	return out
}

// A changed action title in Expected/Actual wraps inside its cells at the
// table's size: it is neither shrunk nor drawn over the cell reference.
func TestFindingsTableTextValuesWrap(t *testing.T) {
	ack := rejectedAck()
	f := finding(reconcile.EngagementModifie, "La cellule Actions!C6 (Intitulé de l'action ENF-02) contient « Intitulé raccourci par le service » alors que le contrat indique « Tarification sociale des cantines dans les communes rurales ».", "Actions!C6")
	f.Action = "ENF-02"
	f.Expected = reconcile.TextValue("Tarification sociale des cantines dans les communes rurales")
	f.Actual = reconcile.TextValue("Intitulé raccourci par le service")
	big := finding(reconcile.EngagementModifie, "Un montant très long.", "Actions!E5")
	big.Action = "ENF-01"
	big.Expected, big.Actual = reconcile.MoneyValue(123456789012345), reconcile.MoneyValue(-98765432109876)
	ack.Findings = append(ack.Findings, f, big)
	words := pdfWords(t, renderAck(t, ack))
	if o := overlaps(words); len(o) > 0 {
		t.Errorf("words drawn over each other: %q", o)
	}
	var code, title *pdfWord
	for i, w := range words {
		switch {
		case w.Text == "ENGAGEMENT_MODIFIE" && code == nil:
			code = &words[i]
		case w.Text == "Tarification" && title == nil: // the cell, before the message
			title = &words[i]
		}
	}
	if code == nil || title == nil {
		t.Fatalf("the table lacks its code or the expected title: %v", words)
	}
	if got, want := title.YMax-title.YMin, code.YMax-code.YMin; got < want-0.1 {
		t.Errorf("the expected title is %.1f pt high, want %.1f like the rest of the row", got, want)
	}
}
