// Package httpknow holds what bodyclosecheck knows about net/http and the
// rest of the standard library: which types are responses and closers, and
// tables of functions with known behaviour. It has no analysis logic.
package httpknow

import (
	"go/ast"
	"go/types"
)

// IsNamed reports whether t (after pointers are not removed) is the named
// type path.name, comparing by package path and name.
func IsNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == path && obj.Name() == name
}

// IsResponse reports whether t is *net/http.Response.
func IsResponse(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), "net/http", "Response")
}

// ResponseResults returns the indexes of the results of sig that are
// *net/http.Response.
func ResponseResults(sig *types.Signature) []int {
	var idx []int
	for i := 0; i < sig.Results().Len(); i++ {
		if IsResponse(sig.Results().At(i).Type()) {
			idx = append(idx, i)
		}
	}
	return idx
}

// ErrorResult returns the index of the last result of sig if it is the
// built-in error type, or -1.
func ErrorResult(sig *types.Signature) int {
	n := sig.Results().Len()
	if n > 0 && types.Identical(sig.Results().At(n-1).Type(), errorType) {
		return n - 1
	}
	return -1
}

var errorType = types.Universe.Lookup("error").Type()

// IsError reports whether t is the built-in error type.
func IsError(t types.Type) bool { return types.Identical(t, errorType) }

// HasClose reports whether t is an interface or type parameter whose method
// set includes Close: a value of that type may hold a response body and can
// close it.
func HasClose(t types.Type) bool {
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return hasCloseMethod(u)
	case *types.Named, *types.Interface:
		if !types.IsInterface(u) {
			return false
		}
		return hasCloseMethod(u)
	}
	return false
}

func hasCloseMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Close")
	_, ok := obj.(*types.Func)
	return ok
}

// MayHoldResponse reports whether a parameter of type t can receive a
// response or its body in a way that lets the callee close it or take it:
// *http.Response, an interface with Close, or a type parameter.
func MayHoldResponse(t types.Type) bool {
	if IsResponse(t) {
		return true
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return true
	}
	return HasClose(t)
}

// IsBodyField reports whether field is the Body field of net/http.Response.
func IsBodyField(field *types.Var) bool {
	return field != nil && field.Name() == "Body" && field.Pkg() != nil &&
		field.Pkg().Path() == "net/http"
}

// ReturnsBytes reports whether sig has a []byte result: a function that
// returns a response together with bytes has, by convention, read (and
// closed) the body for its caller.
func ReturnsBytes(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if s, ok := sig.Results().At(i).Type().Underlying().(*types.Slice); ok {
			if b, ok := s.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				return true
			}
		}
	}
	return false
}

// IsErrorValue reports whether a value of type t (a struct or a pointer to
// one) is an error: the type or its pointer implements error.
func IsErrorValue(t types.Type) bool {
	if t == nil {
		return false
	}
	errIface := errorType.Underlying().(*types.Interface)
	if types.Implements(t, errIface) {
		_, isIface := t.Underlying().(*types.Interface)
		return !isIface
	}
	return types.Implements(types.NewPointer(t), errIface)
}

// MayBeDrained reports whether a parameter of type t can receive a
// response or its body in a way that lets the callee read it:
// *http.Response, an interface with Read, or a type parameter.
func MayBeDrained(t types.Type) bool {
	if IsResponse(t) {
		return true
	}
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		return true
	case *types.Named, *types.Interface:
		if !types.IsInterface(u) {
			return false
		}
		obj, _, _ := types.LookupFieldOrMethod(u, false, nil, "Read")
		_, ok := obj.(*types.Func)
		return ok
	}
	return false
}

// ObtainsResponses reports whether any call in the package yields an
// *http.Response: a cheap test that spares SSA construction elsewhere.
func ObtainsResponses(info *types.Info) bool {
	for e, tv := range info.Types {
		if _, ok := e.(*ast.CallExpr); !ok || tv.Type == nil {
			continue
		}
		switch t := tv.Type.(type) {
		case *types.Tuple:
			for i := 0; i < t.Len(); i++ {
				if IsResponse(t.At(i).Type()) {
					return true
				}
			}
		default:
			if IsResponse(t) {
				return true
			}
		}
	}
	return false
}
