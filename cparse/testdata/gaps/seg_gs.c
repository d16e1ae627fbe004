/* gcc's named address spaces (arch/x86/include/asm/percpu.h with
 * CONFIG_USE_X86_SEG_SUPPORT): cc/v4 does not know __seg_gs/__seg_fs,
 * "unexpected identifier". Work-around: define them empty (precise.go). */
#ifdef __SEG_GS
#define __percpu_seg_override __seg_gs
#endif

extern int __percpu_seg_override cpu_number;
int f(void) { return *(int __seg_fs *)8; }
