package webtest

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"golang.org/x/text/language"
)

// User is a person the provider knows: the login and password typed on its
// form, and the claims it vouches for.
type User struct {
	Login, Password string
	Email           string
	EmailVerified   bool
	GivenName       string
	FamilyName      string
}

// ProviderOptions configures StartProvider.
type ProviderOptions struct {
	Users []User
	// ClientID and ClientSecret of the relying party (defaults "pactd" and
	// "pactd-secret-de-test"); RedirectURL is its callback, the only one
	// the provider accepts.
	ClientID, ClientSecret string
	RedirectURL            string
}

// Provider is a running OpenID Connect provider on loopback.
type Provider struct {
	Issuer                 string // http://127.0.0.1:port
	ClientID, ClientSecret string
	srv                    *httptest.Server
}

// StartProvider starts an OpenID Connect provider for the test: the
// zitadel/oidc example OP (discovery, JWKS, authorization code with PKCE,
// token, userinfo endpoints, and a login form), which knows o.Users and one
// confidential web client. The ID token carries no address: as with
// ProConnect, the relying party reads it from the userinfo endpoint. It
// stops when the test ends.
func StartProvider(t testing.TB, o ProviderOptions) *Provider {
	t.Helper()
	if o.ClientID == "" {
		o.ClientID = "pactd"
	}
	if o.ClientSecret == "" {
		o.ClientSecret = "pactd-secret-de-test"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen for the OIDC provider: %v", err)
	}
	issuer := "http://" + ln.Addr().String()
	users := userStore{byID: map[string]*storage.User{}}
	for i, u := range o.Users {
		id := "u" + strconv.Itoa(i+1)
		users.byID[id] = &storage.User{ID: id, Username: u.Login, Password: u.Password, Email: u.Email,
			EmailVerified: u.EmailVerified, FirstName: u.GivenName, LastName: u.FamilyName,
			PreferredLanguage: language.French}
	}
	clients := map[string]*storage.Client{o.ClientID: storage.WebClient(o.ClientID, o.ClientSecret, o.RedirectURL)}
	st := storage.NewStorageWithClients(users, clients)
	// The example logs every request with slog; keep test output quiet.
	router := exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: router}}
	srv.Start()
	t.Cleanup(srv.Close)
	return &Provider{Issuer: issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret, srv: srv}
}

// userStore is the example storage's UserStore on the test's users.
type userStore struct{ byID map[string]*storage.User }

func (u userStore) GetUserByID(id string) *storage.User { return u.byID[id] }

func (u userStore) GetUserByUsername(login string) *storage.User {
	for _, x := range u.byID {
		if x.Username == login {
			return x
		}
	}
	return nil
}

func (u userStore) ExampleClientID() string { return storage.ServiceUserID }
