// lazy_library: opening a library on first use (see CLazyLibrary.h).
#include "CLazyLibrary.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int anis_lazy_open(anis_lazy_library *lib) {
    int status = __atomic_load_n(&lib->status, __ATOMIC_ACQUIRE);
    if (status != 1) return status;
    pthread_mutex_lock(&lib->lock);
    if (lib->status == 1) {
        status = 0;
        for (int i = 0; lib->sonames[i]; i++) {
            lib->handles[i] = dlopen(lib->sonames[i], RTLD_LAZY | RTLD_LOCAL);
            if (!lib->handles[i]) {
                const char *why = dlerror();
                snprintf(lib->error, sizeof lib->error, "cannot load %s (%s); %s", lib->what,
                         why ? why : lib->sonames[i], lib->install_hint);
                status = -1;
                break;
            }
        }
        __atomic_store_n(&lib->status, status, __ATOMIC_RELEASE);
    }
    status = lib->status;
    pthread_mutex_unlock(&lib->lock);
    return status;
}

const char *anis_lazy_error(anis_lazy_library *lib) {
    return __atomic_load_n(&lib->status, __ATOMIC_ACQUIRE) == -1 ? lib->error : "";
}

void *anis_lazy_symbol(anis_lazy_library *lib, const char *name) {
    if (anis_lazy_open(lib) != 0) {
        fprintf(stderr, "anis: %s\n", lib->error);
        exit(70);
    }
    for (int i = 0; lib->sonames[i]; i++) {
        void *f = dlsym(lib->handles[i], name);
        if (f) return f;
    }
    fprintf(stderr, "anis: %s (%s) lacks %s\n", lib->what, lib->sonames[0], name);
    exit(70);
}
