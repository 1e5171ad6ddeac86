// Package step times optimizer steps without the gradient check that
// optim's Step does by default, for comparison with BenchmarkStep in
// pkg/optim, with PyTorch (which does not check) and with the memory floor
// (bench/floor), which moves only the bytes of the update itself.
package step
