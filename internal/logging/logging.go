// Package logging builds pactd's zerolog logger: JSON lines by default, a
// human-readable console format on a terminal, and helpers that keep
// secrets out of what is logged. Callers log identifiers (SIREN, receipt
// numbers, file names, message IDs), never cell values or message bodies.
package logging

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"
)

// Formats of Options.Format.
const (
	FormatAuto    = ""        // console on a terminal, JSON otherwise
	FormatJSON    = "json"    // one JSON object per line
	FormatConsole = "console" // aligned, human-readable lines
)

// Options configure New.
type Options struct {
	Level  string // trace, debug, info (default), warn, error
	Format string // FormatAuto, FormatJSON or FormatConsole
}

// New returns a logger writing to w. It returns an error for an unknown
// level or format. With FormatAuto, w gets the console format when it is a
// terminal (an *os.File on a TTY) and JSON otherwise.
func New(w io.Writer, o Options) (zerolog.Logger, error) {
	level, err := ParseLevel(o.Level)
	if err != nil {
		return zerolog.Nop(), err
	}
	out := w
	switch o.Format {
	case FormatAuto:
		if IsTerminal(w) {
			out = console(w, true)
		}
	case FormatJSON:
	case FormatConsole:
		out = console(w, IsTerminal(w))
	default:
		return zerolog.Nop(), fmt.Errorf("unknown log format %q", o.Format)
	}
	return zerolog.New(out).Level(level).With().Timestamp().Logger(), nil
}

// console returns a console writer, coloured only on a terminal.
func console(w io.Writer, colour bool) io.Writer {
	return zerolog.ConsoleWriter{Out: w, NoColor: !colour, TimeFormat: time.DateTime}
}

// ParseLevel reads a level name; the empty string is info.
func ParseLevel(s string) (zerolog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "trace":
		return zerolog.TraceLevel, nil
	case "debug":
		return zerolog.DebugLevel, nil
	case "", "info":
		return zerolog.InfoLevel, nil
	case "warn", "warning":
		return zerolog.WarnLevel, nil
	case "error":
		return zerolog.ErrorLevel, nil
	}
	return zerolog.InfoLevel, fmt.Errorf("unknown log level %q", s)
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}
