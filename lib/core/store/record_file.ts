/**
 * Reading one JSON record of the store (a run record, a sweep record): a small regular file
 * reached through no link, parsed as JSON and checked against its schema, every failure one
 * line that names the file and says the record is corrupted, or that there is none.
 */
import type { z } from "zod";
import { parseOrThrow } from "./manifest_schema.ts";
import { assertNoLinksBelow, readSmallTextFile } from "./safe_paths.ts";

/**
 * The `what` record `id` at `path` under `root`, checked with `schema`; an Error
 * "<id>: no <what> <path>" when it cannot be read, a SyntaxError "… (corrupted <what>)" when
 * it is not one.
 */
export async function readRecordFile<T>(
  root: string,
  path: string,
  schema: z.ZodType<T>,
  what: string,
  id: string,
): Promise<T> {
  await assertNoLinksBelow(root, path);
  let text: string;
  try {
    text = await readSmallTextFile(path);
  } catch (e) {
    if (e instanceof SyntaxError) throw new SyntaxError(`${e.message} (corrupted ${what})`);
    throw new Error(`${id}: no ${what} ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyntaxError(`${path}: not valid JSON (corrupted ${what})`);
  }
  try {
    return parseOrThrow(schema, json, path);
  } catch (e) {
    throw new SyntaxError(`${(e as Error).message} (corrupted ${what})`);
  }
}
