/** Test helper: the same computation on both engines. */
import { useEngine } from "../../lib/engine/engine.ts";

/** `f` on the wasm engine, then on native; the engine is wasm again afterwards. */
export async function onBothEngines<T>(f: () => T): Promise<[T, T]> {
  await useEngine("wasm");
  const wasm = f();
  await useEngine("native");
  try {
    return [wasm, f()];
  } finally {
    await useEngine("wasm");
  }
}
