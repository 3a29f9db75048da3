package main

import "context"

// runDemo is not written yet; its issue replaces this file.
func runDemo(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
