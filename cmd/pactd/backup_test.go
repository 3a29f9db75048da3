package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// TestBackupRestore follows docs/DEPLOY.md end to end: a store being
// written to (as by the daemon) is backed up with pactd backup; the copy
// is restored into a fresh path, where every submission, receipt,
// quarantine entry and report written before the backup is found, and
// pactd works on it.
func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	reg := rcRegister()
	path, st := rcStore(t, reg)
	base := time.Date(2026, 3, 2, 10, 0, 0, 0, reconcile.Paris)
	for i, siren := range []string{"220100010", "200046977"} {
		rcRecord(t, st, reconcile.Submission{FileName: fmt.Sprintf("CLS_2025_%s.xlsx", siren), SIREN: siren, Year: 2025,
			Verdict: reconcile.Accepted, ReceivedAt: base.Add(time.Duration(i) * time.Hour)}, "classeur "+siren)
	}
	if err := st.Quarantine(ctx, &reconcile.QuarantineEntry{ReceivedAt: base, FileName: "scan.pdf", Content: []byte("%PDF scan"),
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: "/depot/scan.pdf"}, Reason: "Le fichier n'est pas un classeur."}); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := rcRun(t, path, "report", "weekly", "--year", "2025"); code != exitOK {
		t.Fatalf("report weekly: %s", stderr)
	}
	before := snapshot(t, st)

	// The store keeps being written while the backup runs.
	var written atomic.Int64
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			sub := reconcile.Submission{FileName: fmt.Sprintf("pendant-%d.xlsx", i), SIREN: "220200026", Year: 2025,
				Verdict: reconcile.Rejected, ReceivedAt: base, Content: []byte(fmt.Sprintf("pendant %d", i)),
				Origin: reconcile.Origin{Kind: reconcile.OriginCommand, Path: fmt.Sprintf("pendant-%d.xlsx", i)}}
			if _, err := st.RecordSubmission(ctx, &sub); err != nil {
				done <- err
				return
			}
			written.Add(1)
		}
	}()
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	backup := filepath.Join(t.TempDir(), "pactd-sauvegarde.db")
	code, stdout, stderr := rcRun(t, path, "backup", backup)
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writing during the backup: %v", err)
	}
	if code != exitOK || !strings.HasPrefix(stdout, "Sauvegarde de "+path+" écrite dans "+backup) {
		t.Fatalf("backup: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if written.Load() < 10 {
		t.Logf("only %d writes during the backup", written.Load())
	}

	// Restore (docs/DEPLOY.md): the copy becomes the database of a fresh
	// installation.
	restored := filepath.Join(t.TempDir(), "data", "pactd.db")
	os.MkdirAll(filepath.Dir(restored), 0o750)
	copyFile(t, backup, restored)
	rs, err := sqlite.Open(ctx, restored)
	if err != nil {
		t.Fatalf("open the restored database: %v", err)
	}
	defer rs.Close()
	after := snapshot(t, rs)
	for k, v := range before {
		if k != "count:submissions" && after[k] != v {
			t.Errorf("restored %s = %q, want %q", k, after[k], v)
		}
	}
	// A snapshot: the writes before the backup, some of those during it.
	n, _ := strconv.Atoi(after["count:submissions"])
	if all := 2 + int(written.Load()); n < 2+5 || n > all {
		t.Errorf("restored %d submissions; 7 were there before the backup ended, %d were written in all", n, all)
	}
	if code, out, stderr := rcRun(t, restored, "status", "--json"); code != exitOK || !strings.Contains(out, `"siren": "220100010"`) {
		t.Errorf("pactd status on the restored database: exit %d, %s", code, stderr)
	}
}

// snapshot describes what a store holds, for comparison: every submission
// of the first two territories with its receipts, the quarantine entries
// with their bytes, and the weekly reports with their hashes.
func snapshot(t *testing.T, st *sqlite.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out["count:submissions"] = fmt.Sprint(len(subs))
	for _, s := range subs {
		if strings.HasPrefix(s.FileName, "pendant-") {
			continue // written during the backup: in it or not
		}
		rcs, err := st.Receipts(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var numbers []string
		for _, r := range rcs {
			numbers = append(numbers, r.Number)
		}
		out["submission:"+s.FileName] = fmt.Sprintf("%s %s %s", s.SHA256, s.Verdict, strings.Join(numbers, ","))
	}
	q, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range q {
		content, err := st.QuarantineContent(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		out["quarantine:"+e.FileName] = e.Reason + " " + string(content)
	}
	files, err := st.Files(ctx, archive.WeeklyReport)
	if err != nil || len(files) != 2 {
		t.Fatalf("%d weekly report files, %v; want 2", len(files), err)
	}
	for _, f := range files {
		out["report:"+f.Name] = f.SHA256
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBackupRefusals checks the refusals of pactd backup, each a French
// sentence with exit status 2.
func TestBackupRefusals(t *testing.T) {
	path, _ := rcStore(t, rcRegister())
	exists := filepath.Join(t.TempDir(), "deja.db")
	os.WriteFile(exists, []byte("autre"), 0o600)
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"PACTD_DATABASE": path}, []string{"backup"}, "pactd backup : indiquez le fichier de la sauvegarde : pactd backup FICHIER.\n"},
		{map[string]string{"PACTD_DATABASE": path}, []string{"backup", exists},
			"pactd backup : le fichier " + exists + " existe déjà : une sauvegarde n'en remplace jamais une autre, choisissez un autre nom.\n"},
		{map[string]string{"PACTD_DATABASE": "postgres://pactd:secret@db.example.fr/pactd"}, []string{"backup", "x.db"},
			"pactd backup : PACTD_DATABASE est une base PostgreSQL : sauvegardez-la avec pg_dump (par exemple pg_dump --format=custom --file=pactd.dump \"$PACTD_DATABASE\") et restaurez-la avec pg_restore, comme décrit dans docs/DEPLOY.md.\n"},
		{map[string]string{"PACTD_DATABASE": filepath.Join(t.TempDir(), "absente.db")}, []string{"backup", "x.db"}, "n'existe pas"},
	} {
		var stdout, stderr strings.Builder
		code := Main(context.Background(), tc.args, &cmdEnv{stdout: &stdout, stderr: &stderr, getenv: envMap(tc.env)})
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	if b, _ := os.ReadFile(exists); string(b) != "autre" {
		t.Errorf("an existing file was overwritten")
	}
}
