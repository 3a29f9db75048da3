package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
)

// excelize lists the image types of [Content_Types].xml in map order once
// a workbook has a drawing (the charts): canonicalContentTypes sorts them,
// so that the same report always gives the same bytes.

var defaultTypeRe = regexp.MustCompile(`<Default [^>]*/>|<Default [^>]*></Default>`)

// canonicalContentTypes returns the package data with the Default entries
// of its [Content_Types].xml sorted; every other part is copied as is.
func canonicalContentTypes(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("read annex package: %w", err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("read annex part %s: %w", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("read annex part %s: %w", f.Name, err)
		}
		if f.Name == "[Content_Types].xml" {
			b = sortDefaults(b)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		if err != nil {
			return nil, fmt.Errorf("write annex part %s: %w", f.Name, err)
		}
		if _, err := w.Write(b); err != nil {
			return nil, fmt.Errorf("write annex part %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("write annex package: %w", err)
	}
	return buf.Bytes(), nil
}

// sortDefaults sorts the Default elements in place, where they stand.
func sortDefaults(b []byte) []byte {
	locs := defaultTypeRe.FindAllIndex(b, -1)
	if len(locs) < 2 {
		return b
	}
	var items []string
	for _, l := range locs {
		items = append(items, string(b[l[0]:l[1]]))
	}
	sort.Strings(items)
	var out bytes.Buffer
	at := 0
	for i, l := range locs {
		out.Write(b[at:l[0]])
		out.WriteString(items[i])
		at = l[1]
	}
	out.Write(b[at:])
	return out.Bytes()
}
