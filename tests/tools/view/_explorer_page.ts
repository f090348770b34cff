/**
 * The explorer tests' view of the page: window.explorer (its one declaration,
 * lib/tools/view/explorer/explorer_handle.ts) driven and read through playwright, with typed
 * arrays turned into plain ones to cross page.evaluate.
 */
import type { Page } from "playwright-core";
import type {
  DimensionOrder,
  ExplorerHandle,
  ExplorerState,
  LatentMapAxes,
  NoiseMode,
} from "../../../lib/tools/view/explorer/explorer_handle.ts";

/** What the explorer last drew, as plain arrays. */
export interface DrawnArrays {
  x: number[];
  meanDecode: number[];
  passes: number[][];
  std: number[];
  zMean: number[];
  sigma: number[];
  effect: number[];
  mask: number[];
  klPerDim: number[];
  zMeanVariance: number[];
  active: boolean[];
  passesDone: number;
  runningMean: number[];
  gap: number[];
  gapMean: number;
  gapMax: number;
  mapPoint?: { z: number[]; decode: number[] };
  map?: LatentMapAxes;
  state: ExplorerState;
}

/** Reads the explorer's last drawn arrays, its map axes and its state from `page`. */
export function explorerDrawn(page: Page): Promise<DrawnArrays> {
  return page.evaluate(() => {
    const { drawn, state, map } = (globalThis as unknown as { explorer: ExplorerHandle }).explorer;
    const plain = (a: ArrayLike<number>) => Array.from(a);
    return {
      x: plain(drawn.x),
      meanDecode: plain(drawn.meanDecode),
      passes: drawn.passes.map(plain),
      std: plain(drawn.std),
      zMean: plain(drawn.zMean),
      sigma: plain(drawn.sigma),
      effect: plain(drawn.effect),
      mask: plain(drawn.mask),
      klPerDim: plain(drawn.klPerDim),
      zMeanVariance: plain(drawn.zMeanVariance),
      active: [...drawn.active],
      passesDone: drawn.passesDone,
      runningMean: plain(drawn.runningMean),
      gap: plain(drawn.gap),
      gapMean: drawn.gapMean,
      gapMax: drawn.gapMax,
      mapPoint: drawn.mapPoint && { z: plain(drawn.mapPoint.z), decode: plain(drawn.mapPoint.decode) },
      map: map && structuredClone(map),
      state: { ...state },
    };
  });
}

/** Setter calls, made in this order: digit, seed, noise, scale, passes, order. */
export interface ExploreCalls {
  digit?: number;
  seed?: number;
  noise?: { mode: NoiseMode; dim?: number };
  scale?: number;
  passes?: number;
  order?: DimensionOrder;
}

/** Calls the explorer's setters in the page, then waits until the running mean holds N passes. */
export function explore(page: Page, calls: ExploreCalls): Promise<void> {
  return page.evaluate(async (calls) => {
    const explorer = (globalThis as unknown as { explorer: ExplorerHandle }).explorer;
    if (calls.digit !== undefined) explorer.setDigit(calls.digit);
    if (calls.seed !== undefined) explorer.setSeed(calls.seed);
    if (calls.noise !== undefined) explorer.setNoise(calls.noise.mode, calls.noise.dim);
    if (calls.scale !== undefined) explorer.setScale(calls.scale);
    if (calls.passes !== undefined) explorer.setPasses(calls.passes);
    if (calls.order !== undefined) explorer.setOrder(calls.order);
    await explorer.settled();
  }, calls);
}

/** Waits until the explorer has drawn more than `updates` updates. */
export async function afterUpdate(page: Page, updates: number): Promise<void> {
  await page.waitForFunction(
    (n) => (globalThis as unknown as { explorer: ExplorerHandle }).explorer.state.updates > n,
    updates,
  );
}
