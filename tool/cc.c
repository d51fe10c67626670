/* cc.c -- actx-cc, a compiler wrapper in the ccache mould: CC="actx-cc gcc"
 * rewrites every C source a compile reads with actx-rewrite, then compiles
 * the rewritten copy in its place (docs/integration.md, "Any build: actx-cc").
 *
 * The rules:
 *   - The compiler command is argv[1] and every following word that is not an
 *     option (no leading '-' or '@'), has no input-file extension (.c, .o...)
 *     and names an executable (a path, or a name found in PATH):
 *     "actx-cc ccache gcc -c a.c" runs "ccache gcc".
 *   - Only a compile of C sources to objects or assembly (-c or -S; no -E, -M,
 *     -MM, -fsyntax-only, no @response file) is rewritten; a source is C by
 *     "-x c" or, without -x, by its ".c" extension (a "++" driver compiles .c
 *     as C++: never rewritten).  Anything else execs the compiler unchanged.
 *   - Each C source SRC is rewritten into TMPDIR/actx-cc.UID.HASH/BASENAME,
 *     HASH from the working directory, SRC and -o: the same compile gets the
 *     same path every time (ccache hashes the input path), and the temporary
 *     file keeps SRC's basename, so objects, depfiles and -save-temps files
 *     without -o are named after SRC.  Removed on exit, failure and signals.
 *   - The compile runs the original arguments with each SRC replaced, plus, in
 *     front, -iquote DIR-OF-SRC (what "" includes search first), -fexceptions
 *     and -fdebug-prefix-map=TMP=DIR-OF-SRC, and -I ACTX-INCLUDE at the end.
 *   - A depfile (-MD/-MMD: -MF FILE, -Wp,-MD,FILE, or named after -o or SRC)
 *     names the temporary file: every occurrence is replaced by SRC, and the
 *     contract files are added to the first rule's prerequisites.
 *   - Contracts: every .actx-contracts from / down to SRC's directory (nearest
 *     last: later contracts win), then the files in $ACTX_CONTRACTS (a
 *     colon-separated list).
 *   - A failed rewrite fails the compile with actx-rewrite's status, unless
 *     ACTX_CC_FALLBACK=1: then SRC is compiled unrewritten, with a warning.
 *   - actx-rewrite is $ACTX_REWRITE, else the one beside actx-cc, else PATH.
 *   - actx's include directory: the source tree's when actx-cc runs from the
 *     build tree, else EXE_DIR/../include, else the configured install
 *     prefix's (each only if it holds actx.h).
 * Exit status: the compiler's (a signal is re-raised), 2 for a usage error. */
#define _GNU_SOURCE
#include "actx_cc_paths.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: actx-cc COMPILER [COMPILER ARGS...]\n"
    "\n"
    "A compiler wrapper: CC=\"actx-cc gcc\" (or \"actx-cc ccache gcc\") rewrites\n"
    "each C source of a compile (-c or -S) with actx-rewrite and compiles the\n"
    "rewritten file instead; every other command runs the compiler unchanged.\n"
    "Link with -lactx (pkg-config --libs actx).  docs/integration.md has the rules.\n"
    "\n"
    "Environment:\n"
    "  ACTX_REWRITE      the actx-rewrite to run (default: beside actx-cc, else PATH)\n"
    "  ACTX_CONTRACTS    colon-separated contract files, loaded after every\n"
    "                    .actx-contracts found from / down to the source's directory\n"
    "  ACTX_CC_FALLBACK  1: compile a source that fails to rewrite unrewritten\n"
    "  TMPDIR            where the rewritten files go (default /tmp)\n"
    "\n"
    "actx-cc --help and --version are actx-cc's own only before the compiler:\n"
    "\"actx-cc gcc --version\" is gcc's.\n";

/* ------------------------------------------------------------ helpers */

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "actx-cc: out of memory\n");
    exit(2);
  }
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s;
  int n = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (n < 0) {
    fprintf(stderr, "actx-cc: out of memory\n");
    exit(2);
  }
  return s;
}

