// Lesson 04's interactive figure: the sliders rerun descent's own momentum (site/wasm/momentum,
// compiled to WebAssembly) and redraw the path. The program loads on the first slider move,
// through a <script> (so it works from file://, where fetch cannot read files), and is unpacked
// with the browser's own gzip.
(function () {
  "use strict";
  const box = document.querySelector('[data-descent-wasm="momentum"]');
  if (!box) return;
  const base = box.dataset.base;
  const eta = box.querySelector('input[name="eta"]');
  const mu = box.querySelector('input[name="mu"]');
  const fig = box.querySelector(".figure");
  const text = box.querySelector(".rate");
  const status = box.querySelector(".status");

  // The sliders are integers, as GoNB's: η on a log scale from 0.001 to 1, μ from 0 to 0.999.
  const etaOf = (i) => Math.pow(10, -3 + (3 * i) / Number(eta.max));
  const muOf = (i) => i / 1000;
  const show = (v) => (v >= 0.1 ? v.toFixed(3) : v.toPrecision(3)).replace(/\.?0+$/, "");

  let ready = null;
  function load() {
    if (ready) return ready;
    status.textContent = "loading the lesson's Go code (WebAssembly, once)…";
    ready = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = base + "momentum.wasm.js";
      s.onerror = () => reject(new Error("could not load " + s.src));
      s.onload = async () => {
        try {
          const b64 = window.descentWasm.momentum;
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          const wasm = await new Response(unpacked).arrayBuffer();
          const go = new Go();
          const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
          window.addEventListener("descent-momentum-ready", () => resolve(), { once: true });
          go.run(instance);
        } catch (e) {
          reject(e);
        }
      };
      document.head.appendChild(s);
    });
    return ready;
  }

  let pending = false;
  async function redraw() {
    const e = etaOf(Number(eta.value)), m = muOf(Number(mu.value));
    box.querySelector(".eta-value").textContent = show(e);
    box.querySelector(".mu-value").textContent = show(m);
    if (pending) return;
    pending = true;
    try {
      await load();
      await new Promise(requestAnimationFrame); // let the labels paint first
      const e2 = etaOf(Number(eta.value)), m2 = muOf(Number(mu.value));
      const t0 = performance.now();
      const r = window.descentMomentum(e2, m2);
      if (r.error) throw new Error(r.error);
      fig.innerHTML = r.svg;
      text.textContent = r.text;
      const ms = performance.now() - t0;
      box.dataset.eta = String(e2);
      box.dataset.mu = String(m2);
      box.dataset.redrawMs = ms.toFixed(1);
      box.dataset.redraws = String(Number(box.dataset.redraws || 0) + 1);
      status.textContent = "redrawn in " + ms.toFixed(0) + " ms by descent's own Go code, in this page";
    } catch (err) {
      status.textContent = "error: " + err.message;
      box.dataset.error = err.message;
    } finally {
      pending = false;
    }
    const now = etaOf(Number(eta.value)), nowMu = muOf(Number(mu.value));
    if (String(now) !== box.dataset.eta || String(nowMu) !== box.dataset.mu) redraw();
  }
  eta.addEventListener("input", redraw);
  mu.addEventListener("input", redraw);
})();
