// Every task in deno.json has a description, and `deno task` lists it.
import assert from "node:assert/strict";
import { PROJECT_ROOT } from "../../lib/core/store/source_fingerprint.ts";

const config = JSON.parse(await Deno.readTextFile(`${PROJECT_ROOT}/deno.json`));
const tasks = Object.entries(config.tasks as Record<string, unknown>);

Deno.test("every task in deno.json is a {command, description} object with a description", () => {
  assert.ok(tasks.length > 0);
  for (const [name, task] of tasks) {
    assert.equal(typeof task, "object", `task ${name} is a bare string, without a description`);
    const { command, description } = task as { command?: unknown; description?: unknown };
    assert.equal(typeof command, "string", `task ${name}: no command`);
    assert.ok(
      typeof description === "string" && description.trim().length > 0,
      `task ${name}: no description`,
    );
  }
});

Deno.test("`deno task` lists every task with its description", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["task"],
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const listed = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  for (const [name, task] of tasks) {
    const { description } = task as { description: string };
    assert.match(
      listed,
      new RegExp(`^- ${RegExp.escape(name)}\\n\\s+// ${RegExp.escape(description)}$`, "m"),
    );
  }
});
