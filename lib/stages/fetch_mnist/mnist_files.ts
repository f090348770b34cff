/**
 * Pinned facts about the four MNIST files. The hashes come from ../shared/mnist-checksums.md
 * (published MD5s; SHA-256 of the same bytes), never from a copy being verified.
 */

/** One of the four raw MNIST IDX files. */
export interface MnistFileSpec {
  /** File name of the raw IDX file (also its name inside the `mnist` artifact). */
  name: string;
  split: "train" | "test";
  kind: "images" | "labels";
  /** Number of records in the full file. */
  count: number;
  /** Size in bytes of the full raw file. */
  bytes: number;
  /** SHA-256 of the full raw file. */
  sha256: string;
}

/** Image side length in pixels (28 × 28 = 784 inputs). */
export const MNIST_SIDE = 28;
/** Pixels per image. */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/** The four files, in a fixed order. */
export const MNIST_FILES: readonly MnistFileSpec[] = [
  {
    name: "train-images-idx3-ubyte",
    split: "train",
    kind: "images",
    count: 60000,
    bytes: 47040016,
    sha256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  },
  {
    name: "train-labels-idx1-ubyte",
    split: "train",
    kind: "labels",
    count: 60000,
    bytes: 60008,
    sha256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  },
  {
    name: "t10k-images-idx3-ubyte",
    split: "test",
    kind: "images",
    count: 10000,
    bytes: 7840016,
    sha256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  },
  {
    name: "t10k-labels-idx1-ubyte",
    split: "test",
    kind: "labels",
    count: 10000,
    bytes: 10008,
    sha256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
  },
];

/** Mirrors that serve the canonical gzipped files (base URLs ending in "/"). */
export const MNIST_MIRRORS: readonly string[] = [
  "https://ossci-datasets.s3.amazonaws.com/mnist/",
  "https://storage.googleapis.com/cvdf-datasets/mnist/",
];
