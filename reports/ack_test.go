package reports_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

func finding(code reconcile.Code, msg string, cells ...string) reconcile.Finding {
	f := reconcile.NewFinding(code, msg)
	f.Cells = cells
	return f
}

// rejectedAck is the acknowledgment of a rejected file with findings of
// every severity.
func rejectedAck() *reports.Acknowledgment {
	reg := &reconcile.Register{Version: 4, Contracts: []reconcile.Contract{{Territory: reconcile.Territory{
		SIREN: "220100010", Name: "Département de l'Ain"}}}}
	cof := finding(reconcile.CofinancementInsuffisant, "Pour l'action ENF-01, la collectivité a dépensé 90 000,00 €, moins que la part de l'État (98 000,50 €) : le cofinancement à parts égales n'est pas respecté.", "Actions!G7", "Actions!H7")
	cof.Action, cof.Expected, cof.Actual = "ENF-01", reconcile.MoneyValue(9800050), reconcile.MoneyValue(9000000)
	sub := &reconcile.Submission{ID: 42, FileName: "CLS_2025_220100010_ain.xlsx", SHA256: strings.Repeat("0123456789abcdef", 4),
		Size: 51234, SIREN: "220100010", Year: 2025, RegisterVersion: 4, Verdict: reconcile.Rejected,
		ReceivedAt: time.Date(2026, 3, 20, 14, 3, 0, 0, reconcile.Paris),
		Findings: []reconcile.Finding{
			finding(reconcile.ValeurManquante, "La valeur réalisée de l'indicateur ENF-01-I1 est vide : renseignez-la.", "Indicateurs!G5"),
			cof,
			finding(reconcile.ValeurNonNumerique, "La cellule contient « beaucoup », qui n'est pas un nombre : saisissez un montant.", "Actions!H9"),
			finding(reconcile.ErreurFormule, "La cellule contient l'erreur #REF! : corrigez la formule ou saisissez la valeur.", "Synthèse!C5"),
			finding(reconcile.NombreEnTexte, "Le montant « 12 345,67 € » est saisi comme du texte ; il a été lu comme un nombre.", "Actions!G8"),
		}}
	rc := reconcile.Receipt{Number: "AR-2026-000042", SubmissionID: 42, ReceivedAt: sub.ReceivedAt,
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "referent@ain.example"}}
	ack := reports.NewAcknowledgment(rc, sub, reg)
	ack.ReplyAddress = "rapports-cls@example.test"
	return ack
}

