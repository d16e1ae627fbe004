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

// rewriteCases holds, for each rewrite, the inputs it changes and the
// look-alikes it must leave alone; one table, so that each rewrite's
// cases are data and checkRewrite the one place they are checked.
var rewriteCases = []struct {
	name    string
	changed []rewriteWant
	kept    []string
}{
	{name: "NamedVariadic", changed: []rewriteWant{
		{"#define pr(fmt, args...) printk(fmt, ##args)\n",
			"#define pr(fmt, ...    ) printk(fmt, ##__VA_ARGS__)\n", false},
		{"# define COUNT_ARGS(X...) __COUNT_ARGS(, ##X, 1, 0)\n",
			"# define COUNT_ARGS(... ) __COUNT_ARGS(, ##__VA_ARGS__, 1, 0)\n", false},
		// continuation lines, the name inside a string and a comment is kept,
		// an identifier containing the name is kept
		{"#define dbg(lvl, arg ...)\t\\\n\tdo { log(lvl, \"arg\", ## arg); /* arg */ argv(arg2); } while (0)\nint arg;\n",
			"#define dbg(lvl, ...    )\t\\\n\tdo { log(lvl, \"arg\", ## __VA_ARGS__); /* arg */ argv(arg2); } while (0)\nint arg;\n", false},
	}, kept: []string{
		// plain ... and object-like macros are left alone
		"#define f(...) g(__VA_ARGS__)\n",
		"#define f(a, ...) g(a, ##__VA_ARGS__)\n",
		"#define DOTS \"x...\"\n",
		"void f(int a, ...);\n",
	}},
	{name: "CommaPaste", changed: []rewriteWant{
		{"#define default_gfp(...) __default_gfp(,##__VA_ARGS__,GFP_KERNEL)\n",
			"#define default_gfp(...) __default_gfp(, ##__VA_ARGS__,GFP_KERNEL)\n", false},
		// a blank after ## moves before it: the line keeps its length
		{"# define __ASM_FORM(x, ...)\t\tx,## __VA_ARGS__\n",
			"# define __ASM_FORM(x, ...)\t\tx, ##__VA_ARGS__\n", true},
		// across a line splice; twice on a line
		{"#define f(...) g(,\\\n##__VA_ARGS__) h(0,##__VA_ARGS__)\n",
			"#define f(...) g(,\\\n ##__VA_ARGS__) h(0, ##__VA_ARGS__)\n", false},
		// named variadics are rewritten first, then the paste
		{"#define F(x, args...) G(x,##args)\n",
			"#define F(x, ...    ) G(x, ##__VA_ARGS__)\n", false},
	}, kept: []string{
		"#define f(...) g(, ##__VA_ARGS__)\n",   // cc/v4 handles it
		"#define f(x, ...) g(x##__VA_ARGS__)\n", // a plain paste
		"#define f(y, ...) g(,##y)\n",           // not the variable argument
		"#define f(...) g(,##__VA_ARGS__x)\n",   // another name
		"#define f(...) g(###__VA_ARGS__)\n",
		"s = \",##__VA_ARGS__\"; // ,##__VA_ARGS__\n",
	}},
	{name: "ForAuto", changed: []rewriteWant{
		{"\tfor (auto _tmpptr = begin(mode, uptr, size, elbl);\t\\\n",
			"\tfor (__typeof__(((void)0, ( begin(mode, uptr, size, elbl)))) _tmpptr = begin(mode, uptr, size, elbl);\t\\\n", false},
		// const kept; attributes before =; the initializer on the next line,
		// after a backslash-newline: its copy is on one line
		{"\t\tfor (const auto uptr  __cleanup(end_##mode) = \\\n\t\t     _tmpptr; !done; done = true)\n",
			"\t\tfor (const __typeof__(((void)0, (  \t\t     _tmpptr))) uptr  __cleanup(end_##mode) = \\\n\t\t     _tmpptr; !done; done = true)\n", false},
		// comments and a string with ; in the initializer
		{"for (__auto_type p = f(\";\" /* ; */, 'x'); // c\n p; p = 0)\n",
			"for (__typeof__(((void)0, ( f(\";\"  , 'x')))) p = f(\";\" /* ; */, 'x'); // c\n p; p = 0)\n", false},
	}, kept: []string{
		"for (int i = 0; i < n; i++)\n",
		"for (auto int i = 0; i < n; i++)\n", // auto as a storage class
		"for (auto a = 1, b = 2; a < b; a++)\n",
		"for (auto x = (1;\n",
		"for (auto *p = q; p; p = 0)\n",
		"for (auto x == 1;;)\n",
		"format (auto x = 1;)\n",
		"s = \"for (auto x = 1;\";\n",
		"for (auto x = f(a,\n#ifdef X\n b\n#endif\n ); x; )\n",
	}},
	{name: "TypeofConst", changed: []rewriteWant{
		{"DECLARE_PER_CPU_ALIGNED(const struct pcpu_hot __percpu_seg_override,\n\t\t\tconst_pcpu_hot);\n",
			"DECLARE_PER_CPU_ALIGNED(struct pcpu_hot const __percpu_seg_override,\n\t\t\tconst_pcpu_hot);\n", true},
		{"__typeof__( const int) x;\n", "__typeof__( int const) x;\n", true},
		{"int f(const char *s, const foo_t\t*p);\n", "int f(char const *s, const foo_t\t*p);\n", true},
	}, kept: []string{
		"x = (const struct s *)p;\n",             // a cast: cc handles it
		"DEF(const struct s { int a; } v);\n",    // a definition
		"f(const volatile int *p);\n",            // qualifier next
		"f(const seqcount_##lockname##_t *s);\n", // token pasting
		"printf(\"f(const int)\\n\");\n",         // a string
		"// f(const int)\n",                      // a line comment
		"int f(const);\n",                        // nothing after const
		"__attribute__((const)) int g(void);\n",  // attribute
		"int konst(constant_t x);\n",             // not the word const
		"f(const struct\n s);\n",                 // tag on the next line
	}},
	{name: "ConstAutoType", changed: []rewriteWant{
		{"\tconst __auto_type s0 = s;\n", "\t      __auto_type s0 = s;\n", true},
		{"\tconst\t__auto_type s0 = s;\n", "\t     \t__auto_type s0 = s;\n", true},
		{"\t\tconst auto pid = find_ge_pid(n);\n", "\t\t      auto pid = find_ge_pid(n);\n", true},
	}, kept: []string{
		"\t__auto_type s0 = s;\n",
		"\tnotconst __auto_type s0 = s;\n",
		"\tputs(\"const __auto_type\");\n",
		"\tconst automatic x;\n",
		"\tconst my_auto x;\n",
		"\tconst __auto_typed x;\n",
	}},
	{name: "TypeofDecl", changed: []rewriteWant{
		{"#define DECLARE_PER_CPU_SECTION(type, name, sec)\t\t\t\\\n\textern __PCPU_DUMMY_ATTRS char __pcpu_scope_##name;\t\t\\\n\textern __PCPU_ATTRS(sec) __typeof__(type) name\n",
			"#define DECLARE_PER_CPU_SECTION(type, name, sec)\t\t\t\\\n\textern __PCPU_DUMMY_ATTRS char __pcpu_scope_##name;\t\t\\\n\textern __PCPU_ATTRS(sec) __typeof__(*(__typeof__(type) *)0) name\n", false},
		{"#define DEFINE_PER_CPU_SECTION(type, name, sec)\t\t\t\t\\\n\t__PCPU_ATTRS(sec) __weak __typeof__(type) name\n",
			"#define DEFINE_PER_CPU_SECTION(type, name, sec)\t\t\t\t\\\n\t__PCPU_ATTRS(sec) __weak __typeof__(*(__typeof__(type) *)0) name\n", false},
		{"\textern typeof(func) STATIC_CALL_TRAMP(name);\n",
			"\textern typeof(*(typeof(func) *)0) STATIC_CALL_TRAMP(name);\n", false},
	}, kept: []string{
		"\ttypeof(x) __x = (x);\n",                          // a plain local: typeof(expr) works
		"#define max(a, b) ({ typeof(a) _a = (a); _a; })\n", // likewise
		"\treturn (typeof(x))y;\n",
		"\tint n = sizeof(typeof(x));\n",
		"\tstatic_assert(__same_type(typeof(a), typeof(b)));\n",
		"\tx = __unqual_scalar_typeof(y);\n",
	}},
	{name: "EnumAttributes", changed: []rewriteWant{
		{"enum __packed dev_states {\n", "enum          dev_states {\n", true},
		{"typedef enum __attribute__((__packed__)) { A } e_t;\n",
			"typedef enum " + strings.Repeat(" ", len("__attribute__((__packed__))")) + " { A } e_t;\n", true},
		{"enum __packed __attribute__ ((x)) e;\n", "enum " + strings.Repeat(" ", len("__packed __attribute__ ((x))")) + " e;\n", true},
	}, kept: []string{
		"enum e { A } __packed;\n",
		"enum_packed __packed x;\n",
		"int enum_count __attribute__((unused));\n",
	}},
	{name: "AlignofExpr", changed: []rewriteWant{
		{"\tBUILD_BUG_ON(__alignof__ *vq->avail > VRING_AVAIL_ALIGN_SIZE);\n",
			"\tBUILD_BUG_ON(__alignof__(*vq->avail)> VRING_AVAIL_ALIGN_SIZE);\n", true},
		{"x = _Alignof a.b[i + 1].c;\n", "x = _Alignof(a.b[i + 1].c);\n", false},
		{"x = __alignof x->f(1)->g ;\n", "x = __alignof(x->f(1)->g);\n", true},
	}, kept: []string{
		"x = __alignof__(*p);\n",
		"x = __alignof__ (struct s);\n",
		"x = my_alignof *p;\n",
		"s = \"__alignof__ *p\";\n",
	}},
}

// TestRewrite checks each rewrite's cases: the changed inputs give what
// they want, the kept ones come back unchanged, line lengths and all.
func TestRewrite(t *testing.T) {
	for _, c := range rewriteCases {
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
