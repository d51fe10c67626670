/* Synchronous APIs (qsort, bsearch, uv_walk) are never wrapped. */
#include <fake_libc.h>
#include <fake_uv.h>

static int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
static void visit(uv_handle_t *h, void *arg) { (void)h; (void)arg; }

int find(int *v, size_t n, int key, uv_loop_t *loop) {
  qsort(v, n, sizeof *v, by_value);
  uv_walk(loop, visit, NULL);
  return bsearch(&key, v, n, sizeof *v, by_value) != NULL;
}
