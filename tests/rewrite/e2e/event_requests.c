/* event_requests.c -- end to end with libevent: the meson build compiles this
 * file from its actx-rewrite output.  A one-shot event (event_base_once) and
 * a re-armed timer (evtimer_assign) per request must see the request's id. */
#include <actx.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <stdint.h>
#include <stdio.h>

#define REQUESTS 6
#define CALLBACKS_PER_REQUEST 4 /* once + 3 timer ticks */

struct request {
  intptr_t id;
  int ticks;
  struct event timer;
};

static actx_storage *request_id;
static struct event_base *base;
static int checks, failures;

static void expect(const struct request *r, const char *where) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  checks++;
  if (seen != r->id) {
    failures++;
    fprintf(stderr, "request %ld: %s saw request id %ld\n", (long)r->id, where, (long)seen);
  }
}

static void on_tick(evutil_socket_t fd, short what, void *arg) {
  struct request *r = arg;
  struct timeval soon = {0, 1000};
  (void)fd;
  (void)what;
  expect(r, "evtimer tick");
  if (++r->ticks < 3)
    evtimer_add(&r->timer, &soon);
}

static void once(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  expect(arg, "event_base_once callback");
}

static void *start_request(void *arg) {
  struct request *r = arg;
  struct timeval soon = {0, 1000 * (r->id % 3)};
  event_base_once(base, -1, EV_TIMEOUT, once, r, &soon);
  evtimer_assign(&r->timer, base, on_tick, r);
  evtimer_add(&r->timer, &soon);
  return NULL;
}

int main(void) {
  static struct request requests[REQUESTS];
  request_id = actx_storage_new(NULL);
  base = event_base_new();
  for (int i = 0; i < REQUESTS; i++) {
    requests[i].id = i + 1;
    actx_storage_run(request_id, (void *)requests[i].id, start_request, &requests[i]);
  }
  event_base_dispatch(base);
  event_base_free(base);
  printf("%d checks, %d failures, %zu bind failures\n", checks, failures, actx_bind_failures());
  if (checks != REQUESTS * CALLBACKS_PER_REQUEST) {
    fprintf(stderr, "expected %d checks\n", REQUESTS * CALLBACKS_PER_REQUEST);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
