/*
 * Harness test input: the fuzz corpus is not a layer. Were this file
 * analysed, its want would not be met and the test would fail.
 */
int bad_call(int x, ...);

static void not_a_layer(void)
{
	(void)0; // want "never reported"
}
