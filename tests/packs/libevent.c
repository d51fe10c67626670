/* libevent.c -- calls every function line of tool/contracts/libevent.contracts
 * against the real libevent 2.1 (check_pack.py checks the rewriter's report),
 * and checks that the callbacks see their registration's storage value
 * (pack_test.h). */
#include "pack_test.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/buffer_compat.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_compat.h>
#include <event2/dns.h>
#include <event2/dns_compat.h>
#include <event2/event.h>
#include <event2/event_compat.h>
#include <event2/event_struct.h>
#include <event2/http.h>
#include <event2/http_compat.h>
#include <event2/listener.h>
#include <event2/rpc.h>
#include <event2/rpc_struct.h>
#include <event2/thread.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct event_base *base;

/* ---- process-wide hooks (left alone by the pack) */
static void *my_malloc(size_t n) {
  return malloc(n);
}
static void *my_realloc(void *p, size_t n) {
  return realloc(p, n);
}
static void my_free(void *p) {
  free(p);
}
static void log_cb(int severity, const char *msg) {
  if (severity >= EVENT_LOG_ERR)
    fprintf(stderr, "libevent: %s\n", msg);
}
static void fatal_cb(int err) {
  (void)err;
}
static void dns_log(int warn, const char *msg) {
  (void)warn;
  (void)msg;
}
static uint16_t dns_id(void) {
  return 42;
}
static void dns_random(char *buf, size_t n) {
  memset(buf, 7, n);
}
static unsigned long thread_id(void) {
  return 1;
}

static void hooks(void) {
  event_set_mem_functions(my_malloc, my_realloc, my_free);
  event_set_log_callback(log_cb);
  event_set_fatal_callback(fatal_cb);
  evdns_set_log_fn(dns_log);
  evdns_set_transaction_id_fn(dns_id);
  evdns_set_random_bytes_fn(dns_random);
  evthread_set_id_callback(thread_id);
}

/* ---- events */
static void on_event(evutil_socket_t fd, short what, void *arg) {
  (void)fd;
  (void)what;
  pack_expect(arg);
}
static void on_finalize(struct event *ev, void *arg) {
  (void)ev;
  pack_expect(arg);
}

static struct event *ev_new, ev_assigned, ev_set, *ev_final, *ev_free_final;

static void visit_event(void) {}
static int foreach_event(const struct event_base *b, const struct event *ev, void *arg) {
  (void)b;
  (void)ev;
  (void)arg;
  visit_event();
  return 0;
}

static void start_events(void) {
  struct timeval now = {0, 1000};
  ev_new = event_new(base, -1, 0, on_event, "event_new");
  event_add(ev_new, &now);
  event_assign(&ev_assigned, base, -1, 0, on_event, "event_assign");
  event_add(&ev_assigned, &now);
  event_set(&ev_set, -1, 0, on_event, "event_set");
  event_base_set(base, &ev_set);
  event_add(&ev_set, &now);
  event_base_once(base, -1, EV_TIMEOUT, on_event, "event_base_once", &now);
  event_once(-1, EV_TIMEOUT, on_event, "event_once", &now);
  ev_final = event_new(base, -1, 0, on_event, "event_finalize");
  ev_free_final = event_new(base, -1, 0, on_event, "event_free_finalize");
  event_base_foreach_event(base, foreach_event, NULL);
}

static void finish_events(void) {
  event_callback_fn cb = event_get_callback(ev_new);
  if (cb != on_event)
    abort();
  event_callback_fn cb2 = NULL;
  event_get_assignment(&ev_assigned, NULL, NULL, NULL, &cb2, NULL);
  if (cb2 != on_event)
    abort();
  event_free(ev_new);
}

/* The finalize callbacks run later, with the context of these calls. */
static void *finalize_events(void *arg) {
  (void)arg;
  event_finalize(0, ev_final, on_finalize);
  event_free_finalize(0, ev_free_final, on_finalize);
  return NULL;
}

