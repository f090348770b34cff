/**
 * The runs page shows the recorded runs a page at a time, newest first, and reads only the
 * records of the page it shows (a root of 100,000 runs must stay responsive), with links
 * between pages and out-of-range page numbers clamped; a sweep's page pages its cells.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { viewHandler } from "../../../lib/tools/view/view_server.ts";
import { hostPolicy } from "../../../lib/tools/view/host_check.ts";
import { PAGE_SIZE } from "../../../lib/tools/view/paging.ts";
import { tempDir } from "../../_files.ts";

/** The id of the i-th run (later i, later time). */
function runId(i: number): string {
  const stamp = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace(/[-:]/g, "");
  return `${stamp}-${(i % 65536).toString(16).padStart(4, "0")}`;
}

/** A root with `count` minimal run records; the oldest is not valid JSON. */
async function rootOfRuns(count: number): Promise<string> {
  const root = await tempDir();
  await Deno.mkdir(join(root, "runs"));
  for (let i = 0; i < count; i++) {
    const id = runId(i);
    const record = {
      id,
      command: [`run-${i}`],
      started: "",
      finished: "",
      status: "ok",
      stages: [],
      host: {},
    };
    await Deno.writeTextFile(
      join(root, "runs", `${id}.json`),
      i === 0 ? "{ damaged" : JSON.stringify(record),
    );
  }
  return root;
}

async function runsPage(root: string, query = "", path = "/runs"): Promise<string> {
  const response = await viewHandler(root, hostPolicy("127.0.0.1", 8000))(
    new Request(`http://127.0.0.1:8000${path}${query}`, { headers: { host: "127.0.0.1:8000" } }),
  );
  assert.equal(response.status, 200);
  return await response.text();
}

/** The run commands of the rows shown, in order. */
function shownRuns(page: string): number[] {
  return [...page.matchAll(/<code>run-(\d+)<\/code>/g)].map((m) => Number(m[1]));
}

Deno.test("the runs page shows one page of runs, newest first, reading only that page's records", async () => {
  const count = 2 * PAGE_SIZE + 50;
  const root = await rootOfRuns(count);
  const first = await runsPage(root);
  const newest = Array.from({ length: PAGE_SIZE }, (_, i) => count - 1 - i);
  assert.deepEqual(shownRuns(first), newest);
  assert.match(first, new RegExp(`${count} run\\(s\\)`), "the total counts every record");
  assert.doesNotMatch(first, /skipped/, "the damaged oldest record was read for the first page");
  assert.match(first, /page 1 of 3/);
  assert.match(first, /<a href="\?page=2">next ›<\/a>/);
  assert.match(first, /<a href="\?page=3">last »<\/a>/);

  const last = await runsPage(root, "?page=3");
  assert.deepEqual(shownRuns(last), Array.from({ length: 49 }, (_, i) => 49 - i));
  assert.match(last, /<p class="error">skipped: .*runs\/20260101T000000\.000Z-0000\.json/);
  assert.match(last, /<a href="\?page=2">‹ previous<\/a>/);

  assert.deepEqual(
    shownRuns(await runsPage(root, "?page=99")),
    shownRuns(last),
    "a page past the end shows the last",
  );
  for (const bad of ["?page=0", "?page=-1", "?page=abc", "?page=1e3"]) {
    assert.deepEqual(shownRuns(await runsPage(root, bad)), newest, bad);
  }
});

Deno.test("a sweep's page shows its cells a page at a time, their settings as text", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, "sweeps"));
  const id = "0123456789abcdef";
  const count = PAGE_SIZE + 20;
  const cells = Array.from({ length: count }, (_, index) => ({
    index,
    setting: { seed: String(index), "<b>flag</b>": "<i>value</i>" },
    args: [],
    status: "failed",
    error: `cell-${index} failed`,
  }));
  const grid = { profile: "<script>x</script>", axes: [{ flag: "seed", values: ["0"] }], fixed: {} };
  const record = { id, command: [], grid, started: "", status: "failed", cells };
  await Deno.writeTextFile(join(root, "sweeps", `${id}.json`), JSON.stringify(record));
  const shown = (page: string) => [...page.matchAll(/cell-(\d+) failed/g)].map((m) => Number(m[1]));
  const first = await runsPage(root, "", `/sweep/${id}`);
  assert.deepEqual(shown(first), Array.from({ length: PAGE_SIZE }, (_, i) => i));
  assert.match(first, /page 1 of 2/);
  assert.match(first, /<a href="\?cells=2">next ›<\/a>/);
  assert.match(first, /--&lt;b&gt;flag&lt;\/b&gt; &lt;i&gt;value&lt;\/i&gt;/);
  assert.match(first, /Profile &lt;script&gt;x&lt;\/script&gt;/);
  const second = await runsPage(root, "?cells=2", `/sweep/${id}`);
  assert.deepEqual(shown(second), Array.from({ length: 20 }, (_, i) => PAGE_SIZE + i));
});
