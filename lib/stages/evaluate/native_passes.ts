/**
 * The stochastic passes on the native engine: per pass one C call or sgemm per step, on plain
 * arrays allocated once per thread, with no tfjs op in the loop. It computes what the tfjs loop
 * (lib/stages/evaluate/stochastic_passes.ts) computes, from the same ε, and y_k with the bytes the
 * exported decoder gives on the native engine (the same sgemm calls and element-wise kernels),
 * which pass 1's check against the exported VAE confirms on every chunk. The figures that
 * tfjs computes in float32 (the RMS against the mean decode, log p(z) − log q(z|x)) are summed
 * in double here.
 */
import * as tf from "@tensorflow/tfjs";
import { KERAS_CLIP } from "../../core/model/elbo_loss.ts";
import { openBlas } from "../../core/native/openblas.ts";
import { biasReluInPlace, outputPassRows, sampleInto } from "../../core/native/native_kernels.ts";
import { readInto } from "./chunk_buffers.ts";
import { assertLiveViews, heapFloats, onHeap, wasmBackend } from "../../core/native/wasm_heap.ts";
import { NOISE_PASSES, passEpsilonSeed, type PassLoopInputs, type PassLoopResult } from "./pass_loop.ts";
import { normalDraws } from "../../core/native/normal_draws.ts";
import { PassTally } from "./pass_tally.ts";
import { turnsEvery } from "../../core/runtime/event_loop_turn.ts";

/** A Dense layer's weights as arrays: kernel `inputs` × `units` row-major, bias `units`. */
interface DenseWeights {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
}

/** The decoder's two Dense layers, read once per loaded model. */
const decoderWeights = new WeakMap<tf.LayersModel, { hidden: DenseWeights; output: DenseWeights }>();

function denseWeights(model: tf.LayersModel, name: string, activation: string): DenseWeights {
  const layer = model.getLayer(name);
  const config = layer.getConfig() as { activation?: string; useBias?: boolean };
  if (config.activation !== activation || config.useBias === false) {
    throw new Error(
      `--engine native: the decoder's layer ${name} is ${config.activation} (bias: ${config.useBias}); ` +
        `the native evaluation expects a ${activation} Dense layer with a bias`,
    );
  }
  const [kernel, bias] = layer.getWeights();
  return {
    kernel: kernel!.dataSync() as Float32Array,
    bias: bias!.dataSync() as Float32Array,
    inputs: kernel!.shape[0]!,
    units: kernel!.shape[1]!,
  };
}

function weightsOf(decoder: tf.LayersModel) {
  let weights = decoderWeights.get(decoder);
  if (weights === undefined) {
    weights = {
      hidden: denseWeights(decoder, "decoder_hidden", "relu"),
      output: denseWeights(decoder, "decoder_output", "sigmoid"),
    };
    decoderWeights.set(decoder, weights);
  }
  return weights;
}

/** Arrays kept from chunk to chunk (fresh ones cost page faults): grown when a chunk needs more. */
const scratch = new Map<string, Float32Array | Float64Array>();

function scratchFloats(name: string, size: number): Float32Array {
  let buffer = scratch.get(name) as Float32Array | undefined;
  if (buffer === undefined || buffer.length < size) scratch.set(name, buffer = new Float32Array(size));
  return buffer.subarray(0, size);
}

function scratchDoubles(name: string, size: number): Float64Array {
  let buffer = scratch.get(name) as Float64Array | undefined;
  if (buffer === undefined || buffer.length < size) scratch.set(name, buffer = new Float64Array(size));
  return buffer.subarray(0, size);
}

