//go:build goexperiment.simd && amd64 && !purego

package kernel

import "simd/archsimd"

// useSIMD selects the simd/archsimd kernels, which Adam and AdamW then use
// instead of the assembly: true on CPUs with AVX2. Tests clear it to run the
// other paths.
var useSIMD = archsimd.X86.AVX2()

// adamSIMD runs adamRef's update with simd/archsimd vectors (8 float32 or 4
// float64 lanes, AVX2) and reports whether it could. It is an extra for
// builds with GOEXPERIMENT=simd, written in Go rather than assembly; like
// the assembly it gives adamRef's bits exactly: the same operations in the same
// order, each rounded, none fused (no MulAdd).
func adamSIMD[T Float](p, g, m, v, vmax []T, c *AdamCoeffs[T]) bool {
	if !useSIMD {
		return false
	}
	var k int
	if is32[T]() {
		k = adamSIMD32(as32(p), as32(g), as32(m), as32(v), as32(vmax), retype[AdamCoeffs[float32]](c))
	} else {
		k = adamSIMD64(as64(p), as64(g), as64(m), as64(v), as64(vmax), retype[AdamCoeffs[float64]](c))
	}
	adamRef(p[k:], g[k:], m[k:], v[k:], part(vmax, k, len(p)), c)
	return true
}

// adamSIMD32 is adamRef for float32, 8 elements at a time. It returns how
// many elements it updated: those that fill whole vectors.
func adamSIMD32(p, g, m, v, vmax []float32, c *AdamCoeffs[float32]) int {
	const lanes = 8
	n := len(p) &^ (lanes - 1)
	g, m, v = g[:n], m[:n], v[:n]
	amsgrad := vmax != nil
	if amsgrad {
		vmax = vmax[:n]
	}
	maximize, l2 := c.Maximize, c.WeightDecay != 0
	sign := archsimd.BroadcastUint32x8(1 << 31)
	wd := archsimd.BroadcastFloat32x8(c.WeightDecay)
	decay := archsimd.BroadcastFloat32x8(c.Decay)
	b1, b2 := archsimd.BroadcastFloat32x8(c.Beta1), archsimd.BroadcastFloat32x8(c.Beta2)
	omb1, omb2 := archsimd.BroadcastFloat32x8(c.OneMinusBeta1), archsimd.BroadcastFloat32x8(c.OneMinusBeta2)
	negStep := archsimd.BroadcastFloat32x8(c.NegStepSize)
	sqrtBC2, eps := archsimd.BroadcastFloat32x8(c.SqrtBC2), archsimd.BroadcastFloat32x8(c.Eps)
	for i := 0; i < n; i += lanes {
		pi := archsimd.LoadFloat32x8Slice(p[i:])
		gi := archsimd.LoadFloat32x8Slice(g[i:])
		if maximize {
			gi = gi.AsUint32x8().Xor(sign).AsFloat32x8()
		}
		if l2 {
			gi = gi.Add(wd.Mul(pi))
		}
		pi = pi.Mul(decay)
		mi := archsimd.LoadFloat32x8Slice(m[i:]).Mul(b1).Add(omb1.Mul(gi))
		vi := archsimd.LoadFloat32x8Slice(v[i:]).Mul(b2).Add(omb2.Mul(gi).Mul(gi))
		mi.StoreSlice(m[i:])
		vi.StoreSlice(v[i:])
		if amsgrad {
			vi = goMax32(archsimd.LoadFloat32x8Slice(vmax[i:]), vi)
			vi.StoreSlice(vmax[i:])
		}
		denom := vi.Sqrt().Div(sqrtBC2).Add(eps)
		pi.Add(negStep.Mul(mi).Div(denom)).StoreSlice(p[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// adamSIMD64 is adamSIMD32 for float64, 4 elements at a time.
func adamSIMD64(p, g, m, v, vmax []float64, c *AdamCoeffs[float64]) int {
	const lanes = 4
	n := len(p) &^ (lanes - 1)
	g, m, v = g[:n], m[:n], v[:n]
	amsgrad := vmax != nil
	if amsgrad {
		vmax = vmax[:n]
	}
	maximize, l2 := c.Maximize, c.WeightDecay != 0
	sign := archsimd.BroadcastUint64x4(1 << 63)
	wd := archsimd.BroadcastFloat64x4(c.WeightDecay)
	decay := archsimd.BroadcastFloat64x4(c.Decay)
	b1, b2 := archsimd.BroadcastFloat64x4(c.Beta1), archsimd.BroadcastFloat64x4(c.Beta2)
	omb1, omb2 := archsimd.BroadcastFloat64x4(c.OneMinusBeta1), archsimd.BroadcastFloat64x4(c.OneMinusBeta2)
	negStep := archsimd.BroadcastFloat64x4(c.NegStepSize)
	sqrtBC2, eps := archsimd.BroadcastFloat64x4(c.SqrtBC2), archsimd.BroadcastFloat64x4(c.Eps)
	for i := 0; i < n; i += lanes {
		pi := archsimd.LoadFloat64x4Slice(p[i:])
		gi := archsimd.LoadFloat64x4Slice(g[i:])
		if maximize {
			gi = gi.AsUint64x4().Xor(sign).AsFloat64x4()
		}
		if l2 {
			gi = gi.Add(wd.Mul(pi))
		}
		pi = pi.Mul(decay)
		mi := archsimd.LoadFloat64x4Slice(m[i:]).Mul(b1).Add(omb1.Mul(gi))
		vi := archsimd.LoadFloat64x4Slice(v[i:]).Mul(b2).Add(omb2.Mul(gi).Mul(gi))
		mi.StoreSlice(m[i:])
		vi.StoreSlice(v[i:])
		if amsgrad {
			vi = goMax64(archsimd.LoadFloat64x4Slice(vmax[i:]), vi)
			vi.StoreSlice(vmax[i:])
		}
		denom := vi.Sqrt().Div(sqrtBC2).Add(eps)
		pi.Add(negStep.Mul(mi).Div(denom)).StoreSlice(p[i:])
	}
	archsimd.ClearAVXUpperBits()
	return n
}

// goMax32 is Go's max(x, y) on each lane: NaN if either is NaN, +0 for
// max(-0, +0). (Max, VMAXPS, returns its second operand for a NaN or a pair
// of zeros instead.)
func goMax32(x, y archsimd.Float32x8) archsimd.Float32x8 {
	r := x.Merge(y, y.Less(x))                                                // the larger; y if unordered
	r = x.AsUint32x8().And(y.AsUint32x8()).AsFloat32x8().Merge(r, x.Equal(y)) // -0 only if both are -0
	return x.Merge(r, x.IsNaN())
}

// goMax64 is goMax32 for float64.
func goMax64(x, y archsimd.Float64x4) archsimd.Float64x4 {
	r := x.Merge(y, y.Less(x))
	r = x.AsUint64x4().And(y.AsUint64x4()).AsFloat64x4().Merge(r, x.Equal(y))
	return x.Merge(r, x.IsNaN())
}
