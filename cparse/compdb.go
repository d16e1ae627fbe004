package cparse

import "bytes"
import "encoding/json"
import "fmt"
import "os"
import "path/filepath"
import "strings"

// compile_commands.json support: when a build wrote one (scripts/clang-tools/
// gen_compile_commands.py, bear, an IDE), its per-file flags are the truth
// and win over what gupvet derives from the Makefiles.

// compdbEntry is one object of compile_commands.json as written.
type compdbEntry struct {
	Directory string    `json:"directory"`
	File      string    `json:"file"`
	Command   *string   `json:"command"`
	Arguments *[]string `json:"arguments"`
	Output    string    `json:"output"`
}

// LoadCompileCommands reads a compile_commands.json. Each entry gives its
// arguments either as an "arguments" array or as a "command" string, which
// is split the way a POSIX shell would. The result is keyed by the absolute,
// cleaned path of the source file (a relative "file" is taken relative to
// the entry's "directory"). When a file has several entries the first wins.
// Malformed input gives an error naming the line and column.
func LoadCompileCommands(path string) (map[string]*CompileCommand, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseCompileCommands(path, data)
}

func parseCompileCommands(name string, data []byte) (map[string]*CompileCommand, error) {
	at := func(off int64) string {
		l, c := lineCol(data, off)
		return fmt.Sprintf("%s:%d:%d", name, l, c)
	}
	// json.Unmarshal first: its error offsets are exact (a Decoder's are
	// not). A syntax error's offset is just past the offending byte.
	var all []compdbEntry
	if err := json.Unmarshal(data, &all); err != nil {
		switch e := err.(type) {
		case *json.SyntaxError:
			off := e.Offset
			if off < int64(len(data)) && off > 0 {
				off--
			}
			return nil, fmt.Errorf("%s: malformed compile_commands.json: %v", at(off), e)
		case *json.UnmarshalTypeError:
			if e.Field == "" {
				return nil, fmt.Errorf("%s: malformed compile_commands.json: want an array of entries, got %s", at(0), e.Value)
			}
			off := e.Offset
			if off > 0 {
				off--
			}
			// back to the start of the value
			for off > 0 && data[off] != ':' && data[off] != ',' && data[off] != '[' {
				off--
			}
			for off+1 < int64(len(data)) && (data[off] == ':' || data[off] == ',' || data[off] == '[' || data[off] == ' ' || data[off] == '\n' || data[off] == '\t' || data[off] == '\r') {
				off++
			}
			return nil, fmt.Errorf("%s: malformed compile_commands.json: %q: %v", at(off), e.Field, e)
		}
		return nil, fmt.Errorf("%s: malformed compile_commands.json: %v", name, err)
	}
	// then a Decoder, for where each entry starts
	dec := json.NewDecoder(bytes.NewReader(data))
	jsonErr := func(err error) error {
		return fmt.Errorf("%s: malformed compile_commands.json: %v", at(dec.InputOffset()), err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("%s: malformed compile_commands.json: want an array of entries, got %v", at(0), tok)
	}
	out := map[string]*CompileCommand{}
	for i := 0; dec.More(); i++ {
		off := dec.InputOffset()
		// InputOffset is the end of the previous token: skip the comma and
		// blanks so the position names the entry itself.
		for off < int64(len(data)) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\t' || data[off] == '\r') {
			off++
		}
		var e compdbEntry
		if err := dec.Decode(&e); err != nil {
			return nil, jsonErr(err)
		}
		where := fmt.Sprintf("%s: entry %d", at(off), i)
		if e.File == "" {
			return nil, fmt.Errorf("%s: no \"file\"", where)
		}
		if e.Directory == "" {
			return nil, fmt.Errorf("%s: no \"directory\"", where)
		}
		var args []string
		switch {
		case e.Arguments != nil:
			args = *e.Arguments
		case e.Command != nil:
			if args, err = shellSplit(*e.Command); err != nil {
				return nil, fmt.Errorf("%s: command: %v", where, err)
			}
		default:
			return nil, fmt.Errorf("%s: neither \"arguments\" nor \"command\"", where)
		}
		dir := e.Directory
		if !filepath.IsAbs(dir) {
			// the spec wants it absolute; be lenient, relative to the file
			dir = filepath.Join(filepath.Dir(absOr(name)), dir)
		}
		file := e.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		file = filepath.Clean(file)
		if _, dup := out[file]; dup {
			continue
		}
		out[file] = &CompileCommand{Directory: filepath.Clean(dir), File: file, Args: args}
	}
	if _, err := dec.Token(); err != nil {
		return nil, jsonErr(err)
	}
	return out, nil
}

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (int, int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line, col := 1, 1
	for _, b := range data[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// UseCompileCommands loads a compile_commands.json into the tree: precise
// mode then takes each listed file's include paths, defines and forced
// includes from it.
func (t *Tree) UseCompileCommands(path string) error {
	db, err := LoadCompileCommands(path)
	if err != nil {
		return err
	}
	t.CompDB = db
	t.CompDBPath = path
	return nil
}

// FindCompileCommands returns the path of the first compile_commands.json
// found in dirs (an object tree, then a source tree, say), or "".
func FindCompileCommands(dirs ...string) string {
	for _, d := range dirs {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "compile_commands.json")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// compileCommand returns the compdb entry of a file, or nil.
func (t *Tree) compileCommand(abs string) *CompileCommand {
	if t.CompDB == nil {
		return nil
	}
	if c := t.CompDB[abs]; c != nil {
		return c
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil && r != abs {
		return t.CompDB[r]
	}
	return nil
}

// shellSplit splits a command line the way a POSIX shell splits words:
// blanks separate, single quotes keep everything, double quotes keep all
// but \" \\ \$ \` and backslash-newline, a backslash outside quotes quotes
// the next character. No expansion is done.
func shellSplit(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++ // a line continuation: nothing
				continue
			}
			inWord = true
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated single quote at offset %d", i)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			closed := false
			for i++; i < len(s); i++ {
				if s[i] == '"' {
					closed = true
					break
				}
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
					i++
					if s[i] != '\n' {
						cur.WriteByte(s[i])
					}
					continue
				}
				cur.WriteByte(s[i])
			}
			if !closed {
				return nil, fmt.Errorf("unterminated double quote")
			}
		default:
			inWord = true
			cur.WriteByte(c)
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

// ccFlags are the preprocessor-relevant flags of one compiler invocation.
type ccFlags struct {
	Quote   []string // -iquote
	Include []string // -I
	System  []string // -isystem
	Defs    []string // "NAME=VALUE" for -D, "-NAME" for -U, in order
	Forced  []string // -include, absolute
}

// parseCCFlags picks -I -D -U -include -isystem -iquote out of args;
// relative paths are resolved against dir. Everything else is ignored.
func parseCCFlags(args []string, dir string) ccFlags {
	var f ccFlags
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, p)
	}
	// in the order to try them: -include before -I, -isystem before -I
	opts := []struct {
		opt  string
		to   *[]string
		path bool   // resolved against dir
		pre  string // before the value (-U's "-NAME")
	}{
		{"-include", &f.Forced, true, ""},
		{"-iquote", &f.Quote, true, ""},
		{"-isystem", &f.System, true, ""},
		{"-I", &f.Include, true, ""},
		{"-D", &f.Defs, false, ""},
		{"-U", &f.Defs, false, "-"},
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		for _, o := range opts {
			if !strings.HasPrefix(a, o.opt) {
				continue
			}
			v := strings.TrimPrefix(a, o.opt)
			if a == o.opt { // the value is the next argument
				if v = ""; i+1 < len(args) {
					i++
					v = args[i]
				}
			}
			if v != "" {
				if o.path {
					v = abs(v)
				}
				*o.to = append(*o.to, o.pre+v)
			}
			break
		}
	}
	return f
}

// defineLines turns -D/-U definitions into preprocessor lines.
func defineLines(defs []string) string {
	var b strings.Builder
	for _, d := range defs {
		if strings.HasPrefix(d, "-") {
			fmt.Fprintf(&b, "#undef %s\n", d[1:])
			continue
		}
		name, val, ok := strings.Cut(d, "=")
		if !ok {
			val = "1"
		}
		fmt.Fprintf(&b, "#undef %s\n#define %s %s\n", macroName(name), name, val)
	}
	return b.String()
}

// macroName is the name part of a -D NAME(args)=... definition.
func macroName(s string) string {
	if i := strings.IndexByte(s, '('); i >= 0 {
		return s[:i]
	}
	return s
}
