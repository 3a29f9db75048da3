package templates

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// identRows is how far down the Identification sheet labels are looked for.
const identRows = 100

// identField is one label of the Identification sheet.
type identField struct {
	label, key string
	fill       bool   // to be filled in by the territory
	hint       string // what to type, for VALEUR_MANQUANTE
}

var identFields = []identField{
	{LabelName, "name", false, ""},
	{LabelSIREN, "siren", false, ""},
	{LabelYear, "year", false, ""},
	{LabelReferent, "referent", true, "indiquez le nom et la fonction de la personne à contacter"},
	{LabelEmail, "email", true, "indiquez l'adresse de messagerie de la personne à contacter"},
	{LabelPhone, "phone", true, "indiquez le numéro de téléphone de la personne à contacter"},
	{LabelTransmissionDate, "transmission_date", true, "saisissez la date d'envoi du fichier, par exemple 15/03/2026"},
	{LabelTemplate, "template", false, ""},
	{LabelFingerprint, "fingerprint", false, ""},
}

// identLabels is what the Identification sheet holds, by identField key:
// the cell to the right of each label found, its reference and row.
type identLabels struct {
	values map[string]*ooxml.Cell
	cells  map[string]string
	found  map[string]bool
}

// scanIdentification finds the labels of the Identification sheet; a
// missing sheet finds none.
func (ps *wbParser) scanIdentification() identLabels {
	l := identLabels{values: map[string]*ooxml.Cell{}, cells: map[string]string{}, found: map[string]bool{}}
	g := ps.sheet(SheetIdentification)
	if g == nil {
		return l
	}
	for _, row := range g.Rows {
		if row.Num > identRows {
			break
		}
		for _, c := range row.Cells {
			if c.Kind != ooxml.KindText {
				continue
			}
			f := reconcile.Fold(c.Value)
			for _, fd := range identFields {
				if l.found[fd.key] || f != reconcile.Fold(fd.label) {
					continue
				}
				l.found[fd.key] = true
				l.cells[fd.key] = g.Ref(row.Num, c.Col+1)
				l.values[fd.key] = g.At(row.Num, c.Col+1)
			}
		}
	}
	return l
}

// identify reads the Identification sheet and the defined names, then
// checks the territory and the year against the register.
func (ps *wbParser) identify(reg *reconcile.Register) {
	id := &ps.rep.Identification
	id.Cells = map[string]string{}
	values, found := ps.ident.values, ps.ident.found
	for k, v := range ps.ident.cells {
		if k != "template" && k != "fingerprint" {
			id.Cells[k] = v
		}
	}
	id.Name = values["name"].Text()
	id.Referent = values["referent"].Text()
	id.Email = values["email"].Text()
	id.Phone = values["phone"].Text()
	for _, fd := range identFields {
		if !fd.fill || !found[fd.key] {
			continue
		}
		ps.identFill(fd, values[fd.key], id.Cells[fd.key])
	}

	siren, sirenCell, ok := ps.nameValue(NameSIREN)
	if !ok || siren == "" {
		siren, sirenCell = values["siren"].Text(), id.Cells["siren"]
	} else if c := values["siren"]; c != nil && normalizeSIREN(c.Text()) != normalizeSIREN(siren) {
		f := reconcile.NewFinding(reconcile.EngagementModifie, fmt.Sprintf(
			"La cellule %s indique le SIREN %s alors que ce classeur a été préparé pour le SIREN %s : rétablissez %s ; si le classeur n'est pas celui de votre territoire, demandez le vôtre à la délégation.",
			id.Cells["siren"], cellDisplay(c), normalizeSIREN(siren), normalizeSIREN(siren)))
		f.Cells = []string{id.Cells["siren"]}
		f.Expected, f.Actual = reconcile.TextValue(normalizeSIREN(siren)), reconcile.TextValue(c.Text())
		ps.add(f)
	}
	ps.rep.SIREN = normalizeSIREN(siren)
	if sirenCell != "" {
		id.Cells["siren"] = sirenCell
	}
	yearText, yearCell, ok := ps.nameValue(NameYear)
	if !ok || yearOf(yearText) == 0 {
		yearText, yearCell = values["year"].Text(), id.Cells["year"]
	} else if c := values["year"]; c != nil && yearOf(c.Text()) != yearOf(yearText) {
		f := reconcile.NewFinding(reconcile.EngagementModifie, fmt.Sprintf(
			"La cellule %s indique l'année %s alors que ce classeur a été préparé pour l'année %d : rétablissez %d ; pour une autre année, utilisez le classeur de cette année-là.",
			id.Cells["year"], cellDisplay(c), yearOf(yearText), yearOf(yearText)))
		f.Cells = []string{id.Cells["year"]}
		f.Expected, f.Actual = reconcile.NumberValue(float64(yearOf(yearText))), reconcile.TextValue(c.Text())
		ps.add(f)
	}
	ps.rep.Year = yearOf(yearText)
	if yearCell != "" {
		id.Cells["year"] = yearCell
	}
	if v, _, ok := ps.nameValue(NameFingerprint); ok && v != "" {
		ps.rep.Fingerprint = v
	} else {
		ps.rep.Fingerprint = values["fingerprint"].Text()
	}
	ps.checkTerritory(reg, id, sirenCell, yearCell)
}

