// Package auth decides who may see what on pactd's status site, apart from
// HTTP: the people (Person) and their roles (administrateur, national,
// territoire) computed from the configuration and the latest register,
// the signed cookies that carry a session between replicas (Signer,
// Session), the OpenID Connect relying party (OIDC), the local
// administrator's password check (LocalAdmin) and the limit on repeated
// failures (Limiter). internal/web puts them on routes.
//
// Nothing here trusts the browser: every cookie is signed with a key the
// server keeps (HMAC-SHA256), every comparison of a secret is constant
// time, and a person's role is computed again on every request, so that a
// change of the configuration or of the register takes effect at once.
package auth
