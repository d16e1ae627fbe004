/* GNU named variadic parameter (args...) pasted with ", ## args".
 * gcc deletes the comma when args is empty; cc/v4 v4.31.0 keeps it, so
 * call(g) becomes g(0, ): "unexpected ')', expected unary expression"
 * (arch/x86/include/asm/rmwcc.h, bitops.h in a real TU).
 * Work-around: rewrite to "..." and "__VA_ARGS__" (rewrite.go). */
#define call(f, args...) f(0, ##args)

int g(int a, ...);
int none(void) { return call(g); }
int two(void) { return call(g, 1, 2); }
