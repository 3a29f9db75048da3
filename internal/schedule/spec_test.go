package schedule_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/schedule"
)

func TestParse(t *testing.T) {
	tests := []struct {
		spec string
		want string // "" when accepted, else part of the French message
	}{
		{"0 8 * * 1", ""},
		{"  0 9 * * *  ", ""},
		{"@weekly", ""},
		{"30 7 1 * *", ""},
		{"", "expression vide"},
		{"0 8 * *", "expression cron invalide « 0 8 * * »"},
		{"0 8 * * 1 2026", "expression cron invalide"},
		{"61 8 * * 1", "expression cron invalide"},
		{"CRON_TZ=UTC 0 8 * * 1", "le fuseau horaire est toujours Europe/Paris, retirez « CRON_TZ=UTC »"},
		{"TZ=Europe/Paris 0 8 * * 1", "retirez « TZ=Europe/Paris »"},
		{"@every 1h", "« @every » n'est pas accepté"},
		{"0 8 31 2 *", "ne se déclenche jamais"},
	}
	for _, tc := range tests {
		_, err := schedule.Parse(tc.spec)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Parse(%q): got %v, want no error", tc.spec, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Parse(%q): got %v, want %q", tc.spec, err, tc.want)
		case err != nil:
			var se *schedule.SpecError
			if !errors.As(err, &se) {
				t.Errorf("Parse(%q): %T is not a *SpecError", tc.spec, err)
			}
		}
	}
}

func TestPrev(t *testing.T) {
	weekly, err := schedule.Parse("0 8 * * 1")
	if err != nil {
		t.Fatal(err)
	}
	now := paris(2026, 1, 27, 10, 0) // Tuesday
	tests := []struct {
		name  string
		after time.Time
		want  time.Time
	}{
		{"three weeks missed", paris(2026, 1, 5, 8, 0), paris(2026, 1, 26, 8, 0)},
		{"nothing missed", paris(2026, 1, 26, 8, 0), time.Time{}},
		{"no history", time.Time{}, paris(2026, 1, 26, 8, 0)},
		{"two weeks missed", paris(2026, 1, 19, 8, 0), paris(2026, 1, 26, 8, 0)},
	}
	for _, tc := range tests {
		if got := schedule.Prev(weekly, tc.after, now); !got.Equal(tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := schedule.Prev(weekly, paris(2026, 1, 19, 8, 0), paris(2026, 1, 26, 8, 0)); !got.Equal(paris(2026, 1, 26, 8, 0)) {
		t.Errorf("activation at now: got %v, want it included", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"0 8 * * 1", "@weekly", "*/5 * * * *", "0 0 29 2 *", "CRON_TZ=UTC 0 8 * * 1", "1-5/2 8,9 * JAN-MAR MON-FRI"} {
		f.Add(s)
	}
	from := paris(2026, 1, 1, 0, 0)
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := schedule.Parse(spec)
		if err != nil {
			return
		}
		if next := s.Next(from); !next.After(from) {
			t.Errorf("Parse(%q) accepted; Next(%v) = %v, not after", spec, from, next)
		}
	})
}
