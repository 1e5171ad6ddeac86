// Package gemm is autograd's float32 matrix multiply: a register-blocked
// kernel whose every result is bit for bit the one of the plain triple loop
// [Loop].
//
// # The order of summation
//
// Each element of the product is summed over k in order, in float32,
// starting from +0: s = ((0 + a₀b₀) + a₁b₁) + …, every product rounded
// before it is added (no fused multiply-add), and then stored, or added to
// the element already in c. The blocked kernel keeps that order: it splits
// the work over rows and columns of c, never over k, and each of its vector
// lanes adds the products of one element of c in the loop's order. So its
// results equal Loop's to the bit, infinities included, whichever kernel
// runs; a NaN result is NaN in both (every product is formed: 0·NaN and
// 0·∞ are NaN), its payload unspecified, as Go leaves it.
//
// # Kernels
//
// [F32] computes each tile of c (mr rows by nr = 16 columns) with its
// sums in registers, reading mr rows of op(a) and nr columns of op(b) in
// place, with strides; it copies into zero-padded panels only what cannot
// be read so: the columns of a transposed b, and the partial rows and
// columns at the edges. The tile kernel is chosen once, by the CPU:
//
//   - AVX-512 (amd64): tiles of 8×16, one 16-lane register a row;
//   - AVX2 (amd64): tiles of 4×16, two 8-lane registers a row;
//   - otherwise, or with the purego build tag: kernelGo, plain Go in blocks
//     of 2×4 held in local variables, tiles of 4×16.
//
// The assembly kernels multiply and add with separate instructions, as the
// Go kernel does, and the tests hold each of them bit for bit to kernelGo
// and F32 to Loop, under every kernel.
package gemm

import "sync"

// The tile computed by one kernel call: mr rows (4, or 8 for the AVX-512
// kernel; see tileRows) by nr columns of c.
const (
	maxMR = 8
	nr    = 16
)

// nc is the number of columns of op(b) packed at a time, which bounds the
// scratch memory to (mr + nc)·k values.
const nc = 256

// F32 computes c = op(a)·op(b), or c += op(a)·op(b) when acc is set, for
// row-major matrices with op(a) [m,k], op(b) [k,n] and c [m,n]; op
// transposes when tA (tB) is set, so that a is stored [k,m] (b is stored
// [n,k]). The results are bit for bit those of [Loop]. F32 allocates
// nothing once its scratch pool is warm and is safe for concurrent use on
// distinct c.
//
// It panics if a slice is shorter than its shape says, as indexing does.
func F32(tA, tB bool, m, n, k int, a, b []float32, acc bool, c []float32) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 { // an empty sum, +0: stored, or added (which turns -0 into +0, as in Loop)
		EmptySum(acc, c[:m*n])
		return
	}
	_, _, _ = a[m*k-1], b[k*n-1], c[m*n-1]
	mr := tileRows()
	ncp := min(nc, (n+nr-1)/nr*nr)
	s := getScratch(mr*k + ncp*k)
	aEdge, bp := (*s)[:mr*k], (*s)[mr*k:mr*k+ncp*k]
	// op(a)[i,p] is a[i*rs + p*cs]; a panel of mr whole rows is read in
	// place, the last, partial one from aEdge.
	rs, cs := k, 1
	if tA {
		rs, cs = 1, m
	}
	var tile [maxMR * nr]float32
	for j0 := 0; j0 < n; j0 += nc {
		cols := min(nc, n-j0)
		if tB {
			// Columns of op(b) are rows of b: copy them into panels.
			packB(true, n, k, b, j0, cols, bp)
		} else if w := cols % nr; w != 0 {
			// Whole panels are read in place; the last, partial one is
			// padded with zeros.
			packB(false, n, k, b, j0+cols-w, w, bp[(cols-w)*k:])
		}
		for i := 0; i < m; i += mr {
			pa, ars, acs := a[i*rs:], rs, cs
			if m-i < mr {
				packA(tA, m, k, a, i, mr, aEdge)
				pa, ars, acs = aEdge, 1, mr
			}
			for jj := 0; jj < cols; jj += nr {
				j := j0 + jj
				pb, ldb := bp[jj*k:], nr
				if !tB && n-j >= nr {
					pb, ldb = b[j:], n
				}
				if i+mr <= m && j+nr <= n {
					kernel(k, mr, pa, ars, acs, pb, ldb, c[i*n+j:], n, acc)
					continue
				}
				// An edge tile: compute it whole, keep the part inside c.
				kernel(k, mr, pa, ars, acs, pb, ldb, tile[:], nr, false)
				for r := range min(mr, m-i) {
					row := c[(i+r)*n+j : (i+r)*n+min(j+nr, n)]
					t := tile[r*nr : r*nr+len(row)]
					if acc {
						for v := range row {
							row[v] += t[v]
						}
					} else {
						copy(row, t)
					}
				}
			}
		}
	}
	putScratch(s)
}

// EmptySum is what F32 and Loop do when k = 0: store the empty sum +0 into
// every element of c, or add it (which turns -0 into +0).
func EmptySum[T ~float32 | ~float64](acc bool, c []T) {
	if !acc {
		clear(c)
		return
	}
	for i := range c {
		c[i] += 0
	}
}

