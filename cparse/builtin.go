package cparse

import "bytes"
import "strings"
import "sync"

import "modernc.org/cc/v4"

// cc/v4's builtin source (cc.Builtin) declares some 140 __builtin_*
// functions, and every tolerant parse reads it before the file: parsing
// those prototypes was a third of the cost of parsing a small file (a
// tolerant run makes ~150 parses). A prototype no text of the unit names
// cannot change what the unit parses to, so tolerant mode reads only the
// prototypes the file, its local headers or the prelude name (the rest of
// cc.Builtin, its macros, typedefs and other declarations, always).

// builtinProto is one __builtin_ prototype line of cc.Builtin.
type builtinProto struct {
	line int    // index in builtinLines
	name string // the declared function
}

var (
	builtinOnce   sync.Once
	builtinLines  []string
	builtinProtos []builtinProto
	builtinRest   []byte // the lines that are not such prototypes (their macros name builtins too)
)

func splitBuiltin() {
	builtinLines = strings.SplitAfter(cc.Builtin, "\n")
	for i, l := range builtinLines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") || !strings.HasSuffix(t, ");") {
			builtinRest = append(builtinRest, l...)
			continue
		}
		p := strings.IndexByte(t, '(')
		if p <= 0 {
			builtinRest = append(builtinRest, l...)
			continue
		}
		j := p
		for j > 0 && t[j-1] == ' ' {
			j--
		}
		k := j
		for k > 0 && IsIdentByte(t[k-1]) {
			k--
		}
		if name := t[k:j]; strings.HasPrefix(name, "__builtin_") {
			builtinProtos = append(builtinProtos, builtinProto{i, name})
			continue
		}
		builtinRest = append(builtinRest, l...)
	}
}

// builtinFor returns cc.Builtin without the __builtin_ prototypes that no
// text names (lines kept, blank). A text that pastes a builtin's name
// (`__builtin_##op`) gets all of them.
func builtinFor(texts ...[]byte) string {
	builtinOnce.Do(splitBuiltin)
	named := map[string]bool{}
	for _, t := range append(texts, builtinRest) {
		if bytes.Contains(t, []byte("__builtin_##")) || bytes.Contains(t, []byte("##__builtin_")) || bytes.Contains(t, []byte("## __builtin_")) {
			return cc.Builtin
		}
		prefixedWords(t, "__builtin_", named)
	}
	drop := map[int]bool{}
	for _, p := range builtinProtos {
		if !named[p.name] {
			drop[p.line] = true
		}
	}
	var b strings.Builder
	b.Grow(len(cc.Builtin))
	for i, l := range builtinLines {
		if drop[i] {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}
