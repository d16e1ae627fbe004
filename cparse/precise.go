package cparse

// parsePrecise preprocesses the file the way kbuild compiles it.
func (t *Tree) parsePrecise(abs string, opt Options) (*Unit, error) {
	return nil, errNoObj
}
