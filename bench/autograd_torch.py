"""Time one training step of a 784-128-10 ReLU MLP in PyTorch (float32, CPU).

The same step as BenchmarkMLPStep in pkg/autograd: zero the gradients,
forward a batch of 64, softmax cross-entropy (mean), backward, and a plain SGD
update p -= 0.01 * grad. Run:

    python3 bench/autograd_torch.py [--threads 2] [--steps 500] [--repeats 5]

It prints the median and the best time per step over the repeats.
"""

import argparse
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=500, help="steps per timed repeat")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    batch, n_in, hidden, classes = 64, 784, 128, 10
    net = torch.nn.Sequential(
        torch.nn.Linear(n_in, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes)
    )
    x = torch.rand(batch, n_in)
    labels = torch.randint(classes, (batch,))
    params = list(net.parameters())
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        for p in params:  # like autograd.ZeroGrad: keep the buffers, set them to 0
            if p.grad is not None:
                p.grad.zero_()
        loss = loss_fn(net(x), labels)
        loss.backward()
        with torch.no_grad():  # the update; an optimizer's step() goes here instead
            for p in params:
                p.add_(p.grad, alpha=-0.01)

    for _ in range(50):  # warm up
        step()
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        for _ in range(args.steps):
            step()
        times.append((time.perf_counter() - t0) / args.steps)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    print(
        f"MLP step 784-128-10, batch 64, float32: median {statistics.median(times) * 1e6:.0f} µs, "
        f"best {min(times) * 1e6:.0f} µs over {args.repeats} x {args.steps} steps"
    )


if __name__ == "__main__":
    main()
