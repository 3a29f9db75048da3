package web

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// territoryView is one territory of the list, of the export and of a
// territory person's overview: the columns of the list.
type territoryView struct {
	SIREN, Name, URL              string
	Region, Type, Departements    string
	State                         reconcile.State
	StateLabel, StateClass        string
	Late                          bool
	Files                         int // distinct files recorded
	SetAside                      int // files set aside
	LastReceived, LastReceivedISO string
	Rate                          string // "—" without an accepted report
	Bloquant, Alerte              int
	row                           reports.TerritoryRow
}

// stateClass is the CSS class of a state's badge.
var stateClass = map[reconcile.State]string{reconcile.StateAccepted: "ok", reconcile.StateAcceptedLate: "late",
	reconcile.StateRejected: "rejected", reconcile.StateSetAside: "aside", reconcile.StateNotReceived: "missing"}

func territoryViewOf(tr reports.TerritoryRow, year int) territoryView {
	t := tr.Territory
	v := territoryView{SIREN: t.SIREN, Name: t.Name, URL: territoryURL(t.SIREN, year), Region: tr.Region,
		Type: t.Type.Label(), Departements: strings.Join(t.Departements, ", "), State: tr.State,
		StateLabel: tr.Label(), StateClass: stateClass[tr.State], Late: tr.Late(), Files: tr.Status.Submissions,
		SetAside: len(tr.SetAside), Rate: reports.FormatRate(tr.Rate), Bloquant: tr.Counts[0], Alerte: tr.Counts[1], row: tr}
	if at := lastReceived(tr); !at.IsZero() {
		v.LastReceived, v.LastReceivedISO = frDateTime(at), isoTime(at)
	}
	return v
}

// listQuery is what the territory list shows: its filters and its order,
// read from the query string so that the list works without script and a
// link or a bookmark keeps it.
type listQuery struct {
	State, Region, Type, Late, Search string
	Sort                              string // a key of listSorts
	Desc                              bool
}

// listSorts are the sortable columns: name in the query, label.
var listSorts = []struct{ Key, Label string }{
	{"nom", "Territoire"}, {"siren", "SIREN"}, {"region", "Région"}, {"type", "Type"}, {"etat", "État"},
	{"depots", "Fichiers"}, {"dernier", "Dernier dépôt"}, {"taux", "Taux d'exécution"}, {"constats", "Constats bloquants"},
}

func readListQuery(q url.Values) listQuery {
	lq := listQuery{State: q.Get("etat"), Region: q.Get("region"), Type: q.Get("type"), Late: q.Get("retard"),
		Search: strings.TrimSpace(q.Get("q")), Sort: q.Get("tri"), Desc: q.Get("ordre") == "desc"}
	if len(lq.Search) > 100 {
		lq.Search = lq.Search[:100]
	}
	known := false
	for _, s := range listSorts {
		known = known || s.Key == lq.Sort
	}
	if !known {
		lq.Sort = "etat"
	}
	return lq
}

// values writes the query back, with the year, for links and the export.
func (lq listQuery) values(year int) url.Values {
	v := url.Values{"annee": {strconv.Itoa(year)}}
	for k, x := range map[string]string{"etat": lq.State, "region": lq.Region, "type": lq.Type, "retard": lq.Late, "q": lq.Search} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if lq.Sort != "etat" || lq.Desc {
		v.Set("tri", lq.Sort)
	}
	if lq.Desc {
		v.Set("ordre", "desc")
	}
	return v
}

// keep reports whether a territory passes the filters.
func (lq listQuery) keep(v territoryView) bool {
	if lq.State != "" && stateSlug[v.State] != lq.State {
		return false
	}
	if lq.Region != "" && v.Region != lq.Region {
		return false
	}
	if lq.Type != "" && string(v.row.Territory.Type) != lq.Type {
		return false
	}
	if lq.Late == "oui" && !v.Late || lq.Late == "non" && v.Late {
		return false
	}
	if lq.Search != "" {
		digits := strings.ReplaceAll(lq.Search, " ", "")
		if !strings.Contains(v.SIREN, digits) && !strings.Contains(reconcile.Fold(v.Name), reconcile.Fold(lq.Search)) {
			return false
		}
	}
	return true
}

// stateRank orders states from the ones to act on, as the weekly report
// lists them.
var stateRank = map[reconcile.State]int{reconcile.StateRejected: 0, reconcile.StateSetAside: 1,
	reconcile.StateNotReceived: 2, reconcile.StateAcceptedLate: 3, reconcile.StateAccepted: 4}

