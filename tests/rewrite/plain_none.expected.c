/* Callback sites, but none to edit (qsort is synchronous): the output is the
 * input byte for byte -- no #line, no include, no thunk. */
#include <fake_libc.h>

static int by_value(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

void sort(int *v, size_t n) {
  qsort(v, n, sizeof *v, by_value);
}
