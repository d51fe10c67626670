/* trace_client.c -- the client half of the traceparent sample: a libuv
 * HTTP/1.1 client that starts several requests at once, each in a trace of its
 * own, and sends each request's context to the server in `traceparent`,
 * `tracestate` and `baggage` headers (W3C Trace Context and Baggage).
 *
 * Every request's callbacks (connect, write, read, close) find their span in
 * the context, as the server's do: there is no bind call in this file, the
 * build runs actx-rewrite on it.
 *
 * Usage: trace-client PORT [REQUESTS]   (REQUESTS: 20 by default)
 *   Exits 0 when every request was answered by a span of its own trace. */
#include <actx_trace_context.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "span.h"

struct request {
  uv_tcp_t tcp;         /* tcp.data points back here */
  uv_connect_t connect; /* the connection attempt */
  uv_write_t write;     /* the request */
  char path[32];        /* "/req-K" */
  char head[1024];      /* the request head, kept alive until written */
  char response[1024];  /* the response as received so far */
  size_t used;          /* bytes in response */
};

static struct sockaddr_in server_addr;
static int failures; /* requests that failed or came back in another trace */

static void log_request(struct request *r, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  log_span("client", "%s %s", r->path, msg);
}

static void on_closed(uv_handle_t *handle) {
  struct request *r = handle->data;
  log_request(r, "closed");
  free(r);
}

/* The server's answer names the span that served it: it must be in our trace. */
static void check_response(struct request *r) {
  const struct span *s = actx_storage_get(current_span);
  const char *by = strstr(r->response, " served by ");
  actx_trace_context server;
  if (!s || !by || actx_traceparent_parse(by + 11, strcspn(by + 11, "\n"), &server) != 0) {
    log_request(r, "bad response");
    failures++;
    return;
  }
  int same = memcmp(server.trace_id, s->tc.trace_id, sizeof server.trace_id) == 0;
  failures += !same;
  log_request(r, "response: %s", same ? "served in this trace" : "served in another trace");
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  struct request *r = handle->data;
  (void)suggested;
  *buf = uv_buf_init(r->response + r->used, (unsigned)(sizeof r->response - 1 - r->used));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  struct request *r = stream->data;
  (void)buf;
  if (nread >= 0) {
    r->used += (size_t)nread;
    r->response[r->used] = '\0';
    if (r->used < sizeof r->response - 1)
      return; /* read until the server closes */
  } else if (nread != UV_EOF) {
    log_request(r, "read failed: %s", uv_strerror((int)nread));
    failures++;
  } else {
    check_response(r);
  }
  uv_close((uv_handle_t *)&r->tcp, on_closed);
}

static void on_written(uv_write_t *req, int status) {
  struct request *r = req->data;
  log_request(r, "request sent (%s)", status ? uv_strerror(status) : "ok");
  uv_read_start((uv_stream_t *)&r->tcp, on_alloc, on_read);
}

/* The headers come from the current context: whichever request's callback
 * runs, it sends that request's span as the parent of the server's. */
static void on_connect(uv_connect_t *req, int status) {
  struct request *r = req->data;
  if (status < 0) {
    log_request(r, "connect failed: %s", uv_strerror(status));
    failures++;
    uv_close((uv_handle_t *)&r->tcp, on_closed);
    return;
  }
  const struct span *s = actx_storage_get(current_span);
  if (!s) { /* the callback did not run in the request's context */
    log_request(r, "connected without a span");
    failures++;
    uv_close((uv_handle_t *)&r->tcp, on_closed);
    return;
  }
  char traceparent[ACTX_TRACEPARENT_LEN + 1], tracestate[64], baggage[128], who[32];
  actx_traceparent_format(&s->tc, traceparent, sizeof traceparent);
  /* A tracestate entry of our own; baggage values are percent-encoded. */
  actx_tracestate_entry ts = {"actxclient", 10, r->path + 1, strlen(r->path + 1)};
  actx_tracestate_format(&ts, 1, tracestate, sizeof tracestate);
  actx_baggage_encode("client sample", 13, who, sizeof who);
  actx_baggage_entry bg[2] = {{"request", 7, r->path + 1, strlen(r->path + 1), NULL, 0},
                              {"origin", 6, who, strlen(who), "sample", 6}};
  actx_baggage_format(bg, 2, baggage, sizeof baggage);
  log_request(r, "connected, sending traceparent %s", traceparent);
  snprintf(r->head, sizeof r->head,
           "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\ntraceparent: %s\r\ntracestate: %s\r\n"
           "baggage: %s\r\nConnection: close\r\n\r\n",
           r->path, traceparent, tracestate, baggage);
  uv_buf_t buf = uv_buf_init(r->head, (unsigned)strlen(r->head));
  uv_write(&r->write, (uv_stream_t *)&r->tcp, &buf, 1, on_written);
}

/* The body of actx_storage_run: everything this starts belongs to the
 * request's new trace. */
static void *start_request(void *arg) {
  struct request *r = arg;
  log_request(r, "connecting");
  int err = uv_tcp_connect(&r->connect, &r->tcp, (const struct sockaddr *)&server_addr, on_connect);
  if (err) {
    log_request(r, "connect: %s", uv_strerror(err));
    failures++;
    uv_close((uv_handle_t *)&r->tcp, on_closed);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: trace-client PORT [REQUESTS]\n");
    return 2;
  }
  int port = atoi(argv[1]);
  int requests = argc > 2 ? atoi(argv[2]) : 20;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (span_storage_init() != 0)
    return 1;
  uv_loop_t *loop = uv_default_loop();
  uv_ip4_addr("127.0.0.1", port, &server_addr);

  /* Every request starts now, each in a new trace: their callbacks interleave
   * on this loop, and each must still see its own trace. */
  for (int k = 1; k <= requests; k++) {
    struct request *r = calloc(1, sizeof *r);
    actx_trace_context root;
    if (!r || actx_trace_context_new_root(&root, ACTX_TRACE_FLAG_SAMPLED) != 0)
      abort();
    snprintf(r->path, sizeof r->path, "/req-%d", k);
    uv_tcp_init(loop, &r->tcp);
    r->tcp.data = r->connect.data = r->write.data = r;
    actx_storage_run(current_span, span_new(&root), start_request, r);
  }
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  actx_storage_free(current_span);
  if (failures)
    fprintf(stderr, "trace-client: %d requests failed\n", failures);
  return failures ? 1 : 0;
}
