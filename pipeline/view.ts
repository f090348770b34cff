/**
 * view: a local web app over the artifact root: first the answer (the newest full
 * evaluation's short answer, figure and a live explorer of its exported models, running in
 * the page with tfjs), then every run and sweep, each evaluation's report, and two runs or
 * artifacts side by side. Binds 127.0.0.1 unless --host says otherwise; reads
 * only; works offline (tfjs comes from the installed npm package).
 *
 *   deno task view [--artifacts DIR] [--port 8000] [--host 127.0.0.1]
 *
 * --port 0 picks a free port. Stops on Ctrl-C. It answers only requests whose Host names it
 * (localhost, 127.0.0.1, [::1], the --host value; with its port), runs no script from an
 * artifact, and closes idle connections: see lib/tools/view/view_server.ts. Anyone who can reach
 * the port can read every artifact: bind another address than 127.0.0.1 only on a network
 * you trust.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { viewCommand } from "../lib/tools/view/view_command.ts";

if (import.meta.main) await commandMain(viewCommand);
