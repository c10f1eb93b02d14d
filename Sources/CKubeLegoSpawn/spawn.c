#define _GNU_SOURCE
#include "CKubeLegoSpawn.h"
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

int kl_spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], const int fds[3], const char *cwd) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attributes);
    if (rc != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return rc;
    }
    for (int target = 0; target < 3 && rc == 0; target++) {
        if (fds[target] < 0) {
            rc = posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
        } else if (fds[target] != target) {
            rc = posix_spawn_file_actions_adddup2(&actions, fds[target], target);
        }
    }
    /* Nothing else is inherited, whatever another thread opened meanwhile (glibc >= 2.34). */
    if (rc == 0) rc = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    if (rc == 0 && cwd != NULL) rc = posix_spawn_file_actions_addchdir_np(&actions, cwd);
    /* No signal blocked in the child. Dispositions are inherited as Foundation's Process leaves them (exec resets
       handled ones; ignored ones stay ignored): a SIGHUP sent to nginx before it installs its handlers must not kill it. */
    sigset_t empty;
    sigemptyset(&empty);
    if (rc == 0) rc = posix_spawnattr_setsigmask(&attributes, &empty);
    if (rc == 0) rc = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    if (rc == 0) rc = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return rc;
}
