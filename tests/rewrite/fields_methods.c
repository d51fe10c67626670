/* Stores that are no loss of context: the methods of an object (a record
 * with two or more function pointer fields, the function taking a pointer
 * to it: left-method) and process-wide hooks (a global or static function
 * pointer: left-hook).  Still findings: a record with one function pointer
 * (a per-operation completion callback), a record whose functions do not
 * take it, a global struct's field, and a method field given a parameter (a
 * setter: the function comes from its callers, as bufferevent_setcb's do).
 * A field rule wins over the method rule. */
#include <fake_uv.h>

typedef struct conn conn;
struct conn {
  int (*try_read)(conn *c);
  long (*read)(conn *c, void *buf, unsigned long n);
  long (*write)(const struct conn *c, const void *buf, unsigned long n);
  void (*on_close)(conn *c);
};
typedef struct queue queue;
typedef void (*queue_cb)(queue *q);
typedef struct {
  queue_cb submit;
  queue_cb complete;
} queue_ops;
struct task {
  void (*cb)(struct task *t);
  void *data;
};
struct server {
  void (*on_error)(int code);
  int port;
};

static int read_ascii(conn *c) { (void)c; return 0; }
static long tcp_read(conn *c, void *buf, unsigned long n) { (void)c; (void)buf; return (long)n; }
static long tcp_write(const conn *c, const void *buf, unsigned long n) {
  (void)c;
  (void)buf;
  return (long)n;
}
static void closed(conn *c) { (void)c; }
static void submit(queue *q) { (void)q; }
static void done(struct task *t) { (void)t; }
static void failed(int code) { (void)code; }
static unsigned hash_a(const void *key, unsigned long n) { (void)key; return (unsigned)n; }

unsigned (*hash)(const void *key, unsigned long n);
struct server server;

void setup(conn *c, queue_ops *q, struct task *t) {
  static void (*on_fail)(int);
  conn spare = {.try_read = read_ascii, .read = tcp_read};
  c->try_read = read_ascii;
  c->read = tcp_read;
  c->write = tcp_write;
  c->on_close = closed;
  q->submit = submit;
  t->cb = done;
  hash = hash_a;
  on_fail = failed;
  server.on_error = failed;
  (void)spare;
  (void)on_fail;
}

void conn_set_reader(conn *c, int (*reader)(conn *c)) {
  c->try_read = reader;
}
