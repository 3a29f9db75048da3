package ingest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// IMAPConfig is one intake mailbox.
type IMAPConfig struct {
	// URL is PACTD_IMAP_URL: "imaps://user:password@host:993/INBOX"
	// (implicit TLS) or "imap://user:password@host:143/INBOX" (STARTTLS;
	// plain only to a loopback address, and only when the server offers
	// no STARTTLS). The path is the mailbox to read (default INBOX); a user
	// name with "@" is written "%40".
	URL string
	// Processed and Quarantine are the folders messages are moved to,
	// created when missing; defaults "Traités" and "Quarantaine".
	Processed  string
	Quarantine string
	// Poll is the interval between scans when the server offers no IDLE,
	// and the longest IDLE before a safety scan; default 1 min.
	Poll time.Duration
	// NoIdle polls even when the server offers IDLE (for servers whose
	// IDLE is broken).
	NoIdle bool
	// TLSConfig verifies the server (RootCAs for a private CA); nil uses
	// the system roots.
	TLSConfig *tls.Config
	// MaxFileSize is the largest workbook accepted, decoded
	// (intake.max_file_mb); default 20 MiB. A message whose workbook
	// attachment or whole size is over what that allows is quarantined
	// unread, with a reason that names MaxFileSize. MaxPartSize (the
	// attachment as encoded, base64) and MaxMessageSize (the whole
	// message) default to what MaxFileSize allows: its base64 size, and
	// room for two such attachments and the text, at least 40 MiB.
	MaxFileSize    int64
	MaxMessageSize int64
	MaxPartSize    int64
	// Auth decides whether a message's From address is its sender's (see
	// SenderAuth.Check); a message that fails is quarantined unanswered.
	// The zero value requires authentication and trusts no server: every
	// message is quarantined (and Run says so at start) until
	// Auth.TrustedServers is set or Auth.Disabled chosen.
	Auth SenderAuth
	// Attempts counts the attempts on each message and sets aside one
	// that keeps failing, or that cannot be moved; nil: panics are still
	// recovered, nothing is counted.
	Attempts *Attempts
	// Retry is how long a message whose attempt failed waits for the
	// next (the messages behind it are read meanwhile); default 30 s.
	Retry time.Duration
	// Lease, when set, makes this source read the mailbox only while it
	// holds the mailbox's lease, shared with the other replicas of one
	// database (see IMAPSource.RunGraceful); nil: this process alone
	// reads it.
	Lease FolderClaims
	// LeaseDuration is how long the lease holds unless renewed; a replica
	// that dies has its mailbox taken over within about LeaseDuration and
	// a third. Default 30 s.
	LeaseDuration time.Duration
	// Batch is how many messages one envelope FETCH asks for; default 50.
	Batch int
	// Workers is how many messages are processed at once (their
	// workbooks parsed, recorded, acknowledged) while the connection
	// fetches the next; default the number of CPUs. Workbooks of one
	// territory are still recorded in the order the messages came.
	Workers int
	// MinBackoff and MaxBackoff bound the delay before reconnecting after
	// the server dropped or refused the connection; defaults 1 s and 5 min.
	MinBackoff, MaxBackoff time.Duration
	// AuthMinBackoff and AuthMaxBackoff bound the delay before logging in
	// again after the server refused the credentials: an admin has to fix
	// the password, so retrying fast only fills the server's logs and may
	// lock the account; defaults 1 min and 30 min.
	AuthMinBackoff, AuthMaxBackoff time.Duration
}

// imapTarget is a parsed IMAP URL.
type imapTarget struct {
	implicitTLS bool
	addr, host  string
	user, pass  string
	mailbox     string
}

// ErrPlainIMAP is returned when a plain imap:// connection to a host that is
// not loopback would be needed: the server offers no STARTTLS.
var ErrPlainIMAP = errors.New("plain IMAP is allowed to a loopback address only")

func parseIMAPURL(raw string) (imapTarget, error) {
	var t imapTarget
	u, err := url.Parse(raw)
	if err != nil {
		return t, fmt.Errorf("parse IMAP URL: %w", redactURLError(err))
	}
	switch u.Scheme {
	case "imaps":
		t.implicitTLS = true
	case "imap":
	default:
		return t, fmt.Errorf("parse IMAP URL: scheme %q is neither imap nor imaps", u.Scheme)
	}
	t.host = u.Hostname()
	if t.host == "" {
		return t, errors.New("parse IMAP URL: no host")
	}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "993", false: "143"}[t.implicitTLS]
	}
	t.addr = net.JoinHostPort(t.host, port)
	if u.User == nil || u.User.Username() == "" {
		return t, errors.New("parse IMAP URL: no user")
	}
	t.user = u.User.Username()
	t.pass, _ = u.User.Password()
	t.mailbox = strings.TrimPrefix(u.Path, "/")
	if t.mailbox == "" {
		t.mailbox = "INBOX"
	}
	return t, nil
}

// redactURLError drops the URL (and its password) from a url.Error.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// account names the mailbox owner in keys and the ledger: "user@host".
func (t imapTarget) account() string { return t.user + "@" + t.host }

// loopbackHost is the loopback test of plain connections (tests replace it).
var loopbackHost = isLoopbackHost

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// encodedSize is the size of n bytes in base64 with 76-character lines,
// plus room for the part's header.
func encodedSize(n int64) int64 { return (n+2)/3*4*78/76 + 4096 }

func (c *IMAPConfig) withDefaults() IMAPConfig {
	d := *c
	if d.Processed == "" {
		d.Processed = "Traités"
	}
	if d.Quarantine == "" {
		d.Quarantine = "Quarantaine"
	}
	if d.Poll <= 0 {
		d.Poll = time.Minute
	}
	if d.Retry <= 0 {
		d.Retry = 30 * time.Second
	}
	if d.LeaseDuration <= 0 {
		d.LeaseDuration = 30 * time.Second
	}
	if d.MaxFileSize <= 0 {
		d.MaxFileSize = 20 << 20
	}
	if d.MaxPartSize <= 0 {
		d.MaxPartSize = encodedSize(d.MaxFileSize)
	}
	if d.MaxMessageSize <= 0 {
		d.MaxMessageSize = max(40<<20, 2*d.MaxPartSize+1<<20)
	}
	if d.Batch <= 0 {
		d.Batch = 50
	}
	d.Workers = Workers(d.Workers)
	if d.MinBackoff <= 0 {
		d.MinBackoff = time.Second
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = 5 * time.Minute
	}
	if d.AuthMinBackoff <= 0 {
		d.AuthMinBackoff = time.Minute
	}
	if d.AuthMaxBackoff <= 0 {
		d.AuthMaxBackoff = 30 * time.Minute
	}
	return d
}