// packA copies the rows i0 … m-1 (fewer than mr) of op(a) into a panel:
// element (i0+r, p) goes to ap[p·mr + r]; the rows after m are zero.
func packA(tA bool, m, k int, a []float32, i0, mr int, ap []float32) {
	ap = ap[:k*mr]
	clear(ap)
	for r := range m - i0 {
		for p := range k {
			if tA {
				ap[p*mr+r] = a[p*m+i0+r]
			} else {
				ap[p*mr+r] = a[(i0+r)*k+p]
			}
		}
	}
}

// packB copies the columns j0 … j0+cols-1 of op(b) into panels of nr
// columns: element (p, j0+j) goes to bp[(j/nr)·nr·k + p·nr + j%nr]; the
// columns after n are zero.
func packB(tB bool, n, k int, b []float32, j0, cols int, bp []float32) {
	for jj := 0; jj < cols; jj += nr {
		panel := bp[jj*k : jj*k+nr*k]
		width := min(nr, cols-jj)
		j := j0 + jj
		if !tB { // op(b)[p,j] = b[p*n+j]: a row segment per p
			for p := range k {
				dst := panel[p*nr : p*nr+nr]
				w := copy(dst, b[p*n+j:p*n+j+width])
				clear(dst[w:])
			}
			continue
		}
		// op(b)[p,j] = b[j*k+p]: column j of op(b) is row j of b.
		if width < nr { // an edge panel: zeros after the last column
			clear(panel)
			for v := range width {
				for p, x := range b[(j+v)*k : (j+v)*k+k] {
					panel[p*nr+v] = x
				}
			}
			continue
		}
		transposePanel(k, b[j*k:(j+nr)*k], panel)
	}
}

// transposeGo sets panel[p·nr + v] = rows[v·k + p] for p in [p0, k) and
// v < nr: the portable transposition, and the reference of the assembly
// one. Four values of each of the nr rows at a time keep the reads on nr
// cache lines, and each pass writes four panel rows.
func transposeGo(k, p0 int, rows, panel []float32) {
	p := p0
	for ; p+4 <= k; p += 4 {
		d := panel[p*nr : p*nr+4*nr]
		for v := range nr {
			q := rows[v*k+p : v*k+p+4]
			d[v], d[nr+v], d[2*nr+v], d[3*nr+v] = q[0], q[1], q[2], q[3]
		}
	}
	for ; p < k; p++ {
		for v := range nr {
			panel[p*nr+v] = rows[v*k+p]
		}
	}
}

// kernelGo computes the mr×nr tile Σ_p a[r·rs + p·cs]·b[p·ldb + v], each
// element summed over p in order from +0, and stores it into c (rows ldc
// apart), or adds it to c when acc is set. It is the portable kernel and
// the reference of the assembly ones.
//
// It works through the tile in blocks of 2×4, whose eight sums stay in
// local variables (registers, even on amd64's sixteen) while p runs over
// k; blocks are independent, so each element's sum runs in the same order
// as in one pass.
func kernelGo(k, mr int, a []float32, rs, cs int, b []float32, ldb int, c []float32, ldc int, acc bool) {
	for r0 := 0; r0 < mr; r0 += 2 {
		for v0 := 0; v0 < nr; v0 += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float32
			ai, bi := r0*rs, v0
			for range k {
				a0, a1 := a[ai], a[ai+rs]
				bs := b[bi : bi+4 : bi+4]
				b0, b1, b2, b3 := bs[0], bs[1], bs[2], bs[3]
				// float32(...): each product rounded, never fused.
				s00 += float32(a0 * b0)
				s01 += float32(a0 * b1)
				s02 += float32(a0 * b2)
				s03 += float32(a0 * b3)
				s10 += float32(a1 * b0)
				s11 += float32(a1 * b1)
				s12 += float32(a1 * b2)
				s13 += float32(a1 * b3)
				ai += cs
				bi += ldb
			}
			for r, s := range [2][4]float32{{s00, s01, s02, s03}, {s10, s11, s12, s13}} {
				row := c[(r0+r)*ldc+v0 : (r0+r)*ldc+v0+4]
				if acc {
					for v := range row {
						row[v] += s[v]
					}
				} else {
					copy(row, s[:])
				}
			}
		}
	}
}

// Loop is the specification of F32: the plain triple loop, each element
// summed over k in order, in T, then stored or added to c. It serves any
// element type, so that autograd's other types use the same order.
func Loop[T ~float32 | ~float64](tA, tB bool, m, n, k int, a, b []T, acc bool, c []T) {
	for i := range m {
		for j := range n {
			var s T
			for p := range k {
				x, y := a[i*k+p], b[p*n+j]
				if tA {
					x = a[p*m+i]
				}
				if tB {
					y = b[j*k+p]
				}
				s += T(x * y) // T(...): rounded, never fused
			}
			if acc {
				c[i*n+j] += s
			} else {
				c[i*n+j] = s
			}
		}
	}
}

// scratch holds packing buffers for reuse across calls.
var scratch sync.Pool

func getScratch(n int) *[]float32 {
	if s, ok := scratch.Get().(*[]float32); ok && cap(*s) >= n {
		*s = (*s)[:n]
		return s
	}
	s := make([]float32, n)
	return &s
}

func putScratch(s *[]float32) { scratch.Put(s) }
