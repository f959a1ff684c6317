// Package require is the part of testify's require package that the
// fixtures use.
package require

type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

func Error(t TestingT, err error, msgAndArgs ...any) {
	if err == nil {
		t.FailNow()
	}
}

func NoError(t TestingT, err error, msgAndArgs ...any) {
	if err != nil {
		t.FailNow()
	}
}
