package config

import (
	"strings"
	"unicode/utf8"
)

// ServiceConfig is the administration that signs what pactd sends to the
// territories (acknowledgments, notices of files set aside, annotated
// workbooks) and whom a finance officer contacts about a report.
type ServiceConfig struct {
	// Name heads the letters and signs the workbook comments.
	Name string `toml:"name"`
	// Contact is how to reach a person: an address, a telephone number, or
	// both; empty means the sending address (smtp.from).
	Contact string `toml:"contact"`
	// Signature closes the letters.
	Signature string `toml:"signature"`
}

// Defaults of the service, as samples/pactd.toml gives them.
const (
	defaultServiceName      = "Service de suivi des contrats locaux des solidarités"
	defaultServiceSignature = "Le service de suivi des contrats locaux des solidarités"
)

// serviceMaxLen bounds each service text: a letterhead line, not a page.
const serviceMaxLen = 200

func (c *Config) validateService() error {
	for _, f := range []struct {
		key, value string
		required   bool
	}{
		{"service.name", c.Service.Name, true}, {"service.contact", c.Service.Contact, false},
		{"service.signature", c.Service.Signature, true},
	} {
		v := strings.TrimSpace(f.value)
		switch {
		case f.required && v == "":
			return c.bad(f.key, "indiquez un texte : il figure sur chaque accusé de réception")
		case utf8.RuneCountInString(v) > serviceMaxLen:
			return c.bad(f.key, "le texte dépasse %d caractères", serviceMaxLen)
		case strings.ContainsAny(v, "\r\n\t\x00"):
			return c.bad(f.key, "le texte doit tenir sur une ligne")
		}
	}
	return nil
}

// ServiceContact returns the contact the letters give: service.contact, or
// the sending address when it is empty.
func (c *Config) ServiceContact() string {
	if s := strings.TrimSpace(c.Service.Contact); s != "" {
		return s
	}
	return c.FromAddress()
}
