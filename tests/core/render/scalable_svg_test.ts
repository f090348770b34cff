// scalableSvg() adds `viewBox="0 0 W H"` from the root <svg>'s own numeric width and height, whatever their order, and leaves an SVG unchanged that has a viewBox, lacks a size, has a non-numeric one, or does not start with <svg.
import assert from "node:assert/strict";
import { scalableSvg } from "../../../lib/core/render/scalable_svg.ts";

Deno.test("scalableSvg() takes width then height for the viewBox even when height comes first", () => {
  assert.equal(
    scalableSvg(`<svg height="20" width="40"><rect/></svg>`),
    `<svg viewBox="0 0 40 20" height="20" width="40"><rect/></svg>`,
  );
});

Deno.test("scalableSvg() reads the root's width, not an attribute ending in width nor a child's", () => {
  // stroke-width="3" comes first but is not " width="; the child's width 99 is not the root's.
  assert.equal(
    scalableSvg(`<svg stroke-width="3" width="12.5" height="7"><rect width="99" height="99"/></svg>`),
    `<svg viewBox="0 0 12.5 7" stroke-width="3" width="12.5" height="7"><rect width="99" height="99"/></svg>`,
  );
});

Deno.test("scalableSvg() leaves an SVG unchanged that has a viewBox, no height, a percentage size, or a prologue", () => {
  for (
    const svg of [
      `<svg viewBox="0 0 1 1" width="9" height="9"/>`,
      `<svg width="9"><g/></svg>`,
      `<svg width="100%" height="50%"><g/></svg>`,
      `<?xml version="1.0"?><svg width="9" height="9"/>`,
      `<svgx width="9" height="9"/>`,
    ]
  ) {
    assert.equal(scalableSvg(svg), svg);
  }
});
