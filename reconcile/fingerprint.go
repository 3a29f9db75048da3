package reconcile

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
)

// fingerprintAction is the canonical form of one pre-filled action.
type fingerprintAction struct {
	Code       string                 `json:"c"`
	Axis       Axis                   `json:"a"`
	Title      string                 `json:"t"`
	Nature     Nature                 `json:"n"`
	State      int64                  `json:"s"`
	Territory  int64                  `json:"p"`
	Indicators []fingerprintIndicator `json:"i"`
}

// fingerprintIndicator is the canonical form of one pre-filled indicator.
type fingerprintIndicator struct {
	Code     string `json:"c"`
	Label    string `json:"l"`
	Unit     string `json:"u"`
	Baseline string `json:"b"`
	Target   string `json:"t"`
}

// Fingerprint returns a short hex digest (16 characters of a SHA-256) of the
// commitments a reporting workbook pre-fills for the contract's territory in
// year: the SIREN, the year, and for each action planned that year in
// contract order its code, axis, title, nature and planned amounts, and for
// each of its indicators the code, label, unit, baseline and the year's
// target. Two registers that pre-fill the same cells give the same
// fingerprint; any change to one of those cells changes it.
func Fingerprint(c *Contract, year int) string {
	type canon struct {
		SIREN   string              `json:"siren"`
		Year    int                 `json:"year"`
		Actions []fingerprintAction `json:"actions"`
	}
	v := canon{SIREN: c.Territory.SIREN, Year: year, Actions: []fingerprintAction{}}
	for _, a := range c.ActionsFor(year) {
		p := a.Plans[year]
		fa := fingerprintAction{Code: a.Code, Axis: a.Axis, Title: a.Title, Nature: a.Nature,
			State: p.State.Cents(), Territory: p.Territory.Cents(), Indicators: []fingerprintIndicator{}}
		for _, ind := range a.Indicators {
			fi := fingerprintIndicator{Code: ind.Code, Label: ind.Label, Unit: ind.Unit}
			if ind.Baseline != nil {
				fi.Baseline = canonicalNumber(*ind.Baseline)
			}
			if t, ok := ind.Targets[year]; ok {
				fi.Target = canonicalNumber(t)
			}
			fa.Indicators = append(fa.Indicators, fi)
		}
		v.Actions = append(v.Actions, fa)
	}
	// Marshalling plain structs of strings and integers cannot fail.
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// canonicalNumber formats f in the shortest form that reads back as f.
func canonicalNumber(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}
