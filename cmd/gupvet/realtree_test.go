package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gupvet/rules/all"
)

// TestRealTree612 runs gupvet on a whole Debian linux-source-6.12 tree, in
// tolerant mode and in precise mode with the matching linux-headers object
// tree, and expects exactly one GUP-contract finding: the seed case,
// KVM's hva_to_pfn_slow passing FOLL_NOWAIT to get_user_pages_unlocked
// (which adds FOLL_UNLOCKABLE).
//
// Enable it with
//
//	GUPVET_LINUX_6_12=/path/to/linux-source-6.12 \
//	GUPVET_LINUX_6_12_OBJ=/usr/src/linux-headers-6.12.N+deb12-amd64 go test ./cmd/gupvet
//
// (.ci/run sets both up on Debian bookworm).
func TestRealTree612(t *testing.T) {
	src, obj := os.Getenv("GUPVET_LINUX_6_12"), os.Getenv("GUPVET_LINUX_6_12_OBJ")
	if src == "" || obj == "" {
		t.Skip("skipped: set GUPVET_LINUX_6_12 to an extracted linux-source-6.12 tree and GUPVET_LINUX_6_12_OBJ to its " +
			"/usr/src/linux-headers-6.12.*-amd64 object tree to enable (bash .ci/run does it)")
	}
	if testing.Short() {
		t.Skip("skipped in -short mode: analyses a whole kernel tree")
	}
	registered := map[string]bool{}
	for _, a := range all.Analyzers {
		registered[a.Name] = true
	}
	if !registered["nowaitunlockable"] {
		t.Fatal("rule nowaitunlockable is not registered in rules/all.Analyzers: the real-tree test cannot pass until it is")
	}
	withAnalyzers(t, all.Analyzers...)

	wantLine := seedLine(t, filepath.Join(src, "virt/kvm/kvm_main.c"))
	want := fmt.Sprintf("virt/kvm/kvm_main.c:%d", wantLine)

	for _, mode := range []struct {
		name string
		args []string
	}{
		{"tolerant", []string{"-C", src, "-mode", "tolerant", "-json"}},
		{"precise", []string{"-C", src, "-O", obj, "-mode", "precise", "-json"}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			r := runCmd(t, mode.args...)
			if r.code != exitFindings {
				t.Errorf("exit status %d, want 1 (findings, every file analysed); stderr:\n%s", r.code, r.stderr)
			}
			var doc map[string]map[string][]jsonDiagnostic
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
			}
			var got []string
			for unit, byRule := range doc {
				for rule, diags := range byRule {
					if rule != "nowaitunlockable" && rule != "nulllocked" {
						continue
					}
					for _, d := range diags {
						got = append(got, fmt.Sprintf("%s: %s: %s [%s] (unit %s)", d.Posn, rule, d.Message, rule, unit))
					}
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d nowaitunlockable/nulllocked findings, want exactly 1 (%s, nowaitunlockable):\n%s",
					len(got), want, strings.Join(got, "\n"))
			}
			diags := doc["virt/kvm/kvm_main.c"]["nowaitunlockable"]
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Posn, want+":") {
				t.Errorf("finding %s; want nowaitunlockable at %s (the get_user_pages_unlocked call in hva_to_pfn_slow)", got[0], want)
			}
		})
	}
}

// seedLine finds the line of the get_user_pages_unlocked( call inside
// hva_to_pfn_slow in kvm_main.c.
func seedLine(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	def := regexp.MustCompile(`^[A-Za-z_].*\bhva_to_pfn_slow\(`)
	in := false
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case !in && def.MatchString(l) && !strings.HasSuffix(strings.TrimSpace(l), ";"):
			in = true
		case in && strings.HasPrefix(l, "}"):
			t.Fatalf("%s: no get_user_pages_unlocked( call inside hva_to_pfn_slow", path)
		case in && strings.Contains(l, "get_user_pages_unlocked("):
			return i + 1
		}
	}
	t.Fatalf("%s: no definition of hva_to_pfn_slow found", path)
	return 0
}

func TestSeedLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "kvm_main.c")
	src := "static int hva_to_pfn_slow(unsigned long addr);\n" +
		"long other(void)\n{\n\treturn get_user_pages_unlocked(a, 1, p, 0);\n}\n\n" +
		"static int hva_to_pfn_slow(unsigned long addr, bool *async,\n\t\t\t   bool write_fault)\n{\n" +
		"\tint npages;\n\n\tnpages = get_user_pages_unlocked(addr, 1, &page, flags);\n\treturn npages;\n}\n"
	os.WriteFile(p, []byte(src), 0o644)
	if got := seedLine(t, p); got != 12 {
		t.Errorf("seedLine = %d, want 12", got)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// Whole-tree output is the same bytes with one worker or two, and from a
// cold cache or a warm one.
func TestRealTreeDeterministic612(t *testing.T) {
	src, obj := os.Getenv("GUPVET_LINUX_6_12"), os.Getenv("GUPVET_LINUX_6_12_OBJ")
	if src == "" || obj == "" {
		t.Skip("skipped: set GUPVET_LINUX_6_12 and GUPVET_LINUX_6_12_OBJ to enable (bash .ci/run does it)")
	}
	if testing.Short() {
		t.Skip("skipped in -short mode: analyses a whole kernel tree three times")
	}
	withAnalyzers(t, all.Analyzers...)
	cold1, cold2 := t.TempDir(), t.TempDir()
	// -v says how each of the 180 files was read (mode, configuration,
	// what tolerant mode assumed and gave up): that must not vary either
	verbose := func(stderr string) string {
		var keep []string
		for _, l := range strings.Split(stderr, "\n") {
			if !strings.Contains(l, "GUPVET_CACHE_DIR") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	var outs, logs []string
	for _, run := range []struct{ name, jobs, cache string }{
		{"-j 1, cold", "1", cold1},
		{"-j 2, cold", "2", cold2},
		{"-j 2, warm", "2", cold1},
	} {
		t.Setenv("GUPVET_CACHE_DIR", run.cache)
		r := runCmd(t, "-C", src, "-O", obj, "-j", run.jobs, "-json", "-v")
		if r.code != exitFindings {
			t.Fatalf("%s: exit %d, want 1; stderr:\n%s", run.name, r.code, r.stderr)
		}
		outs, logs = append(outs, r.stdout), append(logs, verbose(r.stderr))
		if outs[0] != r.stdout {
			t.Errorf("%s: output differs from -j 1, cold:\n%s\nwant\n%s", run.name, r.stdout, outs[0])
		}
		if logs[0] != logs[len(logs)-1] {
			t.Errorf("%s: -v differs from -j 1, cold (%d and %d bytes)", run.name, len(logs[len(logs)-1]), len(logs[0]))
		}
	}
}