// sortViews orders the list by lq.Sort, then as French readers sort names
// (reconcile.LessTerritory, the weekly report's order, which ignores the
// article), whatever the direction of the first key.
func sortViews(vs []territoryView, lq listQuery) {
	cmp := func(a, b territoryView) int {
		switch lq.Sort {
		case "siren":
			return strings.Compare(a.SIREN, b.SIREN)
		case "region":
			return strings.Compare(reconcile.Fold(a.Region), reconcile.Fold(b.Region))
		case "type":
			return strings.Compare(a.Type, b.Type)
		case "etat":
			return stateRank[a.State] - stateRank[b.State]
		case "depots":
			return a.Files + a.SetAside - b.Files - b.SetAside
		case "dernier":
			return strings.Compare(a.LastReceivedISO, b.LastReceivedISO)
		case "taux":
			return rateKey(a.row.Rate) - rateKey(b.row.Rate)
		case "constats":
			return a.Bloquant - b.Bloquant
		}
		return 0
	}
	sort.SliceStable(vs, func(i, j int) bool {
		c := cmp(vs[i], vs[j])
		if lq.Desc {
			c = -c
		}
		if c != 0 {
			return c < 0
		}
		if lq.Desc && lq.Sort == "nom" {
			return reconcile.LessTerritory(vs[j].row.Territory, vs[i].row.Territory)
		}
		return reconcile.LessTerritory(vs[i].row.Territory, vs[j].row.Territory)
	})
}

// rateKey orders rates, none first.
func rateKey(r *reconcile.Rate) int {
	if r == nil {
		return -1
	}
	return int(*r)
}

// listPage is the view of /territoires.
type listPage struct {
	page
	Query                  listQuery
	States, Regions, Types []option
	Lates, Sorts, Orders   []option
	Headers                []sortHeader
	Rows                   []territoryView
	Total                  int
	Export                 string
	Reset                  string
}

type option struct {
	Value, Label string
	Selected     bool
}

// sortHeader is a column header: a link that sorts by it, and aria-sort.
type sortHeader struct {
	Label, URL, AriaSort, Arrow string
}

// territoryList serves /territoires: every territory the person sees, with
// filters, search and sort read from the query.
func (s *Server) territoryList(w http.ResponseWriter, r *http.Request) {
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	lq := readListQuery(r.URL.Query())
	rows, total, err := s.listRows(r, year, lq)
	if err != nil {
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	p := listPage{page: s.page("Territoires "+strconv.Itoa(year), year, "/territoires"), Query: lq, Rows: rows, Total: total}
	p.Export = "/territoires.xlsx?" + lq.values(year).Encode()
	p.Reset = "/territoires?annee=" + strconv.Itoa(year)
	p.States = []option{{"", "tous", lq.State == ""}}
	for _, st := range reconcile.States {
		p.States = append(p.States, option{stateSlug[st], st.Label(true), lq.State == stateSlug[st]})
	}
	p.States[len(p.States)-1].Label = "Rien reçu"
	p.Regions = []option{{"", "toutes", lq.Region == ""}}
	for _, reg := range append(append([]string{}, reports.Regions...), reports.RegionUnknown) {
		p.Regions = append(p.Regions, option{reg, reg, lq.Region == reg})
	}
	p.Types = []option{{"", "tous", lq.Type == ""}}
	for _, t := range []reconcile.TerritoryType{reconcile.TypeDepartement, reconcile.TypeCollectivite, reconcile.TypeMetropole} {
		p.Types = append(p.Types, option{string(t), t.Label(), lq.Type == string(t)})
	}
	p.Lates = []option{{"", "tous", lq.Late == ""}, {"oui", "en retard", lq.Late == "oui"}, {"non", "dans les délais", lq.Late == "non"}}
	p.Orders = []option{{"", "croissant", !lq.Desc}, {"desc", "décroissant", lq.Desc}}
	for _, c := range listSorts {
		p.Sorts = append(p.Sorts, option{c.Key, c.Label, lq.Sort == c.Key})
		h := sortHeader{Label: c.Label}
		q := lq
		q.Sort, q.Desc = c.Key, false
		if lq.Sort == c.Key {
			h.AriaSort, h.Arrow = "ascending", " ▲"
			if lq.Desc {
				h.AriaSort, h.Arrow = "descending", " ▼"
			} else {
				q.Desc = true
			}
		}
		h.URL = "/territoires?" + q.values(year).Encode()
		p.Headers = append(p.Headers, h)
	}
	s.render(w, r, "territories.html", &p)
}

// listRows returns the territories the person sees that pass lq, in its
// order, and how many the person sees in all.
func (s *Server) listRows(r *http.Request, year int, lq listQuery) ([]territoryView, int, error) {
	who := PersonFrom(r.Context())
	wk, err := s.weekData(r.Context(), year)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	var out []territoryView
	total := 0
	for _, tr := range wk.Territories {
		if !who.Sees(tr.Territory.SIREN) {
			continue
		}
		total++
		if v := territoryViewOf(tr, year); lq.keep(v) {
			out = append(out, v)
		}
	}
	sortViews(out, lq)
	return out, total, nil
}
