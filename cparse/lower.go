package cparse

import "reflect"
import "strconv"
import "strings"

import "modernc.org/cc/v4"

// lowerer turns a cc/v4 AST into gupvet's syntax tree.
type lowerer struct {
	main  string            // absolute path of the unit's main file
	pos   *positions        // position mapping (relative paths, real columns)
	vocab func(string) bool // names that make a header function worth keeping
	unit  *Unit
	// positional are the struct tags initialized positionally, whose
	// member order Unit.Structs must give.
	positional map[string]bool
}

func (l *lowerer) translationUnit(tu *cc.TranslationUnit) {
	first := tu
	for ; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed == nil {
			continue
		}
		switch ed.Case {
		case cc.ExternalDeclarationFuncDef:
			if f := l.funcDef(ed.FunctionDefinition); f != nil {
				l.unit.Funcs = append(l.unit.Funcs, f)
			}
		case cc.ExternalDeclarationDecl:
			l.fileScopeDecl(ed.Declaration)
		}
	}
	if len(l.positional) > 0 {
		l.structLayouts(first)
	}
}

// notePositional records that a brace initializer of struct tag sets
// members by position.
func (l *lowerer) notePositional(tag string, il *InitList) {
	if tag == "" || il == nil {
		return
	}
	for _, e := range il.Elems {
		if e.Fields == nil && !e.Index {
			if l.positional == nil {
				l.positional = map[string]bool{}
			}
			l.positional[tag] = true
			return
		}
	}
}

// structLayouts reads the member order of the structs in l.positional
// from their definitions anywhere in the translation unit.
func (l *lowerer) structLayouts(tu *cc.TranslationUnit) {
	for ; tu != nil; tu = tu.TranslationUnit {
		ed := tu.ExternalDeclaration
		if ed == nil || ed.Case != cc.ExternalDeclarationDecl || ed.Declaration == nil {
			continue
		}
		for ds := ed.Declaration.DeclarationSpecifiers; ds != nil; ds = ds.DeclarationSpecifiers {
			ts := ds.TypeSpecifier
			if ds.Case != cc.DeclarationSpecifiersTypeSpec || ts == nil || ts.StructOrUnionSpecifier == nil {
				continue
			}
			su := ts.StructOrUnionSpecifier
			tag := su.Token.SrcStr()
			if su.Case != cc.StructOrUnionSpecifierDef || !l.positional[tag] {
				continue
			}
			if m, ok := structMembers(su); ok {
				if l.unit.Structs == nil {
					l.unit.Structs = map[string][]string{}
				}
				l.unit.Structs[tag] = m
			}
		}
	}
}

// structMembers lists a struct's named members in order; false when a
// member has no name (an anonymous struct or union takes initializers of
// its own members: the order alone does not say which).
func structMembers(su *cc.StructOrUnionSpecifier) ([]string, bool) {
	var out []string
	for dl := su.StructDeclarationList; dl != nil; dl = dl.StructDeclarationList {
		sd := dl.StructDeclaration
		if sd == nil || sd.Case != cc.StructDeclarationDecl {
			continue
		}
		if sd.StructDeclaratorList == nil {
			return nil, false
		}
		for l := sd.StructDeclaratorList; l != nil; l = l.StructDeclaratorList {
			d := l.StructDeclarator
			if d == nil || d.Declarator == nil {
				continue // an unnamed bit-field takes no initializer
			}
			out = append(out, d.Declarator.Name())
		}
	}
	return out, true
}

func (l *lowerer) funcDef(fd *cc.FunctionDefinition) *Func {
	if fd == nil || fd.Declarator == nil || fd.CompoundStatement == nil {
		return nil
	}
	name := fd.Declarator.Name()
	nt := fd.Declarator.NameTok()
	file := nt.Position().Filename
	header := file != l.main
	if header && !l.mentionsVocab(fd.CompoundStatement) {
		return nil
	}
	spec := specTokens(fd.DeclarationSpecifiers)
	f := &Func{
		P:      l.pos.of(nt),
		Name:   name,
		Static: spec["static"],
		Inline: spec["inline"] || spec["__inline"] || spec["__inline__"],
		Header: header,
	}
	f.Params = l.params(fd.Declarator)
	f.Body = l.block(fd.CompoundStatement)
	return f
}

