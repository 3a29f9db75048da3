package sqlstore

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// Visits of territory people to the status site, in table site_visits
// (migrations 401_site_visits.sql of both stores).

// RecordSiteVisit records that v.Email, a person of territory v.SIREN,
// used the site at v.Last in session v.Session: the first visit makes the
// row, a later one moves last_seen forward (never back) and counts a login
// when the session differs from the last one recorded.
func (s *Store) RecordSiteVisit(ctx context.Context, v reconcile.SiteVisit) error {
	if v.SIREN == "" || v.Email == "" {
		return fmt.Errorf("record site visit: empty SIREN or address")
	}
	at := FormatTime(v.Last)
	_, err := s.exec(ctx, s.write, `INSERT INTO site_visits (siren, email, name, first_seen, last_seen, sessions, session)
		VALUES (?, ?, ?, ?, ?, 1, ?)
		ON CONFLICT (siren, email) DO UPDATE SET
			name = excluded.name,
			sessions = site_visits.sessions + CASE WHEN site_visits.session = excluded.session THEN 0 ELSE 1 END,
			session = excluded.session,
			last_seen = CASE WHEN excluded.last_seen > site_visits.last_seen THEN excluded.last_seen ELSE site_visits.last_seen END`,
		v.SIREN, v.Email, v.Name, at, at, v.Session)
	if err != nil {
		return fmt.Errorf("record site visit of %s for %s: %w", v.Email, v.SIREN, err)
	}
	return nil
}

// SiteVisits lists who has opened the status site: for the territory
// siren, or for every territory when siren is "", one row per territory
// and address, by SIREN then newest visit first. The campaign page shows
// per territory the first row of its SIREN (its latest visit).
func (s *Store) SiteVisits(ctx context.Context, siren string) ([]reconcile.SiteVisit, error) {
	rows, err := s.query(ctx, s.read, `SELECT siren, email, name, first_seen, last_seen, sessions FROM site_visits
		WHERE ? = '' OR siren = ? ORDER BY siren, last_seen DESC, email`, siren, siren)
	if err != nil {
		return nil, fmt.Errorf("list site visits: %w", err)
	}
	defer rows.Close()
	var out []reconcile.SiteVisit
	for rows.Next() {
		var v reconcile.SiteVisit
		var first, last string
		if err := rows.Scan(&v.SIREN, &v.Email, &v.Name, &first, &last, &v.Sessions); err != nil {
			return nil, fmt.Errorf("read site visit: %w", err)
		}
		if v.First, err = ParseTime(first); err != nil {
			return nil, err
		}
		if v.Last, err = ParseTime(last); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list site visits: %w", err)
	}
	return out, nil
}
