package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Form fields of the upload form.
const (
	uploadField = "classeur"
	nonceField  = "jeton"
)

// validNonce is the form's upload identifier, made by auth.RandomToken.
var validNonce = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// uploadResult is the view of an upload's acknowledgment.
type uploadResult struct {
	page
	SIREN, Name                string
	File, SHA256, Size, Origin string
	// Banner is the one sentence that says what became of the file.
	Banner, BannerClass string
	SetAside            bool
	Reason              string
	Number              string
	ReceivedAt          string
	ReceivedISO         string
	Duplicate           bool
	Verdict             string
	VerdictClass        string
	Findings            []findingView
	AckURL              string
	AnnotatedURL        string
	AnnotatedFile       string
	BackURL, AgainURL   string
}

// upload serves POST /territoires/{siren}/depot: the filled workbook goes
// through the intake pipeline, as if mailed, with origin « site », and the
// page shows its acknowledgment. The gate has bounded and parsed the body
// and checked the CSRF token and that the person sees the territory.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	reg, c, ok := s.contractOf(w, r)
	if !ok {
		return
	}
	who := PersonFrom(ctx)
	if !mayUpload(who) {
		s.error(w, r, http.StatusForbidden, "L'équipe nationale consulte ce site en lecture seule : le dépôt d'un classeur revient au territoire, ou à un administrateur.")
		return
	}
	f, fh, err := r.FormFile(uploadField)
	if err != nil {
		s.renderUploadForm(w, r, http.StatusBadRequest, reg, c, year, "Aucun fichier reçu : choisissez le classeur rempli puis cliquez sur « Déposer le classeur ».")
		return
	}
	defer f.Close()
	max := s.Door.maxFileSize()
	if fh.Size > max {
		s.error(w, r, http.StatusRequestEntityTooLarge, tooLargeSentence(max))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		s.fail(w, r, "lire le fichier déposé", err)
		return
	}
	if int64(len(data)) > max {
		s.error(w, r, http.StatusRequestEntityTooLarge, tooLargeSentence(max))
		return
	}
	if len(data) == 0 {
		s.renderUploadForm(w, r, http.StatusBadRequest, reg, c, year, "Le fichier choisi est vide : choisissez le classeur rempli.")
		return
	}
	name := path.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	if name == "." || name == "/" || name == "" {
		name = "classeur.xlsx"
	}
	nonce := r.PostFormValue(nonceField)
	if !validNonce.MatchString(nonce) {
		nonce = auth.RandomToken(18)
	}
	sum := sha256.Sum256(data)
	person := who.Email
	if person == "" {
		person = who.Name
	}
	// The form's nonce makes a reload of this POST the same reception
	// (the pipeline is idempotent by Origin.Key); a new form, a new one.
	in := ingest.Incoming{Name: name, Content: data, ReceivedAt: s.now(), Origin: reconcile.Origin{
		Kind: reconcile.OriginSite, Person: person, Territory: c.Territory.SIREN,
		Key: "site:" + c.Territory.SIREN + ":" + nonce + ":" + hex.EncodeToString(sum[:])}}
	out, err := s.Door.Process.Process(ctx, in)
	if err != nil {
		s.fail(w, r, "enregistrer le classeur déposé", err)
		return
	}
	s.Log.Info().Str("siren", c.Territory.SIREN).Str("person", person).Str("file", name).
		Str("receipt", out.Receipt.Number).Bool("set_aside", out.Quarantined).Msg("workbook uploaded on the site")
	v := s.resultView(c, in, out, year)
	code := http.StatusOK
	if out.Quarantined {
		code = http.StatusUnprocessableEntity
	}
	s.renderStatus(w, r, code, "upload_result.html", v)
}

