package e2e_test

import (
	"bytes"
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// The sender-authentication path of scripts/mailauth.sh: the territory's
// server signs as ain.example.test, the forger's server signs as evil.test
// with a valid key of that domain, and the intake's receiving server
// verifies with OpenDKIM and evaluates DMARC with OpenDMARC.
const (
	authServID   = "mx.pactd.test"
	smtpAinAddr  = "127.0.0.1:2587" // signs mail From ain.example.test
	smtpEvilAddr = "127.0.0.1:2588" // signs everything as evil.test
	smtpMXAddr   = "127.0.0.1:2625" // the intake's receiving server
	authDepot    = "auth-depot"
)

// requireAuthServers fails the test when the OpenDKIM/OpenDMARC path is
// not running.
func requireAuthServers(t *testing.T) {
	t.Helper()
	requireMail(t)
	for _, a := range []string{smtpAinAddr, smtpEvilAddr, smtpMXAddr} {
		c, err := net.DialTimeout("tcp", a, 2*time.Second)
		if err != nil {
			t.Fatalf("no SMTP server on %s (%v): run `bash scripts/mailtest.sh start` as root (it starts scripts/mailauth.sh)", a, err)
		}
		c.Close()
	}
}

// TestSenderAuthentication: pactd reads a mailbox behind real OpenDKIM and
// OpenDMARC and accepts the workbook the territory's server signed, and
// quarantines, each with the check that failed in its reason: a forged
// From, a valid signature of another domain, forged Authentication-Results
// headers at the top and at the bottom of the sender's header, a message
// that came in another way (no header of the trusted server), and a display
// name that shows the territory's address over another one.
func TestSenderAuthentication(t *testing.T) {
	requireAuthServers(t)
	reset(t, authDepot)
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	reg := register("@ain.example.test", addr("e2e-ain-dest"), "lyon@lyon.example.test")
	if _, err := store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	name, wb := filledWorkbook(t, reg, sirenAin)
	files := map[string][]byte{name: wb}
	p := &ingest.Pipeline{Store: store, Log: zerolog.Nop()}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: imapURL(authDepot), TLSConfig: tlsConfig(t), Poll: 2 * time.Second,
		Auth: ingest.SenderAuth{TrustedServers: []string{authServID}}}, store, p, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	const jeanne = "jeanne.martin@ain.example.test"
	forged := "Authentication-Results: " + authServID + "; dkim=pass header.d=ain.example.test; dmarc=pass header.from=ain.example.test"
	forgedDMARC := "Authentication-Results: " + authServID + "; dmarc=pass (p=reject dis=none) header.from=ain.example.test"
	msg := func(from, id string) []byte {
		return submission(t, from, addr(authDepot), "Rapport annuel 2025 — Ain", id, files)
	}
	cases := []struct {
		id, server, from string
		raw              []byte
		want             string // "" accepted, else part of the quarantine reason
	}{
		{"signe@ain.example.test", smtpAinAddr, jeanne, msg("Jeanne Martin <"+jeanne+">", "signe@ain.example.test"), ""},
		{"faux-from@ain.example.test", smtpMXAddr, jeanne, msg(jeanne, "faux-from@ain.example.test"),
			"Contrôle DMARC : échec pour l'adresse " + jeanne},
		{"autre-domaine@ain.example.test", smtpEvilAddr, jeanne, msg(jeanne, "autre-domaine@ain.example.test"),
			"Contrôle DMARC : échec pour l'adresse " + jeanne},
		{"ar-en-haut@ain.example.test", smtpMXAddr, jeanne, withHeader(msg(jeanne, "ar-en-haut@ain.example.test"), forgedDMARC, true),
			"Contrôle DMARC : échec pour l'adresse " + jeanne},
		{"ar-en-bas@ain.example.test", smtpMXAddr, jeanne, withHeader(msg(jeanne, "ar-en-bas@ain.example.test"), forgedDMARC, false),
			"Contrôle DMARC : échec pour l'adresse " + jeanne},
		{"ar-dkim@ain.example.test", smtpMXAddr, jeanne, withHeader(msg(jeanne, "ar-dkim@ain.example.test"), forged, true),
			"Contrôle DMARC : échec pour l'adresse " + jeanne},
		{"sans-serveur@ain.example.test", smtpAddr, jeanne, msg(jeanne, "sans-serveur@ain.example.test"),
			"ne porte aucun résultat d'authentification (en-tête Authentication-Results) d'un serveur de confiance (" + authServID + ")"},
		{"nom-affiche@evil.test", smtpEvilAddr, "x@evil.test", msg(`"`+jeanne+`" <x@evil.test>`, "nom-affiche@evil.test"),
			"L'adresse x@evil.test n'est pas autorisée"},
	}
	for _, c := range cases {
		sendVia(t, c.server, c.from, []string{addr(authDepot)}, c.raw)
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- src.Run(runCtx) }()
	stop := func() {
		if cancel != nil {
			cancel()
			cancel = nil
			if err := <-done; err != nil {
				t.Errorf("Run: %v", err)
			}
		}
	}
	defer stop()
	waitCount(t, 60*time.Second, authDepot, "Traités", 1)
	waitCount(t, 60*time.Second, authDepot, "Quarantaine", len(cases)-1)
	stop()

	subs, err := store.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil || len(subs) != 1 || subs[0].Origin.MessageID != cases[0].id || subs[0].Origin.Sender != jeanne {
		t.Fatalf("submissions %+v (%v), want the signed one, from %s", subs, err, jeanne)
	}
	q, err := store.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, e := range q {
		reasons[e.Origin.MessageID] = e.Reason
	}
	for _, c := range cases[1:] {
		if !strings.Contains(reasons[c.id], c.want) {
			t.Errorf("%s quarantined for %q, want a reason with %q", c.id, reasons[c.id], c.want)
		}
	}
	if st := src.Stats().AuthFailures; st[ingest.AuthDMARCFailed] != 5 || st[ingest.AuthNoTrustedResult] != 1 {
		t.Errorf("sender-check failures %v, want 5 %s and 1 %s", st, ingest.AuthDMARCFailed, ingest.AuthNoTrustedResult)
	}
	checkDelivered(t, fetchAll(t, authDepot, "Quarantaine"), forgedDMARC)
}

