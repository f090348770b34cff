/**
 * The explorer's browser script is one classic script bundled from lib/tools/view/explorer/ that
 * runs lib/'s own Sampling layer and colour maps on the page's global tfjs, served with its
 * stylesheet.
 */
import assert from "node:assert/strict";
import { explorerAsset } from "../../../lib/tools/view/explorer/explorer_assets.ts";

Deno.test("the explorer's script bundles lib's Sampling layer and colour map, with tfjs taken from the page", async () => {
  const file = (await explorerAsset("/assets/explorer.js"))!;
  assert.equal(file.type, "text/javascript; charset=utf-8");
  const script = new TextDecoder().decode(file.body);
  // Shared, not copied: esbuild names each module it includes.
  for (
    const module of [
      "lib/core/model/sampling_layer.ts",
      "lib/core/model/model_forward.ts",
      "lib/core/render/colormap.ts",
    ]
  ) {
    assert.ok(script.includes(`// ${module}`), `${module} is not in the bundle`);
  }
  assert.match(script, /registerClass\(SamplingLayer\)/);
  // tfjs is the page's global (tf.min.js), not a second copy: the bundle stays small.
  assert.match(script, /module\.exports = globalThis\.tf;/);
  assert.ok(file.body.length < 200_000, `the bundle is ${file.body.length} bytes: did tfjs get bundled?`);
  // A classic script: no module syntax left, and nothing that needs Node's require.
  assert.doesNotMatch(script, /^\s*(import|export)\s/m);
  assert.doesNotMatch(script, /__require\("/);
});

Deno.test("the explorer's stylesheet is served as CSS, and no other path is the explorer's", async () => {
  const css = (await explorerAsset("/assets/explorer.css"))!;
  assert.equal(css.type, "text/css; charset=utf-8");
  assert.match(new TextDecoder().decode(css.body), /#explorer-passes/);
  assert.equal(await explorerAsset("/assets/explorer.ts"), undefined);
  assert.equal(await explorerAsset("/assets/tf.min.js"), undefined);
});
