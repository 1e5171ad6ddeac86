package autograd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMLPMatchesReferenceFormula cross-checks autograd against the
// reference README's hand-derived gradient of its "mlp" problem,
// h = tanh(X·W1ᵀ + b1), pred = h·W2ᵀ + b2, loss = mean (pred - y)², on the
// reference data, in float64:
//
//	r = pred - y, gp = (2/n) r, dW2 = gpᵀ h, db2 = Σ gp,
//	gz = (gp W2) ⊙ (1 - h²), dW1 = gzᵀ X, db1 = Σ gz.
func TestMLPMatchesReferenceFormula(t *testing.T) {
	f := loadTorch(t, "linreg_torch.json")
	x, y := linregData[float64](f)
	net, err := NewMLP[float64]([]int{3, 4, 1}, Tanh, rand.New(rand.NewPCG(11, 12)))
	if err != nil {
		t.Fatal(err)
	}
	loss := MSELoss(net.Forward(x), y)
	if err := loss.Backward(); err != nil {
		t.Fatal(err)
	}

	// The formula, with plain loops.
	W1, b1 := net.Layers[0].Weight.Value, net.Layers[0].Bias.Value
	W2, b2 := net.Layers[1].Weight.Value, net.Layers[1].Bias.Value[0]
	n := len(f.X)
	dW1, db1, dW2 := make([]float64, 12), make([]float64, 4), make([]float64, 4)
	var db2, wantLoss float64
	for i, xi := range f.X {
		h := make([]float64, 4)
		pred := b2
		for j := range 4 {
			z := b1[j]
			for c := range 3 {
				z += W1[j*3+c] * xi[c]
			}
			h[j] = math.Tanh(z)
			pred += W2[j] * h[j]
		}
		r := pred - f.Y[i]
		wantLoss += r * r / float64(n)
		gp := 2 / float64(n) * r
		db2 += gp
		for j := range 4 {
			dW2[j] += gp * h[j]
			gz := gp * W2[j] * (1 - h[j]*h[j])
			db1[j] += gz
			for c := range 3 {
				dW1[j*3+c] += gz * xi[c]
			}
		}
	}

	if d := math.Abs(loss.Item() - wantLoss); d > 1e-14*wantLoss {
		t.Errorf("loss %.17g, formula %.17g", loss.Item(), wantLoss)
	}
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"W1", net.Layers[0].Weight.Grad, dW1},
		{"b1", net.Layers[0].Bias.Grad, db1},
		{"W2", net.Layers[1].Weight.Grad, dW2},
		{"b2", net.Layers[1].Bias.Grad, []float64{db2}},
	} {
		scale := 0.0
		for _, w := range c.want {
			scale = max(scale, math.Abs(w))
		}
		for i := range c.want {
			if d := math.Abs(c.got[i] - c.want[i]); d > 1e-13*scale {
				t.Errorf("d loss/d %s[%d] = %.17g, formula %.17g", c.name, i, c.got[i], c.want[i])
			}
		}
	}
}
