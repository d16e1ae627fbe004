/* cc/v4 ignores __attribute__((__packed__)) on an enum, so the kernel's
 * size checks fail (include/linux/rw_hint.h: static_assert(sizeof(enum
 * rw_hint) == 1)): "assertion failed". Work-around: IgnoreStaticAssert. */
enum rw_hint { WRITE_LIFE_NOT_SET, WRITE_LIFE_NONE } __attribute__((__packed__));
_Static_assert(sizeof(enum rw_hint) == 1, "packed enum");
