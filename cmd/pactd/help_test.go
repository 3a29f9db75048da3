package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHelp: help goes to standard output with exit 0, for pactd and for
// every command, however it is asked; it touches nothing (no database is
// created).
func TestHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "absente", "pactd.db")
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), args, &cmdEnv{stdout: &stdout, stderr: &stderr,
			getenv: envMap(map[string]string{"PACTD_DATABASE": db})})
		return code, stdout.String(), stderr.String()
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, errOut := run(args...)
		if code != exitOK || errOut != "" || !strings.Contains(out, "Usage : pactd COMMANDE [options]") ||
			!strings.Contains(out, "pactd help COMMANDE") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	for _, c := range commands() {
		for _, args := range [][]string{{"help", c.name}, {c.name, "--help"}, {c.name, "-h"}} {
			code, out, errOut := run(args...)
			if code != exitOK || errOut != "" || !strings.HasPrefix(out, "pactd "+c.name+" — ") ||
				!strings.Contains(out, "Options de pactd "+c.name) || !strings.Contains(out, "Exemples :") {
				t.Errorf("%v: exit %d, stderr %q, stdout:\n%s", args, code, errOut, out)
			}
		}
		// Every option has a French description and an example.
		doc := docs[c.name]
		if doc.about == "" || len(doc.usage) == 0 || len(doc.examples) == 0 {
			t.Errorf("%s: no description, usage or example", c.name)
		}
		subs := doc.subs
		if len(subs) == 0 {
			subs = []string{""}
		}
		for _, sub := range subs {
			args := []string{"--help"}
			if sub != "" {
				args = []string{sub, "--help"}
			}
			var h helpRequest
			err := c.run(context.Background(), &cmdEnv{stdout: io.Discard, stderr: io.Discard, getenv: envMap(nil)}, args)
			if !errors.As(err, &h) {
				t.Fatalf("%s %v: %v, want a help request", c.name, args, err)
			}
			h.fs.VisitAll(func(f *flag.Flag) {
				_, usage := flag.UnquoteUsage(f)
				if len(usage) < 20 || strings.Contains(usage, "sortie JSON") {
					t.Errorf("%s --%s: description %q is too short", h.fs.Name(), f.Name, usage)
				}
				if ex := flagExample(h.fs.Name(), f.Name); !strings.HasPrefix(ex, "--"+f.Name) {
					t.Errorf("%s --%s: example %q", h.fs.Name(), f.Name, ex)
				}
			})
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("help created the database: %v", err)
	}
	if code, _, errOut := run("help", "inconnue"); code != exitUsage || !strings.Contains(errOut, "commande inconnue « inconnue »") {
		t.Errorf("help of an unknown command: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := run(); code != exitUsage || !strings.Contains(errOut, "Usage : pactd COMMANDE") {
		t.Errorf("no command: exit %d, stderr %q; want 2 and the usage", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), []string{arg}, &cmdEnv{stdout: &stdout, stderr: &stderr, getenv: envMap(nil)})
		out := stdout.String()
		if code != exitOK || stderr.Len() > 0 || !strings.HasPrefix(out, "pactd ") ||
			!strings.Contains(out, "compilé avec "+runtime.Version()+" pour "+runtime.GOOS+"/"+runtime.GOARCH) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out, stderr.String())
		}
	}
	version = "v9.9.9"
	defer func() { version = "" }()
	var stdout bytes.Buffer
	Main(context.Background(), []string{"--version"}, &cmdEnv{stdout: &stdout, stderr: io.Discard, getenv: envMap(nil)})
	if !strings.HasPrefix(stdout.String(), "pactd v9.9.9\n") {
		t.Errorf("a release built with -X main.version says %q", stdout.String())
	}
}
