package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// pactd explains itself: "pactd help", "pactd help COMMANDE", "pactd
// COMMANDE --help" (or -h) print on standard output, and exit 0, what a
// command does, each of its options with a French description and an
// example, and examples of whole command lines.

// helpRequest is returned by parseFlags when the command line asks for
// help: Main prints the command's help with its flag set.
type helpRequest struct{ fs *flag.FlagSet }

func (h helpRequest) Error() string { return "aide demandée" }

// commandDoc documents a command for its help.
type commandDoc struct {
	// subs are the subcommands, each with its own options ("weekly").
	subs     []string
	usage    []string
	about    string
	examples []string
}

// docs documents every command of commands().
var docs = map[string]commandDoc{
	"demo": {usage: []string{"pactd demo [--out DOSSIER]"},
		about:    "Déroule tout le parcours sur les exemples intégrés, dans une base jetable, sans réseau ni configuration : import du registre d'exemple, classeurs pré-remplis, dépôts traités, accusés de réception, rapport hebdomadaire et son annexe. Les données sont fictives ; seuls les noms et SIREN des territoires sont réels.",
		examples: []string{"pactd demo", "pactd demo --out /tmp/demo"}},
	"run": {usage: []string{"pactd run [--config FICHIER]"},
		about:    "Lance le service : lecture des boîtes aux lettres et du dossier surveillé, planification (rapport hebdomadaire, relances), file d'envoi et site d'état. SIGINT ou SIGTERM l'arrêtent proprement.",
		examples: []string{"pactd run --config /etc/pactd/pactd.toml"}},
	"register": {subs: []string{"import"}, usage: []string{"pactd register import FICHIER [--config FICHIER]"},
		about:    "Importe le registre des engagements (classeur .xlsx) comme nouvelle version. Tout est vérifié avant d'importer : une seule cellule fautive et rien n'est importé ; chaque problème est cité sous la forme Feuille!Cellule.",
		examples: []string{"pactd register import registre-2026.xlsx"}},
	"templates": {subs: []string{"generate", "send"}, usage: []string{"pactd templates generate --year A --out DOSSIER [--siren S,S…] [--adresse ADRESSE]",
		"pactd templates send --year A [--siren S…] [--changed] [--dry-run]"},
		about: "generate produit les classeurs pré-remplis de l'année, un par territoire (CLS_<année>_<SIREN>_<nom>.xlsx), à partir du dernier registre importé. send les envoie par courriel, depuis l'adresse de dépôt, aux destinataires de chaque territoire, une seule fois, et garde trace de chaque envoi ; --changed envoie leur nouveau classeur aux territoires dont les engagements ont changé, --siren renvoie exprès à un territoire.",
		examples: []string{"pactd templates generate --year 2025 --out ./modeles", "pactd templates generate --year 2025 --siren 220100010 --out ./modeles",
			"pactd templates send --year 2025 --dry-run", "pactd templates send --year 2025", "pactd templates send --year 2025 --changed",
			"pactd templates send --year 2025 --siren 220100010"}},
	"ingest": {usage: []string{"pactd ingest [--dry-run] [--json] [--from ADRESSE] FICHIER…"},
		about:    "Traite des classeurs comme s'ils étaient déposés dans le dossier surveillé : lecture, contrôles, enregistrement. Code de sortie 1 si un classeur est rejeté.",
		examples: []string{"pactd ingest CLS_2025_220100010_ain.xlsx", "pactd ingest --dry-run --json *.xlsx"}},
	"reconcile": {usage: []string{"pactd reconcile [--siren S] [--year A] [--json]"},
		about:    "Recalcule les constats des dépôts retenus avec le dernier registre importé et les affiche ; code de sortie 1 si un dépôt est rejeté.",
		examples: []string{"pactd reconcile", "pactd reconcile --siren 220100010 --year 2025 --json"}},
	"report": {subs: []string{"weekly"}, usage: []string{"pactd report weekly [--out DOSSIER] [--year A] [--send]"},
		about:    "Produit maintenant le rapport hebdomadaire (PDF) et son annexe (XLSX) de l'exercice, tels que la base les donne, et enregistre la situation de la semaine ; avec --send, les envoie aux destinataires (report.to).",
		examples: []string{"pactd report weekly", "pactd report weekly --year 2025 --out ./rapports --send"}},
	"status": {usage: []string{"pactd status [--year A] [--json]"},
		about:    "Affiche, pour chaque année, la situation de chaque territoire attendu (accepté, accepté hors délai, rejeté, mis de côté, rien reçu) ; les situations s'additionnent au nombre de territoires attendus. Puis la file d'envoi et la quarantaine.",
		examples: []string{"pactd status", "pactd status --year 2025 --json > etat.json"}},
	"healthcheck": {usage: []string{"pactd healthcheck [--timeout DURÉE]"},
		about:    "Interroge /healthz du service à l'adresse configurée : code de sortie 0 s'il est en bonne santé, 1 sinon.",
		examples: []string{"pactd healthcheck", "pactd healthcheck --timeout 2s"}},
	"hash-password": {usage: []string{"pactd hash-password > FICHIER", "pactd hash-password < MOT_DE_PASSE"},
		about:    "Calcule l'empreinte bcrypt du mot de passe de l'administrateur local du site d'état, lu sur l'entrée standard (tapé deux fois sur un terminal) ; le fichier écrit est celui que nomme la section [web.admin] de la configuration. Le mot de passe n'est jamais affiché ni enregistré.",
		examples: []string{"pactd hash-password > /etc/pactd/secrets/admin-password-hash"}},
	"outbox": {subs: []string{"retry", "list"}, usage: []string{"pactd outbox retry N°|--all-failed", "pactd outbox list [--all] [--json]"},
		about:    "Agit sur la file des courriels sortants du service : retry remet en file un courriel (par son numéro, que pactd status et pactd outbox list affichent) ou tous ceux en échec, pour que le service les renvoie à son prochain passage ; list affiche les courriels de la file.",
		examples: []string{"pactd outbox list", "pactd outbox retry 42", "pactd outbox retry --all-failed"}},
	"backup": {usage: []string{"pactd backup FICHIER"},
		about:    "Écrit une copie cohérente de la base SQLite dans un nouveau fichier, même quand le service tourne ; une sauvegarde n'en remplace jamais une autre. Une base PostgreSQL se sauvegarde avec pg_dump (docs/DEPLOY.md).",
		examples: []string{"pactd backup /var/backups/pactd-2026-04-06.db"}},
	"config": {usage: []string{"pactd config [--config FICHIER]"},
		about:    "Affiche la configuration effective (fichier, puis variables d'environnement, puis valeurs par défaut), mots de passe masqués, après l'avoir validée.",
		examples: []string{"pactd config --config /etc/pactd/pactd.toml"}},
}

