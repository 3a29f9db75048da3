package ingest_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/pactd/pactd/ingest"
)

func TestParseAuthResults(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want *ingest.AuthResults
	}{
		{"RFC 8601 example", `example.com; spf=pass smtp.mailfrom=example.net`,
			&ingest.AuthResults{AuthServID: "example.com", Version: 1, Results: []ingest.AuthResult{
				{Method: "spf", Result: "pass", Props: map[string]string{"smtp.mailfrom": "example.net"}}}}},
		{"several methods, comments, folding", "mx.ain.fr 1;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=ain.fr header.i=@ain.fr header.b=Ab+/c=d;\r\n dmarc=fail (p=reject dis=none) header.from=ain.fr; spf=softfail reason=\"not in list\" smtp.mailfrom=x@y.fr",
			&ingest.AuthResults{AuthServID: "mx.ain.fr", Version: 1, Results: []ingest.AuthResult{
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "ain.fr", "header.i": "@ain.fr", "header.b": "Ab+/c=d"}},
				{Method: "dmarc", Result: "fail", Props: map[string]string{"header.from": "ain.fr"}},
				{Method: "spf", Result: "softfail", Reason: "not in list", Props: map[string]string{"smtp.mailfrom": "x@y.fr"}}}}},
		{"none", `example.org 1; none`, &ingest.AuthResults{AuthServID: "example.org", Version: 1}},
		{"id alone", `mx.example.org`, &ingest.AuthResults{AuthServID: "mx.example.org", Version: 1}},
		{"quoted id, version 2, method version, upper case", `"MX.Gouv.FR" 2; DKIM/1=PASS header.d=Interieur.gouv.fr;`,
			&ingest.AuthResults{AuthServID: "mx.gouv.fr", Version: 2, Results: []ingest.AuthResult{
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "Interieur.gouv.fr"}}}}},
		{"comment before id", `(checked) mx.a.fr; dkim=none`,
			&ingest.AuthResults{AuthServID: "mx.a.fr", Version: 1, Results: []ingest.AuthResult{{Method: "dkim", Result: "none"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ingest.ParseAuthResults(tt.in)
			if err != nil {
				t.Fatalf("ParseAuthResults: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseAuthResultsErrors(t *testing.T) {
	for _, in := range []string{``, `;dkim=pass`, `mx.a.fr; dkim`, `mx.a.fr; dkim=`, `mx.a.fr; dkim=pass header.d`,
		`mx.a.fr; dkim=pass d=x`, `mx.a.fr dkim=pass`, `mx.a.fr; dkim=pass header.d="unterminated`} {
		_, err := ingest.ParseAuthResults(in)
		if !errors.Is(err, ingest.ErrAuthResultsSyntax) {
			t.Errorf("ParseAuthResults(%q) = %v, want ErrAuthResultsSyntax", in, err)
		}
	}
}

func TestAuthPassed(t *testing.T) {
	trusted := []string{"mx.interieur.gouv.fr"}
	tests := []struct {
		name    string
		headers []string
		want    bool
	}{
		{"dkim pass", []string{"mx.interieur.gouv.fr; dkim=pass header.d=ain.fr; spf=fail"}, true},
		{"dmarc pass", []string{"mx.interieur.gouv.fr; dkim=fail; dmarc=pass header.from=ain.fr"}, true},
		{"spf pass only", []string{"mx.interieur.gouv.fr; spf=pass smtp.mailfrom=ain.fr"}, false},
		{"untrusted server says pass", []string{"evil.example; dkim=pass"}, false},
		{"forged pass below the trusted fail", []string{
			"mx.interieur.gouv.fr; dkim=fail; dmarc=fail",
			"mx.interieur.gouv.fr; dkim=pass header.d=ain.fr"}, false},
		{"untrusted above trusted pass", []string{"other.example; dkim=fail", "MX.Interieur.Gouv.FR; dkim=pass"}, true},
		{"malformed trusted then good", []string{"mx.interieur.gouv.fr; dkim", "mx.interieur.gouv.fr; dkim=pass"}, true},
		{"none", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := ingest.AuthPassed(tt.headers, trusted)
			if got != tt.want {
				t.Errorf("AuthPassed = %v (%s), want %v", got, why, tt.want)
			}
			if !got && why == "" {
				t.Error("no reason given for a failure")
			}
		})
	}
}

func FuzzParseAuthResults(f *testing.F) {
	for _, s := range []string{
		`example.com; spf=pass smtp.mailfrom=example.net`,
		"mx.ain.fr 1; dkim=pass (comment (nested)) header.d=ain.fr; dmarc=fail",
		`"q\"id" ; none`, `a; b=c reason="x" p.q="r\\s"`, `(unterminated`, `x; y=z header.b=a=b/c+`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ar, err := ingest.ParseAuthResults(s)
		if err != nil {
			if !errors.Is(err, ingest.ErrAuthResultsSyntax) {
				t.Fatalf("error %v does not wrap ErrAuthResultsSyntax", err)
			}
			return
		}
		if ar.AuthServID == "" {
			t.Fatal("parsed without an authserv-id")
		}
		for _, r := range ar.Results {
			if r.Method == "" || r.Result == "" {
				t.Fatalf("result without method or value: %+v", r)
			}
		}
	})
}
