/* files.c -- everything actx-rewrite reads from or writes to the file system,
 * written so that no run ever loses a file:
 *
 *   - inputs must be regular files (a directory or a device is refused with
 *     its reason, so /dev/zero is not read forever);
 *   - the input, the output, the depfile and the report must be distinct
 *     files, checked by identity (device and inode, which catches hard links,
 *     symlinks and `a/./b` spellings) before anything is written;
 *   - an output is written to a temporary file in its directory and renamed
 *     over the old one, so a reader never sees half a file; a symlink is
 *     followed (its target is written, the link stays), and an existing
 *     output keeps its mode;
 *   - the temporary file is removed on every failure: write errors, a file
 *     size limit (SIGXFSZ is ignored so the write fails with EFBIG instead),
 *     and SIGINT/SIGTERM/SIGHUP/SIGQUIT, whose handler unlinks it and then
 *     dies of the same signal.
 *
 * One temporary file exists at a time (actx-rewrite writes its outputs one
 * after another), so the signal handler needs a single static path.
 *
 * No libclang (files.h): actx-cc reads depfiles with rw_read_file too. */
#include "files.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ reading */

char *rw_read_file(const char *path, size_t *len, bool regular_only, const char **why) {
  *why = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *why = strerror(errno);
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    *why = strerror(errno);
    close(fd);
    return NULL;
  }
  /* A FIFO ends when its writer closes it; a device may never end. */
  if (S_ISDIR(st.st_mode))
    *why = strerror(EISDIR);
  else if (!S_ISREG(st.st_mode) && (regular_only || !S_ISFIFO(st.st_mode)))
    *why = "not a regular file";
  if (*why) {
    close(fd);
    return NULL;
  }
  rw_buf b = {0};
  rw_buf_add(&b, "", 0);
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      *why = strerror(errno);
      close(fd);
      rw_buf_free(&b);
      return NULL;
    }
    if (n == 0)
      break;
    rw_buf_add(&b, chunk, (size_t)n);
  }
  close(fd);
  *len = b.len;
  return b.data;
}

/* ------------------------------------------------------------ paths */

/* The file a path names once symlinks are followed, even when the last
 * link dangles (writing through it creates its target, as `cc -o` does).
 * Only the final component is followed by hand; directories in between are
 * the kernel's business.  Returns a malloc'd path. */
char *rw_output_target(const char *path) {
  char *cur = rw_xstrdup(path);
  for (int hops = 0; hops < 40; hops++) { /* 40: Linux's own MAXSYMLINKS */
    char link[PATH_MAX];
    ssize_t n = readlink(cur, link, sizeof link - 1);
    if (n < 0)
      return cur; /* not a symlink (or absent): this is the file */
    link[n] = '\0';
    rw_buf next = {0};
    const char *slash = strrchr(cur, '/');
    if (link[0] != '/' && slash) /* relative to the link's directory */
      rw_buf_add(&next, cur, (size_t)(slash - cur) + 1);
    rw_buf_puts(&next, link);
    free(cur);
    cur = next.data;
  }
  return cur; /* a loop: let open() report ELOOP */
}

/* What makes two paths the same file: device and inode when it exists;
 * otherwise its directory's real path and its name. */
typedef struct {
  bool exists;
  dev_t dev;
  ino_t ino;
  char *where;
} file_identity;

static file_identity identify(const char *path) {
  file_identity id = {0};
  struct stat st;
  char *target = rw_output_target(path);
  if (stat(target, &st) == 0) {
    id.exists = true;
    id.dev = st.st_dev;
    id.ino = st.st_ino;
  } else {
    const char *slash = strrchr(target, '/');
    char *dir = slash ? rw_xstrndup(target, slash == target ? 1 : (size_t)(slash - target))
                      : rw_xstrdup(".");
    char real[PATH_MAX];
    rw_buf w = {0};
    rw_buf_puts(&w, realpath(dir, real) ? real : dir);
    rw_buf_puts(&w, "/");
    rw_buf_puts(&w, slash ? slash + 1 : target);
    id.where = w.data;
    free(dir);
  }
  free(target);
  return id;
}

static bool same_file(const file_identity *a, const file_identity *b) {
  if (a->exists != b->exists)
    return false;
  return a->exists ? a->dev == b->dev && a->ino == b->ino : strcmp(a->where, b->where) == 0;
}

