/**
 * Browser tests' shared setup: Chromium through playwright-core (one browser per test file,
 * its pages reused), the viewer started in this process, a page that records every console
 * error, uncaught page error, failed request and HTTP error response, canvas pixels read back
 * from the page, and screenshots under test-output/screenshots/.
 */
import { join } from "node:path";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { type RunningViewer, startViewer } from "../../../lib/tools/view/view_server.ts";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** Where screenshots go (ignored by git). */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, "test-output", "screenshots");

/** Launches headless Chromium; without it, fails with one line saying how to install it. */
export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!(await Deno.stat(executablePath).then((info) => info.isFile, () => false))) {
    throw new Error(`browser tests need Chromium at ${executablePath}: apt-get install chromium`);
  }
  // --no-sandbox: the tests run as root in containers, where Chromium's sandbox cannot start.
  return await chromium.launch({ executablePath, args: ["--no-sandbox"] });
}

/** The viewer over `root` on a free port of 127.0.0.1 (`await viewer.server.shutdown()` after). */
export function viewerOn(root: string): RunningViewer {
  return startViewer({ root, hostname: "127.0.0.1", port: 0 });
}

/**
 * Chromium for tests of `viewer`: when it does not start, the viewer is shut down before the
 * error goes on (the test's own `finally` closes both on every other path).
 */
export async function launchChromiumFor(viewer: RunningViewer): Promise<Browser> {
  try {
    return await launchChromium();
  } catch (e) {
    await viewer.server.shutdown();
    throw e;
  }
}

/** A page and what went wrong on it since it opened (or since the last `problems.length = 0`). */
export interface WatchedPage {
  page: Page;
  /** One line per console error, page error, failed request or response with status ≥ 400. */
  problems: string[];
}

/** A new page of `browser` (1280 × 900 unless `options` say otherwise) that records its problems. */
export async function watchedPage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}

/** Saves a screenshot of `page` (whole page) as test-output/screenshots/<name>.png and says where. */
export async function saveScreenshot(page: Page, name: string, selector?: string): Promise<string> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
  return path;
}

/** What the tests read of a canvas (deno check has no DOM types). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(
    kind: "2d",
  ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}

/** The red channel (the grey level, 0–255) of every pixel of the canvas at `selector`, row-major. */
export function canvasGrey(page: Page, selector: string): Promise<number[]> {
  return page.$eval(selector, (element) => {
    const canvas = element as unknown as CanvasLike;
    const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    return Array.from({ length: rgba.length / 4 }, (_, i) => rgba[4 * i]!);
  });
}

/** window.explorer's type, declared once in lib/tools/view/explorer/explorer_handle.ts. */
export type { ExplorerHandle } from "../../../lib/tools/view/explorer/explorer_handle.ts";

/** The largest |a[i] − b[i]| (lengths must agree). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} against ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Grey levels as the explorer draws them: round(clamp(v, 0, 1) · 255). */
export function greyLevels(values: ArrayLike<number>): number[] {
  return Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}
