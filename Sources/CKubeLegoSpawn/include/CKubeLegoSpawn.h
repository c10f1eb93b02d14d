#ifndef CKUBELEGOSPAWN_H
#define CKUBELEGOSPAWN_H
#include <sys/types.h>

/// Starts `path` with `argv` and `envp` through posix_spawn: standard input, output and error from `fds`
/// (-1: /dev/null; the same number: inherited), every other descriptor closed in the child, no signal blocked
/// (dispositions inherited), working directory `cwd` when not NULL. Returns 0 and the pid, or an errno value.
int kl_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const int fds[3], const char *cwd);

#endif
