#ifndef KUBE_LEGO_FUZZ_DRIVER_H
#define KUBE_LEGO_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The function libFuzzer calls once per input (the signature of LLVMFuzzerTestOneInput).
typedef int (*kube_lego_fuzz_target)(const uint8_t *data, size_t size);

/// 1 when the binary was linked with libFuzzer (`-sanitize=fuzzer`), else 0.
int kube_lego_fuzz_has_libfuzzer(void);

/// Hands the process's arguments and `target` to libFuzzer's driver (LLVMFuzzerRunDriver) and returns its
/// exit code. Only call it when `kube_lego_fuzz_has_libfuzzer()` says so.
int kube_lego_fuzz_run_driver(int argc, char **argv, kube_lego_fuzz_target target);

#endif
