package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// runTemplates runs "pactd templates generate --year Y [--siren S] --out
// DIR": it writes the pre-filled reporting workbook of year for one
// territory (--siren, several separated by commas) or for every contract
// covering the year, from the latest register version, showing progress on
// stderr and printing the paths written.
func runTemplates(ctx context.Context, env *cmdEnv, args []string) error {
	const usage = "pactd templates generate --year A [--siren S] --out DOSSIER"
	if len(args) == 0 || args[0] != "generate" {
		return usagef("sous-commande attendue : %s", usage)
	}
	fs, cfgPath := newFlags("templates generate")
	year := fs.Int("year", 0, "année du rapport")
	sirenList := fs.String("siren", "", "SIREN du territoire (plusieurs séparés par des virgules)")
	out := fs.String("out", "", "dossier où écrire les classeurs")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : %s", pos[0], usage)
	}
	if *year == 0 || *out == "" {
		return usagef("--year et --out sont obligatoires : %s", usage)
	}
	if *year < reconcile.FirstYear || *year > reconcile.LastYear {
		return usagef("l'année %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	var sirens []string
	for _, s := range strings.Split(*sirenList, ",") {
		s = strings.Join(strings.Fields(s), "")
		if s == "" {
			continue
		}
		if !reconcile.ValidSIREN(s) {
			return usagef("SIREN « %s » invalide : un SIREN compte 9 chiffres avec une clé de contrôle", s)
		}
		sirens = append(sirens, s)
	}

	_, st, closeStore, err := openConfigured(ctx, env, *cfgPath)
	if err != nil {
		return err
	}
	defer closeStore()
	reg, err := st.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return usagef("aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER")
	}
	if err != nil {
		return fmt.Errorf("lire le registre des engagements : %w", err)
	}
	for _, s := range sirens {
		c := reg.Contract(s)
		if c == nil {
			return usagef("le SIREN %s n'est pas dans le registre des engagements (version %d)", s, reg.Version)
		}
		if !c.Covers(*year) {
			return usagef("le contrat de %s ne prévoit aucune action en %d", c.Territory.Name, *year)
		}
	}
	if len(sirens) == 0 {
		covered := 0
		for i := range reg.Contracts {
			if reg.Contracts[i].Covers(*year) {
				covered++
			}
		}
		if covered == 0 {
			return usagef("aucun contrat du registre (version %d) ne prévoit d'action en %d", reg.Version, *year)
		}
	}
	paths, err := templates.GenerateAll(ctx, *out, reg, *year, sirens, func(done, total int, file string) {
		fmt.Fprintf(env.stderr, "[%d/%d] %s\n", done, total, file)
	})
	for _, p := range paths {
		fmt.Fprintln(env.stdout, p)
	}
	if err != nil {
		return fmt.Errorf("produire les classeurs %d dans %s : %w", *year, *out, err)
	}
	word := "classeurs écrits"
	if len(paths) == 1 {
		word = "classeur écrit"
	}
	fmt.Fprintf(env.stdout, "%d %s dans %s (registre version %d, modèle %s).\n", len(paths), word, *out, reg.Version,
		reconcile.TemplateVersion)
	return nil
}
