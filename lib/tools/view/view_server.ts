/**
 * The viewer: a local web app over an artifact root. GET and HEAD only; it serves its pages,
 * its own script files (tfjs from the installed npm package, never a CDN, with a one-line
 * prelude that spares it eval; the explorer; the table sorter), the files that artifact manifests list, and the explorer's test digits.
 * Nothing else: any other path is a 404, any other method a 405. A missing artifact gives an
 * error page that names it (404), one that cannot be read or shown a page that says why
 * (422); the server stays up.
 *
 * The artifacts may be someone else's (a shared root, a copied folder), so nothing read from
 * them reaches a page as markup (lib/core/render/html.ts), and every answer carries:
 * - a Content-Security-Policy: pages run only the viewer's own script files (no inline
 *   script, no eval: tfjs' cpu backend needs neither) and fetch only from this server;
 *   an artifact's own files are served sandboxed (no script at all, an opaque origin), so
 *   an HTML file in an artifact cannot act in the viewer's origin; an artifact file is never
 *   served with a script type;
 * - `X-Content-Type-Options: nosniff` and `Cross-Origin-Resource-Policy: same-origin`.
 * A request whose Host does not name this server is refused with an empty 403 (DNS
 * rebinding, lib/tools/view/host_check.ts), a malformed Host with an empty 400. The listener
 * survives connection floods (lib/tools/view/guarded_listener.ts). HEAD answers the headers GET
 * would, content-length included, without the body.
 */
import { extname } from "node:path";
import { compareBody, NotAnId } from "./compare_page.ts";
import { evaluationBody, type PageImage, statedLatentDims } from "../../core/render/evaluation_page.ts";
import {
  EXPLORER_ASSETS,
  EXPLORER_NEEDS_INLINE_STYLE,
  EXPLORER_SCRIPTS,
  explorerSection,
} from "./explorer_section.ts";
import { evaluationSource } from "./evaluation_source.ts";
import { type Html, htmlPage, safeHtml, type SitePage } from "../../core/render/html.ts";
import { PAGE_STYLESHEET } from "../../core/render/page_style.ts";
import { newestEvaluation } from "./newest_evaluation.ts";
import { runsBody } from "./runs_page.ts";
import { artifactFilePath, decodeSegments } from "./safe_files.ts";
import { sweepBody } from "./sweep_page.ts";
import { CHART_ASSET_PREFIX, CHART_SCRIPTS, chartAssetPath } from "./chart_assets.ts";
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
 * data: URIs, styles only from its one stylesheet (no inline style), no plugins, no <base>,
 * forms only to this server, never framed.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The policy of a page with the live explorer: {@link PAGE_CSP}, with inline styles allowed
 * while the explorer still sets them (lib/tools/view/explorer_section.ts says whether it does).
 */
export const EXPLORER_PAGE_CSP = EXPLORER_NEEDS_INLINE_STYLE
  ? PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  : PAGE_CSP;

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
  ...EXPLORER_ASSETS,
  "sort_tables.js": () => new URL("./assets/sort_tables.js", import.meta.url).pathname,
};

/** The pages' one stylesheet, by URL name. */
const STYLESHEET = "view.css";

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

/** What a page adds to its body: its scripts, the bar's item it is, and its policy. */
interface PageOptions {
  scripts?: readonly string[];
  current?: SitePage;
  csp?: string;
}

