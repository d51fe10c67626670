/* util.c -- buffers and checked allocation for actx-rewrite. */
#include "rw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rw_out_of_memory(void) {
  fprintf(stderr, "actx-rewrite: out of memory\n");
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

char *rw_xstrdup(const char *s) { return rw_xstrndup(s, strlen(s)); }

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

void rw_buf_puts(rw_buf *b, const char *s) { rw_buf_add(b, s, strlen(s)); }

void rw_buf_printf(rw_buf *b, const char *fmt, ...) {
  /* Format into the buffer's spare room; grow and format again if short. */
  buf_reserve(b, 128);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n >= b->cap - b->len) {
    buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  b->len += (size_t)n;
}

void rw_buf_free(rw_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
