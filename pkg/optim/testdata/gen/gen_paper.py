#!/usr/bin/python3
"""Reference trajectories of the optimizers torch does not have, from their papers.

Usage: /usr/bin/python3 pkg/optim/testdata/gen/gen_paper.py pkg/optim/testdata/extra/paper

An independent NumPy implementation of each optimizer, written from the
pseudo-code of its paper (not from this repository's Go code), records runs
on the reference problems quadratic2d and rosenbrock, in float64 and float32,
in the JSON layout of ../../../../../shared/reference/README.md, under
OUTDIR/nofma/: NumPy fuses no multiply-add and every operation below is
rounded to the run's dtype, one ufunc at a time, so the Go port is held to
them bit for bit (see ../extra/paper/README.md for the operation order).

  Lion (Chen et al. 2023, arXiv 2302.06675, Program 1), with the decoupled
  weight decay applied first, as p*(1 - lr*wd), as lucidrains' lion-pytorch:
      p = p*(1 - lr*wd);  c = b1*m + (1-b1)*g;  p = p - lr*sign(c);  m = b2*m + (1-b2)*g

  Schedule-Free AdamW (Defazio et al. 2024, arXiv 2405.15682, Algorithm 1,
  with the reference implementation's defaults and its lr_t, which carries
  Adam's bias correction sqrt(1 - b2^t), and its weights w_t = t^r *
  lr_max^weight_lr_power). Two ports of it:
    - AdamWScheduleFree/paper keeps x and z, as the paper's pseudo-code:
          y = (1-b1)*z + b1*x;  g at y;  v = b2*v + (1-b2)*g^2
          z = z - lr_t*(g/(sqrt(v) + eps) + wd*y);  x = (1-c_t)*x + c_t*z
      and records y, rounded differently from the Go code: under OUTDIR/,
      replayed within the tolerance;
    - AdamWScheduleFree keeps y and z, x eliminated, in the operation order
      pkg/optim documents: under OUTDIR/nofma/, replayed bit for bit. The
      generator checks that the two agree (1e-12 float64, 1e-5 float32).
"""

import json
import os
import sys

import numpy as np


# ---------------------------------------------------------------- problems
# The loss and gradient in the order of the shared README (quadratic2d) and
# of gen_reference.py's rosenbrock, every operation rounded to dt.

def quadratic2d(x, dt):
    c = np.array([0.1, 2.0], dtype=dt)
    loss = dt(c[0] * (x[0] * x[0])) + dt(c[1] * (x[1] * x[1]))
    grad = c * (dt(2) * x)
    return dt(loss), grad


def rosenbrock(p, dt):
    x, y = p[0], p[1]
    u = dt(1) - x
    s = x * x
    v = y - s
    gv = dt(200) * v
    g0 = -(dt(2) * u) + (-gv) * (dt(2) * x)
    loss = u * u + dt(100) * (v * v)
    return dt(loss), np.array([g0, gv], dtype=dt)


PROBLEMS = {
    "quadratic2d": dict(fn=quadratic2d, init=[-5.0, -2.0], formula="f(x) = 0.1*x1^2 + 2*x2^2 (the shared README's (b))"),
    "rosenbrock": dict(fn=rosenbrock, init=[-1.2, 1.0],
                       formula="p = [x, y]; loss = (a - p[0])**2 + b*(p[1] - p[0]**2)**2 with a = 1, b = 100"),
}


# -------------------------------------------------------------- optimizers
# Each is a class with step(p, g) updating p (a NumPy array of dtype dt) in
# place. Scalars are computed in float64 (Python floats) and rounded to dt
# where they meet an array.

class Lion:
    """Chen et al. 2023, Program 1: sign of the interpolation, then the momentum."""
    defaults = {"lr": 1e-4, "betas": [0.9, 0.99], "weight_decay": 0.0}

    def __init__(self, p, dt, lr, betas, weight_decay):
        self.dt, self.lr, self.b1, self.b2, self.wd = dt, lr, betas[0], betas[1], weight_decay
        self.m = np.zeros_like(p)

    def step(self, p, g):
        dt = self.dt
        p *= dt(1 - self.lr * self.wd)                       # decoupled decay, first
        c = self.m * dt(self.b1) + dt(1 - self.b1) * g      # interp(g, m, beta1)
        p -= dt(self.lr) * np.sign(c)                       # lr*sign(c) is exact
        self.m = self.m * dt(self.b2) + dt(1 - self.b2) * g  # interp(g, m, beta2)


