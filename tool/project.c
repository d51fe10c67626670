/* project.c -- whole-project mode: every C unit of BUILD_DIR's
 * compile_commands.json rewritten into a mirrored tree under DIR.
 *
 * Process model: the parent execs itself (/proc/self/exe) once per unit in
 * single-file mode (-p BUILD_DIR UNIT -o OUT -MF DEP --report REP), keeping at
 * most -j children.  A unit then gets exactly what single-file mode
 * guarantees (distinct files, atomic writes, temporary-file cleanup on
 * signals, "nothing written" on a parse error), a crash or out-of-memory
 * exit costs one unit rather than the run, and libclang's global state is
 * never shared across forks.  The exec costs ~10 ms a unit against a parse
 * that costs 100 ms or more.
 *
 * Incremental: a unit stands when DIR/.actx/REL.stamp holds the same command
 * (tool version and binary, forwarded options, the entry's directory and
 * arguments) and its output is at least as new as every file its depfile
 * lists (the source, every header read, the contract files).
 *
 * Inference across units (docs/contracts.md, "Inferred contracts"): each
 * unit writes what it inferred for its functions with external linkage
 * (DIR/.actx/REL.inferred) and its report to DIR/.actx/REL.report.json;
 * project_infer.c solves the units' summaries together and writes each
 * report to DIR/REL.json with the sites they decide.  No unit is parsed
 * twice: an inferred line never changes an output, only a report. */
#include "project.h"

#include "rw.h"

#include <clang-c/CXCompilationDatabase.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Whether path is dir or inside it. */
static bool is_under(const char *path, const char *dir) {
  size_t n = strlen(dir);
  if (strcmp(dir, "/") == 0)
    return true;
  return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* mkdir -p of path's directory. */
static int make_parent_dirs(const char *path) {
  char *dir = rw_dir_name(path);
  for (char *p = dir + 1;; p++) {
    if (*p != '/' && *p != '\0')
      continue;
    char c = *p;
    *p = '\0';
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "actx-rewrite: cannot create %s: %s\n", dir, strerror(errno));
      free(dir);
      return -1;
    }
    *p = c;
    if (!c)
      break;
  }
  free(dir);
  return 0;
}

/* A C translation unit: the compiler is not a C++ driver, and the last -x
 * before the file says c, or there is none and the file ends in .c. */
static bool is_c_unit(const char *file, char **args, int nargs) {
  size_t cl = strlen(args[0]);
  if (cl >= 2 && strcmp(args[0] + cl - 2, "++") == 0)
    return false;
  const char *lang = NULL;
  for (int i = 1; i < nargs; i++) {
    if (strcmp(args[i], "-x") == 0 && i + 1 < nargs)
      lang = args[++i];
    else if (strncmp(args[i], "-x", 2) == 0)
      lang = args[i] + 2;
    else if (strcmp(args[i], "--driver-mode=g++") == 0)
      return false;
  }
  if (lang)
    return strcmp(lang, "c") == 0;
  size_t n = strlen(file);
  return n > 2 && strcmp(file + n - 2, ".c") == 0;
}

/* An absolute path with "." and ".." removed and slashes single, as libclang's
 * JSON database normalizes its paths; symlinks are kept, as the build has
 * them. */
static char *lexically_normal(const char *abs) {
  char *out = rw_xmalloc(strlen(abs) + 2);
  size_t n = 0;
  for (const char *p = abs; *p;) {
    while (*p == '/')
      p++;
    const char *e = strchr(p, '/');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == 0 || (len == 1 && p[0] == '.')) {
      /* nothing */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (n > 0 && out[--n] != '/')
        ;
    } else {
      out[n++] = '/';
      memcpy(out + n, p, len);
      n += len;
    }
    p += len;
  }
  if (n == 0)
    out[n++] = '/';
  out[n] = '\0';
  return out;
}

