/**
 * What must hold before a sweep submits anything to Slurm: sbatch is on PATH, the partition
 * exists, and the artifact root is one every node of the partition sees. Each failure is one
 * line naming the flag or the command, and what to do.
 */
import { dirname, resolve } from "node:path";
import { slurm } from "./slurm_client.ts";
import type { SlurmOptions } from "./slurm_options.ts";

/** Filesystems that belong to one machine: a root on one is not seen by other nodes. */
const NODE_LOCAL = new Set([
  "ext2/ext3",
  "ext4",
  "ext2",
  "ext3",
  "xfs",
  "btrfs",
  "tmpfs",
  "overlayfs",
  "ramfs",
  "zfs",
  "f2fs",
]);

/** The filesystem type of `path` as `stat -f` names it (e.g. "ext2/ext3", "nfs", "tmpfs"). */
async function filesystemType(path: string): Promise<string | undefined> {
  const output = await slurm("stat", ["-f", "-c", "%T", path]);
  return output.ok ? output.stdout : undefined;
}

/**
 * Checks that Slurm can run the sweep's cells with `options` on artifact root `root`;
 * throws an Error saying what is wrong otherwise. Returns the partition's node count.
 */
export async function slurmPreflight(options: SlurmOptions, root: string): Promise<number> {
  const version = await slurm("sbatch", ["--version"]);
  if (!version.ok) {
    throw new Error(
      `--executor slurm: sbatch not found or not working (${version.stderr}); run on a machine with the Slurm client (Debian: slurm-client)`,
    );
  }
  const partitions = await slurm("sinfo", ["-h", "-o", "%P|%D"]);
  if (!partitions.ok) {
    throw new Error(`--executor slurm: sinfo failed: ${partitions.stderr || partitions.stdout}`);
  }
  const known = partitions.stdout.split("\n").filter(Boolean).map((line) => {
    const [name, nodes] = line.split("|");
    return { name: name!.replace(/\*$/, ""), isDefault: name!.endsWith("*"), nodes: Number(nodes) };
  });
  const partition = options.partition === undefined
    ? known.find((p) => p.isDefault)
    : known.find((p) => p.name === options.partition);
  if (partition === undefined) {
    throw new Error(
      options.partition === undefined
        ? `--executor slurm: the cluster has no default partition; name one with --slurm-partition (${
          known.map((p) => p.name).join(", ")
        })`
        : `--slurm-partition ${options.partition}: no such partition; sinfo knows ${
          known.map((p) => p.name).join(", ")
        }`,
    );
  }
  // A root not made yet will be on its nearest existing ancestor's filesystem.
  let probe = resolve(root);
  while (!await Deno.stat(probe).then(() => true, () => false) && dirname(probe) !== probe) {
    probe = dirname(probe);
  }
  const type = await filesystemType(probe);
  if (partition.nodes > 1 && type !== undefined && NODE_LOCAL.has(type)) {
    throw new Error(
      `--artifacts ${root}: on a ${type} filesystem of this machine, but partition ${partition.name} has ${partition.nodes} nodes that must all see it; put the artifact root on a shared filesystem (NFS, Lustre, …)`,
    );
  }
  return partition.nodes;
}
