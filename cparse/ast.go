package cparse

import "fmt"

// This file defines gupvet's own small C syntax tree. cparse lowers cc/v4's
// AST into it so that the layers above never see cc/v4: the rules read the
// same tree whether it came from a fully preprocessed translation unit or
// from tolerant mode, and a Unit is small enough to keep for a whole-tree
// run and to serialise into the result cache.
//
// Only what the analyses need is kept: function definitions, their
// statements and expressions, declarations with a rough type, positions.

// Pos is a position in a source file: the file as cparse opened it (a path
// relative to the tree when the file is inside it), 1-based line and column.
type Pos struct {
	File string
	Line int32
	Col  int32
}

func (p Pos) IsValid() bool { return p.Line > 0 }

// Less orders positions by file, line and column.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Type is the declared type of a variable or parameter, as written: enough
// to tell a pointer from a scalar and to name a struct for field facts.
type Type struct {
	Base   string // "unsigned int", "struct page", "gfp_t", ...
	Ptr    int    // levels of pointer
	Struct string // struct or union tag if Base is one ("kvm_follow_pfn")
	Array  bool
}

// Expr is an expression.
type Expr interface {
	Pos() Pos
	// exprFields gives v the expression's fields (fields.go); it also
	// tells an Expr from a Stmt.
	exprFields(v visitor)
}

type (
	// Ident is a name: a variable, a function, an enum constant or a name
	// the frontend could not resolve (tolerant mode).
	Ident struct {
		P    Pos
		Name string
		// Undeclared: nothing the unit read declares the name (tolerant
		// mode: a macro, variable or function of a header it did not
		// read).
		Undeclared bool
	}
	// IntLit is an integer constant. Macro names the object-like macro
	// whose whole expansion this literal is (FOLL_NOWAIT in a 6.1 tree,
	// where the flags are #defines), so explanations can use the name.
	IntLit struct {
		P     Pos
		Val   uint64
		Text  string
		Macro string
	}
	// StrLit is a string or character literal.
	StrLit struct {
		P    Pos
		Text string
	}
	// Unary is a prefix or postfix operator: ! ~ - + & * ++ -- sizeof
	// alignof; postfix ++/-- are "x++"/"x--".
	Unary struct {
		P  Pos
		Op string
		X  Expr
	}
	// Binary: | & ^ << >> + - * / % == != < > <= >= && || and ",".
	Binary struct {
		P    Pos
		Op   string
		X, Y Expr
	}
	// Assign: = |= &= ^= += -= *= /= %= <<= >>=.
	Assign struct {
		P    Pos
		Op   string
		L, R Expr
	}
	// Cond is c ? t : f (t may be nil for GNU c ?: f).
	Cond struct {
		P       Pos
		C, T, F Expr
	}
	// Call is a function call. End is the position of the closing paren.
	Call struct {
		P    Pos
		Fun  Expr
		Args []Expr
		End  Pos
	}
	// Member is x.Name or x->Name.
	Member struct {
		P     Pos
		X     Expr
		Name  string
		Arrow bool
	}
	// Index is x[i].
	Index struct {
		P    Pos
		X, I Expr
	}
	// Cast is (T)x.
	Cast struct {
		P    Pos
		Type Type
		X    Expr
	}
	// StmtExpr is a GNU statement expression ({ ... }).
	StmtExpr struct {
		P    Pos
		Body *Block
	}
	// CompLit is a compound literal (T){...}.
	CompLit struct {
		P    Pos
		Type Type
		Init *InitList
	}
	// Opaque is an expression gupvet does not model (sizeof(type),
	// _Generic, floating constants, ...).
	Opaque struct {
		P    Pos
		Text string
	}
)

func (x *Ident) Pos() Pos    { return x.P }
func (x *IntLit) Pos() Pos   { return x.P }
func (x *StrLit) Pos() Pos   { return x.P }
func (x *Unary) Pos() Pos    { return x.P }
func (x *Binary) Pos() Pos   { return x.P }
func (x *Assign) Pos() Pos   { return x.P }
func (x *Cond) Pos() Pos     { return x.P }
func (x *Call) Pos() Pos     { return x.P }
func (x *Member) Pos() Pos   { return x.P }
func (x *Index) Pos() Pos    { return x.P }
func (x *Cast) Pos() Pos     { return x.P }
func (x *StmtExpr) Pos() Pos { return x.P }
func (x *CompLit) Pos() Pos  { return x.P }
func (x *Opaque) Pos() Pos   { return x.P }