function page(status: number, title: string, body: Html, options: PageOptions = {}): Response {
  return new Response(htmlPage(title, body, { scripts: options.scripts ?? [], current: options.current }), {
    status,
    headers: headers("text/html; charset=utf-8", options.csp ?? PAGE_CSP),
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
      <p><a href="/runs">Every run</a></p>
    `,
  );
}

async function fileResponse(path: string, type: string, csp: string, head: boolean): Promise<Response> {
  const info = await Deno.stat(path);
  const fileHeaders = headers(type, csp, { "content-length": String(info.size) });
  if (head) return new Response(null, { headers: fileHeaders });
  return new Response((await Deno.open(path)).readable, { headers: fileHeaders });
}

/** The evaluation page of `id`, with `lead` above it (the start page says which one it shows). */
async function evaluationPage(root: string, id: string, lead?: Html, current?: SitePage): Promise<Response> {
  const source = await evaluationSource(root, id);
  const view = source.view;
  const image = (name: PageImage) =>
    name === "loss_curve.png"
      ? view.modelId && source.model ? `/files/model/${view.modelId}/loss_curve.png` : undefined
      : `/files/evaluate/${view.evaluateId}/${name}`;
  const explorer = explorerSection({
    exportId: view.exportId,
    mnistId: view.mnistId,
    latentDims: statedLatentDims(view.metrics),
  });
  const body = evaluationBody(view, image, {
    explorer,
    metricsHref: `/files/evaluate/${view.evaluateId}/metrics.json`,
  });
  const title = current === "answer"
    ? `Answer (evaluation ${view.evaluateId})`
    : `Evaluation ${view.evaluateId}`;
  return page(200, title, safeHtml`${lead ?? ""}${body}`, {
    scripts: EXPLORER_SCRIPTS,
    current,
    csp: EXPLORER_PAGE_CSP,
  });
}

/** The start page: the newest full evaluation's page, or which command makes one. */
async function startPage(root: string): Promise<Response> {
  const { shown, unreadable } = await newestEvaluation(root);
  const skipped = unreadable.length === 0
    ? ""
    : safeHtml`<p class="meta">Passed over, since ${
      unreadable.length === 1 ? "it" : "they"
    } cannot be read: ${
      unreadable.map((id, i) => [i ? ", " : "", safeHtml`<a href="/evaluation/${id}">evaluation ${id}</a>`])
    }.</p>`;
  if (shown === undefined) {
    return page(
      200,
      "No evaluation yet",
      safeHtml`<h1>No evaluation yet</h1>
<p>The answer comes from an evaluation, and there is none to show yet under <code>${root}</code>. <code>deno task all</code> makes one (the full
recipe; <code>deno task all --profile smoke</code> gives a quick look in seconds); then reload this page.</p>
${skipped}
<p><a href="/runs">Runs and sweeps</a> lists what is recorded so far.</p>`,
      { current: "answer" },
    );
  }
  const which = shown.answer.quickLook
    ? "Newest evaluation (every one so far is a quick look)"
    : "Newest full evaluation";
  const lead = safeHtml`<p class="meta">${which}: <a href="/evaluation/${shown.id}">evaluation ${shown.id}</a>
of run ${shown.runId}.</p>
${skipped}`;
  return await evaluationPage(root, shown.id, lead, "answer");
}

async function route(root: string, url: URL, head: boolean): Promise<Response> {
  // The raw path, before any decoding: an encoded slash or dot must not become a separator.
  const path = url.pathname;
  if (path === "/") return await startPage(root);
  if (path === "/runs") {
    return page(200, "Runs", await runsBody(root, url.searchParams), {
      scripts: ["/assets/sort_tables.js"],
      current: "runs",
    });
  }
  if (path === "/compare") {
    return page(
      200,
      "Compare",
      await compareBody(root, url.searchParams.get("a"), url.searchParams.get("b")),
      { current: "compare", scripts: [...CHART_SCRIPTS] },
    );
  }
  let match = /^\/evaluation\/([0-9a-f]{16})$/.exec(path);
  if (match) return await evaluationPage(root, match[1]!);
  match = /^\/sweep\/([0-9a-f]{16})$/.exec(path);
  if (match) {
    return page(200, `Sweep ${match[1]}`, await sweepBody(root, match[1]!, url.searchParams), {
      scripts: ["/assets/sort_tables.js", ...CHART_SCRIPTS],
      current: "sweeps",
    });
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
  if (path.startsWith(CHART_ASSET_PREFIX)) {
    const file = chartAssetPath(path.slice(CHART_ASSET_PREFIX.length));
    if (!file) throw new NotFound(`nothing here: ${path}`);
    return await fileResponse(file, "text/javascript; charset=utf-8", PAGE_CSP, head);
  }
  // The explorer's script (bundled from lib/tools/view/explorer/ on the first request) and stylesheet.
  const explorerFile = await explorerAsset(path);
  if (explorerFile) {
    const size = { "content-length": String(explorerFile.body.length) };
    return new Response(head ? null : explorerFile.body, {
      headers: headers(explorerFile.type, PAGE_CSP, size),
    });
  }
  match = /^\/assets\/([a-z_.]+)$/.exec(path);
  if (match?.[1] === STYLESHEET) {
    return await fileResponse(PAGE_STYLESHEET.pathname, "text/css; charset=utf-8", PAGE_CSP, head);
  }
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
 * Host passes `hosts` (lib/tools/view/host_check.ts).
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
