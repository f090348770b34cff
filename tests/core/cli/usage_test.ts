// moduleDoc(): each task's usage, taken from its pipeline entry file's doc comment, shows its `deno task <name>` line without comment markers.
import assert from "node:assert/strict";
import { moduleDoc } from "../../../lib/core/cli/usage.ts";

const COMMANDS: [file: string, task: string][] = [
  ["fetch_mnist", "fetch-mnist"],
  ["train", "train"],
  ["export", "export"],
  ["evaluate", "evaluate"],
  ["all", "all"],
  ["runs", "runs"],
  ["verify", "verify"],
  ["diff", "diff"],
  ["sweep", "sweep"],
  ["compare", "compare"],
  ["view", "view"],
];

for (const [file, task] of COMMANDS) {
  Deno.test(`${task}'s usage (its entry file's doc comment) shows the task line without comment markers`, () => {
    const usage = moduleDoc(new URL(`../../../pipeline/${file}.ts`, import.meta.url).href);
    assert.match(usage, new RegExp(`^  deno task ${task} `, "m"));
    assert.doesNotMatch(usage, /\/\*\*|^\s*\* /m);
  });
}
