package main

import "context"

// runReport is not written yet; its issue replaces this file.
func runReport(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
