/*
 * Harness test input with mismatches on purpose: the harness test checks
 * that each one is reported.
 */
int bad_call(int x, ...);

static void mismatches(void)
{
	bad_call(1);
	(void)0; // want "bad_call"
	bad_call(1, 2); // want "with 3 arguments"
	bad_call(4); bad_call(5); // want "with 1 argument"
}
