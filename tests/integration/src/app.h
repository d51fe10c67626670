/* app.h -- a local header: editing it must re-run the rewriter (depfiles). */
#define APP_REQUEST_ID 42
