/**
 * An artifact the viewer cannot read (damaged data with a valid hash) gives a page that says
 * what it was showing and why, never a 500, and the server answers the next request; valid
 * JSON of an unexpected shape in metrics.json still renders.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { viewHandler } from "../../../lib/tools/view/view_server.ts";
import { hostPolicy } from "../../../lib/tools/view/host_check.ts";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";
import { latest } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";
import { putArtifactFile } from "./_artifact_edit.ts";

function get(root: string, path: string): Promise<Response> {
  return viewHandler(root, hostPolicy("127.0.0.1", 8000))(
    new Request(`http://127.0.0.1:8000${path}`, { headers: { host: "127.0.0.1:8000" } }),
  );
}

/** A copy of artifact `kind`/`id` under the new id `copy` (manifest id changed to match). */
async function copyArtifact(root: string, kind: string, id: string, copy: string): Promise<string> {
  const dir = join(root, kind, copy);
  await Deno.mkdir(dir);
  for await (const entry of Deno.readDir(join(root, kind, id))) {
    await Deno.copyFile(join(root, kind, id, entry.name), join(dir, entry.name));
  }
  const manifest = JSON.parse(await Deno.readTextFile(join(dir, MANIFEST_NAME)));
  manifest.id = copy;
  await Deno.writeTextFile(join(dir, MANIFEST_NAME), JSON.stringify(manifest, null, 2) + "\n");
  return dir;
}

Deno.test("the compare page of a model whose history.json is damaged (hash intact) says why, not a 500", async () => {
  const { root } = await smallRunRoot();
  const model = await latest(root, "model");
  const copy = "00000000000000aa";
  await putArtifactFile(
    await copyArtifact(root, "model", model, copy),
    "history.json",
    '{"epochs": [{"loss": "NaN"}',
  );
  const response = await get(root, `/compare?a=${model}&b=${copy}`);
  const body = await response.text();
  assert.equal(response.status, 422, body);
  assert.match(body, new RegExp(`cannot compare ${model} with ${copy}: .*JSON`));
  assert.match(body, /<p class="error">[^<]+<\/p>/, "one line saying why");
  assert.doesNotMatch(body, /\n\s+at /, "no stack trace");
  const runs = await get(root, "/");
  assert.equal(runs.status, 200);
  await runs.body?.cancel();
});

Deno.test("an evaluation page whose metrics.json is valid JSON of another shape still renders", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  for (const metrics of ["null", "[]", '"text"', '{"latent": null}', '{"latent": {"dims": "4"}}']) {
    await putArtifactFile(join(root, "evaluate", evaluation), "metrics.json", metrics);
    const response = await get(root, `/evaluation/${evaluation}`);
    const body = await response.text();
    assert.equal(response.status, 200, `${metrics}: ${body.slice(0, 400)}`);
    assert.match(body, /data-latent-dims="0"/, metrics);
  }
});
