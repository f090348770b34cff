/**
 * One training step of the VAE — loss, exact gradients by hand-written backpropagation,
 * Keras Adam update — and the training state it advances (weights, Adam moments, step
 * count), exportable to Float32Arrays and restorable bit for bit.
 *
 * Why backpropagate by hand: tfjs' autograd runs each backward matMul with transposeA or
 * transposeB, and tfjs-backend-wasm 4.22 sends those to a naive loop (~1.5 GFLOPS) instead
 * of XNNPACK (~30 GFLOPS); see `fused_batch_mat_mul` in tfjs-backend-wasm's
 * src/cc/batch_mat_mul_impl.cc. Here every matMul is a plain one. XNNPACK also re-packs its
 * right-hand operand whenever that is a new tensor (~3.5 ns per element), so each matMul
 * is arranged to take the smaller operand on the right, e.g. dH2ᵀ = W · dLᵀ rather than
 * dH2 = dL · Wᵀ. tests/train_step_test.ts checks the gradients against tf.grad.
 */
import * as tf from "@tensorflow/tfjs";
import { type AdamConfig, type AdamState, applyAdam, initAdamState, KERAS_ADAM } from "./adam.ts";
import type { VaeLoss } from "./vae_loss.ts";
import {
  disposeVaeParams,
  initVaeParams,
  tensorFromArray,
  VAE_PARAM_NAMES,
  type VaeDims,
  vaeDimsOf,
  type VaeParamName,
  type VaeParams,
  vaeParamsFromArrays,
  vaeParamShapes,
  vaeParamsToArrays,
} from "./vae_params.ts";

/** Gradient of the batch-mean loss for every weight, shaped like the weight. */
export type VaeGradients = VaeParams;

/** Weights, optimizer state and optimizer settings of a VAE being trained. */
export interface TrainState {
  params: VaeParams;
  adam: AdamState<VaeParamName>;
  readonly adamConfig: AdamConfig;
}

/** The batch means of one step's loss, before its update. */
export type StepLoss = VaeLoss<number>;

/** A fresh state: seeded Keras-initialised weights (see initVaeParams), zero moments, step 0. */
export function createTrainState(
  options: VaeDims & { seed: number },
  adamConfig: AdamConfig = KERAS_ADAM,
): TrainState {
  const params = initVaeParams(options);
  return { params, adam: initAdamState<VaeParamName>(params), adamConfig: { ...adamConfig } };
}

/**
 * The loss on batch `x` [batch, input] with latent noise `eps` [batch, latent], and its
 * exact gradient with respect to every weight. The loss is the same function as
 * vaeLoss() in lib/vae_loss.ts (stable BCE from logits plus KL, batch means).
 */
