package cparse

import "bytes"
import "os"
import "path/filepath"
import "runtime"
import "strings"
import "syscall"
import "testing"
import "time"

import "modernc.org/cc/v4"

import "gupvet/internal/txtartest"

func lines(b []byte) int { return bytes.Count(b, []byte("\n")) }

// checkRewrite runs rewriteKernelSource on in and wants out; the line
// count must hold, and, when sameLen, every line's length too.
func checkRewrite(t *testing.T, in, want string, sameLen bool) {
	t.Helper()
	src := []byte(in)
	orig := append([]byte(nil), src...)
	got := rewriteKernelSource("/x/t.h", src)
	if string(got) != want {
		t.Errorf("rewrite of\n%s\ngot\n%s\nwant\n%s", in, got, want)
	}
	if !bytes.Equal(src, orig) {
		t.Errorf("rewrite modified its input")
	}
	if lines(got) != lines(src) {
		t.Errorf("line count %d -> %d", lines(src), lines(got))
	}
	if sameLen {
		a, b := strings.Split(in, "\n"), strings.Split(string(got), "\n")
		for i := range a {
			if i < len(b) && len(a[i]) != len(b[i]) {
				t.Errorf("line %d: length %d -> %d (columns move)", i+1, len(a[i]), len(b[i]))
			}
		}
	}
	if again := rewriteKernelSource("/x/t.h", got); !bytes.Equal(again, got) {
		t.Errorf("not idempotent: second pass gave\n%s", again)
	}
}

// rewriteWant is one input a rewrite changes: what it must give, and
// whether every line keeps its length (then no column moves).
type rewriteWant struct {
	in, want string
	sameLen  bool
}

// A rewriteCase is one rewrite's cases: the inputs it changes and the
// look-alikes it must leave alone.
type rewriteCase struct {
	name    string
	changed []rewriteWant
	kept    []string
}

// readRewriteCases reads testdata/rewrite.txtar (its comment says the
// form), the rewrites in the file's order.
func readRewriteCases(t *testing.T) []*rewriteCase {
	var cases []*rewriteCase
	byName := map[string]*rewriteCase{}
	for _, tc := range txtartest.Read(t, "testdata/rewrite.txtar") {
		name, kind, _ := strings.Cut(tc.Name, "/")
		kind, _, _ = strings.Cut(kind, ":")
		c := byName[name]
		if c == nil {
			c = &rewriteCase{name: name}
			byName[name] = c
			cases = append(cases, c)
		}
		switch {
		case kind == "kept" && tc.WantName == "":
			c.kept = append(c.kept, tc.In)
		case kind == "changed" && strings.HasPrefix(tc.WantName, name+"/"):
			c.changed = append(c.changed, rewriteWant{tc.In, tc.Want, strings.HasSuffix(tc.WantName, ": columns kept")})
		default:
			t.Fatalf("rewrite.txtar: section %q: want NAME/changed followed by NAME/want, or NAME/kept", tc.Name)
		}
	}
	return cases
}

// TestRewrite checks each rewrite's cases: the changed inputs give what
// they want, the kept ones come back unchanged, line lengths and all.
func TestRewrite(t *testing.T) {
	for _, c := range readRewriteCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, w := range c.changed {
				checkRewrite(t, w.in, w.want, w.sameLen)
			}
			for _, s := range c.kept {
				checkRewrite(t, s, s, true)
			}
		})
	}
}

// TestRewriteNoTrigger: a file without a trigger comes back as the very
// same slice (no copy, no work).
func TestRewriteNoTrigger(t *testing.T) {
	b := []byte("int main(void)\n{\n\treturn 0;\n}\n")
	if got := rewriteKernelSource("/x/a.c", b); &got[0] != &b[0] {
		t.Error("a file needing no rewrite was copied")
	}
	if got := rewriteKernelSource("/x/empty.c", nil); len(got) != 0 {
		t.Error("empty file")
	}
}

