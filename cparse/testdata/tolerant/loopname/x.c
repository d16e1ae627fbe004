/* kernel/events/uprobes.c (6.12, lines 1081-1277): a function named like
 * an iterator, its name first on its line, was read as the for_each loop
 * macro tolerant mode defines for list_for_each_entry(...) and the like;
 * its definition and every call of it were given up.
 * want: register_for_each_vma calls get_user_pages_remote
 * want: uprobe_register calls register_for_each_vma (inside a real
 * list_for_each_entry loop) */
static int
register_for_each_vma(struct mm_struct *mm, unsigned long vaddr)
{
	int locked = 1;

	return get_user_pages_remote(mm, vaddr, 1, FOLL_FORCE, NULL, &locked);
}

int uprobe_register(struct mm_struct *mm, struct list_head *head)
{
	struct uprobe *u;
	int err = 0;

	list_for_each_entry(u, head, list) {
		err = register_for_each_vma(mm, u->vaddr);
		if (err)
			break;
	}
	return err;
}
