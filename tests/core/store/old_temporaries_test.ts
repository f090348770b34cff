// Temporaries of the older `.tmp-<pid>-…` format are removed by the next write beside them once their pid is gone and they have been unchanged for a day; younger ones, and ones whose pid runs, stay.
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileAtomic } from "../../../lib/core/store/atomic_write.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { OLD_FORMAT_STALE_MS } from "../../../lib/core/store/writer_tag.ts";
import { listDir, tempDir } from "../../_files.ts";
import { draft, writeOneFile } from "./_store_fixtures.ts";

/** The pid of a process that has ended (a short-lived child). */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

/** Sets the modification time of `path` and everything under it to `when`. */
async function age(path: string, when: Date): Promise<void> {
  const info = await Deno.lstat(path);
  if (info.isDirectory) {
    for await (const entry of Deno.readDir(path)) await age(join(path, entry.name), when);
  }
  await Deno.utime(path, when, when);
}

Deno.test("writeArtifact() removes an old-format artifact temporary whose pid is gone and that is a day old, and keeps the others", async () => {
  const root = await tempDir();
  const kindDir = join(root, "evaluate");
  await Deno.mkdir(kindDir, { recursive: true });
  const dead = await deadPid();
  const old = new Date(Date.now() - OLD_FORMAT_STALE_MS - 60_000);
  const leftovers = {
    stale: `.tmp-${dead}-k3j2h1`,
    staleAside: `.tmp-${dead}-k3j2h1-replaced`,
    young: `.tmp-${dead}-young1`,
    alive: `.tmp-${Deno.pid}-alive1`,
    touched: `.tmp-${dead}-touch1`,
  };
  for (const name of Object.values(leftovers)) {
    await Deno.mkdir(join(kindDir, name, "sub"), { recursive: true });
    await Deno.writeTextFile(join(kindDir, name, "sub", "weights.bin"), "half-written");
    if (name !== leftovers.young) await age(join(kindDir, name), old);
  }
  // A writer still at work deep inside it: one recent file makes the whole temporary recent.
  await Deno.writeTextFile(join(kindDir, leftovers.touched, "sub", "weights.bin"), "still writing");

  await writeArtifact(root, draft("0123456789abcdef"), writeOneFile);
  const names = await listDir(kindDir);
  assert.ok(!names.includes(leftovers.stale), names.join(" "));
  assert.ok(!names.includes(leftovers.staleAside), names.join(" "));
  for (const kept of [leftovers.young, leftovers.alive, leftovers.touched]) {
    assert.ok(names.includes(kept), kept);
  }
});

Deno.test("writeFileAtomic() removes an old-format `.<name>.<pid>-<hex>.tmp` file left a day ago by a writer that is gone", async () => {
  const dir = await tempDir();
  const dead = await deadPid();
  const stale = `.LATEST.${dead}-9f8e7d6c.tmp`;
  const young = `.LATEST.${dead}-01234567.tmp`;
  for (const name of [stale, young]) await Deno.writeTextFile(join(dir, name), "0123");
  await age(join(dir, stale), new Date(Date.now() - OLD_FORMAT_STALE_MS - 60_000));
  await writeFileAtomic(join(dir, "LATEST"), "fedcba9876543210\n");
  assert.deepEqual(await listDir(dir), [young, "LATEST"].sort());
});
