package templates

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// regSIREN reads a SIREN as typed or stored: "220100010", "220 100 010",
// or a number. It returns the nine digits, or a French reason.
func regSIREN(s string) (string, string) {
	if s == "" {
		return "", "SIREN manquant."
	}
	d := regSIRENDigits(s)
	for _, r := range d {
		if r < '0' || r > '9' {
			return "", fmt.Sprintf("SIREN « %s » invalide : un SIREN s'écrit avec 9 chiffres.", s)
		}
	}
	if len(d) != 9 {
		return "", fmt.Sprintf("SIREN « %s » invalide : il compte %d chiffres au lieu de 9.", s, len(d))
	}
	if !reconcile.ValidSIREN(d) {
		return "", fmt.Sprintf("SIREN « %s » invalide : la clé de contrôle ne correspond pas (faute de frappe ?).", s)
	}
	return d, ""
}

// regSIRENDigits returns s without its spaces, and a number stored in
// scientific notation as its digits: how the same SIREN compares, valid or
// not, from one sheet to another.
func regSIRENDigits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(d, "eE") {
		if f, err := strconv.ParseFloat(d, 64); err == nil && f == math.Trunc(f) && f >= 0 && f < 1e9 {
			d = fmt.Sprintf("%09.0f", f)
		}
	}
	return d
}

// regNumber reads a number stored raw ("12345.67") or typed as French text
// ("12 345,67 €").
func regNumber(s string) (float64, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f, nil
	}
	return reconcile.ParseNumber(s)
}

// regAmount reads a non-negative amount in euros into cents, or returns a
// French reason naming what the column holds.
func regAmount(s, what string) (reconcile.Amount, string) {
	if s == "" {
		return 0, fmt.Sprintf("%s manquant : indiquez un montant en euros.", what)
	}
	if strings.HasSuffix(s, "%") {
		return 0, fmt.Sprintf("%s « %s » : un pourcentage n'est pas un montant ; indiquez un montant en euros, par exemple 12 345,67.", what, s)
	}
	f, err := regNumber(s)
	if err != nil {
		return 0, fmt.Sprintf("%s illisible « %s » : indiquez un montant en euros, par exemple 12 345,67.", what, s)
	}
	a, err := reconcile.AmountFromEuros(f)
	if err != nil || !a.Plausible() {
		return 0, fmt.Sprintf("%s « %s » invraisemblable : au-delà de %s, le plus grand montant qu'une cellule puisse porter.",
			what, s, reconcile.MaxPlausibleAmount)
	}
	if a < 0 {
		return 0, fmt.Sprintf("%s négatif (%s) : un montant prévu est positif ou nul.", what, a)
	}
	return a, ""
}

// regInt reads a whole number ("2025", "2025.0", "3").
func regInt(s string) (int, bool) {
	f, err := regNumber(s)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false
	}
	return int(f), true
}

// regYear reads a contract year, or returns a French reason.
func regYear(s string) (int, string) {
	if s == "" {
		return 0, "année manquante."
	}
	y, ok := regInt(s)
	if !ok {
		return 0, fmt.Sprintf("année illisible « %s » : indiquez une année sur 4 chiffres, par exemple 2025.", s)
	}
	if y < reconcile.FirstYear || y > reconcile.LastYear {
		return 0, fmt.Sprintf("année %d hors de la période des contrats (%d à %d).", y, reconcile.FirstYear, reconcile.LastYear)
	}
	return y, ""
}

// regDepartement matches an INSEE département code: 01-95 (not 20), 2A,
// 2B, 69D and 69M (Rhône and Métropole de Lyon), 971-976.
var regDepartement = regexp.MustCompile(`^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|69D|69M|97[1-6])$`)

// regDepartements reads the INSEE codes of a territory, separated by
// spaces, commas, semicolons or slashes; "1" stands for "01".
func regDepartements(s string) ([]string, string) {
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '/' || r == '\u00a0' || r == '\n'
	})
	if len(fields) == 0 {
		return nil, "départements manquants : indiquez les codes INSEE, par exemple 01 ou 2A 2B."
	}
	var out []string
	for _, c := range fields {
		c = strings.ToUpper(c)
		if len(c) == 1 && c[0] >= '1' && c[0] <= '9' {
			c = "0" + c
		}
		if !regDepartement.MatchString(c) {
			return nil, fmt.Sprintf("code département « %s » inconnu : indiquez des codes INSEE, par exemple 01, 2A ou 974.", c)
		}
		out = append(out, c)
	}
	return out, ""
}

// regDomain matches a mail domain: labels of letters, digits and hyphens,
// at least two of them.
var regDomain = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)

// regAddresses reads a ";"-separated list of mail addresses and, when
// domains is true, "@domain" entries. It returns the list in lower case,
// or the first bad entry's French reason.
func regAddresses(s string, domains bool) ([]string, string) {
	var out []string
	for _, item := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if strings.HasPrefix(item, "@") {
			d := strings.ToLower(item[1:])
			if !domains {
				return nil, fmt.Sprintf("« %s » n'est pas une adresse de messagerie : les destinataires sont des adresses complètes.", item)
			}
			if !regDomain.MatchString(d) {
				return nil, fmt.Sprintf("domaine « %s » invalide : écrivez-le sous la forme @exemple.fr.", item)
			}
			out = append(out, "@"+d)
			continue
		}
		a, err := mail.ParseAddress(item)
		at := -1
		if err == nil {
			at = strings.LastIndexByte(a.Address, '@')
		}
		if err != nil || at <= 0 || !regDomain.MatchString(strings.ToLower(a.Address[at+1:])) {
			what := "adresse"
			if domains {
				what = "adresse ou domaine"
			}
			return nil, fmt.Sprintf("%s « %s » invalide : écrivez prenom.nom@exemple.fr%s, séparés par des points-virgules.",
				what, item, map[bool]string{true: " ou @exemple.fr", false: ""}[domains])
		}
		out = append(out, strings.ToLower(a.Address))
	}
	return out, ""
}

// regDate reads a date stored as a spreadsheet serial number or typed as
// jj/mm/aaaa or aaaa-mm-jj, as a date in Paris.
func regDate(s string) (time.Time, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 1 || f > 2958465 {
			return time.Time{}, false
		}
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, reconcile.Paris), true
	}
	if len(s) > 10 && s[4] == '-' && s[10] == 'T' {
		s = s[:10] // an ISO date-time, as a t="d" cell stores it
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02", "02-01-2006", "02.01.2006"} {
		if t, err := time.ParseInLocation(layout, s, reconcile.Paris); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// regSpaces collapses runs of white space into one space and trims it.
// Most values have none to collapse: they are returned as they are.
func regSpaces(s string) string {
	space := true // at the start, a space is one too many
	for _, r := range s {
		if !unicode.IsSpace(r) {
			space = false
			continue
		}
		if r != ' ' || space {
			return strings.Join(strings.Fields(s), " ")
		}
		space = true
	}
	if space && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}
