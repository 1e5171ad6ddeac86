package floor

// streamGo is the portable loop of stream.
func streamGo(p, g, m, v []float32) {
	for i := range p {
		p[i] += g[i]
		m[i] += g[i]
		v[i] += g[i]
	}
}
