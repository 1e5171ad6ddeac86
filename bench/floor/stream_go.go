package floor

import "math"

// streamGo is the portable loop of stream.
func streamGo(p, g, m, v []float32) {
	for i := range p {
		p[i] += g[i]
		m[i] += g[i]
		v[i] += g[i]
	}
}

// readGo is the portable loop of read.
func readGo(x []float32) uint32 {
	var or uint32
	for _, v := range x {
		or |= math.Float32bits(v)
	}
	return or
}