/* A NULL-terminated argument vector that grows. */
typedef struct {
  char **v;
  int n, cap;
} argvec;

static void push(argvec *a, const char *s) {
  if (a->n + 2 > a->cap) {
    a->cap = a->cap ? 2 * a->cap : 32;
    char **v = realloc(a->v, (size_t)a->cap * sizeof *v);
    if (!v) {
      fprintf(stderr, "actx-cc: out of memory\n");
      exit(2);
    }
    a->v = v;
  }
  a->v[a->n++] = (char *)s;
  a->v[a->n] = NULL;
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The directory part of path, "." when there is none. */
static char *dir_name(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return xstrdup(".");
  if (slash == path)
    return xstrdup("/");
  char *dir = xmalloc((size_t)(slash - path) + 1);
  memcpy(dir, path, (size_t)(slash - path));
  dir[slash - path] = '\0';
  return dir;
}

static const char *extension(const char *path) {
  const char *dot = strrchr(base_name(path), '.');
  return dot ? dot + 1 : "";
}

static bool is_file(const char *path, bool executable) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (!executable || access(path, X_OK) == 0);
}

/* ------------------------------------------------------------ the command line */

/* Whether word is one of the space-separated words of list. */
static bool in_list(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)); p += n) {
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return true;
  }
  return false;
}

/* Options whose value is the next argument (gcc's and clang's). */
static const char with_value[] =
    "-o -x -I -D -U -include -imacros -isystem -iquote -idirafter -iprefix -iwithprefix "
    "-iwithprefixbefore -isysroot -imultilib -iframework -ivfsoverlay -L -l -MF -MT -MQ -MJ "
    "-Xlinker -Xassembler -Xpreprocessor -Xclang -Xanalyzer -aux-info -T -u -z -e -B --param "
    "-arch -target --sysroot -gcc-toolchain -wrapper -dumpbase -dumpbase-ext -dumpdir";

static bool takes_value(const char *opt) {
  return in_list(with_value, opt);
}

/* Extensions of the files a compiler driver reads: a word with one is an
 * input, never a part of the compiler command. */
static bool input_extension(const char *word) {
  const char *ext = extension(word);
  return *ext && in_list("c h i s S sx o a so lo la obj cc cp cxx cpp c++ C ii hh hpp m mm M", ext);
}

static bool on_path(const char *name) {
  if (strchr(name, '/'))
    return is_file(name, true);
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/bin:/bin";
  while (*path) {
    size_t n = strcspn(path, ":");
    char *candidate = xasprintf("%.*s/%s", (int)n, n ? path : ".", name);
    bool found = is_file(candidate, true);
    free(candidate);
    if (found)
      return true;
    path += n + (path[n] == ':');
  }
  return false;
}

/* How many words of argv, from argv[1], are the compiler command. */
static int command_words(int argc, char **argv) {
  int n = 1;
  while (1 + n < argc) {
    const char *w = argv[1 + n];
    if (w[0] == '-' || w[0] == '@' || w[0] == '\0' || input_extension(w) || !on_path(w))
      break;
    n++;
  }
  return n;
}

/* One C source of the compile, and the temporary file it is rewritten into. */
typedef struct {
  int arg; /* its index in the compiler arguments */
  const char *src;
  char *dir;        /* its directory ("." if none) */
  char *tmpdir;     /* private directory in TMPDIR */
  char *tmp;        /* tmpdir/basename(src): what is compiled */
  argvec contracts; /* the contract files it was rewritten with */
  bool rewritten;
} source;

/* What one compiler invocation does. */
typedef struct {
  char **cmd; /* the compiler command (ccache gcc) */
  int ncmd;
  char **args; /* its arguments */
  int nargs;
  bool compile;     /* -c or -S */
  bool other;       /* -E, -M, -MM, -fsyntax-only, @file: never rewritten */
  bool md;          /* -MD or -MMD */
  bool mp;          /* -MP */
  const char *out;  /* -o */
  const char *depf; /* -MF, -Wp,-MD,FILE */
  source *srcs;
  int nsrcs;
} invocation;

/* The value of -oFILE / -o FILE style options at args[*i] (advancing *i), or
 * NULL when args[*i] is not opt. */
