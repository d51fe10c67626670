/* inline_reg.h -- a header with a static inline registration: the rewriter
 * never edits headers, only the main file. */
#ifndef INLINE_REG_H
#define INLINE_REG_H
#include <fake_uv.h>

static inline int arm_timer(uv_timer_t *t, uv_timer_cb cb) {
  return uv_timer_start(t, cb, 10, 0);
}
#endif
