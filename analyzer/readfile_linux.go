package analyzer

import "io/fs"
import "syscall"

// readRegular reads the file at path into *buf, reusing its memory, when
// it is a regular file (following links), and returns its size and
// modification time; regular is false, and nothing read, for anything
// else. It uses the system calls directly: os.Open and os.File add an
// fcntl and an epoll_ctl per file, and the prefilter opens some 35,000
// files a run. O_NONBLOCK keeps a FIFO from blocking the open.
func readRegular(path string, buf *[]byte) (st fileStat, regular bool, err error) {
	var fd int
	err = retryEINTR(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		return st, false, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	var sys syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &sys) }); err != nil {
		return st, false, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	if sys.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return st, false, nil
	}
	st = fileStat{sys.Size, sys.Mtim.Nano()}
	b := (*buf)[:0]
	if int64(cap(b)) < st.size+1 {
		b = make([]byte, 0, st.size+512)
	}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Read(fd, b[len(b):cap(b)])
			return err
		})
		if err != nil {
			return st, false, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		b = b[:len(b)+n]
		// the size fstat gave is all there is, unless the file grows
		// while it is read (then the remembered size is older than the
		// content and the next run reads it again); a size of 0 may be
		// a file system that does not tell
		if n == 0 || st.size > 0 && int64(len(b)) == st.size {
			break
		}
	}
	*buf = b
	return st, true, nil
}

// statRegular stats path (following links) with the system call itself:
// a warm run stats every file it remembers (some 35,000), and os.Stat
// allocates a FileInfo for each.
func statRegular(path string) (fileStat, bool, error) {
	var sys syscall.Stat_t
	if err := retryEINTR(func() error { return syscall.Stat(path, &sys) }); err != nil {
		return fileStat{}, false, &fs.PathError{Op: "stat", Path: path, Err: err}
	}
	return fileStat{sys.Size, sys.Mtim.Nano()}, sys.Mode&syscall.S_IFMT == syscall.S_IFREG, nil
}

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
