package templates

// Where the generated workbook puts things. The parser must not rely on
// these positions (people insert rows and move columns); they document what
// Generate writes and let tests and tools find cells in a fresh template.
const (
	// GeneratedIdentificationRow is the row of the first Identification
	// label (Collectivité); the other labels follow one per row.
	GeneratedIdentificationRow = 4
	// GeneratedIdentityRow is the row of the LabelTemplate cell; the
	// LabelFingerprint cell is on the next row.
	GeneratedIdentityRow = GeneratedIdentificationRow + 9
	// GeneratedActionsHeaderRow is the header row of the Actions table;
	// the first action is on the next row.
	GeneratedActionsHeaderRow = 4
	// GeneratedIndicatorsHeaderRow is the header row of the Indicateurs table.
	GeneratedIndicatorsHeaderRow = 4
	// GeneratedSyntheseHeaderRow is the header row of the Synthèse table.
	GeneratedSyntheseHeaderRow = 4
	// CommentsCell is the top-left cell of the merged free-text area of
	// the Commentaires sheet.
	CommentsCell = "A4"
)

// Header labels of the Synthèse table. Its amount columns reuse
// HeaderStatePlanned, HeaderTerritoryPlanned, HeaderStateSpent and
// HeaderTerritorySpent; the Total row carries TotalLabel in the Axe column.
const (
	HeaderSyntheseAxis   = "Axe"
	HeaderSyntheseRate   = "Taux d'exécution"
	HeaderSyntheseAxisID = "Code axe" // hidden column holding the reconcile.Axis id
)

// SyntheseHeaders lists the Synthèse table headers in template order.
var SyntheseHeaders = []string{HeaderSyntheseAxis, HeaderStatePlanned, HeaderTerritoryPlanned,
	HeaderStateSpent, HeaderTerritorySpent, HeaderSyntheseRate, HeaderSyntheseAxisID}

// Identification labels in the order Generate writes them.
var IdentificationLabels = []string{LabelName, LabelSIREN, LabelYear, LabelReferent, LabelEmail,
	LabelPhone, LabelTransmissionDate}
