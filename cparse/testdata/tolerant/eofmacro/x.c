/* A lowercase macro of a global header at file scope reads as a K&R
 * function declarator and swallows the declarations after it. Alone on
 * its line it is blanked; followed by an annotation, it is not, and cc/v4
 * says only "unexpected <EOF>", with no position: the first declaration
 * after which the file fails that way is given up.
 * want: early calls get_user_pages_fast
 * want: late calls pin_user_pages_fast
 * lost: x.c 15-16 */
long early(unsigned long a, struct page **p) { return get_user_pages_fast(a, 1, 0, p); }

declare_tracepoint_probe(sched_switch)

long late(unsigned long a, struct page **p) { return pin_user_pages_fast(a, 1, FOLL_LONGTERM, p); }

declare_probe_ops(sched_wakeup) __cold
static int probe_count = 1;

static const struct probe_ops ops = {
	.count = 1,
};
