// A whole run's metrics.json and report.md give the test images' own BCE floor and each reconstruction's excess over it.
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseIdx } from "../../../lib/stages/fetch_mnist/idx.ts";
import { smallRunRoot } from "../../_fixtures.ts";

/** The only artifact id of `kind` under `root`. */
async function onlyId(root: string, kind: string): Promise<string> {
  const ids = (await Array.fromAsync(Deno.readDir(join(root, kind)))).filter((e) => e.isDirectory).map((e) =>
    e.name
  );
  assert.equal(ids.length, 1, `${kind}: ${ids}`);
  return ids[0]!;
}

Deno.test("evaluate writes the entropy floor of the images it evaluated, worked out here from the IDX bytes, and report.md says why it is not 0", async () => {
  const { root } = await smallRunRoot();
  const evaluation = join(root, "evaluate", await onlyId(root, "evaluate"));
  const metrics = JSON.parse(await Deno.readTextFile(join(evaluation, "metrics.json")));
  const idx = parseIdx(
    await Deno.readFile(join(root, "mnist", await onlyId(root, "mnist"), "t10k-images-idx3-ubyte")),
    "t10k-images-idx3-ubyte",
  );
  // Independently of lib/stages/evaluate: pixel byte b is x = b/255 (as float32), H(x) summed per image.
  const h = (x: number) => x <= 0 || x >= 1 ? 0 : -x * Math.log(x) - (1 - x) * Math.log(1 - x);
  let total = 0;
  let gray = 0;
  const pixels = metrics.images * 784;
  for (let k = 0; k < pixels; k++) {
    const x = Math.fround(idx.data[k]! / 255);
    total += h(x);
    if (idx.data[k] !== 0 && idx.data[k] !== 255) gray++;
  }
  const floor = total / metrics.images;
  const { entropyFloor } = metrics;
  assert.ok(Math.abs(entropyFloor.nats - floor) < 1e-9 * floor, `${entropyFloor.nats} vs ${floor}`);
  assert.ok(entropyFloor.nats > 0);
  assert.equal(entropyFloor.grayPixelFraction, gray / pixels);
  assert.equal(entropyFloor.meanDecodeExcess, metrics.meanDecodeBce - entropyFloor.nats);
  assert.equal(entropyFloor.sampledReconExcess, metrics.negElbo.recon - entropyFloor.nats);
  const report = await Deno.readTextFile(join(evaluation, "report.md"));
  assert.match(report, /a gray pixel x costs at least its binary entropy/);
  assert.match(
    report,
    new RegExp(
      `that floor is\\s+\\*\\*${entropyFloor.nats.toFixed(2)} nats\\*\\* per image; the mean decode is\\s+${
        entropyFloor.meanDecodeExcess.toFixed(2)
      } nats above it and a sampled reconstruction\\s+${entropyFloor.sampledReconExcess.toFixed(2)}\\.`,
    ),
  );
  assert.match(
    report,
    new RegExp(`\\(${(100 * entropyFloor.grayPixelFraction).toFixed(1)} % of them gray here\\)`),
  );
});
