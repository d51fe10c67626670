/* cc_paths.c -- what actx-cc finds by itself, for every rewrite:
 *   - actx-rewrite: $ACTX_REWRITE, else the one beside actx-cc, else PATH;
 *   - actx's include directory: the source tree's when actx-cc runs from
 *     the build tree, else EXE_DIR/../include, else the configured install
 *     prefix's -- each only if it holds actx.h, so a wrong guess adds no -I;
 *   - the contract files of a source: every .actx-contracts from / down to
 *     its directory (nearest last: later contracts win), then the files in
 *     $ACTX_CONTRACTS.
 * The build and install paths are compiled in (actx_cc_paths.h, from
 * meson). */
#include "cc.h"

#include "actx_cc_paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *cc_exe_dir(const char *argv0) {
  char *self = realpath("/proc/self/exe", NULL);
  if (!self && strchr(argv0, '/'))
    self = realpath(argv0, NULL);
  if (!self)
    return NULL;
  char *dir = rw_dir_name(self);
  free(self);
  return dir;
}

static bool same_dir(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static bool has_actx_h(const char *dir) {
  char *h = rw_xasprintf("%s/actx.h", dir);
  bool found = cc_is_file(h, false);
  free(h);
  return found;
}

char *cc_include_dir(const char *exe) {
  if (exe && same_dir(exe, ACTX_CC_BUILD_TOOLDIR) && has_actx_h(ACTX_CC_SOURCE_INCLUDEDIR))
    return rw_xstrdup(ACTX_CC_SOURCE_INCLUDEDIR);
  char *rel = exe ? rw_xasprintf("%s/../include", exe) : NULL;
  if (rel && has_actx_h(rel))
    return rel;
  free(rel);
  if (has_actx_h(ACTX_CC_INSTALL_INCLUDEDIR))
    return rw_xstrdup(ACTX_CC_INSTALL_INCLUDEDIR);
  return NULL;
}

char *cc_rewriter_path(const char *exe) {
  const char *env = getenv("ACTX_REWRITE");
  if (env && *env)
    return rw_xstrdup(env);
  char *beside = exe ? rw_xasprintf("%s/actx-rewrite", exe) : NULL;
  if (beside && cc_is_file(beside, true))
    return beside;
  free(beside);
  return rw_xstrdup("actx-rewrite");
}

void cc_contract_files(const char *dir, cc_argv *out) {
  char *real = realpath(dir, NULL);
  if (real) {
    cc_argv found = {0}; /* nearest first */
    for (char *end = real + (strcmp(real, "/") != 0 ? strlen(real) : 0);;) {
      char *f = rw_xasprintf("%.*s/.actx-contracts", (int)(end - real), real);
      if (cc_is_file(f, false))
        cc_push(&found, f);
      else
        free(f);
      if (end == real)
        break;
      while (end > real && *--end != '/') {
      }
    }
    for (int i = found.n - 1; i >= 0; i--)
      cc_push(out, found.v[i]);
    free(found.v);
    free(real);
  }
  const char *env = getenv("ACTX_CONTRACTS");
  for (const char *p = env; p && *p;) {
    size_t n = strcspn(p, ":");
    if (n)
      cc_push(out, rw_xstrndup(p, n));
    p += n + (p[n] == ':');
  }
}
