package cparse

import "fmt"
import "os"
import "path/filepath"
import "strings"

// A compiler command line, as kbuild hands it to $(CHECK) (make C=1
// CHECK=gupvet): sparse's flags, then the compiler's, then the file.

// argvValueOptions are the options whose value may be the next argument.
var argvValueOptions = map[string]bool{
	"-I": true, "-D": true, "-U": true, "-include": true, "-imacros": true,
	"-isystem": true, "-iquote": true, "-idirafter": true, "-iprefix": true,
	"-iwithprefix": true, "-o": true, "-MF": true, "-MT": true, "-MQ": true,
	"-x": true, "-Xassembler": true, "-Xlinker": true, "-Xpreprocessor": true,
	"-aux-info": true, "--param": true, "-T": true,
}

// ArgvSource returns the source file of a compiler command line: the last
// argument that is neither an option nor an option's value.
func ArgvSource(args []string) string {
	src := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if argvValueOptions[a] {
			i++
			continue
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		src = a
	}
	return src
}

// TreeForCommand opens the tree of one compiler command line run in dir
// (kbuild runs $(CHECK) from the object tree): its source file is
// analysed in precise mode with exactly the command's -I, -D, -U,
// -include, -isystem and -iquote, as if it were the file's entry in a
// compile_commands.json. The kernel source tree is the directory whose
// include/linux/kconfig.h the command force-includes (or finds through an
// -I, or dir itself); it is where the GUP API is read from. It returns
// the tree and the source file, absolute.
func TreeForCommand(args []string, dir string) (*Tree, string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, p)
	}
	src := ArgvSource(args)
	if src == "" {
		return nil, "", fmt.Errorf("no source file on the command line")
	}
	file := abs(src)
	if fi, err := os.Stat(file); err != nil || !fi.Mode().IsRegular() {
		return nil, "", fmt.Errorf("%s: not a file", src)
	}
	f := parseCCFlags(args, dir)
	root := ""
	isRoot := func(d string) bool {
		fi, err := os.Stat(filepath.Join(d, "include/linux/kconfig.h"))
		return err == nil && fi.Mode().IsRegular()
	}
	for _, h := range f.Forced {
		if filepath.Base(h) == "kconfig.h" && filepath.Base(filepath.Dir(h)) == "linux" {
			if d := filepath.Dir(filepath.Dir(filepath.Dir(h))); isRoot(d) {
				root = d
				break
			}
		}
	}
	if root == "" {
		for _, inc := range f.Include {
			if filepath.Base(inc) == "include" && isRoot(filepath.Dir(inc)) {
				root = filepath.Dir(inc)
				break
			}
		}
	}
	if root == "" && isRoot(dir) {
		root = dir
	}
	if root == "" {
		return nil, "", fmt.Errorf("cannot find the kernel source tree: no -include or -I names a directory with include/linux/kconfig.h")
	}
	t, err := NewTree(root, "")
	if err != nil {
		return nil, "", err
	}
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--arch="); ok && v != "" {
			t.Arch = v
		}
	}
	for _, inc := range f.Include {
		// .../arch/X/include
		if filepath.Base(inc) == "include" && filepath.Base(filepath.Dir(filepath.Dir(inc))) == "arch" {
			t.Arch = filepath.Base(filepath.Dir(inc))
			break
		}
	}
	t.CompDB = map[string]*CompileCommand{file: {Directory: dir, File: file, Args: append([]string(nil), args...)}}
	return t, file, nil
}
