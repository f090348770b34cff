/**
 * The IDX file format of MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian header
 * followed by unsigned bytes. Parsing only; no I/O.
 */

/** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
export const IDX_IMAGES_MAGIC = 2051;
/** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
export const IDX_LABELS_MAGIC = 2049;
/** Header bytes of an image file: magic, count, rows, cols (4 × uint32). */
export const IDX_IMAGES_HEADER_BYTES = 16;
/** Header bytes of a label file: magic, count (2 × uint32). */
export const IDX_LABELS_HEADER_BYTES = 8;

/** A parsed IDX file: `count` records of `rows × cols` bytes (1 × 1 for labels). */
export interface IdxData {
  kind: "images" | "labels";
  count: number;
  rows: number;
  cols: number;
  /** The records, without the header (a view into the input). */
  data: Uint8Array;
}

/**
 * Parses an IDX images or labels file, checking the magic number and that the byte length
 * equals header + count × record size. `name` only labels error messages.
 *
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from "./idx.ts";
 * const file = encodeIdx({ kind: "labels", count: 2, rows: 1, cols: 1, data: new Uint8Array([7, 2]) });
 * parseIdx(file, "labels").count; // 2
 * ```
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxData {
  const count = idxCount(bytes, name);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  let headerBytes: number, rows: number, cols: number, kind: IdxData["kind"];
  if (magic === IDX_IMAGES_MAGIC) {
    if (bytes.length < IDX_IMAGES_HEADER_BYTES) {
      throw new SyntaxError(
        `${name}: file is ${bytes.length} bytes, too short for an IDX image header (16)`,
      );
    }
    kind = "images";
    headerBytes = IDX_IMAGES_HEADER_BYTES;
    rows = view.getUint32(8);
    cols = view.getUint32(12);
  } else {
    kind = "labels";
    headerBytes = IDX_LABELS_HEADER_BYTES;
    rows = 1;
    cols = 1;
  }
  const expected = headerBytes + count * rows * cols;
  if (bytes.length !== expected) {
    throw new SyntaxError(
      `${name}: header says ${count} records of ${rows}×${cols} (${expected} bytes) but the file has ${bytes.length} bytes (truncated or corrupt)`,
    );
  }
  return { kind, count, rows, cols, data: bytes.subarray(headerBytes) };
}

/**
 * The record count of an IDX images or labels file, from its first 8 bytes (magic number and
 * count; more may be given): what a caller needs before reading the records.
 */
export function idxCount(head: Uint8Array, name: string): number {
  if (head.length < IDX_LABELS_HEADER_BYTES) {
    throw new SyntaxError(`${name}: file is ${head.length} bytes, too short for an IDX header (at least 8)`);
  }
  const view = new DataView(head.buffer, head.byteOffset, IDX_LABELS_HEADER_BYTES);
  const magic = view.getUint32(0);
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    throw new SyntaxError(
      `${name}: magic number is ${magic}, expected ${IDX_IMAGES_MAGIC} (images) or ${IDX_LABELS_MAGIC} (labels)`,
    );
  }
  return view.getUint32(4);
}

/** Encodes records as an IDX file (the inverse of {@link parseIdx}). */
export function encodeIdx(idx: IdxData): Uint8Array {
  const headerBytes = idx.kind === "images" ? IDX_IMAGES_HEADER_BYTES : IDX_LABELS_HEADER_BYTES;
  const out = new Uint8Array(headerBytes + idx.data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, idx.kind === "images" ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC);
  view.setUint32(4, idx.count);
  if (idx.kind === "images") {
    view.setUint32(8, idx.rows);
    view.setUint32(12, idx.cols);
  }
  out.set(idx.data, headerBytes);
  return out;
}

/** The first `count` records of a parsed file, as a new IDX file. */
export function firstRecords(idx: IdxData, count: number): Uint8Array {
  const recordBytes = idx.rows * idx.cols;
  return encodeIdx({ ...idx, count, data: idx.data.subarray(0, count * recordBytes) });
}
