/* cc_temp.c -- actx-cc's temporary files and the children it runs, and the
 * promise that an interrupt leaves neither behind:
 *   - each source's rewritten copy lives in a private directory,
 *     TMPDIR/actx-cc.UID.HASH, HASH from the working directory, the source
 *     and -o: the same compile gets the same path every time (ccache hashes
 *     the input path).  A name taken by anything but a private directory of
 *     this user makes a random one (mkdtemp) instead;
 *   - on SIGINT, SIGTERM, SIGHUP or SIGQUIT (those not ignored), the handler
 *     passes the signal to the running child, waits for it, removes every
 *     temporary file and directory made so far, and dies of the signal;
 *   - the caught signals are blocked from fork until the handler knows the
 *     child, so no interrupt leaves the rewriter or the compiler running;
 *     the child gets the default actions back.
 * The handler reads only what is published before it can matter: the
 * sources' array (cc_catch_signals), how many have a temporary directory
 * (set before each is made), and the child's pid. */
#include "cc.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------ signals */

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static sigset_t caught;         /* those of them we handle (not ignored) */
static cc_source *cleanup_srcs; /* read by the signal handler */
static volatile sig_atomic_t cleanup_n;
static volatile pid_t child;

static void remove_temps(void) {
  for (int i = 0; i < cleanup_n; i++) {
    if (cleanup_srcs[i].tmpdir) {
      if (cleanup_srcs[i].tmp)
        unlink(cleanup_srcs[i].tmp);
      rmdir(cleanup_srcs[i].tmpdir);
    }
  }
}

static void on_signal(int sig) {
  if (child > 0) {
    kill(child, sig);
    waitpid(child, NULL, 0);
  }
  remove_temps();
  signal(sig, SIG_DFL);
  raise(sig);
}

void cc_catch_signals(cc_source *srcs) {
  cleanup_srcs = srcs;
  sigemptyset(&caught);
  for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
    struct sigaction old, sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) {
      sigaction(handled[i], &sa, NULL);
      sigaddset(&caught, handled[i]);
    }
  }
}

int cc_exit_like(int status) {
  remove_temps();
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

/* ------------------------------------------------------------ temporary directories */

static uint64_t fnv1a(uint64_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s;; p++) {
    h = (h ^ *p) * 0x100000001b3ULL;
    if (!*p)
      return h;
  }
}

/* A directory of our own for src's rewritten copy: named after the compile
 * (so a second build compiles the same path), or a random one if that name
 * is taken by something that is not a private directory of this user. */
static char *private_dir(const cc_invocation *inv, const cc_source *s) {
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  char cwd[PATH_MAX];
  uint64_t h = fnv1a(0xcbf29ce484222325ULL, getcwd(cwd, sizeof cwd) ? cwd : "");
  h = fnv1a(fnv1a(h, s->src), inv->out ? inv->out : "");
  char *dir = rw_xasprintf("%s/actx-cc.%u.%016llx", tmp, (unsigned)getuid(), (unsigned long long)h);
  struct stat st;
  if (mkdir(dir, 0700) == 0 || (errno == EEXIST && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
                                st.st_uid == getuid() && (st.st_mode & 077) == 0))
    return dir;
  free(dir);
  dir = rw_xasprintf("%s/actx-cc.%u.XXXXXX", tmp, (unsigned)getuid());
  if (mkdtemp(dir))
    return dir;
  fprintf(stderr, "actx-cc: cannot create a directory in %s: %s\n", tmp, strerror(errno));
  free(dir);
  return NULL;
}

int cc_make_temp(const cc_invocation *inv, cc_source *s, int i) {
  /* The directory and its record are one step for on_signal: a signal
   * between mkdir and the assignment would leave the directory behind. */
  sigset_t old;
  sigprocmask(SIG_BLOCK, &caught, &old);
  cleanup_n = (sig_atomic_t)(i + 1);
  s->tmpdir = private_dir(inv, s);
  if (s->tmpdir)
    s->tmp = rw_xasprintf("%s/%s", s->tmpdir, rw_base_name(s->src));
  sigprocmask(SIG_SETMASK, &old, NULL);
  return s->tmpdir ? 0 : -1;
}

/* ------------------------------------------------------------ children */

int cc_run(char **argv) {
  fflush(NULL);
  sigset_t old;
  sigprocmask(SIG_BLOCK, &caught, &old);
  pid_t pid = fork();
  if (pid == 0) {
    for (size_t i = 0; i < sizeof handled / sizeof *handled; i++) {
      if (sigismember(&caught, handled[i]))
        signal(handled[i], SIG_DFL);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    execvp(argv[0], argv);
    fprintf(stderr, "actx-cc: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  child = pid > 0 ? pid : 0;
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (pid < 0) {
    fprintf(stderr, "actx-cc: fork: %s\n", strerror(errno));
    return 127 << 8;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  child = 0;
  return status;
}
