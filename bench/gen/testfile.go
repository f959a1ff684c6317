package main

// testFile is a test against an httptest server.
func (p *pkg) testFile() *file {
	f := newFile(p.Name)
	r := p.Res[0]
	d := resData{P: p, R: r}
	f.add(tmpl(testTemplate, d), "context", "encoding/json", "net/http", "net/http/httptest", "testing")
	return f
}

const testTemplate = `
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET «.R.Path»/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "missing" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(«.R.Name»{ID: r.PathValue("id"), Name: "test"})
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestGet«.R.Name»(t *testing.T) {
	srv := newTestServer(t)
	c := New(srv.URL, WithHTTPClient(srv.Client()), WithRetries(0))
	v, err := c.Get«.R.Name»(context.Background(), "42")
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "42" {
		t.Errorf("ID = %q, want %q", v.ID, "42")
	}
	if _, err := c.Get«.R.Name»(context.Background(), "missing"); err == nil {
		t.Error("Get«.R.Name»(missing): no error")
	}
}

func TestPing(t *testing.T) {
	srv := newTestServer(t)
	if err := New(srv.URL).Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestServerContentType(t *testing.T) {
	srv := newTestServer(t)
	resp, err := http.Get(srv.URL + "«.R.Path»/7")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
	var v «.R.Name»
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
}
`
