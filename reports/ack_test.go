package reports_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
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
		Report:     &reconcile.Report{Identification: reconcile.Identification{Referent: "Camille Martin"}},
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

func TestBanner(t *testing.T) {
	alert := finding(reconcile.ValeurManquante, "m", "A!B2")
	block := finding(reconcile.MontantNegatif, "m", "A!B3")
	deadline := time.Date(2026, 3, 31, 23, 59, 0, 0, reconcile.Paris)
	for _, tc := range []struct {
		name    string
		outcome reports.AckOutcome
		fs      []reconcile.Finding
		want    string
	}{
		{"clean", reports.AckAccepted, nil, "Votre rapport 2025 est accepté."},
		{"alerts", reports.AckAccepted, []reconcile.Finding{alert, alert}, "Votre rapport 2025 est accepté."},
		{"late", reports.AckAcceptedLate, nil, "Votre rapport 2025 est accepté, mais il est arrivé après la date limite du 31 mars 2026."},
		{"one", reports.AckRejected, []reconcile.Finding{block, alert}, "Votre rapport 2025 est rejeté : 1 anomalie bloquante est à corriger avant de le renvoyer."},
		{"three", reports.AckRejected, []reconcile.Finding{block, block, block}, "Votre rapport 2025 est rejeté : 3 anomalies bloquantes sont à corriger avant de le renvoyer."},
		{"unreadable", reports.AckUnreadable, nil, "Votre fichier n'a pas pu être lu : il a été mis de côté sans être examiné."},
		{"set aside", reports.AckSetAside, nil, "Votre fichier n'a pas été enregistré : il a été mis de côté pour être examiné par le service."},
	} {
		ack := &reports.Acknowledgment{Outcome: tc.outcome, Findings: tc.fs, Year: 2025, Deadline: deadline}
		if got := ack.Banner(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if strings.Count(tc.want, ". ") > 0 {
			t.Errorf("%s: the banner is more than one sentence", tc.name)
		}
	}
}

func TestAcknowledgmentText(t *testing.T) {
	ack := rejectedAck()
	ack.Service = reports.Service{Name: "Délégation de test", Contact: "cls@example.test, 01 23 45 67 89", Signature: "La délégation de test"}
	text := reports.AcknowledgmentText(ack)
	for _, want := range []string{
		"Madame, Monsieur,",
		"Nous accusons réception le 20 mars 2026 à 14 h 03 du fichier",
		"Votre rapport 2025 est rejeté : 3 anomalies bloquantes sont à corriger avant\nde le renvoyer.",
		"Il comporte aussi 1 alerte à vérifier et 1 information.",
		"Accusé de réception : AR-2026-000042",
		"Reçu le : 20 mars 2026 à 14 h 03 (heure de Paris)",
		"Expéditeur : referent@ain.example",
		"Territoire : Département de l'Ain (SIREN 220100010), exercice 2025",
		"Fichier : CLS_2025_220100010_ain.xlsx",
		"  " + ack.SHA256,
		"1. À corriger — Cofinancement insuffisant, cellules Actions!G7, Actions!H7",
		"   (réf. COFINANCEMENT_INSUFFISANT)",
		"Attendu : 98\u00a0000,50\u00a0€ ; constaté : 90\u00a0000,00\u00a0€.",
		"Cofinancement : la règle et les deux façons d'en sortir",
		"1. Si un montant est mal saisi",
		"2. Si les montants sont exacts : expliquez l'écart dans la colonne",
		"Que faire maintenant ?",
		"à la même adresse\n  (rapports-cls@example.test)",
		"Seule la version acceptée la plus récente est prise en compte",
		"Votre classeur vous est aussi renvoyé annoté\n(CLS_2025_220100010_ain-annote.xlsx)",
		"Pour toute question sur ce rapport : cls@example.test, 01 23 45 67 89.",
		"Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations\ndistinguées.",
		"La délégation de test",
	} {
		if !strings.Contains(squeeze(text), squeeze(want)) {
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
		for _, want := range append([]string{"(réf." + string(f.Code) + ")", f.Message}, f.Cells...) {
			if !strings.Contains(flat, squeeze(want)) {
				t.Errorf("text lacks %q", want)
			}
		}
	}
	// Codes are for the service, in brackets, never a finding's heading.
	for _, l := range strings.Split(text, "\n") {
		if regexp.MustCompile(`^\d+\. .*[A-Z]{5,}_[A-Z_]+`).MatchString(l) {
			t.Errorf("a finding's heading shows its code: %q", l)
		}
	}
	// The bloquants come first.
	if strings.Index(text, "COFINANCEMENT") > strings.Index(text, "VALEUR_MANQUANTE") {
		t.Error("findings are not sorted by severity")
	}
	if got := ack.Subject(); got != "Accusé de réception AR-2026-000042 — Département de l'Ain — rapport 2025 : rejeté" {
		t.Errorf("subject %q", got)
	}
}

func TestAcknowledgmentTextCases(t *testing.T) {
	reg := &reconcile.Register{Version: 4, Contracts: []reconcile.Contract{{Territory: reconcile.Territory{
		SIREN: "221000052", Name: "Département de l'Aube"}}}}
	sub := &reconcile.Submission{FileName: "rapport.xlsx", SHA256: strings.Repeat("a", 64), SIREN: "220100010", Year: 2025,
		Verdict: reconcile.Accepted, ReceivedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, reconcile.Paris)}
	late := *sub
	late.ReceivedAt = time.Date(2026, 4, 2, 9, 0, 0, 0, reconcile.Paris)
	late.Findings = []reconcile.Finding{reconcile.NewFinding(reconcile.TransmissionTardive, "Reçu après la date limite.")}
	dup := reconcile.Receipt{Number: "AR-2026-000043", Duplicate: true, ReceivedAt: time.Date(2026, 3, 5, 10, 0, 0, 0, reconcile.Paris)}
	unreadable := &reconcile.Submission{FileName: "CLS_2025_221000052_aube.xls", SHA256: strings.Repeat("b", 64), Size: 38400,
		Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Le fichier est un ancien format .xls : enregistrez-le au format .xlsx.")}}
	noName := &reconcile.Submission{FileName: "scan.pdf", SHA256: strings.Repeat("c", 64),
		Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Ce fichier n'est pas un classeur Excel (.xlsx).")}}
	intruder := &reconcile.Submission{FileName: "CLS_2025_221000052_aube.xlsx", SIREN: "221000052", Year: 2025, SHA256: strings.Repeat("d", 64)}
	qr := reconcile.Receipt{Number: "QR-000001", ReceivedAt: time.Date(2026, 4, 1, 16, 0, 0, 0, reconcile.Paris)}
	for _, tc := range []struct {
		name string
		ack  *reports.Acknowledgment
		want []string
		not  []string
	}{
		{"accepted", reports.NewAcknowledgment(reconcile.Receipt{Number: "AR-1"}, sub, nil),
			[]string{"Votre rapport 2025 est accepté.", "Aucune anomalie n'a été relevée.", "Aucune action n'est nécessaire", "Reçu le : 2 mars 2026 à 9 h 00"},
			[]string{"Anomalies relevées", "classeur annoté", "renvoyé", "hors délai"}},
		{"accepted late", reports.NewAcknowledgment(reconcile.Receipt{Number: "AR-3"}, &late, nil),
			[]string{"Votre rapport 2025 est accepté, mais il est arrivé après la date limite.", "transmis hors délai"}, nil},
		{"duplicate", reports.NewAcknowledgment(dup, sub, nil),
			[]string{"identique à un fichier déjà reçu le 2 mars 2026 à 9 h 00", "Reçu le : 5 mars 2026 à 10 h 00"}, nil},
		{"unreadable, SIREN in its name", reports.NewSetAsideNotice(qr, unreadable, "Le fichier ne peut pas être rattaché à un territoire et à une année du registre.", reg),
			[]string{"Votre fichier n'a pas pu être lu : il a été mis de côté sans être examiné.",
				"Motif : Le fichier est un ancien format .xls : enregistrez-le au format .xlsx.",
				"Territoire : Département de l'Aube (SIREN 221000052), exercice 2025, d'après\n  le nom du fichier",
				"Référence : QR-000001", "Enregistrez le classeur au format Excel (.xlsx), sans mot de passe",
				"La date limite de transmission pour l'exercice 2025, le 31 mars 2026, est\n  passée"},
			[]string{"anomalie", "bloquant", "registre des engagements", "Vérifié", "FICHIER_ILLISIBLE", "non déterminé", "rattaché"}},
		{"unreadable, no SIREN", reports.NewSetAsideNotice(qr, noName, "", reg),
			[]string{"Territoire : non déterminé : le fichier n'a pas pu être lu et son nom ne porte", "Motif : Ce fichier n'est pas un classeur Excel"},
			[]string{"anomalie", "registre des engagements"}},
		{"sender not authorised", reports.NewSetAsideNotice(qr, intruder, "L'adresse x@y.fr n'est pas autorisée à transmettre le rapport du Département de l'Aube.", reg),
			[]string{"Votre fichier n'a pas été enregistré : il a été mis de côté pour être examiné par le service.",
				"Motif : L'adresse x@y.fr n'est pas autorisée", "Territoire : Département de l'Aube (SIREN 221000052), exercice 2025\n",
				"Pour faire autoriser une autre adresse"},
			[]string{"d'après le nom du fichier", "anomalie"}},
	} {
		text := reports.AcknowledgmentText(tc.ack)
		for _, w := range tc.want {
			if !strings.Contains(squeeze(text), squeeze(w)) {
				t.Errorf("%s: text lacks %q:\n%s", tc.name, w, text)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: text says %q:\n%s", tc.name, w, text)
			}
		}
	}
	notice := reports.NewSetAsideNotice(qr, unreadable, "", reg)
	if got := notice.Subject(); got != "Envoi mis de côté QR-000001 — Département de l'Aube — rapport 2025" {
		t.Errorf("subject %q", got)
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
		"Objet : rapport annuel d'exécution du contrat local des solidarités,",
		"REJETÉ", "20 mars 2026 à 14 h 03 (heure de Paris)", "referent@ain.example",
		"Département de l'Ain (SIREN 220100010), exercice 2025", "CLS_2025_220100010_ain.xlsx", ack.SHA256,
		"le registre des engagements, version 4", "Anomalies relevées", "Que faire maintenant ?",
		"98 000,50 €", "90 000,00 €", "Page 1 sur", "Madame, Monsieur,", "À l'attention de Camille Martin",
		"Cofinancement : la règle et les deux façons d'en sortir",
		"Classeur annoté joint", "CLS_2025_220100010_ain-annote.xlsx",
	} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the acknowledgment does not say %q:\n%s", want, pdf.Layout)
		}
	}
	raw := squeeze(pdf.Raw)
	for _, want := range []string{ack.Banner(), "Il comporte aussi 1 alerte à vérifier et 1 information.", reports.Courtesy,
		reports.DefaultService.Signature, reports.DefaultService.Name} {
		if !strings.Contains(raw, squeeze(want)) {
			t.Errorf("the verdict %q is missing", want)
		}
	}
	for _, f := range ack.Findings {
		for _, want := range []string{"réf. " + string(f.Code), f.Message, pdfCells(f.Cells), reconcile.Capitalize(reports.CodeLabel(f.Code))} {
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
	for _, want := range []string{"ACCEPTÉ", "Votre rapport 2025 est accepté.", "Aucune anomalie n'a été relevée.",
		"Aucune action n'est nécessaire", "DONNÉES FICTIVES", "SIREN 200046977, absent du registre, exercice 2025"} {
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
	annotated, err := reports.Annotate(mustRead(t, annotateFixtures[0]), ack.Findings[len(ack.Findings)-1:], reports.Service{})
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
	fx.Register.Contracts[0].Territory.Name = "Département 🏔 des montagnes"
	fx.Quarantine[len(fx.Quarantine)-1].Reason = "Pièce jointe « 📎.xlsx » illisible\r\n"
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

// The embedded fonts hold the Latin scripts only: a territory name in
// Greek or a comment in Chinese must neither break the acknowledgment nor
// vanish from it, but show as U+FFFD «�», the rest as written; the French
// wording itself never needs the fallback.
func TestPDFFallbackOutsideLatin(t *testing.T) {
	plain := readPDF(t, renderAck(t, rejectedAck()))
	if strings.ContainsRune(plain.Raw, '\uFFFD') {
		t.Errorf("the acknowledgment of a French file draws the fallback:\n%s", plain.Raw)
	}
	ack := rejectedAck()
	ack.TerritoryName = "Δήμος Ain ʻUvea"
	ack.Findings = append(ack.Findings, finding(reconcile.ValeurNonNumerique, "La cellule contient « 中文 », qui n'est pas un nombre.", "Actions!H12"))
	pdf := readPDF(t, renderAck(t, ack))
	text := squeeze(pdf.Raw)
	for _, want := range []string{"\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDAinʻUvea", "«\uFFFD\uFFFD»,quin'estpasunnombre"} {
		if !strings.Contains(text, want) {
			t.Errorf("the acknowledgment does not say %q:\n%s", want, pdf.Raw)
		}
	}
	if strings.ContainsAny(pdf.Raw, "Δήμος中文") {
		t.Errorf("the acknowledgment draws characters its fonts do not have:\n%s", pdf.Raw)
	}
}

// The fonts are parsed once per process and shared (third_party/gofpdf):
// documents rendered at the same time, as the intake's workers do, must
// come out the same as one rendered alone.
func TestAcknowledgmentPDFConcurrent(t *testing.T) {
	want := renderAck(t, rejectedAck())
	other := rejectedAck()
	other.TerritoryName = "Collectivité de Corse — ŒUVRE ʻUvea"
	wantOther := renderAck(t, other)
	errs := make(chan string, 16)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			ack, exp := rejectedAck(), want
			if i%2 == 1 {
				ack, exp = other, wantOther
			}
			var buf bytes.Buffer
			if err := reports.AcknowledgmentPDF(&buf, ack); err != nil {
				errs <- err.Error()
			} else if !bytes.Equal(buf.Bytes(), exp) {
				errs <- fmt.Sprintf("render %d differs from the one rendered alone", i)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
