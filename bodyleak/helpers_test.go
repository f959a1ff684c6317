package bodyleak

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTrackRestoresTransport(t *testing.T) {
	base := &idleCloser{rtFunc: fakeRT()} // comparable, unlike a func
	c := &http.Client{Transport: base}
	ft := &fakeTB{}
	tr := Track(ft, c)
	if c.Transport != http.RoundTripper(tr) {
		t.Fatalf("Track did not install its Transport: %T", c.Transport)
	}
	if ft.helpers == 0 {
		t.Errorf("Track did not call Helper")
	}
	if failures := ft.finish(); len(failures) != 0 {
		t.Errorf("no request made, yet failures: %q", failures)
	}
	if c.Transport != http.RoundTripper(base) {
		t.Errorf("transport not restored: %T", c.Transport)
	}

	// A nil Transport is restored as nil (requests went to DefaultTransport).
	c = &http.Client{}
	ft = &fakeTB{}
	if tr := Track(ft, c); tr.Base() != http.DefaultTransport {
		t.Errorf("Track on a client without Transport wraps %T, want DefaultTransport", tr.Base())
	}
	ft.finish()
	if c.Transport != nil {
		t.Errorf("nil Transport restored as %T", c.Transport)
	}

	// A transport replaced during the test is left alone.
	c = &http.Client{Transport: base}
	ft = &fakeTB{}
	Track(ft, c)
	other := &idleCloser{rtFunc: fakeRT()}
	c.Transport = other
	ft.finish()
	if c.Transport != http.RoundTripper(other) {
		t.Errorf("cleanup overwrote a transport set during the test")
	}
}

func TestTrackNilClientPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "nil *http.Client") {
			t.Errorf("recover() = %v, want a panic about the nil client", r)
		}
	}()
	Track(&fakeTB{}, nil)
}

// leakViaDefaultClient leaks a body obtained through http.Get.
func leakViaDefaultClient(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	_ = resp // body never closed
	return nil
}

func TestTrackDefaultReportsAndRestores(t *testing.T) {
	srv := statusServer(t, http.StatusForbidden)
	orig := http.DefaultTransport
	ft := &fakeTB{}
	tr := TrackDefault(ft, WithGracePeriod(10*time.Millisecond))
	if http.DefaultTransport != http.RoundTripper(tr) || tr.Base() != orig {
		t.Fatalf("TrackDefault did not wrap http.DefaultTransport")
	}
	if err := leakViaDefaultClient(srv.URL + "/default"); err != nil {
		t.Fatal(err)
	}
	failures := ft.finish()
	if http.DefaultTransport != orig {
		t.Errorf("http.DefaultTransport not restored: %T", http.DefaultTransport)
	}
	if len(failures) != 1 || !strings.Contains(failures[0], "bodyleak.leakViaDefaultClient") ||
		!strings.Contains(failures[0], "GET "+srv.URL+"/default -> 403 Forbidden") {
		t.Errorf("failures = %q, want one report naming leakViaDefaultClient", failures)
	}
	srv.CloseClientConnections()
}

func TestGracePeriod(t *testing.T) {
	t.Run("closed by a goroutine within the grace period", func(t *testing.T) {
		c := &http.Client{Transport: fakeRT()}
		ft := &fakeTB{}
		Track(ft, c, WithGracePeriod(time.Second))
		resp, err := c.Get("http://example.invalid/late")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			time.Sleep(20 * time.Millisecond)
			resp.Body.Close()
		}()
		start := time.Now()
		if failures := ft.finish(); len(failures) != 0 {
			t.Errorf("body closed after 20ms was reported: %q", failures)
		}
		if d := time.Since(start); d < 15*time.Millisecond || d > 500*time.Millisecond {
			t.Errorf("check took %v; want it to wait for the close (~20ms), not the whole grace period", d)
		}
	})
	t.Run("never closed", func(t *testing.T) {
		c := &http.Client{Transport: fakeRT()}
		ft := &fakeTB{}
		Track(ft, c, WithGracePeriod(30*time.Millisecond))
		if _, err := c.Get("http://example.invalid/never"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		failures := ft.finish()
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Errorf("reported after %v, before the 30ms grace period", d)
		}
		if len(failures) != 1 || !strings.Contains(failures[0], "after a 30ms grace period") ||
			!strings.Contains(failures[0], "http://example.invalid/never") {
			t.Errorf("failures = %q, want one report for /never", failures)
		}
	})
}

