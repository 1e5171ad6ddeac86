//go:build race

package gemm

// raceEnabled says whether the race detector is on: it makes allocation counts meaningless
// (sync.Pool drops items at random under it).
const raceEnabled = true
