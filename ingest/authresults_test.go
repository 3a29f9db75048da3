package ingest_test

import (
	"errors"
	"reflect"
	"strings"
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
		{"OpenDKIM, as written by the test servers", "mx.pactd.test;\r\n\tdkim=pass (2048-bit key) header.d=ain.example.test header.i=@ain.example.test header.a=rsa-sha256 header.s=pactd header.b=enW8ZUra;\r\n\tdkim-atps=neutral",
			&ingest.AuthResults{AuthServID: "mx.pactd.test", Version: 1, Results: []ingest.AuthResult{
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "ain.example.test", "header.i": "@ain.example.test",
					"header.a": "rsa-sha256", "header.s": "pactd", "header.b": "enW8ZUra"}},
				{Method: "dkim-atps", Result: "neutral"}}}},
		{"Gmail: header.i, no header.d", "mx.google.com;\r\n       dkim=pass header.i=@ain.fr header.s=20230601 header.b=AbCdEf12;\r\n       spf=pass (google.com: domain of x@ain.fr designates 192.0.2.1 as permitted sender) smtp.mailfrom=x@ain.fr;\r\n       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=ain.fr",
			&ingest.AuthResults{AuthServID: "mx.google.com", Version: 1, Results: []ingest.AuthResult{
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.i": "@ain.fr", "header.s": "20230601", "header.b": "AbCdEf12"}},
				{Method: "spf", Result: "pass", Props: map[string]string{"smtp.mailfrom": "x@ain.fr"}},
				{Method: "dmarc", Result: "pass", Props: map[string]string{"header.from": "ain.fr"}}}}},
		{"untyped property skipped", `mx.a.fr; dmarc=pass action=none header.from=a.fr`,
			&ingest.AuthResults{AuthServID: "mx.a.fr", Version: 1, Results: []ingest.AuthResult{
				{Method: "dmarc", Result: "pass", Props: map[string]string{"header.from": "a.fr"}}}}},
		{"Microsoft 365: no authserv-id", "spf=pass (sender IP is 192.0.2.1)\r\n smtp.mailfrom=ain.fr; dkim=pass (signature was verified)\r\n header.d=ain.fr;dmarc=pass action=none header.from=ain.fr;compauth=pass\r\n reason=100",
			&ingest.AuthResults{Version: 1, Results: []ingest.AuthResult{
				{Method: "spf", Result: "pass", Props: map[string]string{"smtp.mailfrom": "ain.fr"}},
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "ain.fr"}},
				{Method: "dmarc", Result: "pass", Props: map[string]string{"header.from": "ain.fr"}},
				{Method: "compauth", Result: "pass", Reason: "100"}}}},
		{"Microsoft 365: bare domains between results", `spf=fail (sender IP is 192.0.2.1) smtp.mailfrom=bulk.example; ain.fr; dkim=pass (signature was verified) header.d=evil.test;ain.fr; dmarc=bestguesspass action=none header.from=ain.fr;`,
			&ingest.AuthResults{Version: 1, Results: []ingest.AuthResult{
				{Method: "spf", Result: "fail", Props: map[string]string{"smtp.mailfrom": "bulk.example"}},
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "evil.test"}},
				{Method: "dmarc", Result: "bestguesspass", Props: map[string]string{"header.from": "ain.fr"}}}}},
		{"Microsoft 365: properties after a semicolon", `spf=pass (sender IP is 192.0.2.1); smtp.mailfrom=ain.fr; dkim=pass (signature was verified); header.d=ain.fr;dmarc=pass action=none; header.from=ain.fr;compauth=pass reason=100`,
			&ingest.AuthResults{Version: 1, Results: []ingest.AuthResult{
				{Method: "spf", Result: "pass", Props: map[string]string{"smtp.mailfrom": "ain.fr"}},
				{Method: "dkim", Result: "pass", Props: map[string]string{"header.d": "ain.fr"}},
				{Method: "dmarc", Result: "pass", Props: map[string]string{"header.from": "ain.fr"}},
				{Method: "compauth", Result: "pass", Reason: "100"}}}},
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
		`mx.a.fr dkim=pass`, `mx.a.fr; dkim=pass header.d="unterminated`, `mx.a.fr; ; dkim=pass`,
		`mx.a.fr; dkim=pass header.d=a.fr ain.fr; dmarc=pass`, `dkim=pass header.d`} {
		_, err := ingest.ParseAuthResults(in)
		if !errors.Is(err, ingest.ErrAuthResultsSyntax) {
			t.Errorf("ParseAuthResults(%q) = %v, want ErrAuthResultsSyntax", in, err)
		}
	}
}

func FuzzParseAuthResults(f *testing.F) {
	for _, s := range []string{
		`example.com; spf=pass smtp.mailfrom=example.net`,
		"mx.ain.fr 1; dkim=pass (comment (nested)) header.d=ain.fr; dmarc=fail",
		`"q\"id" ; none`, `a; b=c reason="x" p.q="r\\s"`, `(unterminated`, `x; y=z header.b=a=b/c+`,
		`spf=pass (sender IP is 192.0.2.1); smtp.mailfrom=a.fr; dkim=pass header.d=a.fr;a.fr; dmarc=pass action=none header.from=a.fr`,
		`mx.google.com; dkim=pass header.i=@a.fr header.s=s header.b=b; dmarc=pass (p=NONE) header.from=a.fr`,
	} {
		f.Add(s)
	}
	auth := ingest.SenderAuth{TrustedServers: []string{"mx.ain.fr", ingest.AuthServMicrosoft365}}
	f.Fuzz(func(t *testing.T, s string) {
		ar, err := ingest.ParseAuthResults(s)
		if err == nil {
			for _, r := range ar.Results {
				if r.Method == "" || r.Result == "" {
					t.Fatalf("result without method or value: %+v", r)
				}
			}
		} else if !errors.Is(err, ingest.ErrAuthResultsSyntax) {
			t.Fatalf("error %v does not wrap ErrAuthResultsSyntax", err)
		}
		// Whatever the header says, a verdict is consistent: a pass has a
		// method and no reason, a failure a reason and no method.
		v := auth.Check([]string{"jeanne@ain.fr"}, []string{s})
		switch {
		case v.Passed && (v.Check != ingest.AuthPassed || v.Reason != "" || v.Method == ""):
			t.Fatalf("inconsistent pass %+v", v)
		case !v.Passed && (v.Check == ingest.AuthPassed || v.Reason == "" || v.Method != ""):
			t.Fatalf("inconsistent failure %+v", v)
		case v.Passed && err != nil:
			t.Fatalf("passed on a header that does not parse (%v): %+v", err, v)
		}
		if v.Passed && !strings.Contains(strings.ToLower(s), "pass") {
			t.Fatalf("passed without any pass in %q", s)
		}
	})
}
