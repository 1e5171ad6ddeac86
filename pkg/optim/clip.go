package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/descentlab/descent/pkg/tensor"
)

// ErrNonFiniteNorm is wrapped by the error ClipGradNorm returns, with
// ErrorIfNonfinite(true), when the total norm of the gradients is NaN or
// infinite.
var ErrNonFiniteNorm = errors.New("the total norm of the gradients is not finite")

// ClipOption configures ClipGradNorm. It is an immutable value, safe to
// share between goroutines.
type ClipOption struct {
	normType    float64 // 0: not given
	errIfNonFin bool
	setErr      bool
}

// NormType sets the norm ClipGradNorm measures: 1, 2 (the default) or
// math.Inf(1), torch's norm_type.
func NormType(p float64) ClipOption { return ClipOption{normType: p} }

// ErrorIfNonfinite makes ClipGradNorm return an error, and leave the
// gradients alone, when their total norm is NaN or infinite, torch's
// error_if_nonfinite. Without it, as in torch, the gradients are scaled by
// max_norm/(NaN or Inf): they become NaN or zero.
func ErrorIfNonfinite(on bool) ClipOption { return ClipOption{errIfNonFin: on, setErr: true} }

// ClipGradNorm rescales the gradients of params together so that their
// total norm is at most maxNorm, as torch.nn.utils.clip_grad_norm_ in
// PyTorch 1.13, and returns the total norm before clipping.
//
// The total norm is the norm of the per-tensor norms, each rounded to T (for
// the 2-norm, sqrt(Σ‖g_i‖²)). Every gradient is then multiplied, in T, by
//
//	clip_coef = min(1, maxNorm / (total_norm + 1e-6))
//
// computed as torch does, 1/(total_norm + 1e-6) times maxNorm in T: a
// gradient whose norm is within maxNorm is multiplied by 1 and unchanged.
// The per-tensor norms are summed in float64 (torch's reduction order is
// unspecified), so the returned norm agrees with torch's to rounding.
//
// maxNorm must be in [0, inf]; the norm type is 2 unless NormType says
// otherwise. ClipGradNorm allocates nothing. Between Backward and Step:
//
//	norm, err := optim.ClipGradNorm(opt.Params(), 1.0)
func ClipGradNorm[T tensor.Float](params []*tensor.Tensor[T], maxNorm float64, opts ...ClipOption) (float64, error) {
	p, errIfNonFinite := 2.0, false
	for _, o := range opts {
		if o.normType != 0 {
			p = o.normType
		}
		if o.setErr {
			errIfNonFinite = o.errIfNonFin
		}
	}
	if p != 1 && p != 2 && !math.IsInf(p, 1) {
		return 0, fmt.Errorf("optim: ClipGradNorm: norm type %s is not supported: use 1, 2 or math.Inf(1)", fmtFloat(p))
	}
	if !(maxNorm >= 0) {
		return 0, fmt.Errorf("optim: ClipGradNorm: max_norm = %s is outside [0, inf]", fmtFloat(maxNorm))
	}
	if err := checkTensors("ClipGradNorm", params); err != nil {
		return 0, err
	}
	if len(params) == 0 {
		return 0, nil // torch returns tensor(0.) and changes nothing
	}
	var total T
	switch {
	case p == 1:
		for _, t := range params {
			total += T(norm1(t.Grad))
		}
	case p == 2:
		var s ssq
		for _, t := range params {
			s.add(float64(T(norm2(t.Grad))))
		}
		total = T(s.norm())
	default:
		for _, t := range params {
			total = maxNaN(total, T(normInf(t.Grad)))
		}
	}
	if errIfNonFinite && (math.IsNaN(float64(total)) || math.IsInf(float64(total), 0)) {
		return float64(total), fmt.Errorf("optim: ClipGradNorm: %w: the %s-norm is %v, so the gradients cannot be clipped",
			ErrNonFiniteNorm, fmtBound(p), float64(total))
	}
	// torch: clip_coef = max_norm / (total_norm + 1e-6), where float/tensor
	// is reciprocal(tensor) * float; then clamp(max=1), which keeps NaN.
	coef := T(T(1)/(total+T(1e-6))) * T(maxNorm)
	coef = min(coef, 1)
	for _, t := range params {
		for i := range t.Grad {
			t.Grad[i] *= coef
		}
	}
	return float64(total), nil
}

// ClipGradValue clamps every gradient element of params to [-clip, clip],
// as torch.nn.utils.clip_grad_value_; NaN stays NaN. clip must be in
// [0, inf]. It allocates nothing.
func ClipGradValue[T tensor.Float](params []*tensor.Tensor[T], clip float64) error {
	if !(clip >= 0) {
		return fmt.Errorf("optim: ClipGradValue: clip_value = %s is outside [0, inf]", fmtFloat(clip))
	}
	if err := checkTensors("ClipGradValue", params); err != nil {
		return err
	}
	hi := T(clip)
	lo := -hi
	for _, t := range params {
		for i, g := range t.Grad {
			if g < lo {
				t.Grad[i] = lo
			} else if g > hi {
				t.Grad[i] = hi
			}
		}
	}
	return nil
}

// checkTensors checks that no tensor is nil or malformed.
func checkTensors[T tensor.Float](fn string, params []*tensor.Tensor[T]) error {
	for i, t := range params {
		if t == nil {
			return fmt.Errorf("optim: %s: parameter %d is nil", fn, i)
		}
		if err := t.Check(); err != nil {
			return fmt.Errorf("optim: %s: parameter %d: %w", fn, i, err)
		}
	}
	return nil
}

// maxNaN is the larger of a and b, or NaN if either is, as torch.max.
func maxNaN[T tensor.Float](a, b T) T {
	if a != a || b != b {
		return T(math.NaN())
	}
	return max(a, b)
}

// norm1 returns Σ|g|, summed in float64.
func norm1[T tensor.Float](g []T) float64 {
	var s float64
	for _, v := range g {
		s += math.Abs(float64(v))
	}
	return s
}

// normInf returns max |g| (NaN if any element is NaN).
func normInf[T tensor.Float](g []T) float64 {
	var m float64
	for _, v := range g {
		a := math.Abs(float64(v))
		if a != a {
			return a
		}
		m = max(m, a)
	}
	return m
}

// norm2 returns sqrt(Σ g²): a plain float64 sum of squares where it can
// neither overflow nor lose the small values, else a scaled sum.
func norm2[T tensor.Float](g []T) float64 {
	var s float64
	for _, v := range g {
		x := float64(v)
		s += float64(x * x)
	}
	if s > 0x1p-900 && s < 0x1p+900 || s != s {
		return math.Sqrt(s)
	}
	var sc ssq
	for _, v := range g {
		sc.add(float64(v))
	}
	return sc.norm()
}

// ssq accumulates a 2-norm without overflow or underflow, as LAPACK's
// dlassq: the norm is scale*sqrt(sum), with Inf and NaN kept aside.
type ssq struct {
	scale, sum float64
	inf, nan   bool
}

func (s *ssq) add(x float64) {
	a := math.Abs(x)
	switch {
	case a == 0:
	case a != a:
		s.nan = true
	case math.IsInf(a, 1):
		s.inf = true
	case s.scale < a:
		r := s.scale / a
		s.sum = 1 + float64(s.sum*float64(r*r))
		s.scale = a
	default:
		r := a / s.scale
		s.sum += float64(r * r)
	}
}

func (s *ssq) norm() float64 {
	switch {
	case s.nan:
		return math.NaN()
	case s.inf:
		return math.Inf(1)
	}
	return s.scale * math.Sqrt(s.sum)
}
