/// <reference lib="dom" />
/**
 * The explorer's browser entry (bundled by explorer_bundle.ts into /assets/explorer.js):
 * loads its stylesheet and starts the explorer on the page's `<section id="explorer">`, if
 * it has one, setting window.explorer (explorer_handle.ts).
 */
import { startExplorer } from "./explorer_app.ts";
import type { ExplorerHandle } from "./explorer_handle.ts";

/** The explorer's stylesheet, served beside the bundle. */
const STYLESHEET = "/assets/explorer.css";

const section = document.getElementById("explorer");
if (section) {
  if (!document.querySelector(`link[href="${STYLESHEET}"]`)) {
    document.head.append(
      Object.assign(document.createElement("link"), { rel: "stylesheet", href: STYLESHEET }),
    );
  }
  (globalThis as unknown as { explorer: ExplorerHandle }).explorer = startExplorer(section);
}
