/**
 * Installs the Debian packages the tests need where they are missing (the project's test
 * command runs this first; we run as root): Debian's `chromium`, which the browser tests
 * drive through playwright-core, and Slurm with munge (`slurmctld`, `slurmd`,
 * `slurm-client`, `munge`), which tests/slurm_harness/slurm_cluster.ts starts as a one-node cluster, and
 * `libopenblas0-pthread`, which the native engine loads (lib/core/native/openblas.ts), and `gcc`
 * with `libc6-dev`, which build its C kernels, and `fonts-dejavu-core`, the charts' font.
 * Prints one line per package; exits non-zero with the reason when one cannot be
 * installed, so the tests fail rather than skip.
 *
 *   deno run --allow-all tests/setup/system_packages.ts
 */

import { OPENBLAS_LIBRARY } from "../../lib/core/native/openblas.ts";

/** Each package and a file whose presence says it is installed. */
const PACKAGES: Record<string, string> = {
  chromium: "/usr/bin/chromium",
  slurmctld: "/usr/sbin/slurmctld",
  slurmd: "/usr/sbin/slurmd",
  "slurm-client": "/usr/bin/sbatch",
  munge: "/usr/sbin/munged",
  "libopenblas0-pthread": OPENBLAS_LIBRARY,
  // The native engine's C kernels (lib/core/native/native_kernels.ts) are built with these.
  gcc: "/usr/bin/gcc",
  "libc6-dev": "/usr/lib/x86_64-linux-gnu/libmvec.so",
  // The charts' font (lib/core/render/chart_style.ts): sharp's librsvg finds it through fontconfig,
  // and the pinned loss_curve.png is drawn in it.
  "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
};

async function run(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  const result = await new Deno.Command(command, {
    args,
    env: { DEBIAN_FRONTEND: "noninteractive" },
    stdout: "piped",
    stderr: "piped",
  }).output().catch((e) => ({
    success: false,
    stdout: new Uint8Array(),
    stderr: new TextEncoder().encode(String(e)),
  }));
  const text = new TextDecoder().decode(result.stderr).trim().split("\n").at(-1) ?? "";
  return { ok: result.success, output: text };
}

const missing = [];
for (const [name, file] of Object.entries(PACKAGES)) {
  if (await Deno.stat(file).then(() => true, () => false)) console.log(`${name}: installed (${file})`);
  else missing.push(name);
}
if (missing.length > 0) {
  const install = ["install", "-y", "--no-install-recommends", ...missing];
  let result = await run("apt-get", install);
  if (!result.ok) {
    await run("apt-get", ["update"]);
    result = await run("apt-get", install);
  }
  if (!result.ok) {
    console.error(`system packages: cannot install ${missing.join(" ")} with apt-get: ${result.output}`);
    Deno.exit(1);
  }
  console.log(`installed with apt-get: ${missing.join(" ")}`);
}
