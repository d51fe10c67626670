/* span.h -- what the traceparent sample's client and server share: the span
 * a storage holds, and the log line that names the trace it sees.
 *
 * A span lives as long as some context holds it: the storage's retain and
 * release callbacks count the frames (and the bound callbacks' frames) that
 * hold it, so nothing frees it by hand.  Thread-pool callbacks release frames
 * too, hence the atomic count. */
#ifndef TRACEPARENT_SPAN_H
#define TRACEPARENT_SPAN_H

#include <actx_trace_context.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct span {
  actx_trace_context tc; /* this process's span: the trace id and our span id */
  int refs;              /* frames holding it (atomic) */
};

static actx_storage *current_span; /* the AsyncLocalStorage: holds a struct span */

static void span_retain(void *store, void *user) {
  (void)user;
  __atomic_add_fetch(&((struct span *)store)->refs, 1, __ATOMIC_RELAXED);
}

static void span_release(void *store, void *user) {
  (void)user;
  if (__atomic_sub_fetch(&((struct span *)store)->refs, 1, __ATOMIC_ACQ_REL) == 0)
    free(store);
}

/* The storage, created once by main(). */
static int span_storage_init(void) {
  actx_storage_options opts = {"span", NULL, span_retain, span_release, NULL, NULL};
  current_span = actx_storage_new(&opts);
  return current_span ? 0 : -1;
}

/* A span for `tc`, owned by nobody until a frame holds it: pass it straight to
 * actx_storage_run(). */
static struct span *span_new(const actx_trace_context *tc) {
  struct span *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->tc = *tc;
  return s;
}

/* Hex of n bytes into out (2n + 1 bytes). */
static void hex(const uint8_t *bytes, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[bytes[i] >> 4];
    out[2 * i + 1] = digits[bytes[i] & 15];
  }
  out[2 * n] = '\0';
}

/* Prints "ROLE TRACE-ID SPAN-ID message": the ids come from the context of the
 * callback that is running, never from an argument ("-" when it has none). */
static void log_span(const char *role, const char *fmt, ...) {
  char msg[512], trace[33] = "-", span[17] = "-";
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const struct span *s = actx_storage_get(current_span);
  if (s) {
    hex(s->tc.trace_id, sizeof s->tc.trace_id, trace);
    hex(s->tc.span_id, sizeof s->tc.span_id, span);
  }
  printf("%s %s %s %s\n", role, trace, span, msg);
}

#endif /* TRACEPARENT_SPAN_H */
