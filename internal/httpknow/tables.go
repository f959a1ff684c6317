package httpknow

import "go/types"

// A FuncKey names a function or method by package path, receiver type name
// (empty for functions) and name.
type FuncKey struct{ Pkg, Recv, Name string }

// KeyOf returns the FuncKey of fn.
func KeyOf(fn *types.Func) FuncKey {
	k := FuncKey{Name: fn.Name()}
	if fn.Pkg() != nil {
		k.Pkg = fn.Pkg().Path()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			k.Recv = n.Obj().Name()
		}
	}
	return k
}

// ExemptSources lists functions whose responses need no Close: their Body
// is an in-memory reader whose Close is documented as a no-op.
var ExemptSources = map[FuncKey]bool{
	{"net/http/httptest", "ResponseRecorder", "Result"}: true,
}

// ConnSources lists the functions that read a response from a reader
// (their parameter 0): when that reader wraps a connection, the
// connection is the resource, and closing or handing it on releases the
// response too.
var ConnSources = map[FuncKey]bool{
	{"net/http", "", "ReadResponse"}: true,
}

// ReaderWrappers lists the functions that return a reader over their
// parameter 0 (which stays the resource).
var ReaderWrappers = map[FuncKey]bool{
	{"bufio", "", "NewReader"}:     true,
	{"bufio", "", "NewReaderSize"}: true,
}

// HeadSources lists the functions that make HEAD requests, whose
// responses net/http gives an empty body (reported with -report-head).
var HeadSources = map[FuncKey]bool{
	{"net/http", "", "Head"}:       true,
	{"net/http", "Client", "Head"}: true,
}

// ParamEffect is what a known function does with one of its parameters
// (the receiver, if any, is parameter 0).
type ParamEffect struct {
	Param  int
	Closes bool // true: closes it; false: only reads it
}

// KnownEffects lists standard library functions whose behaviour with a
// response is documented but cannot be inferred from their code.
var KnownEffects = map[FuncKey]ParamEffect{
	// "The Response Body is closed after it is sent."
	{"net/http", "Response", "Write"}: {Param: 0, Closes: true},
	// DumpResponse replaces Body with an in-memory copy; the caller still
	// owns (and should close) the response.
	{"net/http/httputil", "", "DumpResponse"}: {Param: 0, Closes: false},
}

// NoReturnMethods lists interface methods that never return to the caller
// (they stop the goroutine); static calls are covered by ctrlflow.
var NoReturnMethods = map[FuncKey]bool{
	{"testing", "TB", "Fatal"}:   true,
	{"testing", "TB", "Fatalf"}:  true,
	{"testing", "TB", "FailNow"}: true,
	{"testing", "TB", "Skip"}:    true,
	{"testing", "TB", "Skipf"}:   true,
	{"testing", "TB", "SkipNow"}: true,
}

// ExternalNoReturn lists functions outside the standard library that never
// return, as ctrlflow knows them, for drivers that type such packages
// from export data and so have no facts about them.
var ExternalNoReturn = map[FuncKey]bool{
	{"go.uber.org/zap", "Logger", "Fatal"}:             true,
	{"go.uber.org/zap", "Logger", "Panic"}:             true,
	{"go.uber.org/zap", "SugaredLogger", "Fatal"}:      true,
	{"go.uber.org/zap", "SugaredLogger", "Fatalf"}:     true,
	{"go.uber.org/zap", "SugaredLogger", "Fatalw"}:     true,
	{"go.uber.org/zap", "SugaredLogger", "Panic"}:      true,
	{"go.uber.org/zap", "SugaredLogger", "Panicf"}:     true,
	{"go.uber.org/zap", "SugaredLogger", "Panicw"}:     true,
	{"github.com/sirupsen/logrus", "", "Fatal"}:        true,
	{"github.com/sirupsen/logrus", "", "Fatalf"}:       true,
	{"github.com/sirupsen/logrus", "", "Fatalln"}:      true,
	{"github.com/sirupsen/logrus", "Logger", "Fatal"}:  true,
	{"github.com/sirupsen/logrus", "Logger", "Fatalf"}: true,
	{"github.com/sirupsen/logrus", "Logger", "Exit"}:   true,
	{"github.com/sirupsen/logrus", "Logger", "Panic"}:  true,
	{"github.com/sirupsen/logrus", "Logger", "Panicf"}: true,
	{"github.com/sirupsen/logrus", "Entry", "Fatal"}:   true,
	{"github.com/sirupsen/logrus", "Entry", "Fatalf"}:  true,
	{"github.com/sirupsen/logrus", "Entry", "Panicf"}:  true,
	{"k8s.io/klog/v2", "", "Fatal"}:                    true,
	{"k8s.io/klog/v2", "", "Fatalf"}:                   true,
	{"k8s.io/klog/v2", "", "Exit"}:                     true,
	{"k8s.io/klog/v2", "", "Exitf"}:                    true,
	{"k8s.io/klog", "", "Fatal"}:                       true,
	{"k8s.io/klog", "", "Fatalf"}:                      true,
}

