#!/usr/bin/env python3
"""Time torch.optim's step() as a peer for descent's BenchmarkStep.

For every optimizer, dtype and size asked for, one parameter tensor of n
elements with a fixed gradient is stepped a few times to create the
optimizer state, then `repeats` more steps are timed one by one. The median
is printed as one tab-separated line:

    torch_step <optimizer> <dtype> <n> <median ns/step> <min ns/step>

The hyperparameters and values are those of descent's BenchmarkStep
(pkg/optim/bench_test.go), so that both sides run the same code path.
torch is a benchmark peer only; descent does not depend on it.
"""

import argparse
import statistics
import sys
import time

import torch

# Constructor keyword arguments per lower-case optimizer name, as in
# BenchmarkStep: lr=1e-3 everywhere, SGD with momentum 0.9, everything else at
# torch's defaults. torch 1.13 runs its single-tensor path on CPU by default
# (foreach=None means False there); we keep that default, as a user would.
CONFIGS = {
    "sgd": (torch.optim.SGD, dict(lr=1e-3, momentum=0.9)),
    "adagrad": (torch.optim.Adagrad, dict(lr=1e-3)),
    "rmsprop": (torch.optim.RMSprop, dict(lr=1e-3)),
    "adam": (torch.optim.Adam, dict(lr=1e-3)),
    "adamw": (torch.optim.AdamW, dict(lr=1e-3)),
    "adadelta": (torch.optim.Adadelta, dict(lr=1e-3)),
    "adamax": (torch.optim.Adamax, dict(lr=1e-3)),
    "nadam": (torch.optim.NAdam, dict(lr=1e-3)),
    "radam": (torch.optim.RAdam, dict(lr=1e-3)),
}

DTYPES = {"float32": torch.float32, "float64": torch.float64}


def time_steps(name, dtype, n, warmup, repeats):
    """Return the per-step times in ns of `repeats` steps after `warmup`."""
    cls, kwargs = CONFIGS[name]
    # The values of BenchmarkStep: p = (i mod 1024)/1024, grad = ((i mod 17) - 8)/64.
    i = torch.arange(n, dtype=torch.int64)
    p = torch.nn.Parameter(((i % 1024).to(DTYPES[dtype])) / 1024)
    p.grad = ((i % 17 - 8).to(DTYPES[dtype])) / 64
    opt = cls([p], **kwargs)
    for _ in range(warmup):
        opt.step()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        opt.step()
        times.append(time.perf_counter_ns() - t0)
    return times


def cpu_capability():
    """Return the line of torch's build summary that names the CPU kernels in use."""
    for line in torch.__config__.show().splitlines():
        if "CPU capability" in line:
            return line.strip(" -")
    return "CPU capability unknown"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--optimizers", default=",".join(CONFIGS))
    ap.add_argument("--dtypes", default="float32,float64")
    ap.add_argument("--sizes", default="1000,1000000,10000000")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=11)
    ap.add_argument("--budget", type=float, default=2.0,
                    help="seconds of timed steps per case at most (fewer repeats for slow cases)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} threads, {cpu_capability()}", flush=True)
    for name in args.optimizers.split(","):
        if name not in CONFIGS:
            sys.exit(f"torch_step.py: unknown optimizer {name!r}; known: {', '.join(CONFIGS)}")
        for dtype in args.dtypes.split(","):
            for n in (int(s) for s in args.sizes.split(",")):
                first = time_steps(name, dtype, n, args.warmup, 1)[0]
                repeats = max(3, min(args.repeats, int(args.budget * 1e9 / max(first, 1))))
                times = time_steps(name, dtype, n, args.warmup, repeats)
                print(f"torch_step\t{name}\t{dtype}\t{n}\t{statistics.median(times):.0f}\t{min(times)}",
                      flush=True)


if __name__ == "__main__":
    main()
