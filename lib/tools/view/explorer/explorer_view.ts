/// <reference lib="dom" />
/**
 * The explorer's elements: picker, images, controls, passes, the running mean, the latent map
 * and the dimension table, built inside the page's `<section id="explorer">` with the ids
 * explorer_app.ts draws into and the tests read. Layout and looks are lib/tools/view/assets/explorer.css.
 */
import { canvas, el, figure } from "./dom.ts";
import { paintLegend, SIDE } from "./canvas_paint.ts";
import { K_PASSES as K, MAX_PASSES, MAX_SCALE, type NoiseMode } from "./explorer_handle.ts";
import { DIGIT_COLOURS } from "./latent_map.ts";

/** Thumbnails per row of the digit picker. */
export const PICKER_COLUMNS = 10;
/** Top of the std heatmap: the largest std values in [0, 1] can have. */
export const STD_VMAX = 0.5;
/** Top of the |running mean − decoder(z_mean)| heatmap. */
export const GAP_VMAX = 0.25;
/** The latent map's canvas side, in canvas pixels. */
const MAP_SIDE = 400;

/** The noise modes as the page names them. */
export const NOISE_LABELS: Record<NoiseMode, string> = {
  all: "every dimension",
  active: "active dimensions only",
  inactive: "inactive dimensions only",
  one: "one dimension:",
};

/** Looks up an element the explorer made. */
export function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`explorer: no #${id}`);
  return found as T;
}

