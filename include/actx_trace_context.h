/* actx_trace_context.h -- W3C Trace Context and W3C Baggage: the headers
 * that carry a request's context from one process to the next.
 *
 * actx carries context inside a process; across a process boundary it travels
 * as text in request headers:
 *
 *   traceparent  00-<trace id, 32 hex>-<parent span id, 16 hex>-<flags, 2 hex>
 *   tracestate   vendor entries, "key=value" separated by commas (at most 32)
 *   baggage      application entries, "key=value;property" separated by commas
 *
 * This header parses and formats the three (W3C Trace Context, W3C Baggage)
 * and makes new span ids.  Nothing here allocates: tracestate and baggage are
 * parsed into arrays the caller provides, whose entries point into the parsed
 * text.  Keep a parsed context in an actx storage (docs/api.md, "Trace context
 * across processes") and the rewriter carries it to every callback.
 *
 * Errors: int functions return a count or 0 on success, a negative ACTX_E*
 * code on failure; they accept NULL arguments (ACTX_EINVAL).
 */
#ifndef ACTX_TRACE_CONTEXT_H
#define ACTX_TRACE_CONTEXT_H

#include "actx.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ traceparent */

/* The length of a version-00 traceparent, without its NUL. */
#define ACTX_TRACEPARENT_LEN 55
/* trace-flags bit 0: the caller may have recorded trace data. */
#define ACTX_TRACE_FLAG_SAMPLED 0x01

/* One position in a distributed trace: which trace, which span in it.  No
 * version field: a parsed header of a higher version is read by the version-00
 * rules and is sent on as version 00, as the spec requires. */
typedef struct actx_trace_context {
  uint8_t trace_id[16]; /* the whole trace; never all zero */
  uint8_t span_id[8];   /* this span (the "parent-id" sent to the next hop); never all zero */
  uint8_t flags;        /* trace-flags, as received or given (ACTX_TRACE_FLAG_SAMPLED) */
} actx_trace_context;

/* Parses a traceparent field value of `len` bytes (no NUL needed) by the W3C
 * rules: lowercase hex only; version ff is invalid; trace id and parent id
 * must not be all zero; version 00 is exactly 55 characters; a higher version
 * is read by the 00 rules from its first 55 characters, which must be followed
 * by '-' or the end.  Spaces and tabs around the value (HTTP's optional
 * whitespace) are ignored.  0, or ACTX_EINVAL (then `out` is unchanged). */
ACTX_EXTERN int actx_traceparent_parse(const char *s, size_t len, actx_trace_context *out);

/* Writes the version-00 form of `tc` and a NUL into buf (56 bytes hold it)
 * and returns 55.  Like snprintf, a smaller `size` gets what fits and a NUL
 * (nothing at all when size is 0), and the return value is still 55; NULL
 * `tc` writes "" when it can and returns 0. */
ACTX_EXTERN size_t actx_traceparent_format(const actx_trace_context *tc, char *buf, size_t size);

/* A new trace: random trace id and span id (never all zero), the given flags.
 * 0; ACTX_EINVAL for NULL `out`; ACTX_ENOTSUP when neither getrandom() nor
 * /dev/urandom gives random bytes. */
ACTX_EXTERN int actx_trace_context_new_root(actx_trace_context *out, uint8_t flags);

/* A child span of `parent`: the same trace id, a new random span id, and the
 * parent's sampled flag (other flag bits are cleared, as the spec asks of a
 * span's own flags).  `out` may be `parent`.  0, ACTX_EINVAL, ACTX_ENOTSUP (as above). */
ACTX_EXTERN int actx_trace_context_child(const actx_trace_context *parent, actx_trace_context *out);

/* ------------------------------------------------------------ tracestate */

#define ACTX_TRACESTATE_MAX_MEMBERS 32 /* list-members in one tracestate */
#define ACTX_TRACESTATE_MAX_KEY 256    /* characters in a key */
#define ACTX_TRACESTATE_MAX_VALUE 256  /* characters in a value */

/* One list-member; key and value point into the parsed text (not NUL-terminated). */
typedef struct actx_tracestate_entry {
  const char *key; /* "vendor" or "tenant@system" */
  size_t key_len;  /* 1..256 */
  const char *value;
  size_t value_len; /* 1..256; leading spaces kept, trailing ones dropped */
} actx_tracestate_entry;

