// Package vmaremotenowait defines an Analyzer that reports FOLL_NOWAIT
// reaching get_user_page_vma_remote().
//
// # Analyzer vmaremotenowait
//
// vmaremotenowait: report FOLL_NOWAIT passed to get_user_page_vma_remote (directly or through access_process_vm and friends)
//
// get_user_page_vma_remote() (include/linux/mm.h, 6.5) returns one page
// of another mm and its VMA. With FOLL_NOWAIT, GUP may return no page
// and no error (the fault was started, not waited for), which the helper
// cannot express. Since 6.7 ("mm/gup: adapt get_user_page_vma_remote() to
// never return NULL") it refuses the flag:
//
//	if (WARN_ON_ONCE(unlikely(gup_flags & FOLL_NOWAIT)))
//		return ERR_PTR(-EINVAL);
//
// The flags reach it through wrappers: access_process_vm(),
// access_remote_vm() and ptrace_access_vm() pass theirs to
// __access_remote_vm(), which calls it for each page; arm64's
// access_remote_tags() too. The finding is reported at the call in the
// function that writes FOLL_NOWAIT, with the chain as related
// information. Trees before 6.7 are not checked (6.5/6.6 went on to
// get_user_pages_remote with a NULL locked, where FOLL_NOWAIT is legal).
//
// Example:
//
//	access_process_vm(tsk, addr, buf, len, FOLL_FORCE | FOLL_NOWAIT);
//
// Silence a report with /* gupvet:ignore vmaremotenowait reason */ on the
// line or the line before.
package vmaremotenowait
