/**
 * Builds the viewer's explorer script once (lib/tools/view/explorer/explorer_bundle.ts), so that
 * `deno bundle` fetches the esbuild it runs (npm's `@esbuild/<platform>`, which deno.lock does not
 * list) into Deno's cache while the npm registry can be reached: the test command runs this first,
 * and a viewer on this machine then bundles the explorer offline. Prints one line; exits
 * non-zero with bundle's reason when it cannot build.
 *
 *   deno run --allow-all tests/setup/explorer_bundle.ts
 */
import { explorerBundle } from "../../lib/tools/view/explorer/explorer_bundle.ts";

try {
  const started = performance.now();
  const script = await explorerBundle();
  console.log(
    `explorer bundle: ${script.length} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      "(esbuild cached for offline use)",
  );
} catch (e) {
  console.error(`explorer bundle: ${(e as Error).message}`);
  Deno.exit(1);
}
