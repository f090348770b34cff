/**
 * The check that exported models compute exactly what the trained weights compute: the
 * largest absolute difference between each model's output and the inference pass of
 * lib/core/model/model_forward.ts, on the same inputs.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "../../core/model/keras_models.ts";
import { decode, encode, vaeForward } from "../../core/model/model_forward.ts";
import type { VaeParams } from "../../core/model/model_params.ts";

/** Largest |exported − reference| per model output. */
export interface ExportDifferences {
  encoderZMean: number;
  encoderZLogVar: number;
  decoder: number;
  vaeSampled: number;
  vaeEpsilonZero: number;
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Images compared at a time: bounds memory; each model runs one batch per chunk. */
const CHECK_CHUNK = 1000;

function chunkDifferences(
  models: KerasModels,
  params: VaeParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): ExportDifferences {
  return tf.tidy(() => {
    const rows = x.shape[0];
    const predict = (model: tf.LayersModel, input: tf.Tensor | tf.Tensor[]) =>
      model.predict(input, { batchSize: rows }) as tf.Tensor;
    const reference = encode(params, x);
    const [zMean, zLogVar] = models.encoder.predict(x, { batchSize: rows }) as tf.Tensor[];
    const meanDecode = decode(params, reference.zMean);
    return {
      encoderZMean: maxAbsDiff(zMean!, reference.zMean),
      encoderZLogVar: maxAbsDiff(zLogVar!, reference.zLogVar),
      decoder: maxAbsDiff(predict(models.decoder, reference.zMean), meanDecode),
      vaeSampled: maxAbsDiff(predict(models.vae, [x, eps]), vaeForward(params, x, eps)),
      vaeEpsilonZero: maxAbsDiff(predict(models.vae, [x, tf.zerosLike(eps)]), meanDecode),
    };
  });
}

/** Compares `models` with the reference pass on images `x` and noise `eps`, a chunk at a time. */
export function exportDifferences(
  models: KerasModels,
  params: VaeParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): ExportDifferences {
  if (x.shape[0] === 0) throw new RangeError("exportDifferences: no images to check");
  let worst: ExportDifferences | undefined;
  for (let start = 0; start < x.shape[0]; start += CHECK_CHUNK) {
    const rows = Math.min(CHECK_CHUNK, x.shape[0] - start);
    const [xChunk, epsChunk] = tf.tidy(
      () => [x.slice([start, 0], [rows, -1]), eps.slice([start, 0], [rows, -1])],
    );
    const chunk = chunkDifferences(models, params, xChunk as tf.Tensor2D, epsChunk as tf.Tensor2D);
    tf.dispose([xChunk!, epsChunk!]);
    worst = worst === undefined ? chunk : Object.fromEntries(
      Object.entries(chunk).map(([k, v]) => [k, Math.max(v, worst![k as keyof ExportDifferences])]),
    ) as unknown as ExportDifferences;
  }
  return worst!;
}
