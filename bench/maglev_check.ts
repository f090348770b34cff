/**
 * Checks for the V8 miscompilation that the test task's `--v8-flags=--no-maglev` works around:
 * 24 test modules (isolates of one `deno test --parallel` process) each export a small model
 * and run four evaluations in-process; an evaluation whose metrics.json has
 * absGapPassMeanVsMeanDecode equal to singlePassRms (a copy, not the real values) counts as
 * bad. Prints the bad evaluations per round.
 *
 * deno task bench:maglev [--rounds 4] [--v8-flags=--no-maglev]
 */
import { asksForHelp, moduleDoc, usageText } from "../lib/core/cli/usage.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import type { FlagOptions } from "../lib/core/cli/flags.ts";
import { benchFlags, stringValue } from "./_command_line.ts";
import { join } from "node:path";

const OPTIONS = {
  rounds: { type: "string", default: "4" },
  "v8-flags": { type: "string" },
} as const satisfies FlagOptions;

if (asksForHelp(Deno.args)) {
  console.log(usageText(moduleDoc(import.meta.url), [{
    title: "bench:maglev",
    flags: optionLines(OPTIONS, {
      rounds: { about: "rounds of 24 isolates", value: "N" },
      "v8-flags": { about: "V8 flags for the test process, e.g. --v8-flags=--no-maglev", value: "FLAGS" },
    }),
  }]));
  Deno.exit(0);
}

const values = benchFlags(OPTIONS, "bench:maglev");
const rounds = Number(stringValue(values, "rounds"));
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error(`--rounds ${values.rounds}: expected an integer ≥ 1`);
  Deno.exit(2);
}
const MODULES = 24;
const fixtures = new URL("../tests/_fixtures.ts", import.meta.url).href;
const commands = new URL("../tests/_commands.ts", import.meta.url).href;
const files = new URL("../tests/_files.ts", import.meta.url).href;
const dir = await Deno.makeTempDir({ prefix: "maglev-check-" });
try {
  await Deno.writeTextFile(
    join(dir, "_body.ts"),
    `import { join } from "node:path";
import { trainedRoot } from "${fixtures}";
import { runStageOk } from "${commands}";
import { latest } from "${files}";
/** Four evaluations in this isolate: "ok" or "BAD" each. */
export async function check(): Promise<string> {
  const root = await trainedRoot(300, 60);
  await runStageOk("export", ["--artifacts", root]);
  const seen: string[] = [];
  for (const args of [["--passes", "5"], ["--passes", "4", "--seed", "3"], ["--passes", "4", "--seed", "3", "--force"], ["--passes", "4", "--seed", "4"]]) {
    await runStageOk("evaluate", ["--artifacts", root, ...args]);
    const m = JSON.parse(await Deno.readTextFile(join(root, "evaluate", await latest(root, "evaluate"), "metrics.json")));
    seen.push(m.absGapPassMeanVsMeanDecode.mean === m.singlePassRms.mean ? "BAD" : "ok");
  }
  return seen.join(",");
}
`,
  );
  for (let i = 1; i <= MODULES; i++) {
    await Deno.writeTextFile(
      join(dir, `m${i}_test.ts`),
      `import { check } from "./_body.ts";\nDeno.test("isolate ${i}", async () => console.log("RESULT ${i}", await check()));\n`,
    );
  }
  let total = 0;
  for (let round = 1; round <= rounds; round++) {
    const flags = values["v8-flags"] ? [`--v8-flags=${values["v8-flags"]}`] : [];
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--allow-all", "--no-check", "--parallel", ...flags, dir],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout);
    const results = [...text.matchAll(/RESULT (\d+) (\S+)/g)];
    const bad = results.filter((r) => r[2]!.includes("BAD"));
    total += bad.length;
    console.log(
      `round ${round}: ${results.length} isolates, ${bad.length} with a bad evaluation` +
        (bad.length ? ` (${bad.map((r) => `${r[1]}: ${r[2]}`).join("; ")})` : ""),
    );
  }
  console.log(
    `${total} isolates with a bad evaluation in ${rounds} round(s)${
      values["v8-flags"] ? ` with --v8-flags=${values["v8-flags"]}` : ""
    }`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
