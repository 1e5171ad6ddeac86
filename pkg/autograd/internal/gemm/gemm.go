// Package gemm is autograd's float32 matrix multiply: a packed, register-
// blocked kernel whose every result is bit for bit the one of the plain
// triple loop [Loop].
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
// [F32] copies op(a) into panels of mr rows and op(b) into panels of nr
// columns (zero-padded at the edges), so that the kernel reads both
// sequentially, and computes each mr×nr tile of c with its accumulators in
// registers. On amd64 with AVX2 the tile kernel is assembly; elsewhere, and
// with the purego build tag, it is the Go function kernelGo, which the
// tests hold bit for bit to the assembly.
package gemm

import "sync"

// The tile computed by one kernel call: mr rows by nr columns of c.
const (
	mr = 4
	nr = 16
)

// nc is the number of columns of op(b) packed at a time, which bounds the
// scratch memory to about (m + nc)·k values.
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
	if k == 0 { // an empty sum
		if !acc {
			clear(c[:m*n])
		}
		return
	}
	_, _, _ = a[m*k-1], b[k*n-1], c[m*n-1]
	mp := (m + mr - 1) / mr * mr // rows padded to whole panels
	ncp := min(nc, (n+nr-1)/nr*nr)
	s := getScratch(mp*k + ncp*k)
	ap, bp := (*s)[:mp*k], (*s)[mp*k:mp*k+ncp*k]
	packA(tA, m, k, a, ap)
	var tile [mr * nr]float32
	for j0 := 0; j0 < n; j0 += nc {
		cols := min(nc, n-j0)
		packB(tB, n, k, b, j0, cols, bp)
		for i0 := 0; i0 < m; i0 += mr {
			pa := ap[i0*k : i0*k+mr*k]
			for jj := 0; jj < cols; jj += nr {
				pb := bp[jj*k : jj*k+nr*k]
				i, j := i0, j0+jj
				if i+mr <= m && j+nr <= n {
					kernel(k, pa, pb, c[i*n+j:], n, acc)
					continue
				}
				// An edge tile: compute it whole, keep the part inside c.
				kernel(k, pa, pb, tile[:], nr, false)
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

// packA copies op(a) into panels of mr rows: element (i, p) goes to
// ap[(i/mr)·mr·k + p·mr + i%mr]; the rows after m are zero.
func packA(tA bool, m, k int, a, ap []float32) {
	for i0 := 0; i0 < m; i0 += mr {
		panel := ap[i0*k : i0*k+mr*k]
		rows := min(mr, m-i0)
		if tA { // op(a)[i,p] = a[p*m+i]: mr consecutive values per p
			for p := range k {
				dst := panel[p*mr : p*mr+mr]
				n := copy(dst, a[p*m+i0:p*m+i0+rows])
				clear(dst[n:])
			}
			continue
		}
		if rows < mr { // an edge panel: zeros below the last row
			clear(panel)
			for r := range rows {
				for p, v := range a[(i0+r)*k : (i0+r)*k+k] {
					panel[p*mr+r] = v
				}
			}
			continue
		}
		// Four rows side by side: the reads stay on four cache lines at a
		// time and the writes are sequential.
		r0, r1, r2, r3 := a[i0*k:i0*k+k], a[(i0+1)*k:(i0+1)*k+k], a[(i0+2)*k:(i0+2)*k+k], a[(i0+3)*k:(i0+3)*k+k]
		for p := range k {
			d := (*[mr]float32)(panel[p*mr:])
			d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
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
		// op(b)[p,j] = b[j*k+p]: column j of op(b) is row j of b. Reading
		// the panel's rows side by side keeps the reads on nr cache lines at
		// a time and makes the writes sequential.
		var rows [nr][]float32
		for v := range nr {
			if v < width {
				rows[v] = b[(j+v)*k : (j+v)*k+k]
			}
		}
		if width < nr { // an edge panel: zeros after the last column
			clear(panel)
			for v := range width {
				for p, x := range rows[v] {
					panel[p*nr+v] = x
				}
			}
			continue
		}
		for p := range k {
			d := (*[nr]float32)(panel[p*nr:])
			for v := range nr {
				d[v] = rows[v][p]
			}
		}
	}
}

// kernelGo computes the mr×nr tile Σ_p a[p·mr+r]·b[p·nr+v] from packed
// panels, each element summed over p in order from +0, and stores it into
// c (rows ldc apart), or adds it to c when acc is set. It is the portable
// kernel and the reference of the assembly one.
func kernelGo(k int, a, b, c []float32, ldc int, acc bool) {
	var t [mr][nr]float32
	a, b = a[:k*mr], b[:k*nr]
	for p := range k {
		bs := (*[nr]float32)(b[p*nr:])
		for r := range mr {
			x := a[p*mr+r]
			tr := &t[r]
			for v := range nr {
				tr[v] += float32(x * bs[v]) // float32(...): rounded, never fused
			}
		}
	}
	for r := range mr {
		row := c[r*ldc : r*ldc+nr]
		if acc {
			for v := range row {
				row[v] += t[r][v]
			}
		} else {
			copy(row, t[r][:])
		}
	}
}

// Loop is the specification of F32: the plain triple loop, each element
// summed over k in order, in float32, then stored or added to c.
func Loop(tA, tB bool, m, n, k int, a, b []float32, acc bool, c []float32) {
	for i := range m {
		for j := range n {
			var s float32
			for p := range k {
				x, y := a[i*k+p], b[p*n+j]
				if tA {
					x = a[p*m+i]
				}
				if tB {
					y = b[j*k+p]
				}
				s += float32(x * y)
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
