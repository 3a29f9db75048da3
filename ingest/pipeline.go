package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// ErrNoRegister is returned by Pipeline.Process while no commitments
// register has been imported: nothing can be checked, so nothing is
// committed and the source keeps the file for later.
var ErrNoRegister = errors.New("no commitments register imported yet")

// Pipeline is the one way a received workbook becomes a submission: parse,
// check the sender, reconcile against the latest register, store, and
// acknowledge. It implements Processor. Fields are tunables; Store is
// required.
type Pipeline struct {
	Store      reconcile.Store
	Limits     templates.Limits     // zero value: templates.DefaultLimits()
	Tolerances reconcile.Tolerances // zero value: reconcile.DefaultTolerances()
	// Ack acknowledges each outcome (nil: no acknowledgment).
	Ack Acknowledger
	// DryRun parses and reconciles exactly as a real intake would but
	// stores and sends nothing.
	DryRun bool
	Now    func() time.Time // zero value: time.Now
	Log    zerolog.Logger
}

// Process implements Processor. A panic in any stage (parse, rules,
// record, acknowledgment with its PDF and annotated workbook) is recovered
// into an error naming the stage, with the stack in the log: the item
// fails, the intake goes on (see Attempts).
func (p *Pipeline) Process(ctx context.Context, in Incoming) (out Outcome, err error) {
	stage := "register"
	defer func() {
		if r := recover(); r != nil {
			p.Log.Error().Str("file", in.Name).Str("stage", stage).Str("panic", fmt.Sprint(r)).
				Str("stack", string(debug.Stack())).Msg("panic recovered: the file fails, the intake goes on")
			out, err = Outcome{}, fmt.Errorf("%w in %s of %s: %v", errPanic, stage, in.Name, r)
		}
	}()
	return p.process(ctx, in, &stage)
}

// process is Process; *stage names the stage under way.
func (p *Pipeline) process(ctx context.Context, in Incoming, stage *string) (Outcome, error) {
	reg, err := p.Store.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return Outcome{}, ErrNoRegister
	}
	if err != nil {
		return Outcome{}, fmt.Errorf("load register: %w", err)
	}
	if in.ReceivedAt.IsZero() {
		in.ReceivedAt = p.now()
	}
	*stage = "parse and rules"
	send, err := p.threadSend(ctx, in)
	if err != nil {
		return Outcome{}, err
	}
	sub, err := p.examine(ctx, reg, in, send)
	if err != nil {
		return Outcome{}, err
	}

	if reason := p.quarantineReason(reg, in, sub, send); reason != "" {
		return p.quarantine(ctx, in, sub, reason)
	}
	out := Outcome{Submission: sub}
	if p.DryRun {
		return out, nil
	}
	*stage = "record"
	rec, err := p.Store.RecordSubmission(ctx, sub)
	if err != nil {
		return Outcome{}, fmt.Errorf("record submission %s: %w", in.Name, err)
	}
	out.Receipt = rec
	if rec.Duplicate || rec.SubmissionID != sub.ID {
		stored, err := p.Store.Submission(ctx, rec.SubmissionID)
		if err != nil {
			return Outcome{}, fmt.Errorf("load submission %d: %w", rec.SubmissionID, err)
		}
		out.Submission = stored
	}
	p.Log.Info().Str("file", in.Name).Str("siren", sub.SIREN).Int("year", sub.Year).
		Str("verdict", string(out.Submission.Verdict)).Int("findings", len(out.Submission.Findings)).
		Bool("duplicate", rec.Duplicate).Str("receipt", rec.Number).Msg("submission recorded")
	if send != nil && send.SIREN == sub.SIREN {
		if err := p.recordReply(ctx, send, in, out); err != nil {
			return Outcome{}, err
		}
	}
	*stage = "acknowledgment"
	if err := p.acknowledge(ctx, in, out); err != nil {
		return Outcome{}, err
	}
	return out, nil
}

