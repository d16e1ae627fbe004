/* gupvet tolerant-mode prelude: kernel idioms a file uses without the
 * headers that define them. Guesses, not facts: -v says tolerant mode was
 * used. Keep it small; every line here is a type or macro the kernel
 * defines in a header tolerant mode does not read. */
#define __KERNEL__ 1
#define NULL ((void *)0)
#define true 1
#define false 0
typedef _Bool bool;
typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32; typedef unsigned long long u64;
typedef signed char s8; typedef short s16; typedef int s32; typedef long long s64;
typedef unsigned char __u8; typedef unsigned short __u16; typedef unsigned int __u32; typedef unsigned long long __u64;
typedef signed char __s8; typedef short __s16; typedef int __s32; typedef long long __s64;
typedef unsigned short __le16; typedef unsigned int __le32; typedef unsigned long long __le64;
typedef unsigned short __be16; typedef unsigned int __be32; typedef unsigned long long __be64;
typedef unsigned long size_t; typedef long ssize_t; typedef long ptrdiff_t; typedef unsigned long uintptr_t;
typedef long long loff_t; typedef unsigned long pgoff_t; typedef unsigned int gfp_t; typedef unsigned int fmode_t;
typedef unsigned long long phys_addr_t; typedef unsigned long long dma_addr_t; typedef unsigned long long resource_size_t;
typedef unsigned int vm_fault_t; typedef unsigned long vm_flags_t; typedef int pid_t; typedef unsigned int uid_t; typedef unsigned int gid_t;
typedef unsigned int dev_t; typedef unsigned short umode_t; typedef long long ktime_t; typedef unsigned long long sector_t;
typedef unsigned char uint8_t; typedef unsigned short uint16_t; typedef unsigned int uint32_t; typedef unsigned long long uint64_t;
typedef signed char int8_t; typedef short int16_t; typedef int int32_t; typedef long long int64_t;
typedef struct { int counter; } atomic_t; typedef struct { long counter; } atomic64_t; typedef struct { long counter; } atomic_long_t;
typedef struct { int rlock; } spinlock_t; typedef struct { int lock; } raw_spinlock_t; typedef struct { int lock; } rwlock_t;
typedef struct { int refs; } refcount_t; typedef struct { unsigned long pte; } pte_t; typedef struct { unsigned long pmd; } pmd_t;
typedef struct { unsigned long pud; } pud_t; typedef struct { unsigned long p4d; } p4d_t; typedef struct { unsigned long pgd; } pgd_t;
typedef struct { unsigned long pgprot; } pgprot_t; typedef struct { unsigned long val; } swp_entry_t; typedef struct { int v; } kuid_t; typedef struct { int v; } kgid_t;
typedef unsigned long long kvm_pfn_t; typedef unsigned long long gfn_t; typedef unsigned long long gpa_t; typedef unsigned long gva_t; typedef unsigned long hva_t; typedef unsigned long long hpa_t; typedef unsigned long long hfn_t;
typedef unsigned long irq_hw_number_t; typedef int irqreturn_t; typedef unsigned int __poll_t; typedef unsigned int slab_flags_t; typedef unsigned int blk_opf_t; typedef unsigned char blk_status_t;
typedef struct { unsigned long bits[1]; } cpumask_t; typedef struct { unsigned long bits[1]; } nodemask_t; typedef unsigned long long u_int64_t; typedef unsigned int u_int32_t;
typedef __builtin_va_list va_list;
#define __user
#define __kernel
#define __iomem
#define __rcu
#define __percpu
#define __force
#define __bitwise
#define __init
#define __exit
#define __initdata
#define __ref
#define __read_mostly
#define __ro_after_init
#define __must_check
#define __always_inline inline
#define __maybe_unused
#define __always_unused
#define __used
#define __cold
#define __hot
#define __weak
#define __pure
#define __noreturn
#define __packed
#define __aligned(x)
#define __section(x)
#define __printf(a, b)
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)
#define __cacheline_aligned
#define __cacheline_aligned_in_smp
#define __counted_by(x)
#define __nocfi
#define __noinstr
#define noinstr
#define noinline
#define notrace
#define asmlinkage
#define fastcall
#define __visible
#define __latent_entropy
#define __randomize_layout
#define __no_sanitize_address
#define __lockdep_init
#define likely(x) (x)
#define unlikely(x) (x)
/* WARN_ON(), BUG_ON() and their kin stay calls: the analyses read them as
   assertions of their condition (cparse.Assertion) */
