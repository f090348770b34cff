/**
 * The viewer for view_flood_test.ts: `deno run --allow-all tests/tools/view/_flood_server.ts ROOT`,
 * started by the test under a low descriptor limit, with connection timeouts short enough
 * for a test (idle 1 s, headers 1 s, lifetime 3 s); prints its URL and serves until SIGTERM
 * or SIGINT, which shut it down (its private socket directory removed) before it exits.
 */
import { startViewer } from "../../../lib/tools/view/view_server.ts";

const viewer = startViewer({
  root: Deno.args[0]!,
  hostname: "127.0.0.1",
  port: 0,
  guard: { idleMs: 1_000, headerMs: 1_000, lifetimeMs: 3_000 },
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(signal, () => void viewer.server.shutdown());
}
console.log(`viewing at ${viewer.url}`);
await viewer.server.finished;
// The signal listeners would keep the process alive.
Deno.exit(0);