// resultView shows an outcome of the pipeline as its acknowledgment says
// it: receipt number, verdict, findings, and the acknowledgment PDF and
// annotated workbook to download.
func (s *Server) resultView(c *reconcile.Contract, in ingest.Incoming, out ingest.Outcome, year int) *uploadResult {
	t := c.Territory
	base := "/territoires/" + url.PathEscape(t.SIREN)
	v := &uploadResult{page: s.page("Accusé de réception — "+t.Name, year, base+"/depot"),
		SIREN: t.SIREN, Name: t.Name, File: in.Name, Size: frSize(int64(len(in.Content))), Origin: in.Origin.Label(),
		Number: out.Receipt.Number, ReceivedAt: frDateTime(in.ReceivedAt), ReceivedISO: isoTime(in.ReceivedAt),
		BackURL: base + "?annee=" + strconv.Itoa(year), AgainURL: base + "/depot?annee=" + strconv.Itoa(year)}
	v.Years = nil
	sum := sha256.Sum256(in.Content)
	v.SHA256 = hex.EncodeToString(sum[:])
	sub := out.Submission
	if out.Quarantined || sub == nil {
		v.SetAside, v.Reason = true, out.Reason
		v.Banner, v.BannerClass = "Classeur mis de côté : il n'est pas enregistré comme le rapport de "+t.Name+".", "problem"
		if sub != nil {
			v.Findings = findingViews(sub.Findings)
		}
		return v
	}
	v.Duplicate = out.Receipt.Duplicate
	v.Verdict, v.VerdictClass = sub.Verdict.Label(), "ok"
	switch {
	case sub.Verdict == reconcile.Rejected:
		v.VerdictClass = "rejected"
		v.Banner, v.BannerClass = "Classeur reçu mais refusé : corrigez les constats bloquants ci-dessous, puis déposez-le à nouveau.", "problem"
	default:
		v.Banner, v.BannerClass = "Classeur reçu et accepté : c'est le rapport "+reconcile.OfTerritory(t.Name)+".", "notice"
	}
	v.Findings = findingViews(sub.Findings)
	if s.Acknowledgment != nil && out.Receipt.Number != "" {
		v.AckURL = "/accuses/" + strconv.FormatInt(sub.ID, 10) + "/" + url.PathEscape(out.Receipt.Number)
		if s.Door.Content != nil && reports.HasCellFindings(sub.Findings) {
			v.AnnotatedURL = v.AckURL + "/classeur-annote"
			v.AnnotatedFile = reports.AnnotatedFileName(in.Name)
		}
	}
	return v
}

// findingViews sorts findings as the acknowledgment lists them.
func findingViews(in []reconcile.Finding) []findingView {
	fs := append([]reconcile.Finding(nil), in...)
	reconcile.SortFindings(fs)
	var out []findingView
	for _, f := range fs {
		out = append(out, findingView{Severity: string(f.Severity), SeverityClass: severityClass(f.Severity),
			Code: string(f.Code), Cells: strings.Join(f.Cells, ", "), Where: where(f), Message: f.Message})
	}
	return out
}

// tooLargeSentence refuses a body over limit, in the words of the watched
// folder for a file over intake.max_file_mb.
func tooLargeSentence(limit int64) string {
	if limit >= 1<<20 {
		return fmt.Sprintf("Le fichier dépasse la taille maximale acceptée (%d Mo) : il n'a pas été lu. Déposez le classeur du rapport, sans autre pièce.", limit>>20)
	}
	return "Le formulaire envoyé est trop volumineux : il n'a pas été lu."
}

// frSize writes a size in French: « 48,2 Ko ».
func frSize(n int64) string {
	switch {
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " octets"
	case n < 1<<20:
		return strings.Replace(strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64), ".", ",", 1) + " Ko"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " Mo"
}

// annotated serves GET /accuses/{submission}/{receipt}/classeur-annote:
// the received workbook with its findings on the cells, as the mailed
// acknowledgment attaches it. A submission without findings on cells has
// none: 404, like an unknown one.
func (s *Server) annotated(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("submission"), 10, 64)
	number := r.PathValue("receipt")
	if err != nil || s.Door == nil || s.Door.Content == nil || !receiptNumber.MatchString(number) {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	sub, err := s.Source.Submission(ctx, id)
	if err != nil {
		s.notFoundOr(w, r, err)
		return
	}
	rcs, err := s.Source.Receipts(ctx, id)
	if err != nil {
		s.fail(w, r, "lire les réceptions", err)
		return
	}
	name := ""
	for _, rc := range rcs {
		if rc.Number == number {
			name = sub.FileName
		}
	}
	if name == "" || !reports.HasCellFindings(sub.Findings) {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	content, err := s.Door.Content(ctx, id)
	if err != nil {
		s.notFoundOr(w, r, err)
		return
	}
	data, err := reports.Annotate(content, sub.Findings, s.Door.Service.WithDefaults(""))
	if errors.Is(err, reports.ErrNothingToAnnotate) {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	if err != nil {
		s.fail(w, r, "annoter le classeur", err)
		return
	}
	sendFile(w, reports.AnnotatedFileName(name), xlsxType, data)
}

// notFoundOr answers 404 for reconcile.ErrNotFound, 500 otherwise.
func (s *Server) notFoundOr(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, reconcile.ErrNotFound) {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	s.fail(w, r, "lire le dépôt", err)
}