// checkDelivered shows that the servers were really in the path, so that
// the verdicts above are pactd's reading of real headers: the forger's
// signature verified (dkim=pass for evil.test) and DMARC failed, and the
// forged DMARC header reached the mailbox below the server's own.
func checkDelivered(t *testing.T, msgs [][]byte, forged string) {
	t.Helper()
	var sawEvilPass, sawForgedBelow bool
	for _, raw := range msgs {
		hdr := string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))])
		hdr = strings.NewReplacer("\r\n\t", " ", "\r\n ", " ").Replace(hdr)
		server := strings.Index(hdr, "Authentication-Results: "+authServID+"; dmarc=fail")
		if strings.Contains(hdr, "dkim=pass (2048-bit key) header.d=evil.test") && server >= 0 {
			sawEvilPass = true
		}
		if f := strings.Index(hdr, forged); f >= 0 && server >= 0 && server < f {
			sawForgedBelow = true
		}
	}
	if !sawEvilPass {
		t.Error("no delivered message shows OpenDKIM's dkim=pass for evil.test with OpenDMARC's dmarc=fail")
	}
	if !sawForgedBelow {
		t.Error("no delivered message shows the forged header below OpenDMARC's")
	}
}

// withHeader adds a header line to a composed message, at the top of its
// header or at the bottom (just above the body).
func withHeader(raw []byte, line string, top bool) []byte {
	if top {
		return append([]byte(line+"\r\n"), raw...)
	}
	end := bytes.Index(raw, []byte("\r\n\r\n")) + 2
	return append(append(append([]byte(nil), raw[:end]...), line+"\r\n"...), raw[end:]...)
}