func TestVerdictSentence(t *testing.T) {
	alert := finding(reconcile.ValeurManquante, "m", "A!B2")
	block := finding(reconcile.MontantNegatif, "m", "A!B3")
	for _, tc := range []struct {
		name     string
		verdict  reconcile.Verdict
		findings []reconcile.Finding
		want     string
	}{
		{"clean", reconcile.Accepted, nil, "Votre rapport est accepté."},
		{"alerts", reconcile.Accepted, []reconcile.Finding{alert, alert}, "Votre rapport est accepté."},
		{"one", reconcile.Rejected, []reconcile.Finding{block, alert}, "Votre rapport est rejeté : il contient 1 anomalie bloquante à corriger."},
		{"three", reconcile.Rejected, []reconcile.Finding{block, block, block}, "Votre rapport est rejeté : il contient 3 anomalies bloquantes à corriger."},
	} {
		ack := &reports.Acknowledgment{Verdict: tc.verdict, Findings: tc.findings}
		if got := ack.VerdictSentence(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAcknowledgmentText(t *testing.T) {
	ack := rejectedAck()
	text := reports.AcknowledgmentText(ack)
	for _, want := range []string{
		"Bonjour,",
		"Votre rapport est rejeté : il contient 3 anomalies bloquantes à corriger. Il\ncomporte aussi 1 alerte à vérifier et 1 information.",
		"Accusé de réception : AR-2026-000042",
		"Reçu le : 20 mars 2026 à 14 h 03 (heure de Paris)",
		"Expéditeur : referent@ain.example",
		"Territoire : Département de l'Ain (SIREN 220100010), exercice 2025",
		"Fichier : CLS_2025_220100010_ain.xlsx",
		"  " + ack.SHA256,
		"1. [Bloquant] COFINANCEMENT_INSUFFISANT — cellules Actions!G7, Actions!H7",
		"Attendu : 98\u00a0000,50\u00a0€ ; constaté : 90\u00a0000,00\u00a0€.",
		"Que faire maintenant ?",
		"à la même adresse\n  (rapports-cls@example.test)",
		"Seule la version acceptée la plus récente est prise en compte",
		"votre classeur\nvous est aussi renvoyé",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for i, l := range strings.Split(text, "\n") {
		if n := utf8.RuneCountInString(l); n > 76 {
			t.Errorf("line %d has %d characters: %q", i+1, n, l)
		}
	}
	flat := squeeze(text)
	for _, f := range ack.Findings {
		for _, want := range append([]string{string(f.Code), f.Message}, f.Cells...) {
			if !strings.Contains(flat, squeeze(want)) {
				t.Errorf("text lacks %q", want)
			}
		}
	}
	// The bloquants come first.
	if strings.Index(text, "COFINANCEMENT") > strings.Index(text, "VALEUR_MANQUANTE") {
		t.Error("findings are not sorted by severity")
	}
}

func TestAcknowledgmentTextCases(t *testing.T) {
	sub := &reconcile.Submission{FileName: "rapport.xlsx", SHA256: strings.Repeat("a", 64), SIREN: "220100010", Year: 2025,
		Verdict: reconcile.Accepted, ReceivedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, reconcile.Paris)}
	dup := reconcile.Receipt{Number: "AR-2026-000043", Duplicate: true, ReceivedAt: time.Date(2026, 3, 5, 10, 0, 0, 0, reconcile.Paris)}
	unreadable := &reconcile.Submission{FileName: "scan.pdf", SHA256: strings.Repeat("b", 64), Verdict: reconcile.Rejected,
		Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Ce fichier n'est pas un classeur Excel (.xlsx).")}}
	for _, tc := range []struct {
		name string
		ack  *reports.Acknowledgment
		want []string
		not  []string
	}{
		{"accepted", reports.NewAcknowledgment(reconcile.Receipt{Number: "AR-1"}, sub, nil),
			[]string{"Votre rapport est accepté. Aucune anomalie n'a été relevée.", "Aucune action n'est nécessaire", "Reçu le : 2 mars 2026 à 9 h 00"},
			[]string{"Anomalies relevées", "classeur annoté", "renvoyé"}},
		{"duplicate", reports.NewAcknowledgment(dup, sub, nil),
			[]string{"identique à un fichier déjà reçu le 2 mars 2026 à 9 h 00", "Reçu le : 5 mars 2026 à 10 h 00"}, nil},
		{"unreadable", reports.NewAcknowledgment(reconcile.Receipt{Number: "AR-2"}, unreadable, nil),
			[]string{"Votre rapport est rejeté : il contient 1 anomalie bloquante à corriger.", "Territoire : non déterminé (fichier illisible)",
				"FICHIER_ILLISIBLE", "Corrigez les anomalies décrites ci-dessus"}, []string{"classeur annoté joint", "date limite", "Reçu le :", "cellules"}},
	} {
		text := reports.AcknowledgmentText(tc.ack)
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text lacks %q:\n%s", tc.name, w, text)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: text says %q:\n%s", tc.name, w, text)
			}
		}
	}
}

func renderAck(t testing.TB, ack *reports.Acknowledgment) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.AcknowledgmentPDF(&buf, ack); err != nil {
		t.Fatalf("AcknowledgmentPDF: %v", err)
	}
	return buf.Bytes()
}

func TestAcknowledgmentPDF(t *testing.T) {
	ack := rejectedAck()
	data := renderAck(t, ack)
	pdf := readPDF(t, data)
	if !strings.Contains(pdf.Info, "Title:           Accusé de réception AR-2026-000042") {
		t.Errorf("pdfinfo:\n%s", pdf.Info)
	}
	for _, want := range []string{
		"PACTE NATIONAL DES SOLIDARITÉS", "Accusé de réception AR-2026-000042",
		"Rapport annuel d'exécution du contrat local des solidarités — exercice 2025",
		"REJETÉ", "20 mars 2026 à 14 h 03 (heure de Paris)", "referent@ain.example",
		"Département de l'Ain (SIREN 220100010), exercice 2025", "CLS_2025_220100010_ain.xlsx", ack.SHA256,
		"le registre des engagements, version 4", "Anomalies relevées", "Que faire maintenant ?",
		"98 000,50 €", "90 000,00 €", "Page 1 sur",
	} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the acknowledgment does not say %q:\n%s", want, pdf.Layout)
		}
	}
	raw := squeeze(pdf.Raw)
	for _, want := range []string{ack.VerdictSentence(), "Il comporte aussi 1 alerte à vérifier et 1 information."} {
		if !strings.Contains(raw, squeeze(want)) {
			t.Errorf("the verdict %q is missing", want)
		}
	}
	for _, f := range ack.Findings {
		for _, want := range []string{string(f.Code), f.Message, pdfCells(f.Cells)} {
			if !strings.Contains(raw, squeeze(want)) {
				t.Errorf("finding text %q is missing", want)
			}
		}
	}
	for _, s := range ack.NextSteps() {
		if !strings.Contains(raw, squeeze(s)) {
			t.Errorf("step %q is missing", s)
		}
	}
	if again := renderAck(t, rejectedAck()); !bytes.Equal(again, data) {
		t.Error("two renders of the same acknowledgment differ")
	}
}

