/* util.c -- buffers and checked allocation for actx-rewrite and actx-cc
 * (util.h).  No libclang: see util.h. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rw_out_of_memory(void) {
  fprintf(stderr, "%s: out of memory\n", rw_progname);
  exit(2);
}

void *rw_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    rw_out_of_memory();
  return p;
}

void *rw_xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p)
    rw_out_of_memory();
  return p;
}

char *rw_xstrndup(const char *s, size_t n) {
  char *d = rw_xmalloc(n + 1);
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *rw_xstrdup(const char *s) {
  return rw_xstrndup(s, strlen(s));
}

char *rw_xasprintf(const char *fmt, ...) {
  rw_buf b = {0};
  va_list ap;
  va_start(ap, fmt);
  rw_buf_vprintf(&b, fmt, ap);
  va_end(ap);
  return b.data;
}

static void buf_reserve(rw_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1)
    cap *= 2;
  b->data = rw_xrealloc(b->data, cap);
  b->cap = cap;
}

void rw_buf_add(rw_buf *b, const char *bytes, size_t n) {
  buf_reserve(b, n);
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void rw_buf_puts(rw_buf *b, const char *s) {
  rw_buf_add(b, s, strlen(s));
}

void rw_buf_printf(rw_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  rw_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void rw_buf_vprintf(rw_buf *b, const char *fmt, va_list ap) {
  /* Format into the buffer's spare room; grow and format again if short
   * (with a copy of ap: the first attempt used it up). */
  buf_reserve(b, 128);
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  if (n >= 0 && (size_t)n >= b->cap - b->len) {
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
  }
  va_end(again);
  if (n < 0) {
    b->data[b->len] = '\0'; /* an encoding error: add nothing */
    return;
  }
  b->len += (size_t)n;
}

void rw_buf_free(rw_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

const char *rw_base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

char *rw_dir_name(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return rw_xstrdup(".");
  if (slash == path)
    return rw_xstrdup("/");
  return rw_xstrndup(path, (size_t)(slash - path));
}

void rw_depfile_escape(rw_buf *out, const char *path) {
  for (const char *p = path; *p; p++) {
    if (*p == ' ' || *p == '#' || *p == '\\')
      rw_buf_add(out, "\\", 1);
    if (*p == '$')
      rw_buf_add(out, "$", 1);
    rw_buf_add(out, p, 1);
  }
}