static const char *option_value(const invocation *inv, int *i, const char *opt) {
  const char *a = inv->args[*i];
  size_t n = strlen(opt);
  if (strncmp(a, opt, n) != 0)
    return NULL;
  if (a[n])
    return a + n;
  return *i + 1 < inv->nargs ? inv->args[++*i] : "";
}

static void parse(invocation *inv) {
  const char *lang = NULL; /* -x, NULL for "none" */
  const char *driver = base_name(inv->cmd[inv->ncmd - 1]);
  bool cxx_driver = strstr(driver, "++") != NULL;
  inv->srcs = xmalloc((size_t)inv->nargs * sizeof *inv->srcs);
  for (int i = 0; i < inv->nargs; i++) {
    const char *a = inv->args[i], *v;
    if (strcmp(a, "-c") == 0 || strcmp(a, "-S") == 0) {
      inv->compile = true;
    } else if (strcmp(a, "-E") == 0 || strcmp(a, "-M") == 0 || strcmp(a, "-MM") == 0 ||
               strcmp(a, "-fsyntax-only") == 0 || a[0] == '@') {
      inv->other = true;
    } else if (strcmp(a, "-MP") == 0) {
      inv->mp = true;
    } else if (strcmp(a, "-MD") == 0 || strcmp(a, "-MMD") == 0) {
      inv->md = true;
    } else if (strncmp(a, "-Wp,-MD,", 8) == 0 || strncmp(a, "-Wp,-MMD,", 9) == 0) {
      inv->md = true;
      inv->depf = strchr(a + 5, ',') + 1;
    } else if ((v = option_value(inv, &i, "-MF"))) {
      inv->depf = v;
    } else if ((v = option_value(inv, &i, "-o"))) {
      inv->out = v;
    } else if ((v = option_value(inv, &i, "-x"))) {
      lang = strcmp(v, "none") == 0 ? NULL : v;
    } else if (a[0] == '-' && a[1]) {
      if (takes_value(a))
        i++;
    } else if (strcmp(a, "-") == 0) {
      continue; /* standard input: compiled as it is */
    } else if (lang ? strcmp(lang, "c") == 0 : !cxx_driver && strcmp(extension(a), "c") == 0) {
      inv->srcs[inv->nsrcs++] = (source){.arg = i, .src = a, .dir = dir_name(a)};
    }
  }
}

/* The arguments actx-rewrite parses a source with: the compile's own, without
 * what names its inputs and outputs; -x c first (every source here is C). */
static void rewrite_args(const invocation *inv, argvec *out) {
  static const char *const dropped[] = {"-c", "-S", "-MD", "-MMD", "-MP", NULL};
  static const char *const dropped_value[] = {"-o", "-x", "-MF", "-MT", "-MQ", NULL};
  push(out, "-x");
  push(out, "c");
  for (int i = 0; i < inv->nargs; i++) {
    const char *a = inv->args[i];
    bool drop = strncmp(a, "-Wp,-MD,", 8) == 0 || strncmp(a, "-Wp,-MMD,", 9) == 0;
    for (int k = 0; dropped[k]; k++)
      drop = drop || strcmp(a, dropped[k]) == 0;
    for (int k = 0; !drop && dropped_value[k]; k++) {
      if (strncmp(a, dropped_value[k], strlen(dropped_value[k])) == 0) {
        drop = true;
        i += a[strlen(dropped_value[k])] == '\0';
      }
    }
    if (drop)
      continue;
    if (a[0] == '-' && a[1]) {
      push(out, a);
      if (takes_value(a) && i + 1 < inv->nargs)
        push(out, inv->args[++i]);
    } /* else an input file: dropped */
  }
}

/* ------------------------------------------------------------ temporary files */

