package cparse

import "fmt"
import "reflect"

import "modernc.org/cc/v4"

// ladder holds C's binary-operator precedence ladder as cc/v4 spells it,
// from || down to *: one node type a level, each keeping the same four
// parts under its own names. Reading the parts by field index lets one
// function, lowerer.rung, say what every level means.
var ladder = levels(
	&cc.LogicalOrExpression{}, &cc.LogicalAndExpression{}, &cc.InclusiveOrExpression{},
	&cc.ExclusiveOrExpression{}, &cc.AndExpression{}, &cc.EqualityExpression{},
	&cc.RelationalExpression{}, &cc.ShiftExpression{}, &cc.AdditiveExpression{},
	&cc.MultiplicativeExpression{},
)

// A level is where a level's node type keeps its parts: Case (0 passes
// through to the level below, the operand y alone), the operator Token,
// the left operand x (the field named for the node's own type) and the
// right operand y (the other operand field).
type level struct{ cas, tok, x, y int }

var exprNode = reflect.TypeFor[cc.ExpressionNode]()

// levels finds each node type's parts; a cc/v4 that spells a level
// otherwise stops the program at start-up, and TestLadder says which.
func levels(nodes ...cc.ExpressionNode) map[reflect.Type]level {
	m := map[reflect.Type]level{}
	for _, n := range nodes {
		t := reflect.TypeOf(n).Elem()
		lv := level{-1, -1, -1, -1}
		for i := range t.NumField() {
			switch f := t.Field(i); {
			case f.Name == "Case" && f.Type.Kind() == reflect.Int:
				lv.cas = i
			case f.Name == "Token" && f.Type == reflect.TypeFor[cc.Token]():
				lv.tok = i
			case f.Type != exprNode:
			case f.Name == t.Name():
				lv.x = i
			default:
				lv.y = i
			}
		}
		if lv.cas < 0 || lv.tok < 0 || lv.x < 0 || lv.y < 0 {
			panic(fmt.Sprintf("cparse: cc/v4's %s is not a level of the binary-operator ladder (%+v)", t.Name(), lv))
		}
		m[reflect.TypeOf(n)] = lv
	}
	return m
}

// rung lowers a node of the ladder: the level below, or a Binary whose
// operator is the token's own spelling (||, <<, != ...).
func (l *lowerer) rung(n cc.ExpressionNode, lv level) Expr {
	v := reflect.ValueOf(n).Elem()
	y, _ := v.Field(lv.y).Interface().(cc.ExpressionNode)
	if v.Field(lv.cas).Int() == 0 {
		return l.expr(y)
	}
	tok := v.Field(lv.tok).Addr().Interface().(*cc.Token)
	x, _ := v.Field(lv.x).Interface().(cc.ExpressionNode)
	return &Binary{P: l.pos.of(*tok), Op: tok.SrcStr(), X: l.expr(x), Y: l.expr(y)}
}
