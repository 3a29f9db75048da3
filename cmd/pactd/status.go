package main

import "context"

// runStatus is not written yet; its issue replaces this file.
func runStatus(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
