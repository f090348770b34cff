/**
 * The viewer over real HTTP: it answers only a Host that names it (DNS rebinding), a malformed
 * Host with an empty 400, every answer carries its CSP and nosniff, an artifact's files are
 * served sandboxed and never as script, pages take their style from the one stylesheet file,
 * and HEAD gives the headers GET gives.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { latest } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";
import { putArtifactFile } from "./_artifact_edit.ts";
import { viewerOn } from "./_browser.ts";
import { rawRequest, requestText } from "./_raw_http.ts";
import { EXPLORER_NEEDS_INLINE_STYLE } from "../../../lib/tools/view/explorer_section.ts";

Deno.test("the viewer answers only a Host that names it; others get an empty 403, a malformed one an empty 400", async () => {
  const { root } = await smallRunRoot();
  const viewer = viewerOn(root);
  const port = viewer.server.addr.port;
  try {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const answer = await rawRequest(port, requestText("/runs", [host]));
      assert.equal(answer.status, 200, host);
      assert.match(answer.body, /<h1>Runs<\/h1>/, host);
    }
    const refused = [
      `attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `localhost.:${port}`,
      `127.0.0.1.:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `127.0.0.1:${port + 1}`,
      "127.0.0.1",
      "localhost",
      `10.0.0.1:${port}`,
    ];
    for (const host of refused) {
      const answer = await rawRequest(port, requestText("/", [host]));
      assert.equal(answer.status, 403, host);
      assert.equal(answer.body, "", host);
    }
    const absolute = await rawRequest(port, requestText("http://attacker.example/", [`127.0.0.1:${port}`]));
    assert.equal(absolute.status, 403, "an absolute-form target naming another host");
    const malformed: string[][] = [
      [],
      ["a b"],
      [`127.0.0.1:${port}:${port}`],
      ["127.0.0.1:99999"],
      ["[::1"],
      ["é.example:80"],
      [`127.0.0.1:${port}`, `attacker.example:${port}`],
    ];
    for (const hosts of malformed) {
      const answer = await rawRequest(port, requestText("/", hosts));
      assert.equal(answer.status, 400, JSON.stringify(hosts));
      assert.equal(answer.body, "", JSON.stringify(hosts));
    }
    // Still serving after all of that.
    assert.equal((await rawRequest(port, requestText("/", [`127.0.0.1:${port}`]))).status, 200);
  } finally {
    await viewer.server.shutdown();
  }
});

Deno.test("every answer carries a strict CSP and nosniff; an artifact's files are sandboxed and never served as script", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  await putArtifactFile(join(root, "evaluate", evaluation), "evil.js", "window.__pwned = 1;");
  await putArtifactFile(
    join(root, "evaluate", evaluation),
    "evil.html",
    "<script>window.__pwned = 1;</script>",
  );
  const mnist = await latest(root, "mnist");
  const viewer = viewerOn(root);
  const port = viewer.server.addr.port;
  const get = (target: string, method = "GET") =>
    rawRequest(port, requestText(target, [`127.0.0.1:${port}`], method));
  try {
    const viewerOwn = [
      "/",
      "/compare",
      `/evaluation/${evaluation}`,
      "/assets/tf.min.js",
      "/assets/explorer.js",
      `/data/digits/${mnist}?count=3`,
      "/nothing",
    ];
    for (const target of viewerOwn) {
      const answer = await get(target);
      const csp = answer.headers.get("content-security-policy") ?? "";
      assert.match(csp, /(^|; )default-src 'none'/, target);
      assert.match(
        csp,
        /(^|; )script-src 'self'(;|$)/,
        `${target}: scripts only from the viewer's own files`,
      );
      assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*unsafe-inline/, target);
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff", target);
    }
    const post = await get("/", "POST");
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("x-content-type-options"), "nosniff");
    for (const file of ["evil.html", "evil.js", "report.md", "figure.png", "manifest.json"]) {
      const answer = await get(`/files/evaluate/${evaluation}/${file}`);
      assert.equal(answer.status, 200, file);
      const csp = answer.headers.get("content-security-policy") ?? "";
      assert.match(csp, /(^|; )sandbox(;|$)/, `${file} is sandboxed`);
      assert.match(csp, /(^|; )default-src 'none'/, file);
      assert.equal(answer.headers.get("x-content-type-options"), "nosniff", file);
      assert.doesNotMatch(answer.headers.get("content-type") ?? "", /javascript|ecmascript/, file);
    }
  } finally {
    await viewer.server.shutdown();
  }
});

Deno.test("HEAD gives the status and headers GET gives, content-length included, and no body", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const mnist = await latest(root, "mnist");
  const viewer = viewerOn(root);
  const port = viewer.server.addr.port;
  try {
    const targets = [
      "/",
      `/evaluation/${evaluation}`,
      `/files/evaluate/${evaluation}/figure.png`,
      "/assets/explorer.js",
      `/data/digits/${mnist}?count=5`,
      "/nothing",
    ];
    for (const target of targets) {
      const get = await rawRequest(port, requestText(target, [`127.0.0.1:${port}`]));
      const head = await rawRequest(port, requestText(target, [`127.0.0.1:${port}`], "HEAD"));
      get.headers.delete("date");
      head.headers.delete("date");
      assert.deepEqual(head.status, get.status, target);
      assert.deepEqual(Object.fromEntries(head.headers), Object.fromEntries(get.headers), target);
      assert.equal(Number(get.headers.get("content-length")), get.bodyBytes.length, target);
      assert.ok(Number(head.headers.get("content-length")) > 0, target);
      assert.equal(head.bodyBytes.length, 0, target);
    }
  } finally {
    await viewer.server.shutdown();
  }
});

Deno.test("pages take their style from the one stylesheet file: no inline style allowed where no explorer needs it", async () => {
  const { root } = await smallRunRoot();
  const evaluation = await latest(root, "evaluate");
  const viewer = viewerOn(root);
  const port = viewer.server.addr.port;
  const get = (target: string) => rawRequest(port, requestText(target, [`127.0.0.1:${port}`]));
  try {
    const stylesheet = await get("/assets/view.css");
    assert.equal(stylesheet.status, 200);
    assert.equal(stylesheet.headers.get("content-type"), "text/css; charset=utf-8");
    assert.match(stylesheet.body, /\.table-scroll \{/);
    for (const target of ["/runs", "/compare", "/nothing"]) {
      const answer = await get(target);
      assert.match(
        answer.headers.get("content-security-policy") ?? "",
        /(^|; )style-src 'self'(;|$)/,
        target,
      );
      if (answer.status === 200) {
        assert.match(answer.body, /<link rel="stylesheet" href="\/assets\/view\.css">/, target);
        assert.doesNotMatch(answer.body, /<style|\sstyle="/, `${target} has no inline style`);
        assert.match(
          answer.body,
          /<meta name="viewport" content="width=device-width, initial-scale=1">/,
          target,
        );
      }
    }
    // The explorer's page allows inline style only while lib/tools/view/explorer_section.ts says it needs it.
    const explorerPage = await get(`/evaluation/${evaluation}`);
    assert.match(
      explorerPage.headers.get("content-security-policy") ?? "",
      EXPLORER_NEEDS_INLINE_STYLE ? /style-src 'self' 'unsafe-inline'/ : /(^|; )style-src 'self'(;|$)/,
    );
    assert.doesNotMatch(explorerPage.body, /<style|\sstyle="/, "the page's own markup has no inline style");
  } finally {
    await viewer.server.shutdown();
  }
});
