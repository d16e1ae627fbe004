//go:build !linux

package analyzer

import "os"

// readRegular reads the file at path into *buf when it is a regular file
// (following links), and returns its size and modification time.
func readRegular(path string, buf *[]byte) (fileStat, bool, error) {
	st, regular, err := statRegular(path)
	if err != nil || !regular {
		return st, false, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return st, false, err
	}
	*buf = b
	return st, true, nil
}

// statRegular stats path (following links).
func statRegular(path string) (fileStat, bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStat{}, false, err
	}
	return fileStat{fi.Size(), fi.ModTime().UnixNano()}, fi.Mode().IsRegular(), nil
}
