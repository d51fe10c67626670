/* Older libevent code: event_set (keyed by the event; not boxed), a buffer
 * reference's cleanup callback (once, boxed), and a process-wide log
 * callback (deliberately left alone). */
#include <fake_event.h>

static void on_read(evutil_socket_t fd, short what, void *arg) { (void)fd; (void)what; (void)arg; }
static void release_page(const void *data, __SIZE_TYPE__ len, void *page) { (void)data; (void)len; (void)page; }
static void log_line(int severity, const char *msg) { (void)severity; (void)msg; }

void setup(struct event *ev, int fd, struct evbuffer *out, const char *page, void *conn) {
  event_set_log_callback(log_line);
  event_set(ev, fd, EV_READ | EV_PERSIST, on_read, conn);
  evbuffer_add_reference(out, page, 4096, release_page, (void *)page);
}
