// Package cfgpath answers reachability questions on go/cfg graphs. It knows
// nothing about HTTP: callers say which blocks stop a path, which edges may
// be followed and which blocks are exits.
package cfgpath

import "golang.org/x/tools/go/cfg"

// Query describes a search from the entry block of a CFG, or from Start.
type Query struct {
	// Start is the block the paths start from; nil means the entry block.
	Start *cfg.Block
	// Stop reports whether a path ends (safely) in block b.
	Stop func(b *cfg.Block) bool
	// Follow reports whether the edge from b to its i-th successor may be
	// taken; nil means every edge.
	Follow func(b *cfg.Block, i int) bool
	// Exit reports whether reaching b completes an escaping path.
	Exit func(b *cfg.Block) bool
}

// Escapes reports whether some path from the start block of g (its entry
// unless q.Start is set) reaches an exit block without passing through a
// stopping block, and returns that exit.
func Escapes(g *cfg.CFG, q Query) (*cfg.Block, bool) {
	if g == nil || len(g.Blocks) == 0 {
		return nil, false
	}
	start := q.Start
	if start == nil {
		start = g.Blocks[0]
	}
	seen := make([]bool, len(g.Blocks))
	stack := []*cfg.Block{start}
	seen[start.Index] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if q.Stop(b) {
			continue
		}
		if q.Exit(b) {
			return b, true
		}
		for i, s := range b.Succs {
			if seen[s.Index] || (q.Follow != nil && !q.Follow(b, i)) {
				continue
			}
			seen[s.Index] = true
			stack = append(stack, s)
		}
	}
	return nil, false
}
