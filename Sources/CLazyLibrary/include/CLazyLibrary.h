// CLazyLibrary: a shared library opened on first use instead of at start-up.
//
// Every library on the executable's link line is loaded and relocated before main, so
// a snippet such as `anis -e 1` would pay for Cairo, Pango and GLib (plots to files)
// and ZeroMQ and libcrypto (the Jupyter kernel) that it never calls. The modules that
// wrap those libraries (CCairo, CZeroMQ, CCrypto) instead define the functions anis
// calls, with the libraries' own names and prototypes (checked by the compiler against
// the real headers), as hidden forwarders: the first call opens the library and looks
// the function up, later calls jump straight to it. Hidden, the forwarders never
// interpose on the libraries' own symbols.
#ifndef ANIS_CLAZYLIBRARY_H
#define ANIS_CLAZYLIBRARY_H

#include <pthread.h>

/// One library (and the sonames it is opened by, in order; symbols are looked up in
/// each). Define one per module with ANIS_LAZY_LIBRARY.
typedef struct {
    const char *what;         // "Cairo/Pango", for messages
    const char *install_hint; // "install libcairo2 and libpango-1.0-0"
    const char *sonames[6];   // NULL-terminated
    void *handles[6];
    pthread_mutex_t lock;
    int status;               // 1 not tried, 0 loaded, -1 failed
    char error[512];
} anis_lazy_library;

#define ANIS_LAZY_LIBRARY(var, whatText, hint, ...)                                       \
    static anis_lazy_library var = {.what = whatText, .install_hint = hint,               \
                                    .sonames = {__VA_ARGS__, 0}, .lock = PTHREAD_MUTEX_INITIALIZER, .status = 1}

/// Opens the library's sonames if not done yet; 0, or -1 with anis_lazy_error's message.
int anis_lazy_open(anis_lazy_library *lib);
const char *anis_lazy_error(anis_lazy_library *lib);

/// The address of `name`, opening the library first. A missing library or symbol is an
/// installation fault, not a user error: it is reported and the process exits (70), as
/// the dynamic linker would have done had the library been linked.
void *anis_lazy_symbol(anis_lazy_library *lib, const char *name);

#define ANIS_LAZY_RESOLVED(lib, name)                                                    \
    static __typeof__(&name) anis_resolved_;                                             \
    __typeof__(&name) anis_f_ = __atomic_load_n(&anis_resolved_, __ATOMIC_ACQUIRE);      \
    if (!anis_f_) {                                                                      \
        anis_f_ = (__typeof__(&name))anis_lazy_symbol(&lib, #name);                      \
        __atomic_store_n(&anis_resolved_, anis_f_, __ATOMIC_RELEASE);                    \
    }

/// Forwarders are hidden unless the library's header insists on default visibility
/// (zmq.h does; an executable exports no symbols anyway, and a forwarder looks the
/// function up in the library's own handle, so it never finds itself).
#ifndef ANIS_FORWARD_VISIBILITY
#define ANIS_FORWARD_VISIBILITY __attribute__((visibility("hidden")))
#endif

/// A forwarder for `type name params` that calls the library's `name` with `args`.
#define ANIS_FORWARD(lib, type, name, params, args)                                      \
    ANIS_FORWARD_VISIBILITY type name params {                                           \
        ANIS_LAZY_RESOLVED(lib, name)                                                    \
        return anis_f_ args;                                                                   \
    }

#define ANIS_FORWARD_VOID(lib, name, params, args)                                       \
    ANIS_FORWARD_VISIBILITY void name params {                                           \
        ANIS_LAZY_RESOLVED(lib, name)                                                    \
        anis_f_ args;                                                                          \
    }

#endif