/* Reads the database: one rw_unit per C entry, duplicates marked skipped. */
static int load_units(const rw_project_options *po, rw_project *p) {
  CXCompilationDatabase_Error err;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(po->build_dir, &err);
  if (err != CXCompilationDatabase_NoError || !db) {
    fprintf(stderr, "actx-rewrite: no compile_commands.json in %s\n", po->build_dir);
    return -1;
  }
  CXCompileCommands all = clang_CompilationDatabase_getAllCompileCommands(db);
  unsigned total = all ? clang_CompileCommands_getSize(all) : 0;
  for (unsigned e = 0; e < total; e++) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(all, e);
    CXString dir = clang_CompileCommand_getDirectory(cmd);
    CXString file = clang_CompileCommand_getFilename(cmd);
    rw_unit u = {0};
    u.directory = rw_xstrdup(clang_getCString(dir));
    const char *listed = clang_getCString(file);
    u.nargs = (int)clang_CompileCommand_getNumArgs(cmd);
    u.args = rw_xmalloc((size_t)(u.nargs + 1) * sizeof *u.args);
    u.source_arg = -1;
    for (int i = 0; i < u.nargs; i++) {
      CXString a = clang_CompileCommand_getArg(cmd, (unsigned)i);
      u.args[i] = rw_xstrdup(clang_getCString(a));
      clang_disposeString(a);
      if (i > 0 && u.source_arg < 0 && rw_compdb_names_source(u.args[i], listed, u.directory))
        u.source_arg = i;
    }
    u.args[u.nargs] = NULL;
    char *abs = listed[0] == '/' ? rw_xstrdup(listed) : rw_xasprintf("%s/%s", u.directory, listed);
    bool c = u.nargs > 0 && is_c_unit(abs, u.args, u.nargs);
    clang_disposeString(dir);
    clang_disposeString(file);
    if (!c) {
      free(abs); /* not ours: C++ and other languages keep their entries */
      continue;
    }
    u.input = lexically_normal(abs);
    u.source = realpath(abs, NULL);
    if (!u.source) {
      u.status = RW_UNIT_FAILED;
      u.error = rw_xasprintf("%s: %s", abs, strerror(errno));
      u.source = abs;
    } else {
      free(abs);
    }
    /* The same file compiled twice (a shared and a static build, a test
     * with other -D): one mirrored file can only hold one rewrite, and
     * single-file mode's -p takes the first entry, so the first wins. */
    for (size_t k = 0; k < p->n && u.status == RW_UNIT_PENDING; k++) {
      if (strcmp(p->units[k].source, u.source) == 0) {
        u.status = RW_UNIT_SKIPPED;
        u.error = rw_xasprintf("listed again in compile_commands.json: only its first entry "
                               "(unit %zu) is rewritten",
                               k + 1);
      }
    }
    p->units = rw_xrealloc(p->units, (p->n + 1) * sizeof *p->units);
    p->units[p->n++] = u;
  }
  if (all)
    clang_CompileCommands_dispose(all);
  clang_CompilationDatabase_dispose(db);
  return 0;
}

/* The mirroring rule (docs/rewriter.md, "Whole-project mode"): ROOT is the
 * deepest directory holding every source outside BUILD_DIR; those go to
 * DIR/<path under ROOT>, files under BUILD_DIR (generated) to
 * DIR/_build/<path under BUILD_DIR>.  When every source is under BUILD_DIR
 * (an in-tree build), ROOT is their common directory and there is no _build.
 * A root of / mirrors absolute paths (DIR/usr/src/...). */
