package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/web"
)

// runHealthcheck runs "pactd healthcheck [--config FICHIER]": it asks the
// daemon for /healthz on its operations listener (metrics_addr) and exits
// 0 when it is healthy, 1 when it is not or does not answer (Docker's
// HEALTHCHECK and supervisors read the status), 2 for a bad configuration.
func runHealthcheck(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("healthcheck")
	timeout := fs.Duration("timeout", 5*time.Second, "délai de réponse")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd healthcheck [--config FICHIER]", pos[0])
	}
	cfg, err := config.Load(*cfgPath, env.getenv)
	if err != nil {
		return err
	}
	url := "http://" + dialAddr(cfg.MetricsAddr) + "/healthz"
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("%s : adresse invalide", cfg.KeyName("metrics_addr"))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return failure{fmt.Sprintf("le service ne répond pas sur %s", url)}
	}
	defer resp.Body.Close()
	var h web.Health
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&h); err != nil {
		return failure{fmt.Sprintf("la réponse de %s n'est pas celle de pactd (HTTP %d)", url, resp.StatusCode)}
	}
	if resp.StatusCode != http.StatusOK || h.Status != "ok" {
		return failure{"le service est en mauvaise santé : " + strings.TrimSuffix(strings.Join(h.Problems, " "), ".")}
	}
	mailboxes := 0
	for _, p := range h.Parts {
		if p.Kind == health.Mailbox {
			mailboxes++
		}
	}
	fmt.Fprintf(env.stdout, "pactd est en bonne santé : base de données joignable, %d boîte(s) aux lettres suivie(s)%s.\n",
		mailboxes, outboxSummary(h.Part(health.Outbox)))
	return nil
}

// outboxSummary describes the outbox for the healthy line.
func outboxSummary(o *health.State) string {
	if o == nil {
		return ", aucun envoi configuré"
	}
	return fmt.Sprintf(", file d'envoi : %d en attente, %d en échec", o.Counts["pending"], o.Counts["failed"])
}

// dialAddr turns a listen address into one to connect to: a wildcard host
// ("0.0.0.0", "::", "") becomes the loopback address.
func dialAddr(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}