/* ---- buffers */
static void on_ref_cleanup(const void *data, size_t len, void *extra) {
  (void)data;
  (void)len;
  pack_expect(extra);
}
static void on_segment_cleanup(struct evbuffer_file_segment const *seg, int flags, void *arg) {
  (void)seg;
  (void)flags;
  pack_expect(arg);
}
static void on_buffer(struct evbuffer *b, const struct evbuffer_cb_info *info, void *arg) {
  (void)b;
  (void)info;
  (void)arg;
}
static void on_buffer_compat(struct evbuffer *b, size_t old_len, size_t new_len, void *arg) {
  (void)b;
  (void)old_len;
  (void)new_len;
  pack_expect(arg);
}

static struct evbuffer *buf, *compat_buf;
static int segment_fd;

static void start_buffers(void) {
  buf = evbuffer_new();
  evbuffer_add_cb(buf, on_buffer, NULL);
  evbuffer_add_reference(buf, "ref", 3, on_ref_cleanup, "evbuffer_add_reference");
  segment_fd = open("/dev/null", O_RDONLY);
  struct evbuffer_file_segment *seg = evbuffer_file_segment_new(segment_fd, 0, 0, 0);
  evbuffer_file_segment_add_cleanup_cb(seg, on_segment_cleanup,
                                       "evbuffer_file_segment_add_cleanup_cb");
  evbuffer_add_file_segment(buf, seg, 0, 0);
  evbuffer_file_segment_free(seg);
  compat_buf = evbuffer_new();
  evbuffer_setcb(compat_buf, on_buffer_compat, "evbuffer_setcb");
}

static void finish_buffers(void) {
  evbuffer_add(compat_buf, "x", 1);
  evbuffer_free(compat_buf);
  evbuffer_free(buf); /* the reference's and the segment's cleanups */
}

/* ---- bufferevents */
static void on_read(struct bufferevent *bev, void *arg) {
  evbuffer_drain(bufferevent_get_input(bev), 64);
  pack_expect_if_called(arg);
}
static void on_write(struct bufferevent *bev, void *arg) {
  (void)bev;
  pack_expect_if_called(arg);
}
static void on_bev_event(struct bufferevent *bev, short what, void *arg) {
  (void)bev;
  (void)what;
  pack_expect_if_called(arg);
}
static enum bufferevent_filter_result pass(struct evbuffer *src, struct evbuffer *dst,
                                           ev_ssize_t limit, enum bufferevent_flush_mode mode,
                                           void *ctx) {
  (void)limit;
  (void)mode;
  pack_expect_if_called(ctx);
  evbuffer_add_buffer(dst, src);
  return BEV_OK;
}
static void free_ctx(void *ctx) {
  pack_expect(ctx);
}

static struct bufferevent *pair[2], *filtered, *compat_bev;

static void start_bufferevents(void) {
  bufferevent_pair_new(base, 0, pair);
  bufferevent_setcb(pair[1], on_read, on_write, on_bev_event, "bufferevent_setcb");
  bufferevent_enable(pair[1], EV_READ);
  filtered = bufferevent_filter_new(pair[0], pass, pass, 0, free_ctx, "bufferevent_filter_new");
  compat_bev = bufferevent_new(-1, on_read, on_write, on_bev_event, "bufferevent_new");
}

static void finish_bufferevents(void) {
  bufferevent_data_cb r = NULL, w = NULL;
  bufferevent_event_cb e = NULL;
  bufferevent_getcb(pair[1], &r, &w, &e, NULL);
  if (r != on_read || w != on_write || e != on_bev_event)
    abort();
  bufferevent_free(filtered); /* the context's free function */
  bufferevent_free(pair[1]);
  bufferevent_free(compat_bev);
}

/* ---- listeners */
static void on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *a, int len,
                      void *arg) {
  (void)l;
  (void)a;
  (void)len;
  pack_expect(arg);
  evutil_closesocket(fd);
}
static void on_listen_error(struct evconnlistener *l, void *arg) {
  (void)l;
  (void)arg;
}

