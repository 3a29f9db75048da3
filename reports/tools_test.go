package reports_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// tool returns the path of an external program the tests need, and fails
// the test with what to install when it is missing.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	if name == "python3" {
		if _, err := os.Stat("/usr/bin/python3"); err != nil {
			t.Fatalf("/usr/bin/python3 is missing (package %s): run scripts/test.sh", pkg)
		}
		return "/usr/bin/python3"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing (package %s): run scripts/test.sh", name, pkg)
	}
	return p
}

// run runs a program and returns its standard output; it fails the test
// with the program's standard error when it exits with an error.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, errb.String(), out.String())
	}
	return out.String()
}

// writeTemp writes data to a file named name in a fresh directory.
func writeTemp(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText holds a PDF read back as a person would: -layout keeps the page
// layout, -raw the order of the text in the file (a table cell's lines one
// after the other).
type pdfText struct {
	Layout, Raw string
	Info        string
}

// readPDF checks a PDF with qpdf and reads it back with poppler.
func readPDF(t testing.TB, data []byte) pdfText {
	t.Helper()
	qpdf := tool(t, "qpdf", "qpdf")
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	pdfinfo := tool(t, "pdfinfo", "poppler-utils")
	p := writeTemp(t, "doc.pdf", data)
	if out := run(t, qpdf, "--check", p); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check:\n%s", out)
	}
	return pdfText{
		Layout: run(t, pdftotext, "-layout", "-enc", "UTF-8", p, "-"),
		Raw:    run(t, pdftotext, "-raw", "-enc", "UTF-8", p, "-"),
		Info:   run(t, pdfinfo, "-enc", "UTF-8", p),
	}
}

// squeeze removes every kind of space, so that text wrapped or cut across
// lines by a table compares equal to the original.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\t', '\r', '\f', '\u00a0', '\u202f':
			return -1
		}
		return r
	}, s)
}
