package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/mailtest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// The campaign end to end (issue 14), with the real binary, Postfix and
// Dovecot: pactd templates send mails each territory its workbook once,
// a reply in the thread from a recipient is the territory's submission,
// a bounce is shown by pactd status and the status site, and a register
// change sends only the changed territory its new workbook while its old
// workbook is still checked against its own commitments.
const (
	campDepot = "camp-depot@example.test" // the intake mailbox, From of the campaign
	campAin   = "camp-ain@example.test"   // Ain's recipient, not an authorised sender
	campAisne = "camp-aisne@example.test" // Aisne's recipient and sender
	campLost  = "nobody@bounce.test"      // Allier's recipient: accepted, then bounced
	sirenAin  = "220100010"
	sirenAis  = "220200026"
	sirenAll  = "220300016"
)

func TestCampaignEndToEnd(t *testing.T) {
	mailtest.Enabled(t)
	for _, u := range []string{campDepot, campAin, campAisne} {
		mailtest.Empty(t, u, strings.TrimSuffix(u, "@example.test")+"-pw")
	}
	e := newCampaignE2E(t)

	// Version 1 of the register; a dry run sends nothing.
	e.pactd("register", "import", writeCampaignRegister(t, e.dir, "registre-v1.xlsx", 10000))
	dry := e.pactd("templates", "send", "--year", "2025", "--dry-run")
	for _, want := range []string{sirenAin, sirenAis, sirenAll, campAin, campLost, "3 classeurs à envoyer", "rien n'a été envoyé"} {
		if !strings.Contains(dry, want) {
			t.Errorf("dry run lacks %q:\n%s", want, dry)
		}
	}
	if n := len(e.sends()); n != 0 {
		t.Fatalf("the dry run recorded %d sends", n)
	}

	// The campaign: one message per territory, the right workbook attached.
	out := e.pactd("templates", "send", "--year", "2025")
	if !strings.Contains(out, "3 classeurs mis en file pour 2025") {
		t.Fatalf("templates send:\n%s", out)
	}
	reg1 := e.register()
	ainMsg := e.waitWorkbooks(campAin, 1)[0]
	e.checkWorkbook(ainMsg, reg1, sirenAin)
	aisneMsgs := e.waitWorkbooks(campAisne, 1)
	e.checkWorkbook(aisneMsgs[0], reg1, sirenAis)
	sends := e.sends()
	if len(sends) != 3 {
		t.Fatalf("%d sends recorded, want 3: %+v", len(sends), sends)
	}
	for _, s := range sends {
		if s.SIREN == sirenAin && s.MessageID != ainMsg.messageID {
			t.Errorf("recorded Message-ID %q, delivered %q", s.MessageID, ainMsg.messageID)
		}
	}

	// A second run sends nothing.
	out = e.pactd("templates", "send", "--year", "2025")
	if !strings.Contains(out, "0 classeur mis en file") || !strings.Contains(out, "classeur à jour déjà envoyé") {
		t.Errorf("second run:\n%s", out)
	}
	time.Sleep(2 * time.Second)
	if n := len(e.workbooks(campAin)); n != 1 {
		t.Errorf("Ain has %d campaign messages after the second run, want 1", n)
	}

	// Ain's recipient answers in the thread with the filled workbook.
	e.send(campAin, "Re: "+ainMsg.subject, ainMsg.messageID, fillCampaignWorkbook(t, ainMsg.workbook, reg1, sirenAin), ainMsg.file)
	p := e.start()
	e.waitHealthy()
	e.waitFor("Ain's answer recorded", 90*time.Second, func() bool { return e.submission(sirenAin) != nil })
	if s := e.submission(sirenAin); s.Origin.Sender != campAin || s.RegisterVersion != 1 {
		t.Errorf("Ain's submission: sender %q, register version %d", s.Origin.Sender, s.RegisterVersion)
	}
	e.waitFor("Allier's bounce recorded", 90*time.Second, func() bool { return len(e.bounces()) > 0 })
	if b := e.bounces()[0]; b.SIREN != sirenAll || b.Recipient != campLost || !b.Failed() {
		t.Errorf("bounce %+v; want Allier's %s, failed", b, campLost)
	}
	status := e.pactd("status", "--year", "2025")
	for _, want := range []string{"Campagne 2025", "1 non remis", campLost, "(dans le fil)"} {
		if !strings.Contains(status, want) {
			t.Errorf("pactd status lacks %q:\n%s", want, status)
		}
	}
	var js struct {
		Campaign []campaignYear `json:"campaign"`
	}
	if err := json.Unmarshal([]byte(e.pactd("status", "--year", "2025", "--json")), &js); err != nil || len(js.Campaign) != 1 ||
		js.Campaign[0].Tally.Bounced != 1 || js.Campaign[0].Tally.Answered != 1 || js.Campaign[0].Tally.Accepted != 3 {
		t.Errorf("pactd status --json campaign: %+v, %v", js.Campaign, err)
	}
	page := e.get("/campagne?annee=2025")
	for _, want := range []string{"Campagne 2025 : envoi des classeurs", campLost, "en réponse au message d'envoi", "Département de l&#39;Allier"} {
		if !strings.Contains(page, want) {
			t.Errorf("campaign page lacks %q", want)
		}
	}

	// Version 2 changes Aisne's commitments only: import lists it, and
	// --changed sends Aisne alone its new workbook, saying what changed.
	out = e.pactd("register", "import", writeCampaignRegister(t, e.dir, "registre-v2.xlsx", 12000))
	if !strings.Contains(out, "Engagements modifiés depuis la version 1 : 1 territoire") || !strings.Contains(out, sirenAis) ||
		strings.Contains(out, sirenAin) {
		t.Errorf("register import v2:\n%s", out)
	}
	out = e.pactd("templates", "send", "--year", "2025", "--changed")
	if !strings.Contains(out, "1 classeur mis en file") || !strings.Contains(out, sirenAis) {
		t.Errorf("templates send --changed:\n%s", out)
	}
	reg2 := e.register()
	aisneMsgs = e.waitWorkbooks(campAisne, 2)
	e.checkWorkbook(aisneMsgs[1], reg2, sirenAis)
	if !strings.Contains(aisneMsgs[1].text, "montant État prévu de l'action ENF-01") || !strings.Contains(aisneMsgs[1].text, "remplace") {
		t.Errorf("the new workbook's letter does not say what changed:\n%s", aisneMsgs[1].text)
	}
	time.Sleep(2 * time.Second)
	if n := len(e.workbooks(campAin)); n != 1 {
		t.Errorf("Ain has %d campaign messages after --changed, want 1", n)
	}

	// Aisne sends back its workbook of version 1: checked against version 1.
	e.send(campAisne, "Rapport 2025", "", fillCampaignWorkbook(t, aisneMsgs[0].workbook, reg1, sirenAis), aisneMsgs[0].file)
	e.waitFor("Aisne's old workbook recorded", 90*time.Second, func() bool { return e.submission(sirenAis) != nil })
	s := e.submission(sirenAis)
	found := map[reconcile.Code]int{}
	for _, f := range s.Findings {
		if f.Code != reconcile.EngagementModifie || (len(f.Cells) > 0 && !strings.HasPrefix(f.Cells[0], "Identification!")) {
			found[f.Code]++
		}
	}
	if s.RegisterVersion != 1 || found[reconcile.ClasseurRemplace] != 1 || found[reconcile.EngagementModifie] != 0 || s.Verdict != reconcile.Accepted {
		t.Errorf("Aisne's old workbook: version %d, verdict %s, findings %v; want version 1, accepted, CLASSEUR_REMPLACE",
			s.RegisterVersion, s.Verdict, found)
	}
	// pactd reconcile recomputes it against its own version too.
	var rec struct {
		Findings []struct {
			Code  reconcile.Code `json:"code"`
			Cells []string       `json:"cells"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(e.pactd("reconcile", "--siren", sirenAis, "--year", "2025", "--json")), &rec); err != nil {
		t.Fatalf("pactd reconcile --json: %v", err)
	}
	again := map[reconcile.Code]int{}
	for _, f := range rec.Findings {
		if f.Code != reconcile.EngagementModifie || (len(f.Cells) > 0 && !strings.HasPrefix(f.Cells[0], "Identification!")) {
			again[f.Code]++
		}
	}
	if again[reconcile.ClasseurRemplace] != 1 || again[reconcile.EngagementModifie] != 0 {
		t.Errorf("pactd reconcile of Aisne's old workbook: findings %v; want CLASSEUR_REMPLACE and no changed commitment", again)
	}
	p.stop(t)
}

// newCampaignE2E builds the binary and writes a configuration whose
// intake is camp-depot's INBOX, where replies and bounces arrive.
func newCampaignE2E(t *testing.T) *e2e {
	dir := t.TempDir()
	e := &e2e{t: t, dir: dir, bin: filepath.Join(dir, "pactd"), db: filepath.Join(dir, "data", "pactd.db"), mailbox: "INBOX"}
	if out, err := exec.Command("go", "build", "-o", e.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	e.http = freeAddr(t)
	for e.ops = freeAddr(t); e.ops == e.http; e.ops = freeAddr(t) {
	}
	tag := fmt.Sprintf("camp-%d", time.Now().UnixNano()%1e9)
	e.done = tag + "-traites"
	e.cfg = filepath.Join(dir, "pactd.toml")
	cfg := fmt.Sprintf(`database = %q
http_addr = %q
metrics_addr = %q
shutdown_timeout = "10s"
[watch]
dir = %q
[[imap]]
url = "imap://camp-depot%%40example.test:camp-depot-pw@%s/INBOX"
processed = %q
quarantine = %q
[intake]
# Mail reaches Dovecot through the loopback Postfix, which authenticates
# nothing: the thread rule is tested here, sender authentication with
# OpenDKIM and OpenDMARC in ingest/e2e.
require_authentication = false
[smtp]
url = "smtp://%s"
from = "Pacte des solidarités <%s>"
[service]
name = "Service de suivi des contrats locaux des solidarités"
contact = "suivi-cls@example.test, 01 23 45 67 89"
signature = "Le service de suivi des contrats locaux des solidarités"
[log]
level = "debug"
format = "json"
`, e.db, e.http, e.ops, filepath.Join(dir, "depot"), mailtest.IMAPAddr, e.done, tag+"-quarantaine", mailtest.SMTPAddr, campDepot)
	if err := os.WriteFile(e.cfg, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PACTD_") && !strings.HasPrefix(kv, "SSL_CERT_FILE=") {
			e.env = append(e.env, kv)
		}
	}
	e.env = append(e.env, "SSL_CERT_FILE="+filepath.Join(mailtest.Dir(), "tls", "cert.pem"))
	t.Cleanup(func() {
		c := mailtest.Mailbox(t, campDepot, "camp-depot-pw")
		defer c.Close()
		for _, f := range []string{e.done, tag + "-quarantaine"} {
			c.Delete(f).Wait()
		}
	})
	return e
}

// writeCampaignRegister writes a register of three territories; aisneState
// is Aisne's planned State amount of ENF-01 in 2025 (euros), the one thing
// versions change.
func writeCampaignRegister(t *testing.T, dir, name string, aisneState int) string {
	f := excelize.NewFile()
	defer f.Close()
	rows := map[string][][]any{
		"Territoires": {{"SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)", "Expéditeurs autorisés", "Destinataires"},
			{sirenAin, "Département de l'Ain", "departement", "01", 3, 100000, "referent@ain.example", campAin},
			{sirenAis, "Département de l'Aisne", "departement", "02", 3, 100000, campAisne, campAisne},
			{sirenAll, "Département de l'Allier", "departement", "03", 3, 100000, "@allier.example", campLost}},
		"Actions":     {{"SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)"}},
		"Indicateurs": {{"SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible"}},
	}
	for _, s := range []string{sirenAin, sirenAis, sirenAll} {
		state := 10000
		if s == sirenAis {
			state = aisneState
		}
		rows["Actions"] = append(rows["Actions"],
			[]any{s, "ENF-01", "Prévenir la pauvreté et lutter contre les inégalités dès l'enfance", "Accueil des jeunes enfants", "Nouvelle", 2025, state, state},
			[]any{s, "ACD-01", "Lutter contre la grande exclusion grâce à l'accès aux droits", "Accès aux droits", "Renforcée", 2025, 5000, 5000})
		rows["Indicateurs"] = append(rows["Indicateurs"],
			[]any{s, "ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", 10, 2025, 20},
			[]any{s, "ACD-01", "ACD-01-I1", "Personnes accompagnées", "personnes", 30, 2025, 40})
	}
	for i, sheet := range []string{"Territoires", "Actions", "Indicateurs"} {
		if i == 0 {
			must(t, f.SetSheetName("Sheet1", sheet))
		} else if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		for r, row := range rows[sheet] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			must(t, f.SetSheetRow(sheet, cell, &row))
		}
	}
	path := filepath.Join(dir, name)
	must(t, f.SaveAs(path))
	return path
}

// register reads the latest register version of the test's database.
func (e *e2e) register() *reconcile.Register {
	e.t.Helper()
	st := e.store()
	defer st.Close()
	reg, err := st.LatestRegister(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return reg
}

func (e *e2e) store() *sqlite.Store {
	e.t.Helper()
	st, err := sqlite.Open(context.Background(), e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

func (e *e2e) sends() []reconcile.CampaignSend {
	e.t.Helper()
	st := e.store()
	defer st.Close()
	s, err := st.CampaignSends(context.Background(), 2025)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *e2e) bounces() []reconcile.Bounce {
	e.t.Helper()
	st := e.store()
	defer st.Close()
	b, err := st.Bounces(context.Background(), 2025)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// submission returns the newest submission of siren for 2025, or nil.
func (e *e2e) submission(siren string) *reconcile.Submission {
	e.t.Helper()
	st := e.store()
	defer st.Close()
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: siren, Year: 2025})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(subs) == 0 {
		return nil
	}
	return &subs[len(subs)-1]
}

// campaignMessage is a campaign message as delivered to a recipient.
type campaignMessage struct {
	messageID, subject, text, file string
	workbook                       []byte
}

// workbooks reads the campaign messages in user's INBOX, oldest first.
func (e *e2e) workbooks(user string) []campaignMessage {
	e.t.Helper()
	c := mailtest.Mailbox(e.t, user, strings.TrimSuffix(user, "@example.test")+"-pw")
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		e.t.Fatal(err)
	}
	sd, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: "contrat local des solidarités"}}}, nil).Wait()
	if err != nil {
		e.t.Fatal(err)
	}
	var out []campaignMessage
	for _, uid := range sd.AllUIDs() {
		out = append(out, readCampaignMessage(e.t, c, uid))
	}
	return out
}

func (e *e2e) waitWorkbooks(user string, n int) []campaignMessage {
	e.t.Helper()
	var got []campaignMessage
	e.waitFor(fmt.Sprintf("%d campaign messages for %s", n, user), 30*time.Second, func() bool {
		got = e.workbooks(user)
		return len(got) >= n
	})
	if len(got) != n {
		e.t.Fatalf("%s has %d campaign messages, want %d", user, len(got), n)
	}
	return got
}

func readCampaignMessage(t *testing.T, c *imapclient.Client, uid imap.UID) campaignMessage {
	t.Helper()
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, Envelope: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch %d: %v", uid, err)
	}
	m := campaignMessage{messageID: msgs[0].Envelope.MessageID, subject: msgs[0].Envelope.Subject}
	var xlsx, text []int
	msgs[0].BodyStructure.Walk(func(path []int, p imap.BodyStructure) bool {
		if sp, ok := p.(*imap.BodyStructureSinglePart); ok {
			switch {
			case strings.HasSuffix(sp.Filename(), ".xlsx"):
				xlsx, m.file = append([]int(nil), path...), sp.Filename()
			case sp.MediaType() == "text/plain" && text == nil:
				text = append([]int(nil), path...)
			}
		}
		return true
	})
	if xlsx == nil || text == nil {
		t.Fatalf("message %q has no workbook or no text", m.subject)
	}
	bx, bt := &imap.FetchItemBinarySection{Part: xlsx, Peek: true}, &imap.FetchItemBinarySection{Part: text, Peek: true}
	parts, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{BinarySection: []*imap.FetchItemBinarySection{bx, bt}}).Collect()
	if err != nil || len(parts) != 1 {
		t.Fatalf("fetch parts of %d: %v", uid, err)
	}
	m.workbook, m.text = parts[0].FindBinarySection(bx), string(parts[0].FindBinarySection(bt))
	return m
}

// checkWorkbook opens the attachment as pactd would and checks it is the
// territory's workbook of reg.
func (e *e2e) checkWorkbook(m campaignMessage, reg *reconcile.Register, siren string) {
	e.t.Helper()
	c := reg.Contract(siren)
	rep := templates.Parse(m.workbook, m.file, reg, templates.DefaultLimits())
	if rep.SIREN != siren || rep.Year != 2025 || rep.Fingerprint != reconcile.Fingerprint(c, 2025) ||
		m.file != templates.FileName(c.Territory, 2025) {
		e.t.Errorf("attachment %s: SIREN %s, year %d, fingerprint %s; want %s, 2025, %s", m.file, rep.SIREN, rep.Year,
			rep.Fingerprint, siren, reconcile.Fingerprint(c, 2025))
	}
	for _, want := range []string{"Date limite de transmission : le 31 mars 2026", "répondez à ce message", campDepot, "suivi-cls@example.test"} {
		if !strings.Contains(strings.ReplaceAll(m.text, "=\r\n", ""), want) && !strings.Contains(m.text, want) {
			e.t.Errorf("letter of %s lacks %q:\n%s", siren, want, m.text)
		}
	}
}

// send mails a workbook from a territory's address to the intake, in the
// thread of inReplyTo when not empty.
func (e *e2e) send(from, subject, inReplyTo string, workbook []byte, name string) {
	e.t.Helper()
	d := mail.Draft{From: from, To: []string{campDepot}, Subject: subject, Date: time.Now(),
		Key: from + strconv.FormatInt(time.Now().UnixNano(), 10), Text: "Bonjour,\n\nVoici notre rapport.\n",
		Attachments: []mail.Attachment{{Name: name, ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: workbook}}}
	if inReplyTo != "" {
		d.InReplyTo, d.References = inReplyTo, []string{inReplyTo}
	}
	raw, _, err := mail.Compose(d)
	if err != nil {
		e.t.Fatal(err)
	}
	smtp, err := mail.NewSMTP("smtp://"+mailtest.SMTPAddr, mailtest.TLSConfig(e.t))
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := smtp.Send(context.Background(), from, []string{campDepot}, raw); err != nil {
		e.t.Fatalf("send %s's workbook: %v", from, err)
	}
}

// fillCampaignWorkbook fills a received workbook as a territory would:
// every amount spent as planned in reg, every indicator at its target.
func fillCampaignWorkbook(t *testing.T, data []byte, reg *reconcile.Register, siren string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := reg.Contract(siren)
	fillTable(t, f, templates.SheetActions, templates.HeaderActionCode, func(row int, code string, col map[string]string) {
		a := c.Action(code)
		if a == nil {
			return
		}
		r := strconv.Itoa(row)
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderStateSpent]+r, a.Plans[2025].State.Euros()))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderTerritorySpent]+r, a.Plans[2025].Territory.Euros()))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderOtherSpent]+r, 0))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderStatus]+r, reconcile.StatusRealisee))
	})
	fillTable(t, f, templates.SheetIndicators, templates.HeaderIndicatorCode, func(row int, code string, col map[string]string) {
		r := strconv.Itoa(row)
		target, err := f.GetCellValue(templates.SheetIndicators, col[templates.HeaderTarget]+r, excelize.Options{RawCellValue: true})
		must(t, err)
		v, err := strconv.ParseFloat(target, 64)
		must(t, err)
		must(t, f.SetCellValue(templates.SheetIndicators, col[templates.HeaderActual]+r, v+1))
	})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fillTable calls fn for each data row of the table whose header row
// holds keyHeader, with the column letter of each header.
func fillTable(t *testing.T, f *excelize.File, sheet, keyHeader string, fn func(row int, key string, col map[string]string)) {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	must(t, err)
	for h, cells := range rows {
		key := -1
		for j, v := range cells {
			if v == keyHeader {
				key = j
			}
		}
		if key < 0 {
			continue
		}
		col := map[string]string{}
		for j, v := range cells {
			name, _ := excelize.ColumnNumberToName(j + 1)
			col[v] = name
		}
		for i := h + 1; i < len(rows); i++ {
			if key < len(rows[i]) && rows[i][key] != "" && rows[i][0] != templates.TotalLabel {
				fn(i+1, rows[i][key], col)
			}
		}
		return
	}
	t.Fatalf("no header %q in %s", keyHeader, sheet)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
