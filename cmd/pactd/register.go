package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// runRegister runs "pactd register import FILE": it reads the commitments
// register, checks all of it, and stores it as a new register version. On
// any problem it prints every "Sheet!Cell: message" to stderr, stores
// nothing and exits with status 1.
func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("sous-commande attendue : pactd register import FICHIER")
	}
	fs, cfgPath := newFlags("register import")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("indiquez un seul fichier : pactd register import FICHIER")
	}
	path := pos[0]
	data, err := readRegisterFile(path)
	if err != nil {
		return err
	}
	reg, err := templates.ReadRegister(data, filepath.Base(path))
	var bad *templates.RegisterError
	if errors.As(err, &bad) {
		for _, p := range bad.Problems {
			fmt.Fprintln(env.stderr, p.String())
		}
		n := len(bad.Problems)
		return failure{fmt.Sprintf("registre %s refusé : %d problème%s, rien n'a été importé", filepath.Base(path), n, registerPlural(n))}
	}
	if err != nil {
		return fmt.Errorf("lire le registre %s : %w", path, err)
	}

	_, st, err := openConfigured(ctx, env, *cfgPath, true)
	if err != nil {
		return err
	}
	defer st.Close()
	reg.ImportedAt = time.Now().In(time.UTC)
	previous, err := st.LatestRegister(ctx)
	if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		return fmt.Errorf("lire le registre précédent : %w", err)
	}
	version, err := st.SaveRegister(ctx, reg)
	if err != nil {
		return fmt.Errorf("enregistrer le registre %s : %w", path, err)
	}
	var actions, indicators int
	for _, c := range reg.Contracts {
		actions += len(c.Actions)
		for _, a := range c.Actions {
			indicators += len(a.Indicators)
		}
	}
	fmt.Fprintf(env.stdout, "Registre importé : version %d, %d territoires, %d actions, %d indicateurs.\n",
		version, len(reg.Contracts), actions, indicators)
	printRegisterChanges(env, previous, reg)
	return nil
}

// printRegisterChanges lists the territories whose pre-filled commitments
// changed since the previous version (reconcile.DiffRegisters), and says
// how to send them their new workbook.
func printRegisterChanges(env *cmdEnv, previous, reg *reconcile.Register) {
	if previous == nil {
		return
	}
	changes := reconcile.DiffRegisters(previous, reg, 0)
	if len(changes) == 0 {
		fmt.Fprintf(env.stdout, "Aucun engagement pré-rempli n'a changé depuis la version %d : les classeurs envoyés restent à jour.\n", previous.Version)
		return
	}
	sirens := map[string]bool{}
	for _, ch := range changes {
		sirens[ch.SIREN] = true
	}
	n := len(sirens)
	fmt.Fprintf(env.stdout, "Engagements modifiés depuis la version %d : %d territoire%s.\n", previous.Version, n, registerPlural(n))
	for _, ch := range changes {
		fmt.Fprintf(env.stdout, "  %s %s (%d) : %s\n", ch.SIREN, ch.Name, ch.Year, ch.Sentence())
	}
	fmt.Fprintln(env.stdout, "Pour leur envoyer leur nouveau classeur : pactd templates send --year ANNÉE --changed.")
}

// readRegisterFile reads a register file, refusing one over the size limit
// before reading it.
func readRegisterFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, usagef("le fichier %s est introuvable", path)
	}
	if err != nil {
		return nil, fmt.Errorf("ouvrir le registre %s : %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("lire le registre %s : %w", path, err)
	}
	if info.IsDir() {
		return nil, usagef("%s est un dossier : indiquez le fichier du registre (.xlsx)", path)
	}
	if info.Size() > templates.RegisterMaxFileSize {
		return nil, failure{fmt.Sprintf("registre %s refusé : il pèse %d octets, au-delà de la limite de %d octets",
			filepath.Base(path), info.Size(), templates.RegisterMaxFileSize)}
	}
	data, err := io.ReadAll(io.LimitReader(f, templates.RegisterMaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("lire le registre %s : %w", path, err)
	}
	return data, nil
}

// registerPlural returns "s" when n is not 1.
func registerPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