static const int handled[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static sigset_t caught;      /* those of them we handle (not ignored) */
static source *cleanup_srcs; /* read by the signal handler */
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

static void catch_signals(void) {
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
static char *private_dir(const invocation *inv, const source *s) {
  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp)
    tmp = "/tmp";
  char cwd[PATH_MAX];
  uint64_t h = fnv1a(0xcbf29ce484222325ULL, getcwd(cwd, sizeof cwd) ? cwd : "");
  h = fnv1a(fnv1a(h, s->src), inv->out ? inv->out : "");
  char *dir = xasprintf("%s/actx-cc.%u.%016llx", tmp, (unsigned)getuid(), (unsigned long long)h);
  struct stat st;
  if (mkdir(dir, 0700) == 0 || (errno == EEXIST && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
                                st.st_uid == getuid() && (st.st_mode & 077) == 0))
    return dir;
  free(dir);
  dir = xasprintf("%s/actx-cc.%u.XXXXXX", tmp, (unsigned)getuid());
  if (mkdtemp(dir))
    return dir;
  fprintf(stderr, "actx-cc: cannot create a directory in %s: %s\n", tmp, strerror(errno));
  free(dir);
  return NULL;
}

/* ------------------------------------------------------------ running things */

/* Runs argv, waits; returns its wait status (127 if it could not start).
 * The caught signals are blocked until the handler can see the child, so an
 * interrupt never leaves it running; the child gets the default actions. */
static int run(char **argv) {
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

/* The directory actx-cc runs from (malloc'd), or NULL. */
static char *exe_dir(const char *argv0) {
  char *self = realpath("/proc/self/exe", NULL);
  if (!self && strchr(argv0, '/'))
    self = realpath(argv0, NULL);
  if (!self)
    return NULL;
  char *dir = dir_name(self);
  free(self);
  return dir;
}

static bool same_dir(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static bool has_actx_h(const char *dir) {
  char *h = xasprintf("%s/actx.h", dir);
  bool found = is_file(h, false);
  free(h);
  return found;
}

/* actx's include directory for the rewritten code, or NULL. */
static char *include_dir(const char *exe) {
  if (exe && same_dir(exe, ACTX_CC_BUILD_TOOLDIR) && has_actx_h(ACTX_CC_SOURCE_INCLUDEDIR))
    return xstrdup(ACTX_CC_SOURCE_INCLUDEDIR);
  char *rel = exe ? xasprintf("%s/../include", exe) : NULL;
  if (rel && has_actx_h(rel))
    return rel;
  free(rel);
  if (has_actx_h(ACTX_CC_INSTALL_INCLUDEDIR))
    return xstrdup(ACTX_CC_INSTALL_INCLUDEDIR);
  return NULL;
}

static char *rewriter_path(const char *exe) {
  const char *env = getenv("ACTX_REWRITE");
  if (env && *env)
    return xstrdup(env);
  char *beside = exe ? xasprintf("%s/actx-rewrite", exe) : NULL;
  if (beside && is_file(beside, true))
    return beside;
  free(beside);
  return xstrdup("actx-rewrite");
}

/* The contract files for a source in dir: every .actx-contracts from / down
 * to dir, then every file in $ACTX_CONTRACTS. */
static void contract_files(const char *dir, argvec *out) {
  char *real = realpath(dir, NULL);
  if (real) {
    argvec found = {0}; /* nearest first */
    for (char *end = real + (strcmp(real, "/") != 0 ? strlen(real) : 0);;) {
      char *f = xasprintf("%.*s/.actx-contracts", (int)(end - real), real);
      if (is_file(f, false))
        push(&found, f);
      else
        free(f);
      if (end == real)
        break;
      while (end > real && *--end != '/') {
      }
    }
    for (int i = found.n - 1; i >= 0; i--)
      push(out, found.v[i]);
    free(found.v);
    free(real);
  }
  const char *env = getenv("ACTX_CONTRACTS");
  for (const char *p = env; p && *p;) {
    size_t n = strcspn(p, ":");
    if (n)
      push(out, xasprintf("%.*s", (int)n, p));
    p += n + (p[n] == ':');
  }
}

/* Rewrites s into its temporary file: 0, or actx-rewrite's wait status. */
static int rewrite(const invocation *inv, source *s, const char *rewriter, const char *inc) {
  cleanup_n = (sig_atomic_t)(s - inv->srcs + 1);
  if (!(s->tmpdir = private_dir(inv, s)))
    return 1 << 8;
  s->tmp = xasprintf("%s/%s", s->tmpdir, base_name(s->src));
  argvec a = {0};
  push(&a, rewriter);
  push(&a, s->src);
  push(&a, "-o");
  push(&a, s->tmp);
  contract_files(s->dir, &s->contracts);
  for (int i = 0; i < s->contracts.n; i++) {
    push(&a, "--contracts");
    push(&a, s->contracts.v[i]);
  }
  push(&a, "--");
  rewrite_args(inv, &a);
  if (inc) {
    push(&a, "-I");
    push(&a, inc);
  }
  int status = run(a.v);
  free(a.v);
  return status;
}

/* ------------------------------------------------------------ depfiles */

/* path as gcc writes it in a depfile (out: room for 2 * strlen(path) + 1). */
static void make_escape(char *out, const char *path) {
  for (const char *p = path; *p; p++) {
    if (*p == ' ' || *p == '#' || *p == '\\')
      *out++ = '\\';
    if (*p == '$')
      *out++ = '$';
    *out++ = *p;
  }
  *out = '\0';
}

/* The depfile the compile of s writes, or NULL. */
static char *depfile_of(const invocation *inv, const source *s) {
  if (inv->depf)
    return xstrdup(inv->depf);
  if (!inv->md)
    return NULL;
  const char *named = inv->out ? inv->out : base_name(s->src);
  const char *dot = strrchr(base_name(named), '.');
  size_t stem = dot ? (size_t)(dot - named) : strlen(named);
  return xasprintf("%.*s.d", (int)stem, named);
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *data = xmalloc(cap);
  size_t got;
  while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap) {
      char *bigger = realloc(data, cap *= 2);
      if (!bigger) {
        fprintf(stderr, "actx-cc: out of memory\n");
        exit(2);
      }
      data = bigger;
    }
  }
  fclose(f);
  data[n] = '\0';
  *len = n;
  return data;
}

/* A growing string. */
typedef struct {
  char *data;
  size_t len, cap;
} strbuf;

static void add(strbuf *b, const char *bytes, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = 2 * (b->len + n) + 64;
    char *data = realloc(b->data, b->cap);
    if (!data) {
      fprintf(stderr, "actx-cc: out of memory\n");
      exit(2);
    }
    b->data = data;
  }
  memcpy(b->data + b->len, bytes, n);
  b->data[b->len += n] = '\0';
}

