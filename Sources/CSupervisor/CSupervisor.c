#include "CSupervisor.h"

#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>

int csupervisor_die_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGKILL);
}

int csupervisor_one_malloc_arena(void) {
    return mallopt(M_ARENA_MAX, 1);
}
