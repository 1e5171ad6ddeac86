"""Record torch 1.13's learning rates (and momenta) for the new schedulers
inside SequentialLR and ChainedScheduler, and for SWALR with anneal_epochs=0,
for TestSequencesTorch: each case is a scheduler spec as schedule.FromTorch
reads it, built on SGD(lr=0.1, momentum=0.9), stepped 30 times.

Run: /usr/bin/python3 pkg/optim/schedule/testdata/gen/gen_sequences.py > pkg/optim/schedule/testdata/sequences.json
"""
import json
import warnings

import torch

warnings.filterwarnings("ignore")  # SequentialLR's step(0) is "deprecated"
torch.set_default_dtype(torch.float64)
L = torch.optim.lr_scheduler


def S(name, **params):
    return {"name": name, "params": params}


CASES = [
    S("SequentialLR", schedulers=[S("LinearLR", start_factor=0.1, total_iters=3), S("CosineAnnealingWarmRestarts", T_0=4, T_mult=2)], milestones=[3]),
    S("SequentialLR", schedulers=[S("ConstantLR", factor=0.5, total_iters=2), S("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=3)], milestones=[4]),
    S("SequentialLR", schedulers=[S("PolynomialLR", total_iters=6, power=2.0), S("ExponentialLR", gamma=0.9)], milestones=[8]),
    S("SequentialLR", schedulers=[S("CosineAnnealingWarmRestarts", T_0=3, eta_min=0.01), S("ExponentialLR", gamma=0.9)], milestones=[7]),
    S("SequentialLR", schedulers=[S("CyclicLR", base_lr=0.02, max_lr=0.2, step_size_up=2, mode="exp_range", gamma=0.9), S("SWALR", swa_lr=0.05, anneal_epochs=3)], milestones=[9]),
    S("SequentialLR", schedulers=[S("LambdaLR", lr_lambda="warmup5"), S("MultiplicativeLR", lr_lambda="const095")], milestones=[6]),
    S("ChainedScheduler", schedulers=[S("ConstantLR", factor=0.25, total_iters=5), S("ExponentialLR", gamma=0.95)]),
    S("ChainedScheduler", schedulers=[S("PolynomialLR", total_iters=20, power=0.5), S("CosineAnnealingWarmRestarts", T_0=5)]),
    S("SWALR", swa_lr=0.05, anneal_epochs=0),
    S("SWALR", swa_lr=0.2, anneal_epochs=7, anneal_strategy="cos"),
]


LAMBDAS = {"warmup5": lambda e: min(1, (e + 1) / 5), "const095": lambda e: 0.95}


def build(opt, spec):
    p = dict(spec["params"])
    if "lr_lambda" in p:
        p["lr_lambda"] = LAMBDAS[p["lr_lambda"]]
    if spec["name"] == "SWALR":
        return torch.optim.swa_utils.SWALR(opt, **p)
    if "schedulers" in p:
        inner = [build(opt, s) for s in p.pop("schedulers")]
        if spec["name"] == "ChainedScheduler":
            return L.ChainedScheduler(inner)
        return getattr(L, spec["name"])(opt, inner, **p)
    return getattr(L, spec["name"])(opt, **p)


out = []
for spec in CASES:
    w = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    s = build(opt, spec)
    lrs, moms = [], []
    for _ in range(31):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
        opt.step()
        s.step()
    out.append({"scheduler": spec, "lr": lrs, "momentum": moms})
print(json.dumps({"torch": torch.__version__, "optimizer": "SGD(lr=0.1, momentum=0.9)", "cases": out}, indent=1))
