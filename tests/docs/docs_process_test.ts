// README.md and docs/ cannot rot: every `deno task X` they name exists, every flag they give it is one its --help lists, and every relative link and image resolves.
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { PROJECT_ROOT } from "../../lib/core/store/source_fingerprint.ts";

/** README.md and every markdown file under docs/. */
async function docFiles(): Promise<string[]> {
  const files = [join(PROJECT_ROOT, "README.md")];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "docs"))) {
    if (entry.isFile && entry.name.endsWith(".md")) files.push(join(PROJECT_ROOT, "docs", entry.name));
  }
  return files.sort();
}

/** A line of a document, with its number and whether it sits in a fenced code block. */
interface DocLine {
  number: number;
  text: string;
  code: boolean;
}

/** The lines of `markdown`; in code blocks, a line ending in `\` is joined with the next. */
function docLines(markdown: string): DocLine[] {
  const out: DocLine[] = [];
  let code = false;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    let text = lines[i]!;
    if (/^\s*```/.test(text)) {
      code = !code;
      continue;
    }
    while (code && text.endsWith("\\") && i + 1 < lines.length) text = text.slice(0, -1) + " " + lines[++i]!;
    out.push({ number, text, code });
  }
  return out;
}

/** A `deno task` named in a document, with the flags given after it. */
interface TaskMention {
  line: number;
  task: string;
  flags: string[];
}

const TASK = /\bdeno(?:@[\d.]+)? task ([a-z][a-z0-9:-]*)/g;
// A flag starts a word (or follows "[", "(" or "|"); what follows "=" or a quote is a value.
const FLAG = /(?:^|[\s[(|])--([a-z][a-z0-9-]*)/g;

/** Every `deno task X …` in `lines`, its flags read up to the end of the code span, a comment or a table cell. */
function taskMentions(lines: DocLine[]): TaskMention[] {
  const mentions: TaskMention[] = [];
  for (const { number, text } of lines) {
    const matches = [...text.matchAll(TASK)];
    matches.forEach((match, k) => {
      const start = match.index! + match[0].length;
      const next = matches[k + 1]?.index ?? text.length;
      let segment = text.slice(start, next);
      const stop = segment.search(/`| #| \| |&&/);
      if (stop >= 0) segment = segment.slice(0, stop);
      mentions.push({ line: number, task: match[1]!, flags: [...segment.matchAll(FLAG)].map((m) => m[1]!) });
    });
  }
  return mentions;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading.toLowerCase().replace(/`/g, "").replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

/** The anchors of `markdown`'s headings. */
function anchorsOf(markdown: string): Set<string> {
  return new Set(
    docLines(markdown).filter((line) => !line.code && /^#{1,6} /.test(line.text))
      .map((line) => anchorOf(line.text.replace(/^#+ /, ""))),
  );
}

/** Every link or image target in `lines` outside code, with its line. */
function linkTargets(lines: DocLine[]): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  for (const { number, text, code } of lines) {
    if (code) continue;
    const prose = text.replace(/`[^`]*`/g, "");
    for (const match of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      out.push({ line: number, target: match[1]! });
    }
  }
  return out;
}

/** The flags each task accepts: what its --help lists (none for a task that is not one of our scripts). */
async function acceptedFlags(): Promise<Map<string, Set<string>>> {
  const config = JSON.parse(await Deno.readTextFile(join(PROJECT_ROOT, "deno.json")));
  const tasks = Object.entries(config.tasks as Record<string, { command: string }>);
  return new Map(
    await Promise.all(tasks.map(async ([name, { command }]) => {
      const script = /^deno run --allow-all (\S+\.ts)$/.exec(command)?.[1];
      if (script === undefined) return [name, new Set<string>()] as const;
      const output = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", join(PROJECT_ROOT, script), "--help"],
        cwd: PROJECT_ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const help = new TextDecoder().decode(output.stdout);
      assert.equal(output.code, 0, `deno task ${name} --help: ${new TextDecoder().decode(output.stderr)}`);
      const listed = help.slice(help.indexOf("\nFlags:\n"));
      const flags = [...listed.matchAll(/^ {4}--([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!);
      return [name, new Set(["help", ...flags])] as const;
    })),
  );
}

Deno.test("every deno task named in README.md and docs/ exists, with flags its --help lists, and every relative link resolves", async () => {
  const accepted = await acceptedFlags();
  const problems: string[] = [];
  let mentions = 0;
  let links = 0;
  for (const file of await docFiles()) {
    const markdown = await Deno.readTextFile(file);
    const lines = docLines(markdown);
    const where = (line: number) => `${relative(PROJECT_ROOT, file)}:${line}`;
    for (const mention of taskMentions(lines)) {
      mentions++;
      const flags = accepted.get(mention.task);
      if (flags === undefined) {
        problems.push(`${where(mention.line)}: deno task ${mention.task}: no such task in deno.json`);
        continue;
      }
      for (const flag of mention.flags) {
        if (!flags.has(flag)) {
          problems.push(
            `${
              where(mention.line)
            }: deno task ${mention.task} --${flag}: not a flag of ${mention.task} (its --help lists ${
              [...flags].filter((f) => f !== "help").map((f) => `--${f}`).join(" ") || "none"
            })`,
          );
        }
      }
    }
    for (const { line, target } of linkTargets(lines)) {
      if (/^[a-z]+:/i.test(target)) continue;
      links++;
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const resolved = path === "" ? file : join(dirname(file), decodeURIComponent(path));
      const info = await Deno.stat(resolved).catch(() => undefined);
      if (info === undefined) {
        problems.push(`${where(line)}: link ${target}: ${relative(PROJECT_ROOT, resolved)} does not exist`);
      } else if (anchor !== undefined && resolved.endsWith(".md")) {
        if (!anchorsOf(await Deno.readTextFile(resolved)).has(anchor)) {
          problems.push(
            `${where(line)}: link ${target}: no heading #${anchor} in ${relative(PROJECT_ROOT, resolved)}`,
          );
        }
      }
    }
  }
  assert.deepEqual(problems, [], `\n${problems.join("\n")}`);
  // The check saw what it checks: the README alone names several tasks and links into docs/.
  assert.ok(mentions >= 20, `only ${mentions} deno task mentions found`);
  assert.ok(links >= 10, `only ${links} relative links found`);
});

Deno.test("the docs check reads the task, its flags and the links as a reader would", () => {
  const lines = docLines(
    [
      "Run `deno task all --profile smoke --seed 3` then `deno task view`; see [usage](docs/usage.md#all).",
      "```sh",
      "npx -y deno@2.9.6 task sweep --executor slurm \\",
      '  --slurm-extra="--qos=short"   # not --a-comment',
      "deno task bench:maglev --rounds 4 [--v8-flags=--no-maglev]",
      "```",
      "| `deno task diff A B [--all]` | --outside |",
    ].join("\n"),
  );
  assert.deepEqual(taskMentions(lines), [
    { line: 1, task: "all", flags: ["profile", "seed"] },
    { line: 1, task: "view", flags: [] },
    { line: 3, task: "sweep", flags: ["executor", "slurm-extra"] },
    { line: 5, task: "bench:maglev", flags: ["rounds", "v8-flags"] },
    { line: 7, task: "diff", flags: ["all"] },
  ]);
  assert.deepEqual(linkTargets(lines), [{ line: 1, target: "docs/usage.md#all" }]);
  assert.equal(anchorOf("`report.html` and the viewer's pages"), "reporthtml-and-the-viewers-pages");
});
