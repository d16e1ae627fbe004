/* nulllocked across files: the helper is in mm/nl_populate.c. */

struct mm_struct;
long nl_helper(struct mm_struct *mm, unsigned long start, unsigned long end, int *locked);

long nl_other_file(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return nl_helper(mm, start, end, NULL); // want `locked is NULL here, but nl_helper requires a non-NULL locked: it passes it to __get_user_pages_locked`
}

long nl_other_file_good(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int locked = 1;

	return nl_helper(mm, start, end, &locked);
}
