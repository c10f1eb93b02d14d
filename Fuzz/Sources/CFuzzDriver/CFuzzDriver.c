#include "CFuzzDriver.h"

// Weak, so a build without -sanitize=fuzzer still links (the address is then NULL) and can replay inputs.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size))
    __attribute__((weak));

int kube_lego_fuzz_has_libfuzzer(void) {
    return LLVMFuzzerRunDriver != 0;
}

int kube_lego_fuzz_run_driver(int argc, char **argv, kube_lego_fuzz_target target) {
    return LLVMFuzzerRunDriver(&argc, &argv, target);
}
