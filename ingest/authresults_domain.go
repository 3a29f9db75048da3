package ingest

import (
	"fmt"
	"strings"

	"github.com/emersion/go-message/mail"
	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// fromAddress returns the addr-spec of the one address of the one From
// field, or the check that fails. A display name is never looked at:
// `"alice@ain.fr" <x@evil.test>` is x@evil.test.
func fromAddress(fields []string) (string, AuthCheck) {
	switch len(fields) {
	case 0:
		return "", AuthFromMissing
	case 1:
	default:
		return "", AuthFromMultiple
	}
	// Unfold (RFC 5322 §2.2.3): a line break before white space is none.
	unfolded := strings.NewReplacer("\r\n", "", "\n", "").Replace(fields[0])
	list, err := mail.ParseAddressList(unfolded)
	if err != nil {
		return "", AuthFromInvalid
	}
	switch len(list) {
	case 0:
		return "", AuthFromMissing
	case 1:
	default:
		return "", AuthFromMultiple
	}
	addr := list[0].Address
	if addrDomain(addr) == "" {
		return "", AuthFromInvalid
	}
	return addr, ""
}

// addrDomain returns the normalised domain of an addr-spec, "" when none.
func addrDomain(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 1 {
		return ""
	}
	return normDomain(addr[at+1:])
}

// normDomain returns a domain in lower-case ASCII (A-labels) without a
// trailing dot, or "" when it is not a domain name.
func normDomain(d string) string {
	d = strings.TrimSuffix(strings.TrimSpace(d), ".")
	if d == "" {
		return ""
	}
	a, err := idna.Lookup.ToASCII(d)
	if err != nil {
		return ""
	}
	return strings.ToLower(a)
}

// aligned reports whether two normalised domains have the same
// organisational domain (DMARC relaxed alignment, RFC 7489 §3.2): the
// public suffix plus one label, from the Public Suffix List, so that
// interieur.gouv.fr and ain.gouv.fr are two organisations (gouv.fr is a
// public suffix) while mail.ain.fr and ain.fr are one. A domain that is
// itself a public suffix aligns only with itself.
func aligned(a, b string) bool {
	return a == b || orgDomain(a) == orgDomain(b)
}

func orgDomain(d string) string {
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return d
	}
	return org
}

// failed builds the verdict of a failed check, with its French reason.
// detail is what the check found (a domain, a result), server the trusted
// server that said so.
func failed(check AuthCheck, from, server, detail string) AuthVerdict {
	var why string
	switch check {
	case AuthNoTrustedServer:
		why = "Aucun serveur de messagerie de confiance n'est configuré (intake.trusted_servers) : pactd ne peut pas vérifier l'authenticité de l'expéditeur et met donc tout message de côté."
	case AuthFromMissing:
		why = "Le message n'indique aucune adresse d'expéditeur (en-tête From) : son expéditeur ne peut pas être authentifié."
	case AuthFromMultiple:
		why = "Le message indique plusieurs adresses d'expéditeur (en-tête From) : son expéditeur ne peut pas être authentifié."
	case AuthFromInvalid:
		why = "L'adresse d'expéditeur du message (en-tête From) est illisible : son expéditeur ne peut pas être authentifié."
	case AuthNoTrustedResult:
		why = fmt.Sprintf("Le message ne porte aucun résultat d'authentification (en-tête Authentication-Results) d'un serveur de confiance (%s) : l'adresse %s ne peut pas être vérifiée.", detail, from)
	case AuthResultMalformed:
		why = fmt.Sprintf("Le résultat d'authentification (en-tête Authentication-Results) du serveur de confiance %s est illisible : l'adresse %s ne peut pas être vérifiée.", serverName(server), from)
	case AuthDKIMNotAligned:
		why = fmt.Sprintf("Contrôle DKIM : le message porte une signature valide, mais du domaine %s, qui n'est pas celui de l'adresse %s (selon %s) : l'expéditeur n'est pas authentifié.", detail, from, serverName(server))
	case AuthDMARCOtherDomain:
		why = fmt.Sprintf("Contrôle DMARC : le serveur %s l'a validé pour le domaine %s, qui n'est pas celui de l'adresse %s : l'expéditeur n'est pas authentifié.", serverName(server), detail, from)
	case AuthDMARCFailed:
		why = fmt.Sprintf("Contrôle DMARC : échec pour l'adresse %s (résultat « %s » selon %s) : le message ne vient pas d'un serveur autorisé par ce domaine.", from, detail, serverName(server))
	case AuthDKIMFailed:
		why = fmt.Sprintf("Contrôle DKIM : la signature du message n'a pas été validée (résultat « %s » selon %s) et aucun contrôle DMARC ne la remplace : l'adresse %s ne peut pas être vérifiée.", detail, serverName(server), from)
	case AuthNoDKIMDMARC:
		why = fmt.Sprintf("Le serveur %s n'a vérifié ni la signature DKIM ni la politique DMARC du message : l'adresse %s ne peut pas être vérifiée.", serverName(server), from)
	}
	return AuthVerdict{Check: check, Reason: why, From: from, AuthServID: server}
}

// serverName names a trusted server in a reason.
func serverName(id string) string {
	if id == "" {
		return "Microsoft 365"
	}
	return id
}
