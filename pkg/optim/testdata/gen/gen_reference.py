#!/usr/bin/python3
"""Record torch.optim trajectories for pkg/optim's parity test (testdata/extra).

The shared reference files (testdata/reference) cover quadratic, quadratic2d and
linear regression with 19 optimizer configurations. This script records, with
torch 1.13's own optimizers and the same protocol and JSON format
(testdata/reference/README.md):

  rosenbrock.json               the 19 configurations on Rosenbrock, from (-1.2, 1)
  mlp.json                      the 19 configurations on the 3-4-1 tanh MLP (linear-regression data)
  quadratic2d_options.json      options the shared files leave out (maximize, weight
                                decay everywhere, non-default betas/alpha/rho/eps,
                                combined options) and 500-step runs, on quadratic2d
  quadratic2d_schedulers.json   learning-rate schedulers (every torch.optim.lr_scheduler
  rosenbrock_schedulers.json    class pkg/optim/schedule ports) with several optimizers
  nofma/...                     the same runs with ATEN_CPU_CAPABILITY=default,
                                i.e. without FMA: exact targets for a port
  ../groups/linreg_groups.json  two parameter groups (weight, bias) with their own
  ../groups/nofma/...           hyperparameters on the full-batch linear regression,
                                outside OUTDIR because lr_per_step lists one rate per
                                group there (see ../groups/README.md)
  ../torch_clip.json            torch.nn.utils.clip_grad_norm_ and clip_grad_value_
                                on fixed gradients (not a trajectory file)

The MLP is also run without FMA, but only to check that each of its runs is
well conditioned (see main); its loss and gradient cannot be matched bit for
bit, so there is no nofma/mlp.json.

Usage (Debian's python3-torch 1.13; numpy is not needed):

    /usr/bin/python3 gen_reference.py OUTDIR

It runs itself once per CPU capability, because ATEN_CPU_CAPABILITY is read
when torch is imported. As for the shared files, NAdam is recorded with the
upstream fix of torch 1.13's mu_product_next (one mu_t too many), applied to
torch's own _single_tensor_nadam source before the runs.
"""
import inspect
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LINREG = os.path.join(HERE, "..", "reference", "linreg_fullbatch.json")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        record(sys.argv[2], sys.argv[3].split(","))
        return
    if len(sys.argv) != 2:
        sys.exit("usage: gen_reference.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "nofma"), exist_ok=True)
    exact = "rosenbrock,quadratic2d_options,quadratic2d_schedulers,rosenbrock_schedulers"
    groups = os.path.join(out, "..", "groups")
    os.makedirs(os.path.join(groups, "nofma"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # AVX2 (torch's choice on this machine): every problem.
        child(None, out, exact + ",mlp")
        child(None, groups, "linreg_groups")
        # Non-FMA kernels: exact targets for the problems whose loss and gradient
        # a port can evaluate bit for bit (and, for linreg_groups, replay bit for bit)...
        child("default", os.path.join(out, "nofma"), exact)
        child("default", os.path.join(groups, "nofma"), "linreg_groups")
        # ...and, for the MLP, only a conditioning check: torch with and without
        # FMA must agree to a quarter of the parity tolerance on every run, so that
        # a port that sums in another order can be held to that tolerance.
        child("default", tmp, "mlp")
        for name in [p + ".json" for p in exact.split(",")] + ["mlp.json", "linreg_groups.json"]:
            base = groups if name == "linreg_groups.json" else out
            other = os.path.join(tmp if name == "mlp.json" else os.path.join(base, "nofma"), name)
            worst = conditioning(os.path.join(base, name), other)
            print(f"{name}: AVX2 vs non-FMA torch, worst error / tolerance = {worst:.3g}")
            if name in ("mlp.json", "linreg_groups.json"):
                assert worst <= 0.25, f"a run of {name} is too ill-conditioned for a parity test"
            same_lrs(os.path.join(base, name), other)
    clip(os.path.join(out, "..", "torch_clip.json"))


def child(capability, outdir, problems):
    env = dict(os.environ)
    env.pop("ATEN_CPU_CAPABILITY", None)
    if capability:
        env["ATEN_CPU_CAPABILITY"] = capability
    subprocess.run([sys.executable, os.path.abspath(__file__), "--child", outdir, problems], env=env, check=True)


def conditioning(path_a, path_b):
    """Largest error of b's runs against a's (the reference README's measure), as a multiple of the tolerance."""
    tol = {"float64": 1e-12, "float32": 1e-5}
    runs_b = {r["id"]: r for r in json.load(open(path_b))["runs"]}
    worst = 0.0
    for ra in json.load(open(path_a))["runs"]:
        before = worst
        worst = 0.0
        rb = runs_b[ra["id"]]
        for q in ("params_after_step", "loss_before_step"):
            rows_a = [r if isinstance(r, list) else [r] for r in ra[q]]
            rows_b = [r if isinstance(r, list) else [r] for r in rb[q]]
            scale = max(abs(v) for r in rows_a for v in r)
            for r1, r2 in zip(rows_a, rows_b):
                for x, y in zip(r1, r2):
                    worst = max(worst, abs(x - y) / max(abs(x), 0.1 * scale) / tol[ra["dtype"]])
        if worst > 0.05:
            print(f"  {ra['id']}: error / tolerance = {worst:.3g}")
        worst = max(worst, before)
    return worst


def same_lrs(path_a, path_b):
    """Scheduled learning rates do not depend on the CPU kernels, except through
    ReduceLROnPlateau's metric: require them equal, so that a port's decisions
    are not on a knife's edge."""
    runs_b = {r["id"]: r for r in json.load(open(path_b))["runs"]}
    for ra in json.load(open(path_a))["runs"]:
        if "lr_per_step" in ra:
            assert ra["lr_per_step"] == runs_b[ra["id"]]["lr_per_step"], ra["id"] + ": lr_per_step depends on FMA"


def record(outdir, names):
    import torch
    import torch.optim.nadam as nadam_mod

    # Upstream fix of torch 1.13's NAdam: mu_product_next = mu_product * mu_next.
    src = inspect.getsource(nadam_mod._single_tensor_nadam)
    bug = "mu_product_next = mu_product * mu * mu_next"
    assert src.count(bug) == 1, "unexpected torch NAdam source"
    ns = {}
    exec(src.replace(bug, "mu_product_next = mu_product * mu_next"), nadam_mod.__dict__, ns)
    nadam_mod._single_tensor_nadam = ns["_single_tensor_nadam"]

    torch.set_num_threads(1)
    cap = next(l.split(":")[1].strip() for l in torch.__config__.show().splitlines() if "CPU capability usage" in l)
    nofma = os.environ.get("ATEN_CPU_CAPABILITY") == "default"
    env = {
        "torch_version": torch.__version__,
        "aten_cpu_capability": cap,
        "ATEN_CPU_CAPABILITY": os.environ.get("ATEN_CPU_CAPABILITY"),
        "torch_num_threads": torch.get_num_threads(),
        "python": sys.version.split()[0],
        "implementation_path": "single-tensor (foreach=None -> False on CPU in torch 1.13)",
        "default_dtype": "torch.set_default_dtype(run dtype) during each run",
        "nadam": "torch 1.13 _single_tensor_nadam with the upstream mu_product_next fix",
        "run_protocol": "for k in range(steps): opt.zero_grad(); loss = f(params); loss.backward(); "
                        "record loss_before_step[k], grads_at_step[k]; opt.step(); record params_after_step[k]",
        "generator": "pkg/optim/testdata/gen/gen_reference.py",
    }
    assert cap == ("NO AVX" if nofma else "AVX2"), cap

    import warnings
    warnings.filterwarnings("ignore", category=UserWarning)  # SequentialLR's step(0) is "deprecated"
    makers = {"rosenbrock": rosenbrock_problem, "quadratic2d_options": quadratic2d_options_problem, "mlp": mlp_problem,
              "quadratic2d_schedulers": quadratic2d_schedulers_problem, "rosenbrock_schedulers": rosenbrock_schedulers_problem,
              "linreg_groups": linreg_groups_problem}
    for prob in (makers[n]() for n in names):
        doc = {k: v for k, v in prob.items() if k not in ("loss", "configs", "make_params")}
        doc["environment"] = env
        doc["runs"] = []
        for opt_name, hp, steps, *extra in prob["configs"]:
            for dtype in ("float64", "float32"):
                doc["runs"].append(run(torch, prob, opt_name, hp, steps, dtype, *extra))
        path = os.path.join(outdir, prob["file"])
        del doc["file"]
        with open(path, "w") as f:
            json.dump(doc, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {len(doc['runs'])} runs to {path}")


def run(torch, prob, opt_name, hp, steps, dtype, sched=None, groups=None):
    """One run. sched is {"name", "params"} (see make_scheduler); groups is a
    list of parameter groups, each {"params": [indices into param_layout],
    <hyperparameter overrides>}."""
    tdtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
    torch.set_default_dtype(tdtype)
    try:
        params = prob["make_params"](torch, tdtype)
        if groups:
            pg = [dict({k: (tuple(v) if isinstance(v, list) else v) for k, v in g.items() if k != "params"},
                       params=[params[i] for i in g["params"]]) for g in groups]
            opt = getattr(torch.optim, opt_name)(pg, **hp)
        else:
            opt = getattr(torch.optim, opt_name)(params, **hp)
        full = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()}
        sch = make_scheduler(torch, opt, sched) if sched else None
        losses, grads, after, lrs = [], [], [], []
        flat = lambda ts: [float(v) for t in ts for v in t.detach().reshape(-1).tolist()]
        for k in range(steps):
            opt.zero_grad()
            loss = prob["loss"](torch, params, k, tdtype)
            loss.backward()
            losses.append(float(loss.item()))
            grads.append(flat([p.grad for p in params]))
            lr = [float(g["lr"]) for g in opt.param_groups]
            lrs.append(lr[0] if len(lr) == 1 else lr)
            opt.step()
            if isinstance(sch, torch.optim.lr_scheduler.ReduceLROnPlateau):
                sch.step(losses[-1])
            elif sch is not None:
                sch.step()
            after.append(flat(params))
        for v in losses + [x for r in grads + after for x in r]:
            assert v == v and abs(v) != float("inf"), f"{opt_name}{hp}: non-finite value"
        args = ",".join(f"{k}={fmt(v)}" for k, v in hp.items())
        rid = f"{prob['problem']}/{opt_name}({args})"
        if groups:
            rid += "/groups" + fmt_groups(groups)
        if sched:
            rid += "/" + fmt_sched(sched)
        doc = {
            "id": f"{rid}/{dtype}/{steps}steps",
            "problem": prob["problem"],
            "optimizer": opt_name,
            "hyperparams": {k: (list(v) if isinstance(v, tuple) else v) for k, v in hp.items()},
            "hyperparams_full": full,
            "dtype": dtype,
            "steps": steps,
            "params_init": prob["params_init"],
            "loss_before_step": losses,
            "grads_at_step": grads,
            "params_after_step": after,
        }
        if groups:
            doc["param_groups"] = groups
        if sched:
            doc["scheduler"] = sched
            doc["lr_per_step"] = lrs
        return doc
    finally:
        torch.set_default_dtype(torch.float64)


def make_scheduler(torch, opt, spec):
    """Builds torch.optim.lr_scheduler.<name>(opt, **params) right after the
    optimizer. SequentialLR's params are {"schedulers": [specs], "milestones": [...]}
    and ChainedScheduler's {"schedulers": [specs]}: the inner schedulers are
    built first, in order, as torch's documentation shows."""
    cls = getattr(torch.optim.lr_scheduler, spec["name"])
    params = dict(spec["params"])
    if spec["name"] in ("SequentialLR", "ChainedScheduler"):
        inner = [make_scheduler(torch, opt, s) for s in params.pop("schedulers")]
        if spec["name"] == "ChainedScheduler":
            return cls(inner, **params)
        return cls(opt, inner, **params)
    return cls(opt, **params)


def fmt_sched(spec):
    p = spec["params"]
    if "schedulers" in p:
        inner = ",".join(fmt_sched(s) for s in p["schedulers"])
        rest = ",".join(f"{k}={fmt(v)}" for k, v in p.items() if k != "schedulers")
        return f"{spec['name']}([{inner}]{',' + rest if rest else ''})"
    return spec["name"] + "(" + ",".join(f"{k}={fmt(v)}" for k, v in p.items()) + ")"


def fmt_groups(groups):
    return "[" + ",".join("{" + ",".join(f"{k}={fmt(v)}" for k, v in g.items()) + "}" for g in groups) + "]"


def fmt(v):
    if isinstance(v, (tuple, list)):
        return "(" + ",".join(fmt(x) for x in v) + ")"
    return repr(v)


def standard_configs(sgd_lr, adagrad_lr, rms_lr, adam_lr, radam_lr, steps):
    """The shared reference's 19 configurations, with per-family learning rates."""
    return [
        ("SGD", {"lr": sgd_lr}, steps),
        ("SGD", {"lr": sgd_lr, "momentum": 0.9}, steps),
        ("SGD", {"lr": sgd_lr, "momentum": 0.9, "nesterov": True}, steps),
        ("SGD", {"lr": sgd_lr, "momentum": 0.9, "dampening": 0.1}, steps),
        ("SGD", {"lr": sgd_lr, "weight_decay": 0.01}, steps),
        ("Adagrad", {"lr": adagrad_lr}, steps),
        ("Adagrad", {"lr": adagrad_lr, "lr_decay": 0.01}, steps),
        ("Adagrad", {"lr": adagrad_lr, "initial_accumulator_value": 0.1}, steps),
        ("RMSprop", {"lr": rms_lr}, steps),
        ("RMSprop", {"lr": rms_lr, "centered": True}, steps),
        ("RMSprop", {"lr": rms_lr, "momentum": 0.9}, steps),
        ("Adam", {"lr": adam_lr}, steps),
        ("Adam", {"lr": adam_lr, "amsgrad": True}, steps),
        ("Adam", {"lr": adam_lr, "weight_decay": 0.01}, steps),
        ("AdamW", {"lr": adam_lr, "weight_decay": 0.01}, steps),
        ("Adadelta", {"lr": 1.0}, steps),
        ("Adamax", {"lr": adam_lr}, steps),
        ("NAdam", {"lr": adam_lr}, steps),
        ("RAdam", {"lr": radam_lr}, steps),
    ]


def rosenbrock_problem():
    p0 = [-1.2, 1.0]

    def make_params(torch, dtype):
        return [torch.tensor(p0, dtype=dtype, requires_grad=True)]

    def loss(torch, params, k, dtype):
        p = params[0]
        a, b = 1, 100
        return (a - p[0]) ** 2 + b * (p[1] - p[0] ** 2) ** 2

    return {
        "file": "rosenbrock.json",
        "problem": "rosenbrock",
        "param_layout": [{"name": "p", "shape": [2]}],
        "formula": "p = [x, y]; loss = (a - p[0])**2 + b*(p[1] - p[0]**2)**2 with a = 1, b = 100",
        "params_init": p0,
        "lr_choice": "SGD 1e-3, Adagrad 0.1, RMSprop 0.01, Adam/AdamW/Adamax/NAdam 0.01, RAdam 1e-3 (its first five steps are unnormalized), Adadelta 1.0",
        "make_params": make_params,
        "loss": loss,
        "configs": standard_configs(1e-3, 0.1, 0.01, 0.01, 1e-3, 50),
    }


def quadratic2d_options_problem():
    x0 = [-5.0, -2.0]

    def make_params(torch, dtype):
        return [torch.tensor(x0, dtype=dtype, requires_grad=True)]

    def loss(torch, params, k, dtype):
        c = torch.tensor([0.1, 2.0], dtype=dtype)
        return (c * params[0].pow(2)).sum()

    configs = [
        ("SGD", {"lr": 0.1, "maximize": True}, 30),
        ("SGD", {"lr": 0.05, "momentum": 0.5, "nesterov": True, "maximize": True, "weight_decay": 0.1}, 30),
        ("SGD", {"lr": 0.1, "momentum": 0.8, "dampening": 0.5, "weight_decay": 0.05}, 50),
        ("Adagrad", {"lr": 0.5, "maximize": True}, 50),
        ("Adagrad", {"lr": 0.5, "lr_decay": 0.1, "initial_accumulator_value": 0.5, "weight_decay": 0.1, "eps": 1e-6}, 50),
        ("RMSprop", {"lr": 0.01, "alpha": 0.9, "weight_decay": 0.1, "maximize": True}, 50),
        ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "eps": 1e-4, "weight_decay": 0.1}, 50),
        ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "amsgrad": True, "maximize": True}, 50),
        ("Adam", {"lr": 0.05, "amsgrad": True, "weight_decay": 0.1}, 50),
        ("Adam", {"lr": 0.01}, 500),
        ("AdamW", {"lr": 0.05, "amsgrad": True, "maximize": True}, 50),
        ("AdamW", {"lr": 0.05, "weight_decay": 0.5, "betas": (0.5, 0.9)}, 50),
        ("Adadelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-4, "weight_decay": 0.1}, 50),
        ("Adadelta", {"lr": 1.0, "maximize": True}, 50),
        ("Adamax", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1, "eps": 1e-4}, 50),
        ("Adamax", {"lr": 0.05, "maximize": True}, 50),
        ("NAdam", {"lr": 0.05, "betas": (0.8, 0.99), "momentum_decay": 0.01, "weight_decay": 0.1}, 50),
        ("NAdam", {"lr": 0.01}, 500),
        ("RAdam", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1, "eps": 1e-6}, 50),
        ("RAdam", {"lr": 0.01}, 500),
    ]
    return {
        "file": "quadratic2d_options.json",
        "problem": "quadratic2d",
        "param_layout": [{"name": "x", "shape": [2]}],
        "formula": "loss = 0.1*x1^2 + 2*x2^2 computed as (c * x.pow(2)).sum() with c = tensor([0.1, 2.0], dtype)",
        "params_init": x0,
        "lr_choice": "per run; chosen to exercise options the shared reference leaves at their defaults",
        "make_params": make_params,
        "loss": loss,
        "configs": configs,
    }


