package flow

// Bits is an immutable, comparable set of small integers, usable as (part
// of) a search state.
type Bits string

// Has reports whether i is in the set.
func (b Bits) Has(i int) bool {
	return i/8 < len(b) && b[i/8]&(1<<(i%8)) != 0
}

// With returns the set with i added (on) or removed (off).
func (b Bits) With(i int, on bool) Bits {
	if b.Has(i) == on {
		return b
	}
	buf := []byte(b)
	for len(buf) <= i/8 {
		buf = append(buf, 0)
	}
	buf[i/8] ^= 1 << (i % 8)
	for len(buf) > 0 && buf[len(buf)-1] == 0 {
		buf = buf[:len(buf)-1]
	}
	return Bits(buf)
}

// Empty reports whether the set has no element.
func (b Bits) Empty() bool { return len(b) == 0 }
