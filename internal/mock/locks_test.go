package mock

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryLockIsReleasedByDefer reads the package's source: every X.Lock() must be followed at
// once by defer X.Unlock(). Rendering an answer may panic on purpose (marshal), and the panic
// guard keeps the server going; a mutex left held would then hang every later request.
func TestEveryLockIsReleasedByDefer(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			block, ok := n.(*ast.BlockStmt)
			if !ok {
				return true
			}
			for i, stmt := range block.List {
				recv, ok := lockCall(stmt)
				if !ok {
					continue
				}
				checked++
				if i+1 >= len(block.List) || !isDeferUnlock(block.List[i+1], recv) {
					t.Errorf("%s: %s.Lock() is not followed by defer %s.Unlock()", fset.Position(stmt.Pos()), recv, recv)
				}
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatal("found no Lock() calls: the check reads nothing")
	}
}

// lockCall reports whether stmt is X.Lock() and returns X as written.
func lockCall(stmt ast.Stmt) (string, bool) {
	es, ok := stmt.(*ast.ExprStmt)
	if !ok {
		return "", false
	}
	return methodCall(es.X, "Lock")
}

func isDeferUnlock(stmt ast.Stmt, recv string) bool {
	d, ok := stmt.(*ast.DeferStmt)
	if !ok {
		return false
	}
	got, ok := methodCall(d.Call, "Unlock")
	return ok && got == recv
}

func methodCall(e ast.Expr, method string) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return "", false
	}
	return exprString(sel.X), true
}

// exprString renders a selector chain such as s.store.mu.
func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	}
	return "?"
}
