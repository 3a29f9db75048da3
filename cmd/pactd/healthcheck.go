package main

import "context"

// runHealthcheck is not written yet; its issue replaces this file.
func runHealthcheck(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
