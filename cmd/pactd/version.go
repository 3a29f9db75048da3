package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is the release, set when building a release:
// go build -ldflags "-X main.version=v1.4.0" ./cmd/pactd. Without it, the
// module version Go records (go install …@v1.4.0) is shown.
var version = ""

// printVersion writes what pactd is, from the build information Go embeds
// in the binary: the module version, the commit and its date when built
// from a checkout (and whether it had uncommitted changes), the Go version
// and the platform.
func printVersion(w io.Writer) {
	release, commit, when, modified := "(développement)", "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			release = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if version != "" {
		release = version
	}
	fmt.Fprintf(w, "pactd %s\n", release)
	if commit != "" {
		line := "commit " + commit
		if when != "" {
			line += " du " + when
		}
		if modified {
			line += ", avec des modifications non enregistrées"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "compilé avec %s pour %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
