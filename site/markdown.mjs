// Markdown cells to HTML as the classic Notebook (6.4, Debian's) renders them, with the math typeset
// at build time by KaTeX instead of in the reader's browser by MathJax.
//
// The Notebook does three things, in this order, and so do we:
//  1. it lifts the math out of the text (so that marked never sees `_` or `*` inside a formula),
//     leaving @@n@@ markers; code spans are hidden first, so a `$` inside backticks is not math;
//  2. it runs marked 4 (gfm, tables) on what is left;
//  3. it puts the math back, where MathJax finds it. We render it there with KaTeX.
// Step 1 follows the algorithm of the Notebook's base/js/mathjaxutils.js (remove_math): the text is
// split at math delimiters, braces and blank lines; math runs from an opening delimiter to the
// matching closing one, braces balanced, never across a blank line.
//
// Usage as a program: a JSON array of markdown strings on stdin, a JSON array of HTML strings on
// stdout; a formula KaTeX cannot typeset stops it with {"index": i, "error": "..."} on stdout and
// exit status 1.
import { marked } from "marked";
import katex from "katex";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

marked.setOptions({ gfm: true, headerIds: true, mangle: false });

// Math delimiters and the symbols that matter while scanning for them (as the Notebook's MATHSPLIT).
const SPLIT = /(\$\$?|\\(?:begin|end)\{[a-z]*\*?\}|\\[{}$]|[{}]|(?:\n\s*)+|@@\d+@@|\\\\(?:\(|\)|\[|\]))/i;

// hideCode replaces `$` inside code spans and fences by ~D (and ~ by ~T) so they are not math.
function hideCode(text) {
  if (!text.includes("`")) return [text, (s) => s];
  const tilde = (m) => m.replace(/\$/g, "~D");
  const hidden = text
    .replace(/~/g, "~T")
    .replace(/(^|[^\\])(`+)([^\n]*?[^`\n])\2(?!`)/gm, tilde)
    .replace(/^\s{0,3}(`{3,})(.|\n)*?\1/gm, tilde);
  const unhide = (s) => s.replace(/~([TD])/g, (_, c) => (c === "T" ? "~" : "$"));
  return [hidden, unhide];
}

// removeMath returns the text with every formula replaced by @@n@@, and the formulas.
export function removeMath(markdown) {
  const [text, unhide] = hideCode(markdown.replace(/\r\n?/g, "\n"));
  const blocks = text.split(SPLIT);
  const math = [];
  let start = null, end = null, last = null, braces = 0;
  const collect = (i, j) => {
    const formula = unhide(blocks.slice(i, j + 1).join(""));
    for (let k = i + 1; k <= j; k++) blocks[k] = "";
    blocks[i] = "@@" + math.length + "@@";
    math.push(formula);
  };
  for (let i = 1; i < blocks.length; i += 2) {
    const b = blocks[i];
    if (b.charAt(0) === "@") {
      // text that looks like our own markers is kept aside and restored verbatim
      blocks[i] = "@@" + math.length + "@@";
      math.push({ verbatim: b });
    } else if (start !== null) {
      if (b === end) {
        if (braces) {
          last = i;
        } else {
          collect(start, i);
          start = end = last = null;
        }
      } else if (/\n.*\n/.test(b)) {
        if (last !== null) {
          i = last;
          collect(start, i);
        }
        start = end = last = null;
        braces = 0;
      } else if (b === "{") {
        braces++;
      } else if (b === "}" && braces) {
        braces--;
      }
    } else if (b === "$" || b === "$$") {
      start = i; end = b; braces = 0;
    } else if (b === "\\\\(" || b === "\\\\[") {
      start = i; end = b.endsWith("(") ? "\\\\)" : "\\\\]"; braces = 0;
    } else if (b.substr(1, 5) === "begin") {
      start = i; end = "\\end" + b.substr(6); braces = 0;
    }
  }
  if (last !== null) collect(start, last);
  return [unhide(blocks.join("")), math];
}

// typeset renders one formula, delimiters included, with KaTeX.
export function typeset(formula) {
  let tex = formula, display = false;
  const strip = (open, close) => {
    if (tex.startsWith(open) && tex.endsWith(close) && tex.length >= open.length + close.length) {
      tex = tex.slice(open.length, tex.length - close.length);
      return true;
    }
    return false;
  };
  if (strip("$$", "$$") || strip("\\\\[", "\\\\]")) display = true;
  else if (strip("$", "$") || strip("\\\\(", "\\\\)")) display = false;
  else if (/^\\begin\{/.test(tex)) display = true;
  return katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "html", strict: "ignore" });
}

// render turns one markdown cell into HTML.
export function render(markdown) {
  const [text, math] = removeMath(markdown);
  const html = marked.parse(text);
  return html.replace(/@@(\d+)@@/g, (_, n) => {
    const m = math[Number(n)];
    return typeof m === "object" ? m.verbatim : typeset(m);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cells = JSON.parse(readFileSync(0, "utf8"));
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    try {
      out.push(render(cells[i]));
    } catch (e) {
      process.stdout.write(JSON.stringify({ index: i, error: e.message }));
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(out));
}