static struct evconnlistener *listener, *listener2;
static struct sockaddr_in listen_addr;

static void start_listeners(void) {
  memset(&listen_addr, 0, sizeof listen_addr);
  listen_addr.sin_family = AF_INET;
  listen_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  listener = evconnlistener_new_bind(base, on_accept, "unused", LEV_OPT_CLOSE_ON_FREE, -1,
                                     (struct sockaddr *)&listen_addr, sizeof listen_addr);
  socklen_t len = sizeof listen_addr;
  getsockname(evconnlistener_get_fd(listener), (struct sockaddr *)&listen_addr, &len);
  evconnlistener_set_cb(listener, on_accept, "evconnlistener_set_cb");
  evconnlistener_set_error_cb(listener, on_listen_error);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  listener2 =
      evconnlistener_new(base, on_accept, "evconnlistener_new", LEV_OPT_CLOSE_ON_FREE, 1, fd);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(c, (struct sockaddr *)&listen_addr, sizeof listen_addr) != 0)
    abort();
  close(c);
}

/* ---- DNS: a server port answers nothing; the resolves time out or fail */
static void on_resolved(int result, char type, int count, int ttl, void *addresses, void *arg) {
  (void)result;
  (void)type;
  (void)count;
  (void)ttl;
  (void)addresses;
  pack_expect_if_called(arg);
}
static void on_addrinfo(int result, struct evutil_addrinfo *res, void *arg) {
  (void)result;
  if (res)
    evutil_freeaddrinfo(res);
  pack_expect_if_called(arg);
}
static void on_dns_request(struct evdns_server_request *req, void *arg) {
  pack_expect_if_called(arg);
  evdns_server_request_drop(req);
}

static struct evdns_base *dns;
static struct evdns_server_port *port, *port2;

static void start_dns(void) {
  dns = evdns_base_new(base, 0);
  struct in_addr a4 = {htonl(INADDR_LOOPBACK)};
  struct in6_addr a6 = IN6ADDR_LOOPBACK_INIT;
  evdns_base_resolve_ipv4(dns, "localhost", 0, on_resolved, "evdns_base_resolve_ipv4");
  evdns_base_resolve_ipv6(dns, "localhost", 0, on_resolved, "evdns_base_resolve_ipv6");
  evdns_base_resolve_reverse(dns, &a4, 0, on_resolved, "evdns_base_resolve_reverse");
  evdns_base_resolve_reverse_ipv6(dns, &a6, 0, on_resolved, "evdns_base_resolve_reverse_ipv6");
  evdns_getaddrinfo(dns, "localhost", NULL, NULL, on_addrinfo, "evdns_getaddrinfo");
  evdns_resolve_ipv4("localhost", 0, on_resolved, "evdns_resolve_ipv4");
  evdns_resolve_ipv6("localhost", 0, on_resolved, "evdns_resolve_ipv6");
  evdns_resolve_reverse(&a4, 0, on_resolved, "evdns_resolve_reverse");
  evdns_resolve_reverse_ipv6(&a6, 0, on_resolved, "evdns_resolve_reverse_ipv6");
  port = evdns_add_server_port_with_base(base, socket(AF_INET, SOCK_DGRAM, 0), 0, on_dns_request,
                                         "evdns_add_server_port_with_base");
  port2 = evdns_add_server_port(socket(AF_INET, SOCK_DGRAM, 0), 0, on_dns_request,
                                "evdns_add_server_port");
}

static void finish_dns(void) {
  evdns_close_server_port(port);
  evdns_close_server_port(port2);
  evdns_base_free(dns, 1);
}