// CalleeName returns the name of a directly called function, or "".
func (c *Call) CalleeName() string {
	if id, ok := c.Fun.(*Ident); ok {
		return id.Name
	}
	return ""
}

// InitList is a brace-enclosed initializer.
type InitList struct {
	P     Pos
	Elems []InitElem
}

// InitElem is one element of an InitList: .a.b = v has Fields ["a","b"];
// an element without a field designator has Fields nil (positional, or an
// array designator). Value is an Expr or, for a nested brace list,
// Nested. P is the position of the value.
type InitElem struct {
	P      Pos
	Fields []string
	Index  bool // an array designator ([i] = v)
	Value  Expr
	Nested *InitList
}

// Stmt is a statement.
type Stmt interface {
	Pos() Pos
	// stmtFields gives v the statement's fields (fields.go).
	stmtFields(v visitor)
}

type (
	Block struct {
		P     Pos
		Stmts []Stmt
		End   Pos
	}
	ExprStmt struct {
		P Pos
		X Expr
	}
	// Decl declares one local variable.
	Decl struct {
		P      Pos
		Name   string
		Type   Type
		Static bool
		Init   Expr      // or nil
		List   *InitList // brace initializer, or nil
	}
	If struct {
		P          Pos
		C          Expr
		Then, Else Stmt // Else may be nil
	}
	Switch struct {
		P    Pos
		Tag  Expr
		Body Stmt
	}
	// Case is a case or default label inside a switch body; Vals is nil
	// for default.
	Case struct {
		P    Pos
		Vals []Expr
		Stmt Stmt
	}
	Label struct {
		P    Pos
		Name string
		Stmt Stmt
	}
	// Loop is while, do-while and for. For "for", Init/Post are set;
	// DoWhile tells the body runs at least once.
	Loop struct {
		P       Pos
		Init    Stmt // *ExprStmt or *Block of Decls, or nil
		C       Expr // nil: forever
		Post    Expr
		Body    Stmt
		DoWhile bool
	}
	Return struct {
		P Pos
		X Expr // or nil
	}
	Goto struct {
		P     Pos
		Label string
	}
	Break    struct{ P Pos }
	Continue struct{ P Pos }
	// Other is a statement gupvet does not model (asm, empty).
	Other struct{ P Pos }
)

func (s *Block) Pos() Pos    { return s.P }
func (s *ExprStmt) Pos() Pos { return s.P }
func (s *Decl) Pos() Pos     { return s.P }
func (s *If) Pos() Pos       { return s.P }
func (s *Switch) Pos() Pos   { return s.P }
func (s *Case) Pos() Pos     { return s.P }
func (s *Label) Pos() Pos    { return s.P }
func (s *Loop) Pos() Pos     { return s.P }
func (s *Return) Pos() Pos   { return s.P }
func (s *Goto) Pos() Pos     { return s.P }
func (s *Break) Pos() Pos    { return s.P }
func (s *Continue) Pos() Pos { return s.P }
func (s *Other) Pos() Pos    { return s.P }

// Param is a function parameter.
type Param struct {
	Name string
	Type Type
}

// Func is a function definition.
type Func struct {
	P      Pos // position of the name
	Name   string
	Static bool
	Inline bool
	Params []Param
	Body   *Block
	// Header is true when the definition is in a header, not in the
	// unit's main file (a static inline wrapper such as
	// get_user_page_vma_remote).
	Header bool
}

// FieldInit records a file-scope initializer of a struct field, such as
// a static const struct with .gup_flags = FOLL_WRITE; the flag analysis
// treats it like an assignment to that field.
type FieldInit struct {
	Struct string
	Field  string
	Value  Expr
}

// Types are the declared types of a function's names, as an interpreter
// of its body meets the declarations: a later one replaces an earlier.
type Types map[string]Type

// Declare records d's type, unless the frontend kept none (a
// declaration tolerant mode read without its type).
func (ts Types) Declare(d *Decl) {
	if d.Type.Base != "" || d.Type.Struct != "" {
		ts[d.Name] = d.Type
	}
}
