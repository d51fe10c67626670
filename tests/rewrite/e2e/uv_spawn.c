/* uv_spawn.c -- end to end: the meson build compiles this file from its
 * actx-rewrite output, rewritten with the built-in contracts only.  Each
 * request spawns a child with the exit callback set by a designated
 * initialiser of its uv_process_options_t (the built-in field rule
 * `field uv_process_options_t.exit_cb once`); the exit callback, and the
 * close callback it registers, must see the id of the request that spawned
 * the child. */
#include <actx.h>
#include <stdint.h>
#include <stdio.h>
#include <uv.h>

#define REQUESTS 4
#define CALLBACKS_PER_REQUEST 2 /* exit, close */

struct request {
  intptr_t id;
  uv_process_t process;
};

static actx_storage *request_id;
static int checks, failures, spawned;

static void expect(const struct request *r, const char *where) {
  intptr_t seen = (intptr_t)actx_storage_get(request_id);
  checks++;
  if (seen != r->id) {
    failures++;
    fprintf(stderr, "request %ld: %s saw request id %ld\n", (long)r->id, where, (long)seen);
  }
}

static void on_closed(uv_handle_t *handle) {
  expect(handle->data, "close callback");
}

static void on_exit_cb(uv_process_t *process, int64_t status, int term_signal) {
  struct request *r = process->data;
  expect(r, "exit callback");
  if (status != 0 || term_signal != 0)
    fprintf(stderr, "request %ld: child exited with %ld, signal %d\n", (long)r->id, (long)status,
            term_signal);
  uv_close((uv_handle_t *)process, on_closed);
}

static void *start_request(void *arg) {
  struct request *r = arg;
  char *args[] = {"true", NULL};
  uv_process_options_t options = {.exit_cb = on_exit_cb, .file = "true", .args = args};
  r->process.data = r;
  int rc = uv_spawn(uv_default_loop(), &r->process, &options);
  if (rc != 0)
    fprintf(stderr, "request %ld: uv_spawn: %s\n", (long)r->id, uv_strerror(rc));
  else
    spawned++;
  return NULL;
}

int main(void) {
  static struct request requests[REQUESTS];
  request_id = actx_storage_new(NULL);
  for (int i = 0; i < REQUESTS; i++) {
    requests[i].id = i + 1;
    actx_storage_run(request_id, (void *)requests[i].id, start_request, &requests[i]);
  }
  /* Outside every request: a callback that lost its context sees NULL. */
  uv_run(uv_default_loop(), UV_RUN_DEFAULT);
  uv_loop_close(uv_default_loop());
  printf("%d spawned, %d checks, %d failures, %zu bind failures\n", spawned, checks, failures,
         actx_bind_failures());
  if (spawned != REQUESTS || checks != REQUESTS * CALLBACKS_PER_REQUEST) {
    fprintf(stderr, "expected %d spawns and %d checks\n", REQUESTS,
            REQUESTS * CALLBACKS_PER_REQUEST);
    return 1;
  }
  return failures || actx_bind_failures() ? 1 : 0;
}
