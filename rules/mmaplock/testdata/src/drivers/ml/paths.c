/*
 * mmaplock fixtures: the lock on the function's own paths. None of these
 * functions has a known caller, so only what their own code does to the
 * lock can be reported.
 */
#include <linux/mm.h>

struct ml_buf {
	unsigned long addr;
	struct page **pages;
	int nr;
	struct mm_struct *mm;
};

/*
 * 5.10's atomisp alloc_user_pages(): the lock is taken for find_vma() only,
 * then dropped before the call that needs it.
 */
static int ml_atomisp(struct ml_buf *b)
{
	struct vm_area_struct *vma;

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, b->addr);
	mmap_read_unlock(current->mm);
	if (!vma)
		return -EFAULT;
	if (vma->vm_flags & (VM_IO | VM_PFNMAP))
		return pin_user_pages(b->addr, b->nr, FOLL_LONGTERM | FOLL_WRITE, b->pages); // want `^pin_user_pages needs mmap_lock held: its __get_user_pages_locked asserts it \(mmap_assert_locked\(mm\), mm/gup.c:\d+\); but mmap_read_unlock releases it at line 25 on this path$`
	return get_user_pages_fast(b->addr, b->nr, FOLL_WRITE, b->pages);
}

/* Its twin with the lock held around the call. */
static int ml_atomisp_fixed(struct ml_buf *b)
{
	struct vm_area_struct *vma;
	int n = 0;

	mmap_read_lock(current->mm);
	vma = find_vma(current->mm, b->addr);
	if (vma && (vma->vm_flags & (VM_IO | VM_PFNMAP)))
		n = pin_user_pages(b->addr, b->nr, FOLL_LONGTERM | FOLL_WRITE, b->pages);
	mmap_read_unlock(current->mm);
	if (!vma)
		return -EFAULT;
	return n;
}

/* A killable lock whose failure is ignored: the path goes on unlocked. */
static long ml_killable_ignored(struct ml_buf *b)
{
	int err = mmap_read_lock_killable(b->mm);
	long rc;

	rc = get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL); // want `mmap_read_lock_killable at line 52 can fail without taking it, and this path goes on$`
	if (!err)
		mmap_read_unlock(b->mm);
	return rc;
}

/* The same with the result tested: fine. */
static long ml_killable_tested(struct ml_buf *b)
{
	int err = mmap_read_lock_killable(b->mm);
	long rc;

	if (err)
		return err;
	rc = get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL);
	mmap_read_unlock(b->mm);
	return rc;
}

/* A trylock: held on the fall-through path. */
static long ml_trylock(struct ml_buf *b)
{
	long rc;

	if (!mmap_read_trylock(b->mm))
		return -EAGAIN;
	rc = get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL);
	mmap_read_unlock(b->mm);
	return rc;
}

/* A write lock counts, and so does a downgraded one. */
static long ml_write_downgrade(struct ml_buf *b)
{
	long rc;

	mmap_write_lock(b->mm);
	mmap_write_downgrade(b->mm);
	rc = get_user_pages_remote(b->mm, b->addr, 1, FOLL_WRITE, b->pages, NULL);
	mmap_read_unlock(b->mm);
	return rc;
}

/* The callers' contract, asserted: held. */
static long ml_asserted(struct ml_buf *b)
{
	mmap_assert_locked(b->mm);
	return get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL);
}

/* A lock taken and released in a loop, the call after it: released. */
static long ml_loop_then_call(struct ml_buf *b)
{
	int i;

	for (i = 0; i < b->nr; i++) {
		mmap_read_lock(b->mm);
		b->pages[i] = NULL;
		mmap_read_unlock(b->mm);
	}
	return get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL); // want `mmap_read_unlock releases it at line 113 on this path`
}

/*
 * Goto cleanups: every error path jumps past the call to the unlock
 * (vhost-vdpa's shape).
 */
static long ml_goto(struct ml_buf *b, unsigned long limit)
{
	long rc = 0;

	mmap_read_lock(b->mm);
	if (b->nr > limit) {
		rc = -ENOMEM;
		goto unlock;
	}
	while (b->nr) {
		rc = pin_user_pages(b->addr, 1, FOLL_WRITE, b->pages);
		if (rc < 0)
			goto unlock;
		b->nr--;
	}
unlock:
	mmap_read_unlock(b->mm);
	return rc;
}

/* The lock under a condition a later test repeats (gup_test's !fast). */
static long ml_correlated(struct ml_buf *b, bool fast)
{
	long rc;

	if (!fast && mmap_read_lock_killable(current->mm))
		return -EINTR;
	if (fast)
		rc = pin_user_pages_fast(b->addr, b->nr, FOLL_WRITE, b->pages);
	else
		rc = pin_user_pages(b->addr, b->nr, FOLL_WRITE, b->pages);
	if (!fast)
		mmap_read_unlock(current->mm);
	return rc;
}

/*
 * gup_test's shape: the lock under a condition computed from cmd, the call
 * under a switch on cmd. The analysis cannot tell the paths apart, so it
 * says nothing (doc.go).
 */