// mentionsVocab tells whether a header function's body names a GUP entry
// point or flag; only those are worth lowering out of the thousands of
// inline functions a kernel TU includes.
func (l *lowerer) mentionsVocab(cs *cc.CompoundStatement) bool {
	for _, t := range cc.NodeTokens(cs) {
		if t.Ch == rune(cc.IDENTIFIER) && l.vocab(t.SrcStr()) {
			return true
		}
	}
	return false
}

func specTokens(ds *cc.DeclarationSpecifiers) map[string]bool {
	m := map[string]bool{}
	if ds == nil {
		return m
	}
	for _, t := range cc.NodeTokens(ds) {
		m[t.SrcStr()] = true
	}
	return m
}

// typeOf builds a Type from declaration specifiers and a declarator.
func typeOf(specs []cc.Token, ptr *cc.Pointer, dd *cc.DirectDeclarator) Type {
	var t Type
	var words []string
	for i := 0; i < len(specs); i++ {
		s := specs[i].SrcStr()
		switch s {
		case "static", "extern", "const", "volatile", "register", "inline", "__inline", "__inline__",
			"__always_inline", "auto", "restrict", "__restrict", "typedef":
			continue
		case "struct", "union":
			if i+1 < len(specs) && specs[i+1].Ch == rune(cc.IDENTIFIER) {
				t.Struct = specs[i+1].SrcStr()
				words = append(words, s, t.Struct)
				i++
				continue
			}
		case "__attribute__", "__attribute":
			// skip the attribute's parenthesised argument
			depth := 0
			for i++; i < len(specs); i++ {
				switch specs[i].Ch {
				case '(':
					depth++
				case ')':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			continue
		}
		if specs[i].Ch == rune(cc.IDENTIFIER) || isTypeKeyword(s) {
			words = append(words, s)
		}
	}
	t.Base = strings.Join(words, " ")
	for p := ptr; p != nil; p = p.Pointer {
		if p.Case == cc.PointerTypeQual || p.Case == cc.PointerPtr {
			t.Ptr++
		}
	}
	for d := dd; d != nil; d = d.DirectDeclarator {
		switch d.Case {
		case cc.DirectDeclaratorArr, cc.DirectDeclaratorStaticArr, cc.DirectDeclaratorArrStatic, cc.DirectDeclaratorStar:
			t.Array = true
		case cc.DirectDeclaratorDecl:
			if d.Declarator != nil {
				for p := d.Declarator.Pointer; p != nil; p = p.Pointer {
					t.Ptr++
				}
			}
		}
	}
	return t
}

func isTypeKeyword(s string) bool {
	switch s {
	case "void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool", "bool",
		"__int128", "enum":
		return true
	}
	return false
}

func (l *lowerer) params(d *cc.Declarator) []Param {
	var ptl *cc.ParameterTypeList
	for dd := d.DirectDeclarator; dd != nil; dd = dd.DirectDeclarator {
		if dd.Case == cc.DirectDeclaratorFuncParam {
			ptl = dd.ParameterTypeList
			break
		}
	}
	if ptl == nil {
		return nil
	}
	var ps []Param
	for pl := ptl.ParameterList; pl != nil; pl = pl.ParameterList {
		pd := pl.ParameterDeclaration
		if pd == nil {
			continue
		}
		specs := cc.NodeTokens(pd.DeclarationSpecifiers)
		var p Param
		if pd.Declarator != nil {
			p.Name = pd.Declarator.Name()
			p.Type = typeOf(specs, pd.Declarator.Pointer, pd.Declarator.DirectDeclarator)
		} else {
			p.Type = typeOf(specs, nil, nil)
			if pd.AbstractDeclarator != nil {
				for _, t := range cc.NodeTokens(pd.AbstractDeclarator) {
					if t.Ch == '*' {
						p.Type.Ptr++
					}
				}
			}
		}
		if p.Name == "" && p.Type.Base == "void" && p.Type.Ptr == 0 {
			continue // f(void)
		}
		ps = append(ps, p)
	}
	return ps
}

// fileScopeDecl records designated initializers of file-scope struct
// variables (static const struct foo_ops x = { .gup_flags = FOLL_WRITE }).
func (l *lowerer) fileScopeDecl(d *cc.Declaration) {
	if d == nil || d.Case != cc.DeclarationDecl || d.InitDeclaratorList == nil {
		return
	}
	if d.Position().Filename != l.main {
		return
	}
	specs := cc.NodeTokens(d.DeclarationSpecifiers)
	for idl := d.InitDeclaratorList; idl != nil; idl = idl.InitDeclaratorList {
		id := idl.InitDeclarator
		if id == nil || id.Case != cc.InitDeclaratorInit || id.Initializer == nil || id.Declarator == nil {
			continue
		}
		t := typeOf(specs, id.Declarator.Pointer, id.Declarator.DirectDeclarator)
		if t.Struct == "" || id.Initializer.Case != cc.InitializerInitList {
			continue
		}
		il := l.initList(id.Initializer)
		l.collectFieldInits(t.Struct, il)
	}
}

func (l *lowerer) collectFieldInits(tag string, il *InitList) {
	if il == nil {
		return
	}
	for _, e := range il.Elems {
		if len(e.Fields) == 1 && e.Value != nil {
			l.unit.FieldInits = append(l.unit.FieldInits, FieldInit{Struct: tag, Field: e.Fields[0], Value: e.Value})
		}
	}
}

// ---- statements

func (l *lowerer) block(cs *cc.CompoundStatement) *Block {
	if cs == nil {
		return &Block{}
	}
	b := &Block{P: l.pos.of(cs.Token), End: l.pos.of(cs.Token2)}
	for bil := cs.BlockItemList; bil != nil; bil = bil.BlockItemList {
		bi := bil.BlockItem
		if bi == nil {
			continue
		}
		switch bi.Case {
		case cc.BlockItemDecl:
			b.Stmts = append(b.Stmts, l.decl(bi.Declaration)...)
		case cc.BlockItemStmt:
			if s := l.stmt(bi.Statement); s != nil {
				b.Stmts = append(b.Stmts, s)
			}
		case cc.BlockItemFuncDef:
			// nested function (GNU): ignore
		case cc.BlockItemLabel:
			// __label__ declaration
		}
	}
	return b
}

func (l *lowerer) decl(d *cc.Declaration) []Stmt {
	if d == nil || d.Case != cc.DeclarationDecl {
		return nil
	}
	specs := cc.NodeTokens(d.DeclarationSpecifiers)
	spec := specTokens(d.DeclarationSpecifiers)
	if spec["typedef"] {
		return nil
	}
	var out []Stmt
	for idl := d.InitDeclaratorList; idl != nil; idl = idl.InitDeclaratorList {
		id := idl.InitDeclarator
		if id == nil || id.Declarator == nil {
			continue
		}
		s := &Decl{
			P:      l.pos.of(id.Declarator.NameTok()),
			Name:   id.Declarator.Name(),
			Type:   typeOf(specs, id.Declarator.Pointer, id.Declarator.DirectDeclarator),
			Static: spec["static"],
		}
		if id.Case == cc.InitDeclaratorInit && id.Initializer != nil {
			if id.Initializer.Case == cc.InitializerExpr {
				s.Init = l.expr(id.Initializer.AssignmentExpression)
			} else {
				s.List = l.initList(id.Initializer)
				if s.Type.Ptr == 0 && !s.Type.Array {
					l.notePositional(s.Type.Struct, s.List)
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func (l *lowerer) initList(in *cc.Initializer) *InitList {
	il := &InitList{P: l.pos.of(in.Token)}
	for lst := in.InitializerList; lst != nil; lst = lst.InitializerList {
		var e InitElem
		if lst.Designation != nil {
			for dl := lst.Designation.DesignatorList; dl != nil; dl = dl.DesignatorList {
				if dg := dl.Designator; dg != nil {
					switch dg.Case {
					case cc.DesignatorField:
						e.Fields = append(e.Fields, dg.Token2.SrcStr())
					case cc.DesignatorField2:
						e.Fields = append(e.Fields, dg.Token.SrcStr())
					default:
						e.Index = true
					}
				}
			}
		}
		if lst.Initializer != nil {
			e.P = l.pos.of(firstToken(lst.Initializer))
			if lst.Initializer.Case == cc.InitializerExpr {
				e.Value = l.expr(lst.Initializer.AssignmentExpression)
			} else {
				e.Nested = l.initList(lst.Initializer)
			}
		}
		il.Elems = append(il.Elems, e)
	}
	return il
}

func (l *lowerer) stmt(s *cc.Statement) Stmt {
	if s == nil {
		return nil
	}
	switch s.Case {
	case cc.StatementCompound:
		return l.block(s.CompoundStatement)
	case cc.StatementExpr:
		es := s.ExpressionStatement
		if es.ExpressionList == nil {
			return &Other{P: l.pos.of(es.Token)}
		}
		x := l.expr(es.ExpressionList)
		return &ExprStmt{P: x.Pos(), X: x}
	case cc.StatementSelection:
		ss := s.SelectionStatement
		p := l.pos.of(ss.Token)
		switch ss.Case {
		case cc.SelectionStatementIf, cc.SelectionStatementIfElse:
			// Statement2, the else branch, is nil without one
			return &If{P: p, C: l.expr(ss.ExpressionList), Then: l.stmt(ss.Statement), Else: l.stmt(ss.Statement2)}
		case cc.SelectionStatementSwitch:
			return &Switch{P: p, Tag: l.expr(ss.ExpressionList), Body: l.stmt(ss.Statement)}
		}
	case cc.StatementIteration:
		is := s.IterationStatement
		p := l.pos.of(is.Token)
		switch is.Case {
		case cc.IterationStatementWhile, cc.IterationStatementDo:
			return &Loop{P: p, C: l.optExpr(is.ExpressionList), Body: l.stmt(is.Statement), DoWhile: is.Case == cc.IterationStatementDo}
		case cc.IterationStatementFor:
			lp := &Loop{P: p, C: l.optExpr(is.ExpressionList2), Post: l.optExpr(is.ExpressionList3), Body: l.stmt(is.Statement)}
			if x := l.optExpr(is.ExpressionList); x != nil {
				lp.Init = &ExprStmt{P: x.Pos(), X: x}
			}
			return lp
		case cc.IterationStatementForDecl:
			lp := &Loop{P: p, C: l.optExpr(is.ExpressionList), Post: l.optExpr(is.ExpressionList2), Body: l.stmt(is.Statement)}
			lp.Init = &Block{P: p, Stmts: l.decl(is.Declaration)}
			return lp
		}
	case cc.StatementJump:
		js := s.JumpStatement
		p := l.pos.of(js.Token)
		switch js.Case {
		case cc.JumpStatementGoto:
			return &Goto{P: p, Label: js.Token2.SrcStr()}
		case cc.JumpStatementGotoExpr:
			return &Goto{P: p}
		case cc.JumpStatementContinue:
			return &Continue{P: p}
		case cc.JumpStatementBreak:
			return &Break{P: p}
		case cc.JumpStatementReturn:
			return &Return{P: p, X: l.optExpr(js.ExpressionList)}
		}
	case cc.StatementLabeled:
		ls := s.LabeledStatement
		p := l.pos.of(ls.Token)
		switch ls.Case {
		case cc.LabeledStatementLabel:
			return &Label{P: p, Name: ls.Token.SrcStr(), Stmt: l.stmt(ls.Statement)}
		case cc.LabeledStatementCaseLabel:
			return &Case{P: p, Vals: []Expr{l.expr(ls.ConstantExpression)}, Stmt: l.stmt(ls.Statement)}
		case cc.LabeledStatementRange:
			return &Case{P: p, Vals: []Expr{l.expr(ls.ConstantExpression), l.expr(ls.ConstantExpression2)}, Stmt: l.stmt(ls.Statement)}
		case cc.LabeledStatementDefault:
			return &Case{P: p, Stmt: l.stmt(ls.Statement)}
		}
	case cc.StatementAsm:
		return &Other{P: l.pos.of(s.AsmStatement.Asm.Token)}
	}
	return nil
}

func (l *lowerer) optExpr(n cc.ExpressionNode) Expr {
	if n == nil {
		return nil
	}
	return l.expr(n)
}

// ---- expressions

func (l *lowerer) expr(n cc.ExpressionNode) Expr {
	if n == nil || reflect.ValueOf(n).IsNil() {
		// cc/v4 leaves typed nil nodes where error recovery dropped an
		// operand (found by FuzzParse)
		return &Opaque{}
	}
	switch x := n.(type) {
	case nil:
		return &Opaque{}
	case *cc.ExpressionList:
		if x.ExpressionList == nil {
			return l.expr(x.AssignmentExpression)
		}
		// a, b, c: keep left to right
		var parts []Expr
		for el := x; el != nil; el = el.ExpressionList {
			parts = append(parts, l.expr(el.AssignmentExpression))
		}
		e := parts[0]
		for _, p := range parts[1:] {
			e = &Binary{P: e.Pos(), Op: ",", X: e, Y: p}
		}
		return e
	case *cc.ConstantExpression:
		// a case label's value
		return l.expr(x.ConditionalExpression)
	case *cc.AssignmentExpression:
		if x.Case == cc.AssignmentExpressionCond {
			return l.expr(x.ConditionalExpression)
		}
		return &Assign{P: l.pos.of(x.Token), Op: x.Token.SrcStr(), L: l.expr(x.UnaryExpression), R: l.expr(x.AssignmentExpression)}
	case *cc.ConditionalExpression:
		if x.Case == cc.ConditionalExpressionLOr {
			return l.expr(x.LogicalOrExpression)
		}
		c := &Cond{P: l.pos.of(x.Token), C: l.expr(x.LogicalOrExpression), F: l.expr(x.ConditionalExpression)}
		if x.ExpressionList != nil {
			c.T = l.expr(x.ExpressionList)
		}
		return c
	case *cc.CastExpression:
		if x.Case == cc.CastExpressionUnary {
			return l.expr(x.UnaryExpression)
		}
		return &Cast{P: l.pos.of(x.Token), Type: l.typeName(x.TypeName), X: l.expr(x.CastExpression)}
	case *cc.UnaryExpression:
		p := l.pos.of(x.Token)
		switch x.Case {
		case cc.UnaryExpressionPostfix:
			return l.expr(x.PostfixExpression)
		case cc.UnaryExpressionInc, cc.UnaryExpressionDec:
			return &Unary{P: p, Op: x.Token.SrcStr(), X: l.expr(x.UnaryExpression)}
		case cc.UnaryExpressionAddrof, cc.UnaryExpressionDeref, cc.UnaryExpressionPlus,
			cc.UnaryExpressionMinus, cc.UnaryExpressionCpl, cc.UnaryExpressionNot:
			return &Unary{P: p, Op: x.Token.SrcStr(), X: l.expr(x.CastExpression)}
		case cc.UnaryExpressionSizeofExpr, cc.UnaryExpressionAlignofExpr:
			return &Opaque{P: p, Text: x.Token.SrcStr()}
		default:
			return &Opaque{P: p, Text: x.Token.SrcStr()}
		}
	case *cc.PostfixExpression:
		switch x.Case {
		case cc.PostfixExpressionPrimary:
			return l.expr(x.PrimaryExpression)
		case cc.PostfixExpressionIndex:
			return &Index{P: l.pos.of(x.Token), X: l.expr(x.PostfixExpression), I: l.expr(x.ExpressionList)}
		case cc.PostfixExpressionCall:
			fun := l.expr(x.PostfixExpression)
			c := &Call{P: fun.Pos(), Fun: fun, End: l.pos.of(x.Token2)}
			for al := x.ArgumentExpressionList; al != nil; al = al.ArgumentExpressionList {
				c.Args = append(c.Args, l.expr(al.AssignmentExpression))
			}
			return c
		case cc.PostfixExpressionSelect, cc.PostfixExpressionPSelect:
			return &Member{P: l.pos.of(x.Token2), X: l.expr(x.PostfixExpression), Name: x.Token2.SrcStr(),
				Arrow: x.Case == cc.PostfixExpressionPSelect}
		case cc.PostfixExpressionInc, cc.PostfixExpressionDec:
			return &Unary{P: l.pos.of(x.Token), Op: "x" + x.Token.SrcStr(), X: l.expr(x.PostfixExpression)}
		case cc.PostfixExpressionComplit:
			cl := &CompLit{P: l.pos.of(x.Token), Type: l.typeName(x.TypeName)}
			in := &cc.Initializer{Case: cc.InitializerInitList, InitializerList: x.InitializerList, Token: x.Token4}
			cl.Init = l.initList(in)
			if cl.Type.Ptr == 0 && !cl.Type.Array {
				l.notePositional(cl.Type.Struct, cl.Init)
			}
			return cl
		}
	case *cc.PrimaryExpression:
		p := l.pos.of(x.Token)
		switch x.Case {
		case cc.PrimaryExpressionIdent:
			name := x.Token.SrcStr()
			return &Ident{P: p, Name: name, Undeclared: !declared(x.LexicalScope(), name)}
		case cc.PrimaryExpressionInt:
			lit := &IntLit{P: p, Text: x.Token.SrcStr()}
			lit.Val, _ = parseCInt(lit.Text)
			if m := x.Macro(); m != nil {
				lit.Macro = m.Name.SrcStr()
				lit.P = l.pos.ofName(x.Token, lit.Macro)
			}
			return lit
		case cc.PrimaryExpressionChar, cc.PrimaryExpressionLChar, cc.PrimaryExpressionString, cc.PrimaryExpressionLString:
			return &StrLit{P: p, Text: x.Token.SrcStr()}
		case cc.PrimaryExpressionExpr:
			return l.expr(x.ExpressionList)
		case cc.PrimaryExpressionStmt:
			return &StmtExpr{P: p, Body: l.block(x.CompoundStatement)}
		default:
			return &Opaque{P: p, Text: x.Token.SrcStr()}
		}
	}
	if lv, ok := ladder[reflect.TypeOf(n)]; ok {
		return l.rung(n, lv)
	}
	return &Opaque{P: l.pos.of(firstToken(n)), Text: "?"}
}

func firstToken(n cc.Node) cc.Token {
	if ts := cc.NodeTokens(n); len(ts) > 0 {
		return ts[0]
	}
	return cc.Token{}
}

func (l *lowerer) typeName(tn *cc.TypeName) Type {
	if tn == nil {
		return Type{}
	}
	specs := cc.NodeTokens(tn.SpecifierQualifierList)
	t := typeOf(specs, nil, nil)
	if tn.AbstractDeclarator != nil {
		for _, tok := range cc.NodeTokens(tn.AbstractDeclarator) {
			if tok.Ch == '*' {
				t.Ptr++
			}
		}
	}
	return t
}

// parseCInt parses a C integer constant with its suffixes.
func parseCInt(s string) (uint64, bool) {
	s = strings.TrimRight(s, "uUlL")
	if s == "" {
		return 0, false
	}
	var v uint64
	var err error
	switch {
	case strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X"):
		v, err = strconv.ParseUint(s[2:], 16, 64)
	case strings.HasPrefix(s, "0b") || strings.HasPrefix(s, "0B"):
		v, err = strconv.ParseUint(s[2:], 2, 64)
	case len(s) > 1 && s[0] == '0':
		v, err = strconv.ParseUint(s[1:], 8, 64)
	default:
		v, err = strconv.ParseUint(s, 10, 64)
	}
	return v, err == nil
}

// declared reports whether a scope, or one it is nested in, declares name.
func declared(s *cc.Scope, name string) bool {
	for ; s != nil; s = s.Parent {
		if len(s.Nodes[name]) > 0 {
			return true
		}
	}
	return false
}
