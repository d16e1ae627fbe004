/* typeof(type-name) as a declaration specifier: parses, but cc/v4's type
 * checker fails the declaration ("TODO *cc.DeclarationSpecifiers
 * missed/failed type check: [TypeSpecifierTypeofType]"), so cc.Translate
 * fails on every TU with a per-cpu variable (include/linux/percpu-defs.h).
 * Work-around: typeof(T) -> typeof(*(typeof(T) *)0) there (rewrite.go). */
#define __PCPU_ATTRS(sec) __attribute__((section(".data..percpu" sec)))
#define DECLARE_PER_CPU_SECTION(type, name, sec) \
	extern __PCPU_ATTRS(sec) __typeof__(type) name
#define DEFINE_PER_CPU_SECTION(type, name, sec) \
	__PCPU_ATTRS(sec) __typeof__(type) name

struct s { int a; };
DECLARE_PER_CPU_SECTION(struct s, pcpu, "");
DEFINE_PER_CPU_SECTION(unsigned long, counter, "");
extern typeof(int) plain[4];

int f(void) { return pcpu.a + (int)counter + plain[1]; }
