#include "CSupervisor.h"

#include <signal.h>
#include <sys/prctl.h>

int csupervisor_die_with_parent(void) {
    return prctl(PR_SET_PDEATHSIG, SIGKILL);
}
