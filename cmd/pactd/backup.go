package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/sqlite"
)

// runBackup runs "pactd backup FICHIER": a consistent copy of the SQLite
// database, taken while the daemon runs (see sqlite.Store.Backup), checked
// and written whole or not at all; restoring it is described in
// docs/DEPLOY.md. A PostgreSQL database is backed up with pg_dump, which
// the message says.
func runBackup(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("backup")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("indiquez le fichier de la sauvegarde : pactd backup FICHIER")
	}
	dest := pos[0]
	cfg, err := config.Load(*cfgPath, env.getenv)
	if err != nil {
		return err
	}
	if cfg.IsPostgres() {
		return usagef("%s est une base PostgreSQL : sauvegardez-la avec pg_dump (par exemple pg_dump --format=custom --file=pactd.dump \"$PACTD_DATABASE\") et restaurez-la avec pg_restore, comme décrit dans docs/DEPLOY.md", cfg.KeyName("database"))
	}
	if _, err := os.Lstat(dest); err == nil {
		return usagef("le fichier %s existe déjà : une sauvegarde n'en remplace jamais une autre, choisissez un autre nom", dest)
	}
	_, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	sq, ok := st.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("%s : cette base ne se sauvegarde pas avec pactd backup", cfg.KeyName("database"))
	}
	start := time.Now()
	if err := sq.Backup(ctx, dest); err != nil {
		if errors.Is(err, sqlite.ErrBackupExists) {
			return usagef("le fichier %s existe déjà : une sauvegarde n'en remplace jamais une autre, choisissez un autre nom", dest)
		}
		return fmt.Errorf("sauvegarder la base %s dans %s : %w", cfg.Database, dest, err)
	}
	info, err := os.Stat(dest)
	if err != nil {
		return fmt.Errorf("relire la sauvegarde %s : %w", dest, err)
	}
	fmt.Fprintf(env.stdout, "Sauvegarde de %s écrite dans %s (%s, vérifiée, en %s). Pour la restaurer, voir docs/DEPLOY.md.\n",
		cfg.Database, dest, sizeLabel(info.Size()), time.Since(start).Round(time.Millisecond))
	return nil
}

// sizeLabel writes a size for people: "12,3 Mo", "512 Ko".
func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f Mo", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d Ko", n>>10)
	}
	return fmt.Sprintf("%d octets", n)
}
