/* mm/hugetlb.c (6.1, lines 5541-5729): an annotation macro after the
 * declarator, "struct mutex *table ____cacheline_aligned_in_smp;", was
 * guessed a typedef of the name before it, which then broke every use of
 * that name.
 * want: hugetlb_follow calls get_user_pages_remote */
struct mutex *hugetlb_fault_mutex_table ____cacheline_aligned_in_smp;
static int hugetlb_max_hstate __read_mostly;

long hugetlb_follow(struct mm_struct *mm, unsigned long addr, unsigned int hash)
{
	int locked = 1;

	mutex_lock(&hugetlb_fault_mutex_table[hash]);
	mutex_unlock(&hugetlb_fault_mutex_table[hash]);
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, &locked) + hugetlb_max_hstate;
}
