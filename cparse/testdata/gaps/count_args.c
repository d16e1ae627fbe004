/* The silent form of the named-variadic gap (include/linux/args.h
 * COUNT_ARGS): with an empty X, cc/v4 keeps the comma of ", ##X", so
 * COUNT_ARGS() is 1, not 0; nothing fails until a value is checked
 * (here an array size: "invalid array size").
 * Work-around: rewrite to "..." and "__VA_ARGS__" (rewrite.go). */
#define __COUNT_ARGS(_0, _1, _2, _3, _n, X...) _n
#define COUNT_ARGS(X...) __COUNT_ARGS(, ##X, 3, 2, 1, 0)

int count0[COUNT_ARGS() == 0 ? 1 : -1];
int count2[COUNT_ARGS(a, b) == 2 ? 1 : -1];
