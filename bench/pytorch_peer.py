"""PyTorch beside our engines: the Keras example's VAE trained on the real MNIST training images.

The same model and recipe as lib/core/model/ (784 -> Dense 512 relu -> z_mean 32, z_log_var 32;
decoder 32 -> Dense 512 relu -> Dense 784 sigmoid; Glorot-uniform weights and zero biases as
Keras initialises them), loss = sum over pixels of BCE (from the logits, as lib/core/model/elbo_loss.ts)
plus KL, averaged over the batch, Adam lr 1e-3 (Keras' epsilon 1e-7), batch 128 with the last
short batch kept, the images shuffled each epoch. Prints one JSON object per line: first the
configuration ({"kind": "config", ...}), then one per epoch ({"kind": "epoch", "epoch",
"seconds", "samples_per_second", "loss"}); bench/pytorch_peer_output.ts reads them.

  python3 bench/pytorch_peer.py --images ROOT/mnist/<id>/train-images-idx3-ubyte \
      [--epochs 2] [--torch-threads 1] [--blas-threads 2] [--seed 1] [--limit N]

--blas-threads sets OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS is left to torch) before torch is
imported, which is the only time OpenBLAS reads it. Bad input ends with one line on stderr and
exit status 2. Run by `deno task bench` (bench/bench.ts), which tries each thread setting.
"""

import argparse
import json
import os
import sys
import time

IDX_IMAGES_MAGIC = 2051  # IDX magic number of an image file (lib/stages/fetch_mnist/idx.ts)
IDX_IMAGES_HEADER_BYTES = 16  # magic, count, rows, columns: four big-endian uint32
PIXELS = 28 * 28
HIDDEN, LATENT, BATCH, LEARNING_RATE = 512, 32, 128, 1e-3


class Once(argparse.Action):
    """Refuses a flag given twice, as the project's own command lines do (lib/core/cli/flags.ts)."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, "_seen_" + self.dest, False):
            parser.error(f"{option_string} given twice; give it once")
        setattr(namespace, "_seen_" + self.dest, True)
        setattr(namespace, self.dest, values)


def positive(text):
    """An integer flag value of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1 or str(value) != text:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def fail(message):
    """One line on stderr naming what was wrong, exit status 2."""
    print(f"pytorch_peer.py: error: {message}", file=sys.stderr)
    sys.exit(2)


class OneLineErrors(argparse.ArgumentParser):
    """argparse, but a bad command line ends with one line (no usage block) and exit status 2."""

    def error(self, message):
        fail(f"{message}; see --help")


def parse_args(argv):
    parser = OneLineErrors(prog="pytorch_peer.py", description=__doc__.split("\n")[0])
    parser.add_argument("--images", required=True, action=Once, help="train-images-idx3-ubyte of an mnist artifact")
    parser.add_argument("--epochs", type=positive, default=2, action=Once)
    parser.add_argument("--torch-threads", type=positive, default=1, action=Once, help="torch.set_num_threads")
    parser.add_argument("--blas-threads", type=positive, default=2, action=Once, help="OPENBLAS_NUM_THREADS")
    parser.add_argument("--seed", type=positive, default=1, action=Once)
    parser.add_argument("--limit", type=positive, action=Once, help="train on the first N images only")
    return parser.parse_args(argv)


def read_images(path):
    """The pixel bytes of an IDX image file: (count, 784) uint8, its header checked against its size."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail(f"--images {path}: cannot read it ({e.strerror}); give the train-images-idx3-ubyte of an mnist artifact")
    if len(data) < IDX_IMAGES_HEADER_BYTES:
        fail(f"--images {path}: {len(data)} bytes, shorter than an IDX image header ({IDX_IMAGES_HEADER_BYTES})")
    magic, count, rows, cols = (int.from_bytes(data[i : i + 4], "big") for i in range(0, 16, 4))
    if magic != IDX_IMAGES_MAGIC or rows * cols != PIXELS:
        fail(f"--images {path}: magic {magic}, {rows}x{cols}; expected an IDX image file (magic 2051) of 28x28 images")
    if len(data) != IDX_IMAGES_HEADER_BYTES + count * PIXELS:
        fail(f"--images {path}: {len(data)} bytes, but its header announces {count} images")
    return data[IDX_IMAGES_HEADER_BYTES:], count


def main(argv):
    args = parse_args(argv)
    # The input is checked before torch is imported: a bad command line fails at once, torch or not.
    pixels, count = read_images(args.images)
    if args.limit is not None:
        if args.limit > count:
            fail(f"--limit {args.limit}: more than the {count} images of {args.images}")
        pixels, count = pixels[: args.limit * PIXELS], args.limit
    # OpenBLAS reads this once, when torch loads it: it must be set before the import.
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.blas_threads)
    import torch
    from torch import nn
    import torch.nn.functional as F

    torch.set_num_threads(args.torch_threads)
    torch.manual_seed(args.seed)
    # Bytes kept as bytes (a quarter of the floats' memory), scaled per batch as our trainers do.
    images = torch.frombuffer(bytearray(pixels), dtype=torch.uint8).view(count, PIXELS)

    def dense(inputs, outputs):
        layer = nn.Linear(inputs, outputs)
        nn.init.xavier_uniform_(layer.weight)
        nn.init.zeros_(layer.bias)
        return layer

    class Vae(nn.Module):
        def __init__(self):
            super().__init__()
            self.hidden = dense(PIXELS, HIDDEN)
            self.z_mean = dense(HIDDEN, LATENT)
            self.z_log_var = dense(HIDDEN, LATENT)
            self.decoder_hidden = dense(LATENT, HIDDEN)
            self.decoder_out = dense(HIDDEN, PIXELS)

        def forward(self, x):
            h = F.relu(self.hidden(x))
            mean, log_var = self.z_mean(h), self.z_log_var(h)
            z = mean + torch.exp(0.5 * log_var) * torch.randn_like(mean)
            logits = self.decoder_out(F.relu(self.decoder_hidden(z)))
            recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
            kl = -0.5 * torch.sum(1 + log_var - mean.square() - log_var.exp())
            return (recon + kl) / x.shape[0]

    model = Vae()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, eps=1e-7)
    print(json.dumps({
        "kind": "config",
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "blas_threads": args.blas_threads,
        "images": count,
        "batch": BATCH,
    }), flush=True)
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        order = torch.randperm(count)
        total = torch.zeros(())
        for start in range(0, count, BATCH):
            x = images[order[start : start + BATCH]].float().div_(255)
            loss = model(x)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.detach() * x.shape[0]
        seconds = time.perf_counter() - started
        print(json.dumps({
            "kind": "epoch",
            "epoch": epoch,
            "seconds": seconds,
            "samples_per_second": count / seconds,
            "loss": total.item() / count,
        }), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