static int mirror(rw_project *p, const char *build_real, char **root_out) {
  char *root = NULL;
  bool in_tree = true;
  for (int pass = 0; pass < 2 && !root; pass++) {
    for (size_t i = 0; i < p->n; i++) {
      rw_unit *u = &p->units[i];
      if (u->status != RW_UNIT_PENDING || (pass == 0 && is_under(u->source, build_real)))
        continue;
      in_tree = pass == 1;
      if (!root)
        root = rw_dir_name(u->source);
      while (!is_under(u->source, root)) {
        char *up = rw_dir_name(root);
        free(root);
        root = up;
      }
    }
  }
  if (!root)
    root = rw_xstrdup("/");
  size_t rl = strcmp(root, "/") == 0 ? 0 : strlen(root);
  for (size_t i = 0; i < p->n; i++) {
    rw_unit *u = &p->units[i];
    if (u->status != RW_UNIT_PENDING)
      continue;
    if (!in_tree && is_under(u->source, build_real))
      u->rel = rw_xasprintf("_build/%s", u->source + strlen(build_real) + 1);
    else
      u->rel = rw_xstrdup(u->source + rl + 1);
    for (size_t k = 0; k < i; k++) {
      if (p->units[k].rel && strcmp(p->units[k].rel, u->rel) == 0) {
        u->status = RW_UNIT_SKIPPED;
        u->error = rw_xasprintf("its mirrored path %s is taken by %s", u->rel, p->units[k].source);
        free(u->rel);
        u->rel = NULL;
        break;
      }
    }
  }
  *root_out = root;
  return 0;
}

/* Everything the output depends on besides the files the depfile lists. */
static char *unit_command(const rw_project_options *po, const rw_unit *u, const char *tool_id) {
  rw_buf b = {0};
  rw_buf_printf(&b, "actx-rewrite %s\n%s\n", RW_VERSION, tool_id);
  if (po->no_builtins)
    rw_buf_puts(&b, "--no-builtin-contracts\n");
  if (po->tls_thunks)
    rw_buf_puts(&b, "--tls-thunks\n");
  for (int i = 0; i < po->ncontract_files; i++)
    rw_buf_printf(&b, "--contracts %s\n", po->contract_files[i]);
  rw_buf_printf(&b, "directory %s\n", u->directory);
  for (int i = 0; i < u->nargs; i++)
    rw_buf_printf(&b, "%s\n", u->args[i]);
  return b.data;
}

static bool newer(const struct stat *a, const struct stat *b) {
  return a->st_mtim.tv_sec != b->st_mtim.tv_sec ? a->st_mtim.tv_sec > b->st_mtim.tv_sec
                                                : a->st_mtim.tv_nsec > b->st_mtim.tv_nsec;
}

/* Whether the depfile lists at least one file and none is newer than out.
 * The depfile is main.c's: "TARGET: \\\n  DEP..." with ' ', '#' and '\'
 * escaped by a backslash and '$' doubled. */
static bool deps_older(const char *depfile, const struct stat *out) {
  size_t len;
  const char *why;
  char *text = rw_read_file(depfile, &len, true, &why);
  if (!text)
    return false;
  char *colon = strstr(text, ": ");
  bool ok = colon != NULL, any = false;
  rw_buf dep = {0};
  for (const char *s = colon ? colon + 1 : text; ok; s++) {
    if (*s == '\\' && s[1] == '\n') {
      s++;
    } else if (*s == '\\' && s[1]) {
      rw_buf_add(&dep, ++s, 1);
      continue;
    } else if (*s == '$' && s[1] == '$') {
      rw_buf_add(&dep, ++s, 1);
      continue;
    } else if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\0') {
      rw_buf_add(&dep, s, 1);
      continue;
    }
    if (dep.len) {
      struct stat st;
      any = true;
      if (stat(dep.data, &st) != 0 || newer(&st, out))
        ok = false;
      dep.len = 0;
    }
    if (*s == '\0')
      break;
  }
  rw_buf_free(&dep);
  free(text);
  return ok && any;
}

static bool up_to_date(const rw_unit *u) {
  struct stat out, rep;
  if (stat(u->output, &out) != 0 || stat(u->raw_report, &rep) != 0)
    return false;
  size_t len;
  const char *why;
  char *stamp = rw_read_file(u->stamp, &len, true, &why);
  bool same = stamp && strcmp(stamp, u->command) == 0;
  free(stamp);
  return same && deps_older(u->depfile, &out);
}