// TestRewritePlainC: ordinary C that mentions the triggers keeps its
// meaning: it parses the same with and without the rewrites.
func TestRewritePlainC(t *testing.T) {
	src := `#include <stdarg.h>
typedef int foo_t;
struct s { const char *name; };
static int count(const char *fmt, ...) { return fmt != 0; }
#define LOG(fmt, ...) count(fmt, ##__VA_ARGS__)
int user(const struct s *p, const foo_t *q) {
	const char *msg = "f(const int) and typeof(int) and args...";
	__auto_type n = LOG("%d", *q);
	typeof(n) m = n;
	return m + (p->name != msg);
}
`
	got := rewriteKernelSource("/x/plain.c", []byte(src))
	if lines(got) != lines([]byte(src)) {
		t.Fatal("line count changed")
	}
	if !strings.Contains(string(got), `"f(const int) and typeof(int) and args..."`) {
		t.Error("a string literal was rewritten")
	}
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{src, string(got)} {
		cfg := &cc.Config{ABI: abi, FSOnly: true, FS: os.DirFS("/nonexistent"), HasBuiltin: preciseHasBuiltin}
		text = strings.Replace(text, "#include <stdarg.h>\n", "\n", 1)
		if _, err := cc.Translate(cfg, []cc.Source{{Name: "<predefined>", Value: predefinedX86}, {Name: "<builtin>", Value: cc.Builtin}, {Name: "plain.c", Value: text}}); err != nil {
			t.Errorf("translate: %v\n%s", err, text)
		}
	}
}

// TestRewriteGapFiles: the reproducers in testdata/gaps keep their line
// count under the rewrites.
func TestRewriteGapFiles(t *testing.T) {
	ms, _ := filepath.Glob("testdata/gaps/*")
	if len(ms) == 0 {
		t.Fatal("no reproducers")
	}
	for _, p := range ms {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if r := rewriteKernelSource(p, b); lines(r) != lines(b) {
			t.Errorf("%s: %d lines -> %d", p, lines(b), lines(r))
		}
	}
}

func BenchmarkRewriteHeader(b *testing.B) {
	// a header-sized input with every trigger
	var buf bytes.Buffer
	for i := 0; i < 200; i++ {
		buf.WriteString("#define pr(fmt, args...) printk(fmt, ##args)\nDECLARE(const struct s, x);\n\tconst __auto_type y = z;\nextern __attr(x) typeof(int) v;\nstatic inline int f(int a) { return a; }\n")
	}
	src := buf.Bytes()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		rewriteKernelSource("/x/h.h", src)
	}
}

// TestRewriteHostile: inputs built to make a naive rewrite quadratic stay
// linear. What is compared is the CPU time the rewriting thread spends on
// 512 KB and on 2 MB of the same unit (the thread's own time, which a
// loaded machine does not inflate as it does wall time): four times the
// input may take at most ten times as long, where a quadratic rewrite
// takes sixteen; each size is measured three times, the least kept, and
// a growth under 100 ms is noise (a quadratic 2 MB input took seconds).
func TestRewriteHostile(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	least := func(src []byte) time.Duration {
		best := time.Duration(1 << 62)
		for i := 0; i < 3; i++ {
			t0 := cpu()
			rewriteKernelSource("/x/h.h", src)
			best = min(best, cpu()-t0)
		}
		return best
	}
	for _, unit := range []string{"typeof(", "extern __a(x) typeof(", "f(const ", "\"(const int", "__alignof__ *(", "enum __attribute__((", "#define f(a...) a(\\\n", ",##__VA_ARGS__", "for (auto x = ("} {
		small := bytes.Repeat([]byte(unit), (512<<10)/len(unit))
		big := bytes.Repeat([]byte(unit), (2<<20)/len(unit))
		if r := rewriteKernelSource("/x/h.h", big); lines(r) != lines(big) {
			t.Errorf("%q: line count changed", unit)
		}
		ts, tb := least(small), least(big)
		t.Logf("%q: %v CPU for 512 KB, %v for 2 MB", unit, ts, tb)
		if tb > 10*ts && tb > 100*time.Millisecond {
			t.Errorf("%q: 4x the input took %.1fx the CPU time (%v, %v): not linear", unit, float64(tb)/float64(ts), ts, tb)
		}
	}
}
