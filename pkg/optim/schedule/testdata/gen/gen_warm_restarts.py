"""Record torch 1.13's CosineAnnealingWarmRestarts stepped with fractional
epochs (step(epoch + i/iters), as its documentation shows), then with plain
step() calls, for TestWarmRestartsFractionalTorch.

Each step also records whether the C library's cos, which torch called, was
correctly rounded there (checked with mpmath at 300 bits): descent's cosine
is, so the two can differ by an ulp exactly where glibc's is not.

Run: /usr/bin/python3 pkg/optim/schedule/testdata/gen/gen_warm_restarts.py > pkg/optim/schedule/testdata/warm_restarts_fractional.json
"""
import json
import math

import mpmath
import torch

mpmath.mp.prec = 300


def cos_rounded_correctly(sched):
    """Whether the C library's cos of the last step's argument, which torch
    used, is the correctly rounded cosine (glibc's is not always)."""
    x = math.pi * sched.T_cur / sched.T_i
    exact = mpmath.cos(mpmath.mpf(x))
    got = math.cos(x)
    other = math.nextafter(got, math.inf if exact > got else -math.inf)
    return abs(mpmath.mpf(got) - exact) <= abs(mpmath.mpf(other) - exact)


torch.set_default_dtype(torch.float64)
runs = []
for t0, tmult, eta_min, iters in [(3, 1, 0.0, 4), (2, 2, 0.001, 3), (5, 3, 0.01, 7)]:
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=t0, T_mult=tmult, eta_min=eta_min)
    epochs, lrs, exact = [], [opt.param_groups[0]["lr"]], []
    for epoch in range(12):
        for i in range(iters):
            e = epoch + i / iters
            sched.step(e)
            epochs.append(e)
            lrs.append(opt.param_groups[0]["lr"])
            exact.append(cos_rounded_correctly(sched))
    plain, plain_exact = [], []
    for _ in range(10):  # step() continues from the last fractional epoch
        sched.step()
        plain.append(opt.param_groups[0]["lr"])
        plain_exact.append(cos_rounded_correctly(sched))
    runs.append({"T_0": t0, "T_mult": tmult, "eta_min": eta_min, "base_lr": 0.1,
                 "epochs": epochs, "lr_initial": lrs[0], "lr_after_step_epoch": lrs[1:], "lr_after_step": plain,
                 "cos_correctly_rounded_step_epoch": exact, "cos_correctly_rounded_step": plain_exact})
print(json.dumps({"torch": torch.__version__, "runs": runs}, indent=1))
