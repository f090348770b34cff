/** PNG encoding through sharp: SVG documents and raw RGB pixel buffers to PNG bytes. */
import sharp from "sharp";

/** Renders an SVG document to PNG bytes. */
export async function svgToPng(svg: string): Promise<Uint8Array> {
  return new Uint8Array(await sharp(new TextEncoder().encode(svg)).png().toBuffer());
}

/** Encodes `width × height` RGB pixels (3 bytes each, row-major) as PNG bytes. */
export async function rgbToPng(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer(),
  );
}
