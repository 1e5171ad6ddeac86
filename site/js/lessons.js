// The lessons' steerable figures on the website: each slider reruns descent's own optimizer
// (site/wasm/lessons, the notebook's computation compiled to WebAssembly) and redraws the figure.
// The sliders are the notebook's scales; their labels come from the build (#lesson-figures), and
// the page passes slider positions, so it runs exactly the values the notebook's sliders give.
// The program loads on the first slider move, through a <script> (so it works from file://, where
// fetch cannot read files), and is unpacked with the browser's own gzip.
(function () {
  "use strict";
  const boxes = document.querySelectorAll("[data-descent-figure]");
  if (boxes.length === 0) return;
  const pages = JSON.parse(document.getElementById("lesson-figures").textContent);

  let ready = null;
  function load(base, status) {
    if (ready) return ready;
    status.textContent = "loading the lesson's Go code (WebAssembly, once)…";
    ready = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = base + "lessons.wasm.js";
      s.onerror = () => reject(new Error("could not load " + s.src));
      s.onload = async () => {
        try {
          const bytes = Uint8Array.from(atob(window.descentWasm.lessons), (c) => c.charCodeAt(0));
          const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
          const wasm = await new Response(unpacked).arrayBuffer();
          const go = new Go();
          const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
          window.addEventListener("descent-lessons-ready", () => resolve(), { once: true });
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
    const key = box.dataset.descentFigure;
    const page = pages[key];
    const inputs = [...box.querySelectorAll("input[type=range], select")];
    const fig = box.querySelector(".figure");
    const text = box.querySelector(".rate");
    const status = box.querySelector(".status");
    const at = () => inputs.map((i) => i.value).join(" ");
    let busy = false;

    async function redraw() {
      inputs.forEach((inp, i) => {
        const shown = box.querySelector('.value[data-index="' + i + '"]'); // selects show their own choice
        if (shown) shown.textContent = page.sliders[i].labels[Number(inp.value)];
      });
      if (busy) return;
      busy = true;
      const pos = at();
      try {
        await load(box.dataset.base, status);
        await new Promise(requestAnimationFrame); // let the labels paint first
        const t0 = performance.now();
        const r = window.descentFigure(key, inputs.map((i) => Number(i.value)));
        if (r.error) throw new Error(r.error);
        fig.innerHTML = r.svg;
        text.textContent = r.text;
        const ms = performance.now() - t0;
        Object.assign(box.dataset, {
          values: r.values, positions: pos, redrawMs: ms.toFixed(1),
          redraws: String(Number(box.dataset.redraws || 0) + 1),
        });
        status.textContent = "redrawn in " + ms.toFixed(0) + " ms by descent's own Go code, in this page";
      } catch (err) {
        status.textContent = "error: " + err.message;
        box.dataset.error = err.message;
      } finally {
        busy = false;
      }
      if (at() !== pos) redraw(); // the sliders moved on while we drew
    }
    inputs.forEach((inp) => inp.addEventListener(inp.tagName === "SELECT" ? "change" : "input", redraw));
  });
})();
