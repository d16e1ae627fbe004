package vmaremotenowait_test

import "strings"
import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/vmaremotenowait"

const demo = "../../testdata/demo"

// The layer of testdata: src, over the demo tree (6.12). testdata/v66, a
// Makefile only, is stacked on it by TestV66Silent.
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, vmaremotenowait.Analyzer)
}

// Before 6.7 the helper accepted FOLL_NOWAIT: no finding.
func TestV66Silent(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src", "testdata/v66")
	res := analysistest.Collect(t, tree, 0, vmaremotenowait.Analyzer, "drivers/vr/vr.c", "mm/vr_memory.c")
	for _, f := range res.Findings {
		t.Errorf("6.6: unexpected %s: %s", f.Posn, f.Diag.Message)
	}
}

// The wrapper chain is given as related information: where FOLL_NOWAIT is
// set, access_process_vm's call of __access_remote_vm, and its call of
// get_user_page_vma_remote.
func TestRelatedChain(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	res := analysistest.Collect(t, tree, 0, vmaremotenowait.Analyzer, "drivers/vr/vr.c", "mm/vr_memory.c")
	// access_process_vm's call
	j := strings.Join(analysistest.RelatedAt(t, res, "drivers/vr/vr.c:21"), "\n")
	for _, want := range []string{
		"drivers/vr/vr.c:21: FOLL_NOWAIT is set here",
		"mm/vr_memory.c:37: access_process_vm calls __access_remote_vm here",
		"mm/vr_memory.c:17: __access_remote_vm calls get_user_page_vma_remote here",
	} {
		if !strings.Contains(j, want) {
			t.Errorf("related:\n%s\nwant %q", j, want)
		}
	}
}