func TestWithIgnore(t *testing.T) {
	c := &http.Client{Transport: fakeRT()}
	ft := &fakeTB{}
	Track(ft, c, WithGracePeriod(0), WithIgnore(nil), WithIgnore(func(b OpenBody) bool {
		return strings.HasSuffix(b.URL, "/stream")
	}))
	for _, p := range []string{"/stream", "/leak"} {
		if _, err := c.Get("http://example.invalid" + p); err != nil {
			t.Fatal(err)
		}
	}
	failures := ft.finish()
	if len(failures) != 1 || strings.Contains(failures[0], "/stream") || !strings.Contains(failures[0], "/leak") {
		t.Errorf("failures = %q, want /leak reported and /stream ignored", failures)
	}
}

func leakMany(c *http.Client, n int) {
	for i := range n {
		c.Get("http://example.invalid/many/" + string(rune('a'+i)))
	}
}

func leakOnce(c *http.Client) { c.Get("http://example.invalid/once") }

func TestReportGroupsByCallSite(t *testing.T) {
	c := &http.Client{Transport: fakeRT()}
	ft := &fakeTB{}
	Track(ft, c, WithGracePeriod(0))
	leakMany(c, 7)
	leakOnce(c)
	failures := ft.finish()
	if len(failures) != 1 {
		t.Fatalf("failures = %q, want one", failures)
	}
	r := failures[0]
	for _, want := range []string{
		"bodyleak: 8 HTTP response bodies never closed, from 2 call sites",
		"[1] 7 bodies obtained at the same place:",
		"GET http://example.invalid/many/a -> 200 OK",
		"GET http://example.invalid/many/e -> 200 OK",
		"... and 2 more",
		"bodyleak.leakMany\n",
		"[2] GET http://example.invalid/once -> 200 OK",
		"bodyleak.leakOnce\n",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r, "/many/f") || strings.Count(r, "bodyleak.leakMany\n") != 1 {
		t.Errorf("report lists more than 5 requests or repeats the stack:\n%s", r)
	}
}

// fakeM stands in for *testing.M: Run executes run and returns code.
type fakeM struct {
	run  func()
	code int
}

func (m fakeM) Run() int {
	m.run()
	return m.code
}

func TestVerifyTestMain(t *testing.T) {
	srv := statusServer(t, http.StatusForbidden)
	defer srv.CloseClientConnections()
	leak := func() {
		if err := leakViaDefaultClient(srv.URL + "/main"); err != nil {
			t.Error(err)
		}
	}
	clean := func() {
		if code, err := fetchStatusFixed(http.DefaultClient, srv.URL+"/main"); err != nil || code != 403 {
			t.Errorf("fetchStatusFixed = %d, %v", code, err)
		}
	}
	for _, tc := range []struct {
		name       string
		m          fakeM
		wantCode   int
		wantReport bool
	}{
		{"leak", fakeM{leak, 0}, 1, true},
		{"clean", fakeM{clean, 0}, 0, false},
		{"failed run is not checked", fakeM{leak, 3}, 3, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig := http.DefaultTransport
			var out bytes.Buffer
			code := verifyTestMain(tc.m, &out, WithGracePeriod(10*time.Millisecond))
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d", code, tc.wantCode)
			}
			if got := strings.Contains(out.String(), "bodyleak.leakViaDefaultClient"); got != tc.wantReport {
				t.Errorf("report naming leakViaDefaultClient: %v, want %v; output:\n%s", got, tc.wantReport, out.String())
			}
			if http.DefaultTransport != orig {
				t.Errorf("http.DefaultTransport not restored")
			}
		})
	}
}

func TestExpvarVar(t *testing.T) {
	clock := newFakeClock()
	tr := NewTransport(fakeRT())
	tr.now = clock.Now
	v := tr.Var()
	if got, want := v.String(), `{"open":0,"max_open":0,"oldest_age_seconds":0,"total":0}`; got != want {
		t.Errorf("empty: %s, want %s", got, want)
	}
	resp, err := tr.RoundTrip(mustRequest("GET", "http://example.invalid/"))
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(1500 * time.Millisecond)
	if got, want := v.String(), `{"open":1,"max_open":1,"oldest_age_seconds":1.5,"total":1}`; got != want {
		t.Errorf("one open: %s, want %s", got, want)
	}
	resp.Body.Close()
	if got, want := v.String(), `{"open":0,"max_open":1,"oldest_age_seconds":0,"total":1}`; got != want {
		t.Errorf("closed: %s, want %s", got, want)
	}
	if got := (Var{}).String(); got != "null" {
		t.Errorf("zero Var: %s, want null", got)
	}
}
