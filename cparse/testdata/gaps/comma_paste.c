/* GNU comma paste with no blank before ##: ",##__VA_ARGS__"
 * (include/linux/gfp.h default_gfp(), expanded by 7.x's kzalloc_objs()
 * family in include/linux/slab.h; arch/x86/include/asm/asm.h).
 * gcc keeps the comma and the variable arguments when there are some and
 * deletes the comma when there are none, whatever the blanks. cc/v4
 * v4.31.0 does so only for ", ##__VA_ARGS__"; for ",##__VA_ARGS__" with
 * arguments it glues the comma and the first argument token into one
 * token that still counts as a comma (spelled ",x"): default_gfp(2)
 * expands to nothing, and in another macro's arguments the glued token
 * splits them once more: "too many macro arguments".
 * Work-around: rewrite to ", ##__VA_ARGS__" (commapaste.go); gcc -E
 * gives the same output for both spellings. */
#define GFP_KERNEL 1
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | 2)
#define __default_gfp(a,b,...) b
#define default_gfp(...) __default_gfp(,##__VA_ARGS__,GFP_KERNEL)

void *_kzalloc_noprof(unsigned long size, unsigned flags, int token);
#define kzalloc_noprof(...) _kzalloc_noprof(__VA_ARGS__, 0)
#define kzalloc(size, flags) kzalloc_noprof(size, flags)
#define __alloc_objs(KMALLOC, GFP, TYPE, COUNT) \
	((TYPE *)KMALLOC(sizeof(TYPE) * (COUNT), GFP))
#define kzalloc_objs(P, COUNT, ...) \
	__alloc_objs(kzalloc, default_gfp(__VA_ARGS__), typeof(P), COUNT)

int *two(int n) { return kzalloc_objs(int, n, GFP_KERNEL_ACCOUNT); }
int *one(int n) { return kzalloc_objs(int, n); }

/* the values gcc gives; a blank after ## and a line splice too */
#define pick(...) __default_gfp(,## __VA_ARGS__, 9)
#define pick2(...) __default_gfp(,\
##__VA_ARGS__, 9)
int gfp_default[default_gfp() == 1 ? 1 : -1];
int gfp_given[default_gfp(GFP_KERNEL_ACCOUNT) == 3 ? 1 : -1];
int gfp_first[default_gfp(4, 5) == 4 ? 1 : -1];
int pick_given[pick(7) == 7 && pick2(7) == 7 ? 1 : -1];
int pick_default[pick() == 9 && pick2() == 9 ? 1 : -1];
