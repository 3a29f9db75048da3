package web

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// AckSource is what StoreAcknowledgment reads; reconcile.Store satisfies it.
type AckSource interface {
	Submission(ctx context.Context, id int64) (*reconcile.Submission, error)
	Receipts(ctx context.Context, submissionID int64) ([]reconcile.Receipt, error)
	RegisterVersion(ctx context.Context, version int64) (*reconcile.Register, error)
}

// StoreAcknowledgment returns a Server.Acknowledgment that renders again,
// from the store, the acknowledgment PDF of a receipt: the same document
// the sender received, since reports renders the same data to the same
// bytes. replyAddress is where corrected workbooks go (the From address of
// pactd's mail), as the mailed acknowledgment says.
func StoreAcknowledgment(src AckSource, replyAddress string) func(ctx context.Context, w io.Writer, submissionID int64, number string) error {
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
			reg, err := src.RegisterVersion(ctx, sub.RegisterVersion)
			if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
				return err
			}
			ack := reports.NewAcknowledgment(rc, sub, reg)
			ack.Fictitious = reports.SampleRegister(reg)
			ack.ReplyAddress = replyAddress
			if err := reports.AcknowledgmentPDF(w, ack); err != nil {
				return fmt.Errorf("render acknowledgment %s: %w", number, err)
			}
			return nil
		}
		return reconcile.ErrNotFound
	}
}