static void add_escaped(strbuf *b, const char *path) {
  char *e = xmalloc(2 * strlen(path) + 1);
  make_escape(e, path);
  add(b, e, strlen(e));
  free(e);
}

/* Rewrites the depfile of s: the temporary file's name becomes the source's,
 * and the contract files join the first rule's prerequisites (with -MP, each
 * also gets an empty rule, so deleting one breaks no build). */
static int fix_depfile(const char *depfile, const source *s, bool mp) {
  size_t len;
  char *text = read_all(depfile, &len);
  if (!text)
    return 0; /* none written (two sources and one -MF...): nothing to fix */
  strbuf from = {0}, out = {0};
  add_escaped(&from, s->tmp);
  const char *p = text, *hit;
  while ((hit = strstr(p, from.data))) {
    add(&out, p, (size_t)(hit - p));
    add_escaped(&out, s->src);
    p = hit + from.len;
  }
  add(&out, p, strlen(p));
  strbuf fixed = {0};
  size_t first = 0; /* the end of the first rule: a newline not escaped */
  while (first < out.len &&
         !(out.data[first] == '\n' && (first == 0 || out.data[first - 1] != '\\')))
    first++;
  add(&fixed, out.data, first);
  for (int i = 0; i < s->contracts.n; i++) {
    add(&fixed, " \\\n ", 4);
    add_escaped(&fixed, s->contracts.v[i]);
  }
  add(&fixed, out.data + first, out.len - first);
  for (int i = 0; mp && i < s->contracts.n; i++) {
    if (fixed.len && fixed.data[fixed.len - 1] != '\n')
      add(&fixed, "\n", 1);
    add_escaped(&fixed, s->contracts.v[i]);
    add(&fixed, ":\n", 2);
  }
  int rc = 0;
  FILE *f = fopen(depfile, "wb");
  if (!f || fwrite(fixed.data, 1, fixed.len, f) != fixed.len || fclose(f) != 0) {
    fprintf(stderr, "actx-cc: cannot write %s: %s\n", depfile, strerror(errno));
    rc = -1;
  }
  free(text), free(from.data), free(out.data), free(fixed.data);
  return rc;
}

