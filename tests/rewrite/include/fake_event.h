/* fake_event.h -- the slice of libevent 2 the golden tests call (same
 * prototypes and macros as event2/event.h, bufferevent.h, listener.h, http.h). */
#ifndef FAKE_EVENT_H
#define FAKE_EVENT_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef int evutil_socket_t;
struct event_base;
struct event;
struct bufferevent;
struct evconnlistener;
struct evhttp;
struct evhttp_request;
struct sockaddr;
struct timeval;

typedef void (*event_callback_fn)(evutil_socket_t, short, void *);
typedef void (*bufferevent_data_cb)(struct bufferevent *bev, void *ctx);
typedef void (*bufferevent_event_cb)(struct bufferevent *bev, short what, void *ctx);
typedef void (*evconnlistener_cb)(struct evconnlistener *, evutil_socket_t, struct sockaddr *,
                                  int socklen, void *);

#define EV_TIMEOUT 0x01
#define EV_READ 0x02
#define EV_SIGNAL 0x08
#define EV_PERSIST 0x10

struct event *event_new(struct event_base *, evutil_socket_t, short, event_callback_fn, void *);
int event_assign(struct event *, struct event_base *, evutil_socket_t, short, event_callback_fn,
                 void *);
void event_free(struct event *);
int event_add(struct event *ev, const struct timeval *timeout);
int event_base_once(struct event_base *, evutil_socket_t, short, event_callback_fn, void *,
                    const struct timeval *);
void bufferevent_setcb(struct bufferevent *bufev, bufferevent_data_cb readcb,
                       bufferevent_data_cb writecb, bufferevent_event_cb eventcb, void *cbarg);
void bufferevent_free(struct bufferevent *bufev);
typedef void (*evbuffercb)(struct bufferevent *, void *);
typedef void (*everrorcb)(struct bufferevent *, short what, void *);
struct bufferevent *bufferevent_new(evutil_socket_t fd, evbuffercb readcb, evbuffercb writecb,
                                    everrorcb errorcb, void *cbarg);
struct evconnlistener *evconnlistener_new_bind(struct event_base *base, evconnlistener_cb cb,
                                               void *ptr, unsigned flags, int backlog,
                                               const struct sockaddr *sa, int socklen);
void evconnlistener_free(struct evconnlistener *lev);
void evconnlistener_set_cb(struct evconnlistener *lev, evconnlistener_cb cb, void *arg);
void evhttp_set_cb(struct evhttp *http, const char *path, void (*cb)(struct evhttp_request *, void *),
                   void *cb_arg);
void evhttp_free(struct evhttp *http);
typedef void (*evconnlistener_errorcb)(struct evconnlistener *, void *);
void evconnlistener_set_error_cb(struct evconnlistener *lev, evconnlistener_errorcb errorcb);
struct evhttp_request *evhttp_request_new(void (*cb)(struct evhttp_request *, void *), void *arg);
void evhttp_request_set_chunked_cb(struct evhttp_request *, void (*cb)(struct evhttp_request *, void *));
void *event_self_cbarg(void);
typedef void (*event_finalize_callback_fn)(struct event *, void *);
int event_finalize(unsigned, struct event *, event_finalize_callback_fn);
int event_free_finalize(unsigned, struct event *, event_finalize_callback_fn);
event_callback_fn event_get_callback(const struct event *ev);
void *event_get_callback_arg(const struct event *ev);
void event_get_assignment(const struct event *event, struct event_base **base_out,
                          evutil_socket_t *fd_out, short *events_out,
                          event_callback_fn *callback_out, void **arg_out);
void bufferevent_getcb(struct bufferevent *bufev, bufferevent_data_cb *readcb_ptr,
                       bufferevent_data_cb *writecb_ptr, bufferevent_event_cb *eventcb_ptr,
                       void **cbarg_ptr);

/* Deprecated libevent 1 API and buffers. */
struct evbuffer;
typedef void (*evbuffer_ref_cleanup_cb)(const void *data, __SIZE_TYPE__ datalen, void *extra);
void event_set(struct event *, evutil_socket_t, short, void (*)(evutil_socket_t, short, void *), void *);
int evbuffer_add_reference(struct evbuffer *outbuf, const void *data, __SIZE_TYPE__ datlen,
                           evbuffer_ref_cleanup_cb cleanupfn, void *cleanupfn_arg);
void event_set_log_callback(void (*cb)(int severity, const char *msg));

#define evtimer_assign(ev, b, cb, arg) event_assign((ev), (b), -1, 0, (cb), (arg))
#define evtimer_new(b, cb, arg) event_new((b), -1, 0, (cb), (arg))
#define evsignal_new(b, x, cb, arg) event_new((b), (x), EV_SIGNAL | EV_PERSIST, (cb), (arg))

#endif
