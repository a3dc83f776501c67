// CZeroMQ: Debian's libzmq (libzmq3-dev), the transport of the Jupyter kernel's
// sockets, opened when `anis kernel` starts (see CLazyLibrary.h) rather than by every
// run of anis.
#ifndef ANIS_CZEROMQ_H
#define ANIS_CZEROMQ_H

#include <zmq.h>

/// Opens libzmq if not done yet: 0, or -1 with a message from anis_zmq_load_error().
int anis_zmq_load(void);
const char *anis_zmq_load_error(void);

#endif
