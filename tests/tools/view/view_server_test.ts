// The viewer serves its pages, listed artifact files, manifests and tfjs from npm, answers only GET and HEAD, refuses traversal, dot files, unlisted files and links out of the root, shows an error page for a bad artifact, and binds 127.0.0.1 by default.
import assert from "node:assert/strict";
import { join } from "node:path";
import { startViewer, viewHandler } from "../../../lib/tools/view/view_server.ts";
import { hostPolicy } from "../../../lib/tools/view/host_check.ts";
import { copyArtifacts, latest, tempDir } from "../../_files.ts";
import { runProcess } from "../../_commands.ts";
import { smallRunRoot } from "../../_fixtures.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";

/** A request to a viewer over `root` as if it listened on 127.0.0.1:8000. */
function get(root: string, path: string, method = "GET"): Promise<Response> {
  return viewHandler(root, hostPolicy("127.0.0.1", 8000))(
    new Request(`http://127.0.0.1:8000${path}`, { method, headers: { host: "127.0.0.1:8000" } }),
  );
}

Deno.test("the viewer serves its pages, a listed artifact file, the manifest and tfjs from the npm package", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  for (
    const path of [
      "/",
      "/runs",
      `/evaluation/${evaluation}`,
      "/compare",
      "/assets/tf.min.js",
      "/assets/view.css",
    ]
  ) {
    const response = await get(root, path);
    assert.equal(response.status, 200, path);
    await response.body?.cancel();
  }
  const figure = await get(root, `/files/evaluate/${evaluation}/figure.png`);
  assert.equal(figure.headers.get("content-type"), "image/png");
  assert.deepEqual(
    new Uint8Array(await figure.arrayBuffer()),
    await Deno.readFile(join(root, "evaluate", evaluation, "figure.png")),
  );
  const manifest = await get(root, `/files/evaluate/${evaluation}/manifest.json`);
  assert.equal(JSON.parse(await manifest.text()).id, evaluation);
  const page = await (await get(root, `/evaluation/${evaluation}`)).text();
  assert.match(page, /<section id="explorer" data-export-id="[0-9a-f]{16}"/);
  assert.match(
    page,
    /Why do <code>decoder\(z_mean\)<\/code> and <code>vae\(x\)<\/code> give different digits\?/,
  );
  const head = await get(root, `/files/evaluate/${evaluation}/figure.png`, "HEAD");
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
  assert.equal(
    Number(head.headers.get("content-length")),
    (await Deno.stat(join(root, "evaluate", evaluation, "figure.png"))).size,
  );
});

Deno.test("the start page of a root with no evaluation says which command makes one", async () => {
  const root = await tempDir();
  const response = await get(root, "/");
  assert.equal(response.status, 200);
  const page = await response.text();
  assert.match(page, /<h1>No evaluation yet<\/h1>/);
  assert.match(page, /<code>deno task all<\/code> makes one/);
  assert.match(page, /<a href="\/runs"/);
});

Deno.test("the start page of a small run shows its evaluation's answer, the explorer, and says it is a quick look", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const page = await (await get(root, "/")).text();
  assert.match(
    page,
    new RegExp(
      `Newest evaluation \\(every one so far is a quick look\\): <a href="/evaluation/${evaluation}">`,
    ),
  );
  assert.match(page, /<h2 id="short-answer">Short answer: <code>vae\(x\)<\/code> samples\.<\/h2>/);
  assert.match(
    page,
    /<b>answer<\/b>one vae\(x\) pass differs from decoder\(z_mean\) by an RMS of \d\.\d{4} per pixel \(a quick look/,
  );
  assert.match(page, /<section id="explorer" data-export-id="[0-9a-f]{16}"/);
  assert.match(page, /A quick look, not the reproduction\./);
});

Deno.test("the viewer answers anything but GET and HEAD with 405 and changes nothing", async () => {
  const { root } = await smallRunRoot();
  for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
    const response = await get(root, "/", method);
    assert.equal(response.status, 405, method);
    assert.equal(response.headers.get("allow"), "GET, HEAD");
    await response.body?.cancel();
  }
});

