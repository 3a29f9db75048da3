package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlags returns a flag set for a subcommand with the --config flag every
// command takes. Errors are reported by parseFlags, not printed by flag.
func newFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("pactd "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := fs.String("config", "", "lire la configuration dans le `FICHIER` TOML donné (samples/pactd.toml le décrit) ; sans lui, les valeurs par défaut et les variables PACTD_* s'appliquent")
	return fs, cfg
}

// parseFlags parses args, allowing flags after positional arguments
// ("pactd ingest a.xlsx --json"), and returns the positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequest{fs}
			}
			return nil, usagef("%s", frenchFlagError(err))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func frenchFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return fmt.Sprintf("option inconnue %s", strings.TrimPrefix(msg, "flag provided but not defined: "))
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return fmt.Sprintf("l'option %s attend une valeur", strings.TrimPrefix(msg, "flag needs an argument: "))
	case strings.HasPrefix(msg, "invalid value "):
		// invalid value "x" for flag -year: parse error
		rest := strings.TrimPrefix(msg, "invalid value ")
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			name := rest[i+len(" for flag -"):]
			if j := strings.Index(name, ":"); j >= 0 {
				name = name[:j]
			}
			return fmt.Sprintf("valeur invalide « %s » pour l'option --%s", strings.Trim(rest[:i], `"`), name)
		}
		return "valeur invalide : " + rest
	}
	return msg
}
