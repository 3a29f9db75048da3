// Command pactd collects, checks and reports the annual reports of the
// contrats locaux des solidarités. See README.md and SPEC §6 for commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses (SPEC §6).
const (
	exitOK       = 0 // success
	exitRejected = 1 // done, but a submission was rejected or a check failed
	exitUsage    = 2 // bad usage, configuration or environment
)

// errRejected makes a command exit with status 1 after printing its output.
var errRejected = errors.New("rejected")

// usageError is a bad command line; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// command is one subcommand of pactd.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *cmdEnv, args []string) error
}

// cmdEnv is what every subcommand gets: its streams and the process
// environment, so tests can run commands in process.
type cmdEnv struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	stdin          io.Reader // nil: os.Stdin
}

func commands() []command {
	return []command{
		{"demo", "tout le parcours sur les exemples intégrés", runDemo},
		{"run", "le service : boîtes aux lettres, dossier surveillé, planification, site d'état", runDaemon},
		{"register", "importer le registre des engagements (register import FICHIER)", runRegister},
		{"templates", "produire et envoyer les classeurs pré-remplis (templates generate, templates send)", runTemplates},
		{"ingest", "traiter des classeurs comme déposés dans le dossier surveillé", runIngest},
		{"reconcile", "recalculer les constats avec le dernier registre", runReconcile},
		{"report", "produire et envoyer le rapport hebdomadaire (report weekly)", runReport},
		{"status", "situation de chaque territoire, par année", runStatus},
		{"outbox", "renvoyer ou lister les courriels sortants (outbox retry, outbox list)", runOutbox},
		{"backup", "copie cohérente de la base SQLite, service en marche", runBackup},
		{"healthcheck", "vérifier que le service répond", runHealthcheck},
		{"config", "afficher la configuration effective (mots de passe masqués)", runConfig},
		{"hash-password", "empreinte bcrypt du mot de passe de l'administrateur local (lu sur l'entrée standard)", runHashPassword},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], &cmdEnv{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// Main runs the command line args and returns the exit status.
func Main(ctx context.Context, args []string, env *cmdEnv) int {
	if len(args) == 0 {
		printUsage(env.stderr)
		return exitUsage
	}
	if code, ok := helpMain(ctx, args, env); ok {
		return code
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var help helpRequest
		switch {
		case errors.As(err, &help):
			printCommandHelp(env.stdout, c, []*flag.FlagSet{help.fs})
			return exitOK
		case err == nil:
			return exitOK
		case errors.Is(err, errRejected):
			return exitRejected
		default:
			fmt.Fprintf(env.stderr, "pactd %s : %s\n", c.name, sentence(err))
			var u usageError
			if errors.As(err, &u) || errors.Is(err, errUsage) {
				return exitUsage
			}
			var f failure
			if errors.As(err, &f) {
				return exitRejected
			}
			return exitUsage
		}
	}
	fmt.Fprintf(env.stderr, "pactd : commande inconnue « %s ».\n", args[0])
	printUsage(env.stderr)
	return exitUsage
}

// errUsage marks errors of usage, configuration or environment.
var errUsage = errors.New("usage")

// failure is a check that failed after the command did its work (exit 1).
type failure struct{ msg string }

func (f failure) Error() string { return f.msg }

// sentence turns an error into one line that ends with a full stop.
func sentence(err error) string {
	s := err.Error()
	if s == "" {
		return "erreur inconnue."
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}
