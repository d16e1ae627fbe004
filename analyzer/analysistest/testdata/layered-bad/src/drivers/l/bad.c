/*
 * Harness test input with mismatches on purpose: a layer whose wants are
 * not met, each of which RunLayer must report.
 */
int bad_call(int x, ...);

static void layer_mismatch(void)
{
	bad_call(1); // want "with 2 arguments"
	(void)0; // want "bad_call"
}
