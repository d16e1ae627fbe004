//go:build !unix

package analyzer

import "os"

// readInto reads a whole file into *buf; size is a hint.
func readInto(path string, size int64, buf *[]byte) error {
	b, err := os.ReadFile(path)
	if err == nil {
		*buf = b
	}
	return err
}