/* ------------------------------------------------------------- progress */

typedef struct {
  bool tty;
  size_t total, done;
  time_t last_line;
  int last_decile;
  /* Lines successful units wrote to stderr (warnings: a contract line that
   * does not fit), each shown once however many units print it. */
  char **said;
  size_t nsaid, capsaid;
} progress;

static void progress_show(progress *pr, const char *name) {
  if (pr->tty) {
    enum { WIDTH = 30 };
    int fill = pr->total ? (int)(pr->done * WIDTH / pr->total) : WIDTH;
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
      bar[i] = i < fill ? '=' : i == fill ? '>' : ' ';
    bar[WIDTH] = '\0';
    const char *base = strrchr(name, '/');
    fprintf(stderr, "\r[%s] %zu/%zu units  %s\033[K", bar, pr->done, pr->total,
            base ? base + 1 : name);
    fflush(stderr);
    return;
  }
  /* Not a terminal (a CI log): a line every 10% or every 5 seconds. */
  time_t now = time(NULL);
  int decile = pr->total ? (int)(pr->done * 10 / pr->total) : 10;
  if (decile != pr->last_decile || now - pr->last_line >= 5 || pr->done == pr->total) {
    fprintf(stderr, "actx-rewrite: %zu/%zu units (%d%%)\n", pr->done, pr->total,
            pr->total ? (int)(pr->done * 100 / pr->total) : 100);
    pr->last_decile = decile;
    pr->last_line = now;
  }
}

/* A message between progress bars starts on a clean line. */
static void progress_clear(const progress *pr) {
  if (pr->tty)
    fprintf(stderr, "\r\033[K");
}

/* ------------------------------------------------------------- children */

