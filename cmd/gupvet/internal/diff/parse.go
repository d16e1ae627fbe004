// Package diff reads unified diffs (plain diff -u, git diff, and git
// format-patch mboxes holding one or more patches), applies them to file
// contents in memory, and writes unified diffs that git apply accepts.
//
// It is gupvet's own: the command uses it for -patch, -new-from-rev,
// -staged, -review (reading) and -diff (writing).
package diff

import "fmt"
import "mime"
import "regexp"
import "strconv"
import "strings"

// File is the change a diff makes to one file.
type File struct {
	// OldName and NewName are the paths before and after, with git's a/
	// and b/ prefixes removed; "" for /dev/null (a file created or
	// deleted).
	OldName, NewName string
	Hunks            []*Hunk
	// Binary is set for a binary change (no hunks to read or apply).
	Binary bool
	// Rename and Copy are set for git's "rename from/to" and "copy
	// from/to" (OldName is then the source).
	Rename, Copy bool
	// OldBlob and NewBlob are the abbreviated blob names of git's
	// "index OLD..NEW" line, "" without one: what a three-way apply
	// starts from.
	OldBlob, NewBlob string
	// Line is the line of the diff where this file's header starts.
	Line int
	// Patch counts the patches of a git format-patch series (0 for the
	// first, or for a plain diff); Subject is that patch's subject.
	Patch   int
	Subject string
}

// Name is the path the change is about: the new name, or the old one for
// a deletion.
func (f *File) Name() string {
	if f.NewName != "" {
		return f.NewName
	}
	return f.OldName
}

// Hunk is one @@ section.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	// Header is the @@ line as written; Line is its line in the diff.
	Header string
	Line   int
	Lines  []Line
}

// Line is one line of a hunk.
type Line struct {
	// Op is ' ' (context), '-' (removed) or '+' (added).
	Op   byte
	Text string // without the Op and the line end
	// NoNewline is set when "\ No newline at end of file" follows.
	NoNewline bool
}

// Added returns the line numbers (1-based, in the new file) that the
// change adds.
func (f *File) Added() []int {
	var out []int
	for _, h := range f.Hunks {
		n := h.NewStart
		for _, l := range h.Lines {
			switch l.Op {
			case '+':
				out = append(out, n)
				n++
			case ' ':
				n++
			}
		}
	}
	return out
}

// SyntaxError is a malformed diff: Line is the line of the diff at fault.
type SyntaxError struct {
	Name string // the diff's name for messages ("" for none)
	Line int
	// Subject is the subject of the mbox patch at fault ("" for none).
	Subject string
	Msg     string
}

func (e *SyntaxError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Name != "" {
		where = fmt.Sprintf("%s:%d", e.Name, e.Line)
	}
	if e.Subject != "" {
		where += ": " + e.Subject
	}
	return where + ": malformed diff: " + e.Msg
}