def mlp_problem():
    with open(LINREG) as f:
        data = json.load(f)["data"]
    # Deterministic initial weights, multiples of 1/64, exact in float32.
    W1 = [[((3 * i + 5 * j) % 11 - 5) / 16 for j in range(3)] for i in range(4)]
    b1 = [(i - 1.5) / 8 for i in range(4)]
    W2 = [[(-1) ** i * (i + 1) / 8 for i in range(4)]]
    b2 = [0.125]
    init = [v for r in W1 for v in r] + b1 + [v for r in W2 for v in r] + b2

    def make_params(torch, dtype):
        return [torch.tensor(v, dtype=dtype, requires_grad=True) for v in (W1, b1, W2, b2)]

    def loss(torch, params, k, dtype):
        W1t, b1t, W2t, b2t = params
        X = torch.tensor(data["X"], dtype=dtype)
        y = torch.tensor(data["y"], dtype=dtype).reshape(-1, 1)
        h = torch.tanh(X @ W1t.T + b1t)
        pred = h @ W2t.T + b2t
        return torch.nn.MSELoss()(pred, y)

    return {
        "file": "mlp.json",
        "problem": "mlp",
        "param_layout": [{"name": "W1", "shape": [4, 3]}, {"name": "b1", "shape": [4]},
                         {"name": "W2", "shape": [1, 4]}, {"name": "b2", "shape": [1]}],
        "formula": "h = tanh(X @ W1^T + b1); pred = h @ W2^T + b2; loss = mean over the 64 rows of (pred - y)^2 "
                   "via torch.nn.MSELoss(); full batch",
        "params_init": init,
        "params_init_structured": {"W1": W1, "b1": b1, "W2": W2, "b2": b2},
        "data": data,
        "lr_choice": "SGD 0.02, Adagrad 0.05, RMSprop 0.003, Adam/AdamW/Adamax/NAdam/RAdam 0.01, Adadelta 1.0: small enough that every run is well conditioned (torch with and without FMA agree to a quarter of the tolerance)",
        "make_params": make_params,
        "loss": loss,
        "configs": standard_configs(0.02, 0.05, 0.003, 0.01, 0.01, 50),
    }


