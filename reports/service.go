package reports

import "strings"

// Service is the administration that sends pactd's documents to the
// territories: named in the acknowledgments' letterhead and signature, in
// the annotated workbooks' comments, with the contact a finance officer
// writes or calls. Its fields come from the configuration; empty ones
// fall back to DefaultService's.
type Service struct {
	// Name is the sending service, "Délégation interministérielle à la
	// prévention et à la lutte contre la pauvreté".
	Name string
	// Contact is how to reach a person about a report: an address, a
	// telephone number, or both ("cls@example.gouv.fr, 01 23 45 67 89").
	Contact string
	// Signature closes the letters: "Le bureau du suivi des contrats locaux
	// des solidarités".
	Signature string
}

// DefaultService is the service named when the configuration names none.
var DefaultService = Service{
	Name:      "Service de suivi des contrats locaux des solidarités",
	Signature: "Le service de suivi des contrats locaux des solidarités",
}

// WithDefaults returns s with DefaultService's values where s has none, and
// contact, when s has none, as the contact.
func (s Service) WithDefaults(contact string) Service {
	s.Name = strings.TrimSpace(s.Name)
	s.Contact = strings.TrimSpace(s.Contact)
	s.Signature = strings.TrimSpace(s.Signature)
	if s.Name == "" {
		s.Name = DefaultService.Name
	}
	if s.Signature == "" {
		s.Signature = DefaultService.Signature
		if s.Name != DefaultService.Name {
			s.Signature = s.Name
		}
	}
	if s.Contact == "" {
		s.Contact = strings.TrimSpace(contact)
	}
	return s
}
