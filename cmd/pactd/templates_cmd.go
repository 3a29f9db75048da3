package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"syscall"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// runTemplates runs "pactd templates generate --year Y [--siren S]
// [--adresse A] --out DIR": it writes the pre-filled reporting workbook of
// year for one territory (--siren, several separated by commas) or for
// every contract covering the year, from the latest register version,
// showing progress on stderr and printing the paths written. Lisez-moi
// names the address to send the workbook to: --adresse, else the one the
// configuration receives reports at (intakeAddress).
func runTemplates(ctx context.Context, env *cmdEnv, args []string) error {
	const usage = "pactd templates generate --year A [--siren S] [--adresse ADRESSE] --out DOSSIER"
	if len(args) > 0 && args[0] == "send" {
		return runTemplatesSend(ctx, env, args[1:])
	}
	if len(args) == 0 || args[0] != "generate" {
		return usagef("sous-commande attendue : %s, ou pactd templates send --year A", usage)
	}
	fs, cfgPath := newFlags("templates generate")
	year := fs.Int("year", 0, "produire les classeurs de l'exercice de cette `ANNÉE` (obligatoire)")
	sirenList := fs.String("siren", "", "ne produire que ceux des territoires de ces `SIREN`, séparés par des virgules ; sans lui, tous")
	out := fs.String("out", "", "écrire les classeurs dans le `DOSSIER` donné (obligatoire)")
	sendTo := fs.String("adresse", "", "indiquer dans l'onglet Lisez-moi l'`ADRESSE` où renvoyer les classeurs remplis ; sans elle, celle de la première boîte IMAP, sinon smtp.from")
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
	if strings.TrimSpace(*sendTo) != "" {
		a, err := mail.ParseAddress(*sendTo)
		if err != nil {
			return usagef("l'adresse « %s » n'est pas une adresse électronique valide (exemple : remontees-cls@prefecture.gouv.fr)", *sendTo)
		}
		*sendTo = a.Address
	}

	cfg, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	if strings.TrimSpace(*sendTo) == "" {
		*sendTo = intakeAddress(cfg)
	}
	defer st.Close()
	reg, err := registerFor(ctx, st, sirens, *year)
	if err != nil {
		return err
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
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fileError{fmt.Sprintf("impossible de créer le dossier %s : %s", *out, fileReason(err)), err}
	}
	opts := templates.GenerateOptions{SendTo: *sendTo, Tolerances: cfg.Tolerances()}
	paths, err := templates.GenerateAllWith(ctx, *out, reg, *year, sirens, opts, func(done, total int, file string) {
		fmt.Fprintf(env.stderr, "[%d/%d] %s\n", done, total, file)
	})
	for _, p := range paths {
		fmt.Fprintln(env.stdout, p)
	}
	var pathErr *os.PathError
	var linkErr *os.LinkError
	switch {
	case err == nil:
	case errors.As(err, &pathErr) || errors.As(err, &linkErr):
		return fileError{fmt.Sprintf("impossible d'écrire les classeurs dans le dossier %s : %s", *out, fileReason(err)), err}
	default:
		return fmt.Errorf("produire les classeurs %d dans %s : %w", *year, *out, err)
	}
	word := "classeurs écrits"
	if len(paths) == 1 {
		word = "classeur écrit"
	}
	send := ""
	if opts.SendTo != "" {
		send = ", à renvoyer à " + opts.SendTo
	}
	fmt.Fprintf(env.stdout, "%d %s dans %s (registre version %d, modèle %s%s).\n", len(paths), word, *out, reg.Version,
		reconcile.TemplateVersion, send)
	if opts.SendTo == "" {
		fmt.Fprintln(env.stderr, "Aucune adresse de réception n'est configurée (imap.url, smtp.from) : l'onglet Lisez-moi renvoie à "+
			"l'adresse indiquée dans le courrier d'envoi ; pour l'écrire dans les classeurs, utilisez --adresse.")
	}
	return nil
}

// intakeAddress returns the address territories send their workbooks to:
// the user of the first IMAP mailbox when it is an e-mail address, else
// the address of smtp.from (acknowledgements come from it, so replies reach
// the team), else "".
func intakeAddress(cfg *config.Config) string { return cfg.IntakeAddress() }

// fileError is a file system error told to the user in French; it wraps
// the system's error for errors.Is and errors.As.
type fileError struct {
	msg string
	err error
}

func (e fileError) Error() string { return e.msg }
func (e fileError) Unwrap() error { return e.err }

// fileReason says in French why a file system operation failed.
func fileReason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOTDIR):
		return "un élément du chemin n'est pas un dossier"
	case errors.Is(err, os.ErrNotExist):
		return "un élément du chemin n'existe pas"
	case errors.Is(err, syscall.EROFS):
		return "le système de fichiers est en lecture seule"
	case errors.Is(err, os.ErrPermission):
		return "permission refusée"
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return "le disque est plein"
	case errors.Is(err, os.ErrExist):
		return "un fichier de ce nom existe déjà"
	}
	return "erreur du système de fichiers (" + err.Error() + ")"
}

// registerFor returns the latest register for the templates commands,
// checking that each SIREN asked for has a contract covering year; the
// errors are the French sentences the commands print.
func registerFor(ctx context.Context, st interface {
	LatestRegister(context.Context) (*reconcile.Register, error)
}, sirens []string, year int) (*reconcile.Register, error) {
	reg, err := st.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, usagef("aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER")
	}
	if err != nil {
		return nil, fmt.Errorf("lire le registre des engagements : %w", err)
	}
	for _, s := range sirens {
		c := reg.Contract(s)
		if c == nil {
			return nil, usagef("le SIREN %s n'est pas dans le registre des engagements (version %d)", s, reg.Version)
		}
		if !c.Covers(year) {
			return nil, usagef("le contrat de %s ne prévoit aucune action en %d", c.Territory.Name, year)
		}
	}
	return reg, nil
}