def S(name, **params):
    return {"name": name, "params": params}


def quadratic2d_schedulers_problem():
    prob = quadratic2d_options_problem()
    prob["file"] = "quadratic2d_schedulers.json"
    prob["lr_choice"] = "per run; the scheduler of each run is in its scheduler field"
    n = 60
    prob["configs"] = [
        ("SGD", {"lr": 0.1, "momentum": 0.9}, n, S("StepLR", step_size=10, gamma=0.5)),
        ("Adam", {"lr": 0.1}, n, S("StepLR", step_size=7, gamma=0.7)),
        ("SGD", {"lr": 0.1}, n, S("ExponentialLR", gamma=0.95)),
        ("RMSprop", {"lr": 0.05}, n, S("ExponentialLR", gamma=0.97)),
        ("Adam", {"lr": 0.2}, n, S("CosineAnnealingLR", T_max=50, eta_min=0.001)),
        ("SGD", {"lr": 0.2, "momentum": 0.5, "nesterov": True}, n, S("CosineAnnealingLR", T_max=15)),
        ("AdamW", {"lr": 0.1, "weight_decay": 0.05}, n, S("CosineAnnealingLR", T_max=60)),
        ("Adagrad", {"lr": 0.5}, n, S("MultiStepLR", milestones=[10, 25, 25, 40], gamma=0.5)),
        ("Adam", {"lr": 0.1}, n, S("LinearLR", start_factor=0.25, total_iters=10)),
        ("SGD", {"lr": 0.1}, n, S("LinearLR", start_factor=1.0, end_factor=0.1, total_iters=30)),
        ("SGD", {"lr": 0.1, "momentum": 0.9}, n, S("OneCycleLR", max_lr=0.3, total_steps=n)),
        ("RMSprop", {"lr": 0.01}, n, S("OneCycleLR", max_lr=0.1, total_steps=n, anneal_strategy="linear",
                                       three_phase=True, cycle_momentum=False)),
        ("Adam", {"lr": 0.01}, n, S("OneCycleLR", max_lr=0.2, total_steps=n, pct_start=0.25, div_factor=10.0,
                                    final_div_factor=100.0)),
        ("NAdam", {"lr": 0.05}, n, S("OneCycleLR", max_lr=0.1, total_steps=n, base_momentum=0.8, max_momentum=0.9)),
        ("Adam", {"lr": 0.3}, n, S("ReduceLROnPlateau", factor=0.5, patience=2, threshold=0.05, cooldown=1)),
        ("SGD", {"lr": 0.2}, n, S("ReduceLROnPlateau", mode="max", threshold_mode="abs", threshold=0.5, patience=3,
                                  min_lr=0.01)),
        ("SGD", {"lr": 0.2, "momentum": 0.9}, n, S("SequentialLR", schedulers=[S("LinearLR", start_factor=0.1, total_iters=5),
                                                                             S("CosineAnnealingLR", T_max=55)], milestones=[5])),
        ("Adam", {"lr": 0.2}, n, S("SequentialLR", schedulers=[S("ExponentialLR", gamma=0.9), S("StepLR", step_size=5, gamma=0.5),
                                                               S("MultiStepLR", milestones=[10, 20])], milestones=[10, 30])),
        ("RAdam", {"lr": 0.1}, n, S("SequentialLR", schedulers=[S("LinearLR", start_factor=0.2, total_iters=8),
                                                                S("CosineAnnealingLR", T_max=30, eta_min=0.01)], milestones=[8])),
        ("SGD", {"lr": 0.1}, n, S("ChainedScheduler", schedulers=[S("LinearLR", start_factor=0.5, total_iters=4),
                                                                  S("ExponentialLR", gamma=0.95)])),
    ]
    return prob