/* ------------------------------------------------------------ main */

static int exit_like(int status) {
  remove_temps();
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

static int usage(int argc, char **argv) {
  if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
    printf("actx-cc %s\n", ACTX_CC_VERSION);
    return 0;
  }
  fputs(usage_text, stderr);
  return 2;
}

/* Rewrites every source: 0, or the wait status to exit with. */
static int rewrite_all(invocation *inv, const char *rewriter, const char *inc) {
  const char *fallback = getenv("ACTX_CC_FALLBACK");
  for (int i = 0; i < inv->nsrcs; i++) {
    source *s = &inv->srcs[i];
    int status = rewrite(inv, s, rewriter, inc);
    s->rewritten = status == 0;
    if (s->rewritten)
      continue;
    if (!fallback || strcmp(fallback, "1") != 0)
      return status ? status : 1 << 8;
    fprintf(stderr,
            "actx-cc: warning: rewriting %s failed; compiled unrewritten (ACTX_CC_FALLBACK=1)\n",
            s->src);
  }
  return 0;
}

/* The compile: the compiler command, what the rewritten files need, then the
 * original arguments with each rewritten source replaced, then actx's -I. */
static char **compile_args(const invocation *inv, const char *inc) {
  argvec cc = {0};
  for (int i = 0; i < inv->ncmd; i++)
    push(&cc, inv->cmd[i]);
  for (int i = 0; i < inv->nsrcs; i++) {
    const source *s = &inv->srcs[i];
    if (!s->rewritten)
      continue;
    if (cc.n == inv->ncmd)
      push(&cc, "-fexceptions"); /* cleanups restore the context when unwinding */
    push(&cc, "-iquote");
    push(&cc, s->dir);
    push(&cc, xasprintf("-fdebug-prefix-map=%s=%s", s->tmpdir, s->dir));
  }
  int first = cc.n;
  for (int i = 0; i < inv->nargs; i++)
    push(&cc, inv->args[i]);
  for (int i = 0; i < inv->nsrcs; i++) {
    if (inv->srcs[i].rewritten)
      cc.v[first + inv->srcs[i].arg] = inv->srcs[i].tmp;
  }
  if (inc) {
    push(&cc, "-I");
    push(&cc, inc);
  }
  return cc.v;
}

int main(int argc, char **argv) {
  if (argc < 2 || argv[1][0] == '-')
    return usage(argc, argv);
  invocation inv = {.cmd = argv + 1, .ncmd = command_words(argc, argv)};
  inv.args = argv + 1 + inv.ncmd;
  inv.nargs = argc - 1 - inv.ncmd;
  parse(&inv);
  if (!inv.compile || inv.other || inv.nsrcs == 0) {
    execvp(argv[1], argv + 1);
    fprintf(stderr, "actx-cc: cannot run %s: %s\n", argv[1], strerror(errno));
    return 127;
  }

  cleanup_srcs = inv.srcs;
  catch_signals();
  char *exe = exe_dir(argv[0]);
  char *inc = include_dir(exe);
  int status = rewrite_all(&inv, rewriter_path(exe), inc);
  if (status == 0)
    status = run(compile_args(&inv, inc));
  for (int i = 0; i < inv.nsrcs && status == 0; i++) {
    char *depfile = inv.srcs[i].rewritten ? depfile_of(&inv, &inv.srcs[i]) : NULL;
    if (depfile && fix_depfile(depfile, &inv.srcs[i], inv.mp) != 0)
      status = 1 << 8;
    free(depfile);
  }
  return exit_like(status);
}
