/* uv_backtrace.c -- async backtraces in a rewritten libuv program
 * (docs/api.md, "Registration sites and async backtraces"; OBS-SITE-2):
 * main starts a timer, its callback queues work, the work's completion
 * starts a second timer, whose callback reads its async backtrace.  No actx
 * call registers anything here: actx-rewrite wraps every callback, and each
 * level's site must be the user's own file, line and function. */
#include <stdio.h>
#include <string.h>
#include <uv.h>

#include "actx.h"

static uv_loop_t *loop;
static uv_timer_t first, second;
static uv_work_t work;
static int line_first, line_work, line_second;
static int failures;

static void check(const actx_site *s, const char *callback, const char *function, int line) {
  if (!s || strcmp(s->callback, callback) != 0 || strcmp(s->function, function) != 0 ||
      s->line != line || !strstr(s->file, "uv_backtrace.c")) {
    fprintf(stderr, "want %s registered in %s at line %d; got %s in %s at %s:%d\n", callback,
            function, line, s ? s->callback : "(none)", s ? s->function : "(none)",
            s ? s->file : "(none)", s ? s->line : 0);
    failures++;
  }
}

static void on_second(uv_timer_t *t) {
  const actx_site *sites[ACTX_BACKTRACE_DEPTH];
  size_t n = actx_async_backtrace(sites, ACTX_BACKTRACE_DEPTH);
  if (n < 3) {
    fprintf(stderr, "backtrace has %zu levels, want at least 3\n", n);
    failures++;
  } else {
    check(sites[0], "on_second", "after_work", line_second);
    check(sites[1], "after_work", "on_first", line_work);
    check(sites[2], "on_first", "main", line_first);
  }
  char text[1024];
  actx_async_backtrace_format(text, sizeof text);
  fputs(text, stdout);
  uv_close((uv_handle_t *)t, NULL);
}

static void do_work(uv_work_t *w) {
  (void)w;
}

static void after_work(uv_work_t *w, int status) {
  (void)w;
  (void)status;
  line_second = __LINE__ + 1;
  uv_timer_start(&second, on_second, 1, 0);
}

static void on_first(uv_timer_t *t) {
  line_work = __LINE__ + 1;
  uv_queue_work(loop, &work, do_work, after_work);
  uv_close((uv_handle_t *)t, NULL);
}

int main(void) {
  loop = uv_default_loop();
  uv_timer_init(loop, &first);
  uv_timer_init(loop, &second);
  line_first = __LINE__ + 1;
  uv_timer_start(&first, on_first, 1, 0);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  printf("%d failures\n", failures);
  return failures ? 1 : 0;
}
