package config

import (
	"net/mail"
	"net/url"
	"strings"
)

// IntakeAddress returns the address territories send their workbooks to,
// as the pre-filled workbooks' Lisez-moi names it: the user of the first
// IMAP mailbox when it is an e-mail address, else the address of
// smtp.from, else "".
func (c *Config) IntakeAddress() string {
	if len(c.IMAP) > 0 {
		if u, err := url.Parse(strings.TrimSpace(c.IMAP[0].URL)); err == nil && u.User != nil {
			if a, err := mail.ParseAddress(u.User.Username()); err == nil && a.Address == u.User.Username() {
				return a.Address
			}
		}
	}
	return c.FromAddress()
}