static long ml_switch_correlated(unsigned int cmd, struct ml_buf *b)
{
	bool needs_lock = ml_cmd_needs_lock(cmd);
	long rc = 0;

	if (needs_lock && mmap_read_lock_killable(current->mm))
		return -EINTR;
	switch (cmd) {
	case 1:
		rc = get_user_pages_fast(b->addr, b->nr, 0, b->pages);
		break;
	case 2:
		rc = get_user_pages(b->addr, b->nr, 0, b->pages);
		break;
	}
	if (needs_lock)
		mmap_read_unlock(current->mm);
	return rc;
}

/* The same with the lock never taken (f3964599c22f reverted): reported. */
static long ml_switch_nolock(unsigned int cmd, struct ml_buf *b)
{
	bool needs_lock = false;
	long rc = 0;

	if (needs_lock && mmap_read_lock_killable(current->mm))
		return -EINTR;
	switch (cmd) {
	case 1:
		rc = get_user_pages_fast(b->addr, b->nr, 0, b->pages);
		break;
	case 2:
		rc = get_user_pages(b->addr, b->nr, 0, b->pages); // want `nothing on the path takes it: sys_ml_bench is a system call, entered without mmap_lock held, calls ml_switch_nolock \(line \d+\)$`
		break;
	}
	if (needs_lock)
		mmap_read_unlock(current->mm);
	return rc;
}

SYSCALL_DEFINE2(ml_bench, unsigned int, cmd, struct ml_buf *, b)
{
	return ml_switch_nolock(cmd, b);
}

/* A helper that returns with the lock held only on success (grufault's gru_find_lock_gts). */
static struct ml_buf *ml_find_lock(struct ml_buf *b)
{
	if (!b->mm)
		return NULL;
	mmap_read_lock(b->mm);
	return b;
}

static long ml_helper_lock(struct ml_buf *b)
{
	struct ml_buf *l = ml_find_lock(b);
	long rc;

	if (!l)
		return -EINVAL;
	rc = get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL);
	mmap_read_unlock(b->mm);
	return rc;
}

/* A helper that drops the lock: the call after it is unlocked. */
static void ml_drop(struct ml_buf *b)
{
	mmap_read_unlock(b->mm);
}

static long ml_helper_drop(struct ml_buf *b)
{
	mmap_read_lock(b->mm);
	ml_drop(b);
	return get_user_pages_remote(b->mm, b->addr, 1, 0, b->pages, NULL); // want `mmap_read_unlock releases it at line \d+ in ml_drop on this path`
}

/*
 * mm/gup_test.c's __gup_test_ioctl: the lock taken unless cmd is one of
 * the fast commands, the calls under a switch on cmd whose labels are
 * macros the analysis cannot evaluate (_IOWR() has a sizeof). The paths
 * that skipped the lock know cmd equals one fast command's label, and
 * enter only its case. (ML_SIZE names an extern, as the objtree's
 * _IOC_TYPECHECK does.)
 */
extern unsigned int __ml_invalid_size;
#define ML_SIZE(t) (sizeof(t) < 256 ? sizeof(t) : __ml_invalid_size)
#define ML_IOC(n) (((n) << 8) | ML_SIZE(struct ml_buf))
#define ML_FAST ML_IOC(1)
#define ML_BASIC ML_IOC(2)
#define ML_PIN_FAST ML_IOC(3)
#define ML_PIN ML_IOC(4)

static long ml_gup_test(unsigned int cmd, struct ml_buf *b)
{
	bool needs_lock = cmd != ML_FAST && cmd != ML_PIN_FAST;
	long rc = 0;

	if (needs_lock && mmap_read_lock_killable(current->mm))
		return -EINTR;
	switch (cmd) {
	case ML_FAST:
		rc = get_user_pages_fast(b->addr, b->nr, 0, b->pages);
		break;
	case ML_BASIC:
		rc = get_user_pages(b->addr, b->nr, 0, b->pages);
		break;
	case ML_PIN_FAST:
		rc = pin_user_pages_fast(b->addr, b->nr, 0, b->pages);
		break;
	case ML_PIN:
		rc = pin_user_pages(b->addr, b->nr, 0, b->pages);
		break;
	default:
		rc = -EINVAL;
		goto unlock;
	}
unlock:
	if (needs_lock)
		mmap_read_unlock(current->mm);
	return rc;
}

/* Its twin with the lock condition false (f3964599c22f's bug): reported. */
static long ml_gup_test_nolock(unsigned int cmd, struct ml_buf *b)
{
	bool needs_lock = false;
	long rc = 0;

	if (needs_lock && mmap_read_lock_killable(current->mm))
		return -EINTR;
	switch (cmd) {
	case ML_FAST:
		rc = get_user_pages_fast(b->addr, b->nr, 0, b->pages);
		break;
	case ML_BASIC:
		rc = get_user_pages(b->addr, b->nr, 0, b->pages); // want `nothing on the path takes it: sys_ml_gup_test is a system call`
		break;
	case ML_PIN:
		rc = pin_user_pages(b->addr, b->nr, 0, b->pages); // want `nothing on the path takes it: sys_ml_gup_test is a system call`
		break;
	default:
		rc = -EINVAL;
		goto unlock;
	}
unlock:
	if (needs_lock)
		mmap_read_unlock(current->mm);
	return rc;
}

SYSCALL_DEFINE3(ml_gup_test, unsigned int, cmd, struct ml_buf *, b, int, nolock)
{
	if (nolock)
		return ml_gup_test_nolock(cmd, b);
	return ml_gup_test(cmd, b);
}