class ScheduleFree:
    """The scalars of step t, in Python floats as the reference computes them."""
    defaults = {"lr": 0.0025, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0,
                "warmup_steps": 0, "r": 0.0, "weight_lr_power": 2.0}

    def __init__(self, p, dt, lr, betas, eps, weight_decay, warmup_steps, r, weight_lr_power):
        self.dt, self.lr, self.b1, self.b2, self.eps, self.wd = dt, lr, betas[0], betas[1], eps, weight_decay
        self.warmup, self.r, self.power = warmup_steps, r, weight_lr_power
        self.t, self.lr_max, self.weight_sum = 0, -1.0, 0.0
        self.v = np.zeros_like(p)

    def scalars(self):
        self.t += 1
        t = self.t
        sched = t / self.warmup if t - 1 < self.warmup else 1.0
        lr = self.lr * sched * (1 - self.b2 ** t) ** 0.5
        self.lr_max = max(lr, self.lr_max)
        w = t ** self.r * self.lr_max ** self.power
        self.weight_sum += w
        c = w / self.weight_sum if self.weight_sum != 0 else 0.0
        return lr, c

    def normalized(self, g, y):
        dt = self.dt
        self.v = self.v * dt(self.b2) + (dt(1 - self.b2) * g) * g
        u = g / (np.sqrt(self.v) + dt(self.eps))
        if self.wd != 0:
            u = u + dt(self.wd) * y
        return u


class ScheduleFreePaper(ScheduleFree):
    """Algorithm 1 as written: x and z are the state, y = (1-b1)*z + b1*x is where g is taken."""

    def __init__(self, p, dt, **hp):
        super().__init__(p, dt, **hp)
        self.x, self.z = p.copy(), p.copy()

    def step(self, p, g):
        dt = self.dt
        lr, c = self.scalars()
        u = self.normalized(g, p)
        self.z = self.z - dt(lr) * u
        self.x = dt(1 - c) * self.x + dt(c) * self.z
        p[:] = dt(1 - self.b1) * self.z + dt(self.b1) * self.x   # the next y, where the next g is taken


class ScheduleFreeY(ScheduleFree):
    """The same with x eliminated: y = y + c*(z - y) + lr*(b1*(1-c) - 1)*u, then z = z - lr*u."""

    def __init__(self, p, dt, **hp):
        super().__init__(p, dt, **hp)
        self.z = p.copy()

    def step(self, p, g):
        dt = self.dt
        lr, c = self.scalars()
        u = self.normalized(g, p)
        p += dt(c) * (self.z - p)
        p += dt(lr * (self.b1 * (1 - c) - 1)) * u
        self.z += dt(-lr) * u


OPTIMIZERS = {"Lion": Lion, "AdamWScheduleFree": ScheduleFreeY, "AdamWScheduleFree/paper": ScheduleFreePaper}
SF = [
    ({}, 50),
    ({"lr": 0.5}, 100),
    ({"lr": 0.2, "betas": [0.5, 0.99], "warmup_steps": 10, "weight_decay": 0.01}, 100),
    ({"lr": 0.1, "r": 1.0, "weight_lr_power": 0.0, "eps": 1e-6}, 60),
]
SF_ROSEN = [
    ({"lr": 0.01}, 100),
    ({"lr": 0.05, "warmup_steps": 20}, 200),
    ({"lr": 0.02, "betas": [0.95, 0.999], "r": 1.0, "weight_decay": 0.1}, 100),
]

