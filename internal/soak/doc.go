// Package soak holds pactd's soak test (issue 13, soak_test.go): real pactd
// run processes (two replicas on one PostgreSQL, or one on SQLite), real
// Dovecot and Postfix on loopback, a few hundred messages and folder files
// with poison items among them, replicas killed with SIGKILL, Postfix
// stopped and IMAP logins refused for a while; at the end every good item
// has exactly one receipt and one acknowledgment delivered, every poison
// item is in quarantine with its reason, /healthz was red during each
// outage and green after, and every replica's status site lists the same
// reports. scripts/soak.sh runs the long version and prints its figures.
// The package has no code of its own outside its tests.
package soak
