package autograd

import (
	"fmt"

	"github.com/descentlab/descent/pkg/tensor"
)

// Workspace lends the buffers of the graphs built on it and takes them back
// all at once, so that a training loop that builds a graph of the same
// shapes every step allocates almost nothing after its first step:
//
//	var ws autograd.Workspace[float32]
//	for step := range steps {
//		ws.Reset()
//		loss := autograd.SoftmaxCrossEntropy(net.Forward(ws.Const(x)), labels)
//		if err := loss.Backward(); err != nil { ... }
//		opt.Step()
//	}
//
// An op takes its result's value and gradient buffers from the workspace of
// its inputs (the first input that has one), so one leaf made by
// [Workspace.Const] or [Workspace.Param] puts the whole graph downstream of
// it on the workspace. [Workspace.Reset] takes every buffer back: the Vars
// made on the workspace before it are spent, and an op given one, or its
// Backward, returns an error saying so, and its Value, Grad, Shape and
// Tensor are nil, so that a stale value is never read as if it were
// current. Copy what must outlive the step (the loss, say) before Reset.
//
// What a workspace saves: the values, gradients and shapes of every op's
// result and the scratch memory of the ops and of Backward. Each op still
// allocates its Var and the closure that holds its derivative, a few
// allocations per op.
//
// The zero Workspace is ready to use. A Workspace is not safe for
// concurrent use: give each goroutine its own.
type Workspace[T tensor.Float] struct {
	gen    uint64 // incremented by Reset; a Var made in another generation is spent
	floats slab[T]
	ints   slab[int]

	// Backward's scratch memory.
	order []*Var[T]
	seen  map[*Var[T]]bool
	stack []visit[T]
}

// Reset takes back every buffer lent since the last Reset; the Vars made on
// the workspace before it are spent (see [Workspace]).
func (ws *Workspace[T]) Reset() {
	ws.gen++
	ws.floats.reset()
	ws.ints.reset()
}

// Const is [Const] on the workspace: a constant leaf for t whose
// downstream ops take their buffers from ws. t itself stays the caller's.
func (ws *Workspace[T]) Const(t *tensor.Tensor[T]) *Var[T] {
	v := Const(t)
	if v.err == nil {
		v.ws, v.gen = ws, ws.gen
	}
	return v
}

// Param is [Param] on the workspace: a parameter leaf for t whose
// downstream ops take their buffers from ws. Backward still adds into
// t.Grad, which stays the caller's.
func (ws *Workspace[T]) Param(t *tensor.Tensor[T]) *Var[T] {
	v := Param(t)
	if v.err == nil {
		v.ws, v.gen = ws, ws.gen
	}
	return v
}

// spent reports whether v was made on a workspace that has been Reset since.
func (v *Var[T]) spent() bool { return v.ws != nil && v.gen != v.ws.gen }

// errSpent is the error of a Var whose workspace was Reset after it was made.
var errSpent = fmt.Errorf("autograd: Var made on a Workspace before its last Reset, whose buffers it no longer owns")

// workspaceOf returns the workspace of the first input that has one.
func workspaceOf[T tensor.Float](a, b *Var[T]) *Workspace[T] {
	if a.ws != nil {
		return a.ws
	}
	if b != nil {
		return b.ws
	}
	return nil
}

// values returns n zeros of T: from ws, or newly allocated when ws is nil.
func (ws *Workspace[T]) values(n int) []T {
	if ws == nil {
		return make([]T, n)
	}
	s := ws.floats.take(n)
	clear(s)
	return s
}

// indices returns a copy of s: in ws, or newly allocated when ws is nil.
func (ws *Workspace[T]) indices(s []int) []int {
	if ws == nil {
		return append([]int(nil), s...)
	}
	d := ws.ints.take(len(s))
	copy(d, s)
	return d
}

// A slab lends consecutive pieces of its chunks and takes them all back at
// once. After a reset it hands out the same pieces again for the same
// requests, so a repeated sequence of requests allocates only the first
// time.
type slab[E any] struct {
	chunks [][]E
	cur    int // the chunk pieces come from
	used   int // elements of chunks[cur] lent
}

// take lends n elements (their contents are left as they were).
func (s *slab[E]) take(n int) []E {
	for s.cur < len(s.chunks) {
		c := s.chunks[s.cur]
		if s.used+n <= len(c) {
			p := c[s.used : s.used+n : s.used+n]
			s.used += n
			return p
		}
		s.cur, s.used = s.cur+1, 0
	}
	size := max(n, 4096)
	if len(s.chunks) > 0 {
		size = max(n, 2*len(s.chunks[len(s.chunks)-1]))
	}
	s.chunks = append(s.chunks, make([]E, size))
	s.cur, s.used = len(s.chunks)-1, n
	return s.chunks[s.cur][:n:n]
}

// reset takes back every piece lent. Several chunks are merged into one
// that holds them all, so that the pieces of the next round are contiguous.
func (s *slab[E]) reset() {
	if len(s.chunks) > 1 {
		total := 0
		for _, c := range s.chunks {
			total += len(c)
		}
		s.chunks = [][]E{make([]E, total)}
	}
	s.cur, s.used = 0, 0
}
