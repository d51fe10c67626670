/* bind-unwind.h -- the C helpers test-bind-unwind.cpp calls. */
#ifdef __cplusplus
extern "C" {
#endif
int (*bind_typed(int (*fn)(int)))(int);
int (*box_thunk(void))(void *, int);
void *box_once(int (*fn)(void *, int), void *data);
int call_through_c(int (*fn)(int), int x);
#ifdef __cplusplus
}
#endif
