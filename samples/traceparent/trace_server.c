/* trace_server.c -- the server half of the traceparent sample: a libuv
 * HTTP/1.1 server that continues the trace of each request it receives.
 *
 * For each request it reads the `traceparent` header (W3C Trace Context), makes
 * a child span of it, and runs the rest of the request in a context where the
 * span storage holds that child: a timer, a step on libuv's thread pool, the
 * response write and the close each log the trace id they see.  Which span a
 * callback sees comes from the context alone: there is no bind call in this
 * file, the build runs actx-rewrite on it.
 *
 * Usage: trace-server [PORT [CONNECTIONS]]
 *   PORT 0 (the default) lets the kernel choose; the port is printed first.
 *   After CONNECTIONS connections (0: never) the server stops accepting and
 *   exits once the last one is closed. */
#include <actx_trace_context.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uv.h>

#include "span.h"

struct conn {
  uv_tcp_t tcp;       /* the client socket; tcp.data points back here */
  uv_timer_t timer;   /* a short wait, different per request, so requests interleave */
  uv_work_t job;      /* a step on the thread pool */
  uv_write_t write;   /* the response */
  char request[4096]; /* the request head as received so far */
  size_t used;        /* bytes in request */
  char path[64];      /* the request line's path, to tell requests apart in the log */
  char response[512]; /* kept alive until the write completes */
  char parent[17];    /* the caller's span id, "none" when it sent no valid traceparent */
  int closing;        /* handles still to close (tcp and timer) */
};

static unsigned long served, limit; /* limit 0: serve forever */
static uv_tcp_t server;

static void log_conn(struct conn *c, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  log_span("server", "%s %s", c->path, msg);
}

/* The value of header `name` in the request head, trimmed, or NULL.  A field
 * name is case-insensitive (the spec asks receivers to accept any case). */
static const char *header(struct conn *c, const char *name, size_t *len) {
  size_t n = strlen(name);
  for (char *line = strstr(c->request, "\r\n"); line && line[2] != '\r';
       line = strstr(line + 2, "\r\n")) {
    char *field = line + 2;
    if (strncasecmp(field, name, n) != 0 || field[n] != ':')
      continue;
    char *value = field + n + 1, *end = strstr(value, "\r\n");
    *len = (size_t)(end - value); /* actx_traceparent_parse trims the whitespace */
    return value;
  }
  return NULL;
}

static void on_closed(uv_handle_t *handle) {
  struct conn *c = handle->data;
  if (--c->closing > 0)
    return;
  log_conn(c, "closed");
  free(c);
}

