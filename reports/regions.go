package reports

import (
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The 18 regions, and one group for the overseas collectivities that belong
// to none.
const (
	RegionARA     = "Auvergne-Rhône-Alpes"
	RegionBFC     = "Bourgogne-Franche-Comté"
	RegionBRE     = "Bretagne"
	RegionCVL     = "Centre-Val de Loire"
	RegionCOR     = "Corse"
	RegionGES     = "Grand Est"
	RegionHDF     = "Hauts-de-France"
	RegionIDF     = "Île-de-France"
	RegionNOR     = "Normandie"
	RegionNAQ     = "Nouvelle-Aquitaine"
	RegionOCC     = "Occitanie"
	RegionPDL     = "Pays de la Loire"
	RegionPAC     = "Provence-Alpes-Côte d'Azur"
	RegionGUA     = "Guadeloupe"
	RegionMTQ     = "Martinique"
	RegionGUF     = "Guyane"
	RegionREU     = "La Réunion"
	RegionMAY     = "Mayotte"
	RegionCOM     = "Collectivités d'outre-mer"
	RegionUnknown = "Région non déterminée"
)

// Regions lists the regions in the order reports show them: the 13 of
// metropolitan France, the 5 overseas, then the overseas collectivities.
var Regions = []string{RegionARA, RegionBFC, RegionBRE, RegionCVL, RegionCOR, RegionGES, RegionHDF,
	RegionIDF, RegionNOR, RegionNAQ, RegionOCC, RegionPDL, RegionPAC, RegionGUA, RegionMTQ, RegionGUF,
	RegionREU, RegionMAY, RegionCOM}

// departementRegions maps the INSEE code of each of the 101 départements,
// of the Métropole de Lyon (69M) and of the overseas collectivities to its
// region.
var departementRegions = map[string]string{
	"01": RegionARA, "03": RegionARA, "07": RegionARA, "15": RegionARA, "26": RegionARA, "38": RegionARA,
	"42": RegionARA, "43": RegionARA, "63": RegionARA, "69": RegionARA, "69D": RegionARA, "69M": RegionARA,
	"73": RegionARA, "74": RegionARA,
	"21": RegionBFC, "25": RegionBFC, "39": RegionBFC, "58": RegionBFC, "70": RegionBFC, "71": RegionBFC,
	"89": RegionBFC, "90": RegionBFC,
	"22": RegionBRE, "29": RegionBRE, "35": RegionBRE, "56": RegionBRE,
	"18": RegionCVL, "28": RegionCVL, "36": RegionCVL, "37": RegionCVL, "41": RegionCVL, "45": RegionCVL,
	"2A": RegionCOR, "2B": RegionCOR, "20": RegionCOR,
	"08": RegionGES, "10": RegionGES, "51": RegionGES, "52": RegionGES, "54": RegionGES, "55": RegionGES,
	"57": RegionGES, "67": RegionGES, "68": RegionGES, "88": RegionGES,
	"02": RegionHDF, "59": RegionHDF, "60": RegionHDF, "62": RegionHDF, "80": RegionHDF,
	"75": RegionIDF, "77": RegionIDF, "78": RegionIDF, "91": RegionIDF, "92": RegionIDF, "93": RegionIDF,
	"94": RegionIDF, "95": RegionIDF,
	"14": RegionNOR, "27": RegionNOR, "50": RegionNOR, "61": RegionNOR, "76": RegionNOR,
	"16": RegionNAQ, "17": RegionNAQ, "19": RegionNAQ, "23": RegionNAQ, "24": RegionNAQ, "33": RegionNAQ,
	"40": RegionNAQ, "47": RegionNAQ, "64": RegionNAQ, "79": RegionNAQ, "86": RegionNAQ, "87": RegionNAQ,
	"09": RegionOCC, "11": RegionOCC, "12": RegionOCC, "30": RegionOCC, "31": RegionOCC, "32": RegionOCC,
	"34": RegionOCC, "46": RegionOCC, "48": RegionOCC, "65": RegionOCC, "66": RegionOCC, "81": RegionOCC,
	"82": RegionOCC,
	"44": RegionPDL, "49": RegionPDL, "53": RegionPDL, "72": RegionPDL, "85": RegionPDL,
	"04": RegionPAC, "05": RegionPAC, "06": RegionPAC, "13": RegionPAC, "83": RegionPAC, "84": RegionPAC,
	"971": RegionGUA, "972": RegionMTQ, "973": RegionGUF, "974": RegionREU, "976": RegionMAY,
	"975": RegionCOM, "977": RegionCOM, "978": RegionCOM, "984": RegionCOM, "986": RegionCOM,
	"987": RegionCOM, "988": RegionCOM,
}

// RegionOf returns the region of a département given by its INSEE code
// ("01", "2A", "974", "69M"; "1" is read as "01"), and false for an unknown
// code.
func RegionOf(code string) (string, bool) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if len(c) == 1 && c[0] >= '1' && c[0] <= '9' {
		c = "0" + c
	}
	r, ok := departementRegions[c]
	return r, ok
}

// TerritoryRegion returns the region of a territory: that of its first
// département whose code is known. Métropoles and collectivités belong to
// the region of their département; a territory over several regions (none
// today) is placed by its first. Unknown codes give RegionUnknown.
func TerritoryRegion(t reconcile.Territory) string {
	for _, d := range t.Departements {
		if r, ok := RegionOf(d); ok {
			return r
		}
	}
	return RegionUnknown
}
