// writeFileAtomic() removes the temporary files of writers that are gone, and only those.
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileAtomic } from "../../../lib/core/store/atomic_write.ts";
import { TMP_PREFIX, writerTag } from "../../../lib/core/store/writer_tag.ts";
import { listDir, tempDir } from "../../_files.ts";

/** A pid that no process of this PID namespace has now. */
function deadPid(): number {
  for (let pid = 4_000_000;; pid--) {
    try {
      Deno.statSync(`/proc/${pid}`);
    } catch {
      return pid;
    }
  }
}

Deno.test("writeFileAtomic() removes the leftovers of writers that are gone, and only those", async () => {
  const dir = await tempDir();
  const [machine, namespace] = writerTag().split("-");
  const dead = `${TMP_PREFIX}${machine}-${namespace}-${deadPid()}-123-abcd-LATEST`;
  const otherNamespace = `${TMP_PREFIX}${machine}-1-${deadPid()}-123-abcd-LATEST`;
  const otherMachine = `${TMP_PREFIX}00000000-${namespace}-${deadPid()}-123-abcd-LATEST`;
  const pidReused = `${TMP_PREFIX}${machine}-${namespace}-${Deno.pid}-1-abcd-LATEST`;
  for (const name of [dead, otherNamespace, otherMachine, pidReused]) {
    await Deno.writeTextFile(join(dir, name), "x");
  }
  await writeFileAtomic(join(dir, "LATEST"), "0123456789abcdef\n");
  assert.deepEqual(await listDir(dir), ["LATEST", otherMachine, otherNamespace].sort());
  assert.equal(await Deno.readTextFile(join(dir, "LATEST")), "0123456789abcdef\n");
});