// identFill reads one cell to fill of the Identification sheet.
func (ps *wbParser) identFill(fd identField, c *ooxml.Cell, ref string) {
	w := cellPlace{ref: ref, what: fd.label}
	if c != nil && c.Kind == ooxml.KindError {
		ps.errorValue(w, c)
		return
	}
	if c.IsEmpty() || (c.Formula && c.Text() == "") {
		f := reconcile.NewFinding(reconcile.ValeurManquante, fmt.Sprintf("%s est vide : %s.", w.subject(), fd.hint))
		f.Cells = []string{ref}
		ps.add(f)
		return
	}
	if fd.key != "transmission_date" {
		return
	}
	var (
		t  = c.Text()
		ok bool
	)
	switch c.Kind {
	case ooxml.KindNumber:
		if v, st := cellNumber(c); st == stNumber {
			d, good := ooxml.SerialDate(v, ps.wb.Date1904, reconcile.Paris)
			if good {
				ps.rep.Identification.TransmissionDate, ok = &d, true
			}
		}
	default:
		if d, good := parseFrenchDate(t); good {
			ps.rep.Identification.TransmissionDate, ok = &d, true
		}
	}
	if !ok {
		f := reconcile.NewFinding(reconcile.ValeurManquante, fmt.Sprintf(
			"%s contient %s, qui n'est pas une date : saisissez la date d'envoi du fichier, par exemple 15/03/2026.",
			w.subject(), guillemets(cellDisplay(c))))
		f.Cells = []string{ref}
		f.Actual = reconcile.TextValue(cellDisplay(c))
		ps.add(f)
	}
}

// checkTerritory reports TERRITOIRE_INCONNU and ANNEE_HORS_CONTRAT, and
// keeps the contract to compare commitments with when both are known.
func (ps *wbParser) checkTerritory(reg *reconcile.Register, id *reconcile.Identification, sirenCell, yearCell string) {
	siren, year := ps.rep.SIREN, ps.rep.Year
	cells := func(ref string) []string {
		if ref == "" {
			return nil
		}
		return []string{ref}
	}
	var c *reconcile.Contract
	switch {
	case siren == "":
		f := reconcile.NewFinding(reconcile.TerritoireInconnu,
			"Le classeur n'indique pas de SIREN (nom défini pactd_siren et feuille Identification vides) : complétez le classeur pré-rempli reçu pour votre territoire et renvoyez-le.")
		f.Cells = cells(sirenCell)
		ps.add(f)
	case !reconcile.ValidSIREN(siren):
		f := reconcile.NewFinding(reconcile.TerritoireInconnu, fmt.Sprintf(
			"Le classeur indique le SIREN %s, qui n'est pas un numéro SIREN valide : complétez le classeur pré-rempli reçu pour votre territoire et renvoyez-le.", guillemets(siren)))
		f.Cells, f.Actual = cells(sirenCell), reconcile.TextValue(siren)
		ps.add(f)
	case reg != nil:
		if c = reg.Contract(siren); c == nil {
			f := reconcile.NewFinding(reconcile.TerritoireInconnu, fmt.Sprintf(
				"Le SIREN %s indiqué dans le classeur ne correspond à aucun territoire signataire d'un contrat local des solidarités : utilisez le classeur pré-rempli reçu pour votre territoire, ou contactez la délégation si votre contrat manque.", siren))
			f.Cells, f.Actual = cells(sirenCell), reconcile.TextValue(siren)
			ps.add(f)
		}
	}
	switch {
	case year == 0:
		f := reconcile.NewFinding(reconcile.AnneeHorsContrat,
			"Le classeur n'indique pas l'année du compte rendu (nom défini pactd_annee et feuille Identification vides) : complétez le classeur pré-rempli reçu pour l'année et renvoyez-le.")
		f.Cells = cells(yearCell)
		ps.add(f)
	case year < reconcile.FirstYear || year > reconcile.LastYear:
		f := reconcile.NewFinding(reconcile.AnneeHorsContrat, fmt.Sprintf(
			"Le classeur porte sur l'année %d, hors de la période des contrats locaux des solidarités (%d à %d) : utilisez le classeur pré-rempli d'une année du contrat.",
			year, reconcile.FirstYear, reconcile.LastYear))
		f.Cells, f.Actual = cells(yearCell), reconcile.NumberValue(float64(year))
		ps.add(f)
	case c != nil && !c.Covers(year):
		f := reconcile.NewFinding(reconcile.AnneeHorsContrat, fmt.Sprintf(
			"Le contrat de %s ne prévoit aucune action en %d, l'année de ce classeur : vérifiez l'année, ou contactez la délégation si votre contrat couvre cette année.",
			c.Territory.Name, year))
		f.Cells, f.Actual = cells(yearCell), reconcile.NumberValue(float64(year))
		ps.add(f)
	case c != nil:
		ps.contract, ps.year = c, year
		if ref := id.Cells["name"]; ref != "" && id.Name != "" && !sameLabel(id.Name, c.Territory.Name) {
			f := reconcile.NewFinding(reconcile.EngagementModifie, fmt.Sprintf(
				"La cellule %s indique %s alors que le contrat est celui de %s : rétablissez le nom pré-rempli.",
				ref, guillemets(shortText(id.Name, 60)), guillemets(c.Territory.Name)))
			f.Cells = []string{ref}
			f.Expected, f.Actual = reconcile.TextValue(c.Territory.Name), reconcile.TextValue(id.Name)
			ps.add(f)
		}
	}
	if ps.year == 0 {
		ps.year = year
	}
}

// sameLabel compares two labels as people see them: spaces collapsed.
func sameLabel(a, b string) bool {
	return strings.Join(strings.Fields(a), " ") == strings.Join(strings.Fields(b), " ")
}
