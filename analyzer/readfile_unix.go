//go:build unix

package analyzer

import (
	"io/fs"
	"syscall"
)

// readInto reads a whole file into *buf, reusing its memory; size is a
// hint (the file may have changed since it was taken). It uses the
// system calls directly: os.Open and os.File add an fcntl and an
// epoll_ctl per file, and the prefilter opens some 35,000 files a run.
func readInto(path string, size int64, buf *[]byte) error {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		return err
	})
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	b := (*buf)[:0]
	if int64(cap(b)) < size+1 {
		b = make([]byte, 0, size+512)
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
			return &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n == 0 {
			break
		}
		b = b[:len(b)+n]
	}
	*buf = b
	return nil
}

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
