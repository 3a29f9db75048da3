// Package templates owns the reporting workbook (template CLS-RAE/1) both
// ways: it generates the pre-filled workbook of a territory and parses the
// workbooks people send back, and it reads the commitments register. It is
// the only package that imports excelize.
package templates

// Sheet names of the reporting workbook, in workbook order (SPEC §4).
const (
	SheetReadme         = "Lisez-moi"
	SheetIdentification = "Identification"
	SheetActions        = "Actions"
	SheetIndicators     = "Indicateurs"
	SheetSynthese       = "Synthèse"
	SheetComments       = "Commentaires"
)

// Sheets lists the sheets in workbook order.
var Sheets = []string{SheetReadme, SheetIdentification, SheetActions, SheetIndicators, SheetSynthese, SheetComments}

// Workbook-scope defined names (SPEC §4). NameActions and NameIndicators
// are hints only: openpyxl does not move defined names when rows are
// inserted, so tables are found by their header labels.
const (
	NameTemplate    = "pactd_modele"
	NameSIREN       = "pactd_siren"
	NameYear        = "pactd_annee"
	NameFingerprint = "pactd_empreinte"
	NameActions     = "pactd_actions"     // header row and rows of the Actions table
	NameIndicators  = "pactd_indicateurs" // header row and rows of the Indicateurs table
)

// Identification labels; each value is in the cell to the right of its label.
const (
	LabelName             = "Collectivité"
	LabelSIREN            = "SIREN"
	LabelYear             = "Année"
	LabelReferent         = "Référent"
	LabelEmail            = "Courriel"
	LabelPhone            = "Téléphone"
	LabelTransmissionDate = "Date de transmission"
	// LabelTemplate and LabelFingerprint head the cells that hold the
	// template version and the fingerprint of the pre-filled commitments:
	// the same facts as the defined names pactd_modele and pactd_empreinte,
	// in cells that every program keeps (see docs/WORKBOOK.md).
	LabelTemplate    = "Modèle"
	LabelFingerprint = "Empreinte des engagements"
)

// Header labels of the Actions table, in template order.
const (
	HeaderActionCode       = "Code action"
	HeaderAxis             = "Axe"
	HeaderTitle            = "Intitulé"
	HeaderNature           = "Nature"
	HeaderStatePlanned     = "État prévu (€)"
	HeaderTerritoryPlanned = "Collectivité prévu (€)"
	HeaderStateSpent       = "État réalisé (€)"
	HeaderTerritorySpent   = "Collectivité réalisé (€)"
	HeaderOtherSpent       = "Autres financeurs (€)"
	HeaderStatus           = "Statut"
	HeaderComment          = "Commentaire"
)

// ActionHeaders lists the Actions table headers in template order; the first
// six are pre-filled and locked, the last five are filled in.
var ActionHeaders = []string{HeaderActionCode, HeaderAxis, HeaderTitle, HeaderNature, HeaderStatePlanned,
	HeaderTerritoryPlanned, HeaderStateSpent, HeaderTerritorySpent, HeaderOtherSpent, HeaderStatus, HeaderComment}

// Header labels of the Indicateurs table, in template order.
const (
	HeaderIndicatorCode  = "Code indicateur"
	HeaderIndicatorLabel = "Indicateur"
	HeaderUnit           = "Unité"
	HeaderBaseline       = "Référence"
	HeaderTarget         = "Cible"
	HeaderActual         = "Réalisé"
)

// IndicatorHeaders lists the Indicateurs table headers in template order;
// Réalisé and Commentaire are filled in.
var IndicatorHeaders = []string{HeaderActionCode, HeaderIndicatorCode, HeaderIndicatorLabel, HeaderUnit,
	HeaderBaseline, HeaderTarget, HeaderActual, HeaderComment}

// TotalLabel is written in the Code action column of the totals row that
// follows the Actions table.
const TotalLabel = "Total"
