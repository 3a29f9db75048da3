package fill

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Besides LibreOffice and openpyxl, three more real programs fill or
// re-save workbooks: exceljs 4.4.0 and SheetJS (npm "xlsx") 0.18.5, the
// JavaScript libraries web tools are built on, run by Node.js, and
// Gnumeric's ssconvert. scripts/test.sh installs them: Debian's gnumeric,
// and the npm packages into NodeModules.

// ErrMissingProgram is returned when node, the npm packages or ssconvert
// are not installed.
var ErrMissingProgram = errors.New("missing program: run scripts/test.sh to install Node.js with exceljs 4.4.0 and xlsx 0.18.5 (npm) and gnumeric")

// NodeModules returns the node_modules directory that holds exceljs and
// xlsx: $PACTD_NODE_MODULES, or ~/.cache/pactd/node/node_modules where
// scripts/test.sh installs them.
func NodeModules() string {
	if d := os.Getenv("PACTD_NODE_MODULES"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = os.TempDir()
	}
	return filepath.Join(home, ".cache", "pactd", "node", "node_modules")
}

// ExcelJS fills the jobs with exceljs; a job without edits re-saves its file.
func ExcelJS(ctx context.Context, jobs []Job) error {
	return runNode(ctx, "exceljs_fill.js", "exceljs", jobs)
}

// SheetJS fills the jobs with SheetJS; a job without edits re-saves its
// file. It offers no row or column insert, sheet move or 1904 switch.
func SheetJS(ctx context.Context, jobs []Job) error {
	return runNode(ctx, "sheetjs_fill.js", "xlsx", jobs)
}

// Gnumeric re-saves each job's file as xlsx with ssconvert, as a person
// who opens it in Gnumeric and saves it does; jobs must have no edits.
func Gnumeric(ctx context.Context, jobs []Job) error {
	ssconvert, err := exec.LookPath("ssconvert")
	if err != nil {
		return fmt.Errorf("find ssconvert: %w", ErrMissingProgram)
	}
	for _, j := range jobs {
		if len(j.Edits) > 0 {
			return fmt.Errorf("re-save %s with Gnumeric: ssconvert makes no edit", j.In)
		}
		cmd := exec.CommandContext(ctx, ssconvert, "--export-type=Gnumeric_Excel:xlsx2", j.In, j.Out)
		cmd.Env = append(os.Environ(), "HOME="+os.TempDir())
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("ssconvert %s: %w: %s", j.In, err, strings.TrimSpace(string(b)))
		}
		if _, err := os.Stat(j.Out); err != nil {
			return fmt.Errorf("ssconvert %s wrote nothing: %w", j.In, err)
		}
	}
	return nil
}

func runNode(ctx context.Context, script, module string, jobs []Job) error {
	if len(jobs) == 0 {
		return nil
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("find node: %w", ErrMissingProgram)
	}
	mods := NodeModules()
	if _, err := os.Stat(filepath.Join(mods, module, "package.json")); err != nil {
		return fmt.Errorf("find npm package %s in %s: %w", module, mods, ErrMissingProgram)
	}
	return runScript(ctx, node, script, []string{"NODE_PATH=" + mods}, jobs)
}
