package main

import (
	"errors"

	"gupvet/cparse"
)

// useCompileCommands makes t compile files with the exact flags of the
// compile_commands.json in dir.
//
// TODO: call cparse.LoadCompileCommands / (*cparse.Tree).UseCompileCommands
// once cparse/compdb.go provides them; until then -p is accepted and
// refused with this error.
func useCompileCommands(t *cparse.Tree, dir string) error {
	return errors.New("compile_commands.json is not supported yet (use -O DIR, kbuild's O= directory)")
}
