/**
 * Loss and exact gradients of the VAE for one batch, by hand-written backpropagation.
 * tfjs' autograd would run every backward matMul with transposeA/transposeB, which
 * tfjs-backend-wasm 4.22 sends to a naive loop (~1.5 GFLOPS) instead of XNNPACK (~30);
 * here every matMul is a plain one with transposes materialised, on the training layout
 * of lib/stages/train/train_layout.ts. tests/stages/train/vae_gradients_test.ts checks the result against tf.grad.
 */
import * as tf from "@tensorflow/tfjs";
import { elboLoss, type ElboParts, klTerms } from "../../core/model/elbo_loss.ts";
import { latentStd, sampleLatent } from "../../core/model/model_forward.ts";
import type { VaeParams } from "../../core/model/model_params.ts";
import type { TrainWeights } from "./train_layout.ts";

/**
 * The training loss by a plain forward pass (separate z_mean and z_log_var layers), used for
 * validation and, through tf.grad, as the independent reference that tests check
 * {@link lossAndGradients} against — which is why it does not share that function's code.
 */
export function trainingLoss(params: VaeParams, x: tf.Tensor2D, eps: tf.Tensor2D): ElboParts<tf.Scalar> {
  return tf.tidy(() => {
    const h1 = tf.fused.matMul({
      a: x,
      b: params.encoder_hidden.kernel,
      bias: params.encoder_hidden.bias,
      activation: "relu",
    });
    const zMean = tf.fused.matMul({
      a: h1,
      b: params.z_mean.kernel,
      bias: params.z_mean.bias,
    }) as tf.Tensor2D;
    const zLogVar = tf.fused.matMul({
      a: h1,
      b: params.z_log_var.kernel,
      bias: params.z_log_var.bias,
    }) as tf.Tensor2D;
    const z = sampleLatent(zMean, zLogVar, eps);
    const h2 = tf.fused.matMul({
      a: z,
      b: params.decoder_hidden.kernel,
      bias: params.decoder_hidden.bias,
      activation: "relu",
    });
    const logits = tf.fused.matMul({
      a: h2,
      b: params.decoder_output.kernel,
      bias: params.decoder_output.bias,
    });
    return elboLoss(x, logits as tf.Tensor2D, zMean, zLogVar);
  });
}

/** Row vector [n] as a column [n, 1], to add a bias to a feature-major activation. */
function column(bias: tf.Tensor): tf.Tensor2D {
  return tf.reshape(bias, [bias.shape[0]!, 1]);
}

/**
 * The loss on batch `x` [batch, input] with noise `eps` [batch, latent] and its exact
 * gradient (batch mean) with respect to every weight, in training layout
 * (lib/stages/train/train_layout.ts). Activations run feature-major (hᵀ: [units, batch]) so that the big
 * kernels sit on the left of their products; bias gradients are row sums (tfjs transposes
 * before reducing any other axis). Same loss as {@link trainingLoss}. The wasm engine's; the
 * native engine's step is lib/stages/train/native_step.ts.
 */
export function lossAndGradients(
  w: TrainWeights,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { loss: ElboParts<tf.Scalar>; grads: TrainWeights } {
  /** a·b with either operand transposed, the transpose materialised (wasm's transposed products are slow). */
  const product = (
    a: tf.Tensor2D | tf.Tensor,
    b: tf.Tensor2D | tf.Tensor,
    transA: boolean,
    transB: boolean,
  ) =>
    tf.matMul(
      transA ? tf.transpose(a as tf.Tensor2D) : a as tf.Tensor2D,
      transB ? tf.transpose(b as tf.Tensor2D) : b as tf.Tensor2D,
    );
  return tf.tidy(() => {
    const scale = 1 / x.shape[0];
    const latent = eps.shape[1];
    // Forward, feature-major.
    const xT = tf.transpose(x);
    const h1T = tf.relu(tf.add(tf.matMul(w.encoder_hidden_kernel_t, xT), column(w.encoder_hidden_bias)));
    const zBothT = tf.add(product(w.z_kernel, h1T, true, false), column(w.z_bias));
    const [zMeanT, zLogVarT] = tf.split(zBothT, [latent, latent], 0) as [tf.Tensor2D, tf.Tensor2D];
    const epsT = tf.transpose(eps);
    const stdT = latentStd(zLogVarT);
    const zT = sampleLatent(zMeanT, zLogVarT, epsT, stdT);
    const h2T = tf.relu(
      tf.add(product(w.decoder_hidden_kernel, zT, true, false), column(w.decoder_hidden_bias)),
    );
    const logitsT = tf.add(
      product(w.decoder_output_kernel, h2T, true, false),
      column(w.decoder_output_bias),
    );
    // Loss: Σ softplus(l) − x·l (bceFromLogits' formula, written out feature-major with its
    // terms in this order: reordering them would change the float32 bytes of every history),
    // and the KL; batch means.
    const softplus = tf.add(tf.relu(logitsT), tf.log1p(tf.exp(tf.neg(tf.abs(logitsT)))));
    const recon = tf.mul(tf.sum(tf.sub(softplus, tf.mul(xT, logitsT))), scale) as tf.Scalar;
    const varT = tf.exp(zLogVarT);
    const kl = tf.mul(tf.sum(klTerms(zMeanT, zLogVarT, varT)), -0.5 * scale) as tf.Scalar;
    const loss = { total: tf.add(recon, kl) as tf.Scalar, recon, kl };
    // Backward: d(loss)/d(logits) = (sigmoid(l) − x) / B; relu passes the gradient where its output is > 0.
    const dLogitsT = tf.mul(tf.sub(tf.sigmoid(logitsT), xT), scale);
    const dH2T = tf.mul(tf.matMul(w.decoder_output_kernel, dLogitsT), tf.step(h2T));
    const dZT = tf.matMul(w.decoder_hidden_kernel, dH2T);
    // z = μ + σ·ε, σ = exp(½·log σ²): dz/dμ = 1, dz/d(log σ²) = ½·σ·ε.
    // KL: d/dμ = μ / B, d/d(log σ²) = ½·(exp(log σ²) − 1) / B.
    const dMeanT = tf.add(dZT, tf.mul(zMeanT, scale));
    const dLogVarT = tf.add(
      tf.mul(tf.mul(dZT, epsT), tf.mul(stdT, 0.5)),
      tf.mul(tf.sub(varT, 1), 0.5 * scale),
    );
    const dBothT = tf.concat([dMeanT, dLogVarT], 0);
    const dH1T = tf.mul(tf.matMul(w.z_kernel, dBothT), tf.step(h1T));
    const grads: TrainWeights = {
      encoder_hidden_kernel_t: tf.matMul(dH1T, x),
      encoder_hidden_bias: tf.sum(dH1T, 1),
      z_kernel: product(h1T, dBothT, false, true),
      z_bias: tf.sum(dBothT, 1),
      // (dH2ᵀ·z)ᵀ, as it always was (same bytes).
      decoder_hidden_kernel: tf.transpose(product(dH2T, zT, false, true)),
      decoder_hidden_bias: tf.sum(dH2T, 1),
      decoder_output_kernel: product(h2T, dLogitsT, false, true),
      decoder_output_bias: tf.sum(dLogitsT, 1),
    };
    return { loss, grads };
  });
}