static void close_conn(struct conn *c) {
  c->closing = 2;
  uv_close((uv_handle_t *)&c->timer, on_closed);
  uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static void on_written(uv_write_t *req, int status) {
  struct conn *c = req->data;
  log_conn(c, "written (%s)", status ? uv_strerror(status) : "ok");
  close_conn(c);
}

/* Runs on a libuv thread-pool thread, yet still sees its request's span. */
static void job(uv_work_t *req) {
  log_conn(req->data, "work on the thread pool");
}

static void after_job(uv_work_t *req, int status) {
  struct conn *c = req->data;
  (void)status;
  log_conn(c, "work done");
  /* The response says which span served it, as a traceparent of its own. */
  const struct span *s = actx_storage_get(current_span);
  char tp[ACTX_TRACEPARENT_LEN + 1] = "-";
  if (s)
    actx_traceparent_format(&s->tc, tp, sizeof tp);
  char body[128];
  int n = snprintf(body, sizeof body, "%s served by %s\n", c->path, tp);
  snprintf(c->response, sizeof c->response,
           "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
           "Connection: close\r\n\r\n%s",
           n, body);
  uv_buf_t buf = uv_buf_init(c->response, (unsigned)strlen(c->response));
  uv_write(&c->write, (uv_stream_t *)&c->tcp, &buf, 1, on_written);
}

static void on_timer(uv_timer_t *timer) {
  struct conn *c = timer->data;
  log_conn(c, "timer");
  uv_queue_work(timer->loop, &c->job, job, after_job);
}

/* The body of actx_storage_run: everything this starts is part of the
 * request's span. */
static void *handle_request(void *arg) {
  struct conn *c = arg;
  size_t len = 0;
  /* A tracestate is only read with a valid traceparent (the spec). */
  const char *tracestate = strcmp(c->parent, "none") ? header(c, "tracestate", &len) : NULL;
  actx_tracestate_entry ts[ACTX_TRACESTATE_MAX_MEMBERS];
  int nts =
      tracestate ? actx_tracestate_parse(tracestate, len, ts, ACTX_TRACESTATE_MAX_MEMBERS) : 0;
  if (nts < 0) /* an invalid tracestate is dropped; the traceparent still holds */
    nts = 0;
  /* Our own entry goes first, the caller's after it (the spec's mutation rule). */
  const struct span *s = actx_storage_get(current_span);
  char mine[17], out[1024];
  hex(s->tc.span_id, sizeof s->tc.span_id, mine);
  nts =
      actx_tracestate_put(ts, (size_t)nts, ACTX_TRACESTATE_MAX_MEMBERS, "actxserver", 10, mine, 16);
  if (nts < 0 || actx_tracestate_format(ts, (size_t)nts, out, sizeof out) < 0)
    strcpy(out, "(invalid)");
  log_conn(c, "read, parent %s, tracestate for the next hop: %s", c->parent, out);

  /* Baggage: the application's own entries, values percent-encoded. */
  const char *baggage = header(c, "baggage", &len);
  actx_baggage_entry bg[8];
  int nbg = baggage ? actx_baggage_parse(baggage, len, bg, 8) : 0;
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < nbg && i < 8; i++) {
    char value[128];
    if (actx_baggage_decode(bg[i].value, bg[i].value_len, value, sizeof value) < 0)
      strcpy(value, "(invalid)");
    used += (size_t)snprintf(out + used, sizeof out - used, " %.*s=\"%s\"", (int)bg[i].key_len,
                             bg[i].key, value);
    if (used >= sizeof out)
      break;
  }
  log_conn(c, "baggage:%s", nbg < 0 ? " (invalid)" : out);
  /* 0-15 ms, from the random span id: the requests' steps interleave. */
  uv_timer_start(&c->timer, on_timer, s->tc.span_id[0] & 15, 0);
  return NULL;
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  struct conn *c = handle->data;
  (void)suggested;
  *buf = uv_buf_init(c->request + c->used, (unsigned)(sizeof c->request - 1 - c->used));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  struct conn *c = stream->data;
  (void)buf;
  if (nread < 0) {
    log_conn(c, "read failed: %s", uv_strerror((int)nread));
    close_conn(c);
    return;
  }
  c->used += (size_t)nread;
  c->request[c->used] = '\0';
  if (!strstr(c->request, "\r\n\r\n")) {
    if (c->used == sizeof c->request - 1) {
      log_conn(c, "request head too long");
      close_conn(c);
    }
    return; /* wait for the rest of the head */
  }
  uv_read_stop(stream);
  if (sscanf(c->request, "%*s %63s", c->path) != 1)
    strcpy(c->path, "?");

  /* Continue the caller's trace, or start one when it sent none we can use. */
  actx_trace_context parent, child;
  size_t len;
  const char *tp = header(c, "traceparent", &len);
  int have_parent = tp && actx_traceparent_parse(tp, len, &parent) == 0;
  if (have_parent ? actx_trace_context_child(&parent, &child) != 0
                  : actx_trace_context_new_root(&child, 0) != 0)
    abort();
  strcpy(c->parent, "none");
  if (have_parent)
    hex(parent.span_id, sizeof parent.span_id, c->parent);
  actx_storage_run(current_span, span_new(&child), handle_request, c);
}

static void on_connection(uv_stream_t *listener, int status) {
  if (status < 0) {
    fprintf(stderr, "accept: %s\n", uv_strerror(status));
    return;
  }
  struct conn *c = calloc(1, sizeof *c);
  if (!c)
    abort();
  uv_tcp_init(listener->loop, &c->tcp);
  uv_timer_init(listener->loop, &c->timer);
  c->tcp.data = c->timer.data = c->job.data = c->write.data = c;
  strcpy(c->path, "-");
  if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
    close_conn(c);
    return;
  }
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  if (limit && ++served == limit)
    uv_close((uv_handle_t *)&server, NULL); /* the loop ends after the last client */
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  limit = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */
  if (span_storage_init() != 0)
    return 1;

  uv_loop_t *loop = uv_default_loop();
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", port, &addr);
  uv_tcp_init(loop, &server);
  int err = uv_tcp_bind(&server, (const struct sockaddr *)&addr, 0);
  if (!err)
    err = uv_listen((uv_stream_t *)&server, 128, on_connection);
  if (err) {
    fprintf(stderr, "listen on 127.0.0.1:%d: %s\n", port, uv_strerror(err));
    return 1;
  }
  struct sockaddr_in bound;
  int len = sizeof bound;
  uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &len);
  printf("listening on 127.0.0.1:%d\n", ntohs(bound.sin_port));

  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  actx_storage_free(current_span);
  return 0;
}
