package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/pactd/pactd/internal/lru"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// AckSource is what StoreAcknowledgment reads; reconcile.Store satisfies it.
type AckSource interface {
	Submission(ctx context.Context, id int64) (*reconcile.Submission, error)
	Receipts(ctx context.Context, submissionID int64) ([]reconcile.Receipt, error)
	RegisterVersion(ctx context.Context, version int64) (*reconcile.Register, error)
}

// ackCacheSize is how many rendered acknowledgments StoreAcknowledgment
// keeps (each 40 to 100 KB): those people open again and again, such as
// a territory's latest.
const ackCacheSize = 64

// StoreAcknowledgment returns a Server.Acknowledgment that renders again,
// from the store, the acknowledgment PDF of a receipt: the same document
// the sender received, since reports renders the same data to the same
// bytes. replyAddress is where corrected workbooks go (the From address of
// pactd's mail), as the mailed acknowledgment says.
//
// Rendering a PDF costs tens of milliseconds (fonts); the register it
// names is decoded once per version by the store. The PDF is kept by
// receipt, with a digest of everything it is drawn from (the verdict and
// findings, which a new reconciliation may change, and the register
// version), so a document served again is the current one.
func StoreAcknowledgment(src AckSource, replyAddress string) func(ctx context.Context, w io.Writer, submissionID int64, number string) error {
	cache := lru.New[string, []byte](ackCacheSize)
	return func(ctx context.Context, w io.Writer, submissionID int64, number string) error {
		sub, err := src.Submission(ctx, submissionID)
		if err != nil {
			return err
		}
		rcs, err := src.Receipts(ctx, submissionID)
		if err != nil {
			return err
		}
		for _, rc := range rcs {
			if rc.Number != number {
				continue
			}
			key, err := ackKey(rc, sub)
			if err != nil {
				return err
			}
			if pdf, ok := cache.Get(key); ok {
				_, err := w.Write(pdf)
				return err
			}
			reg, err := src.RegisterVersion(ctx, sub.RegisterVersion)
			if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
				return err
			}
			ack := reports.NewAcknowledgment(rc, sub, reg)
			ack.Fictitious = reports.SampleRegister(reg)
			ack.ReplyAddress = replyAddress
			var buf bytes.Buffer
			if err := reports.AcknowledgmentPDF(&buf, ack); err != nil {
				return fmt.Errorf("render acknowledgment %s: %w", number, err)
			}
			cache.Put(key, buf.Bytes())
			_, err = w.Write(buf.Bytes())
			return err
		}
		return reconcile.ErrNotFound
	}
}

// ackKey identifies the acknowledgment of rc as rendered from sub now.
func ackKey(rc reconcile.Receipt, sub *reconcile.Submission) (string, error) {
	findings, err := json.Marshal(sub.Findings)
	if err != nil {
		return "", fmt.Errorf("digest findings of submission %d: %w", sub.ID, err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%d\x00%s\x00", rc.Number, sub.ID, sub.RegisterVersion, sub.Verdict)
	h.Write(findings)
	return string(h.Sum(nil)), nil
}
