package mail

import (
	"strings"
	"unicode/utf8"
)

// textWidth is the line length of plain-text mail bodies, as in
// reports.AcknowledgmentText.
const textWidth = 76

// wrapParagraph breaks s into lines of at most width runes (a longer word
// stays whole on its own line); lines after the first start with indent.
func wrapParagraph(s string, width int, indent string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = indent + w
		}
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n")
}
