// forwarders: the libzmq functions the kernel calls, opening the library on the first
// call (see CLazyLibrary.h). zmq.h declares them with default visibility, so these
// keep it (ANIS_FORWARD_VISIBILITY).
#define ANIS_FORWARD_VISIBILITY
#include "CZeroMQ.h"
#include "CLazyLibrary.h"

ANIS_LAZY_LIBRARY(zmq, "ZeroMQ", "install libzmq5 (scripts/setup.sh)", "libzmq.so.5");

int anis_zmq_load(void) { return anis_lazy_open(&zmq); }
const char *anis_zmq_load_error(void) { return anis_lazy_error(&zmq); }

#define F(type, name, params, args) ANIS_FORWARD(zmq, type, name, params, args)

F(int, zmq_errno, (void), ())
F(const char *, zmq_strerror, (int e), (e))
F(void *, zmq_ctx_new, (void), ())
F(int, zmq_ctx_term, (void *c), (c))
F(void *, zmq_socket, (void *c, int type), (c, type))
F(int, zmq_setsockopt, (void *s, int option, const void *value, size_t length), (s, option, value, length))
F(int, zmq_bind, (void *s, const char *address), (s, address))
F(int, zmq_close, (void *s), (s))
F(int, zmq_send, (void *s, const void *buffer, size_t length, int flags), (s, buffer, length, flags))
F(int, zmq_poll, (zmq_pollitem_t * items, int count, long timeout), (items, count, timeout))
F(int, zmq_proxy, (void *frontend, void *backend, void *capture), (frontend, backend, capture))
F(int, zmq_msg_init, (zmq_msg_t * m), (m))
F(int, zmq_msg_recv, (zmq_msg_t * m, void *s, int flags), (m, s, flags))
F(int, zmq_msg_close, (zmq_msg_t * m), (m))
F(void *, zmq_msg_data, (zmq_msg_t * m), (m))
F(size_t, zmq_msg_size, (const zmq_msg_t *m), (m))
F(int, zmq_msg_more, (const zmq_msg_t *m), (m))