/** Runs the passes of `c` on the native engine (activated), with the OpenBLAS at `blasPath`. */
export async function nativePasses(c: PassLoopInputs, blasPath: string): Promise<PassLoopResult> {
  const { models, x, passes, seed, chunk, buffers, timer } = c;
  const [rows, pixels] = x.shape;
  const latent = c.zMean.shape[1];
  const { hidden, output } = weightsOf(models.decoder);
  const blas = openBlas(blasPath);
  const zMean = readInto(c.zMean, scratchFloats("zMean", rows * latent));
  const zLogVar = readInto(c.zLogVar, scratchFloats("zLogVar", rows * latent));
  // The images and the mean decode are read where they are, in the wasm heap: views taken anew
  // each pass, after the pass's ε (allocating may grow the heap, which detaches older views).
  const backend = wasmBackend();
  const heapViews = () => {
    onHeap(backend, x, c.meanDecode);
    const views = [heapFloats(backend, x, rows * pixels), heapFloats(backend, c.meanDecode, rows * pixels)];
    assertLiveViews(backend, ...views);
    return views as [Float32Array, Float32Array];
  };
  // σ as the Sampling layer computes it (tfjs' Mul and Exp), once for all passes.
  const std = tf.tidy(() => tf.exp(tf.mul(c.zLogVar, 0.5)));
  const sigma = readInto(std, scratchFloats("std", rows * latent));
  std.dispose();
  const z = scratchFloats("z", rows * latent);
  const h = scratchFloats("hidden", rows * hidden.units);
  const logits = scratchFloats("logits", rows * pixels);
  const bce = scratchFloats("bce", rows);
  const passScratch = scratchFloats("passScratch", 3 * pixels);
  const meanSquare = scratchDoubles("meanSquare", rows);
  const mean = buffers.passMean.subarray(0, rows * pixels);
  const m2 = buffers.passVariance.subarray(0, rows * pixels);
  const tally = new PassTally(rows, buffers);
  let vaeVersusDecoderMaxAbs = 0;
  const logWeight = new Float64Array(rows);
  const rms = new Float64Array(rows);
  // A turn of the event loop now and then, so that a signal is handled (no result changes).
  const turnIfDue = turnsEvery();
  for (let pass = 1; pass <= passes; pass++) {
    timer?.start();
    await turnIfDue();
    timer?.lap("turn");
    const eps = normalDraws(passEpsilonSeed(seed, chunk, pass), scratchFloats("eps", rows * latent));
    timer?.lap("epsilon");
    sampleInto(zMean, sigma, eps, z);
    timer?.lap("sample");
    // The decoder, as its layers run on the native engine: sgemm + bias + relu, sgemm + bias + sigmoid.
    blas.sgemm(false, false, rows, hidden.units, latent, z, hidden.kernel, h);
    timer?.lap("hiddenSgemm");
    biasReluInPlace(h, hidden.units, hidden.bias, true);
    timer?.lap("hiddenBiasRelu");
    blas.sgemm(false, false, rows, pixels, hidden.units, h, output.kernel, logits);
    timer?.lap("outputSgemm");
    // y is written out only where it is used: passes 1 to 3 (kept), of which pass 1 is checked.
    const y = tally.keptBuffer(pass, rows * pixels);
    const noise = pass <= NOISE_PASSES;
    const [xs, meanDecode] = heapViews();
    outputPassRows(
      {
        logits,
        bias: output.bias,
        x: xs,
        mean,
        m2,
        bce,
        meanDecode: noise ? meanDecode : undefined,
        meanSquareDiff: noise ? meanSquare : undefined,
        y,
        scratch: passScratch,
      },
      pixels,
      KERAS_CLIP,
      pass,
    );
    timer?.lap("outputRowPass");
    // log w = log p(x|z) + log p(z) − log q(z|x), with log p(z) − log q(z|x) = Σ_d ½(ε² − z² + log σ²).
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let d = r * latent; d < (r + 1) * latent; d++) {
        sum += eps[d]! * eps[d]! - z[d]! * z[d]! + zLogVar[d]!;
      }
      logWeight[r] = 0.5 * sum - bce[r]!;
    }
    if (noise) { for (let r = 0; r < rows; r++) rms[r] = Math.sqrt(meanSquare[r]!); }
    tally.add({ logWeight, bce, rms: noise ? rms : undefined, y });
    timer?.lap("logWeightTally");
    if (pass === 1) {
      // The loop must give exactly what the exported VAE gives.
      const epsTensor = tf.tensor2d(eps, [rows, latent]);
      const vae = models.vae.predict([x, epsTensor], { batchSize: rows }) as tf.Tensor2D;
      const values = readInto(vae, logits);
      tf.dispose([vae, epsTensor]);
      for (let i = 0; i < values.length; i++) {
        vaeVersusDecoderMaxAbs = Math.max(vaeVersusDecoderMaxAbs, Math.abs(values[i]! - y![i]!));
      }
    }
    timer?.lap("firstPassCheck");
  }
  // The variance as Welford.variance() computes it: M2 / (n − 1), rounded to float32.
  for (let i = 0; i < m2.length; i++) m2[i] = m2[i]! / (passes - 1);
  return tally.result(mean, m2, vaeVersusDecoderMaxAbs);
}
