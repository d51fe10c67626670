/* cc_args.c -- actx-cc's command line (the rules are in cc.c's opening
 * comment):
 *   - which words are the compiler command: argv[1] and every following
 *     word that is no option, no input file and names an executable;
 *   - what the compile does (-c/-S, the forms never rewritten, -o, the
 *     depfile options) and which of its inputs are C sources;
 *   - the arguments actx-rewrite parses a source with, and those of the
 *     compile of the rewritten copies.
 * The vectors hold pointers into argv (no argument is copied or re-quoted),
 * so the compile gets every original word exactly as it was given. */
#include "cc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ helpers */

void cc_push(cc_argv *a, const char *s) {
  if (a->n + 2 > a->cap) {
    a->cap = a->cap ? 2 * a->cap : 32;
    a->v = rw_xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
  }
  a->v[a->n++] = (char *)s;
  a->v[a->n] = NULL;
}

static const char *extension(const char *path) {
  const char *dot = strrchr(rw_base_name(path), '.');
  return dot ? dot + 1 : "";
}

bool cc_is_file(const char *path, bool executable) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (!executable || access(path, X_OK) == 0);
}

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

/* ------------------------------------------------------------ the compiler command */

/* Extensions of the files a compiler driver reads: a word with one is an
 * input, never a part of the compiler command. */
static bool input_extension(const char *word) {
  const char *ext = extension(word);
  return *ext && in_list("c h i s S sx o a so lo la obj cc cp cxx cpp c++ C ii hh hpp m mm M", ext);
}

static bool on_path(const char *name) {
  if (strchr(name, '/'))
    return cc_is_file(name, true);
  const char *path = getenv("PATH");
  if (!path)
    path = "/usr/bin:/bin";
  while (*path) {
    size_t n = strcspn(path, ":");
    char *candidate = rw_xasprintf("%.*s/%s", (int)n, n ? path : ".", name);
    bool found = cc_is_file(candidate, true);
    free(candidate);
    if (found)
      return true;
    path += n + (path[n] == ':');
  }
  return false;
}

int cc_command_words(int argc, char **argv) {
  int n = 1;
  while (1 + n < argc) {
    const char *w = argv[1 + n];
    if (w[0] == '-' || w[0] == '@' || w[0] == '\0' || input_extension(w) || !on_path(w))
      break;
    n++;
  }
  return n;
}

/* ------------------------------------------------------------ the compile */

/* The value of -oFILE / -o FILE style options at args[*i] (advancing *i), or
 * NULL when args[*i] is not opt. */
static const char *option_value(const cc_invocation *inv, int *i, const char *opt) {
  const char *a = inv->args[*i];
  size_t n = strlen(opt);
  if (strncmp(a, opt, n) != 0)
    return NULL;
  if (a[n])
    return a + n;
  return *i + 1 < inv->nargs ? inv->args[++*i] : "";
}

void cc_parse(cc_invocation *inv) {
  const char *lang = NULL; /* -x, NULL for "none" */
  const char *driver = rw_base_name(inv->cmd[inv->ncmd - 1]);
  bool cxx_driver = strstr(driver, "++") != NULL;
  inv->srcs = rw_xmalloc((size_t)inv->nargs * sizeof *inv->srcs);
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
      inv->srcs[inv->nsrcs++] = (cc_source){.arg = i, .src = a, .dir = rw_dir_name(a)};
    }
  }
}

/* ------------------------------------------------------------ what runs */

/* The compile's own arguments, without what names its inputs and outputs;
 * -x c first (every source here is C). */
void cc_rewrite_args(const cc_invocation *inv, cc_argv *out) {
  static const char *const dropped[] = {"-c", "-S", "-MD", "-MMD", "-MP", NULL};
  static const char *const dropped_value[] = {"-o", "-x", "-MF", "-MT", "-MQ", NULL};
  cc_push(out, "-x");
  cc_push(out, "c");
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
      cc_push(out, a);
      if (takes_value(a) && i + 1 < inv->nargs)
        cc_push(out, inv->args[++i]);
    } /* else an input file: dropped */
  }
}

/* The compiler command, what the rewritten files need, then the original
 * arguments with each rewritten source replaced, then actx's -I. */
char **cc_compile_args(const cc_invocation *inv, const char *inc) {
  cc_argv cc = {0};
  for (int i = 0; i < inv->ncmd; i++)
    cc_push(&cc, inv->cmd[i]);
  for (int i = 0; i < inv->nsrcs; i++) {
    const cc_source *s = &inv->srcs[i];
    if (!s->rewritten || s->unchanged)
      continue;
    if (cc.n == inv->ncmd)
      cc_push(&cc, "-fexceptions"); /* cleanups restore the context when unwinding */
    cc_push(&cc, "-iquote");
    cc_push(&cc, s->dir);
    cc_push(&cc, rw_xasprintf("-fdebug-prefix-map=%s=%s", s->tmpdir, s->dir));
  }
  int first = cc.n;
  for (int i = 0; i < inv->nargs; i++)
    cc_push(&cc, inv->args[i]);
  for (int i = 0; i < inv->nsrcs; i++) {
    if (inv->srcs[i].rewritten && !inv->srcs[i].unchanged)
      cc.v[first + inv->srcs[i].arg] = inv->srcs[i].tmp;
  }
  if (inc) {
    cc_push(&cc, "-I");
    cc_push(&cc, inc);
  }
  return cc.v;
}