// flagExamples gives an example of each option, by "commande option"; the
// --config option every command takes has one for all.
var flagExamples = map[string]string{
	"config":                     "--config /etc/pactd/pactd.toml",
	"demo out":                   "--out ./demo-out",
	"healthcheck timeout":        "--timeout 2s",
	"ingest dry-run":             "--dry-run",
	"ingest json":                "--json",
	"ingest from":                "--from referent@ain.fr",
	"reconcile siren":            "--siren 220100010",
	"reconcile year":             "--year 2025",
	"reconcile json":             "--json",
	"report weekly out":          "--out ./rapports",
	"report weekly year":         "--year 2025",
	"report weekly send":         "--send",
	"outbox retry all-failed":    "--all-failed",
	"outbox list all":            "--all",
	"outbox list json":           "--json",
	"status json":                "--json",
	"status year":                "--year 2025",
	"templates generate year":    "--year 2025",
	"templates generate siren":   "--siren 220100010,200046977",
	"templates generate out":     "--out ./modeles",
	"templates generate adresse": "--adresse depot-cls@pacte.example.fr",
	"templates send year":        "--year 2025",
	"templates send siren":       "--siren 220100010",
	"templates send changed":     "--changed",
	"templates send dry-run":     "--dry-run",
}

// isHelp reports whether an argument asks for help.
func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }

