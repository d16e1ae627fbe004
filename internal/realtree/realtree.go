// Package realtree gives tests the real kernel trees bash .ci/run
// extracts, and skips, saying which variable enables it, a test whose tree
// is not given. The trees are named by the suffix of their variables:
//
//	"6.12"  GUPVET_LINUX_6_12 (linux-source-6.12), GUPVET_LINUX_6_12_OBJ (its linux-headers-*-amd64)
//	"7"     GUPVET_LINUX_7 (trixie-backports' 7.3), GUPVET_LINUX_7_OBJ
//	"7_SID" GUPVET_LINUX_7_SID (sid's 7.2)
//	"6.1"   GUPVET_LINUX_6_1
//	"5.10"  GUPVET_LINUX_5_10 (bullseye's)
package realtree

import "os"
import "strings"
import "testing"

// Env is the variable that names the tree of version.
func Env(version string) string { return "GUPVET_LINUX_" + strings.ReplaceAll(version, ".", "_") }

// Source returns the source tree of version and its object tree ("" when
// none is given), or skips tb saying what to set.
func Source(tb testing.TB, version string) (src, obj string) {
	tb.Helper()
	v := Env(version)
	src = os.Getenv(v)
	if src == "" {
		tb.Skipf("skipped: set %s to an unpacked linux-source tree (%s_OBJ to its configured object tree, where the test uses one) to enable; bash .ci/run does", v, v)
	}
	return src, os.Getenv(v + "_OBJ")
}

// Whole is Source for a test that reads or changes a whole tree: it skips
// in -short mode too.
func Whole(tb testing.TB, version string) (src, obj string) {
	tb.Helper()
	src, obj = Source(tb, version)
	skipShort(tb, version)
	return src, obj
}

func skipShort(tb testing.TB, version string) {
	tb.Helper()
	if testing.Short() {
		tb.Skipf("skipped in -short mode: reads the whole %s tree", version)
	}
}

// SourceObj is Source for a test that needs the object tree too.
func SourceObj(tb testing.TB, version string) (src, obj string) {
	tb.Helper()
	src, obj = Source(tb, version)
	if obj == "" {
		tb.Skipf("skipped: set %s_OBJ to the configured object tree of %s to enable; bash .ci/run does", Env(version), src)
	}
	return src, obj
}

// Configured is Whole for a test that needs the object tree too.
func Configured(tb testing.TB, version string) (src, obj string) {
	tb.Helper()
	src, obj = SourceObj(tb, version)
	skipShort(tb, version)
	return src, obj
}

// Lookup returns the trees of version as the variables give them, ""
// for one not given, for a test that decides itself what to skip.
func Lookup(version string) (src, obj string) {
	return os.Getenv(Env(version)), os.Getenv(Env(version) + "_OBJ")
}
