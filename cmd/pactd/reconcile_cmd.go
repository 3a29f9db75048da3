package main

import "context"

// runReconcile is not written yet; its issue replaces this file.
func runReconcile(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