CONFIGS = {
    "quadratic2d": [
        ("Lion", {"lr": 0.1}, 50),
        ("Lion", {"lr": 0.05, "betas": [0.95, 0.98], "weight_decay": 0.5}, 50),
        ("Lion", {"lr": 0.3, "betas": [0.0, 0.9]}, 30),
    ] + [("AdamWScheduleFree", hp, n) for hp, n in SF],
    "rosenbrock": [
        ("Lion", {"lr": 1e-3}, 50),
        ("Lion", {"lr": 0.01, "weight_decay": 0.1}, 100),
        ("Lion", {"lr": 0.02, "betas": [0.8, 0.999], "weight_decay": 1.0}, 100),
    ] + [("AdamWScheduleFree", hp, n) for hp, n in SF_ROSEN],
}


def fmt(v):
    if isinstance(v, list):
        return "(" + ",".join(fmt(x) for x in v) + ")"
    return repr(v)


def run(problem, name, hp, steps, dtname):
    dt = {"float64": np.float64, "float32": np.float32}[dtname]
    prob = PROBLEMS[problem]
    cls = OPTIMIZERS[name]
    full = dict(cls.defaults, **hp)
    p = np.array(prob["init"], dtype=dt)
    opt = cls(p, dt, **full)
    name = name.split("/")[0]
    rec = {
        "id": "%s/%s(%s)/%s/%dsteps" % (problem, name, ",".join("%s=%s" % (k, fmt(v)) for k, v in hp.items()), dtname, steps),
        "problem": problem, "optimizer": name, "hyperparams": hp, "hyperparams_full": full,
        "dtype": dtname, "steps": steps, "params_init": [float(v) for v in p],
        "loss_before_step": [], "grads_at_step": [], "params_after_step": [],
    }
    for _ in range(steps):
        loss, g = prob["fn"](p, dt)
        assert g.dtype == dt and np.all(np.isfinite(g)) and np.isfinite(loss)
        rec["loss_before_step"].append(float(loss))
        rec["grads_at_step"].append([float(v) for v in g])
        opt.step(p, g)
        assert p.dtype == dt and np.all(np.isfinite(p))
        rec["params_after_step"].append([float(v) for v in p])
    return rec


def agree(a, b, dtname):
    """a and b within a quarter of the replay's tolerance, in its measure: relative, floor 0.1."""
    tol = {"float64": 1e-12, "float32": 1e-5}[dtname]
    worst = 0.0
    for ra, rb in zip(a["params_after_step"], b["params_after_step"]):
        for x, y in zip(ra, rb):
            worst = max(worst, abs(x - y) / max(abs(x), 0.1))
    assert worst <= tol / 4, "%s: the two Schedule-Free ports differ by %g" % (a["id"], worst)
    return worst


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_paper.py OUTDIR")
    np.seterr(all="raise")
    for exact in (True, False):
        write(sys.argv[1], exact)


def write(outdir, exact):
    out = os.path.join(outdir, "nofma") if exact else outdir
    os.makedirs(out, exist_ok=True)
    for problem, configs in CONFIGS.items():
        if not exact:
            configs = [("AdamWScheduleFree/paper", hp, n) for name, hp, n in configs if name == "AdamWScheduleFree"]
        prob = PROBLEMS[problem]
        doc = {
            "problem": problem,
            "formula": prob["formula"],
            "param_layout": [{"name": "x" if problem == "quadratic2d" else "p", "shape": [2]}],
            "params_init": prob["init"],
            "lr_choice": "per run",
            "environment": {
                "numpy_version": np.__version__, "python": sys.version.split()[0],
                "generator": "pkg/optim/testdata/gen/gen_paper.py",
                "implementation": "NumPy from the papers' pseudo-code; every operation rounded to the run dtype, no fused multiply-add",
            },
            "runs": [run(problem, name, hp, steps, dt) for name, hp, steps in configs for dt in ("float64", "float32")],
        }
        if not exact:
            for r in doc["runs"]:
                other = run(problem, "AdamWScheduleFree", r["hyperparams"], r["steps"], r["dtype"])
                print("%s: paper and y forms differ by %.3g" % (r["id"], agree(r, other, r["dtype"])))
        with open(os.path.join(out, problem + "_paper.json"), "w") as f:
            json.dump(doc, f, indent=None, separators=(",", ":"))
            f.write("\n")


if __name__ == "__main__":
    main()
