package cparse

import "reflect"
import "testing"

// Each option in both spellings (joined and as two arguments), relative
// paths resolved against the directory, -U kept in order with -D, an
// option without its value at the end dropped, others ignored.
func TestParseCCFlags(t *testing.T) {
	args := []string{"gcc", "-Iinclude", "-I", "/abs/arch", "-isystem", "sys", "-iquote./q", "-include", "kconfig.h",
		"-DA=1", "-D", "B", "-UC", "-O2", "-Wall", "-includeforced.h", "-I"}
	got := parseCCFlags(args, "/k")
	want := ccFlags{
		Quote:   []string{"/k/q"},
		Include: []string{"/k/include", "/abs/arch"},
		System:  []string{"/k/sys"},
		Defs:    []string{"A=1", "B", "-C"},
		Forced:  []string{"/k/kconfig.h", "/k/forced.h"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseCCFlags:\n got %+v\nwant %+v", got, want)
	}
}
