/* "const auto" where 7.x's include/linux/compiler_types.h defines auto as
 * __auto_type (fs/proc/base.c, fs/proc/inode.c,
 * arch/x86/include/asm/string_64.h): the qualifier-before-__auto_type gap
 * of const_auto_type.c, reached through a macro, so a rewrite of the
 * text "const __auto_type" does not see it: "unexpected '__auto_type',
 * expected direct declarator".
 * Work-around: blank the const before auto too (rewrite.go). */
#define auto __auto_type

int *find(int n);

int first(int n)
{
	while (1) {
		n += 1;
		const auto p = find(n);
		if (p)
			return *p;
	}
}
