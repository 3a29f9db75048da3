package reconcile

import (
	"net/mail"
	"strings"
)

// TerritoryType is the kind of territory that signed a contract.
type TerritoryType string

// The three kinds of territory.
const (
	TypeDepartement  TerritoryType = "departement"
	TypeCollectivite TerritoryType = "collectivite"
	TypeMetropole    TerritoryType = "metropole"
)

// MatchTerritoryType reads a type whatever its case and accents
// ("Département", "METROPOLE", "collectivité").
func MatchTerritoryType(s string) (TerritoryType, bool) {
	f := Fold(s)
	switch {
	case f == "departement":
		return TypeDepartement, true
	case f == "metropole":
		return TypeMetropole, true
	case f == "collectivite" || strings.HasPrefix(f, "collectivite "):
		return TypeCollectivite, true
	}
	return "", false
}

// Label returns the French name of the type.
func (t TerritoryType) Label() string {
	switch t {
	case TypeDepartement:
		return "Département"
	case TypeCollectivite:
		return "Collectivité"
	case TypeMetropole:
		return "Métropole"
	}
	return string(t)
}

// Territory is a signatory of a contrat local des solidarités, identified by
// its SIREN.
type Territory struct {
	SIREN        string        `json:"siren"`
	Name         string        `json:"name"`
	Type         TerritoryType `json:"type"`
	Departements []string      `json:"departements"` // INSEE codes, e.g. "01", "2A", "974"
	AxisCount    int           `json:"axis_count"`   // 3 or 4
	// AnnualCeiling is the most the State pays in one year (plafond annuel).
	AnnualCeiling Amount `json:"annual_ceiling"`
	// Senders lists authorised sender addresses and "@domain" entries.
	Senders []string `json:"senders"`
	// Recipients lists who receives the acknowledgments besides the sender.
	Recipients []string `json:"recipients"`
}

// Axes returns the axes of the territory's contract: all four for a
// four-axis contract, all but EMPLOI otherwise.
func (t Territory) Axes() []Axis {
	if t.AxisCount == 4 {
		return AllAxes
	}
	return []Axis{AxisEnfance, AxisAccesDroits, AxisTransition}
}

// HasAxis reports whether the territory's contract has axis a.
func (t Territory) HasAxis(a Axis) bool {
	for _, x := range t.Axes() {
		if x == a {
			return true
		}
	}
	return false
}

// ShortName returns a file-name-friendly short name: "Département de l'Ain"
// gives "ain", "Métropole de Lyon" gives "lyon".
func (t Territory) ShortName() string {
	f := Fold(t.Name)
	for _, p := range []string{"departement de la ", "departement de l ", "departement des ", "departement du ",
		"departement de ", "metropole de la ", "metropole de l ", "metropole du ", "metropole de ",
		"metropole d ", "collectivite de ", "collectivite territoriale de ", "collectivite europeenne d ",
		"collectivite europeenne de ", "ville de "} {
		if strings.HasPrefix(f, p) {
			f = strings.TrimPrefix(f, p)
			break
		}
	}
	f = strings.ReplaceAll(f, " ", "-")
	if len(f) > 40 {
		f = strings.TrimRight(f[:40], "-")
	}
	if f == "" {
		return t.SIREN
	}
	return f
}

// SenderAuthorised reports whether the address may send reports for t: it
// is listed as such, or its domain is listed as "@domain". Comparison
// ignores case; display names are allowed ("Jean <jean@ain.fr>").
func (t Territory) SenderAuthorised(address string) bool {
	addr := strings.TrimSpace(address)
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	addr = strings.ToLower(addr)
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return false
	}
	domain := addr[at:]
	for _, s := range t.Senders {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == addr || (strings.HasPrefix(s, "@") && s == domain) {
			return true
		}
	}
	return false
}

// ValidSIREN reports whether s is a SIREN: nine digits with a valid Luhn
// check digit.
func ValidSIREN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}
