/**
 * The viewer: a local web app over an artifact root. GET and HEAD only; it serves its pages,
 * its own script files (tfjs from the installed npm package, never a CDN, with a one-line
 * prelude that spares it eval; the explorer; the table sorter), the files that artifact manifests list, and the explorer's test digits.
 * Nothing else: any other path is a 404, any other method a 405. A missing artifact gives an
 * error page that names it (404), one that cannot be read or shown a page that says why
 * (422); the server stays up.
 *
 * The artifacts may be someone else's (a shared root, a copied folder), so nothing read from
 * them reaches a page as markup (lib/render/html.ts), and every answer carries:
 * - a Content-Security-Policy: pages run only the viewer's own script files (no inline
 *   script, no eval: tfjs' cpu backend needs neither) and fetch only from this server;
 *   an artifact's own files are served sandboxed (no script at all, an opaque origin), so
 *   an HTML file in an artifact cannot act in the viewer's origin; an artifact file is never
 *   served with a script type;
 * - `X-Content-Type-Options: nosniff` and `Cross-Origin-Resource-Policy: same-origin`.
 * A request whose Host does not name this server is refused with an empty 403 (DNS
 * rebinding, lib/view/host_check.ts), a malformed Host with an empty 400. The listener
 * survives connection floods (lib/view/guarded_listener.ts). HEAD answers the headers GET
 * would, content-length included, without the body.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { compareBody, NotAnId } from "./compare_page.ts";
import { evaluationBody, type PageImage } from "../render/evaluation_page.ts";
import { evaluationSource } from "./evaluation_source.ts";
import { type Html, htmlPage, safeHtml } from "../render/html.ts";
import { runsBody } from "./runs_page.ts";
import { artifactFilePath, decodeSegments } from "./safe_files.ts";
import { sweepBody } from "./sweep_page.ts";
import { testDigits } from "./digit_samples.ts";
import { checkHost, type HostPolicy, hostPolicy } from "./host_check.ts";
import { type GuardedServer, type GuardOptions, serveGuarded } from "./guarded_listener.ts";
import { explorerAsset } from "./explorer/explorer_assets.ts";

/** Where the viewer listens and what it serves. */
export interface ViewOptions {
  root: string;
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  /** Flood limits of the listener (tests lower them). */
  guard?: Omit<GuardOptions, "hostname" | "port">;
}

/** A running viewer. */
export interface RunningViewer {
  url: string;
  server: GuardedServer;
}

/**
 * The policy of every page and of the viewer's own files: scripts only from this server's
 * script files (no inline script, no eval), requests only to this server, images from it or
 * data: URIs, styles from it or inline (the pages' one stylesheet is inline, shared with
 * report.html, and the explorer sets bar widths in style attributes), no plugins, no <base>,
 * forms only to this server, never framed.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The policy of a file of an artifact: sandboxed (an opaque origin, no script, no forms, no
 * popups) and nothing loaded but data: images and inline style, so report.html shows as it
 * does from disk and an HTML file someone put in an artifact runs nothing.
 */
export const ARTIFACT_FILE_CSP =
  "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Headers every answer carries, on top of its own. */
const COMMON_HEADERS = {
  "x-content-type-options": "nosniff",
  "cross-origin-resource-policy": "same-origin",
  "referrer-policy": "no-referrer",
};

/** Content types of an artifact's files: never a script type, whatever the name. */
const ARTIFACT_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** The viewer's own scripts, by URL name. */
const ASSETS: Record<string, () => string> = {
  "tfjs_prelude.js": () => new URL("./assets/tfjs_prelude.js", import.meta.url).pathname,
  "tf.min.js": () => createRequire(import.meta.url).resolve("@tensorflow/tfjs/dist/tf.min.js"),
  "explorer.js": () => new URL("./assets/explorer.js", import.meta.url).pathname,
  "sort_tables.js": () => new URL("./assets/sort_tables.js", import.meta.url).pathname,
};

/** A page reached by a wrong path or id: not found, with what was asked for. */
class NotFound extends Error {}

function headers(contentType: string, csp = PAGE_CSP, extra: Record<string, string> = {}): Headers {
  return new Headers({
    "content-type": contentType,
    "content-security-policy": csp,
    ...COMMON_HEADERS,
    ...extra,
  });
}

function page(status: number, title: string, body: Html, scripts: string[] = []): Response {
  return new Response(htmlPage(title, body, { scripts }), {
    status,
    headers: headers("text/html; charset=utf-8"),
  });
}

/** An answer with no content (a refused Host, a malformed request). */
function empty(status: number, extra: Record<string, string> = {}): Response {
  return new Response(null, { status, headers: headers("text/plain; charset=utf-8", PAGE_CSP, extra) });
}

function errorPage(status: number, message: string): Response {
  const title = status === 404 ? "Not found" : "Cannot show this";
  return page(
    status,
    title,
    safeHtml`
      <h1>${title}</h1>
      <p class="error">${message}</p>
      <p><a href="/">Runs</a></p>
    `,
  );
}

async function fileResponse(path: string, type: string, csp: string, head: boolean): Promise<Response> {
  const info = await Deno.stat(path);
  const fileHeaders = headers(type, csp, { "content-length": String(info.size) });
  if (head) return new Response(null, { headers: fileHeaders });
  return new Response((await Deno.open(path)).readable, { headers: fileHeaders });
}

