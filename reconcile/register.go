package reconcile

import (
	"sort"
	"time"
	_ "time/tzdata" // Europe/Paris must resolve in a scratch container too
)

// Contract years: contracts run from FirstYear to LastYear included.
const (
	FirstYear = 2024
	LastYear  = 2027
)

// Nature says whether an action is new or reinforces an existing one.
type Nature string

// The two natures of an action.
const (
	NatureNouvelle  Nature = "Nouvelle"
	NatureRenforcee Nature = "Renforcée"
)

// MatchNature reads a nature whatever its case and accents.
func MatchNature(s string) (Nature, bool) {
	switch Fold(s) {
	case "nouvelle", "nouveau", "creation":
		return NatureNouvelle, true
	case "renforcee", "renforce", "renforcement":
		return NatureRenforcee, true
	}
	return "", false
}

// Plan is what a contract plans for one action in one year. The State and
// the territory each finance half.
type Plan struct {
	State     Amount `json:"state"`
	Territory Amount `json:"territory"`
}

// Action is a fiche action of a contract.
type Action struct {
	Code   string       `json:"code"` // unique within the contract, e.g. "ENF-03"
	Axis   Axis         `json:"axis"`
	Title  string       `json:"title"`
	Nature Nature       `json:"nature"`
	Plans  map[int]Plan `json:"plans"` // by year
	// Indicators of the action, in register order.
	Indicators []Indicator `json:"indicators"`
}

// Indicator measures an action.
type Indicator struct {
	Code     string          `json:"code"`
	Label    string          `json:"label"`
	Unit     string          `json:"unit"`
	Baseline *float64        `json:"baseline"` // nil when the register gives none
	Targets  map[int]float64 `json:"targets"`  // by year
}

// Contract is a territory's contrat local des solidarités.
type Contract struct {
	Territory Territory `json:"territory"`
	Actions   []Action  `json:"actions"` // in register order
}

// ActionsFor returns the actions planned for year, in contract order.
func (c *Contract) ActionsFor(year int) []Action {
	var out []Action
	for _, a := range c.Actions {
		if _, ok := a.Plans[year]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Action returns the action with the given code, or nil.
func (c *Contract) Action(code string) *Action {
	for i := range c.Actions {
		if c.Actions[i].Code == code {
			return &c.Actions[i]
		}
	}
	return nil
}

// Covers reports whether the contract runs in year: the register plans at
// least one action for it, and it is within FirstYear..LastYear.
func (c *Contract) Covers(year int) bool {
	if year < FirstYear || year > LastYear {
		return false
	}
	return len(c.ActionsFor(year)) > 0
}

// Register is one imported version of the commitments register: every
// contract and the reporting calendar.
type Register struct {
	Version    int64     `json:"version"` // assigned by the store on import
	ImportedAt time.Time `json:"imported_at"`
	Source     string    `json:"source"` // file name it was imported from
	SHA256     string    `json:"sha256"` // of the imported file
	// Fictitious is true when the register says its data are fictitious
	// (the samples do): every report made from it says so too.
	Fictitious bool       `json:"fictitious,omitempty"`
	Contracts  []Contract `json:"contracts"` // sorted by SIREN
	// Deadlines maps a year to its reporting deadline, from the optional
	// Calendrier sheet. Deadline falls back to 31 March of the next year.
	Deadlines map[int]time.Time `json:"deadlines"`
}

// Contract returns the contract of the territory with that SIREN, or nil.
func (r *Register) Contract(siren string) *Contract {
	i := sort.Search(len(r.Contracts), func(i int) bool { return r.Contracts[i].Territory.SIREN >= siren })
	if i < len(r.Contracts) && r.Contracts[i].Territory.SIREN == siren {
		return &r.Contracts[i]
	}
	return nil
}

// Sort orders contracts by SIREN, as Contract requires.
func (r *Register) Sort() {
	sort.Slice(r.Contracts, func(i, j int) bool { return r.Contracts[i].Territory.SIREN < r.Contracts[j].Territory.SIREN })
}

// Paris is the time zone of deadlines and schedules.
var Paris = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		// Unreachable: time/tzdata is embedded above.
		panic("load Europe/Paris time zone: " + err.Error())
	}
	return loc
}

// Deadline returns the reporting deadline of year: the Calendrier's date,
// or 31 March of the next year, at the end of that day in Paris.
func (r *Register) Deadline(year int) time.Time {
	if d, ok := r.Deadlines[year]; ok {
		return EndOfDay(d)
	}
	return EndOfDay(time.Date(year+1, time.March, 31, 0, 0, 0, 0, Paris))
}

// EndOfDay returns the last instant of d's day in Paris (23:59:59.999999999).
func EndOfDay(d time.Time) time.Time {
	p := d.In(Paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, Paris).AddDate(0, 0, 1).Add(-time.Nanosecond)
}
