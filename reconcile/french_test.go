package reconcile_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func TestFrenchFormatDate(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   time.Time
		date string
		full string
	}{
		{"end of March", time.Date(2026, 3, 31, 12, 0, 0, 0, reconcile.Paris), "31 mars 2026", "31 mars 2026 à 12 h 00"},
		{"first of a month", time.Date(2026, 4, 1, 9, 5, 0, 0, reconcile.Paris), "1er avril 2026", "1er avril 2026 à 9 h 05"},
		{"first of January", time.Date(2027, 1, 1, 0, 0, 0, 0, reconcile.Paris), "1er janvier 2027", "1er janvier 2027 à 0 h 00"},
		{"accented month", time.Date(2026, 2, 11, 23, 59, 0, 0, reconcile.Paris), "11 février 2026", "11 février 2026 à 23 h 59"},
		{"August", time.Date(2026, 8, 15, 14, 30, 0, 0, reconcile.Paris), "15 août 2026", "15 août 2026 à 14 h 30"},
		{"December", time.Date(2026, 12, 2, 8, 0, 0, 0, reconcile.Paris), "2 décembre 2026", "2 décembre 2026 à 8 h 00"},
		{"winter UTC+1", time.Date(2026, 11, 25, 20, 2, 0, 0, time.UTC), "25 novembre 2026", "25 novembre 2026 à 21 h 02"},
		{"summer UTC+2", time.Date(2026, 7, 14, 8, 0, 0, 0, time.UTC), "14 juillet 2026", "14 juillet 2026 à 10 h 00"},
		// 29 March 2026: clocks go from 2:00 to 3:00 in Paris.
		{"spring DST before", time.Date(2026, 3, 29, 0, 59, 0, 0, time.UTC), "29 mars 2026", "29 mars 2026 à 1 h 59"},
		{"spring DST after", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), "29 mars 2026", "29 mars 2026 à 3 h 00"},
		// 25 October 2026: clocks go from 3:00 back to 2:00 in Paris.
		{"autumn DST first 2:30", time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC), "25 octobre 2026", "25 octobre 2026 à 2 h 30"},
		{"autumn DST second 2:30", time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC), "25 octobre 2026", "25 octobre 2026 à 2 h 30"},
		{"UTC already next day in Paris", time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC), "1er avril 2026", "1er avril 2026 à 0 h 30"},
		{"UTC New Year's Eve", time.Date(2026, 12, 31, 23, 15, 0, 0, time.UTC), "1er janvier 2027", "1er janvier 2027 à 0 h 15"},
		{"other zone", time.Date(2026, 6, 30, 20, 0, 0, 0, time.FixedZone("UTC-4", -4*3600)), "1er juillet 2026", "1er juillet 2026 à 2 h 00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := reconcile.FormatDate(tc.at); got != tc.date {
				t.Errorf("FormatDate(%v) = %q, want %q", tc.at, got, tc.date)
			}
			if got := reconcile.FormatDateTime(tc.at); got != tc.full {
				t.Errorf("FormatDateTime(%v) = %q, want %q", tc.at, got, tc.full)
			}
		})
	}
}

func TestFrenchPercentValue(t *testing.T) {
	for _, tc := range []struct {
		v    reconcile.Value
		str  string
		json string
	}{
		{reconcile.PercentValue(80), "80\u00a0%", "80"},
		{reconcile.PercentValue(74.9), "74,9\u00a0%", "74.9"},
		{reconcile.PercentValue(1234.5), "1\u00a0234,5\u00a0%", "1234.5"},
		{reconcile.NumberValue(74.9), "74,9", "74.9"},
	} {
		if got := tc.v.String(); got != tc.str {
			t.Errorf("%#v.String() = %q, want %q", tc.v, got, tc.str)
		}
		b, err := json.Marshal(tc.v)
		if err != nil || string(b) != tc.json {
			t.Errorf("json.Marshal(%#v) = %s, %v; want %s", tc.v, b, err, tc.json)
		}
	}
	if reconcile.PercentValue(80) == reconcile.NumberValue(80) {
		t.Error("PercentValue(80) equals NumberValue(80), want the unit to tell them apart")
	}
}
