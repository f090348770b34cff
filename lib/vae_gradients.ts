/**
 * Loss and exact gradients of the VAE for one batch, by hand-written backpropagation.
 * tfjs' autograd would run every backward matMul with transposeA/transposeB, which in
 * tfjs-backend-wasm 4.22 is ~13× slower than a plain matMul; here each transpose is
 * materialised first. The z_mean and z_log_var layers run as one matMul on concatenated
 * kernels. tests/vae_gradients_test.ts checks the result against tf.grad.
 */
import * as tf from "@tensorflow/tfjs";
import { elboLoss, type ElboParts } from "./elbo_loss.ts";
import { type LayerName, LAYERS, type VaeParams } from "./model_params.ts";

/** Gradient of the batch-mean loss for every kernel and bias. */
export type VaeGradients = Record<LayerName, { kernel: tf.Tensor2D; bias: tf.Tensor1D }>;

function t(x: tf.Tensor2D): tf.Tensor2D {
  return tf.transpose(x);
}

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
    const z = tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps)) as tf.Tensor2D;
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

/** Loss parts and gradients for the batch `x` with noise `eps`. */
export function lossAndGradients(
  params: VaeParams,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
): { loss: ElboParts<tf.Scalar>; grads: VaeGradients } {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const latent = params.z_mean.kernel.shape[1];
    const p = params;
    // Forward.
    const h1 = tf.fused.matMul({
      a: x,
      b: p.encoder_hidden.kernel,
      bias: p.encoder_hidden.bias,
      activation: "relu",
    }) as tf.Tensor2D;
    const zKernel = tf.concat([p.z_mean.kernel, p.z_log_var.kernel], 1);
    const zBias = tf.concat([p.z_mean.bias, p.z_log_var.bias]);
    const zBoth = tf.fused.matMul({ a: h1, b: zKernel, bias: zBias }) as tf.Tensor2D;
    const [zMean, zLogVar] = tf.split(zBoth, [latent, latent], 1) as [tf.Tensor2D, tf.Tensor2D];
    const std = tf.exp(tf.mul(zLogVar, 0.5));
    const z = tf.add(zMean, tf.mul(std, eps)) as tf.Tensor2D;
    const h2 = tf.fused.matMul({
      a: z,
      b: p.decoder_hidden.kernel,
      bias: p.decoder_hidden.bias,
      activation: "relu",
    }) as tf.Tensor2D;
    const logits = tf.fused.matMul({
      a: h2,
      b: p.decoder_output.kernel,
      bias: p.decoder_output.bias,
    }) as tf.Tensor2D;
    const loss = elboLoss(x, logits, zMean, zLogVar);
    // Backward: d(mean loss)/d(logits) = (sigmoid(l) − x) / B.
    const dLogits = tf.mul(tf.sub(tf.sigmoid(logits), x), 1 / batch) as tf.Tensor2D;
    const dOutKernel = tf.matMul(t(h2), dLogits);
    const dOutBias = tf.sum(dLogits, 0);
    const dH2 = tf.mul(tf.matMul(dLogits, t(p.decoder_output.kernel)), tf.step(h2)) as tf.Tensor2D;
    const dDecKernel = tf.matMul(t(z), dH2);
    const dDecBias = tf.sum(dH2, 0);
    const dZ = tf.matMul(dH2, t(p.decoder_hidden.kernel));
    // KL part: d/dμ = μ / B; d/d(log σ²) = (exp(log σ²) − 1) / (2B). Sampling: dz/dμ = 1, dz/d(log σ²) = ε·σ/2.
    const dZMean = tf.add(dZ, tf.mul(zMean, 1 / batch));
    const dZLogVar = tf.add(
      tf.mul(tf.mul(dZ, eps), tf.mul(std, 0.5)),
      tf.mul(tf.sub(tf.exp(zLogVar), 1), 0.5 / batch),
    );
    const dZBoth = tf.concat([dZMean, dZLogVar], 1) as tf.Tensor2D;
    const dZKernel = tf.matMul(t(h1), dZBoth);
    const dZBias = tf.sum(dZBoth, 0);
    const dH1 = tf.mul(tf.matMul(dZBoth, t(zKernel as tf.Tensor2D)), tf.step(h1)) as tf.Tensor2D;
    const dEncKernel = tf.matMul(t(x), dH1);
    const dEncBias = tf.sum(dH1, 0);
    const [dZMeanKernel, dZLogVarKernel] = tf.split(dZKernel, [latent, latent], 1);
    const [dZMeanBias, dZLogVarBias] = tf.split(dZBias, [latent, latent]);
    const grads = {
      encoder_hidden: { kernel: dEncKernel, bias: dEncBias },
      z_mean: { kernel: dZMeanKernel, bias: dZMeanBias },
      z_log_var: { kernel: dZLogVarKernel, bias: dZLogVarBias },
      decoder_hidden: { kernel: dDecKernel, bias: dDecBias },
      decoder_output: { kernel: dOutKernel, bias: dOutBias },
    } as VaeGradients;
    return { loss, grads };
  });
}

/** Every gradient tensor, for disposal. */
export function gradientTensors(grads: VaeGradients): tf.Tensor[] {
  return LAYERS.flatMap((name) => [grads[name].kernel, grads[name].bias]);
}