static pid_t spawn(const rw_project_options *po, const rw_unit *u) {
  const char *argv[20 + 2 * (size_t)po->ncontract_files];
  int n = 0;
  argv[n++] = "actx-rewrite";
  argv[n++] = u->input;
  argv[n++] = "-o";
  argv[n++] = u->output;
  argv[n++] = "-p";
  argv[n++] = po->build_dir;
  argv[n++] = "-MF";
  argv[n++] = u->depfile;
  argv[n++] = "--report";
  argv[n++] = u->raw_report;
  argv[n++] = "--inferred-out";
  argv[n++] = u->inferred_out;
  argv[n++] = "-q"; /* findings go to the reports, and one total line */
  if (po->no_builtins)
    argv[n++] = "--no-builtin-contracts";
  if (po->tls_thunks)
    argv[n++] = "--tls-thunks";
  for (int i = 0; i < po->ncontract_files; i++) {
    argv[n++] = "--contracts";
    argv[n++] = po->contract_files[i];
  }
  argv[n] = NULL;
  fflush(NULL);
  pid_t pid = fork();
  if (pid != 0)
    return pid;
  int err = open(u->errlog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (err < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(err, 2) < 0)
    _exit(127);
  execv("/proc/self/exe", (char *const *)argv);
  dprintf(2, "actx-rewrite: cannot run /proc/self/exe: %s\n", strerror(errno));
  _exit(127);
}

/* Shows the lines of a successful unit's stderr not shown before. */
static void say_new_lines(progress *pr, char *log) {
  for (char *line = log, *end; line && *line; line = end ? end + 1 : NULL) {
    end = strchr(line, '\n');
    if (end)
      *end = '\0';
    bool seen = !*line;
    for (size_t i = 0; i < pr->nsaid && !seen; i++)
      seen = strcmp(pr->said[i], line) == 0;
    if (seen)
      continue;
    if (pr->nsaid == pr->capsaid) {
      pr->capsaid = pr->capsaid ? 2 * pr->capsaid : 16;
      pr->said = rw_xrealloc(pr->said, pr->capsaid * sizeof *pr->said);
    }
    pr->said[pr->nsaid++] = rw_xstrdup(line);
    progress_clear(pr);
    fprintf(stderr, "%s\n", line);
  }
}

/* A child ended: the unit's status from its exit, its stderr as the error
 * (or, when it succeeded, as warnings). */
static void finish(rw_unit *u, int wstatus, progress *pr) {
  size_t len = 0;
  const char *why;
  char *log = rw_read_file(u->errlog, &len, true, &why);
  while (log && len && log[len - 1] == '\n')
    log[--len] = '\0';
  bool ok = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
  if (ok && rw_write_file(u->stamp, u->command, strlen(u->command)) == 0) {
    u->status = RW_UNIT_REWRITTEN;
    unlink(u->errlog);
    if (log && len)
      say_new_lines(pr, log);
    free(log);
    return;
  }
  u->status = RW_UNIT_FAILED;
  if (ok) /* rewritten, but without a stamp the next run would not know it */
    u->error = rw_xasprintf("cannot write %s", u->stamp);
  else if (WIFSIGNALED(wstatus))
    u->error = rw_xasprintf("%s%skilled by signal %d", log ? log : "", log && len ? "\n" : "",
                            WTERMSIG(wstatus));
  else
    u->error = log && len
                   ? rw_xstrdup(log)
                   : rw_xasprintf("exit status %d", WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
  progress_clear(pr);
  fprintf(stderr, "actx-rewrite: %s: rewrite failed:\n%s\n", u->source, u->error);
  free(log);
}

/* Killing the parent (SIGTERM from a build system, SIGHUP) kills the running
 * children with the same signal, so none writes on after the run was ended;
 * then files.c's handler (saved) removes a temporary file of ours and dies.
 * The slots are written only with the signals blocked. */
static pid_t *running_pids;
static int nrunning_slots;
static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static struct sigaction saved[4];

static void forward_signal(int sig) {
  for (int i = 0; i < nrunning_slots; i++)
    if (running_pids[i] > 0)
      kill(running_pids[i], sig);
  for (int i = 0; i < 4; i++) {
    if (forwarded[i] != sig)
      continue;
    if (saved[i].sa_handler != SIG_DFL && saved[i].sa_handler != SIG_IGN &&
        !(saved[i].sa_flags & SA_SIGINFO)) {
      saved[i].sa_handler(sig); /* files.c: unlink, then re-raise */
    }
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void install_forwarding(int jobs) {
  running_pids = rw_xmalloc((size_t)jobs * sizeof *running_pids);
  memset(running_pids, 0, (size_t)jobs * sizeof *running_pids);
  nrunning_slots = jobs;
  for (int i = 0; i < 4; i++) {
    struct sigaction sa = {0};
    if (sigaction(forwarded[i], NULL, &saved[i]) != 0 || saved[i].sa_handler == SIG_IGN)
      continue; /* an ignored signal (nohup) stays ignored, as in files.c */
    sa.sa_handler = forward_signal;
    sigfillset(&sa.sa_mask);
    sigaction(forwarded[i], &sa, NULL);
  }
}

static void set_slot(pid_t old, pid_t new) {
  sigset_t all, prev;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, &prev);
  for (int i = 0; i < nrunning_slots; i++) {
    if (running_pids[i] == old) {
      running_pids[i] = new;
      break;
    }
  }
  sigprocmask(SIG_SETMASK, &prev, NULL);
}

/* Runs the pending units, at most jobs at a time. */
static void run_units(const rw_project_options *po, rw_project *p, int jobs) {
  progress pr = {.tty = isatty(2), .total = p->n, .last_decile = -1, .last_line = time(NULL)};
  size_t next = 0;
  int running = 0;
  bool drawn = false;
  for (size_t i = 0; i < p->n; i++)
    pr.done += p->units[i].status != RW_UNIT_PENDING;
  for (;;) {
    while (running < jobs && next < p->n) {
      rw_unit *u = &p->units[next++];
      if (u->status != RW_UNIT_PENDING)
        continue;
      unlink(u->stamp); /* a run cut short leaves no stamp claiming success */
      u->pid = spawn(po, u);
      if (u->pid > 0)
        set_slot(0, u->pid);
      if (u->pid < 0) {
        u->status = RW_UNIT_FAILED;
        u->error = rw_xasprintf("cannot fork: %s", strerror(errno));
        pr.done++;
        continue;
      }
      running++;
    }
    if (running == 0)
      break;
    int wstatus;
    pid_t pid = waitpid(-1, &wstatus, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    for (size_t i = 0; i < p->n; i++) {
      rw_unit *u = &p->units[i];
      if (u->pid == pid && u->status == RW_UNIT_PENDING) {
        set_slot(pid, 0);
        running--;
        finish(u, wstatus, &pr);
        pr.done++;
        progress_show(&pr, u->source);
        drawn = true;
        break;
      }
    }
  }
  if (pr.tty && drawn)
    fputc('\n', stderr);
  for (size_t i = 0; i < pr.nsaid; i++)
    free(pr.said[i]);
  free(pr.said);
}

/* What identifies this binary: a rebuilt tool redoes every unit. */
static char *tool_identity(void) {
  struct stat st;
  if (stat("/proc/self/exe", &st) != 0)
    return rw_xstrdup("tool ?");
  return rw_xasprintf("tool %lld %lld.%09ld", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                      st.st_mtim.tv_nsec);
}

/* actx's headers for the rewritten tree's compile_commands.json: the source
 * tree's when this binary runs from its build tree, else EXE/../include,
 * else the configured prefix's; only a directory that holds actx.h. */
static const char *find_include_dir(void) {
  static char found[PATH_MAX];
  char *self = realpath("/proc/self/exe", NULL);
  char *exe_dir = self ? rw_dir_name(self) : NULL;
  char *candidates[3] = {NULL, NULL, NULL};
  char build_real[PATH_MAX];
  if (exe_dir && realpath(RW_BUILD_TOOLDIR, build_real) && strcmp(build_real, exe_dir) == 0)
    candidates[0] = rw_xstrdup(RW_SOURCE_INCLUDEDIR);
  candidates[1] = exe_dir ? rw_xasprintf("%s/../include", exe_dir) : NULL;
  candidates[2] = rw_xstrdup(RW_INSTALL_INCLUDEDIR);
  const char *result = NULL;
  for (int i = 0; i < 3 && !result; i++) {
    char *h = candidates[i] ? rw_xasprintf("%s/actx.h", candidates[i]) : NULL;
    if (h && access(h, R_OK) == 0 && realpath(candidates[i], found))
      result = found;
    free(h);
  }
  for (int i = 0; i < 3; i++)
    free(candidates[i]);
  free(self);
  free(exe_dir);
  return result;
}

int rw_project_run(const rw_project_options *po) {
  rw_project p = {0};
  char build_real[PATH_MAX], out_real[PATH_MAX];
  if (!realpath(po->build_dir, build_real)) {
    fprintf(stderr, "actx-rewrite: %s: %s\n", po->build_dir, strerror(errno));
    return 2;
  }
  char *marker = rw_xasprintf("%s/.actx/x", po->out_dir);
  int made = make_parent_dirs(marker);
  free(marker);
  if (made != 0 || !realpath(po->out_dir, out_real))
    return 2;
  if (strcmp(out_real, build_real) == 0) {
    fprintf(stderr, "actx-rewrite: --out must not be the build directory\n");
    return 2;
  }
  /* Two runs into one DIR would race on its stamps: the second one waits
   * for nothing and says so. */
  char *lock_path = rw_xasprintf("%s/.actx/lock", out_real);
  int lock = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
    fprintf(stderr, "actx-rewrite: %s: %s\n", lock_path,
            lock < 0 ? strerror(errno) : "another actx-rewrite --project is writing this tree");
    free(lock_path);
    return 2;
  }
  free(lock_path);
  p.build_dir = po->build_dir;
  p.out_dir = out_real;
  if (load_units(po, &p) != 0)
    return 2;
  char *root;
  mirror(&p, build_real, &root);
  if (is_under(root, out_real) || is_under(out_real, root)) {
    /* DIR inside the sources is fine unless a unit lives in it. */
    for (size_t i = 0; i < p.n; i++) {
      if (p.units[i].rel && is_under(p.units[i].source, out_real)) {
        fprintf(stderr, "actx-rewrite: %s is inside --out %s\n", p.units[i].source, out_real);
        return 2;
      }
    }
  }
  char *tool_id = tool_identity();
  for (size_t i = 0; i < p.n; i++) {
    rw_unit *u = &p.units[i];
    if (u->status != RW_UNIT_PENDING)
      continue;
    u->output = rw_xasprintf("%s/%s", out_real, u->rel);
    u->report = rw_xasprintf("%s/%s.json", out_real, u->rel);
    u->depfile = rw_xasprintf("%s/.actx/%s.d", out_real, u->rel);
    u->stamp = rw_xasprintf("%s/.actx/%s.stamp", out_real, u->rel);
    u->errlog = rw_xasprintf("%s/.actx/%s.log", out_real, u->rel);
    u->inferred_out = rw_xasprintf("%s/.actx/%s.inferred", out_real, u->rel);
    u->raw_report = rw_xasprintf("%s/.actx/%s.report.json", out_real, u->rel);
    u->command = unit_command(po, u, tool_id);
    if (make_parent_dirs(u->output) != 0 || make_parent_dirs(u->stamp) != 0) {
      u->status = RW_UNIT_FAILED;
      u->error = rw_xasprintf("cannot create the directories of %s", u->output);
    } else if (up_to_date(u)) {
      u->status = RW_UNIT_UP_TO_DATE;
    }
  }
  int jobs = po->jobs > 0 ? po->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
  if (jobs < 1)
    jobs = 1;
  install_forwarding(jobs);
  run_units(po, &p, jobs);
  /* Inference across units: the units' summaries solved together, into
   * the reports (project_infer.c). */
  if (rw_project_infer(&p) != 0)
    fprintf(stderr, "actx-rewrite: warning: a unit's report could not be written\n");
  p.include_dir = find_include_dir();
  if (!p.include_dir)
    fprintf(stderr,
            "actx-rewrite: warning: actx's include directory (actx.h) not found: "
            "%s/compile_commands.json has no -I for it\n",
            out_real);

  size_t count[RW_UNIT_SKIPPED + 1] = {0};
  for (size_t i = 0; i < p.n; i++)
    count[p.units[i].status]++;
  /* One line, not one per entry: a CMake project building a static and a
   * shared library lists every library source twice. */
  if (count[RW_UNIT_SKIPPED])
    fprintf(stderr,
            "actx-rewrite: %zu entr%s skipped: a file listed again (its first entry is "
            "rewritten) or a mirrored path taken; actx-report.json says which\n",
            count[RW_UNIT_SKIPPED], count[RW_UNIT_SKIPPED] == 1 ? "y" : "ies");
  size_t findings = 0;
  int wrote = rw_project_write_outputs(&p, &findings);
  fprintf(stderr,
          "actx-rewrite: %zu units: %zu rewritten, %zu up to date, %zu failed, %zu skipped "
          "(output in %s)\n",
          p.n, count[RW_UNIT_REWRITTEN], count[RW_UNIT_UP_TO_DATE], count[RW_UNIT_FAILED],
          count[RW_UNIT_SKIPPED], out_real);
  if (findings)
    fprintf(stderr,
            "actx-rewrite: warning: %zu callback site%s may lose context (listed in "
            "%s/actx-report.html and actx-report.json)\n",
            findings, findings == 1 ? "" : "s", out_real);
  free(tool_id);
  free(root);
  if (wrote != 0)
    return 2;
  return count[RW_UNIT_FAILED] ? 1 : 0;
}
