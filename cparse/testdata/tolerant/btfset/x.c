/* kernel/bpf/helpers.c (6.1, its end): BTF_SET8_START(x) ... BTF_SET8_END(x)
 * before a declaration, none ending in ';'. Only the first was blanked; the
 * second read as a K&R function declarator that swallowed the rest of the
 * file: "unexpected <EOF>, expected '{'" with no position, and the whole
 * file was not analysed.
 * want: copy_task calls access_process_vm */
long copy_task(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	return access_process_vm(tsk, addr, buf, len, FOLL_FORCE);
}

BTF_SET8_START(tracing_btf_ids)
#ifdef CONFIG_KEXEC_CORE
BTF_ID_FLAGS(func, crash_kexec, KF_DESTRUCTIVE)
#endif
BTF_SET8_END(tracing_btf_ids)

static const struct btf_kfunc_id_set tracing_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &tracing_btf_ids,
};

static int __init kfunc_init(void)
{
	return register_btf_kfunc_id_set(26, &tracing_kfunc_set);
}

late_initcall(kfunc_init);
