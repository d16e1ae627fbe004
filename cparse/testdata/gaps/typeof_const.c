/* typeof(const T): cc/v4 picks typeof(type) or typeof(expr) from the first
 * token and knows no qualifier there: "unexpected 'typeof', expected type
 * specifier". The kernel writes it through a macro argument
 * (asm/current.h: DECLARE_PER_CPU_ALIGNED(const struct pcpu_hot ..., ...)).
 * Work-around: "const struct s" -> "struct s const" after "NAME(" (rewrite.go). */
#define DECLARE(type, name) extern __typeof__(type) name

struct s { int a; };
DECLARE(const struct s, x);
DECLARE( const int, y);
