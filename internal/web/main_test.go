package web_test

import (
	"testing"

	"github.com/pactd/pactd/internal/webtest"
)

// TestMain shares one Chromium between the tests of the package.
func TestMain(m *testing.M) { webtest.Main(m) }