func TestAcknowledgmentPDFAccepted(t *testing.T) {
	sub := &reconcile.Submission{FileName: "CLS_2025_200046977_lyon.xlsx", SHA256: strings.Repeat("c", 64), SIREN: "200046977",
		Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: time.Date(2026, 1, 12, 8, 30, 0, 0, reconcile.Paris)}
	ack := reports.NewAcknowledgment(reconcile.Receipt{Number: "AR-2026-000007"}, sub, nil)
	ack.Fictitious = true
	pdf := readPDF(t, renderAck(t, ack))
	for _, want := range []string{"ACCEPTÉ", "Votre rapport est accepté.", "Aucune anomalie n'a été relevée.",
		"Aucune action n'est nécessaire", "DONNÉES FICTIVES", "SIREN 200046977 (absent du registre), exercice 2025"} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the acknowledgment does not say %q:\n%s", want, pdf.Layout)
		}
	}
	if strings.Contains(pdf.Layout, "Anomalies relevées") {
		t.Error("a clean report lists anomalies")
	}
}

func TestFileNames(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"CLS_2025_220100010_ain.xlsx", "CLS_2025_220100010_ain-annote.xlsx"},
		{"Rapport Évry 2025.XLSX", "Rapport_Évry_2025-annote.xlsx"},
		{"../../etc/passwd", "passwd-annote.xlsx"},
		{`C:\Users\x\rapport.xlsx`, "rapport-annote.xlsx"},
		{"", "classeur-annote.xlsx"},
	} {
		if got := reports.AnnotatedFileName(tc.in); got != tc.want {
			t.Errorf("AnnotatedFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := reports.AcknowledgmentFileName(&reports.Acknowledgment{Number: "AR-2026-000042"}); got != "accuse-reception-AR-2026-000042.pdf" {
		t.Errorf("AcknowledgmentFileName = %q", got)
	}
}

// Senders put anything in file names and cells: emoji (beyond the 65,536
// glyphs gofpdf can index), CJK, control characters. The PDFs must still
// render, and say the rest as written.
func TestPDFSurvivesAnyText(t *testing.T) {
	ack := rejectedAck()
	ack.FileName = "rapport 😀 final\x00.xlsx"
	ack.Findings = append(ack.Findings, reconcile.Finding{Code: reconcile.ValeurNonNumerique, Severity: reconcile.Bloquant,
		Cells: []string{"Actions!H12"}, Actual: reconcile.TextValue("🚀 中文\t𝔘"), Message: "La cellule contient « 🚀 中文\x01 », qui n'est pas un nombre."})
	if text := reports.AcknowledgmentText(ack); strings.ContainsRune(text, 0) || !strings.Contains(text, "rapport 😀 final .xlsx") {
		t.Errorf("the mail text keeps a NUL or loses the emoji:\n%q", text)
	}
	annotated, err := reports.Annotate(mustRead(t, annotateFixtures[0]), ack.Findings[len(ack.Findings)-1:])
	if err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	for name, part := range zipParts(t, annotated) {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		dec := xml.NewDecoder(bytes.NewReader(part))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("annotated part %s is not XML: %v", name, err)
			}
		}
	}
	pdf := readPDF(t, renderAck(t, ack))
	for _, want := range []string{"rapport \uFFFD final .xlsx", "La cellule contient « \uFFFD"} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the acknowledgment does not say %q:\n%s", want, pdf.Layout)
		}
	}
	fx := newFixture(t, 3, 3)
	fx.Statuses[0].Territory.Name = "Département 🏔 des montagnes"
	fx.Register.Contract(fx.Statuses[0].Territory.SIREN).Territory.Name = fx.Statuses[0].Territory.Name
	fx.Quarantine[0].Reason = "Pièce jointe « 📎.xlsx » illisible\r\n"
	if w := readPDF(t, renderWeekly(t, reports.BuildWeekly(fx.input()))); !strings.Contains(w.Layout, "Département \uFFFD des montagnes") {
		t.Errorf("the weekly report does not name the territory:\n%s", w.Layout)
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pdfCells is how the PDFs list cells: each sheet named once in a run,
// "Actions!G7, H7".
func pdfCells(cells []string) string {
	out, prev := "", ""
	for i, c := range cells {
		if i > 0 {
			out += ", "
		}
		sheet, ref, _ := strings.Cut(c, "!")
		if sheet == prev {
			out += ref
			continue
		}
		prev, out = sheet, out+c
	}
	return out
}