// EmptyBodies are the values and functions whose result, as the Body of
// a response built in code, holds no connection: closing it does nothing.
var EmptyBodies = map[FuncKey]bool{
	{"net/http", "", "NoBody"}:     true,
	{"io", "", "NopCloser"}:        true,
	{"io/ioutil", "", "NopCloser"}: true,
}

// RequestSenders maps the functions that send a request given to them to
// the argument (receiver first) that is the request.
var RequestSenders = map[FuncKey]int{
	{"net/http", "Client", "Do"}:           1,
	{"net/http", "Transport", "RoundTrip"}: 1,
}

// RequestMakers maps the functions that build a request to the argument
// that is its method.
var RequestMakers = map[FuncKey]int{
	{"net/http", "", "NewRequest"}:            0,
	{"net/http", "", "NewRequestWithContext"}: 1,
}

// ErrorAsserts maps test assertions that stop the test (t.FailNow) unless
// an error is non-nil to that error's argument (receiver first).
// testify's assert package only reports, so it is not here.
var ErrorAsserts = map[FuncKey]int{
	{"github.com/stretchr/testify/require", "", "Error"}:                1,
	{"github.com/stretchr/testify/require", "", "Errorf"}:               1,
	{"github.com/stretchr/testify/require", "", "ErrorIs"}:              1,
	{"github.com/stretchr/testify/require", "", "ErrorAs"}:              1,
	{"github.com/stretchr/testify/require", "", "ErrorContains"}:        1,
	{"github.com/stretchr/testify/require", "", "EqualError"}:           1,
	{"github.com/stretchr/testify/require", "Assertions", "Error"}:      1,
	{"github.com/stretchr/testify/require", "Assertions", "Errorf"}:     1,
	{"github.com/stretchr/testify/require", "Assertions", "ErrorIs"}:    1,
	{"github.com/stretchr/testify/require", "Assertions", "ErrorAs"}:    1,
	{"github.com/stretchr/testify/require", "Assertions", "EqualError"}: 1,
}

// NoErrorAsserts maps test assertions that stop the test unless an error
// is nil to that error's argument (receiver first): after them the call
// succeeded.
var NoErrorAsserts = map[FuncKey]int{
	{"github.com/stretchr/testify/require", "", "NoError"}:            1,
	{"github.com/stretchr/testify/require", "", "NoErrorf"}:           1,
	{"github.com/stretchr/testify/require", "Assertions", "NoError"}:  1,
	{"github.com/stretchr/testify/require", "Assertions", "NoErrorf"}: 1,
}

// Drainers maps the functions that read one of their parameters to EOF,
// or to a bound (io.CopyN), (the receiver, if any, is parameter 0) to that
// parameter. A response
// body read to the end lets net/http return its connection to the pool.
var Drainers = map[FuncKey]int{
	{"io", "", "ReadAll"}:             0,
	{"io/ioutil", "", "ReadAll"}:      0,
	{"io", "", "Copy"}:                1,
	{"io", "", "CopyN"}:               1, // at most n bytes: a bounded drain, as through io.LimitReader
	{"io", "", "CopyBuffer"}:          1,
	{"bytes", "Buffer", "ReadFrom"}:   1,
	{"bufio", "Writer", "ReadFrom"}:   1,
	{"os", "File", "ReadFrom"}:        1,
	{"net/http", "Response", "Write"}: 0, // writes the body out, then closes it (KnownEffects)
}

// BoundedReaders lists the functions that return a reader over at most a
// given number of bytes of their parameter 0. Reading such a reader to
// its end is the idiom for an error response: it drains a small body and
// gives up on a large one.
var BoundedReaders = map[FuncKey]bool{
	{"io", "", "LimitReader"}: true,
}

// OneValueDecoders maps the functions that make a decoder reading from
// their parameter 0 to the decoder method that reads one value only,
// leaving the rest of the input (a trailing newline, more values) unread.
var OneValueDecoders = map[FuncKey]FuncKey{
	{"encoding/json", "", "NewDecoder"}: {"encoding/json", "Decoder", "Decode"},
	{"encoding/xml", "", "NewDecoder"}:  {"encoding/xml", "Decoder", "Decode"},
	{"encoding/gob", "", "NewDecoder"}:  {"encoding/gob", "Decoder", "Decode"},
}

// MetadataMethods lists the methods of *net/http.Response that do not
// touch its body.
var MetadataMethods = map[FuncKey]bool{
	{"net/http", "Response", "Cookies"}:      true,
	{"net/http", "Response", "Location"}:     true,
	{"net/http", "Response", "ProtoAtLeast"}: true,
}

// NoBodyStatuses lists the status codes whose responses have no body
// (RFC 9110, 6.4.1), besides 1xx: closing them unread costs nothing.
var NoBodyStatuses = map[int64]bool{204: true, 304: true}

// DecoderSettings lists the methods of the decoders in OneValueDecoders
// that configure them without reading.
var DecoderSettings = map[FuncKey]bool{
	{"encoding/json", "Decoder", "UseNumber"}:             true,
	{"encoding/json", "Decoder", "DisallowUnknownFields"}: true,
}
