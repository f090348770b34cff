/**
 * The training state as named arrays in model layout ("<layer>/kernel", "adam_m/…",
 * "adam_v/…", "adam_steps"), so that a checkpoint reads like the model and restores the state
 * bit for bit.
 */
import {
  disposeParams,
  paramsFromArrays,
  paramsToArrays,
  type VaeShape,
} from "../../core/model/model_params.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";
import { fromTrainLayout, toTrainLayout, type TrainWeights } from "./train_layout.ts";
import { keepAll, type TrainState } from "./train_state.ts";

/** `weights` in model layout as named arrays, each name prefixed with `prefix`. */
export function modelLayoutArrays(weights: TrainWeights, prefix: string): NamedArray[] {
  const params = fromTrainLayout(weights);
  const arrays = paramsToArrays(params).map((a) => ({ ...a, name: `${prefix}${a.name}` }));
  disposeParams(params);
  return arrays;
}

/** The state as named arrays in model layout (see {@link Trainer.snapshot}). */
export function stateToArrays(state: TrainState): NamedArray[] {
  return [
    ...modelLayoutArrays(state.weights, ""),
    ...modelLayoutArrays(state.adam.m, "adam_m/"),
    ...modelLayoutArrays(state.adam.v, "adam_v/"),
    { name: "adam_steps", shape: [1], values: new Float32Array([state.adam.step]) },
  ];
}

/** The inverse of {@link stateToArrays}. */
export function stateFromArrays(arrays: NamedArray[], shape: VaeShape): TrainState {
  const part = (prefix: string) => {
    // paramsFromArrays picks the weights it needs by name; other entries are ignored.
    const named = arrays.filter((a) => a.name.startsWith(prefix)).map((a) => ({
      ...a,
      name: a.name.slice(prefix.length),
    }));
    const params = paramsFromArrays(named, shape, "checkpoint");
    const weights = keepAll(toTrainLayout(params));
    disposeParams(params);
    return weights;
  };
  const steps = arrays.find((a) => a.name === "adam_steps")?.values[0];
  if (steps === undefined) throw new SyntaxError("checkpoint: adam_steps is missing");
  const weights = part("");
  return { weights, adam: { step: steps, m: part("adam_m/"), v: part("adam_v/") } };
}
