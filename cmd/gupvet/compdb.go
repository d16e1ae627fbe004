package main

import "fmt"
import "os"
import "path/filepath"

import "gupvet/cparse"

// useCompileCommands makes t compile files with the exact flags of the
// compile_commands.json in dir (or of dir itself, when it names the file,
// as clang-tidy's -p allows).
func useCompileCommands(t *cparse.Tree, dir string) error {
	path := dir
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		path = filepath.Join(dir, "compile_commands.json")
	}
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
		return fmt.Errorf("no compile_commands.json there (make compile_commands.json writes one in the object tree)")
	}
	return t.UseCompileCommands(path)
}
