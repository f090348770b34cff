#!/bin/sh
# A/B of the native training step: lib/core/native/train_step.c at git revision REV (A) against the
# working tree's (B), in one process (bench/train_step_ab.c says what each mode does):
#   bench/train_step_ab.sh REV check
#   bench/train_step_ab.sh REV time THREADS ROUNDS STEPS     e.g. main time 2 300 3
# Built with the flags of lib/core/native/kernel_cache.ts; needs gcc and Debian's libopenblas0-pthread.
set -e
[ $# -ge 2 ] || { echo "usage: $0 REV check | $0 REV time THREADS ROUNDS STEPS" >&2; exit 2; }
rev=$1
shift
root=$(git rev-parse --show-toplevel)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git -C "$root" show "$rev:lib/core/native/train_step.c" >"$dir/a.c"
cp "$root/lib/core/native/train_step.c" "$dir/b.c"
cp "$root/lib/core/native/kernels.c" "$root/lib/core/native/kernels.h" "$root/bench/train_step_ab.c" "$dir/"
flags="-O3 -march=native -ffp-contract=off -fno-math-errno -I$dir"
renamed() {
  for s in new free layout array run; do printf -- "-Dvae_trainer_%s=%s_vae_trainer_%s " "$s" "$1" "$s"; done
  printf -- "-Dgather_scaled_rows=%s_gather_scaled_rows" "$1"
}
gcc $flags -c "$dir/kernels.c" -o "$dir/kernels.o"
gcc $flags $(renamed A) -c "$dir/a.c" -o "$dir/a.o"
gcc $flags $(renamed B) -c "$dir/b.c" -o "$dir/b.o"
gcc $flags "$dir/train_step_ab.c" "$dir/a.o" "$dir/b.o" "$dir/kernels.o" -o "$dir/ab" -ldl -lpthread -lm
cd "$dir" && ./ab "$@"
