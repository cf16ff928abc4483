#!/usr/bin/env bash
# Builds the C ABI (libHFTEngineC.so) in release, compiles Tests/CABI/abi_test.c with the
# toolchain's clang, and runs it twice: plain and under AddressSanitizer (with
# LeakSanitizer). The expected values come from the Swift API through the `hft` tool:
# `hft options greeks`, `hft options iv` and `hft replay` on the inputs abi_test writes, and
# for the venue `hft venue-apply` on the same 128-byte command records (events and state hash).
#
#   Tests/CABI/run.sh            # from anywhere; exit status 0 when both runs pass
#   HFT_VECTOR=avx2 Tests/CABI/run.sh .build/avx2
#                                # the library built for a narrower vector level (see
#                                # Package.swift's vectorLevel) in its own build folder,
#                                # checked against the default build's `hft`: the scalar
#                                # results are the same bits on every level, and the batch
#                                # kernels must match them as on the default level
set -euo pipefail
cd "$(dirname "$0")/../.."

build_path=${1:-.build}
swift build -c release --build-path "$build_path" --product HFTEngineC
lib=$(swift build -c release --build-path "$build_path" --show-bin-path)
# The tool that gives the expected values, always from the default build (HFT_VECTOR unset).
env -u HFT_VECTOR swift build -c release --product hft
bin=$(env -u HFT_VECTOR swift build -c release --show-bin-path)
work=$build_path/cabi
mkdir -p "$work"

# The toolchain's clang (next to swift), so that its AddressSanitizer runtime matches.
clang=$(dirname "$(readlink -f "$(command -v swift)")")/clang
[ -x "$clang" ] || clang=clang
cflags=(-std=c11 -O1 -g -Wall -Wextra -Werror -ISources/CHFTEngine/include)
link=(-fuse-ld=lld -L"$lib" -lHFTEngineC -Wl,-rpath,"$lib" -lm)

"$clang" "${cflags[@]}" Tests/CABI/abi_test.c -o "$work/abi_test" "${link[@]}"
"$clang" "${cflags[@]}" -fsanitize=address -fno-omit-frame-pointer Tests/CABI/abi_test.c \
    -o "$work/abi_test_asan" "${link[@]}"

# Inputs, then the Swift API's answers for them.
"$work/abi_test" inputs "$work"
"$bin/hft" options greeks "$work/greeks_in.csv" > "$work/greeks_expected.csv"
"$bin/hft" options iv "$work/iv_in.csv" > "$work/iv_expected.csv"
"$bin/hft" replay "$work/commands.txt" > "$work/replay_expected.txt"
# shellcheck disable=SC2046 # the options are words
"$bin/hft" venue-apply $(cat "$work/venue_args.txt") "$work/venue_commands.bin" > "$work/venue_expected.txt"

echo "== abi_test (plain)"
"$work/abi_test" check "$work"
echo "== abi_test (AddressSanitizer)"
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0" "$work/abi_test_asan" check "$work" 2>&1 \
    | tee "$work/asan.log"
if grep -Eq 'ERROR: (Address|Leak)Sanitizer' "$work/asan.log"; then
    echo "error: AddressSanitizer reported a finding" >&2
    exit 1
fi
