/* Request callbacks run once: write, connect, fs, work queue (two callbacks). */
#include <fake_uv.h>

static void on_write(uv_write_t *req, int status) { (void)req; (void)status; }
static void on_connect(uv_connect_t *req, int status) { (void)req; (void)status; }
static void on_open(uv_fs_t *req) { (void)req; }
static void work(uv_work_t *req) { (void)req; }
static void after_work(uv_work_t *req, int status) { (void)req; (void)status; }

void go(uv_loop_t *loop, uv_stream_t *s, uv_tcp_t *tcp, const struct sockaddr *addr) {
  static uv_write_t w;
  static uv_connect_t c;
  static uv_fs_t f;
  static uv_work_t q;
  uv_buf_t buf = {"x", 1};
  uv_write(&w, s, &buf, 1, on_write);
  uv_tcp_connect(&c, tcp, addr, on_connect);
  uv_fs_open(loop, &f, "/tmp/x", 0, 0, on_open);
  uv_queue_work(loop, &q, work, after_work);
}
