package mmaplock

import "strings"

import "gupvet/cparse"
import "gupvet/rules/flagflow"

// A function whose callers are not in the program is entered with the
// lock in a state the analysis cannot know, and a GUP call on a path that
// never takes it is its callers' business: silent. Some functions'
// callers are known, though: the VFS calls a file's ioctl, read, write,
// open and release handlers, and a system call is entered, without the
// mmap_lock held. From those, a path that never takes the lock reaches
// the GUP call without it.

// entryPoint is a function entered without the lock.
type entryPoint struct {
	fn  *flagflow.FuncDef
	why string     // "the .unlocked_ioctl of a struct file_operations"
	at  cparse.Pos // where that is said (the initializer), when it is
}

// unlockedSlots are the members of the VFS's operation tables whose
// handlers run in process context with no mm lock held.
var unlockedSlots = map[string]map[string]bool{
	"file_operations": {"unlocked_ioctl": true, "compat_ioctl": true, "read": true, "write": true,
		"read_iter": true, "write_iter": true, "open": true, "release": true, "flush": true},
	"proc_ops": {"proc_ioctl": true, "proc_compat_ioctl": true, "proc_read": true, "proc_write": true,
		"proc_open": true, "proc_release": true},
}

// syscallPrefixes name the functions SYSCALL_DEFINEn defines: tolerant
// mode's prelude makes sys_NAME, kbuild's x86 expansion __x64_sys_NAME,
// __se_sys_NAME and __do_sys_NAME.
var syscallPrefixes = []string{"sys_", "__x64_sys_", "__se_sys_", "__do_sys_", "compat_sys_", "__do_compat_sys_", "__se_compat_sys_", "__x64_compat_sys_", "__ia32_sys_", "__ia32_compat_sys_"}

// entryPoints finds the program's functions entered without the lock.
func entryPoints(p *flagflow.Program, units []*cparse.Unit) map[*flagflow.FuncDef]*entryPoint {
	out := map[*flagflow.FuncDef]*entryPoint{}
	for _, u := range units {
		for _, fi := range u.FieldInits {
			id, ok := fi.Value.(*cparse.Ident)
			if !ok || !unlockedSlots[fi.Struct][fi.Field] {
				continue
			}
			if d := p.TreeFunc(u.Path, id.Name); d != nil && out[d] == nil {
				out[d] = &entryPoint{fn: d, why: "the ." + fi.Field + " of a struct " + fi.Struct, at: id.P}
			}
		}
		for _, d := range p.Funcs(u.Path) {
			if d.Owner != u || out[d] != nil {
				continue
			}
			for _, pre := range syscallPrefixes {
				if strings.HasPrefix(d.F.Name, pre) {
					out[d] = &entryPoint{fn: d, why: "a system call"}
					break
				}
			}
		}
	}
	return out
}
