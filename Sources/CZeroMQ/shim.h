// CZeroMQ: Debian's libzmq (libzmq3-dev), the transport of the Jupyter kernel's sockets.
#include <zmq.h>