// Parse reads a unified diff or a git format-patch mbox. Text around the
// diffs (a commit message, a diffstat, an email signature) is skipped;
// a malformed header or hunk is an error naming its line. name is the
// diff's name for error messages.
func Parse(name string, data []byte) ([]*File, error) {
	lines := strings.SplitAfter(string(data), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	p := &parser{name: name, lines: lines}
	if err := p.parse(); err != nil {
		return nil, err
	}
	return p.files, nil
}

type parser struct {
	name    string
	lines   []string
	i       int // index of the next line
	files   []*File
	patch   int
	subject string
	seenAny bool // a message was seen ("From ..." or mail headers)
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &SyntaxError{Name: p.name, Line: line, Subject: p.subject, Msg: fmt.Sprintf(format, args...)}
}

// text returns line i without its line end.
func (p *parser) text(i int) string {
	return strings.TrimRight(strings.TrimSuffix(p.lines[i], "\n"), "\r")
}

func (p *parser) parse() error {
	var cur *File // the file of a "diff --git" section, before its ---/+++
	if len(p.lines) > 0 && isMailHeader(p.text(0)) {
		// a single mail, saved without mbox's "From " line
		p.seenAny = true
		if err := p.headers(); err != nil {
			return err
		}
	}
	for p.i < len(p.lines) {
		ln := p.i + 1
		s := p.text(p.i)
		switch {
		case isMboxFrom(s):
			if p.seenAny {
				p.patch++
			}
			p.seenAny = true
			p.subject = ""
			cur = nil
			p.i++
			if err := p.headers(); err != nil {
				return err
			}
		case strings.HasPrefix(s, "diff --git "):
			cur = &File{Line: ln, Patch: p.patch, Subject: p.subject}
			oldN, newN, ok := splitGitNames(strings.TrimPrefix(s, "diff --git "))
			if !ok {
				return p.errorf(ln, "cannot read the file names of %q", s)
			}
			cur.OldName, cur.NewName = oldN, newN
			p.files = append(p.files, cur)
			p.i++
		case cur != nil && strings.HasPrefix(s, "new file mode"):
			cur.OldName = ""
			p.i++
		case cur != nil && strings.HasPrefix(s, "deleted file mode"):
			cur.NewName = ""
			p.i++
		case cur != nil && (strings.HasPrefix(s, "rename from ") || strings.HasPrefix(s, "copy from ")):
			_, name, _ := strings.Cut(s, " from ")
			cur.OldName = unquote(name)
			cur.Rename, cur.Copy = strings.HasPrefix(s, "rename"), strings.HasPrefix(s, "copy")
			p.i++
		case cur != nil && (strings.HasPrefix(s, "rename to ") || strings.HasPrefix(s, "copy to ")):
			_, name, _ := strings.Cut(s, " to ")
			cur.NewName = unquote(name)
			p.i++
		case cur != nil && strings.HasPrefix(s, "index "):
			// "index 1a2b3c4..5d6e7f8 100644"
			if f := strings.Fields(s); len(f) >= 2 {
				if o, n, ok := strings.Cut(f[1], ".."); ok {
					cur.OldBlob, cur.NewBlob = o, n
				}
			}
			p.i++
		case cur != nil && (strings.HasPrefix(s, "Binary files ") || s == "GIT binary patch"):
			cur.Binary = true
			p.i++
		case strings.HasPrefix(s, "--- ") && p.i+1 < len(p.lines) && strings.HasPrefix(p.text(p.i+1), "+++ "):
			f := cur
			if f == nil || len(f.Hunks) > 0 {
				f = &File{Line: ln, Patch: p.patch, Subject: p.subject}
				p.files = append(p.files, f)
			}
			oldN, err := p.headerName(ln, strings.TrimPrefix(s, "--- "))
			if err != nil {
				return err
			}
			newN, err := p.headerName(ln+1, strings.TrimPrefix(p.text(p.i+1), "+++ "))
			if err != nil {
				return err
			}
			if !f.Rename && !f.Copy {
				f.OldName, f.NewName = stripPrefixes(oldN, newN)
			}
			p.i += 2
			if err := p.hunks(f); err != nil {
				return err
			}
			cur = nil
		case strings.HasPrefix(s, "--- ") && cur != nil:
			return p.errorf(ln+1, "%s: want a '+++ ' line after %q", cur.Name(), s)
		case strings.HasPrefix(s, "@@ "):
			if cur != nil {
				// a git section with hunks but no ---/+++ header
				return p.errorf(ln, "%s: hunk without '--- '/'+++ ' file header", cur.Name())
			}
			return p.errorf(ln, "hunk outside a file: no '--- '/'+++ ' header before it")
		default:
			p.i++
		}
	}
	for _, f := range p.files {
		if f.OldName == "" && f.NewName == "" {
			return p.errorf(f.Line, "no file name")
		}
	}
	return nil
}

// headers reads a mail's header block, up to the blank line that ends
// it: the subject (folded lines joined, RFC 2047 words decoded, as git
// format-patch writes them for non-ASCII text) and the transfer encoding,
// which must leave the diff as it is.
func (p *parser) headers() error {
	for p.i < len(p.lines) {
		ln := p.i + 1
		s := p.text(p.i)
		if s == "" {
			p.i++
			return nil
		}
		if !strings.Contains(s, ":") {
			return nil // no blank line after the headers: the body starts
		}
		p.i++
		for p.i < len(p.lines) && (strings.HasPrefix(p.lines[p.i], " ") || strings.HasPrefix(p.lines[p.i], "\t")) {
			s += p.text(p.i) // a folded header line
			p.i++
		}
		name, val, _ := strings.Cut(s, ":")
		val = strings.TrimSpace(val)
		switch strings.ToLower(name) {
		case "subject":
			if d, err := new(mime.WordDecoder).DecodeHeader(val); err == nil {
				val = d
			}
			p.subject = strings.Join(strings.Fields(val), " ")
		case "content-transfer-encoding":
			switch strings.ToLower(val) {
			case "7bit", "8bit", "binary":
			default:
				return p.errorf(ln, "the message body is %s-encoded: decode the mail first (git mailsplit and git mailinfo, or b4 am, write plain patches)", strings.ToLower(val))
			}
		case "content-type":
			if strings.HasPrefix(strings.ToLower(val), "multipart/") {
				return p.errorf(ln, "a multipart (MIME) message: save the patch attachment as a file, or decode the mail with git mailinfo or b4 am")
			}
		}
	}
	return nil
}

// isMailHeader reports whether s starts a mail saved without mbox's
// "From " line.
func isMailHeader(s string) bool {
	for _, h := range []string{"From: ", "Subject: ", "Date: ", "Return-Path: ", "Received: ", "Message-ID: ", "Message-Id: ", "Delivered-To: "} {
		if strings.HasPrefix(s, h) {
			return true
		}
	}
	return false
}

// hunks reads the @@ sections that follow a file header.
func (p *parser) hunks(f *File) error {
	for p.i < len(p.lines) {
		s := p.text(p.i)
		if !strings.HasPrefix(s, "@@ ") {
			// an added or removed line just after a hunk: the header's
			// counts are wrong (an email signature "-- " is not one)
			if n := len(f.Hunks); n > 0 && s != "-- " && !strings.HasPrefix(s, "--- ") && !strings.HasPrefix(s, "+++ ") &&
				(strings.HasPrefix(s, "+") || strings.HasPrefix(s, "-")) {
				h := f.Hunks[n-1]
				return p.errorf(p.i+1, "%s: hunk #%d (%s, line %d) has more lines than its header says", f.Name(), n, h.Header, h.Line)
			}
			return nil
		}
		h, err := p.hunk(f)
		if err != nil {
			return err
		}
		f.Hunks = append(f.Hunks, h)
	}
	return nil
}

func (p *parser) hunk(f *File) (*Hunk, error) {
	ln := p.i + 1
	s := p.text(p.i)
	h := &Hunk{Header: s, Line: ln}
	// what a message about this hunk starts with
	which := fmt.Sprintf("%s: hunk #%d (%s, line %d)", f.Name(), len(f.Hunks)+1, s, ln)
	var err error
	h.OldStart, h.OldLines, h.NewStart, h.NewLines, err = parseHunkHeader(s)
	if err != nil {
		return nil, p.errorf(ln, "%s: %v in %q", f.Name(), err, s)
	}
	p.i++
	oldLeft, newLeft := h.OldLines, h.NewLines
	for oldLeft > 0 || newLeft > 0 {
		if p.i >= len(p.lines) {
			return nil, p.errorf(p.i, "%s: the diff ends inside it: %d old and %d new line(s) missing", which, oldLeft, newLeft)
		}
		raw := strings.TrimSuffix(p.lines[p.i], "\n")
		raw = strings.TrimSuffix(raw, "\r")
		op := byte(' ')
		text := ""
		if raw != "" {
			op, text = raw[0], raw[1:]
		}
		switch op {
		case ' ':
			oldLeft--
			newLeft--
		case '-':
			oldLeft--
		case '+':
			newLeft--
		case '\\':
			if n := len(h.Lines); n > 0 {
				h.Lines[n-1].NoNewline = true
			}
			p.i++
			continue
		default:
			if isMboxFrom(strings.TrimRight(raw, "\r")) {
				return nil, p.errorf(p.i+1, "%s: the next patch starts inside it: %d old and %d new line(s) missing", which, oldLeft, newLeft)
			}
			return nil, p.errorf(p.i+1, "%s: want a ' ', '-' or '+' line: %d old and %d new line(s) missing", which, oldLeft, newLeft)
		}
		if oldLeft < 0 || newLeft < 0 {
			return nil, p.errorf(p.i+1, "%s has more lines than its header says", which)
		}
		// keep a CR that belongs to the file's line ends
		if strings.HasSuffix(strings.TrimSuffix(p.lines[p.i], "\n"), "\r") {
			text += "\r"
		}
		h.Lines = append(h.Lines, Line{Op: op, Text: text})
		p.i++
	}
	// a "\ No newline at end of file" after the last line
	if p.i < len(p.lines) && strings.HasPrefix(p.lines[p.i], "\\") {
		if n := len(h.Lines); n > 0 {
			h.Lines[n-1].NoNewline = true
		}
		p.i++
	}
	return h, nil
}

// parseHunkHeader reads "@@ -l[,s] +l[,s] @@[ text]".
func parseHunkHeader(s string) (os, ol, ns, nl int, err error) {
	rest := strings.TrimPrefix(s, "@@ ")
	end := strings.Index(rest, " @@")
	if end < 0 {
		if strings.HasSuffix(rest, "@@") {
			end = len(rest) - 2
		} else {
			return 0, 0, 0, 0, fmt.Errorf("no closing @@")
		}
	}
	f := strings.Fields(rest[:end])
	if len(f) != 2 || !strings.HasPrefix(f[0], "-") || !strings.HasPrefix(f[1], "+") {
		return 0, 0, 0, 0, fmt.Errorf("want -OLD[,N] +NEW[,N]")
	}
	os, ol, err = rangeOf(f[0][1:])
	if err != nil {
		return
	}
	ns, nl, err = rangeOf(f[1][1:])
	return
}

func rangeOf(s string) (start, n int, err error) {
	a, b, ok := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil || start < 0 {
		return 0, 0, fmt.Errorf("bad line number %q", a)
	}
	n = 1
	if ok {
		n, err = strconv.Atoi(b)
		if err != nil || n < 0 {
			return 0, 0, fmt.Errorf("bad line count %q", b)
		}
	}
	return start, n, nil
}

// mboxFromRx is mbox's "From " line that starts each message: the
// sender, then the date as asctime writes it. git format-patch writes
// "From <commit> Mon Sep 17 00:00:00 2001", b4 "From git@z Thu Jan  1
// 00:00:00 1970".
var mboxFromRx = regexp.MustCompile(`^From \S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} `)

// isMboxFrom reports whether s starts a message of an mbox.
func isMboxFrom(s string) bool {
	return strings.HasPrefix(s, "From ") && mboxFromRx.MatchString(s)
}

// headerName reads the name of a ---/+++ line: a tab ends it (a
// timestamp follows in diff -u); git quotes unusual names C-style.
func (p *parser) headerName(line int, s string) (string, error) {
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimRight(s, " \r")
	if strings.HasPrefix(s, `"`) {
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", p.errorf(line, "bad quoted file name %s", s)
		}
		s = u
	}
	if s == "" {
		return "", p.errorf(line, "no file name")
	}
	if s == "/dev/null" {
		return "", nil
	}
	return s, nil
}

