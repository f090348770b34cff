/**
 * Checks raw MNIST files against the pinned sizes and SHA-256 and their IDX structure, and
 * cuts them down to a subset when asked. Pure: bytes in, bytes out.
 */
import { sha256Hex } from "../../core/runtime/hash.ts";
import { firstRecords, type IdxData, parseIdx } from "./idx.ts";
import { MNIST_FILES, MNIST_SIDE } from "./mnist_files.ts";
import type { RawMnist } from "./mnist_sources.ts";

/** How many records to keep from each split (the full set when undefined). */
export interface MnistLimits {
  train?: number;
  test?: number;
}

/** The verified (and possibly shortened) files plus facts for the manifest. */
export interface VerifiedMnist {
  files: Map<string, Uint8Array>;
  counts: { train: number; test: number };
  /** Number of images per digit 0..9, per split. */
  classCounts: { train: number[]; test: number[] };
}

/**
 * Verifies each raw file (size, SHA-256, IDX header and shape, labels in 0..9) and returns
 * the first `limits.train` / `limits.test` records of each split. `where` names the source
 * in error messages. Throws SyntaxError (structure) or Error (checksum) with one line.
 */
export function verifyMnist(raw: RawMnist, where: string, limits: MnistLimits = {}): VerifiedMnist {
  const parsed = new Map<string, IdxData>();
  for (const spec of MNIST_FILES) {
    const bytes = raw.get(spec.name);
    const name = `${where}/${spec.name}`;
    if (bytes === undefined) throw new Error(`${name}: missing`);
    const idx = parseIdx(bytes, name);
    if (idx.kind !== spec.kind) {
      throw new SyntaxError(`${name}: holds ${idx.kind}, expected ${spec.kind}`);
    }
    if (idx.count !== spec.count) {
      throw new SyntaxError(`${name}: header says ${idx.count} records, expected ${spec.count}`);
    }
    if (spec.kind === "images" && (idx.rows !== MNIST_SIDE || idx.cols !== MNIST_SIDE)) {
      throw new SyntaxError(`${name}: images are ${idx.rows}×${idx.cols}, expected 28×28`);
    }
    if (spec.kind === "labels") {
      const bad = idx.data.findIndex((label) => label > 9);
      if (bad >= 0) {
        throw new SyntaxError(`${name}: label ${idx.data[bad]} at record ${bad} is outside 0..9`);
      }
    }
    if (bytes.length !== spec.bytes) {
      throw new Error(`${name}: ${bytes.length} bytes, expected ${spec.bytes}`);
    }
    const sha = sha256Hex(bytes);
    if (sha !== spec.sha256) {
      throw new Error(`${name}: SHA-256 ${sha} does not match the pinned ${spec.sha256}`);
    }
    parsed.set(spec.name, idx);
  }
  const counts = { train: limits.train ?? 60000, test: limits.test ?? 10000 };
  const files = new Map<string, Uint8Array>();
  const classCounts = { train: new Array(10).fill(0), test: new Array(10).fill(0) };
  for (const spec of MNIST_FILES) {
    const idx = parsed.get(spec.name)!;
    const keep = counts[spec.split];
    files.set(spec.name, keep === spec.count ? raw.get(spec.name)! : firstRecords(idx, keep));
    if (spec.kind === "labels") {
      for (const label of idx.data.subarray(0, keep)) classCounts[spec.split][label]++;
    }
  }
  return { files, counts, classCounts };
}
