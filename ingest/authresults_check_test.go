package ingest_test

import (
	"strings"
	"testing"

	"github.com/pactd/pactd/ingest"
)

func TestSenderAuthCheck(t *testing.T) {
	trusted := ingest.SenderAuth{TrustedServers: []string{"mx.interieur.gouv.fr", " MX.Google.com "}}
	ms := ingest.SenderAuth{TrustedServers: []string{ingest.AuthServMicrosoft365}}
	const mx = "mx.interieur.gouv.fr"
	tests := []struct {
		name    string
		auth    ingest.SenderAuth
		from    []string
		headers []string
		want    ingest.AuthCheck
		method  string // of a pass
		reason  string // part of the French reason of a failure
	}{
		{"dmarc pass for the From domain", trusted, []string{"Jeanne <jeanne@ain.fr>"},
			[]string{mx + "; dmarc=pass (p=reject dis=none) header.from=ain.fr"}, ingest.AuthPassed, "dmarc", ""},
		{"dkim pass of the From domain", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dkim=pass header.d=ain.fr; dmarc=none header.from=ain.fr"}, ingest.AuthPassed, "dkim", ""},
		{"dkim pass of a subdomain: relaxed alignment", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dkim=pass header.d=mail.ain.fr"}, ingest.AuthPassed, "dkim", ""},
		{"dkim pass of the parent organisation", trusted, []string{"jeanne@services.ain.fr"},
			[]string{mx + "; dkim=pass header.d=AIN.FR."}, ingest.AuthPassed, "dkim", ""},
		{"dkim pass of a sibling under a public suffix", trusted, []string{"agent@interieur.gouv.fr"},
			[]string{mx + "; dkim=pass header.d=ain.gouv.fr"}, ingest.AuthDKIMNotAligned, "", "du domaine ain.gouv.fr"},
		{"dkim pass of another domain", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dkim=pass header.d=evil.example; dmarc=fail header.from=ain.fr"}, ingest.AuthDKIMNotAligned, "", "Contrôle DKIM"},
		{"dmarc pass for another domain", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dmarc=pass header.from=evil.example"}, ingest.AuthDMARCOtherDomain, "", "evil.example"},
		{"dmarc pass for a subdomain is not the From domain", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dmarc=pass header.from=mail.ain.fr"}, ingest.AuthDMARCOtherDomain, "", "Contrôle DMARC"},
		{"dmarc pass without header.from", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dmarc=pass"}, ingest.AuthDMARCFailed, "", "pass sans header.from"},
		{"dmarc fail", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dmarc=fail (p=reject dis=none) header.from=ain.fr", mx + "; dkim=none"}, ingest.AuthDMARCFailed, "", "« fail »"},
		{"dkim pass without header.d", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dkim=pass header.i=@ain.fr"}, ingest.AuthDKIMFailed, "", "pass sans header.d"},
		{"spf pass only", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; spf=pass smtp.mailfrom=ain.fr"}, ingest.AuthNoDKIMDMARC, "", "ni la signature DKIM ni la politique DMARC"},
		{"untrusted server says pass", trusted, []string{"jeanne@ain.fr"},
			[]string{"evil.example; dmarc=pass header.from=ain.fr"}, ingest.AuthNoTrustedResult, "", "aucun résultat d'authentification"},
		{"no header", trusted, []string{"jeanne@ain.fr"}, nil, ingest.AuthNoTrustedResult, "", "mx.interieur.gouv.fr"},
		{"forged pass below the trusted fail", trusted, []string{"jeanne@ain.fr"}, []string{
			mx + "; dkim=fail header.d=ain.fr; dmarc=fail header.from=ain.fr",
			mx + "; dkim=pass header.d=ain.fr; dmarc=pass header.from=ain.fr"}, ingest.AuthDMARCFailed, "", "Contrôle DMARC"},
		{"untrusted above trusted pass", trusted, []string{"jeanne@ain.fr"},
			[]string{"other.example; dkim=fail", "MX.Interieur.Gouv.FR; dmarc=pass header.from=ain.fr"}, ingest.AuthPassed, "dmarc", ""},
		{"malformed untrusted above trusted pass", trusted, []string{"jeanne@ain.fr"},
			[]string{"other.example; dkim", mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthPassed, "dmarc", ""},
		{"malformed trusted then good", trusted, []string{"jeanne@ain.fr"},
			[]string{mx + "; dkim", mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthResultMalformed, "", "illisible"},
		{"Gmail", trusted, []string{"jeanne@ain.fr"},
			[]string{"mx.google.com; dkim=pass header.i=@ain.fr header.s=s header.b=b; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=ain.fr"},
			ingest.AuthPassed, "dmarc", ""},
		{"Microsoft 365", ms, []string{"jeanne@ain.fr"},
			[]string{"spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=ain.fr; dkim=pass (signature was verified) header.d=ain.fr;dmarc=pass action=none header.from=ain.fr;compauth=pass reason=100"},
			ingest.AuthPassed, "dmarc", ""},
		{"Microsoft 365 best guess is no pass", ms, []string{"jeanne@ain.fr"},
			[]string{"spf=none; dkim=none (message not signed) header.d=none;dmarc=bestguesspass action=none header.from=ain.fr;compauth=pass reason=109"},
			ingest.AuthDMARCFailed, "", "Microsoft 365"},
		{"Microsoft 365 form not trusted by an authserv-id", trusted, []string{"jeanne@ain.fr"},
			[]string{"dmarc=pass action=none header.from=ain.fr"}, ingest.AuthNoTrustedResult, "", ""},
		{"authserv-id form not trusted as Microsoft 365", ms, []string{"jeanne@ain.fr"},
			[]string{"mx.other.fr; dmarc=pass header.from=ain.fr"}, ingest.AuthNoTrustedResult, "", ""},
		{"display-name trick", trusted, []string{`"jeanne@ain.fr" <x@evil.example>`},
			[]string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthDMARCOtherDomain, "", "x@evil.example"},
		{"two From fields", trusted, []string{"jeanne@ain.fr", "x@evil.example"},
			[]string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthFromMultiple, "", "plusieurs adresses"},
		{"two From addresses", trusted, []string{"jeanne@ain.fr, x@evil.example"},
			[]string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthFromMultiple, "", "plusieurs adresses"},
		{"no From", trusted, nil, []string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthFromMissing, "", "aucune adresse"},
		{"From unreadable", trusted, []string{"jeanne at ain"}, []string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthFromInvalid, "", "illisible"},
		{"no trusted server: fail closed", ingest.SenderAuth{TrustedServers: []string{" "}}, []string{"jeanne@ain.fr"},
			[]string{mx + "; dmarc=pass header.from=ain.fr"}, ingest.AuthNoTrustedServer, "", "intake.trusted_servers"},
		{"disabled", ingest.SenderAuth{Disabled: true}, []string{"jeanne@ain.fr"}, nil, ingest.AuthNotRequired, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.auth.Check(tt.from, tt.headers)
			if v.Check != tt.want {
				t.Fatalf("Check = %s (%s), want %s", v.Check, v.Reason, tt.want)
			}
			passed := tt.want == ingest.AuthPassed || tt.want == ingest.AuthNotRequired
			if v.Passed != passed || v.Method != tt.method {
				t.Errorf("Passed %v method %q, want %v %q", v.Passed, v.Method, passed, tt.method)
			}
			if !passed && (v.Reason == "" || !strings.Contains(v.Reason, tt.reason) || !strings.HasSuffix(v.Reason, ".")) {
				t.Errorf("reason %q, want a French sentence with %q", v.Reason, tt.reason)
			}
		})
	}
}

// TestSenderAuthFrom: the address compared with the register is the
// addr-spec of the From field, never its display name.
func TestSenderAuthFrom(t *testing.T) {
	auth := ingest.SenderAuth{TrustedServers: []string{"mx.a.fr"}}
	for from, want := range map[string]string{
		`"jeanne@ain.fr" <x@evil.example>`:                   "x@evil.example",
		`=?utf-8?q?J=C3=A9r=C3=B4me?= <jerome@ain.fr>`:       "jerome@ain.fr",
		"Jeanne Martin\r\n <jeanne.martin@ain.fr> (Ain)":     "jeanne.martin@ain.fr",
		`"Ain, service social" <social@ain.fr>`:              "social@ain.fr",
		`jeanne@xn--in-fka.fr`:                               "jeanne@xn--in-fka.fr",
		`Jeanne <jeanne@AIN.FR>`:                             "jeanne@AIN.FR",
		`"x@evil.example" <jeanne@ain.fr>, <x@evil.example>`: "",
	} {
		v := auth.Check([]string{from}, nil)
		if v.From != want {
			t.Errorf("From of %q = %q, want %q", from, v.From, want)
		}
	}
	// The domain is compared without case.
	v := auth.Check([]string{"Jeanne <jeanne@AIN.FR>"}, []string{"mx.a.fr; dmarc=pass header.from=ain.fr"})
	if !v.Passed {
		t.Errorf("upper-case From domain: %s", v.Reason)
	}
}

func TestSenderAuthUnconfigured(t *testing.T) {
	for _, tt := range []struct {
		auth ingest.SenderAuth
		want bool
	}{
		{ingest.SenderAuth{}, true},
		{ingest.SenderAuth{TrustedServers: []string{""}}, true},
		{ingest.SenderAuth{TrustedServers: []string{"mx.a.fr"}}, false},
		{ingest.SenderAuth{Disabled: true}, false},
	} {
		if got := tt.auth.Unconfigured(); got != tt.want {
			t.Errorf("%+v.Unconfigured() = %v, want %v", tt.auth, got, tt.want)
		}
	}
}
