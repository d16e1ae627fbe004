package main

import "os"
import "path/filepath"
import "strings"
import "testing"

import "gupvet/rules/all"

// Every option a rule documents is a flag of the command line, -NAME.FLAG,
// shown by -h and, under its rule, by -list.
func TestRuleFlagsListed(t *testing.T) {
	rfs := ruleFlags(all.Analyzers)
	if len(rfs) == 0 {
		t.Fatal("no rule flags: -nowaitunlockable.pre63 at least is documented")
	}
	help, list := runCmd(t, "-h"), runCmd(t, "-list")
	for _, rf := range rfs {
		if !strings.Contains(help.stdout, "-"+rf.name+"\n") {
			t.Errorf("-h does not list -%s", rf.name)
		}
		rule, _, _ := strings.Cut(rf.name, ".")
		i := strings.Index("\n"+list.stdout, "\n"+rule+": ")
		j := strings.Index("\n"+list.stdout, "-"+rf.name+"\n")
		if i < 0 || j < i {
			t.Errorf("-list does not list -%s under %s", rf.name, rule)
		}
		// a value of the flag's own kind parses
		if r := runCmd(t, "-"+rf.name+"="+rf.f.DefValue, "-list"); r.code != exitClean {
			t.Errorf("-%s=%s: exit %d: %s", rf.name, rf.f.DefValue, r.code, r.stderr)
		}
	}
	if r := runCmd(t, "-nowaitunlockable.pre63=maybe", "-list"); r.code != exitTrouble || !strings.Contains(r.stderr, "nowaitunlockable.pre63") {
		t.Errorf("a bad value: exit %d, stderr %q; want 2 naming the flag", r.code, r.stderr)
	}
}

// -nowaitunlockable.pre63 changes the verdict on a 6.1-shaped tree, and
// only for the run that sets it.
func TestRuleFlagPre63(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	tree := t.TempDir()
	for _, from := range []string{"../../testdata/v61", "../../rules/nowaitunlockable/testdata/v61"} {
		copyDir(t, from, tree)
	}
	file := "virt/kvm/kvm_old.c"
	if r := runCmd(t, "-C", tree, "-enable", "nowaitunlockable", file); r.code != exitClean {
		t.Fatalf("without the flag: exit %d, want 0; stdout:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runCmd(t, "-C", tree, "-enable", "nowaitunlockable", "-nowaitunlockable.pre63", file)
	if r.code != exitFindings || !strings.Contains(r.stdout, file+":19:") {
		t.Fatalf("with -nowaitunlockable.pre63: exit %d, want 1 and a finding at %s:19; stdout:\n%s%s", r.code, file, r.stdout, r.stderr)
	}
	if r := runCmd(t, "-C", tree, "-enable", "nowaitunlockable", file); r.code != exitClean {
		t.Fatalf("the flag carried over to the next run: exit %d; stdout:\n%s", r.code, r.stdout)
	}
}

// copyDir copies the files under from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
