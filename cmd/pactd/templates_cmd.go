package main

import "context"

// runTemplates is not written yet; its issue replaces this file.
func runTemplates(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
