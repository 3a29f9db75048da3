package main

import "context"

// runDaemon is not written yet; its issue replaces this file.
func runDaemon(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
