package auth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// HashCost is the bcrypt cost of the hashes HashPassword makes: about a
// quarter of a second on a small server, which bounds password guessing.
const HashCost = 12

// MinPasswordLen is the shortest password HashPassword accepts.
const MinPasswordLen = 12

// ErrWeakPassword is returned by HashPassword for a password too short.
var ErrWeakPassword = errors.New("password too short")

// HashPassword returns the bcrypt hash of password, for the local
// administrator's hash file ("pactd hash-password").
func HashPassword(password string) (string, error) {
	if len([]rune(password)) < MinPasswordLen {
		return "", ErrWeakPassword
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), HashCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// LocalAdmin is the one account of a deployment without an identity
// provider: a user name and the bcrypt hash of its password (never the
// password itself).
type LocalAdmin struct {
	User string
	hash []byte
	// dummy is a hash of the same cost checked when the user name is
	// wrong, so that a wrong name costs the same time as a wrong password.
	dummy []byte
}

// NewLocalAdmin returns the local administrator user with the password
// hash read from its file (surrounding spaces and newline ignored). The
// hash must be bcrypt ("$2a$", "$2b$" or "$2y$", as htpasswd -B writes).
func NewLocalAdmin(user, hash string) (*LocalAdmin, error) {
	hash = strings.TrimSpace(hash)
	cost, err := bcrypt.Cost([]byte(hash))
	if err != nil {
		return nil, fmt.Errorf("read bcrypt hash: %w", err)
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte(RandomToken(12)), cost)
	if err != nil {
		return nil, fmt.Errorf("make dummy hash: %w", err)
	}
	return &LocalAdmin{User: user, hash: []byte(hash), dummy: dummy}, nil
}

// Check reports whether user and password are the administrator's. It
// takes the same time whether the user name, the password or both are
// wrong: both are always checked, the name in constant time.
func (a *LocalAdmin) Check(user, password string) bool {
	nameOK := subtle.ConstantTimeCompare([]byte(strings.TrimSpace(user)), []byte(a.User)) == 1
	hash := a.hash
	if !nameOK {
		hash = a.dummy
	}
	passOK := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
	return nameOK && passOK
}