/* ---- HTTP: a server and one request to it */
static void on_chunk_written(struct evhttp_connection *c, void *arg) {
  (void)c;
  pack_expect_if_called(arg);
}
static void on_path(struct evhttp_request *req, void *arg) {
  pack_expect(arg);
  evhttp_send_reply_start(req, 200, "OK");
  struct evbuffer *b = evbuffer_new();
  evbuffer_add(b, "chunk", 5);
  evhttp_send_reply_chunk_with_cb(req, b, on_chunk_written, "evhttp_send_reply_chunk_with_cb");
  evbuffer_free(b);
  evhttp_send_reply_end(req);
}
static void on_gen(struct evhttp_request *req, void *arg) {
  (void)arg;
  evhttp_send_error(req, 404, NULL);
}
static struct bufferevent *make_bev(struct event_base *b, void *arg) {
  pack_expect_if_called(arg);
  return bufferevent_socket_new(b, -1, BEV_OPT_CLOSE_ON_FREE);
}
static void on_bound(struct evhttp_bound_socket *s, void *arg) {
  (void)s;
  (void)arg;
}

static void on_response(struct evhttp_request *req, void *arg);
static void on_chunked(struct evhttp_request *req, void *arg) {
  (void)req;
  pack_expect_if_called(arg);
}
static int on_header(struct evhttp_request *req, void *arg) {
  (void)req;
  pack_expect_if_called(arg);
  return 0;
}
static void on_request_error(enum evhttp_request_error e, void *arg) {
  (void)e;
  pack_expect_if_called(arg);
}
static void on_complete(struct evhttp_request *req, void *arg) {
  (void)req;
  pack_expect_if_called(arg);
}
static void on_conn_close(struct evhttp_connection *c, void *arg) {
  (void)c;
  pack_expect_if_called(arg);
}

static struct evhttp *http;
static struct evhttp_connection *conn;

static void on_response(struct evhttp_request *req, void *arg) {
  (void)req;
  pack_expect(arg);
  event_base_loopexit(base, NULL);
}

static void start_http(void) {
  http = evhttp_new(base);
  struct evhttp_bound_socket *s = evhttp_bind_socket_with_handle(http, "127.0.0.1", 0);
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  getsockname(evhttp_bound_socket_get_fd(s), (struct sockaddr *)&a, &len);
  evhttp_set_cb(http, "/a", on_path, "evhttp_set_cb");
  evhttp_set_gencb(http, on_gen, "evhttp_set_gencb");
  evhttp_set_bevcb(http, make_bev, "evhttp_set_bevcb");
  evhttp_foreach_bound_socket(http, on_bound, NULL);
  conn = evhttp_connection_base_new(base, NULL, "127.0.0.1", ntohs(a.sin_port));
  evhttp_connection_set_closecb(conn, on_conn_close, "evhttp_connection_set_closecb");
  struct evhttp_request *req = evhttp_request_new(on_response, "evhttp_request_new");
  evhttp_request_set_chunked_cb(req, on_chunked);
  evhttp_request_set_header_cb(req, on_header);
  evhttp_request_set_error_cb(req, on_request_error);
  evhttp_request_set_on_complete_cb(req, on_complete, "evhttp_request_set_on_complete_cb");
  evhttp_make_request(conn, req, EVHTTP_REQ_GET, "/a");
  struct evhttp_request *unused = evhttp_request_new(on_response, "unused");
  evhttp_request_free(unused);
}

static void finish_http(void) {
  evhttp_connection_free(conn);
  evhttp_free(http);
}

/* ---- RPC: registrations only (no request is sent) */
static void on_rpc(struct evrpc_req_generic *req, void *arg) {
  (void)arg;
  evrpc_request_done(req);
}
static void on_rpc_reply(struct evrpc_status *st, void *request, void *reply, void *arg) {
  (void)st;
  (void)request;
  (void)reply;
  pack_expect_if_called(arg);
}
static void *msg_new(void *arg) {
  (void)arg;
  return calloc(1, 1);
}
static void msg_free(void *msg) {
  free(msg);
}
static int msg_unmarshal(void *msg, struct evbuffer *b) {
  (void)msg;
  (void)b;
  return 0;
}
static int msg_complete(void *msg) {
  (void)msg;
  return 0;
}
static void msg_marshal(struct evbuffer *b, void *msg) {
  (void)b;
  (void)msg;
}
static void msg_clear(void *msg) {
  (void)msg;
}
static int rpc_hook(void *ctx, struct evhttp_request *req, struct evbuffer *b, void *arg) {
  (void)ctx;
  (void)req;
  (void)b;
  (void)arg;
  return EVRPC_CONTINUE;
}

