/**
 * What the export stage is told: nothing. An export is a pure function of its `model`
 * artifact (and the `mnist` artifact it checks on), so it has no params and no options;
 * declared here all the same, so that every stage has the same anatomy.
 */
import type { ParamSpecs } from "../../core/cli/params.ts";

/** The export stage's params: none. */
export type ExportParams = Record<never, never>;

/** The export stage's options: none. */
export type ExportOptions = Record<never, never>;

/** The export stage's params and flags: none. */
export const EXPORT_PARAMS: ParamSpecs<ExportParams> = {};
