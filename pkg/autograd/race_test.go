//go:build race

package autograd

// raceEnabled reports whether the race detector is on; it makes some
// values escape to the heap, so allocation counts do not hold under it.
const raceEnabled = true
