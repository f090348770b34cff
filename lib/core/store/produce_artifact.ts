/**
 * The common life of a stage's output: compute the artifact id from schema, params, input
 * ids and source; reuse an existing artifact ("up to date") unless forced; otherwise build
 * it atomically, one process at a time per id (lib/core/store/artifact_lock.ts), and record it as
 * the latest of its kind.
 */
import { artifactId } from "./artifact_id.ts";
import { join, resolve } from "node:path";
import { latestId, recordLatest } from "./latest.ts";
import { rerunReasons } from "./rerun_reasons.ts";
import { type Artifact, type InputRef, type Manifest, MANIFEST_NAME } from "./manifest.ts";
import { artifactDir, artifactExists, readArtifact, UnsupportedFormat } from "./artifact_read.ts";
import { type ArtifactFiller, writeArtifact } from "./artifact_write.ts";
import { parseSchema } from "./kinds.ts";
import { codeState, hostEnv } from "./provenance.ts";
import { sourceFingerprint } from "./source_fingerprint.ts";
import { lockArtifact } from "./artifact_lock.ts";

/** What a stage declares about the artifact it makes. */
export interface StageOutput {
  root: string;
  schema: string;
  params: Record<string, unknown>;
  inputs: InputRef[];
  /** The stage's entry module (import.meta.url): its module graph is fingerprinted. */
  entry: string;
  force: boolean;
  /**
   * Only ask: reuse an artifact that is up to date (quietly, LATEST untouched), throw
   * {@link NotUpToDate} instead of computing one.
   */
  dryRun?: boolean;
  /**
   * Runs once this process has written the artifact, while it still holds the artifact's
   * lock (e.g. removing the checkpoints it trained from); not when the artifact was up to date.
   */
  afterWrite?: (id: string) => Promise<void>;
  /** Stage-specific env facts (tfjs version, backend). */
  env?: Record<string, unknown>;
}

/** What a dry run throws for an artifact that would have to be computed. */
export class NotUpToDate extends Error {
  constructor(readonly kind: string, readonly id: string) {
    super(`${kind} ${id} is not up to date`);
  }
}

/** The artifact and whether it was reused, newly built, or rebuilt. */
export interface StageResult extends Artifact {
  outcome: "up to date" | "new" | "identical" | "replaced" | "repaired";
  /** Why it was computed rather than reused (differences from the previous artifact of its kind). */
  reasons: string[];
  /**
   * When this process computed it: the summary its computation gave, also when the result was
   * byte-identical to the stored artifact (whose manifest, kept, has the summary of the run
   * that made it). E.g. train's `resumedAfterEpoch`.
   */
  computed?: Record<string, unknown>;
}

/**
 * Returns the existing artifact for these inputs, or builds it with `fill`. `log` receives
 * one line saying which happened.
 */
export async function produceArtifact(
  output: StageOutput,
  fill: ArtifactFiller,
  log: (line: string) => void = console.log,
): Promise<StageResult> {
  const { kind } = parseSchema(output.schema);
  const source = await sourceFingerprint(output.entry);
  const id = artifactId({
    schema: output.schema,
    params: output.params,
    inputs: output.inputs,
    source,
  });
  // An artifact under this id in a format this checkout does not read is not up to date: it is
  // computed again and replaced, as a directory that is not an artifact would be.
  let unsupported: string | undefined;
  const stored = async (): Promise<Artifact | undefined> => {
    if (!await artifactExists(output.root, kind, id)) return undefined;
    try {
      return await readArtifact(artifactDir(output.root, kind, id), {
        schema: output.schema,
        root: output.root,
      });
    } catch (e) {
      if (!(e instanceof UnsupportedFormat)) throw e;
      unsupported = `the stored ${e.schema} artifact is a format this checkout does not read`;
      return undefined;
    }
  };
  const upToDate = async (existing: Artifact): Promise<StageResult> => {
    await recordLatest(output.root, kind, id);
    log(`${kind} ${id}: up to date (${resolve(artifactDir(output.root, kind, id))}); --force recomputes`);
    return { ...existing, outcome: "up to date", reasons: [] };
  };
  if (output.dryRun) {
    const existing = output.force ? undefined : await stored();
    if (existing === undefined) throw new NotUpToDate(kind, id);
    return { ...existing, outcome: "up to date", reasons: [] };
  }
  const before = output.force ? undefined : await stored();
  if (before !== undefined) return await upToDate(before);
  const lock = await lockArtifact(
    output.root,
    kind,
    id,
    (path) => log(`${kind} ${id}: another process is computing it; waiting for it (${path})`),
  );
  try {
    // It may have been made while this process waited.
    const made = output.force ? undefined : await stored();
    if (made !== undefined) return await upToDate(made);
    return await build(output, kind, id, source, fill, log, unsupported);
  } finally {
    lock.release();
  }
}

async function build(
  output: StageOutput,
  kind: string,
  id: string,
  source: Record<string, string>,
  fill: ArtifactFiller,
  log: (line: string) => void,
  unsupported?: string,
): Promise<StageResult> {
  const reasons = [
    ...(unsupported === undefined ? [] : [unsupported]),
    ...await reasonsAgainstLatest(output, id, source),
  ];
  if (reasons.length > 0) log(`${kind} ${id}: computing, because ${reasons.join("; ")}`);
  else if (output.force) log(`${kind} ${id}: computing, because --force`);
  const draft = {
    schema: output.schema,
    kind,
    id,
    params: output.params,
    inputs: output.inputs,
    env: hostEnv(output.env),
    code: { ...(await codeState()), source },
  };
  let computed: Record<string, unknown> | undefined;
  const written = await writeArtifact(output.root, draft, async (dir, id) => computed = await fill(dir, id));
  await output.afterWrite?.(id);
  await recordLatest(output.root, kind, id);
  const said = {
    new: "written",
    identical: "recomputed, byte-identical to the stored artifact",
    replaced: `recomputed, DIFFERENT from the stored artifact (${
      written.changedFiles?.join(", ") ?? "its files"
    } differ), which it replaced`,
    repaired: unsupported === undefined
      ? `recomputed; the stored artifact was corrupted and is replaced (${
        written.unreadable ?? "no manifest"
      })`
      : "recomputed; the stored artifact was in a format this checkout does not read and is replaced",
  }[written.outcome];
  log(`${kind} ${id}: ${said} (${resolve(artifactDir(output.root, kind, id))})`);
  return {
    ...written,
    reasons: reasons.length > 0 ? reasons : output.force ? ["--force"] : ["no earlier artifact"],
    ...(computed === undefined ? {} : { computed }),
  };
}

async function reasonsAgainstLatest(
  output: StageOutput,
  id: string,
  source: Record<string, string>,
): Promise<string[]> {
  const { kind } = parseSchema(output.schema);
  const previousId = await latestId(output.root, kind);
  if (previousId === undefined || previousId === id) return [];
  try {
    const manifestPath = join(artifactDir(output.root, kind, previousId), MANIFEST_NAME);
    const previous = JSON.parse(await Deno.readTextFile(manifestPath)) as Manifest;
    return rerunReasons(previous, { params: output.params, inputs: output.inputs, source });
  } catch {
    return [];
  }
}
