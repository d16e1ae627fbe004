/* __has_builtin(__builtin_has_attribute) (include/linux/compiler_types.h,
 * __annotated/nonstring checks): cc/v4 answers 1 for every __builtin_ name
 * but cannot type-check the call, whose second operand is an attribute:
 * cc.Translate fails with "undefined: __nonstring__".
 * Work-around: a HasBuiltin answering false for it (precise.go); also for
 * __builtin_dynamic_object_size and __builtin_alloca_uninitialized, as the
 * notes advise (no failing reproducer found for those two with v4.31.0). */
#if __has_builtin(__builtin_has_attribute)
#define __annotated(var, attr) __builtin_has_attribute(var, attr)
#else
#define __annotated(var, attr) (0)
#endif

struct s { char name[8]; } v;
int f(void) { return __annotated(v.name, __nonstring__); }
