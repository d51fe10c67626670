/* The --report JSON: every site with its decision (golden .expected.json). */
#include <fake_uv.h>
#include <fake_libc.h>

static void on_timer(uv_timer_t *h) { (void)h; }
static int cmp(const void *a, const void *b) { (void)a; (void)b; return 0; }
static void local(void (*f)(void)) { (void)f; }
static void nothing(void) {}

void go(uv_timer_t *t, int *v, uv_loop_t *loop, uv_fs_t *req) {
  uv_timer_start(t, on_timer, 1, 0);
  qsort(v, 2, sizeof *v, cmp);
  local(nothing);
  uv_fs_close(loop, req, 3, NULL);
  uv_close((uv_handle_t *)t, NULL);
}
