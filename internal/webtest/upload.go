package webtest

import (
	"github.com/chromedp/chromedp"
)

// UploadFiles chooses paths in the file input css selects, as a person
// picking them in the browser's file dialog.
func (b *Browser) UploadFiles(css string, paths ...string) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(css), paths)); err != nil {
		b.t.Fatalf("choose files %v in %s: %v", paths, css, err)
	}
}

// Width lays the page out for a window width pixels wide (1280 for a
// desktop, 390 for a phone), for the screenshots that follow.
func (b *Browser) Width(width int) {
	b.t.Helper()
	ctx, cancel := b.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), 900)); err != nil {
		b.t.Fatalf("set window width %d: %v", width, err)
	}
}