// helpMain answers "pactd help [COMMANDE]", "pactd COMMANDE --help" and
// "pactd --version"; handled is false for any other command line.
func helpMain(ctx context.Context, args []string, env *cmdEnv) (code int, handled bool) {
	switch {
	case args[0] == "--version" || args[0] == "-version" || args[0] == "version":
		printVersion(env.stdout)
		return exitOK, true
	case isHelp(args[0]) && len(args) == 1:
		printUsage(env.stdout)
		return exitOK, true
	case isHelp(args[0]):
		return commandHelp(ctx, args[1], env), true
	case len(args) == 2 && isHelp(args[1]):
		for _, c := range commands() {
			if c.name == args[0] && len(docs[c.name].subs) > 0 {
				return commandHelp(ctx, c.name, env), true
			}
		}
	}
	return 0, false
}

// commandHelp prints the help of command name, or refuses an unknown one.
func commandHelp(ctx context.Context, name string, env *cmdEnv) int {
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		doc := docs[c.name]
		subs := doc.subs
		if len(subs) == 0 {
			subs = []string{""}
		}
		var sets []*flag.FlagSet
		for _, sub := range subs {
			args := []string{"--help"}
			if sub != "" {
				args = []string{sub, "--help"}
			}
			var h helpRequest
			if err := c.run(ctx, &cmdEnv{stdout: io.Discard, stderr: io.Discard, getenv: env.getenv}, args); errors.As(err, &h) {
				sets = append(sets, h.fs)
			}
		}
		printCommandHelp(env.stdout, c, sets)
		return exitOK
	}
	fmt.Fprintf(env.stderr, "pactd : commande inconnue « %s ».\n", name)
	printUsage(env.stderr)
	return exitUsage
}

// printCommandHelp writes a command's help: its purpose, its usage, each
// option with its description and an example, then examples.
func printCommandHelp(w io.Writer, c command, sets []*flag.FlagSet) {
	doc := docs[c.name]
	fmt.Fprintf(w, "pactd %s — %s\n\nUsage :\n", c.name, c.summary)
	for _, u := range doc.usage {
		fmt.Fprintf(w, "  %s\n", u)
	}
	if doc.about != "" {
		fmt.Fprintf(w, "\n%s\n", wrapHelp(doc.about, 78, ""))
	}
	for _, fs := range sets {
		fmt.Fprintf(w, "\nOptions de %s :\n", fs.Name())
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			head := "  --" + f.Name
			if name != "" {
				head += " " + name
			}
			fmt.Fprintln(w, head)
			desc := sentenceCase(usage)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
				desc += " Par défaut : " + f.DefValue + "."
			}
			fmt.Fprintln(w, wrapHelp(desc, 78, "      "))
			fmt.Fprintf(w, "      Exemple : %s %s\n", fs.Name(), flagExample(fs.Name(), f.Name))
		})
	}
	if len(doc.examples) > 0 {
		fmt.Fprintln(w, "\nExemples :")
		for _, e := range doc.examples {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

// flagExample returns the example of an option of a command ("pactd
// report weekly", "out").
func flagExample(command, name string) string {
	key := strings.TrimPrefix(command, "pactd ") + " " + name
	if name == "config" {
		key = "config"
	}
	return flagExamples[key]
}

// sentenceCase makes an option's description a sentence: capital
// first letter, full stop.
func sentenceCase(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	s = reconcile.Capitalize(s)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// wrapHelp wraps text at width columns, each line after indent.
func wrapHelp(text string, width int, indent string) string {
	var lines []string
	line := indent
	for _, w := range strings.Fields(text) {
		if line != indent && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "pactd — collecte, contrôle et suivi des rapports annuels d'exécution des contrats locaux des solidarités.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage : pactd COMMANDE [options]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commandes :")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Chaque commande accepte --config FICHIER (exemple : --config /etc/pactd/pactd.toml) ; sans lui, les valeurs par défaut et les variables PACTD_* s'appliquent.")
	fmt.Fprintln(w, "Aide d'une commande, ses options et des exemples : pactd help COMMANDE, ou pactd COMMANDE --help.")
	fmt.Fprintln(w, "Version : pactd --version.")
	fmt.Fprintln(w, "Codes de sortie : 0 succès, 1 dépôt rejeté ou contrôle en échec, 2 usage, configuration ou environnement.")
}
