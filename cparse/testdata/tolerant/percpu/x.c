/* kernel/bpf/helpers.c (6.12, line 773): DEFINE_PER_CPU of an array type.
 * want: copy_str calls access_process_vm */
struct bpf_bprintf_buffers { char buf[512]; };

static DEFINE_PER_CPU(struct bpf_bprintf_buffers[3], bpf_bprintf_bufs);
static DEFINE_PER_CPU(int, bpf_bprintf_nest_level);

long copy_str(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	return access_process_vm(tsk, addr, buf, len, 0);
}
