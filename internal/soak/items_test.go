package soak_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// soakRegister returns the sample register (121 contracts, 2,625 actions)
// with every territory's senders and recipients replaced by the soak's
// accounts: the sender may send for any territory, and every
// acknowledgment also goes to the recipient account.
func soakRegister(tb testing.TB) *reconcile.Register {
	tb.Helper()
	reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
	if err != nil {
		tb.Fatalf("read the sample register: %v", err)
	}
	for i := range reg.Contracts {
		reg.Contracts[i].Territory.Senders = []string{addr(senderUser)}
		reg.Contracts[i].Territory.Recipients = []string{addr(destUser)}
	}
	return reg
}

// base is a filled sample submission the soak makes its variants of.
type base struct {
	name string // CLS_2025_220100010_ain.xlsx
	file *excelize.File
	cell string // the Référent value cell of the Identification sheet
	mu   sync.Mutex
}

// bases returns the sample submissions that pactd reads as a reporting
// workbook of reg (the .xls and the protected one left out), opened.
func bases(tb testing.TB, reg *reconcile.Register) []*base {
	tb.Helper()
	var out []*base
	for _, s := range samples.Submissions() {
		if !strings.HasSuffix(s.Name, ".xlsx") || strings.Contains(s.Name, "protege") {
			continue
		}
		rep := templates.Parse(s.Content, s.Name, reg, templates.DefaultLimits())
		if rep.Template != "CLS-RAE/1" || reg.Contract(rep.SIREN) == nil {
			continue
		}
		f, err := excelize.OpenReader(bytes.NewReader(s.Content))
		if err != nil {
			tb.Fatalf("open sample %s: %v", s.Name, err)
		}
		cell, err := referentCell(f)
		if err != nil {
			tb.Fatalf("sample %s: %v", s.Name, err)
		}
		out = append(out, &base{name: s.Name, file: f, cell: cell})
	}
	if len(out) < 5 {
		tb.Fatalf("only %d sample submissions are reporting workbooks of the sample register", len(out))
	}
	return out
}

// referentCell returns the cell right of the Référent label.
func referentCell(f *excelize.File) (string, error) {
	rows, err := f.GetRows(templates.SheetIdentification)
	if err != nil {
		return "", err
	}
	for r, row := range rows {
		for c, v := range row {
			if strings.TrimSpace(v) == templates.LabelReferent {
				return excelize.CoordinatesToCellName(c+2, r+1)
			}
		}
	}
	return "", fmt.Errorf("no %q label on sheet %s", templates.LabelReferent, templates.SheetIdentification)
}

// variant returns a distinct workbook: base b with the referent's name
// numbered tag (a resend by another person), under the file name
// b.name with -tag before .xlsx.
func (b *base) variant(tb testing.TB, tag string) (string, []byte) {
	tb.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.file.SetCellStr(templates.SheetIdentification, b.cell, "Camille Durand ("+tag+")"); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.file.Write(&buf); err != nil {
		tb.Fatalf("write a variant of %s: %v", b.name, err)
	}
	return strings.TrimSuffix(b.name, ".xlsx") + "-" + tag + ".xlsx", buf.Bytes()
}

// item is one thing the soak sends: a message or a folder file.
type item struct {
	kind      string // "courriel" or "dossier"
	name      string // the workbook's file name (unique in the soak)
	data      []byte
	messageID string // mail only
	from      string // mail only
	poison    string // "" for a good item, else what makes it poison
}

// makeItems returns n good mail items and n good folder files, distinct,
// spread over the sample submissions.
func makeItems(tb testing.TB, reg *reconcile.Register, n int, run string) (mails, files []*item) {
	tb.Helper()
	bs := bases(tb, reg)
	for i := range n {
		b := bs[i%len(bs)]
		name, data := b.variant(tb, fmt.Sprintf("m%04d", i))
		mails = append(mails, &item{kind: "courriel", name: name, data: data, from: addr(senderUser),
			messageID: fmt.Sprintf("soak-%s-m%04d@ain.example.test", run, i)})
		b = bs[(i+3)%len(bs)]
		name, data = b.variant(tb, fmt.Sprintf("f%04d", i))
		files = append(files, &item{kind: "dossier", name: name, data: data})
	}
	return mails, files
}

// poisonItems returns the soak's poison items:
//   - a message from an unknown sender, set aside, whose move to
//     Quarantaine the access list refuses: it can never be moved;
//   - a folder file whose name makes the parser panic (pactd_testhooks);
//   - a folder file over max_file_mb.
func poisonItems(tb testing.TB, reg *reconcile.Register, run string) (unmovable, panics, oversized *item) {
	tb.Helper()
	bs := bases(tb, reg)
	name, data := bs[0].variant(tb, "inconnu")
	unmovable = &item{kind: "courriel", name: name, data: data, from: unknownSender,
		messageID: fmt.Sprintf("soak-%s-inconnu@example.test", run), poison: "message impossible à déplacer"}
	name, data = bs[1].variant(tb, "PANIQUE")
	panics = &item{kind: "dossier", name: name, data: data, poison: "fichier qui fait paniquer l'analyse"}
	big := make([]byte, maxFileMB<<20+300<<10)
	rand.Read(big)
	oversized = &item{kind: "dossier", name: filepath.Base(strings.TrimSuffix(bs[2].name, ".xlsx") + "-TROP-GROS.xlsx"),
		data: big, poison: "fichier trop gros"}
	return unmovable, panics, oversized
}

// maxFileMB is the replicas' intake.max_file_mb.
const maxFileMB = 1
