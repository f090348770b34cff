// Draws each chart of the page live from the Vega-Lite spec its figure carries
// (lib/core/render/chart_figure.ts): values on hover, series picked by a click on the legend.
// Vega's expressions are evaluated by its interpreter (ast: true), never compiled with eval,
// so this runs under the viewer's Content-Security-Policy; neither vega-embed nor vega-tooltip
// may inject their <style> elements (the policy allows only the viewer's stylesheet, which
// carries the tooltip's rules), so both default styles are off. The server's SVG stays in place
// until the live chart has drawn, and stays for good if it cannot.
"use strict";
for (const figure of document.querySelectorAll("figure.chart[data-vega-lite]")) {
  const fallback = figure.querySelector(":scope > svg");
  const live = document.createElement("div");
  live.className = "chart-live";
  figure.append(live);
  vegaEmbed(live, JSON.parse(figure.dataset.vegaLite), {
    ast: true,
    actions: false,
    renderer: "svg",
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  })
    .then(() => {
      fallback?.remove();
      figure.dataset.live = "true";
    })
    .catch((error) => {
      live.remove();
      figure.dataset.live = "failed";
      console.warn("chart: drawn by the server only:", error);
    });
}
