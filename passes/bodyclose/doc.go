// Package bodyclose defines the bodyclosecheck Analyzer, which reports
// HTTP response bodies that are not closed on every path.
//
// # Analyzer bodyclosecheck
//
// bodyclosecheck: report HTTP response bodies that are not closed on every path
//
// Every *http.Response obtained from a call (http.Get, (*http.Client).Do,
// RoundTrip, http.ReadResponse, and any function or function value that
// returns one) holds a connection until its Body is closed. A body that is
// closed on the success path but not after an early return, for example
// after a status check, pins one pooled connection per such response until
// the pool is exhausted:
//
//	resp, err := client.Do(req)
//	if err != nil {
//		return err
//	}
//	if resp.StatusCode != http.StatusOK {
//		return fmt.Errorf("status %s", resp.Status) // leaks resp.Body
//	}
//	defer resp.Body.Close()
//
// The analyzer follows each response on the SSA form of the function from
// the call that obtained it to every return, and reports the call when
// some path reaches a return with the response non-nil and its Body
// neither closed nor handed on. The message names the first leaking return
// and every leaking return is attached as related information.
//
// The path of a failed call (err != nil) and paths on which the response
// is nil are not followed; nor are paths that end the process or
// goroutine (os.Exit, log.Fatal, panic, t.Fatal, and functions that never
// return). A response is handed on, and no longer the function's to close,
// when it is returned, sent, stored outside the function, or passed to
// code the analyzer cannot see. When a response or its Body is passed to a
// function that can be seen, in the same or another package, what that
// function does with it (closes it, only reads it, keeps it) is known from
// facts computed by the closefacts analyzer.
//
// Suggested fixes close the body where it leaks (fix.go, latefix.go,
// loopfix.go, discardfix.go), only when that is certainly right.
package bodyclose

// doc is the Analyzer's documentation, shown by "bodyclosecheck -help".
const doc = `report HTTP response bodies that are not closed on every path

Every *http.Response obtained from a call holds a connection until its Body
is closed. bodyclosecheck follows each response from the call that
obtained it to every return of the function and reports the call when some
path (an early return after a status check, a continue in a loop, a
discarded result) leaves the Body open. Paths on which the call failed or
the response is nil, and paths that never return, are not reported; a
response that is returned, stored, sent or passed to unknown code is
considered handed on. Suggested fixes close the body where it leaks: a
defer after the error check, a close before each exit of a loop iteration
or before a leaking return, a closing if for a dropped response; shapes for
which no fix is certainly right get none.`
