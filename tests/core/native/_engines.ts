/** Test helper: the same computation on both engines. */
import { type Engine, engineNamed } from "../../../lib/core/engine/engine.ts";

/** `f` (awaited) on the wasm engine, then on native (each activated first); wasm is active again afterwards. */
export async function onBothEngines<T>(f: (engine: Engine) => T | Promise<T>): Promise<[T, T]> {
  const [wasm, native] = [engineNamed("wasm"), engineNamed("native")];
  await wasm.activate();
  const onWasm = await f(wasm);
  await native.activate();
  try {
    return [onWasm, await f(native)];
  } finally {
    await wasm.activate();
  }
}
