/* kernel/bpf/helpers.c (6.12, lines 678-695): a BPF helper defined with
 * BPF_CALL_5(name, type, arg, ...) { body }, a macro of linux/filter.h;
 * blanked as an unknown file-scope macro, it left its body alone.
 * want: copy_from_user_task calls access_process_vm */
BPF_CALL_5(copy_from_user_task, void *, dst, u32, size,
	   const void __user *, user_ptr, struct task_struct *, tsk, u64, flags)
{
	int ret;

	if (flags)
		return -22;
	ret = access_process_vm(tsk, (unsigned long)user_ptr, dst, size, 0);
	return ret == size ? 0 : -14;
}

const struct bpf_func_proto copy_from_user_task_proto = {
	.func		= copy_from_user_task,
	.gpl_only	= true,
};
