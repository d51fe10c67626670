/* cc_depfile.c -- the depfile of a rewritten compile.  The compiler read
 * the temporary copy, so its depfile (-MD/-MMD: -MF FILE, -Wp,-MD,FILE, or
 * named after -o or the source) names that copy; make must see the source
 * instead, and rebuild when a contract file changes.  So, after the compile:
 *   - every occurrence of the temporary file's name, escaped as gcc escapes
 *     a path in a depfile, becomes the source's, escaped the same way;
 *   - the contract files join the first rule's prerequisites, and with -MP
 *     each also gets an empty rule, so deleting one breaks no build.
 * A depfile that was not written (two sources and one -MF...) is left
 * alone. */
#include "cc.h"

#include "files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cc_depfile_of(const cc_invocation *inv, const cc_source *s) {
  if (inv->depf)
    return rw_xstrdup(inv->depf);
  if (!inv->md)
    return NULL;
  const char *named = inv->out ? inv->out : rw_base_name(s->src);
  const char *dot = strrchr(rw_base_name(named), '.');
  size_t stem = dot ? (size_t)(dot - named) : strlen(named);
  return rw_xasprintf("%.*s.d", (int)stem, named);
}

int cc_fix_depfile(const char *depfile, const cc_source *s, bool mp) {
  size_t len;
  const char *why;
  char *text = rw_read_file(depfile, &len, false, &why);
  if (!text)
    return 0; /* none written: nothing to fix */
  rw_buf from = {0}, out = {0};
  rw_depfile_escape(&from, s->tmp);
  const char *p = text, *hit;
  while ((hit = strstr(p, from.data))) {
    rw_buf_add(&out, p, (size_t)(hit - p));
    rw_depfile_escape(&out, s->src);
    p = hit + from.len;
  }
  rw_buf_puts(&out, p);
  rw_buf fixed = {0};
  size_t first = 0; /* the end of the first rule: a newline not escaped */
  while (first < out.len &&
         !(out.data[first] == '\n' && (first == 0 || out.data[first - 1] != '\\')))
    first++;
  rw_buf_add(&fixed, out.data, first);
  for (int i = 0; i < s->contracts.n; i++) {
    rw_buf_add(&fixed, " \\\n ", 4);
    rw_depfile_escape(&fixed, s->contracts.v[i]);
  }
  rw_buf_add(&fixed, out.data + first, out.len - first);
  for (int i = 0; mp && i < s->contracts.n; i++) {
    if (fixed.len && fixed.data[fixed.len - 1] != '\n')
      rw_buf_add(&fixed, "\n", 1);
    rw_depfile_escape(&fixed, s->contracts.v[i]);
    rw_buf_add(&fixed, ":\n", 2);
  }
  int rc = 0;
  FILE *f = fopen(depfile, "wb");
  if (!f || fwrite(fixed.data, 1, fixed.len, f) != fixed.len || fclose(f) != 0) {
    fprintf(stderr, "actx-cc: cannot write %s: %s\n", depfile, strerror(errno));
    rc = -1;
  }
  free(text);
  rw_buf_free(&from);
  rw_buf_free(&out);
  rw_buf_free(&fixed);
  return rc;
}
