package main

import "fmt"
import "io"
import "os"
import "runtime"
import "runtime/pprof"

// startProfiles starts the profiles -cpuprofile and -memprofile ask for;
// stop writes them. They cover the driver process (parse workers are
// separate processes: GUPVET_ISOLATION=off parses in-process and profiles
// the parser too).
func startProfiles(o *options) (stop func(io.Writer), err error) {
	var cpu *os.File
	if o.cpuprofile != "" {
		if cpu, err = os.Create(o.cpuprofile); err != nil {
			return nil, usagef("-cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, usagef("-cpuprofile: %v", err)
		}
	}
	return func(stderr io.Writer) {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				fmt.Fprintf(stderr, "gupvet: -cpuprofile: %v\n", err)
			}
		}
		if o.memprofile != "" {
			f, err := os.Create(o.memprofile)
			if err == nil {
				runtime.GC()
				err = pprof.WriteHeapProfile(f)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				fmt.Fprintf(stderr, "gupvet: -memprofile: %v\n", err)
			}
		}
	}, nil
}
