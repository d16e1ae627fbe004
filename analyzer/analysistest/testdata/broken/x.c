/* Harness test input: a file tolerant mode cannot fully read. */
int bad_call(int x, ...);

static void fine(void)
{
	bad_call(1); // want "bad_call"
}

static int broken(int a {
	return a +* ;
}
