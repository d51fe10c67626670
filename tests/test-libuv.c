/* test-libuv.c -- PROP-HANDLE-1 with a real event loop: handlers on a handle
 * created inside run (TCP read, UDP receive) see the store.
 *
 * Without bound function pointers (test-bind-libuv.c has those), the handle's
 * context is a resource made when the handle is created; each libuv callback
 * enters it with actx_resource_run(), which is what rewritten code does for the
 * user.
 * Traffic stays on 127.0.0.1; ports are chosen by the kernel.
 */
#define TEST_STORAGE_FIXTURE /* S */
#include "test.h"

#include <uv.h>

static uv_loop_t loop;

/* A handle plus the context captured when it was created. */
struct ctx_handle {
  union {
    uv_tcp_t tcp;
    uv_udp_t udp;
    uv_handle_t handle;
  } h;
  actx_resource *res;
  void *seen; /* store seen by the last callback */
  int events;
};

static void alloc_cb(uv_handle_t *h, size_t size, uv_buf_t *buf) {
  (void)h;
  static char slab[65536];
  *buf = uv_buf_init(slab, size < sizeof slab ? (unsigned)size : sizeof slab);
}

static void close_cb(uv_handle_t *h) {
  struct ctx_handle *c = (struct ctx_handle *)h;
  actx_resource_release(c->res);
}

/* ---- TCP: a server echoing nothing; the client reads what it is sent. */

static uv_tcp_t server;
static struct ctx_handle client;
static uv_connect_t connect_req;
static uv_tcp_t accepted;
static uv_write_t write_req;

static void *record_read(void *arg) {
  client.seen = actx_storage_get(S);
  client.events++;
  (void)arg;
  return NULL;
}

static void on_client_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  (void)buf;
  struct ctx_handle *c = (struct ctx_handle *)s;
  if (n > 0)
    actx_resource_run(c->res, record_read, NULL);
  if (n != 0) {
    uv_close((uv_handle_t *)s, close_cb);
    uv_close((uv_handle_t *)&accepted, NULL);
    uv_close((uv_handle_t *)&server, NULL);
  }
}

static void on_connect(uv_connect_t *req, int status) {
  assert_int_equal(status, 0);
  uv_read_start(req->handle, alloc_cb, on_client_read);
}

static void on_connection(uv_stream_t *srv, int status) {
  assert_int_equal(status, 0);
  uv_tcp_init(&loop, &accepted);
  assert_int_equal(uv_accept(srv, (uv_stream_t *)&accepted), 0);
  static char msg[] = "hello";
  uv_buf_t b = uv_buf_init(msg, 5);
  uv_write(&write_req, (uv_stream_t *)&accepted, &b, 1, NULL);
}

static void *open_client(void *arg) {
  struct sockaddr_in *addr = arg;
  uv_tcp_init(&loop, &client.h.tcp);
  client.res = actx_resource_new("TCPWRAP", NULL);
  return PTR(uv_tcp_connect(&connect_req, &client.h.tcp, (struct sockaddr *)addr, on_connect));
}

/* PROP-HANDLE-1 */
static void tcp_read_sees_store(void **state) {
  (void)state;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  uv_tcp_init(&loop, &server);
  assert_int_equal(uv_tcp_bind(&server, (struct sockaddr *)&addr, 0), 0);
  assert_int_equal(uv_listen((uv_stream_t *)&server, 8, on_connection), 0);
  int len = sizeof addr;
  uv_tcp_getsockname(&server, (struct sockaddr *)&addr, &len);
  assert_null(actx_storage_run(S, PTR(7), open_client, &addr));
  /* The loop runs outside any context. */
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(client.events, 1);
  assert_ptr_equal(client.seen, PTR(7));
}

/* ---- UDP: a receiver created in run(8) gets a datagram sent from outside (PROP-HANDLE-1). */

static struct ctx_handle receiver;
static uv_udp_t sender;
static uv_udp_send_t send_req;

static void *record_recv(void *arg) {
  (void)arg;
  receiver.seen = actx_storage_get(S);
  receiver.events++;
  return NULL;
}

static void on_recv(uv_udp_t *h, ssize_t n, const uv_buf_t *buf, const struct sockaddr *from,
                    unsigned flags) {
  (void)buf;
  (void)flags;
  struct ctx_handle *c = (struct ctx_handle *)h;
  if (n > 0 && from) {
    actx_resource_run(c->res, record_recv, NULL);
    uv_close((uv_handle_t *)h, close_cb);
    uv_close((uv_handle_t *)&sender, NULL);
  }
}

static void *open_receiver(void *arg) {
  struct sockaddr_in *addr = arg;
  uv_udp_init(&loop, &receiver.h.udp);
  receiver.res = actx_resource_new("UDPWRAP", NULL);
  assert_int_equal(uv_udp_bind(&receiver.h.udp, (struct sockaddr *)addr, 0), 0);
  return PTR(uv_udp_recv_start(&receiver.h.udp, alloc_cb, on_recv));
}

static void udp_receive_sees_store(void **state) {
  (void)state;
  struct sockaddr_in addr;
  uv_ip4_addr("127.0.0.1", 0, &addr);
  assert_null(actx_storage_run(S, PTR(8), open_receiver, &addr));
  int len = sizeof addr;
  uv_udp_getsockname(&receiver.h.udp, (struct sockaddr *)&addr, &len);
  uv_udp_init(&loop, &sender);
  static char msg[] = "ping";
  uv_buf_t b = uv_buf_init(msg, 4);
  assert_int_equal(uv_udp_send(&send_req, &sender, &b, 1, (struct sockaddr *)&addr, NULL), 0);
  uv_run(&loop, UV_RUN_DEFAULT);
  assert_int_equal(receiver.events, 1);
  assert_ptr_equal(receiver.seen, PTR(8));
  assert_null(actx_storage_get(S));
}

static int setup(void **state) {
  return storage_setup(state) == 0 && uv_loop_init(&loop) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  int rc = uv_loop_close(&loop);
  storage_teardown(state);
  return rc;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tcp_read_sees_store),
      cmocka_unit_test(udp_receive_sees_store),
  };
  return cmocka_run_group_tests_name("libuv", tests, setup, teardown);
}
