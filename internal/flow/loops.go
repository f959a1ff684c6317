package flow

import "golang.org/x/tools/go/ssa"

// InLoop returns the blocks of fn that lie on a cycle of its control-flow
// graph: the blocks that a path can run more than once. It finds the
// strongly connected components (Kosaraju, without recursion, so that a
// huge function cannot exhaust the stack).
func InLoop(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	n := len(fn.Blocks)
	seen := make([]bool, n)
	var order []*ssa.BasicBlock // by finishing time
	type frame struct {
		b    *ssa.BasicBlock
		next int
	}
	for _, root := range fn.Blocks {
		if seen[root.Index] {
			continue
		}
		seen[root.Index] = true
		stack := []frame{{b: root}}
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next < len(top.b.Succs) {
				s := top.b.Succs[top.next]
				top.next++
				if !seen[s.Index] {
					seen[s.Index] = true
					stack = append(stack, frame{b: s})
				}
				continue
			}
			order = append(order, top.b)
			stack = stack[:len(stack)-1]
		}
	}
	comp := make([]int, n)
	for i := range comp {
		comp[i] = -1
	}
	size := make(map[int]int)
	for i := len(order) - 1; i >= 0; i-- {
		root := order[i]
		if comp[root.Index] >= 0 {
			continue
		}
		comp[root.Index] = root.Index
		work := []*ssa.BasicBlock{root}
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			size[root.Index]++
			for _, p := range b.Preds {
				if comp[p.Index] < 0 {
					comp[p.Index] = root.Index
					work = append(work, p)
				}
			}
		}
	}
	in := make(map[*ssa.BasicBlock]bool)
	for _, b := range fn.Blocks {
		if size[comp[b.Index]] > 1 {
			in[b] = true
			continue
		}
		for _, s := range b.Succs {
			if s == b {
				in[b] = true
			}
		}
	}
	return in
}
