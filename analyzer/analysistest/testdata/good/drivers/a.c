/*
 * Harness test input: every diagnostic here is wanted and every want is
 * met, so a run over this file must report nothing.
 */
#include <linux/kernel.h>

int bad_call(int x, ...);
int fine_call(int x);
void log_text(const char *s);

static void one(void)
{
	bad_call(1); // want "bad_call with 1 argument"
	fine_call(2);
}

static void block_form(void)
{
	bad_call(1, 2); /* want `bad_call with 2 arguments` */
}

static void two_on_a_line(void)
{
	bad_call(1); bad_call(1, 2, 3); // want "with 1 argument$" "with 3 arguments"
}

static int nested(int c)
{
	int i, v = 0;

	fine_call(c ? bad_call(7) : 0); // want "bad_call with 1 argument"
	for (i = 0; i < c; i++) {
		if (i & 1)
			v += bad_call(i, c); // want "bad_call with 2 arguments"
	}
	switch (c) {
	case 3:
		return bad_call(3) /* want "with 1 argument" */;
	default:
		break;
	}
	/* a want marker inside a string literal is not a comment */
	log_text("// want \"nothing\"");
	return v;
}

/* A comment saying we want nothing is prose, not an expectation. */
static void wanted(void)
{
	fine_call(bad_call(9, 9)); /* this one is reported: // want "2 arguments" */
}
