package main

import "context"

// runIngest is not written yet; its issue replaces this file.
func runIngest(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
