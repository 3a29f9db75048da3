package web

import (
	"errors"
	"mime"
	"net/http"

	"github.com/pactd/pactd/internal/auth"
)

// boundBody bounds the body of an unsafe request before anything reads
// it: a declared length over the route's MaxBody is refused unread (413),
// and the body is cut at MaxBody. A file upload (multipart) is read only
// for a person with a role, whole into memory (its limit is the file's),
// so that a body cut short answers 413 rather than a CSRF refusal. It
// writes the refusal and returns false when the request stops here.
func (s *Server) boundBody(w http.ResponseWriter, r *http.Request, rt Route, p *auth.Person) bool {
	limit := orDefaultSize(rt.MaxBody, 64<<10)
	if r.ContentLength > limit {
		s.error(w, r, http.StatusRequestEntityTooLarge, tooLargeSentence(limit))
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return true
	}
	switch {
	case p == nil:
		s.toLogin(w, r)
		return false
	case p.Role == auth.None:
		s.noRole(w, r, p)
		return false
	}
	if err := r.ParseMultipartForm(limit); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.error(w, r, http.StatusRequestEntityTooLarge, tooLargeSentence(limit))
			return false
		}
		s.error(w, r, http.StatusBadRequest, "Le formulaire envoyé est illisible : rechargez la page et recommencez.")
		return false
	}
	return true
}