def rosenbrock_schedulers_problem():
    prob = rosenbrock_problem()
    prob["file"] = "rosenbrock_schedulers.json"
    prob["lr_choice"] = "per run; the scheduler of each run is in its scheduler field"
    n = 50
    prob["configs"] = [
        ("Adam", {"lr": 0.05}, n, S("StepLR", step_size=10, gamma=0.5)),
        ("SGD", {"lr": 1e-3, "momentum": 0.9}, n, S("ExponentialLR", gamma=0.98)),
        ("RMSprop", {"lr": 0.01}, n, S("CosineAnnealingLR", T_max=40, eta_min=1e-4)),
        ("Adamax", {"lr": 0.05}, n, S("CosineAnnealingLR", T_max=20)),
        ("Adam", {"lr": 0.02}, n, S("SequentialLR", schedulers=[S("LinearLR", start_factor=0.1, total_iters=5),
                                                                S("CosineAnnealingLR", T_max=45)], milestones=[5])),
        ("SGD", {"lr": 1e-3, "momentum": 0.9}, n, S("OneCycleLR", max_lr=2e-3, total_steps=n)),
        ("Adadelta", {"lr": 1.0}, n, S("MultiStepLR", milestones=[15, 30], gamma=0.3)),
        ("NAdam", {"lr": 0.02}, n, S("ReduceLROnPlateau", patience=3, factor=0.5, threshold=0.01)),
    ]
    return prob


