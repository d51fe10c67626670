/* Callbacks read from struct fields, through a pointer and directly. */
#include <fake_uv.h>

struct conn {
  uv_timer_t timer;
  uv_timer_cb on_timeout;
};

struct table { uv_close_cb close; };

void arm(struct conn *c, struct table tab) {
  uv_timer_start(&c->timer, c->on_timeout, 5000, 0);
  uv_close((uv_handle_t *)&c->timer, tab.close);
}