#define BUILD_BUG_ON(x)
#define BUILD_BUG_ON_MSG(x, m)
#define static_assert(e, ...) _Static_assert(e, "")
#define BUG() __builtin_trap()
#define READ_ONCE(x) (x)
#define WRITE_ONCE(x, v) ((x) = (v))
#define ACCESS_ONCE(x) (x)
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define EXPORT_SYMBOL_NS(x, ns)
#define EXPORT_SYMBOL_NS_GPL(x, ns)
#define EXPORT_SYMBOL_FOR_MODULES(x, m)
#define EXPORT_TRACEPOINT_SYMBOL(x)
#define EXPORT_TRACEPOINT_SYMBOL_GPL(x)
#define EXPORT_STATIC_CALL(x)
#define EXPORT_STATIC_CALL_GPL(x)
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define MODULE_VERSION(x)
#define MODULE_ALIAS(x)
#define MODULE_DEVICE_TABLE(t, x)
#define MODULE_FIRMWARE(x)
#define MODULE_IMPORT_NS(x)
#define MODULE_PARM_DESC(x, d)
#define module_param(n, t, p)
#define module_param_named(n, v, t, p)
#define module_param_cb(n, o, a, p)
#define module_init(x)
#define module_exit(x)
#define core_initcall(x)
#define postcore_initcall(x)
#define arch_initcall(x)
#define subsys_initcall(x)
#define fs_initcall(x)
#define device_initcall(x)
#define late_initcall(x)
#define early_initcall(x)
#define __initcall(x)
#define ALLOW_ERROR_INJECTION(f, t)
#define NOKPROBE_SYMBOL(x)
#define STACK_FRAME_NON_STANDARD(x)
#define __setup(s, f)
#define early_param(s, f)
#define DEFINE_MUTEX(x) int x
#define DEFINE_SPINLOCK(x) int x
#define DEFINE_RAW_SPINLOCK(x) int x
#define DEFINE_RWLOCK(x) int x
#define DEFINE_IDA(x) int x
#define DEFINE_IDR(x) int x
#define DEFINE_XARRAY(x) int x
#define DEFINE_STATIC_KEY_FALSE(x) int x
#define DEFINE_STATIC_KEY_TRUE(x) int x
#define DEFINE_PER_CPU(t, x) typeof(t) x
#define DECLARE_PER_CPU(t, x) extern typeof(t) x
#define DEFINE_STATIC_SRCU(x) int x
#define DEFINE_SRCU(x) int x
#define LIST_HEAD(x) struct list_head x
#define DECLARE_BITMAP(n, b) unsigned long n[1]
#define DECLARE_HASHTABLE(n, b) struct hlist_head n[1 << (b)]
#define DEFINE_HASHTABLE(n, b) struct hlist_head n[1 << (b)]
#define DECLARE_WAIT_QUEUE_HEAD(x) int x
#define DECLARE_COMPLETION_ONSTACK(x) int x
#define DECLARE_RWSEM(x) int x
#define DEFINE_SEMAPHORE(x, ...) int x
#define SYSCALL_DEFINE0(n) long sys_##n(void)
#define SYSCALL_DEFINE1(n, t1, a1) long sys_##n(t1 a1)
#define SYSCALL_DEFINE2(n, t1, a1, t2, a2) long sys_##n(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(n, t1, a1, t2, a2, t3, a3) long sys_##n(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(n, t1, a1, t2, a2, t3, a3, t4, a4) long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)
#define COMPAT_SYSCALL_DEFINE3(n, t1, a1, t2, a2, t3, a3) long compat_sys_##n(t1 a1, t2 a2, t3 a3)
#define COMPAT_SYSCALL_DEFINE4(n, t1, a1, t2, a2, t3, a3, t4, a4) long compat_sys_##n(t1 a1, t2 a2, t3 a3, t4 a4)
#define COMPAT_SYSCALL_DEFINE5(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) long compat_sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define COMPAT_SYSCALL_DEFINE6(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) long compat_sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)
#define container_of(p, t, m) ((t *)(p))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define offsetof(t, m) __builtin_offsetof(t, m)
#define sizeof_field(t, m) sizeof(((t *)0)->m)
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp(v, lo, hi) (v)
#define clamp_t(t, v, lo, hi) ((t)(v))
#define swap(a, b) do { } while (0)
#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
#define GENMASK(h, l) (((~0UL) >> (63 - (h))) & (~0UL << (l)))
#define IS_ERR_OR_NULL(x) (!(x) || IS_ERR(x))
#define __stringify(x) #x
#define fallthrough do {} while (0)
#define lockdep_assert_held(x) do {} while (0)
#define might_sleep() do {} while (0)
#define might_lock_read(x) do {} while (0)
#define __free(x)
#define __cleanup(x)
#define guard(t) __gupvet_guard
#define scoped_guard(t, ...) for (int __gupvet_sg = 0; !__gupvet_sg; __gupvet_sg = 1)
#define scoped_cond_guard(t, f, ...) for (int __gupvet_sg = 0; !__gupvet_sg; __gupvet_sg = 1)
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) (p)
#define rcu_access_pointer(p) (p)
#define typecheck(t, x) 1
#define __must_be_array(a) 0
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define SZ_1K 0x400
#define SZ_4K 0x1000
#define SZ_1M 0x100000
#define U32_MAX 0xffffffffU
#define ULONG_MAX (~0UL)
#define LONG_MAX ((long)(~0UL >> 1))
#define INT_MAX ((int)(~0U >> 1))
#define UINT_MAX (~0U)
#define EXPORT_PER_CPU_SYMBOL(x)
#define EXPORT_PER_CPU_SYMBOL_GPL(x)
#define DEFINE_STATIC_CALL(n, f) int n
#define DECLARE_STATIC_CALL(n, f) extern int n
#define static_call(n) n
#define TRACE_EVENT(...)
#define DEFINE_EVENT(...)
#define DECLARE_EVENT_CLASS(...)
#define __diag_push()
#define __diag_pop()
#define __diag_ignore(...)
#define __alias(x)
#define __alloc_size(...)
#define __realloc_size(...)
#define __assume_aligned(...)
#define __malloc
#define __attribute_const__
#define __nonstring
#define __flatten
#define __no_kcsan
#define __no_sanitize_memory
#define __init_or_module
#define __meminit
/* printk's level prefixes, pasted before format strings (printk(KERN_ERR "...")) */
#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KERN_SOH "c"
/* ioctl numbers (uapi asm-generic/ioctl.h): their size argument is a type,
 * which no function call can take (case GUP_FAST_BENCHMARK: in mm/gup_benchmark.c) */