def linreg_groups_problem():
    with open(LINREG) as f:
        ref = json.load(f)
    data = ref["data"]
    w0, b0 = ref["params_init_structured"]["weight"], ref["params_init_structured"]["bias"]

    def make_params(torch, dtype):
        return [torch.tensor(w0, dtype=dtype, requires_grad=True), torch.tensor(b0, dtype=dtype, requires_grad=True)]

    def loss(torch, params, k, dtype):
        w, b = params
        X = torch.tensor(data["X"], dtype=dtype)
        y = torch.tensor(data["y"], dtype=dtype).reshape(-1, 1)
        return torch.nn.MSELoss()(X @ w.T + b, y)

    wb = lambda w, b: [dict(params=[0], **w), dict(params=[1], **b)]
    n = 50
    return {
        "file": "linreg_groups.json",
        "problem": "linreg_fullbatch",
        "param_layout": ref["param_layout"],
        "formula": ref["formula"],
        "params_init": ref["params_init"],
        "params_init_structured": ref["params_init_structured"],
        "data": data,
        "lr_choice": "per run: two parameter groups, the weight (group 0) and the bias (group 1)",
        "make_params": make_params,
        "loss": loss,
        "configs": [
            ("SGD", {"lr": 0.05, "momentum": 0.9}, n, None, wb({"weight_decay": 0.01}, {"lr": 0.1})),
            ("Adam", {"lr": 0.05}, n, None, wb({"weight_decay": 0.1}, {"weight_decay": 0.0, "lr": 0.1, "amsgrad": True})),
            ("AdamW", {"lr": 0.05, "weight_decay": 0.1}, n, None, wb({}, {"weight_decay": 0.0})),
            ("RMSprop", {"lr": 0.01}, n, None, wb({"momentum": 0.5}, {"centered": True})),
            ("Adagrad", {"lr": 0.1}, n, None, wb({"lr_decay": 0.01}, {"lr": 0.3})),
            ("Adadelta", {"lr": 1.0}, n, None, wb({"rho": 0.8}, {"weight_decay": 0.01})),
            ("Adamax", {"lr": 0.05}, n, None, wb({}, {"betas": [0.8, 0.99]})),
            ("NAdam", {"lr": 0.05}, n, None, wb({}, {"betas": [0.8, 0.99], "momentum_decay": 0.01})),
            ("RAdam", {"lr": 0.05}, n, None, wb({"weight_decay": 0.01}, {"lr": 0.1})),
            ("SGD", {"lr": 0.05}, n, S("StepLR", step_size=10, gamma=0.5), wb({}, {"lr": 0.2})),
            ("Adam", {"lr": 0.05}, n, S("OneCycleLR", max_lr=0.1, total_steps=n), wb({"weight_decay": 0.01}, {})),
        ],
    }