/** Builds the explorer's elements inside `section`, keeping its heading. */
export function buildView(section: HTMLElement): void {
  const heading = section.querySelector("h1, h2, h3");
  const legend = (id: string, top: number) =>
    el("div", { className: "legend" }, canvas("legend", 64, 1), el("small", { id }, `0 … ${top}`));
  const heat = (id: string, top: number, ...caption: (string | Node)[]) =>
    figure("img", [canvas("big heat", SIDE), legend(`${id}-legend`, top)], ...caption);
  const stdFigure = heat(
    "explorer-std",
    STD_VMAX,
    `per-pixel std of the ${K} passes, max `,
    el("span", { id: "explorer-std-max" }),
  );
  stdFigure.querySelector("canvas")!.id = "explorer-std";
  const gapFigure = heat("explorer-gap", GAP_VMAX, "|running mean − decoder(z_mean)|");
  gapFigure.querySelector("canvas")!.id = "explorer-gap";

  const noise = el("select", { id: "explorer-noise" });
  for (const [mode, label] of Object.entries(NOISE_LABELS)) {
    noise.append(el("option", { value: mode }, label));
  }
  const scale = el("input", {
    id: "explorer-scale",
    type: "range",
    min: "0",
    max: String(MAX_SCALE),
    step: "0.01",
    value: "1",
  });
  const passesRange = el("input", {
    id: "explorer-n-range",
    type: "range",
    min: "0",
    max: "1000",
    step: "1",
  });
  const passesNumber = el("input", {
    id: "explorer-n",
    type: "number",
    min: "1",
    max: String(MAX_PASSES),
    step: "1",
    className: "short",
  });

  section.replaceChildren(
    ...(heading ? [heading] : []),
    el(
      "p",
      { className: "note" },
      "The exported models, running in this page. vae(x) decodes z = z_mean + s·σ·ε with a fresh ε each pass; " +
        "decoder(z_mean) decodes the centre. At s = 0 every pass is decoder(z_mean). Pick a digit, or draw one on x.",
    ),
    el(
      "div",
      { className: "explorer-row" },
      figure(
        "picker",
        canvas("picker", PICKER_COLUMNS * SIDE, PICKER_COLUMNS * SIDE),
        "test digits: click one",
      ),
      figure(
        "img",
        el("canvas", { id: "explorer-x", className: "big draw", width: SIDE, height: SIDE }),
        "x ",
        el("span", { id: "explorer-digit" }),
        el("br"),
        el("button", { id: "explorer-clear", type: "button" }, "Clear"),
        " and draw",
      ),
      figure(
        "img",
        el("canvas", { id: "explorer-mean", className: "big", width: SIDE, height: SIDE }),
        "decoder(z_mean)",
      ),
      stdFigure,
    ),
    el(
      "div",
      { className: "explorer-controls" },
      el("label", {}, "ε scale s ", scale, " ", el("output", { id: "explorer-scale-value" }, "1.00")),
      el(
        "label",
        {},
        "seed ",
        el("input", {
          id: "explorer-seed",
          type: "number",
          min: "1",
          step: "1",
          value: "1",
          className: "short",
        }),
      ),
      el("button", { id: "explorer-resample", type: "button" }, "Resample"),
      el("label", {}, "sample ε in ", noise, " ", el("select", { id: "explorer-dim", disabled: true })),
      el("span", { id: "explorer-timing", className: "timing" }),
    ),
    figure(
      "passes",
      el(
        "div",
        { id: "explorer-passes" },
        ...Array.from(
          { length: K },
          (_, k) => el("canvas", { width: SIDE, height: SIDE, data: { pass: String(k) } }),
        ),
      ),
      `${K} passes vae(x, s·ε`,
      el("sub", {}, "k"),
      "), computed as one batch through the exported vae",
    ),
    el(
      "div",
      { className: "explorer-block", id: "explorer-running-block" },
      el("h3", {}, "The mean of N passes is not decoder(z_mean)"),
      el(
        "p",
        { className: "note" },
        "Averaging more passes removes their noise, but the average settles on E[decoder(z)], not on decoder(E[z]): " +
          "the decoder is non-linear. The gap shrinks as N grows, then stops shrinking.",
      ),
      el("label", { className: "explorer-controls" }, "passes N ", passesRange, " ", passesNumber),
      el(
        "div",
        { className: "explorer-row" },
        figure(
          "img",
          el("canvas", { id: "explorer-running", className: "big", width: SIDE, height: SIDE }),
          "mean of N passes",
        ),
        figure(
          "img",
          el("canvas", { id: "explorer-mean-again", className: "big", width: SIDE, height: SIDE }),
          "decoder(z_mean)",
        ),
        gapFigure,
        figure(
          "chart",
          el("canvas", { id: "explorer-gap-chart", className: "chart", width: 360, height: 180 }),
          "mean |Δ| per pixel against N (log scale)",
        ),
      ),
      el("p", { id: "explorer-gap-size", className: "number" }),
    ),
    el(
      "div",
      { className: "explorer-block", id: "explorer-map-block" },
      el("h3", {}, "Latent map"),
      el("p", { id: "explorer-map-note", className: "note" }),
      el(
        "div",
        { className: "explorer-row" },
        figure(
          "map",
          el("canvas", { id: "explorer-map", className: "map", width: MAP_SIDE, height: MAP_SIDE }),
          el("span", { id: "explorer-map-axes" }),
        ),
        figure(
          "img",
          el("canvas", { id: "explorer-map-decode", className: "big", width: SIDE, height: SIDE }),
          "decoder(z) at the pointer",
          el("br"),
          el("span", { id: "explorer-map-z", className: "number" }),
        ),
        el(
          "ul",
          { className: "digit-legend" },
          ...DIGIT_COLOURS.map((colour, digit) => {
            const swatch = el("span", { className: "swatch" });
            swatch.style.setProperty("--swatch", colour);
            return el("li", {}, swatch, String(digit));
          }),
        ),
      ),
    ),
    el(
      "div",
      { className: "explorer-block" },
      el("h3", {}, "Latent dimensions"),
      el(
        "label",
        { className: "explorer-controls" },
        "order by ",
        el(
          "select",
          { id: "explorer-order" },
          el("option", { value: "index" }, "index"),
          el("option", { value: "kl" }, "KL (largest first)"),
          el("option", { value: "sigma" }, "σ (smallest first)"),
        ),
      ),
      el(
        "div",
        { className: "table-scroll" },
        el(
          "table",
          { id: "explorer-dims" },
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              ...[
                "z",
                "active",
                "KL, test digits (nats)",
                "z_mean",
                "σ (prior: 1)",
                "image change of a 1σ step (RMS)",
              ]
                .map((h) => el("th", {}, h)),
            ),
          ),
          el("tbody"),
        ),
      ),
    ),
    el("p", { id: "explorer-status" }, "Loading the exported models…"),
  );
  for (const legendCanvas of section.querySelectorAll<HTMLCanvasElement>("canvas.legend")) {
    paintLegend(legendCanvas);
  }
}