export function vaeLossAndGradients(
  params: VaeParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { loss: VaeLoss<tf.Scalar>; grads: VaeGradients } {
  return tf.tidy(() => {
    const p = params;
    const scale = 1 / x.shape[0];
    // Forward, keeping what the backward pass needs.
    const h1 = tf.fused.matMul({
      a: x,
      b: p["enc_hidden/kernel"],
      bias: p["enc_hidden/bias"],
      activation: "relu",
    });
    const zMean = tf.fused.matMul({ a: h1, b: p["z_mean/kernel"], bias: p["z_mean/bias"] });
    const zLogVar = tf.fused.matMul({ a: h1, b: p["z_log_var/kernel"], bias: p["z_log_var/bias"] });
    const std = tf.exp(tf.mul(zLogVar, 0.5));
    const z = tf.add(zMean, tf.mul(std, eps));
    const h2 = tf.fused.matMul({
      a: z,
      b: p["dec_hidden/kernel"],
      bias: p["dec_hidden/bias"],
      activation: "relu",
    });
    const logits = tf.fused.matMul({ a: h2, b: p["dec_out/kernel"], bias: p["dec_out/bias"] });
    // Loss: Σ softplus(l) − x·l and the KL, as batch means.
    const softplus = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const recon = tf.mul(tf.sum(tf.sub(softplus, tf.mul(x, logits))), scale);
    const varZ = tf.exp(zLogVar);
    const kl = tf.mul(tf.sum(tf.sub(tf.sub(tf.add(zLogVar, 1), tf.square(zMean)), varZ)), -0.5 * scale);
    const loss = { total: tf.add(recon, kl), recon, kl } as VaeLoss<tf.Scalar>;

    // Backward. d(loss)/d(logits) = (sigmoid(l) − x) / B.
    const dLogits = tf.mul(tf.sub(tf.sigmoid(logits), x), scale);
    const h2T = tf.transpose(h2);
    const dOutKernel = tf.matMul(h2T, dLogits);
    const dOutBias = tf.sum(dLogits, 0);
    // Relu: the gradient passes where the unit's output is > 0.
    const dH2T = tf.mul(tf.matMul(p["dec_out/kernel"], tf.transpose(dLogits)), tf.step(h2T));
    const dDecKernel = tf.transpose(tf.matMul(dH2T, z));
    const dDecBias = tf.sum(dH2T, 1);
    const dZ = tf.transpose(tf.matMul(p["dec_hidden/kernel"], dH2T));
    // z = μ + σ·ε with σ = exp(½·log σ²): dz/dμ = 1, dz/d(log σ²) = ½·σ·ε.
    // KL: d/dμ = μ / B, d/d(log σ²) = ½·(exp(log σ²) − 1) / B.
    const dMean = tf.add(dZ, tf.mul(zMean, scale));
    const dLogVar = tf.add(tf.mul(tf.mul(dZ, eps), tf.mul(std, 0.5)), tf.mul(tf.sub(varZ, 1), 0.5 * scale));
    const h1T = tf.transpose(h1);
    const dMeanKernel = tf.matMul(h1T, dMean);
    const dLogVarKernel = tf.matMul(h1T, dLogVar);
    const dH1T = tf.mul(
      tf.add(
        tf.matMul(p["z_mean/kernel"], tf.transpose(dMean)),
        tf.matMul(p["z_log_var/kernel"], tf.transpose(dLogVar)),
      ),
      tf.step(h1T),
    );
    const dEncKernel = tf.matMul(tf.transpose(x), tf.transpose(dH1T));
    const grads = {
      "enc_hidden/kernel": dEncKernel,
      "enc_hidden/bias": tf.sum(dH1T, 1),
      "z_mean/kernel": dMeanKernel,
      "z_mean/bias": tf.sum(dMean, 0),
      "z_log_var/kernel": dLogVarKernel,
      "z_log_var/bias": tf.sum(dLogVar, 0),
      "dec_hidden/kernel": dDecKernel,
      "dec_hidden/bias": dDecBias,
      "dec_out/kernel": dOutKernel,
      "dec_out/bias": dOutBias,
    } as VaeGradients;
    return { loss, grads };
  });
}

/**
 * One Adam step on batch `x` with noise `eps`: replaces `state`'s weights and moments
 * (disposing the old ones) and returns the batch's loss before the update.
 */
export function trainStep(state: TrainState, x: tf.Tensor2D, eps: tf.Tensor2D): StepLoss {
  const { loss, grads } = vaeLossAndGradients(state.params, x, eps);
  const next = applyAdam<VaeParamName>(state.params, grads, state.adam, state.adamConfig);
  const values = tf.tidy(() => tf.stack([loss.total, loss.recon, loss.kl]).dataSync());
  tf.dispose([loss.total, loss.recon, loss.kl]);
  disposeVaeParams(grads);
  disposeVaeParams(state.params);
  tf.dispose([Object.values(state.adam.m), Object.values(state.adam.v)]);
  state.params = next.params as VaeParams;
  state.adam = next.state;
  return { total: values[0]!, recon: values[1]!, kl: values[2]! };
}

const STEP_KEY = "adam/step";

/**
 * The whole state as named Float32Arrays (copies): the weights under their own names
 * (see VAE_PARAM_NAMES), Adam's moments under "adam/m/<name>" and "adam/v/<name>", and the
 * step count as a one-element "adam/step". Adam's settings are not included: save them
 * with the run's configuration.
 */
export function trainStateToArrays(state: TrainState): Record<string, Float32Array> {
  const arrays: Record<string, Float32Array> = { ...vaeParamsToArrays(state.params) };
  for (const name of VAE_PARAM_NAMES) {
    arrays[`adam/m/${name}`] = state.adam.m[name].dataSync() as Float32Array;
    arrays[`adam/v/${name}`] = state.adam.v[name].dataSync() as Float32Array;
  }
  arrays[STEP_KEY] = new Float32Array([state.adam.step]);
  return arrays;
}

/**
 * A state rebuilt from {@link trainStateToArrays}' arrays; training on from it gives the
 * same bytes as never having stopped. Throws a TypeError for a missing array and a
 * RangeError for one that does not fit `dims` or a step count that is not a whole number.
 */
export function trainStateFromArrays(
  arrays: Readonly<Record<string, Float32Array>>,
  dims: VaeDims,
  adamConfig: AdamConfig = KERAS_ADAM,
  where = "trainStateFromArrays",
): TrainState {
  const stepArray = arrays[STEP_KEY];
  if (!(stepArray instanceof Float32Array)) throw new TypeError(`${where}: ${STEP_KEY} is missing`);
  const step = stepArray[0];
  if (stepArray.length !== 1 || step === undefined || !Number.isInteger(step) || step < 0) {
    throw new RangeError(`${where}: ${STEP_KEY} must be one whole number ≥ 0, got [${[...stepArray]}]`);
  }
  const shapes = vaeParamShapes(dims);
  const params = vaeParamsFromArrays(arrays, dims, where);
  const m = {} as Record<VaeParamName, tf.Tensor>;
  const v = {} as Record<VaeParamName, tf.Tensor>;
  for (const name of VAE_PARAM_NAMES) {
    m[name] = tensorFromArray(arrays, `adam/m/${name}`, shapes[name], where);
    v[name] = tensorFromArray(arrays, `adam/v/${name}`, shapes[name], where);
  }
  return { params, adam: { step, m, v }, adamConfig: { ...adamConfig } };
}

/** Frees every tensor of `state`. */
export function disposeTrainState(state: TrainState): void {
  disposeVaeParams(state.params);
  tf.dispose([Object.values(state.adam.m), Object.values(state.adam.v)]);
}

/** The layer sizes of a state. */
export function trainStateDims(state: TrainState): VaeDims {
  return vaeDimsOf(state.params);
}
