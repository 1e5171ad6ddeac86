#!/usr/bin/python3
"""Record the kinds of runs of ../shared/reference-more (Rprop, ASGD, LBFGS,
ConstantLR, LambdaLR, MultiplicativeLR, PolynomialLR, CyclicLR with its
momentum, CosineAnnealingWarmRestarts, SWA and EMA with and without SWALR) on
the problems reference-more keeps out: rosenbrock, linreg_minibatch and mlp.
They are not the shared files (which are not shipped); they let pkg/optim's
and internal/integration's parity tests show that the harness supports those
problems for every new optimizer, scheduler and averaging, as the READMEs
describe them:

  ../extra/rosenbrock_more.json           Rosenbrock from (-1.2, 1)
  ../extra/linreg_minibatch_more.json     linear regression, batch size 8, the shared data and batch orders
  ../extra/mlp_more.json                  the 3-4-1 tanh MLP of mlp.json, fewer steps
  ../extra/nofma/rosenbrock_more.json     the same without FMA (ATEN_CPU_CAPABILITY=default),
  ../extra/nofma/linreg_minibatch_more.json  without the LBFGS runs, as reference-more's nofma/

The protocols and fields are reference-more's README's: averaged_after_step
(ASGD's ax), evals_at_step (LBFGS, no grads_at_step; every closure call of a
mini-batch step uses that step's batch), momentum_per_step (CyclicLR), swa and
swa_params_after_step, lr_per_step on every run, lr_lambda named. There are no
float32 LBFGS runs (see that README). Every LBFGS and MLP run is checked to
be well conditioned: torch with and without FMA agree to a quarter of the
tolerance (1e-10 for LBFGS in float64), so that a port may sum in another order.

Usage (Debian's python3-torch 1.13):

    /usr/bin/python3 pkg/optim/testdata/gen/gen_more.py pkg/optim/testdata/extra
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_reference as g  # noqa: E402  the problems and formatting of the first extra files

LINREG_MB = os.path.join(HERE, "..", "reference", "linreg_minibatch.json")

LAMBDAS = {  # reference-more's README
    "inverse_time": lambda e: 1 / (1 + 0.1 * e),
    "warmup5": lambda e: min(1, (e + 1) / 5),
    "exp095": lambda e: 0.95 ** e,
    "const095": lambda e: 0.95,
    "halve_every10": lambda e: 0.5 if e % 10 == 0 else 1.0,
}


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        record(sys.argv[2], sys.argv[3] == "nofma")
        return
    if len(sys.argv) != 2:
        sys.exit("usage: gen_more.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "nofma"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        child(None, out, "fma")
        child("default", tmp, "nofma")
        for name in PROBLEMS:
            path, other = os.path.join(out, name + ".json"), os.path.join(tmp, name + ".json")
            check_conditioning(path, other)
            g.same_lrs(path, other)
            if name != "mlp_more":  # exact targets: drop the LBFGS runs, as reference-more's nofma/ does
                with open(other) as f:
                    doc = json.load(f)
                doc["runs"] = [r for r in doc["runs"] if r["optimizer"] != "LBFGS"]
                with open(os.path.join(out, "nofma", name + ".json"), "w") as f:
                    json.dump(doc, f, indent=None, separators=(",", ":"))
                    f.write("\n")


def child(capability, outdir, kind):
    env = dict(os.environ)
    env.pop("ATEN_CPU_CAPABILITY", None)
    if capability:
        env["ATEN_CPU_CAPABILITY"] = capability
    subprocess.run([sys.executable, os.path.abspath(__file__), "--child", outdir, kind], env=env, check=True)


def check_conditioning(path_a, path_b):
    """Every LBFGS run, and every MLP run, of a must agree with b's (without
    FMA) to a quarter of its tolerance, in every recorded value."""
    tol = {"float64": 1e-12, "float32": 1e-5}
    runs_b = {r["id"]: r for r in json.load(open(path_b))["runs"]}
    for ra in json.load(open(path_a))["runs"]:
        if ra["optimizer"] != "LBFGS" and ra["problem"] != "mlp":
            continue
        t = 1e-10 if ra["optimizer"] == "LBFGS" else tol[ra["dtype"]]
        rb = runs_b[ra["id"]]
        worst = 0.0
        for q in ("params_after_step", "loss_before_step", "averaged_after_step", "swa_params_after_step"):
            if q not in ra:
                continue
            rows_a = [r if isinstance(r, list) else [r] for r in ra[q]]
            rows_b = [r if isinstance(r, list) else [r] for r in rb[q]]
            scale = max(abs(v) for r in rows_a for v in r)
            for r1, r2 in zip(rows_a, rows_b):
                for x, y in zip(r1, r2):
                    worst = max(worst, abs(x - y) / max(abs(x), 0.1 * scale) / t)
        if ra["optimizer"] == "LBFGS":
            assert ra["evals_at_step"] == rb["evals_at_step"], ra["id"] + ": evals_at_step depends on FMA"
        print(f"  {ra['id']}: AVX2 vs non-FMA torch, error / tolerance = {worst:.3g}")
        assert worst <= 0.25, ra["id"] + " is too ill-conditioned for a parity test"


def S(name, **params):
    return {"name": name, "params": params}


def SWA(start, avg, swalr=None):
    return {"start": start, "avg": avg, "swalr": swalr}


def rosenbrock():
    prob = g.rosenbrock_problem()
    n = 50
    prob.update(file="rosenbrock_more.json", lr_choice="per run; small enough for Rosenbrock's curvature")
    prob["configs"] = [
        ("Rprop", {"lr": 0.001}, n, None, None),
        ("Rprop", {"lr": 0.01, "etas": (0.3, 1.5), "step_sizes": (1e-5, 0.1)}, n, None, None),
        ("ASGD", {"lr": 0.001, "t0": 10, "lambd": 0.001}, n, None, None),
        ("LBFGS", {"lr": 0.5, "max_iter": 4, "history_size": 5}, 5, None, None),
        ("LBFGS", {"lr": 1, "max_iter": 5, "line_search_fn": "strong_wolfe"}, 4, None, None),
        ("SGD", {"lr": 0.001, "momentum": 0.9}, n, S("ConstantLR", factor=0.5, total_iters=10), None),
        ("Adam", {"lr": 0.02}, n, S("LambdaLR", lr_lambda="exp095"), None),
        ("Adam", {"lr": 0.02}, n, S("MultiplicativeLR", lr_lambda="halve_every10"), None),
        ("SGD", {"lr": 0.001, "momentum": 0.9}, n, S("PolynomialLR", total_iters=30, power=1.5), None),
        ("SGD", {"lr": 0.001, "momentum": 0.9}, n,
         S("CyclicLR", base_lr=0.0001, max_lr=0.001, step_size_up=6, step_size_down=4, mode="exp_range", gamma=0.98), None),
        ("Adam", {"lr": 0.02}, n, S("CosineAnnealingWarmRestarts", T_0=7, T_mult=2, eta_min=0.001), None),
        ("SGD", {"lr": 0.001, "momentum": 0.9}, n, None, SWA(15, "swa", {"swa_lr": 0.0005, "anneal_epochs": 5, "anneal_strategy": "cos"})),
        ("Adam", {"lr": 0.02}, n, None, SWA(0, "ema0.95")),
    ]
    return prob


def linreg_minibatch():
    with open(LINREG_MB) as f:
        ref = json.load(f)
    data, orders, bs = ref["data"], ref["batch_orders"], ref["batch_size"]
    w0, b0 = ref["params_init_structured"]["weight"], ref["params_init_structured"]["bias"]

    def make_params(torch, dtype):
        return [torch.tensor(w0, dtype=dtype, requires_grad=True), torch.tensor(b0, dtype=dtype, requires_grad=True)]

    def loss(torch, params, k, dtype):
        w, b = params
        e, j = k // 8, k % 8
        rows = orders[e][bs * j:bs * j + bs]
        X = torch.tensor([data["X"][i] for i in rows], dtype=dtype)
        y = torch.tensor([data["y"][i] for i in rows], dtype=dtype).reshape(-1, 1)
        return torch.nn.MSELoss()(X @ w.T + b, y)

    n = 40
    prob = {k: ref[k] for k in ("problem", "param_layout", "param_layout_note", "formula", "params_init",
                                "params_init_structured", "data", "batch_size", "epochs", "batch_orders")}
    prob.update(file="linreg_minibatch_more.json", make_params=make_params, loss=loss,
                lr_choice="per run; the shared file's rates where it has the optimizer")
    prob["configs"] = [
        ("Rprop", {"lr": 0.01}, n, None, None),
        ("ASGD", {"lr": 0.05, "t0": 8}, n, None, None),
        ("ASGD", {"lr": 0.05, "t0": 4, "alpha": 0.5, "weight_decay": 0.01}, n, None, None),
        ("LBFGS", {"lr": 0.1, "max_iter": 3, "history_size": 4}, 6, None, None),
        ("SGD", {"lr": 0.1, "momentum": 0.9}, n, S("LambdaLR", lr_lambda="warmup5"), None),
        ("Adam", {"lr": 0.05}, n, S("MultiplicativeLR", lr_lambda="const095"), None),
        ("SGD", {"lr": 0.1, "momentum": 0.9}, n, S("CyclicLR", base_lr=0.01, max_lr=0.1, step_size_up=5, mode="triangular2"), None),
        ("SGD", {"lr": 0.1}, n, S("CosineAnnealingWarmRestarts", T_0=8), None),
        ("SGD", {"lr": 0.1, "momentum": 0.5}, n, None, SWA(16, "swa", {"swa_lr": 0.02, "anneal_epochs": 8, "anneal_strategy": "linear"})),
        ("Adam", {"lr": 0.05}, n, None, SWA(8, "ema0.9")),
    ]
    return prob


def mlp():
    prob = g.mlp_problem()
    n = 15
    prob.update(file="mlp_more.json", lr_choice="per run; small enough that every run is well conditioned (checked)")
    prob["configs"] = [
        ("Rprop", {"lr": 0.001}, n, None, None),
        ("ASGD", {"lr": 0.02, "t0": 5}, n, None, None),
        ("LBFGS", {"lr": 0.2, "max_iter": 3, "history_size": 4}, 4, None, None),
        ("SGD", {"lr": 0.02, "momentum": 0.9}, n, S("PolynomialLR", total_iters=20, power=2.0), None),
        ("SGD", {"lr": 0.02, "momentum": 0.9}, n, S("CyclicLR", base_lr=0.002, max_lr=0.02, step_size_up=4), None),
        ("Adam", {"lr": 0.01}, n, S("ConstantLR", factor=0.25, total_iters=6), None),
        ("Adam", {"lr": 0.01}, n, None, SWA(10, "swa", {"swa_lr": 0.005, "anneal_epochs": 4, "anneal_strategy": "cos"})),
    ]
    return prob


PROBLEMS = {"rosenbrock_more": rosenbrock, "linreg_minibatch_more": linreg_minibatch, "mlp_more": mlp}


def record(outdir, nofma):
    import torch
    torch.set_num_threads(1)
    cap = next(l.split(":")[1].strip() for l in torch.__config__.show().splitlines() if "CPU capability usage" in l)
    assert cap == ("NO AVX" if nofma else "AVX2"), cap
    env = {
        "torch_version": torch.__version__,
        "aten_cpu_capability": cap,
        "ATEN_CPU_CAPABILITY": os.environ.get("ATEN_CPU_CAPABILITY"),
        "torch_num_threads": torch.get_num_threads(),
        "python": sys.version.split()[0],
        "implementation_path": "single-tensor (foreach=None -> False on CPU in torch 1.13)",
        "default_dtype": "torch.set_default_dtype(run dtype) during each run",
        "run_protocol": "reference-more's README: LBFGS with a closure; schedulers stepped after opt.step(); "
                        "SWA's AveragedModel updated from swa.start on, then SWALR",
        "generator": "pkg/optim/testdata/gen/gen_more.py",
    }
    for name, make in PROBLEMS.items():
        prob = make()
        doc = {k: v for k, v in prob.items() if k not in ("loss", "configs", "make_params", "file")}
        doc["environment"] = env
        doc["runs"] = []
        for opt_name, hp, steps, sched, swa in prob["configs"]:
            for dtype in ("float64", "float32"):
                if opt_name == "LBFGS" and dtype == "float32":
                    continue
                doc["runs"].append(run(torch, prob, opt_name, hp, steps, dtype, sched, swa))
        with open(os.path.join(outdir, prob["file"]), "w") as f:
            json.dump(doc, f, indent=None, separators=(",", ":"))
            f.write("\n")
        print(f"wrote {len(doc['runs'])} runs to {os.path.join(outdir, prob['file'])}")


def run(torch, prob, opt_name, hp, steps, dtype, sched, swa):
    from torch.optim.swa_utils import SWALR, AveragedModel
    tdtype = {"float64": torch.float64, "float32": torch.float32}[dtype]
    torch.set_default_dtype(tdtype)
    try:
        params = [torch.nn.Parameter(t.detach().clone()) for t in prob["make_params"](torch, tdtype)]
        opt = getattr(torch.optim, opt_name)(params, **hp)
        full = {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()}
        sch = None
        if sched:
            p = dict(sched["params"])
            if "lr_lambda" in p:
                p["lr_lambda"] = LAMBDAS[p["lr_lambda"]]
            sch = getattr(torch.optim.lr_scheduler, sched["name"])(opt, **p)
        module = swa_model = swa_sched = None
        if swa:
            module = torch.nn.Module()
            for i, t in enumerate(params):
                module.register_parameter(f"p{i}", t)
            avg_fn = None
            if swa["avg"].startswith("ema"):
                d = float(swa["avg"][3:])
                avg_fn = lambda a, m, n: d * a + (1 - d) * m
            swa_model = AveragedModel(module, avg_fn=avg_fn)
            if swa["swalr"]:
                swa_sched = SWALR(opt, **swa["swalr"])
        flat = lambda ts: [float(v) for t in ts for v in t.detach().reshape(-1).tolist()]
        losses, grads, after, lrs, moms, axs, evals, swas = [], [], [], [], [], [], [], []
        for k in range(steps):
            lrs.append(float(opt.param_groups[0]["lr"]))
            if sched and sched["name"] == "CyclicLR":
                moms.append(float(opt.param_groups[0]["momentum"]))
            if opt_name == "LBFGS":
                def closure():
                    opt.zero_grad()
                    loss = prob["loss"](torch, params, k, tdtype)
                    loss.backward()
                    return loss
                before = opt.state[opt._params[0]].get("func_evals", 0)
                losses.append(float(opt.step(closure).item()))
                evals.append(opt.state[opt._params[0]]["func_evals"] - before)
            else:
                opt.zero_grad()
                loss = prob["loss"](torch, params, k, tdtype)
                loss.backward()
                losses.append(float(loss.item()))
                grads.append(flat([p.grad for p in params]))
                opt.step()
            if sch is not None:
                sch.step()
            after.append(flat(params))
            if opt_name == "ASGD":
                axs.append(flat([opt.state[p]["ax"] for p in params]))
            if swa and k >= swa["start"]:
                swa_model.update_parameters(module)
                swas.append(flat(list(swa_model.module.parameters())))
                if swa_sched is not None:
                    swa_sched.step()
        for v in losses + [x for r in grads + after + axs + swas for x in r]:
            assert v == v and abs(v) != float("inf"), f"{opt_name}{hp}: non-finite value"
        args = ",".join(f"{k}={g.fmt(v)}" for k, v in hp.items())
        rid = f"{prob['problem']}/{opt_name}({args})"
        if sched:
            rid += "+" + g.fmt_sched(sched)
        if swa:
            rid += f"+swa(start={swa['start']},avg={swa['avg']},swalr={swa['swalr']})"
        doc = {
            "id": f"{rid}/{dtype}/{steps}steps",
            "problem": prob["problem"],
            "optimizer": opt_name,
            "hyperparams": {k: (list(v) if isinstance(v, tuple) else v) for k, v in hp.items()},
            "hyperparams_full": full,
            "dtype": dtype,
            "steps": steps,
            "params_init": prob["params_init"],
            "lr_per_step": lrs,
            "loss_before_step": losses,
            "params_after_step": after,
        }
        if opt_name == "LBFGS":
            doc["evals_at_step"] = evals
        else:
            doc["grads_at_step"] = grads
        if sched:
            doc["scheduler"] = sched
        if moms:
            doc["momentum_per_step"] = moms
        if axs:
            doc["averaged_after_step"] = axs
        if swa:
            doc["swa"] = swa
            doc["swa_params_after_step"] = swas
        return doc
    finally:
        torch.set_default_dtype(torch.float64)


if __name__ == "__main__":
    main()
