/* A for loop's first clause declaring with __auto_type, or with auto,
 * which 7.x's include/linux/compiler_types.h defines as __auto_type
 * (include/linux/uaccess.h __scoped_user_access(), behind
 * scoped_user_read_access() and get_user_inline(): kernel/futex/core.c).
 * cc/v4 v4.31.0 reads __auto_type only at the start of a block item or
 * of a file declaration; in a for clause it parses an expression:
 * "unexpected '__auto_type', expected ';'".
 * Work-around: "for (__typeof__(((void)0, (INIT))) x = INIT; ..."
 * (autotype.go): the comma expression's type is INIT's after lvalue
 * conversion, as for __auto_type (gcc; cc/v4 does not decay an array
 * there, which no kernel initializer of this shape is). */
#define auto __auto_type

void end(int *const *p);
int *begin(int *p);

#define scoped(uptr)							\
	for (_Bool done = 0; !done; done = 1)				\
		for (auto _tmpptr = begin(uptr);			\
		     !done; done = 1)					\
			for (const auto uptr				\
			     __attribute__((cleanup(end))) = _tmpptr;	\
			     !done; done = 1)

int get(int *p)
{
	int v = 0;

	scoped(p)
		v = *p;
	return v;
}

int sum(void)
{
	int arr[3] = { 1, 2, 3 }, n = 0;

	/* the types are the initializers': no promotion of the char */
	for (__auto_type q = &arr[0]; q < arr + 3; q++)
		n += *q + (int)sizeof(char[sizeof(q) == sizeof(int *) ? 1 : -1]);
	for (auto c = (char)n; c < 0; c++)
		n += (int)sizeof(char[sizeof(c) == 1 ? 1 : -1]);
	for (const auto r = (long)/* a comment */
	     n; r < 0;)
		n++;
	return n;
}
