/**
 * The viewer: a local web app over an artifact root (Deno.serve). GET and HEAD only; it
 * serves its pages, its own two scripts (tfjs from the installed npm package, never a CDN,
 * and the explorer), the files that artifact manifests list, and the explorer's test digits.
 * Nothing else: any other path is a 404, any other method a 405. A missing or damaged
 * artifact gives an error page that names it; the server stays up.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { compareBody, NotAnId } from "./compare_page.ts";
import { evaluationBody, type PageImage } from "../render/evaluation_page.ts";
import { evaluationSource } from "./evaluation_source.ts";
import { escapeHtml, htmlPage } from "../render/html.ts";
import { runsBody } from "./runs_page.ts";
import { artifactFilePath, decodeSegments } from "./safe_files.ts";
import { sweepBody } from "./sweep_page.ts";
import { testDigits } from "./digit_samples.ts";

/** Where the viewer listens and what it serves. */
export interface ViewOptions {
  root: string;
  hostname: string;
  /** 0 picks a free port. */
  port: number;
}

/** A running viewer. */
export interface RunningViewer {
  url: string;
  server: Deno.HttpServer<Deno.NetAddr>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".md": "text/markdown; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
};

/** The viewer's own scripts, by URL name. */
const ASSETS: Record<string, () => string> = {
  "tf.min.js": () => createRequire(import.meta.url).resolve("@tensorflow/tfjs/dist/tf.min.js"),
  "explorer.js": () => new URL("./assets/explorer.js", import.meta.url).pathname,
};

/** A page reached by a wrong path or id: not found, with what was asked for. */
class NotFound extends Error {}

function page(status: number, title: string, body: string): Response {
  return new Response(htmlPage(title, body, { scripts: [] }), {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "x-content-type-options": "nosniff" },
  });
}

function errorPage(status: number, message: string): Response {
  const title = status === 404 ? "Not found" : "Error";
  return page(
    status,
    title,
    `<h1>${title}</h1><p class="error">${escapeHtml(message)}</p><p><a href="/">Runs</a></p>`,
  );
}

async function fileResponse(path: string, head: boolean): Promise<Response> {
  const info = await Deno.stat(path);
  const headers = {
    "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
    "content-length": String(info.size),
    "x-content-type-options": "nosniff",
  };
  if (head) return new Response(null, { headers });
  return new Response((await Deno.open(path)).readable, { headers });
}

async function route(root: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const head = request.method === "HEAD";
  // The raw path, before any decoding: an encoded slash or dot must not become a separator.
  const path = url.pathname;
  if (path === "/") return page(200, "Runs", await runsBody(root));
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
    return new Response(
      htmlPage(`Evaluation ${source.view.evaluateId}`, evaluationBody(source.view, image, true), {
        scripts: ["/assets/tf.min.js", "/assets/explorer.js"],
      }),
      { headers: { "content-type": "text/html; charset=utf-8", "x-content-type-options": "nosniff" } },
    );
  }
  match = /^\/sweep\/([0-9a-f]{16})$/.exec(path);
  if (match) return page(200, `Sweep ${match[1]}`, await sweepBody(root, match[1]!));
  match = /^\/files\/([a-z]+)\/([0-9a-f]{16})\/(.+)$/.exec(path);
  if (match) {
    const segments = decodeSegments(match[3]!);
    const file = segments && await artifactFilePath(root, match[1]!, match[2]!, segments);
    if (!file) throw new NotFound(`no such artifact file: ${path}`);
    return await fileResponse(file, head);
  }
  match = /^\/assets\/([a-z.]+)$/.exec(path);
  if (match && ASSETS[match[1]!]) return await fileResponse(ASSETS[match[1]!]!(), head);
  match = /^\/data\/digits\/([0-9a-f]{16})$/.exec(path);
  if (match) {
    const count = Number(url.searchParams.get("count") ?? "100");
    const digits = await testDigits(root, match[1]!, Number.isInteger(count) ? count : 100);
    if (!digits) throw new NotFound(`no mnist artifact ${match[1]}`);
    return new Response(head ? null : JSON.stringify(digits), {
      headers: { "content-type": "application/json" },
    });
  }
  throw new NotFound(`nothing here: ${path}`);
}

/** The request handler of a viewer over artifact root `root`. */
export function viewHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(`${request.method} is not allowed: the viewer only reads\n`, {
        status: 405,
        headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
      });
    }
    try {
      return await route(root, request);
    } catch (e) {
      if (e instanceof NotFound || e instanceof NotAnId) return errorPage(404, e.message);
      const message = (e as Error).message.split("\n")[0]!;
      return errorPage(
        /no artifact|not an artifact|no sweep record|not a|no run record/.test(message) ? 404 : 500,
        message,
      );
    }
  };
}

/** Starts the viewer (listening when this returns). */
export function startViewer(options: ViewOptions): RunningViewer {
  const server = Deno.serve(
    { hostname: options.hostname, port: options.port, onListen: () => {} },
    viewHandler(options.root),
  );
  const { hostname, port } = server.addr;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return { url: `http://${host}:${port}/`, server };
}
