package main

import (
	"fmt"
	"os"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/all"
)

func main() {
	t, err := cparse.NewTree(os.Args[1], os.Getenv("OBJ"))
	if err != nil {
		panic(err)
	}
	mode := cparse.Tolerant
	if os.Getenv("MODE") == "precise" {
		mode = cparse.Precise
	}
	for _, f := range os.Args[2:] {
		u, err := t.Parse(f, analyzer.NeedsOf(all.Analyzers).Options(mode, false))
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		fmt.Printf("%s: %d funcs, %d errors, partial=%v\n", f, len(u.Funcs), len(u.Errors), u.Partial)
		for _, e := range u.Errors {
			fmt.Println("  error:", e)
		}
		for _, fi := range u.FieldInits {
			fmt.Printf("  init %s.%s = %s\n", fi.Struct, fi.Field, cparse.ExprString(fi.Value))
		}
		for _, fn := range u.Funcs {
			fmt.Println("  func", fn.Name, fn.P, fn.Static, fn.Header)
			if os.Getenv("BODY") == fn.Name {
				cparse.Inspect(fn, func(n cparse.Node) bool {
					switch x := n.(type) {
					case *cparse.Case:
						for _, e := range x.Vals {
							fmt.Printf("    case %v %T %s\n", x.P, e, cparse.ExprString(e))
						}
					case *cparse.Binary:
						if x.Op == "==" || x.Op == "!=" {
							fmt.Printf("    %v %s %T %s\n", x.P, x.Op, x.Y, cparse.ExprString(x.Y))
						}
					}
					return true
				})
			}
		}
	}
}
