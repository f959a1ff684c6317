package bodyleak

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// maxRequestsPerSite bounds how many requests a report lists for one call
// site; the rest are counted.
const maxRequestsPerSite = 5

// LeakError is returned by Check when response bodies are still open after
// the grace period. Its message lists every body with its method, URL,
// status and age, grouped by the call stack that obtained it.
type LeakError struct {
	Bodies []OpenBody    // the open bodies, oldest first
	Grace  time.Duration // the grace period that elapsed before the report
}

// site is a group of open bodies obtained from the same call stack.
type site struct {
	pcs    []uintptr
	bodies []OpenBody
}

func groupBySite(bodies []OpenBody) []site {
	var sites []site
	for _, b := range bodies {
		i := slices.IndexFunc(sites, func(s site) bool { return slices.Equal(s.pcs, b.PCs) })
		if i < 0 {
			sites = append(sites, site{pcs: b.PCs})
			i = len(sites) - 1
		}
		sites[i].bodies = append(sites[i].bodies, b)
	}
	return sites
}

// Error formats the report.
func (e *LeakError) Error() string {
	sites := groupBySite(e.Bodies)
	var sb strings.Builder
	fmt.Fprintf(&sb, "bodyleak: %s never closed", plural(len(e.Bodies), "HTTP response body", "HTTP response bodies"))
	if len(sites) > 1 {
		fmt.Fprintf(&sb, ", from %d call sites", len(sites))
	}
	fmt.Fprintf(&sb, " (after a %v grace period)\n", e.Grace)
	for i, s := range sites {
		fmt.Fprintf(&sb, "\n[%d] ", i+1)
		s.write(&sb)
	}
	sb.WriteString("\nEvery response body must be closed, whatever the status code: " +
		"defer resp.Body.Close() as soon as err == nil.")
	return sb.String()
}

// write formats one call site: its requests, then its stack.
func (s site) write(sb *strings.Builder) {
	switch {
	case len(s.bodies) == 1:
		fmt.Fprintf(sb, "%s\n", s.bodies[0].summary())
	case len(s.pcs) == 0:
		fmt.Fprintf(sb, "%d bodies without a recorded stack:\n", len(s.bodies))
	default:
		fmt.Fprintf(sb, "%d bodies obtained at the same place:\n", len(s.bodies))
	}
	if len(s.bodies) > 1 {
		for j, b := range s.bodies {
			if j == maxRequestsPerSite {
				fmt.Fprintf(sb, "    ... and %d more\n", len(s.bodies)-j)
				break
			}
			fmt.Fprintf(sb, "    %s\n", b.summary())
		}
	}
	if len(s.pcs) > 0 {
		sb.WriteString("    obtained at:\n")
	}
	s.bodies[0].writeStack(sb, "      ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
