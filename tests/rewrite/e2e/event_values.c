/* event_values.c -- end to end with libevent: the program sees exactly the
 * values it passed.  The meson build compiles this file from its actx-rewrite
 * output with the built-in contracts.  event_self_cbarg() reaches the
 * callback as the event itself, getters return the program's functions and
 * user data, a NULL callback variable stays NULL, and the finalize callback
 * gets the event's own argument -- while every callback still runs in the
 * context that registered it. */
#include <actx.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <stdint.h>
#include <stdio.h>

static actx_storage *request_id;
static struct event_base *base;
static struct event *self_event;
static int checks, failures;
static int state = 42;

static void check(int ok, const char *what) {
  checks++;
  if (!ok) {
    failures++;
    fprintf(stderr, "failed: %s\n", what);
  }
}

static void in_context(const char *where) {
  checks++;
  if ((intptr_t)actx_storage_get(request_id) != 7) {
    failures++;
    fprintf(stderr, "%s ran outside the request's context\n", where);
  }
}

static void on_self(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  in_context("event_self_cbarg callback");
  check(arg == self_event, "event_self_cbarg(): the callback gets the event itself");
}

static void on_final(struct event *ev, void *arg) {
  (void)ev;
  in_context("finalize callback");
  check(arg == &state, "finalize callback gets the event's argument");
}

static void on_read(struct bufferevent *bev, void *ctx) {
  (void)bev;
  (void)ctx;
}

static void *start(void *unused) {
  (void)unused;
  self_event = event_new(base, -1, 0, on_self, event_self_cbarg());
  check(event_get_callback(self_event) == on_self, "event_get_callback");
  check(event_get_callback_arg(self_event) == self_event, "event_get_callback_arg");
  event_callback_fn cb = NULL;
  void *arg = NULL;
  event_get_assignment(self_event, NULL, NULL, NULL, &cb, &arg);
  check(cb == on_self && arg == self_event, "event_get_assignment");
  event_active(self_event, EV_TIMEOUT, 0);

  struct event *plain = event_new(base, -1, 0, on_self, &state);
  check(event_get_callback_arg(plain) == &state, "event_get_callback_arg (plain data)");
  event_free_finalize(0, plain, on_final);

  struct bufferevent *bev = bufferevent_socket_new(base, -1, 0);
  bufferevent_data_cb no_write = NULL; /* a NULL callback in a variable */
  bufferevent_setcb(bev, on_read, no_write, NULL, &state);
  bufferevent_data_cb r = NULL, w = on_read;
  bufferevent_event_cb e = NULL;
  void *cbarg = NULL;
  bufferevent_getcb(bev, &r, &w, &e, &cbarg);
  check(r == on_read, "bufferevent_getcb read callback");
  check(w == NULL, "a NULL callback variable stays NULL");
  check(e == NULL && cbarg == &state, "bufferevent_getcb event callback and argument");
  bufferevent_free(bev);
  return NULL;
}

int main(void) {
  request_id = actx_storage_new(NULL);
  size_t live = actx_live_resources();
  base = event_base_new();
  actx_storage_run(request_id, (void *)(intptr_t)7, start, NULL);
  event_base_dispatch(base);
  event_free(self_event);
  event_base_free(base);
  if (actx_live_resources() != live) {
    fprintf(stderr, "%zu bindings left\n", actx_live_resources() - live);
    failures++;
  }
  printf("%d checks, %d failures, %zu bind failures\n", checks, failures, actx_bind_failures());
  if (checks != 11) {
    fprintf(stderr, "expected 11 checks\n");
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