def clip(path):
    """torch.nn.utils.clip_grad_norm_ and clip_grad_value_ on fixed gradients."""
    import torch
    torch.set_num_threads(1)
    grads = [
        [[3.0, -4.0, 0.5, 1e-3], [12.0, 0.25]],
        [[0.1, 0.2, -0.3], [1e-4], [-0.75, 0.5, 2.0, -1.25, 0.125]],
        [[1e3, -2e3], [5e2]],
        [[0.3, -0.4]],
    ]
    cases = []
    for dtype in ("float64", "float32"):
        td = {"float64": torch.float64, "float32": torch.float32}[dtype]
        for g in grads:
            for max_norm, norm_type in ((1.0, 2.0), (0.5, 1.0), (2.0, float("inf")), (100.0, 2.0), (1e4, 1.0)):
                ps = [torch.zeros(len(x), dtype=td, requires_grad=True) for x in g]
                for p, x in zip(ps, g):
                    p.grad = torch.tensor(x, dtype=td)
                total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type=norm_type)
                cases.append({"fn": "clip_grad_norm_", "dtype": dtype, "grads": g, "max_norm": max_norm,
                              "norm_type": "inf" if norm_type == float("inf") else norm_type,
                              "total_norm": float(total), "grads_after": [p.grad.tolist() for p in ps]})
            for clip_value in (0.25, 1.5):
                ps = [torch.zeros(len(x), dtype=td, requires_grad=True) for x in g]
                for p, x in zip(ps, g):
                    p.grad = torch.tensor(x, dtype=td)
                torch.nn.utils.clip_grad_value_(ps, clip_value)
                cases.append({"fn": "clip_grad_value_", "dtype": dtype, "grads": g, "clip_value": clip_value,
                              "grads_after": [p.grad.tolist() for p in ps]})
    doc = {"torch_version": torch.__version__, "generator": "pkg/optim/testdata/gen/gen_reference.py", "cases": cases}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} clipping cases to {path}")


if __name__ == "__main__":
    main()