async function route(root: string, url: URL, head: boolean): Promise<Response> {
  // The raw path, before any decoding: an encoded slash or dot must not become a separator.
  const path = url.pathname;
  if (path === "/") {
    return page(200, "Runs", await runsBody(root, url.searchParams), ["/assets/sort_tables.js"]);
  }
  if (path === "/compare") {
    return page(
      200,
      "Compare",
      await compareBody(root, url.searchParams.get("a"), url.searchParams.get("b")),
    );
  }
  let match = /^\/evaluation\/([0-9a-f]{16})$/.exec(path);
  if (match) {
    const source = await evaluationSource(root, match[1]!);
    const image = (name: PageImage) =>
      name === "loss_curve.png"
        ? source.view.modelId && source.model
          ? `/files/model/${source.view.modelId}/loss_curve.png`
          : undefined
        : `/files/evaluate/${source.view.evaluateId}/${name}`;
    return page(200, `Evaluation ${source.view.evaluateId}`, evaluationBody(source.view, image, true), [
      "/assets/tfjs_prelude.js",
      "/assets/tf.min.js",
      "/assets/explorer.js",
    ]);
  }
  match = /^\/sweep\/([0-9a-f]{16})$/.exec(path);
  if (match) {
    return page(200, `Sweep ${match[1]}`, await sweepBody(root, match[1]!, url.searchParams), [
      "/assets/sort_tables.js",
    ]);
  }
  match = /^\/files\/([a-z]+)\/([0-9a-f]{16})\/(.+)$/.exec(path);
  if (match) {
    const segments = decodeSegments(match[3]!);
    const file = segments && await artifactFilePath(root, match[1]!, match[2]!, segments);
    if (!file) throw new NotFound(`no such artifact file: ${path}`);
    return await fileResponse(
      file,
      ARTIFACT_TYPES[extname(file)] ?? "application/octet-stream",
      ARTIFACT_FILE_CSP,
      head,
    );
  }
  // The explorer's script (bundled from lib/view/explorer/ on the first request) and stylesheet.
  const explorerFile = await explorerAsset(path);
  if (explorerFile) {
    const size = { "content-length": String(explorerFile.body.length) };
    return new Response(head ? null : explorerFile.body, {
      headers: headers(explorerFile.type, PAGE_CSP, size),
    });
  }
  match = /^\/assets\/([a-z_.]+)$/.exec(path);
  if (match && Object.hasOwn(ASSETS, match[1]!)) {
    return await fileResponse(ASSETS[match[1]!]!(), "text/javascript; charset=utf-8", PAGE_CSP, head);
  }
  match = /^\/data\/digits\/([0-9a-f]{16})$/.exec(path);
  if (match) {
    const count = Number(url.searchParams.get("count") ?? "100");
    const digits = await testDigits(root, match[1]!, Number.isInteger(count) ? count : 100);
    if (!digits) throw new NotFound(`no mnist artifact ${match[1]}`);
    return new Response(JSON.stringify(digits), { headers: headers("application/json") });
  }
  throw new NotFound(`nothing here: ${path}`);
}

/** `response` as the answer to a HEAD request: the same status and headers, content-length included, no body. */
async function headOf(response: Response): Promise<Response> {
  const out = new Headers(response.headers);
  if (!out.has("content-length")) {
    out.set("content-length", String(response.body ? (await response.arrayBuffer()).byteLength : 0));
  } else {
    await response.body?.cancel();
  }
  return new Response(null, { status: response.status, headers: out });
}

/**
 * The request handler of a viewer over artifact root `root` that answers only requests whose
 * Host passes `hosts` (lib/view/host_check.ts).
 */
export function viewHandler(root: string, hosts: HostPolicy): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = URL.parse(request.url);
    // An absolute-form request target (GET http://name/ HTTP/1.1) names its host too.
    const target = url === null
      ? "malformed"
      : url.protocol === "http+unix:"
      ? "ok"
      : checkHost(url.host, hosts);
    const host = target === "ok" ? checkHost(request.headers.get("host"), hosts) : target;
    if (host !== "ok") return empty(host === "malformed" ? 400 : 403);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return empty(405, { allow: "GET, HEAD" });
    }
    const head = request.method === "HEAD";
    let response: Response;
    try {
      response = await route(root, url!, head);
    } catch (e) {
      const message = (e as Error).message.split("\n")[0]!;
      if (e instanceof NotFound || e instanceof NotAnId) response = errorPage(404, message);
      else if (/no artifact|not an artifact|no sweep record|no run record|not a|no such/.test(message)) {
        response = errorPage(404, message);
      } else {
        // Whatever a damaged or hostile artifact makes a reader or renderer throw: a page that
        // says why, never a crash.
        console.error(`view: ${url!.pathname}: ${message}`);
        response = errorPage(422, message);
      }
    }
    return head ? await headOf(response) : response;
  };
}

/** Starts the viewer (listening when this returns); throws when it cannot listen. */
export function startViewer(options: ViewOptions): RunningViewer {
  // The port is known once listening: the policy object is completed then, before any request.
  const hosts = hostPolicy(options.hostname, options.port);
  const server = serveGuarded(
    { ...options.guard, hostname: options.hostname, port: options.port },
    viewHandler(options.root, hosts),
  );
  const { hostname, port } = server.addr;
  Object.assign(hosts, hostPolicy(hostname, port, options.hostname));
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return { url: `http://${host}:${port}/`, server };
}