Deno.test("the viewer refuses path traversal, encoded separators, dot files, bad kinds and ids, and paths in compare, while it serves the intact artifact's files", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const secret = join(root, "..", `secret-${crypto.randomUUID()}.txt`);
  await Deno.writeTextFile(secret, "secret");
  // A whole artifact outside the root: compare must not read it by its path.
  const outside = await tempDir();
  await copyArtifacts(root, outside);
  const model = await latest(root, "model");
  const attempts = [
    `/files/evaluate/${evaluation}/../../../${secret.split("/").pop()}`,
    `/files/evaluate/${evaluation}/%2e%2e/%2e%2e/manifest.json`,
    `/files/evaluate/${evaluation}/..%2f..%2fruns`,
    `/files/evaluate/${evaluation}/%2Fetc%2Fpasswd`,
    `/files/evaluate/${evaluation}/figure.png%00.txt`,
    `/files/evaluate/${evaluation}/.hidden`,
    `/files/evaluate/../${evaluation}/figure.png`,
    `/files/secrets/${evaluation}/figure.png`,
    `/files/evaluate/ZZZZ/figure.png`,
    "//etc/passwd",
    "/etc/passwd",
    "/assets/../deno.json",
    "/assets/explorer.ts",
    `/compare?a=${encodeURIComponent(join(outside, "model", model))}&b=${
      encodeURIComponent(join(outside, "model", model))
    }`,
    "/compare?a=/etc&b=/etc",
  ];
  for (const path of attempts) {
    const response = await get(root, path);
    const body = await response.text();
    assert.equal(response.status, 404, `${path}: ${response.status}`);
    assert.ok(!body.includes("root:x:0") && !body.includes("files: "), path);
  }
  // The same artifact, intact, serves what its manifest lists: the refusals above are the checks'.
  const figure = await get(root, `/files/evaluate/${evaluation}/figure.png`);
  assert.equal(figure.status, 200);
  await figure.body?.cancel();
});

Deno.test("the viewer refuses a file its artifact's manifest does not list, and a listed file swapped for a link out of the root", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const model = await latest(root, "model");
  const secret = join(root, "..", `secret-${crypto.randomUUID()}.txt`);
  await Deno.writeTextFile(secret, "secret");
  const unlisted = await get(root, `/files/evaluate/${evaluation}/unlisted.txt`);
  assert.equal(unlisted.status, 404);
  await unlisted.body?.cancel();
  await Deno.remove(join(root, "model", model, "history.csv"));
  await Deno.symlink(secret, join(root, "model", model, "history.csv"));
  const linked = await get(root, `/files/model/${model}/history.csv`);
  assert.equal(linked.status, 404);
  assert.ok(!(await linked.text()).includes("secret\n"));
});

Deno.test("the viewer refuses raw request paths with .. that fetch() would normalise away", async () => {
  const { root } = await smallRunRoot();
  const viewer = startViewer({ root, hostname: "127.0.0.1", port: 0 });
  try {
    const connection = await Deno.connect({ hostname: "127.0.0.1", port: viewer.server.addr.port });
    await connection.write(new TextEncoder().encode(
      `GET /files/evaluate/../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:${viewer.server.addr.port}\r\nConnection: close\r\n\r\n`,
    ));
    const reply = new TextDecoder().decode(
      (await new Response(connection.readable).arrayBuffer()) as ArrayBuffer,
    );
    assert.match(reply, /^HTTP\/1\.1 404/);
    assert.ok(!reply.includes("root:x:0"));
  } finally {
    await viewer.server.shutdown();
  }
});

Deno.test("a missing or corrupt artifact gives an error page naming it, and the server answers the next request", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const missing = await get(root, "/evaluation/0123456789abcdef");
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /0123456789abcdef: not an artifact/);
  await Deno.writeTextFile(join(root, "evaluate", evaluation, "metrics.json"), "{ damaged");
  const corrupt = await get(root, `/evaluation/${evaluation}`);
  assert.equal(corrupt.status, 422);
  assert.match(await corrupt.text(), new RegExp(`${evaluation}.*metrics\\.json`));
  const runs = await get(root, "/");
  assert.equal(runs.status, 200);
  await runs.body?.cancel();
});

Deno.test("deno task view binds 127.0.0.1 by default, prints its URL, and refuses a root that does not exist in one line", async () => {
  const { root } = await smallRunRoot();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      join(PROJECT_ROOT, "pipeline", "view.ts"),
      "--artifacts",
      root,
      "--port",
      "0",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let printed = "";
    while (!/\n/.test(printed)) printed += (await reader.read()).value ?? "";
    const url = /at (http:\/\/[^ ]+\/)/.exec(printed)?.[1];
    assert.match(url ?? "", /^http:\/\/127\.0\.0\.1:\d+\/$/, printed);
    const response = await fetch(url!);
    assert.equal(response.status, 200);
    await response.body?.cancel();
    reader.releaseLock();
  } finally {
    child.kill("SIGTERM");
    await child.output().catch(() => {});
  }
  const missing = await runProcess("view", ["--artifacts", join(await tempDir(), "nothing")]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.stderr.trim(),
    /^view: error: --artifacts .*nothing: no such directory; run 'deno task all' first/,
  );
});
