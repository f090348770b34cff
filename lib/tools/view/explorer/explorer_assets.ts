/**
 * The explorer's own files, as the viewer serves them under /assets/: its script, bundled
 * from this folder on the first request (explorer_bundle.ts), and its stylesheet
 * (lib/tools/view/assets/explorer.css). Nothing else.
 */
import { explorerBundle } from "./explorer_bundle.ts";

/** A file's bytes and content type. */
export interface AssetFile {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

const STYLESHEET = new URL("../assets/explorer.css", import.meta.url);

/**
 * The explorer's file at URL path `path` (/assets/explorer.js or /assets/explorer.css);
 * undefined for any other path.
 */
export async function explorerAsset(path: string): Promise<AssetFile | undefined> {
  if (path === "/assets/explorer.js") {
    return { body: await explorerBundle(), type: "text/javascript; charset=utf-8" };
  }
  if (path === "/assets/explorer.css") {
    return { body: await Deno.readFile(STYLESHEET), type: "text/css; charset=utf-8" };
  }
  return undefined;
}