static struct evrpc_base *rpc_base;
static struct evrpc_pool *rpc_pool;
static struct evhttp *rpc_http;

static void start_rpc(void) {
  rpc_http = evhttp_new(base);
  struct evhttp_bound_socket *s = evhttp_bind_socket_with_handle(rpc_http, "127.0.0.1", 0);
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  getsockname(evhttp_bound_socket_get_fd(s), (struct sockaddr *)&a, &len);
  rpc_base = evrpc_init(rpc_http);
  evrpc_register_generic(rpc_base, "Pack", on_rpc, NULL, msg_new, NULL, msg_free, msg_unmarshal,
                         msg_new, NULL, msg_free, msg_complete, msg_marshal);
  struct evrpc *rpc = calloc(1, sizeof *rpc);
  rpc->uri = strdup("/.rpc.Pack2");
  evrpc_register_rpc(rpc_base, rpc, on_rpc, NULL);
  evrpc_add_hook(rpc_base, EVRPC_INPUT, rpc_hook, NULL);
  rpc_pool = evrpc_pool_new(base);
  /* A pool's connection gets its base from the pool (http_compat.h). */
  evrpc_pool_add_connection(rpc_pool, evhttp_connection_new("127.0.0.1", ntohs(a.sin_port)));
  struct evrpc_request_wrapper *ctx =
      evrpc_make_request_ctx(rpc_pool, NULL, NULL, "Pack", msg_marshal, msg_clear, msg_unmarshal,
                             on_rpc_reply, "evrpc_make_request_ctx");
  evrpc_request_set_cb(ctx, on_rpc_reply, "evrpc_request_set_cb");
  evrpc_make_request(ctx); /* sends it; the wrapper is freed with its reply */
  evrpc_send_request_generic(rpc_pool, NULL, NULL, on_rpc_reply, "evrpc_send_request_generic",
                             "Pack", msg_marshal, msg_clear, msg_unmarshal);
}

static void finish_rpc(void) {
  evrpc_unregister_rpc(rpc_base, "Pack");
  evrpc_free(rpc_base);
  evrpc_pool_free(rpc_pool);
  evhttp_free(rpc_http);
}

static void *register_all(void *arg) {
  (void)arg;
  start_events();
  start_buffers();
  start_bufferevents();
  start_listeners();
  start_dns();
  start_http();
  start_rpc();
  return NULL;
}

int main(void) {
  pack_init();
  hooks();
  base = event_init(); /* the global base event_once, evdns_resolve_* use */
  evdns_init();
  alarm(30);
  actx_storage_run(pack_storage, PACK_VALUE, register_all, NULL);
  bufferevent_write(pair[0], "x", 1);
  finish_buffers();
  event_base_dispatch(base); /* until the HTTP response */
  struct timeval tick = {0, 20000};
  event_base_loopexit(base, &tick);
  event_base_dispatch(base);
  finish_events();
  actx_storage_run(pack_storage, PACK_VALUE, finalize_events, NULL);
  finish_bufferevents();
  finish_dns();
  finish_http();
  finish_rpc();
  evconnlistener_free(listener);
  evconnlistener_free(listener2);
  event_base_loop(base, EVLOOP_NONBLOCK);
  close(segment_fd);
  /* timers 5; buffers 3; filter context 1; accept 1; HTTP path + response 2;
   * finalize 2 */
  return pack_finish("libevent", 5 + 3 + 1 + 1 + 2 + 2);
}