// stripPrefixes removes git's a/ and b/ prefixes (git apply's -p1).
func stripPrefixes(oldN, newN string) (string, string) {
	if (oldN == "" || strings.HasPrefix(oldN, "a/")) && (newN == "" || strings.HasPrefix(newN, "b/")) {
		return strings.TrimPrefix(oldN, "a/"), strings.TrimPrefix(newN, "b/")
	}
	return oldN, newN
}

// splitGitNames reads "a/X b/Y" of a diff --git line (names may be
// quoted; unquoted names with spaces are split where " b/" starts).
func splitGitNames(s string) (string, string, bool) {
	if strings.HasPrefix(s, `"`) {
		// "a/..." then a name
		end := 1
		for end < len(s) && (s[end] != '"' || s[end-1] == '\\') {
			end++
		}
		if end >= len(s) {
			return "", "", false
		}
		a := unquote(s[:end+1])
		b := unquote(strings.TrimSpace(s[end+1:]))
		a, b = stripPrefixes(a, b)
		return a, b, a != "" && b != ""
	}
	i := strings.Index(s, " b/")
	if i < 0 {
		i = strings.Index(s, ` "b/`)
	}
	if i < 0 {
		f := strings.Fields(s)
		if len(f) != 2 {
			return "", "", false
		}
		return f[0], f[1], true
	}
	a, b := stripPrefixes(s[:i], unquote(s[i+1:]))
	return a, b, a != "" && b != ""
}

func unquote(s string) string {
	if strings.HasPrefix(s, `"`) {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	return s
}
