// Package samples embeds the sample register and the sample submissions, so
// that `pactd demo` runs from the binary alone and tests read the very files
// people look at. Every sample uses the real territories with fictitious
// actions and amounts, and says so.
package samples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed registre.xlsx
var register []byte

//go:embed soumissions
var submissions embed.FS

// Register returns the sample commitments register (registre.xlsx).
func Register() []byte { return register }

// File is one sample submission.
type File struct {
	Name    string
	Content []byte
}

// Submissions returns the sample submissions (soumissions/), sorted by
// name, which puts each year's files before the next year's. README files
// are left out.
func Submissions() []File {
	var out []File
	err := fs.WalkDir(submissions, "soumissions", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(strings.ToLower(p), ".md") {
			return err
		}
		data, err := submissions.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, File{Name: path.Base(p), Content: data})
		return nil
	})
	if err != nil {
		panic("read embedded samples: " + err.Error()) // embedded files are always readable
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
