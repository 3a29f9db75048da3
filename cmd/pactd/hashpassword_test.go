package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// TestHashPassword checks that the printed hash verifies the password read
// from the standard input, and that a short password is refused.
func TestHashPassword(t *testing.T) {
	var out, errb bytes.Buffer
	env := &cmdEnv{stdout: &out, stderr: &errb, getenv: func(string) string { return "" },
		stdin: strings.NewReader("correct horse battery staple\n")}
	if code := Main(context.Background(), []string{"hash-password"}, env); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	h := strings.TrimSpace(out.String())
	if !strings.HasPrefix(h, "$2a$12$") || bcrypt.CompareHashAndPassword([]byte(h), []byte("correct horse battery staple")) != nil {
		t.Errorf("hash %q does not verify the password", h)
	}
	if strings.Contains(out.String()+errb.String(), "horse") {
		t.Error("the password was printed")
	}
	out.Reset()
	env.stdin = strings.NewReader("court\n")
	if code := Main(context.Background(), []string{"hash-password"}, env); code != exitUsage ||
		!strings.Contains(errb.String(), "le mot de passe doit compter au moins 12 caractères") {
		t.Errorf("short password: exit %d, %q", code, errb.String())
	}
}
