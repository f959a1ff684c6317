package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"text/template"
)

// module is the whole generated module.
type module struct {
	seed uint64
	// stride: package i imports package i-stride (and i/2).
	stride int
	// wrappedChecks: CheckResponse delegates to the status check of
	// another package instead of being written out.
	wrappedChecks bool
	pkgs          []*pkg
	leaks         []leak
}

// leak is one function that leaks a body on purpose: one expected finding.
type leak struct {
	pkg, fn, kind string
}

// pkg is one generated client package.
type pkg struct {
	Index   int
	Name    string // package name, e.g. orders0042
	Dir     string // directory in the module, e.g. svc/orders0042
	Path    string // import path
	Service string // e.g. orders
	Host    string
	Timeout int
	Retries int
	Deps    []*pkg
	Res     []*resource
	// MirrorStyle[k] picks how Deps[k] is used in mirror.go.
	MirrorStyle []int
	// Delegate: the exported helpers call those of Deps[0] instead of
	// httputil, making chains of facts across packages.
	Delegate bool

	rng   *rand.Rand
	m     *module
	leaks []leakSpec // leaks placed in resource files, by resource index
}

type leakSpec struct {
	kind string
	res  int
}

// resource is one REST resource of a package's service.
type resource struct {
	Name   string // Order
	Var    string // order
	Plural string // Orders
	Path   string // /orders
	Fields []field
	// Styles pick among equivalent ways to write each method.
	GetStyle, ListStyle, CreateStyle, DeleteStyle int
	Export, Count, Batch, Retry                   bool
}

type field struct {
	Name, Type, JSON string
}

var services = []string{
	"orders", "billing", "inventory", "users", "shipping", "payments", "catalog",
	"search", "reviews", "notify", "accounts", "invoices", "pricing", "warehouse",
	"fleet", "tickets", "auth", "profiles", "media", "reports", "audit", "quotas",
	"ledger", "loyalty", "tax", "fraud", "geo", "routing", "support", "feeds",
}

var nouns = [][2]string{
	{"Order", "Orders"}, {"Invoice", "Invoices"}, {"Customer", "Customers"},
	{"Product", "Products"}, {"Shipment", "Shipments"}, {"Payment", "Payments"},
	{"Review", "Reviews"}, {"Ticket", "Tickets"}, {"Account", "Accounts"},
	{"Subscription", "Subscriptions"}, {"Coupon", "Coupons"}, {"Vehicle", "Vehicles"},
	{"Driver", "Drivers"}, {"Route", "Routes"}, {"Report", "Reports"},
	{"Webhook", "Webhooks"}, {"Session", "Sessions"}, {"Device", "Devices"},
	{"Alert", "Alerts"}, {"Incident", "Incidents"}, {"Project", "Projects"},
	{"Task", "Tasks"}, {"Comment", "Comments"}, {"Attachment", "Attachments"},
	{"Team", "Teams"}, {"Member", "Members"}, {"Role", "Roles"}, {"Policy", "Policies"},
	{"Refund", "Refunds"}, {"Carrier", "Carriers"}, {"Parcel", "Parcels"},
	{"Budget", "Budgets"}, {"Quote", "Quotes"}, {"Batch", "Batches"},
}

var extraFields = []field{
	{"Status", "string", "status"},
	{"Amount", "int64", "amount"},
	{"Currency", "string", "currency"},
	{"Tags", "[]string", "tags"},
	{"OwnerID", "string", "owner_id"},
	{"UpdatedAt", "time.Time", "updated_at"},
	{"Labels", "map[string]string", "labels"},
	{"Quantity", "int", "quantity"},
	{"Enabled", "bool", "enabled"},
	{"URL", "string", "url"},
	{"Version", "int", "version"},
	{"Description", "string", "description,omitempty"},
	{"Priority", "int", "priority"},
	{"Region", "string", "region"},
}

// leak kinds; each makes exactly one finding.
var leakKinds = []string{
	"status-before-defer", // README example: return on a bad status before the defer
	"health-status-only",  // return resp.StatusCode == 200
	"readall-no-close",    // io.ReadAll(resp.Body) and never closed
	"retry-no-close",      // retry loop calls again before closing
	"discarded",           // _, err := c.hc.Post(...)
	"continue-in-loop",    // continue before the close in a loop
	"dep-decode-only",     // passed to another package's helper that only reads
}

func newModule(n int, seed uint64, stride int, wrappedChecks bool) *module {
	m := &module{seed: seed, stride: stride, wrappedChecks: wrappedChecks}
	for i := range n {
		m.pkgs = append(m.pkgs, m.newPkg(i))
	}
	for _, p := range m.pkgs {
		for _, l := range p.leaks {
			m.leaks = append(m.leaks, leak{p.Path, leakFuncName(l, p.Res[l.res]), l.kind})
		}
	}
	return m
}

