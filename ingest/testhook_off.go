//go:build !pactd_testhooks

package ingest

// Ordinary builds have no parse hook; see testhook_on.go.