int rw_check_distinct(const rw_named_path *files, int n) {
  file_identity ids[8];
  int rc = 0;
  if (n > 8)
    n = 8;
  for (int i = 0; i < n; i++)
    if (files[i].path && strcmp(files[i].path, "-") != 0)
      ids[i] = identify(files[i].path);
  for (int i = 0; i < n && rc == 0; i++) {
    if (!files[i].path || strcmp(files[i].path, "-") == 0)
      continue;
    for (int j = i + 1; j < n; j++) {
      if (!files[j].path || strcmp(files[j].path, "-") == 0 || !same_file(&ids[i], &ids[j]))
        continue;
      /* Two outputs on one device node (/dev/null twice) lose nothing. */
      struct stat st;
      if (ids[i].exists && stat(files[i].path, &st) == 0 && S_ISCHR(st.st_mode))
        continue;
      fprintf(stderr, "%s: %s and %s name the same file (%s): nothing written\n", rw_progname,
              files[i].role, files[j].role, files[j].path);
      rc = -1;
      break;
    }
  }
  for (int i = 0; i < n; i++)
    if (files[i].path && strcmp(files[i].path, "-") != 0)
      free(ids[i].where);
  return rc;
}

/* ------------------------------------------------------------ writing */

static char temp_path[PATH_MAX + 16];
static volatile sig_atomic_t temp_live;

static void remove_temp_and_die(int sig) {
  if (temp_live)
    unlink(temp_path); /* async-signal-safe */
  signal(sig, SIG_DFL);
  raise(sig);
}

void rw_files_init(void) {
  static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    struct sigaction old, sa = {0};
    /* A signal the caller ignores (nohup, a background job) stays ignored. */
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sa.sa_handler = remove_temp_and_die;
    sigemptyset(&sa.sa_mask);
    sigaction(fatal[i], &sa, NULL);
  }
  /* Past RLIMIT_FSIZE, write() then fails with EFBIG and the normal error
   * path removes the temporary file. */
  signal(SIGXFSZ, SIG_IGN);
}

static int write_all(int fd, const char *bytes, size_t len) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(fd, bytes + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    done += (size_t)n;
  }
  return 0;
}

/* Creates the temporary file beside `target` with the signal handler armed;
 * signals are blocked while the name is not yet recorded. */
static int create_temp(const char *target) {
  const char *slash = strrchr(target, '/');
  size_t dirlen = slash ? (size_t)(slash - target) + 1 : 0;
  /* A short fixed name: the output's own name may already be NAME_MAX long. */
  if (dirlen + sizeof ".actx-rw.XXXXXX" > sizeof temp_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  memcpy(temp_path, target, dirlen);
  memcpy(temp_path + dirlen, ".actx-rw.XXXXXX", sizeof ".actx-rw.XXXXXX");
  int fd = mkstemp(temp_path);
  temp_live = fd >= 0;
  int saved = errno;
  sigprocmask(SIG_SETMASK, &old, NULL);
  errno = saved;
  return fd;
}

static void forget_temp(bool remove) {
  sigset_t all, old;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &old);
  if (remove && temp_live)
    unlink(temp_path);
  temp_live = 0;
  sigprocmask(SIG_SETMASK, &old, NULL);
}

int rw_write_file(const char *path, const char *bytes, size_t len) {
  if (strcmp(path, "-") == 0) {
    if (write_all(STDOUT_FILENO, bytes, len) != 0) {
      fprintf(stderr, "%s: cannot write to stdout: %s\n", rw_progname, strerror(errno));
      return -1;
    }
    return 0;
  }
  char *target = rw_output_target(path);
  struct stat st;
  bool exists = stat(target, &st) == 0;
  int failed = 0;
  if (exists && S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    failed = 1;
  } else if (exists && !S_ISREG(st.st_mode)) {
    /* A device or FIFO (/dev/null, /dev/stdout) is written in place:
     * renaming over it would replace the node. */
    int fd = open(target, O_WRONLY | O_TRUNC | O_CLOEXEC);
    failed = fd < 0 || write_all(fd, bytes, len) != 0;
    int saved = errno;
    if (fd >= 0 && close(fd) != 0 && !failed) {
      failed = 1;
      saved = errno;
    }
    errno = saved;
  } else {
    int fd = create_temp(target);
    if (fd < 0) {
      failed = 1;
    } else {
      mode_t mode;
      if (exists) {
        mode = st.st_mode & 07777;
      } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
      }
      failed = fchmod(fd, mode) != 0 || write_all(fd, bytes, len) != 0;
      int saved = errno;
      if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
      }
      if (!failed && rename(temp_path, target) != 0) {
        failed = 1;
        saved = errno;
      }
      forget_temp(failed);
      errno = saved;
    }
  }
  if (failed)
    fprintf(stderr, "%s: cannot write %s: %s\n", rw_progname, path, strerror(errno));
  free(target);
  return failed ? -1 : 0;
}