func (m *module) newPkg(i int) *pkg {
	rng := rand.New(rand.NewPCG(m.seed, uint64(i)+0x9e3779b97f4a7c15))
	svc := services[rng.IntN(len(services))]
	p := &pkg{
		Index:   i,
		Name:    fmt.Sprintf("%s%04d", svc, i),
		Service: svc,
		Host:    fmt.Sprintf("%s-%d.internal.example.com", svc, i),
		Timeout: 5 * (1 + rng.IntN(6)),
		Retries: 1 + rng.IntN(4),
		rng:     rng,
		m:       m,
	}
	p.Dir = "svc/" + p.Name
	p.Path = modulePath + "/" + p.Dir
	if i >= m.stride {
		p.Deps = append(p.Deps, m.pkgs[i-m.stride])
	}
	if j := i / 2; j < i && (i < m.stride || j != i-m.stride) {
		p.Deps = append(p.Deps, m.pkgs[j])
	}
	if len(p.Deps) > 0 {
		p.Delegate = rng.IntN(3) == 0
	}
	nres := 1 + rng.IntN(2)
	for _, k := range rng.Perm(len(nouns))[:nres] {
		p.Res = append(p.Res, newResource(rng, nouns[k]))
	}
	for range p.Deps {
		p.MirrorStyle = append(p.MirrorStyle, rng.IntN(3))
	}
	// 0, 1 or 2 leaks: 45%, 40%, 15%.
	nleaks := 0
	switch r := rng.IntN(100); {
	case r >= 85:
		nleaks = 2
	case r >= 45:
		nleaks = 1
	}
	used := map[string]bool{}
	for len(p.leaks) < nleaks {
		kind := leakKinds[rng.IntN(len(leakKinds))]
		res := rng.IntN(len(p.Res))
		if kind == "dep-decode-only" && len(p.Deps) == 0 {
			continue
		}
		key := kind + "/" + p.Res[res].Name
		if used[key] {
			continue
		}
		used[key] = true
		p.leaks = append(p.leaks, leakSpec{kind, res})
	}
	p.addOptional(260 + rng.IntN(301))
	return p
}

func newResource(rng *rand.Rand, noun [2]string) *resource {
	r := &resource{
		Name:        noun[0],
		Var:         strings.ToLower(noun[0][:1]) + noun[0][1:],
		Plural:      noun[1],
		Path:        "/" + strings.ToLower(noun[1]),
		GetStyle:    rng.IntN(3),
		ListStyle:   rng.IntN(2),
		CreateStyle: rng.IntN(2),
		DeleteStyle: rng.IntN(2),
	}
	r.Fields = []field{{"ID", "string", "id"}, {"Name", "string", "name"}, {"CreatedAt", "time.Time", "created_at"}}
	for _, k := range rng.Perm(len(extraFields))[:1+rng.IntN(4)] {
		r.Fields = append(r.Fields, extraFields[k])
	}
	return r
}

// addOptional enables optional methods, in random order, while the
// estimated size of the package stays within target lines.
func (p *pkg) addOptional(target int) {
	est := lines(clientTemplate) + lines(helpersTemplate) + lines(testTemplate)
	for _, style := range p.MirrorStyle {
		est += lines(mirrorTemplates[style])
	}
	if len(p.Deps) > 0 {
		est += lines(depClientTemplate)
	}
	for _, r := range p.Res {
		est += 3 + len(r.Fields) + lines(getTemplates[r.GetStyle]) + lines(listTemplates[r.ListStyle]) +
			lines(createTemplates[r.CreateStyle]) + lines(deleteTemplates[r.DeleteStyle])
	}
	for _, l := range p.leaks {
		est += lines(leakTemplates[l.kind])
	}
	if p.usesSendJSON() {
		est += lines(sendJSONTemplate)
	}
	if p.usesFirstMatch() {
		est += lines(firstMatchTemplate)
	}
	type option struct {
		flag *bool
		cost int
	}
	var opts []option
	for _, r := range p.Res {
		opts = append(opts,
			option{&r.Export, lines(exportTemplate)},
			option{&r.Count, lines(countTemplate)},
			option{&r.Batch, lines(batchTemplate)},
			option{&r.Retry, lines(retryTemplate)})
	}
	for _, k := range p.rng.Perm(len(opts)) {
		o := opts[k]
		cost := o.cost
		if o.flag == &p.Res[k/4].Count && !p.usesWithResponse() {
			cost += lines(withResponseTemplate)
		}
		if est+cost <= target {
			*o.flag = true
			est += cost
		}
	}
}

func lines(s string) int { return strings.Count(s, "\n") }

func (p *pkg) usesSendJSON() bool {
	for _, r := range p.Res {
		if r.CreateStyle == 0 {
			return true
		}
	}
	return false
}

func (p *pkg) usesWithResponse() bool {
	for _, r := range p.Res {
		if r.Count {
			return true
		}
	}
	return false
}

func (p *pkg) usesFirstMatch() bool {
	for _, s := range p.MirrorStyle {
		if s == 2 {
			return true
		}
	}
	return false
}

func leakFuncName(l leakSpec, r *resource) string {
	switch l.kind {
	case "status-before-defer":
		return "(*Client)." + r.Name + "Summary"
	case "health-status-only":
		return "(*Client)." + r.Plural + "Healthy"
	case "readall-no-close":
		return "(*Client).Raw" + r.Name
	case "retry-no-close":
		return "(*Client).Touch" + r.Name
	case "discarded":
		return "(*Client).Publish" + r.Name + "Event"
	case "continue-in-loop":
		return "(*Client).Warm" + r.Plural
	case "dep-decode-only":
		return "(*Client).mirror" + r.Plural
	}
	panic(l.kind)
}

// tmpl runs a template (with « » as delimiters) on data.
func tmpl(text string, data any) string {
	var b strings.Builder
	if err := parse(text).Execute(&b, data); err != nil {
		panic(err)
	}
	return b.String()
}

var (
	templatesMu sync.Mutex
	templates   = map[string]*template.Template{}
)

func parse(text string) *template.Template {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	t, ok := templates[text]
	if !ok {
		t = template.Must(template.New("").Delims("«", "»").Funcs(template.FuncMap{
			"lower": strings.ToLower,
		}).Parse(text))
		templates[text] = t
	}
	return t
}
