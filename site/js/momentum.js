// Lesson 04's steerable figures: the sliders rerun descent's own momentum (site/wasm/momentum, the
// lesson's computation compiled to WebAssembly) and redraw the figure. The sliders are the
// notebook's scales; their labels come from the build (momentum-sliders), and the page passes
// slider positions, so it runs exactly the η and μ the notebook's sliders give. The program loads
// on the first slider move, through a <script> (so it works from file://, where fetch cannot read
// files), and is unpacked with the browser's own gzip.
(function () {
  "use strict";
  const boxes = document.querySelectorAll('[data-descent-wasm="momentum"]');
  if (boxes.length === 0) return;
  const sliders = JSON.parse(document.getElementById("momentum-sliders").textContent);

  let ready = null;
  function load(base, status) {
    if (ready) return ready;
    status.textContent = "loading the lesson's Go code (WebAssembly, once)…";
    ready = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = base + "momentum.wasm.js";
      s.onerror = () => reject(new Error("could not load " + s.src));
      s.onload = async () => {
        try {
          const bytes = Uint8Array.from(atob(window.descentWasm.momentum), (c) => c.charCodeAt(0));
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

  boxes.forEach((box) => {
    const name = box.dataset.figure;
    const meta = sliders[name];
    const eta = box.querySelector('input[name="eta"]');
    const mu = box.querySelector('input[name="mu"]');
    const fig = box.querySelector(".figure");
    const text = box.querySelector(".rate");
    const status = box.querySelector(".status");
    let busy = false;

    async function redraw() {
      box.querySelector(".eta-value").textContent = meta.eta.labels[Number(eta.value)];
      box.querySelector(".mu-value").textContent = meta.mu.labels[Number(mu.value)];
      if (busy) return;
      busy = true;
      const at = eta.value + " " + mu.value;
      try {
        await load(box.dataset.base, status);
        await new Promise(requestAnimationFrame); // let the labels paint first
        const t0 = performance.now();
        const r = window.descentMomentum(name, Number(eta.value), Number(mu.value));
        if (r.error) throw new Error(r.error);
        fig.innerHTML = r.svg;
        text.textContent = r.text;
        const ms = performance.now() - t0;
        Object.assign(box.dataset, {
          eta: r.eta, mu: r.mu, etaPos: eta.value, muPos: mu.value, redrawMs: ms.toFixed(1),
          redraws: String(Number(box.dataset.redraws || 0) + 1),
        });
        status.textContent = "redrawn in " + ms.toFixed(0) + " ms by descent's own Go code, in this page";
      } catch (err) {
        status.textContent = "error: " + err.message;
        box.dataset.error = err.message;
      } finally {
        busy = false;
      }
      if (eta.value + " " + mu.value !== at) redraw(); // the sliders moved on while we drew
    }
    eta.addEventListener("input", redraw);
    mu.addEventListener("input", redraw);
  });
})();
