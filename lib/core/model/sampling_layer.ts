/**
 * The one custom layer of the exported VAE: the reparameterisation step
 * z = z_mean + exp(0.5 · z_log_var) · ε, with ε an explicit model input. Importing this
 * module registers the class with tf.serialization under the name "Sampling", which
 * `tf.loadLayersModel` needs before it can load `vae/model.json`.
 */
import * as tf from "@tensorflow/tfjs";
import { sampleLatent } from "./model_forward.ts";

/** Inputs [z_mean, z_log_var, ε] (same shape) → z_mean + exp(0.5·z_log_var)·ε. */
export class SamplingLayer extends tf.layers.Layer {
  /** The name under which model.json refers to this layer. */
  static className = "Sampling";

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return (inputShape as tf.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [zMean, zLogVar, eps] = inputs as tf.Tensor[];
    return sampleLatent(zMean!, zLogVar!, eps!);
  }
}

tf.serialization.registerClass(SamplingLayer);
