/* libevent_logger.c -- the request logger (samples/request-logger) on libevent:
 * each connection gets an id in an actx storage, and the bufferevent and
 * evtimer callbacks it causes log "id: message" with that id.
 *
 * There is no bind call in this file: the build runs actx-rewrite on it.
 *
 * Usage: libevent-logger [PORT [CONNECTIONS]]
 *   PORT 0 (the default) lets the kernel choose; the port is printed first.
 *   After CONNECTIONS connections (0: never) the server stops accepting and
 *   exits once the last one is done. */
#include <actx.h>
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <event2/listener.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conn {
  struct bufferevent *bev; /* the client socket, closed when freed */
  struct event immediate;  /* a 0 ms timer, standing in for setImmediate() */
  char path[64];           /* the request line's path, to tell lines apart */
};

static actx_storage *request_id; /* the AsyncLocalStorage: holds the id */
static intptr_t next_id = 1;
static unsigned long served, limit; /* limit 0: serve forever */

/* Prints "id: message" with the id of the request whose callback is running. */
static void log_with_id(const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  intptr_t id = (intptr_t)actx_storage_get(request_id);
  printf("%ld: %s\n", (long)id, msg);
}

static void close_conn(struct conn *c) {
  log_with_id("%s closed", c->path);
  event_del(&c->immediate);
  bufferevent_free(c->bev);
  free(c);
}

/* Called once the response has left the output buffer. */
static void on_written(struct bufferevent *bev, void *arg) {
  struct conn *c = arg;
  (void)bev;
  log_with_id("%s response written", c->path);
  close_conn(c);
}

static void on_immediate(evutil_socket_t fd, short what, void *arg) {
  struct conn *c = arg;
  (void)fd;
  (void)what;
  log_with_id("%s timer", c->path);
  long id = (long)(intptr_t)actx_storage_get(request_id);
  char body[96];
  int n = snprintf(body, sizeof body, "request %ld: %s\n", id, c->path);
  evbuffer_add_printf(bufferevent_get_output(c->bev),
                      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                      "Connection: close\r\n\r\n%s",
                      n, body);
}

static void on_read(struct bufferevent *bev, void *arg) {
  struct conn *c = arg;
  struct evbuffer *in = bufferevent_get_input(bev);
  if (evbuffer_search(in, "\r\n\r\n", 4, NULL).pos < 0)
    return; /* wait for the rest of the head */
  char *line = evbuffer_readln(in, NULL, EVBUFFER_EOL_CRLF);
  if (!line || sscanf(line, "%*s %63s", c->path) != 1)
    strcpy(c->path, "?");
  free(line);
  bufferevent_disable(bev, EV_READ);
  log_with_id("%s read", c->path);
  struct timeval now = {0, 0};
  evtimer_add(&c->immediate, &now);
}

static void on_event(struct bufferevent *bev, short what, void *arg) {
  struct conn *c = arg;
  (void)bev;
  if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
    log_with_id("connection lost before the response");
    close_conn(c);
  }
}

/* The body of actx_storage_run: everything this starts is part of request id. */
static void *start_request(void *arg) {
  struct conn *c = arg;
  log_with_id("connection accepted");
  /* evtimer_assign, not evtimer_new: the rewriter keys a binding by the event,
   * which must exist before the call (docs/rewriter.md, Limits). */
  evtimer_assign(&c->immediate, bufferevent_get_base(c->bev), on_immediate, c);
  bufferevent_setcb(c->bev, on_read, on_written, on_event, c);
  /* Only EV_READ: writing is enabled already, and enabling it again with an
   * empty output buffer would call on_written at once. */
  bufferevent_enable(c->bev, EV_READ);
  return NULL;
}

static void on_accept(struct evconnlistener *listener, evutil_socket_t fd, struct sockaddr *addr,
                      int len, void *arg) {
  (void)addr;
  (void)len;
  (void)arg;
  struct conn *c = calloc(1, sizeof *c);
  if (!c)
    abort();
  strcpy(c->path, "-");
  c->bev = bufferevent_socket_new(evconnlistener_get_base(listener), fd, BEV_OPT_CLOSE_ON_FREE);
  actx_storage_run(request_id, (void *)next_id++, start_request, c);
  if (limit && ++served == limit)
    evconnlistener_disable(listener); /* the loop ends after the last client */
}

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  limit = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  request_id = actx_storage_new(NULL);
  struct event_base *base = event_base_new();
  if (!request_id || !base)
    return 1;

  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  /* The callback is set afterwards, for the same reason as evtimer_assign. */
  struct evconnlistener *listener =
      evconnlistener_new_bind(base, NULL, NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 128,
                              (struct sockaddr *)&addr, sizeof addr);
  if (!listener) {
    fprintf(stderr, "listen on 127.0.0.1:%d failed\n", port);
    return 1;
  }
  evconnlistener_set_cb(listener, on_accept, NULL);
  struct sockaddr_in bound;
  socklen_t len = sizeof bound;
  getsockname(evconnlistener_get_fd(listener), (struct sockaddr *)&bound, &len);
  printf("listening on 127.0.0.1:%d\n", ntohs(bound.sin_port));

  event_base_dispatch(base);
  evconnlistener_free(listener);
  event_base_free(base);
  actx_storage_free(request_id);
  return 0;
}