// examine parses and reconciles a file into an unsaved submission. It fails
// only when the store cannot give the territory's earlier reports or
// register versions: a verdict made without them could be wrong, so nothing
// is decided. A workbook made from an earlier register version is read and
// checked against that version (madeFrom) and told a newer one exists;
// send is the campaign message the file answers in its thread, if any.
func (p *Pipeline) examine(ctx context.Context, reg *reconcile.Register, in Incoming, send *reconcile.CampaignSend) (*reconcile.Submission, error) {
	latest := reg
	sum := sha256.Sum256(in.Content)
	lim := p.Limits
	if lim == (templates.Limits{}) {
		lim = templates.DefaultLimits()
	}
	if parseHook != nil {
		parseHook(in.Name)
	}
	rep := templates.Parse(in.Content, in.Name, reg, lim)
	old, err := p.madeFrom(ctx, latest, rep)
	if err != nil {
		return nil, err
	}
	if old != nil {
		reg = old
		rep = templates.Parse(in.Content, in.Name, reg, lim)
	}
	rep.File = in.Name
	// Parsed in parallel; from here on, files of one territory go in the
	// order they arrived (earlier reports are read, then recorded).
	if err := in.Turn.Wait(ctx, rep.SIREN); err != nil {
		return nil, fmt.Errorf("wait for the earlier files of %s: %w", rep.SIREN, err)
	}
	sub := &reconcile.Submission{
		FileName:        in.Name,
		SHA256:          hex.EncodeToString(sum[:]),
		Size:            int64(len(in.Content)),
		SIREN:           rep.SIREN,
		Year:            rep.Year,
		Template:        rep.Template,
		Origin:          in.Origin,
		ReceivedAt:      in.ReceivedAt,
		RegisterVersion: reg.Version,
		Report:          rep,
		Content:         in.Content,
	}
	extra := []reconcile.Finding(nil)
	if old != nil {
		extra = append(extra, reconcile.ReplacedWorkbook(rep.SIREN, rep.Year, old.Version, latest.Version))
	}
	if c := latest.Contract(rep.SIREN); c != nil && in.Origin.Sender != "" && !threadAuthorises(send, rep.SIREN, in.Origin.Sender) {
		if f := reconcile.CheckSender(&c.Territory, in.Origin.Sender); f != nil {
			f.Year = rep.Year
			extra = append(extra, *f)
		}
	}
	if reconcile.Blocking(rep.Findings) && !onlyCellFindings(rep.Findings) {
		// The workbook could not be read as a report: rules would only
		// add noise to what the sender must fix first.
		sub.Findings, sub.Verdict = reconcile.Merge(rep.Findings, extra)
		return sub, nil
	}
	hist, err := p.history(ctx, rep)
	if err != nil {
		return nil, err
	}
	sub.Findings, sub.Verdict = reconcile.Evaluate(reconcile.CheckInput{
		Register:   reg,
		Report:     rep,
		History:    hist,
		ReceivedAt: in.ReceivedAt,
		Tolerances: p.Tolerances,
	}, extra...)
	return sub, nil
}

// onlyCellFindings reports whether the blocking findings are all about cell
// values, so the workbook structure was read and the rules can still run and
// tell the sender everything at once.
func onlyCellFindings(fs []reconcile.Finding) bool {
	for _, f := range fs {
		if f.Severity != reconcile.Bloquant {
			continue
		}
		switch f.Code {
		case reconcile.ValeurNonNumerique, reconcile.ErreurFormule, reconcile.MontantNegatif:
		default:
			return false
		}
	}
	return true
}

// CountedLister is what a store may offer for the multi-year rule
// (internal/sqlite and internal/postgres do): the counted submission (the
// newest accepted one) of each year of a territory but one. Without it the
// pipeline reads every accepted submission of the territory.
type CountedLister interface {
	CountedSubmissions(ctx context.Context, siren string, exceptYear int) ([]reconcile.Submission, error)
}

// history returns the counted (newest accepted) reports of the territory's
// other years, for the multi-year rule.
func (p *Pipeline) history(ctx context.Context, rep *reconcile.Report) (map[int]*reconcile.Report, error) {
	if rep.SIREN == "" {
		return nil, nil
	}
	var subs []reconcile.Submission
	var err error
	if cl, ok := p.Store.(CountedLister); ok {
		subs, err = cl.CountedSubmissions(ctx, rep.SIREN, rep.Year)
	} else {
		subs, err = p.Store.Submissions(ctx, reconcile.SubmissionFilter{SIREN: rep.SIREN, Verdict: reconcile.Accepted})
	}
	if err != nil {
		return nil, fmt.Errorf("load earlier reports of %s: %w", rep.SIREN, err)
	}
	sort.SliceStable(subs, func(i, j int) bool { return subs[i].ReceivedAt.Before(subs[j].ReceivedAt) })
	hist := map[int]*reconcile.Report{}
	for i := range subs {
		if subs[i].Year != rep.Year && subs[i].Report != nil {
			hist[subs[i].Year] = subs[i].Report
		}
	}
	return hist, nil
}

func (p *Pipeline) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}
	return p.Now()
}