#define _IOC_NONE 0U
#define _IOC_WRITE 1U
#define _IOC_READ 2U
#define _IOC(dir, type, nr, size) (((dir) << 30) | ((type) << 8) | (nr) | ((size) << 16))
#define _IOC_TYPECHECK(t) (sizeof(t))
#define _IO(type, nr) _IOC(_IOC_NONE, (type), (nr), 0)
#define _IOR(type, nr, t) _IOC(_IOC_READ, (type), (nr), sizeof(t))
#define _IOW(type, nr, t) _IOC(_IOC_WRITE, (type), (nr), sizeof(t))
#define _IOWR(type, nr, t) _IOC(_IOC_READ | _IOC_WRITE, (type), (nr), sizeof(t))
#define _IOR_BAD(type, nr, t) _IOR(type, nr, t)
#define _IOW_BAD(type, nr, t) _IOW(type, nr, t)
#define _IOWR_BAD(type, nr, t) _IOWR(type, nr, t)
#define _IOC_DIR(nr) (((nr) >> 30) & 3)
#define _IOC_TYPE(nr) (((nr) >> 8) & 0xff)
#define _IOC_NR(nr) ((nr) & 0xff)
#define _IOC_SIZE(nr) (((nr) >> 16) & 0x3fff)
/* guard(mutex)(&lock), CLASS(fd, f)(fd): the lock or constructor argument
 * list follows the macro call; read as a call of a function nobody defines */
#define CLASS(t, v) void *v = __gupvet_guard
/* BPF helpers: BPF_CALL_2(name, type, arg, type, arg) { body } (linux/filter.h);
 * the body is read as the function name itself */
#define BPF_CALL_0(n) u64 n(void)
#define BPF_CALL_1(n, t1, a1) u64 n(t1 a1)
#define BPF_CALL_2(n, t1, a1, t2, a2) u64 n(t1 a1, t2 a2)
#define BPF_CALL_3(n, t1, a1, t2, a2, t3, a3) u64 n(t1 a1, t2 a2, t3 a3)
#define BPF_CALL_4(n, t1, a1, t2, a2, t3, a3, t4, a4) u64 n(t1 a1, t2 a2, t3 a3, t4 a4)
#define BPF_CALL_5(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) u64 n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
/* 7.x typed allocators (linux/slab.h): kmalloc_objs(struct page *, n, gfp) */
#define kmalloc_obj(t, ...) ((typeof(t) *)kmalloc(sizeof(t), 0))
#define kzalloc_obj(t, ...) ((typeof(t) *)kzalloc(sizeof(t), 0))
#define kvmalloc_obj(t, ...) ((typeof(t) *)kvmalloc(sizeof(t), 0))
#define kvzalloc_obj(t, ...) ((typeof(t) *)kvzalloc(sizeof(t), 0))
#define kmalloc_objs(t, n, ...) ((typeof(t) *)kmalloc_array((n), sizeof(t), 0))
#define kzalloc_objs(t, n, ...) ((typeof(t) *)kcalloc((n), sizeof(t), 0))
#define kvmalloc_objs(t, n, ...) ((typeof(t) *)kvmalloc_array((n), sizeof(t), 0))
#define kvzalloc_objs(t, n, ...) ((typeof(t) *)kvcalloc((n), sizeof(t), 0))
#define kmalloc_flex(t, f, n, ...) ((typeof(t) *)kmalloc(sizeof(t), 0))
#define kzalloc_flex(t, f, n, ...) ((typeof(t) *)kzalloc(sizeof(t), 0))
#define kvmalloc_flex(t, f, n, ...) ((typeof(t) *)kvmalloc(sizeof(t), 0))
#define kvzalloc_flex(t, f, n, ...) ((typeof(t) *)kvzalloc(sizeof(t), 0))
