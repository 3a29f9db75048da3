package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/pactd/pactd/internal/auth"
)

// runHashPassword runs "pactd hash-password": it reads the local
// administrator's password (typed twice without echo on a terminal, else
// the first line of the standard input) and prints its bcrypt hash, the
// content of web.admin.password_hash_file. The password itself is never
// written anywhere.
func runHashPassword(_ context.Context, env *cmdEnv, args []string) error {
	fs, _ := newFlags("hash-password")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd hash-password < fichier, ou tapez le mot de passe", pos[0])
	}
	in := env.stdin
	if in == nil {
		in = os.Stdin
	}
	var pw string
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		pw, err = promptTwice(f, env.stderr)
	} else {
		pw, err = firstLine(in)
	}
	if err != nil {
		return err
	}
	h, err := auth.HashPassword(pw)
	if errors.Is(err, auth.ErrWeakPassword) {
		return usagef("le mot de passe doit compter au moins %d caractères", auth.MinPasswordLen)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, h)
	return nil
}

// promptTwice reads the password twice from the terminal, without echo.
func promptTwice(f *os.File, prompt io.Writer) (string, error) {
	var got [2]string
	for i, label := range []string{"Mot de passe : ", "Confirmez le mot de passe : "} {
		fmt.Fprint(prompt, label)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(prompt)
		if err != nil {
			return "", fmt.Errorf("lire le mot de passe : %w", err)
		}
		got[i] = string(b)
	}
	if got[0] != got[1] {
		return "", usagef("les deux mots de passe diffèrent")
	}
	return got[0], nil
}

// firstLine reads the first line of r, without its line ending.
func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("lire le mot de passe : %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("aucun mot de passe sur l'entrée standard : pactd hash-password < fichier, ou tapez-le dans un terminal")
	}
	return line, nil
}
