package autograd

import (
	"fmt"
	"math/rand/v2"

	"github.com/descentlab/descent/pkg/tensor"
)

// MLP is a multilayer perceptron: Linear layers with an activation between
// consecutive layers and none after the last, so the output is raw scores
// (logits) or a regression value.
//
// An MLP has the concurrency contract of its layers (see [Linear]): Forward
// may run in several goroutines at once while nothing writes to the
// parameters; Backward and updates may not.
type MLP[T tensor.Float] struct {
	Layers     []*Linear[T]
	Activation func(*Var[T]) *Var[T] // e.g. ReLU, Tanh, Sigmoid
}

// NewMLP returns an MLP with layer widths sizes (inputs first, outputs last;
// at least two, each ≥ 1), the given activation, and layers initialised by
// [NewLinear] from rng in order. Its tensors are named "0.weight", "0.bias",
// "1.weight", ... by layer.
//
//	net, err := autograd.NewMLP[float32]([]int{784, 128, 10}, autograd.ReLU, rng)
func NewMLP[T tensor.Float](sizes []int, activation func(*Var[T]) *Var[T], rng *rand.Rand) (*MLP[T], error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("autograd.NewMLP: sizes %v, want at least 2 widths (inputs and outputs)", sizes)
	}
	if activation == nil {
		return nil, fmt.Errorf("autograd.NewMLP: nil activation")
	}
	m := &MLP[T]{Activation: activation}
	for i := range len(sizes) - 1 {
		l, err := NewLinear[T](sizes[i], sizes[i+1], rng)
		if err != nil {
			return nil, fmt.Errorf("autograd.NewMLP: sizes %v: layer %d: %w", sizes, i, err)
		}
		l.Weight.Name = fmt.Sprintf("%d.weight", i)
		l.Bias.Name = fmt.Sprintf("%d.bias", i)
		m.Layers = append(m.Layers, l)
	}
	return m, nil
}

// Forward returns the network's output for a batch x of shape [n, sizes[0]]:
// shape [n, sizes[len-1]].
//
// It returns a Var holding an error if x holds one or has another shape, if
// a layer is nil or malformed, or if the MLP has more than one layer and no
// Activation.
func (m *MLP[T]) Forward(x *Var[T]) *Var[T] {
	if len(m.Layers) > 1 && m.Activation == nil {
		return failed[T](fmt.Errorf("autograd.MLP: %d layers and a nil Activation", len(m.Layers)))
	}
	for i, l := range m.Layers {
		if l == nil {
			return failed[T](fmt.Errorf("autograd.MLP: layer %d is nil", i))
		}
		x = l.Forward(x)
		if i < len(m.Layers)-1 {
			x = m.Activation(x)
		}
	}
	return x
}

// Parameters returns every layer's weight and bias, layer by layer.
func (m *MLP[T]) Parameters() []*tensor.Tensor[T] {
	var ps []*tensor.Tensor[T]
	for _, l := range m.Layers {
		ps = append(ps, l.Parameters()...)
	}
	return ps
}
