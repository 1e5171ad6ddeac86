"""Time one training step of a 784-128-10 ReLU MLP in PyTorch (float32, CPU).

The same steps as descent's Go benchmarks: zero the gradients, forward a
batch of 64, softmax cross-entropy (mean), backward, then the update:

  sgd   a plain update p -= 0.01 * grad, like BenchmarkMLPStep in pkg/autograd;
  adam  torch.optim.Adam(lr=1e-3).step(), like BenchmarkMLPAdamStep in
        internal/integration (torch 1.13 takes the single-tensor code path
        on CPU, foreach=None meaning False).

Run:

    python3 bench/autograd_torch.py [--threads 2] [--update both] [--steps 500] [--repeats 7]

Debian's python3-torch uses the system BLAS: install libopenblas0-pthread
as well, or torch multiplies matrices with the reference BLAS (about ten
times slower). --threads also sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
(unless already set), so that the BLAS uses that many threads too.

For each update it warms up, then prints the median and the best time per
step over the repeats.
"""

import argparse
import os
import statistics
import sys
import time


def _threads_from_argv(default=2):
    """Returns the --threads value, read before torch is imported."""
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            return sys.argv[i + 1]
        if a.startswith("--threads="):
            return a.split("=", 1)[1]
    return str(default)


# torch.set_num_threads sets torch's own (OpenMP) threads, but Debian's
# torch calls the system BLAS (OpenBLAS when libopenblas0 is installed),
# which starts its own threads unless told before it is loaded.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _threads_from_argv())

import torch  # noqa: E402  (after the thread variables)


def build(update):
    """Returns a function doing one training step with the given update."""
    torch.manual_seed(1)
    batch, n_in, hidden, classes = 64, 784, 128, 10
    net = torch.nn.Sequential(
        torch.nn.Linear(n_in, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes)
    )
    x = torch.rand(batch, n_in)
    labels = torch.randint(classes, (batch,))
    params = list(net.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()

    if update == "adam":
        opt = torch.optim.Adam(params, lr=1e-3)

        def step():
            opt.zero_grad(set_to_none=False)  # like optim's ZeroGrad: keep the buffers, set them to 0
            loss = loss_fn(net(x), labels)
            loss.backward()
            opt.step()

        return step

    def step():
        for p in params:  # like autograd.ZeroGrad: keep the buffers, set them to 0
            if p.grad is not None:
                p.grad.zero_()
        loss = loss_fn(net(x), labels)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.add_(p.grad, alpha=-0.01)

    return step


def time_steps(step, steps, repeats, warmup=50):
    """Returns the time per step of each of repeats runs of steps steps."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - t0) / steps)
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--update", choices=["sgd", "adam", "both"], default="both")
    ap.add_argument("--steps", type=int, default=500, help="steps per timed repeat")
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    blas = "unknown BLAS"
    for line in open("/proc/self/maps"):
        if "libopenblas" in line or "libblas" in line or "libmkl" in line:
            blas = line.split()[-1]
            break
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {blas}")
    for update in ["sgd", "adam"] if args.update == "both" else [args.update]:
        times = time_steps(build(update), args.steps, args.repeats)
        print(
            f"MLP step 784-128-10, batch 64, float32, {update}: median {statistics.median(times) * 1e6:.0f} µs, "
            f"best {min(times) * 1e6:.0f} µs over {args.repeats} x {args.steps} steps"
        )


if __name__ == "__main__":
    main()
