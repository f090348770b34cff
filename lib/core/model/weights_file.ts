/**
 * Named float32 arrays saved in the TensorFlow.js weights format: a `<name>.json` weights
 * manifest (`[{ paths, weights: [{ name, shape, dtype }] }]`) beside one `<name>.bin` of
 * little-endian values, encoded and decoded by tf.io.
 */
import * as tf from "@tensorflow/tfjs";
import { join } from "node:path";
import { parseOrThrow, weightsManifestSchema } from "../store/manifest_schema.ts";
import { readSmallTextFile } from "../store/safe_paths.ts";

/** One named array with its shape. */
export interface NamedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * Writes `arrays` (in the given order) as `<dir>/<base>.json` + `<dir>/<base>.bin`.
 * The bytes depend only on names, shapes and values.
 */
export async function writeWeights(dir: string, base: string, arrays: NamedArray[]): Promise<void> {
  const tensors = arrays.map((a) => ({ name: a.name, tensor: tf.tensor(a.values, a.shape, "float32") }));
  try {
    const { data, specs } = await tf.io.encodeWeights(tensors);
    const manifest = [{ paths: [`${base}.bin`], weights: specs }];
    await Deno.writeTextFile(join(dir, `${base}.json`), JSON.stringify(manifest, null, 1) + "\n");
    await Deno.writeFile(join(dir, `${base}.bin`), new Uint8Array(data));
  } finally {
    for (const { tensor } of tensors) tensor.dispose();
  }
}

/** Reads arrays written by {@link writeWeights}, in file order. */
export async function readWeights(dir: string, base: string): Promise<NamedArray[]> {
  const manifestPath = join(dir, `${base}.json`);
  const manifest = parseOrThrow(
    weightsManifestSchema,
    JSON.parse(await readSmallTextFile(manifestPath)),
    manifestPath,
  );
  const group = manifest[0];
  // Only the one shard this format writes, beside the manifest: a path elsewhere is never followed.
  if (
    manifest.length !== 1 || group === undefined ||
    JSON.stringify(group.paths) !== JSON.stringify([`${base}.bin`])
  ) {
    throw new SyntaxError(`${manifestPath}: expected one weights group in the one file ${base}.bin`);
  }
  const bin = await Deno.readFile(join(dir, group.paths[0]!));
  const expectedBytes = group.weights.reduce(
    (sum, spec) => sum + 4 * spec.shape.reduce((a, b) => a * b, 1),
    0,
  );
  if (bin.length !== expectedBytes) {
    throw new SyntaxError(
      `${manifestPath}: ${group.paths[0]} has ${bin.length} bytes, expected ${expectedBytes}`,
    );
  }
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
  const decoded = tf.io.decodeWeights(buffer, group.weights);
  return group.weights.map((spec) => {
    const tensor = decoded[spec.name]!;
    const values = tensor.dataSync() as Float32Array;
    tensor.dispose();
    return { name: spec.name, shape: spec.shape, values };
  });
}
