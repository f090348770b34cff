/**
 * The artifact store with writers in other processes: one killed midway, two writing the same
 * id at once from different PID namespaces.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { artifactIds, listDir, tempDir } from "../../_files.ts";
import { draft, storedEntries, writeTwoFiles } from "./_store_fixtures.ts";

Deno.test("a writer killed midway leaves no artifact, and the next write cleans its temporary directory", async () => {
  const root = await tempDir();
  const script = `
    import { writeArtifact } from ${
    JSON.stringify(new URL("../../../lib/core/store/artifact_write.ts", import.meta.url).href)
  };
    await writeArtifact(${JSON.stringify(root)}, ${
    JSON.stringify(draft("0123456789abcdef"))
  }, async (dir) => {
      await Deno.writeTextFile(dir + "/part.txt", "part");
      console.log("writing");
      await new Promise(() => {}); // hang until killed
    });`;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  await reader.read(); // "writing": the temporary directory exists now
  child.kill("SIGKILL");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel();
  const leftovers = await listDir(join(root, "evaluate"));
  assert.equal(leftovers.length, 1);
  assert.match(leftovers[0]!, /^\.tmp-/);
  assert.deepEqual(await artifactIds(root, "evaluate"), []);
  await writeArtifact(root, draft("fedcba9876543210"), writeTwoFiles);
  assert.deepEqual(await storedEntries(join(root, "evaluate")), [
    ".fedcba9876543210.<version>",
    "fedcba9876543210",
  ]);
});

/** A writer of artifact `id` in a subprocess whose fill holds its temporary directory for `holdMs`. */
function slowWriter(root: string, id: string, holdMs: number, inNewPidNamespace: boolean): Deno.ChildProcess {
  const script = `
    import { writeArtifact } from ${
    JSON.stringify(new URL("../../../lib/core/store/artifact_write.ts", import.meta.url).href)
  };
    const result = await writeArtifact(${JSON.stringify(root)}, ${JSON.stringify(draft(id))}, async (dir) => {
      await Deno.writeTextFile(dir + "/a.txt", "same bytes from every writer");
      console.log("writing");
      await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
      return {};
    });
    console.log(result.outcome);`;
  const deno = [Deno.execPath(), "eval", script];
  const [command, ...args] = inNewPidNamespace
    ? ["unshare", "--pid", "--fork", "--mount-proc", ...deno]
    : deno;
  return new Deno.Command(command!, { args, stdout: "piped", stderr: "piped" }).spawn();
}

Deno.test("two writers of one id in different PID namespaces both succeed: neither takes the other's temporary for stale", async () => {
  for (const firstInNamespace of [false, true]) {
    const root = await tempDir();
    const first = slowWriter(root, "0123456789abcdef", 1500, firstInNamespace);
    const reader = first.stdout.getReader();
    await reader.read(); // "writing": its temporary directory exists
    reader.releaseLock();
    // The second writer starts while the first holds its temporary, and cleans stale ones first.
    const second = await slowWriter(root, "0123456789abcdef", 0, !firstInNamespace).output();
    const firstDone = await first.output();
    const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    assert.equal(second.code, 0, decode(second.stderr));
    assert.equal(firstDone.code, 0, decode(firstDone.stderr));
    assert.match(decode(firstDone.stdout), /(new|identical)\n$/);
    assert.deepEqual(await artifactIds(root, "evaluate"), ["0123456789abcdef"]);
    // Both writers published a version (identical files, so the second kept the first's).
    const entries = await storedEntries(join(root, "evaluate"));
    assert.equal(entries.at(-1), "0123456789abcdef");
    assert.ok(
      entries.slice(0, -1).every((name) => name === ".0123456789abcdef.<version>"),
      entries.join(" "),
    );
    await readArtifact(join(root, "evaluate", "0123456789abcdef"), { root });
  }
});
