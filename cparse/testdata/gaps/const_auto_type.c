/* A qualifier before __auto_type (arch/x86/include/asm/string_64.h):
 * "unexpected '__auto_type', expected direct declarator".
 * Work-around: blank the const (rewrite.go). */
static inline void *f(void *s)
{
	const __auto_type s0 = s;
	return s0;
}
