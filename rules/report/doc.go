package report

import "strings"

// MustExtractDoc returns the "# Analyzer name" section of a package doc
// comment (the text of doc.go), as x/tools' passes do: the first line
// after the heading is the title, the rest the description.
func MustExtractDoc(content, name string) string {
	var lines []string
	in := false
	for _, l := range strings.Split(content, "\n") {
		if !strings.HasPrefix(l, "//") {
			if in {
				break
			}
			continue
		}
		t := strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		if strings.HasPrefix(t, "# ") {
			if in {
				break
			}
			in = t == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, t)
		}
	}
	if !in && len(lines) == 0 {
		panic("no '# Analyzer " + name + "' section in doc.go")
	}
	s := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(s, name+": ")
}
