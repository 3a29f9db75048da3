package webtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// ActionTimeout bounds each browser action (a navigation with its
// redirections, a click, a screenshot).
const ActionTimeout = 30 * time.Second

// shared is the one Chromium of the test binary.
var shared struct {
	once   sync.Once
	ctx    context.Context // the browser's context; tabs derive from it
	cancel context.CancelFunc
	dir    string // profile, removed by Main
	err    error
}

// ChromiumPath returns the Chromium binary on PATH, or "" when there is
// none (scripts/test.sh installs Debian's chromium).
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startBrowser starts the shared Chromium once: headless, with a fresh
// profile, and none of the background traffic that would reach outside
// the machine.
func startBrowser() {
	shared.dir, shared.err = os.MkdirTemp("", "pactd-chromium-")
	if shared.err != nil {
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath()),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.UserDataDir(shared.dir),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	shared.cancel = func() { cancelCtx(); cancelAlloc() }
	shared.ctx = ctx
	// The first action starts the browser, which lives as long as the
	// context of that action: the browser's own, not one with a timeout.
	shared.err = chromedp.Do(ctx, chromedp.Navigate("about:blank"))
}

// Main runs the tests of a binary that uses NewBrowser, then stops the
// browser and removes its profile. Call it from TestMain:
//
//	func TestMain(m *testing.M) { webtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// Browser is one test's window on the shared Chromium, in a browser
// context of its own: its cookies are nobody else's.
type Browser struct {
	t   testing.TB
	ctx context.Context
}

// NewBrowser returns a fresh browser context for t, closed when t ends. It
// skips t when Chromium is not installed, and fails it when Chromium does
// not start.
func NewBrowser(t testing.TB) *Browser {
	t.Helper()
	if ChromiumPath() == "" {
		t.Skip("chromium is not installed (scripts/test.sh installs the Debian package chromium)")
	}
	shared.once.Do(startBrowser)
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	ctx, cancel := chromedp.NewContext(shared.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return &Browser{t: t, ctx: ctx}
}

func (b *Browser) timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, ActionTimeout)
}

// Navigate loads url, follows its redirections, and returns the HTTP status
// of the page it ends on.
func (b *Browser) Navigate(url string) int {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		b.t.Fatalf("navigate to %s: %v", url, err)
	}
	return int(resp.Status)
}

// Click clicks the element css selects and returns the HTTP status of the
// page the click leads to (a link or a form's submission).
func (b *Browser) Click(css string) int {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("click %s: %v", css, err)
	}
	return int(resp.Status)
}

// Fill types value into the field css selects, after what it holds.
func (b *Browser) Fill(css, value string) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(css), value)); err != nil {
		b.t.Fatalf("fill %s: %v", css, err)
	}
}

// Text returns the visible text of the element css selects ("body" for
// the page).
func (b *Browser) Text(css string) string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("read text of %s: %v", css, err)
	}
	return s
}

// Location returns the URL of the page shown.
func (b *Browser) Location() string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("read location: %v", err)
	}
	return s
}

// Cookies returns the cookies the browser would send to url, with their
// attributes (HttpOnly, Secure, SameSite, expiry) as the browser stored
// them.
func (b *Browser) Cookies(url string) []*network.Cookie {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{url}})
	if err != nil {
		b.t.Fatalf("read cookies: %v", err)
	}
	return res.Cookies
}

// Screenshot saves the whole page as a PNG named after the test and name
// in ArtifactsDir, and returns its path, for people to look at.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(ArtifactsDir(b.t), fileName(b.t.Name())+"-"+fileName(name)+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
	b.t.Logf("screenshot %s", p)
	return p
}

// ArtifactsDir returns the folder where tests keep what people should look
// at after a run (screenshots): $PACTD_TEST_ARTIFACTS, or pactd-artifacts
// in the system's temporary folder. It is not removed.
func ArtifactsDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("PACTD_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "pactd-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create artifacts folder: %v", err)
	}
	return dir
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func fileName(s string) string { return strings.Trim(unsafeName.ReplaceAllString(s, "_"), "_") }

// SetViewport sets the width and height of the page in CSS pixels, as a
// laptop (1280) or a phone (390) shows it, for the following actions.
func (b *Browser) SetViewport(width, height int) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		b.t.Fatalf("set viewport %dx%d: %v", width, height, err)
	}
}

// EvalString evaluates the JavaScript expression js in the page and
// returns its result as a string, for measures a test asserts (widths,
// the focused element).
func (b *Browser) EvalString(js string) string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string]("String("+js+")"))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// Press sends one key to the focused element, as a keyboard user does
// ("\t" moves the focus to the next element, "\r" activates it).
func (b *Browser) Press(key string) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		b.t.Fatalf("press %q: %v", key, err)
	}
}

// EvalAwait evaluates js, an expression whose value is a promise of a
// string, and returns that string once the promise settles (an
// accessibility audit, a fetch).
func (b *Browser) EvalAwait(js string) string {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", js, err)
	}
	return s
}
