package main

import "fmt"
import "runtime"
import "runtime/debug"

// version is set at link time (-ldflags "-X main.version=…"); when empty
// the module version and VCS revision from the build info are used.
var version = ""

func versionString() string {
	v := version
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
				if len(rev) > 12 {
					rev = rev[:12]
				}
			case "vcs.modified":
				if s.Value == "true" && rev != "" {
					rev += "+dirty"
				}
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	s := fmt.Sprintf("gupvet version %s", v)
	if rev != "" {
		s += " " + rev
	}
	return s + " " + runtime.Version()
}
