/* request_logger.c -- Node's AsyncLocalStorage introduction example in C: a
 * libuv HTTP/1.1 server that gives each connection an id and logs "id: message"
 * from every later callback without passing the id around.
 *
 * There is no bind call in this file: the build runs actx-rewrite on it, which
 * wraps each callback so it runs in the context it was registered in.
 *
 * Usage: request-logger [PORT [CONNECTIONS]]
 *   PORT 0 (the default) lets the kernel choose; the port is printed first.
 *   After CONNECTIONS connections (0: never) the server stops accepting and
 *   exits once the last one is closed. */
#include <actx.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

struct conn {
  uv_tcp_t tcp;         /* the client socket; tcp.data points back here */
  uv_timer_t immediate; /* a 0 ms timer, standing in for setImmediate() */
  uv_work_t job;        /* thread-pool work before the answer */
  uv_write_t write;     /* the response */
  char request[1024];   /* the request head as received so far */
  size_t used;          /* bytes in request */
  char path[64];        /* the request line's path, to tell lines apart */
  char response[256];   /* kept alive until the write completes */
  int closing;          /* handles still to close (tcp and immediate) */
};

static actx_storage *request_id; /* the AsyncLocalStorage: holds the id */
static intptr_t next_id = 1;
static unsigned long served, limit; /* limit 0: serve forever */
static uv_tcp_t server;

/* Prints "id: message" with the id of the request whose callback is running:
 * the id comes from the context, never from an argument. */
static void log_with_id(const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  intptr_t id = (intptr_t)actx_storage_get(request_id);
  printf("%ld: %s\n", (long)id, msg);
}

static void on_closed(uv_handle_t *handle) {
  struct conn *c = handle->data;
  if (--c->closing > 0)
    return;
  log_with_id("%s closed", c->path);
  free(c);
}

static void close_conn(struct conn *c) {
  c->closing = 2;
  uv_close((uv_handle_t *)&c->immediate, on_closed);
  uv_close((uv_handle_t *)&c->tcp, on_closed);
}

static void on_written(uv_write_t *req, int status) {
  struct conn *c = req->data;
  log_with_id("%s response written (%s)", c->path, status ? uv_strerror(status) : "ok");
  close_conn(c);
}

/* Runs on a libuv thread-pool thread, yet still sees its request's id. */
static void job(uv_work_t *req) {
  struct conn *c = req->data;
  log_with_id("%s job on the thread pool", c->path);
}

static void after_job(uv_work_t *req, int status) {
  struct conn *c = req->data;
  (void)status;
  log_with_id("%s job done", c->path);
  long id = (long)(intptr_t)actx_storage_get(request_id);
  char body[96];
  int n = snprintf(body, sizeof body, "request %ld: %s\n", id, c->path);
  snprintf(c->response, sizeof c->response,
           "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
           "Connection: close\r\n\r\n%s",
           n, body);
  uv_buf_t buf = uv_buf_init(c->response, (unsigned)strlen(c->response));
  uv_write(&c->write, (uv_stream_t *)&c->tcp, &buf, 1, on_written);
}

static void on_immediate(uv_timer_t *timer) {
  struct conn *c = timer->data;
  log_with_id("%s timer", c->path);
  uv_queue_work(timer->loop, &c->job, job, after_job);
}

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf) {
  struct conn *c = handle->data;
  (void)suggested;
  *buf = uv_buf_init(c->request + c->used, (unsigned)(sizeof c->request - 1 - c->used));
}

static void on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf) {
  struct conn *c = stream->data;
  (void)buf;
  if (nread < 0) { /* closing the handle stops the reads */
    log_with_id("read failed: %s", uv_strerror((int)nread));
    close_conn(c);
    return;
  }
  c->used += (size_t)nread;
  c->request[c->used] = '\0';
  if (!strstr(c->request, "\r\n\r\n")) {
    if (c->used == sizeof c->request - 1) {
      log_with_id("request head too long");
      close_conn(c);
    }
    return; /* wait for the rest of the head */
  }
  uv_read_stop(stream);
  if (sscanf(c->request, "%*s %63s", c->path) != 1)
    strcpy(c->path, "?");
  log_with_id("%s read", c->path);
  uv_timer_start(&c->immediate, on_immediate, 0, 0);
}

/* The body of actx_storage_run: everything this starts is part of request id. */
static void *start_request(void *arg) {
  struct conn *c = arg;
  log_with_id("connection accepted");
  uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read);
  return NULL;
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
  uv_timer_init(listener->loop, &c->immediate);
  c->tcp.data = c->immediate.data = c->job.data = c->write.data = c;
  strcpy(c->path, "-");
  if (uv_accept(listener, (uv_stream_t *)&c->tcp) != 0) {
    close_conn(c);
    return;
  }
  actx_storage_run(request_id, (void *)next_id++, start_request, c);
  if (limit && ++served == limit)
    uv_close((uv_handle_t *)&server, NULL); /* the loop ends after the last client */
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  limit = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  request_id = actx_storage_new(NULL);
  if (!request_id)
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
  actx_storage_free(request_id);
  return 0;
}
