package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkOverview serves the overview, the territory list and its export
// on the real register size (121 territories, the sample submissions,
// snapshots of the season), as an administrator on loopback:
//
//	go test -run '^$' -bench . -benchtime 20x ./internal/web
func BenchmarkOverview(b *testing.B) {
	d := newDemoSite(b)
	h := d.srv.Handler()
	for _, bc := range []struct{ name, path string }{
		{"accueil", "/?annee=2025"},
		{"territoires", "/territoires?annee=2025&tri=nom"},
		{"export", "/territoires.xlsx?annee=2025&retard=oui"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+bc.path, nil)
				req.RemoteAddr = "127.0.0.1:40000"
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", bc.path, rec.Code, rec.Body.String())
				}
			}
		})
	}
}
