/* libc.c -- calls every function line of tool/contracts/libc.contracts
 * against glibc (check_pack.py checks the rewriter's report); the exit
 * handlers registered in a context see its storage value (pack_test.h). */
#include "pack_test.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <link.h>
#include <search.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}
static int cmp_r(const void *a, const void *b, void *arg) {
  (void)arg;
  return cmp(a, b);
}
static void walk(const void *node, VISIT v, int depth) {
  (void)node;
  (void)v;
  (void)depth;
}
static void walk_r(const void *node, VISIT v, void *arg) {
  (void)node;
  (void)v;
  (void)arg;
}
static void free_node(void *node) {
  (void)node;
}
static int on_ftw(const char *path, const struct stat *st, int flag) {
  (void)path;
  (void)st;
  (void)flag;
  return 1;
}
static int on_nftw(const char *path, const struct stat *st, int flag, struct FTW *f) {
  (void)f;
  return on_ftw(path, st, flag);
}
static int pick(const struct dirent *d) {
  (void)d;
  return 0;
}
static int pick64(const struct dirent64 *d) {
  (void)d;
  return 0;
}
static int order(const struct dirent **a, const struct dirent **b) {
  (void)a;
  (void)b;
  return 0;
}
static int order64(const struct dirent64 **a, const struct dirent64 **b) {
  (void)a;
  (void)b;
  return 0;
}
static int glob_error(const char *path, int err) {
  (void)path;
  (void)err;
  return 0;
}
static int on_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)info;
  (void)size;
  (void)data;
  return 1;
}

static void sync_callbacks(void) {
  int v[] = {3, 1, 2}, key = 2;
  size_t n = 3;
  qsort(v, 3, sizeof *v, cmp);
  qsort_r(v, 3, sizeof *v, cmp_r, NULL);
  bsearch(&key, v, 3, sizeof *v, cmp);
  lfind(&key, v, &n, sizeof *v, cmp);
  lsearch(&key, v, &n, sizeof *v, cmp);
  void *root = NULL;
  tsearch(&v[0], &root, cmp);
  tfind(&v[0], &root, cmp);
  twalk(root, walk);
  twalk_r(root, walk_r, NULL);
  tdelete(&v[0], &root, cmp);
  tsearch(&v[1], &root, cmp);
  tdestroy(root, free_node);
  ftw("/", on_ftw, 4);
  nftw("/", on_nftw, 4, 0);
  struct dirent **list;
  int k = scandir("/", &list, pick, order);
  for (int i = 0; i < k; i++)
    free(list[i]);
  free(list);
  k = scandirat(AT_FDCWD, "/", &list, pick, order);
  for (int i = 0; i < k; i++)
    free(list[i]);
  free(list);
  struct dirent64 **list64;
  k = scandir64("/", &list64, pick64, order64);
  for (int i = 0; i < k; i++)
    free(list64[i]);
  free(list64);
  k = scandirat64(AT_FDCWD, "/", &list64, pick64, order64);
  for (int i = 0; i < k; i++)
    free(list64[i]);
  free(list64);
  glob_t g;
  glob("/nonexistent/*", 0, glob_error, &g);
  globfree(&g);
  glob64_t g64;
  glob64("/nonexistent/*", 0, glob_error, &g64);
  globfree64(&g64);
  dl_iterate_phdr(on_object, NULL);
}

/* Signal handlers are left alone (not async-signal-safe to enter). */
static void on_signal(int sig) {
  (void)sig;
}

static void on_siginfo(int sig, siginfo_t *info, void *uctx) {
  (void)sig;
  (void)info;
  (void)uctx;
}

static void signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;    /* pack: field sigaction.sa_handler */
  sa.sa_sigaction = on_siginfo; /* pack: field sigaction.sa_sigaction */
  (void)sa;
  signal(SIGUSR1, on_signal);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  sigset(SIGUSR1, on_signal);
#pragma GCC diagnostic pop
  sysv_signal(SIGUSR1, on_signal);
  __sysv_signal(SIGUSR1, on_signal);
  signal(SIGUSR1, SIG_DFL);
}

/* The exit handlers run at exit, outside any context: they must see the
 * registration's.  exit() ends the process, so each reports by status. */
static void at_exit_check(void) {
  if (actx_storage_get(pack_storage) != PACK_VALUE) {
    fprintf(stderr, "atexit: lost its registration's value\n");
    _exit(1);
  }
  printf("atexit: sees its registration's value\n");
}
static void on_exit_check(int status, void *arg) {
  (void)status;
  if (actx_storage_get(pack_storage) != PACK_VALUE || strcmp(arg, "on_exit") != 0) {
    fprintf(stderr, "on_exit: lost its registration's value\n");
    _exit(1);
  }
  printf("on_exit: sees its registration's value\n");
}
static void at_quick_exit_check(void) {}

static void *register_all(void *arg) {
  (void)arg;
  atexit(at_exit_check);
  on_exit(on_exit_check, "on_exit");
  at_quick_exit(at_quick_exit_check);
  return NULL;
}

int main(void) {
  pack_init();
  sync_callbacks();
  signals();
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  return pack_finish("libc", 0);
}
