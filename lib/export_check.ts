/**
 * The check that exported models compute exactly what the trained weights compute: the
 * largest absolute difference between each model's output and the inference pass of
 * lib/model_forward.ts, on the same inputs.
 */
import * as tf from "@tensorflow/tfjs";
import type { KerasModels } from "./keras_models.ts";
import { decode, encode, vaeForward } from "./model_forward.ts";
import type { VaeParams } from "./model_params.ts";

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

/** Compares `models` with the reference pass on images `x` and noise `eps`. */
export function exportDifferences(
  models: KerasModels,
  params: VaeParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): ExportDifferences {
  return tf.tidy(() => {
    const reference = encode(params, x);
    const [zMean, zLogVar] = models.encoder.predict(x) as tf.Tensor[];
    const zeros = tf.zerosLike(eps);
    return {
      encoderZMean: maxAbsDiff(zMean!, reference.zMean),
      encoderZLogVar: maxAbsDiff(zLogVar!, reference.zLogVar),
      decoder: maxAbsDiff(
        models.decoder.predict(reference.zMean) as tf.Tensor,
        decode(params, reference.zMean),
      ),
      vaeSampled: maxAbsDiff(models.vae.predict([x, eps]) as tf.Tensor, vaeForward(params, x, eps)),
      vaeEpsilonZero: maxAbsDiff(
        models.vae.predict([x, zeros]) as tf.Tensor,
        decode(params, reference.zMean),
      ),
    };
  });
}
