// Command samplegen writes samples/registre.xlsx: a commitments register
// for the 121 real signatories of the contrats locaux des solidarités with
// fictitious actions, amounts and indicators, the same on every run.
//
// Run it from the repository root: go run ./internal/samplegen
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

func main() {
	out := flag.String("out", filepath.Join("samples", "registre.xlsx"), "register file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintf(os.Stderr, "samplegen: %v\n", err)
		os.Exit(1)
	}
}

func run(out string) error {
	territories, err := readTerritories()
	if err != nil {
		return err
	}
	reg := buildRegister(territories)
	var buf bytes.Buffer
	if err := writeRegister(&buf, reg); err != nil {
		return err
	}
	data, err := sortZip(buf.Bytes())
	if err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	var actions, indicators int
	for _, c := range reg.Contracts {
		actions += len(c.Actions)
		for _, a := range c.Actions {
			indicators += len(a.Indicators)
		}
	}
	fmt.Printf("%s : %d territoires, %d actions, %d indicateurs (%d octets)\n", out, len(reg.Contracts), actions, indicators, len(data))
	return nil
}

// sortZip rewrites a zip archive with its entries sorted by name, without
// recompressing them. excelize writes streamed sheets in map order; sorting
// makes the sample the same bytes on every run.
func sortZip(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("read generated register: %w", err)
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return nil, fmt.Errorf("copy %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("close register archive: %w", err)
	}
	return out.Bytes(), nil
}
