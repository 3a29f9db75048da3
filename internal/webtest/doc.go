// Package webtest is what tests of pactd's status site use from outside
// it: a real OpenID Connect provider (the zitadel/oidc example OP, the
// protocol code of a provider used in production, with people the test
// declares) and a real headless Chromium driven by chromedp, one process
// per test binary, a fresh browser context (cookies, storage) per test.
//
//	p := webtest.StartProvider(t, webtest.ProviderOptions{RedirectURL: site + "/connexion/retour",
//		Users: []webtest.User{{Login: "ain", Password: "pw", Email: "dgs@ain.fr", EmailVerified: true}}})
//	b := webtest.NewBrowser(t) // skips when Chromium is not installed
//	status := b.Navigate(site + "/")
//	b.Screenshot("accueil")   // PNG kept in ArtifactsDir for people to look at
//
// Test binaries that use NewBrowser call Main from their TestMain, so that
// the browser and its profile go away when the binary ends.
package webtest