/* Parses a tracestate field value (several tracestate fields joined with ','
 * make one).  Empty and whitespace-only members are skipped.  Returns the
 * number of members, 0..32, and stores the first min(that, cap) of them in
 * `out`, in order; ACTX_EINVAL for a malformed member, a duplicate key or more
 * than 32 members (then `out` is unchanged).  `out` may be NULL when cap is 0. */
ACTX_EXTERN int actx_tracestate_parse(const char *s, size_t len, actx_tracestate_entry *out,
                                      size_t cap);

/* Writes entries[0..n) as "key=value,key=value" and a NUL.  Returns the length
 * of the whole text (without the NUL); like snprintf, a smaller `size` gets what
 * fits and a NUL.  ACTX_EINVAL when an entry's key or value breaks the grammar,
 * a key repeats or n > 32 (then buf holds "" when size > 0). */
ACTX_EXTERN int actx_tracestate_format(const actx_tracestate_entry *entries, size_t n, char *buf,
                                       size_t size);

/* The spec's update of a vendor's own entry: `key=value` becomes entries[0],
 * an older entry with the same key is removed, the others keep their order
 * after it, and when that makes more than min(cap, 32) entries the rightmost
 * are dropped.  `key` and `value` are not copied (they must outlive the
 * entries).  Returns the new count; ACTX_EINVAL (entries unchanged) for an
 * invalid key or value, n > cap, or cap 0. */
ACTX_EXTERN int actx_tracestate_put(actx_tracestate_entry *entries, size_t n, size_t cap,
                                    const char *key, size_t key_len, const char *value,
                                    size_t value_len);

/* ------------------------------------------------------------ baggage */

#define ACTX_BAGGAGE_MAX_MEMBERS 180 /* list-members the grammar allows */
#define ACTX_BAGGAGE_MAX_BYTES 8192  /* bytes in one baggage field value */

/* One list-member, as on the wire: the value is still percent-encoded
 * (actx_baggage_decode() decodes it), the properties are the raw text after
 * the value's first ';' ("p1;p2=v"), or empty. */
typedef struct actx_baggage_entry {
  const char *key; /* an HTTP token */
  size_t key_len;
  const char *value; /* may be empty */
  size_t value_len;
  const char *properties; /* NULL or "" when there are none */
  size_t properties_len;
} actx_baggage_entry;

/* Parses a baggage field value (several baggage fields joined with ',' make
 * one).  Optional whitespace around keys, values, properties and separators is
 * trimmed.  Returns the number of members, 0..180 (an empty or blank value has
 * none), and stores the first min(that, cap) in `out`; ACTX_EINVAL for a
 * malformed member or property, an empty member, more than 180 members or more
 * than 8192 bytes (then `out` is unchanged).  Duplicate keys are allowed and
 * kept in order. */
ACTX_EXTERN int actx_baggage_parse(const char *s, size_t len, actx_baggage_entry *out, size_t cap);

/* Writes entries[0..n) as "key=value;properties,..." and a NUL.  Values must be
 * encoded already (actx_baggage_encode()).  Returns the length of the whole
 * text; like snprintf, a smaller `size` gets what fits and a NUL.  ACTX_EINVAL
 * for an invalid key, value or properties, n > 180, or a text longer than 8192
 * bytes (then buf holds "" when size > 0). */
ACTX_EXTERN int actx_baggage_format(const actx_baggage_entry *entries, size_t n, char *buf,
                                    size_t size);

/* Percent-encodes `len` bytes of `s` for a baggage value: bytes outside the
 * value's character set, and '%', become %XX.  Returns the encoded length
 * (without the NUL), writing what fits like snprintf. */
ACTX_EXTERN int actx_baggage_encode(const char *s, size_t len, char *buf, size_t size);

/* Decodes the %XX escapes of a baggage value.  Returns the decoded length,
 * writing what fits like snprintf (the result may hold NUL bytes);
 * ACTX_EINVAL for a '%' not followed by two hex digits. */
ACTX_EXTERN int actx_baggage_decode(const char *s, size_t len, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ACTX_TRACE_CONTEXT_H */
