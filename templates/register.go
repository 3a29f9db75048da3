package templates

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// Sheet names of the commitments register (SPEC §3). They are found
// whatever their case, accents and spacing.
const (
	RegisterSheetTerritories = "Territoires"
	RegisterSheetActions     = "Actions"
	RegisterSheetIndicators  = "Indicateurs"
	RegisterSheetCalendar    = "Calendrier" // optional
)

// Problem is one reason a register is refused: the cell it is about
// ("Actions!F12"; a sheet name alone, or "" for the whole file) and a
// French sentence saying what is wrong and what to do.
type Problem struct {
	Cell    string `json:"cell"`
	Message string `json:"message"`
}

// String formats p as "Actions!F12: message".
func (p Problem) String() string {
	if p.Cell == "" {
		return p.Message
	}
	return p.Cell + ": " + p.Message
}

// RegisterError is returned by ReadRegister when the register has any
// problem. It lists them all, in sheet and row order.
type RegisterError struct {
	File     string
	Problems []Problem
}

// Error lists the problems one per line as "Sheet!Cell: message".
func (e *RegisterError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// regProblems collects the problems of one register.
type regProblems struct{ list []Problem }

// add records a problem about cell; the message is capitalised.
func (p *regProblems) add(cell, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if msg != "" {
		r := []rune(msg)
		msg = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	p.list = append(p.list, Problem{Cell: cell, Message: msg})
}

// ReadRegister reads a commitments register (SPEC §3) from the bytes of an
// .xlsx file; name is the file name recorded as the register's Source. It
// checks everything first and returns a *RegisterError listing every
// problem when there is any, and then nothing else: the register is taken
// whole or not at all. Sheets are found by name and columns by header
// label, wherever the header row is in the first 20 rows and in any order;
// case, accents and extra spaces are ignored in names, labels and in the
// values of Type, Nature and Axe. The returned register has no Version:
// the store assigns it.
func ReadRegister(data []byte, name string) (*reconcile.Register, error) {
	refused := func(r *ooxml.Refusal) error {
		return &RegisterError{File: name, Problems: []Problem{{Message: regCapitalise(registerRefusal(r))}}}
	}
	pkg, r := ooxml.Open(data, registerLimits)
	if r != nil {
		return nil, refused(r)
	}
	wb, r := pkg.Workbook()
	if r != nil {
		return nil, refused(r)
	}
	specs := []struct {
		name    string
		columns []regColumn
		needed  bool
	}{
		{RegisterSheetTerritories, territoryColumns, true},
		{RegisterSheetActions, actionColumns, true},
		{RegisterSheetIndicators, indicatorColumns, true},
		{RegisterSheetCalendar, calendarColumns, false},
	}
	want := map[string]bool{}
	for _, s := range specs {
		want[reconcile.Fold(s.name)] = true
	}
	grids, r := pkg.ReadSheets(wb, func(sheet string) bool {
		f := reconcile.Fold(sheet)
		if !want[f] {
			return false
		}
		delete(want, f) // the first sheet of that name only
		return true
	})
	if r != nil {
		return nil, refused(r)
	}
	byName := map[string]*ooxml.Grid{}
	for _, g := range grids {
		byName[reconcile.Fold(g.Name)] = g
	}

	p := &regProblems{}
	tables := map[string]*regTable{}
	for _, s := range specs {
		g := byName[reconcile.Fold(s.name)]
		if g == nil {
			if s.needed {
				var present []string
				for _, sh := range wb.Sheets {
					present = append(present, sh.Name)
				}
				p.add(s.name, "feuille « %s » introuvable dans le classeur (feuilles présentes : %s).",
					s.name, strings.Join(present, ", "))
			}
			continue
		}
		if t := p.readTable(g, s.columns); t != nil {
			tables[s.name] = t
		}
	}
	b := newRegBuilder(p)
	if t := tables[RegisterSheetTerritories]; t != nil {
		b.territories(t)
	}
	if t := tables[RegisterSheetActions]; t != nil {
		b.actions(t, tables[RegisterSheetTerritories] != nil)
	}
	if t := tables[RegisterSheetIndicators]; t != nil {
		b.indicators(t, tables[RegisterSheetTerritories] != nil, tables[RegisterSheetActions] != nil)
	}
	if t := tables[RegisterSheetCalendar]; t != nil {
		b.calendar(t)
	}
	if len(p.list) > 0 {
		return nil, &RegisterError{File: name, Problems: p.list}
	}
	sum := sha256.Sum256(data)
	reg := b.register()
	reg.Source = name
	reg.SHA256 = hex.EncodeToString(sum[:])
	reg.Fictitious = registerSaysFictitious(byName)
	return reg, nil
}

// registerSaysFictitious reports whether a sheet of the register states,
// above its table, that its data are fictitious ("Données fictives ...").
func registerSaysFictitious(sheets map[string]*ooxml.Grid) bool {
	for _, name := range []string{RegisterSheetTerritories, RegisterSheetActions} {
		g := sheets[reconcile.Fold(name)]
		for row := 1; row <= 5; row++ {
			if strings.Contains(reconcile.Fold(g.At(row, 1).Text()), "donnees fictives") {
				return true
			}
		}
	}
	return false
}

// regCapitalise upper-cases the first letter of a sentence.
func regCapitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// Columns of each register sheet (SPEC §3) and labels met in real files.
var (
	territoryColumns = []regColumn{
		{key: "siren", label: "SIREN", aliases: []string{"N° SIREN", "Numéro SIREN", "SIREN de la collectivité"}},
		{key: "name", label: "Nom", aliases: []string{"Nom de la collectivité", "Collectivité", "Territoire", "Signataire"}},
		{key: "type", label: "Type", aliases: []string{"Type de collectivité", "Type de territoire"}},
		{key: "departements", label: "Départements", aliases: []string{"Département", "Codes départements", "Code département", "Départements (INSEE)"}},
		{key: "axes", label: "Axes", aliases: []string{"Nombre d'axes", "Nb axes", "Nb d'axes"}},
		{key: "ceiling", label: "Plafond annuel État (€)", aliases: []string{"Plafond annuel", "Plafond annuel de l'État (€)", "Plafond État annuel (€)"}},
		{key: "senders", label: "Expéditeurs autorisés", optional: true, aliases: []string{"Expéditeurs", "Adresses autorisées"}},
		{key: "recipients", label: "Destinataires", optional: true, aliases: []string{"Destinataires des accusés", "Destinataires des accusés de réception"}},
	}
	actionColumns = []regColumn{
		{key: "siren", label: "SIREN", aliases: []string{"N° SIREN", "Numéro SIREN"}},
		{key: "code", label: "Code action", aliases: []string{"Code de l'action", "Code fiche action", "Code fiche"}},
		{key: "axis", label: "Axe", aliases: []string{"Axe du pacte", "Axe stratégique"}},
		{key: "title", label: "Intitulé", aliases: []string{"Intitulé de l'action", "Libellé", "Libellé de l'action", "Titre"}},
		{key: "nature", label: "Nature", aliases: []string{"Nature de l'action"}},
		{key: "year", label: "Année", aliases: []string{"Exercice"}},
		{key: "state", label: "État prévu (€)", aliases: []string{"État prévue (€)", "Montant État prévu (€)", "Part État prévue (€)"}},
		{key: "territory", label: "Collectivité prévu (€)", aliases: []string{"Collectivité prévue (€)", "Montant collectivité prévu (€)", "Part collectivité prévue (€)"}},
	}
	indicatorColumns = []regColumn{
		{key: "siren", label: "SIREN", aliases: []string{"N° SIREN", "Numéro SIREN"}},
		{key: "action", label: "Code action", aliases: []string{"Code de l'action", "Code fiche action"}},
		{key: "code", label: "Code indicateur", aliases: []string{"Code de l'indicateur"}},
		{key: "label", label: "Indicateur", aliases: []string{"Libellé de l'indicateur", "Intitulé de l'indicateur", "Libellé indicateur"}},
		{key: "unit", label: "Unité", aliases: []string{"Unité de mesure"}},
		{key: "baseline", label: "Référence", optional: true, aliases: []string{"Valeur de référence", "Valeur initiale"}},
		{key: "year", label: "Année", aliases: []string{"Exercice"}},
		{key: "target", label: "Cible", aliases: []string{"Valeur cible"}},
	}
	calendarColumns = []regColumn{
		{key: "year", label: "Année", aliases: []string{"Exercice"}},
		{key: "deadline", label: "Date limite", aliases: []string{"Date limite de transmission", "Échéance"}},
	}
)
