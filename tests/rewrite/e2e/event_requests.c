/* event_requests.c -- end to end with libevent: the meson build compiles this
 * file from its actx-rewrite output.  A one-shot event (event_base_once), a
 * re-armed timer (evtimer_assign) and an event keyed by its own result
 * (evtimer_new, freed in its callback) per request must see the request's
 * id, and no binding may be left once the loop is done. */
#include <actx.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <stdint.h>
#include <stdio.h>

#define REQUESTS 6
#define CALLBACKS_PER_REQUEST 5 /* once + 3 timer ticks + the evtimer_new event */

struct request {
  intptr_t id;
  int ticks;
  struct event timer;
  struct event *made;          /* evtimer_new */
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

static void on_made(evutil_socket_t fd, short what, void *arg) {
  struct request *r = arg;
  (void)fd;
  (void)what;
  expect(r, "evtimer_new callback");
  event_free(r->made);
  r->made = NULL;
}

static void *start_request(void *arg) {
  struct request *r = arg;
  struct timeval soon = {0, 1000 * (r->id % 3)};
  event_base_once(base, -1, EV_TIMEOUT, once, r, &soon);
  evtimer_assign(&r->timer, base, on_tick, r);
  evtimer_add(&r->timer, &soon);
  r->made = evtimer_new(base, on_made, r);
  evtimer_add(r->made, &soon);
  return NULL;
}

int main(void) {
  static struct request requests[REQUESTS];
  request_id = actx_storage_new(NULL);
  size_t live = actx_live_resources();
  base = event_base_new();
  for (int i = 0; i < REQUESTS; i++) {
    requests[i].id = i + 1;
    actx_storage_run(request_id, (void *)requests[i].id, start_request, &requests[i]);
  }
  event_base_dispatch(base);
  for (int i = 0; i < REQUESTS; i++) {
    event_del(&requests[i].timer);
    actx_release_key(&requests[i].timer); /* what event_free would do for it */
  }
  if (actx_live_resources() != live) {
    fprintf(stderr, "%zu bindings left\n", actx_live_resources() - live);
    failures++;
  }
  event_base_free(base);
  printf("%d checks, %d failures, %zu bind failures\n", checks, failures, actx_bind_failures());
  if (checks != REQUESTS * CALLBACKS_PER_REQUEST) {
    fprintf(stderr, "expected %d checks\n", REQUESTS * CALLBACKS_PER_REQUEST);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
