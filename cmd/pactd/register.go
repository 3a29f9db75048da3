package main

import "context"

// runRegister is not written yet; its issue replaces this file.
func runRegister(ctx context.Context, env *cmdEnv, args []string) error {
	return usagef("cette commande n'est pas encore disponible")
}
